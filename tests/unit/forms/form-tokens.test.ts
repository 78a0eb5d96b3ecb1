// One-time form tokens and receipt link keys: signed for one form, minimum fill time on submit, 24 h lifetime.
import { describe, expect, it } from 'vitest'
import {
  checkFormToken,
  issueFormToken,
  MIN_FILL_MS,
  receiptKey,
  tokenNonce,
} from '../../../workers/services/form-tokens'

const SECRET = 'unit-test-secret-0123456789abcdef0123456789'
const SCOPE = 'agency-demo|disclosure'
const T0 = Date.parse('2026-11-20T10:00:00+08:00')
const HOUR = 3_600_000

describe('form tokens', () => {
  it('accept their own form between pages at once, and on submit after the minimum fill time', async () => {
    const token = await issueFormToken(SECRET, SCOPE, T0)
    expect(await checkFormToken(SECRET, SCOPE, token, T0, { minFill: false })).toEqual({
      ok: true,
      nonce: tokenNonce(token),
    })
    expect(await checkFormToken(SECRET, SCOPE, token, T0 + MIN_FILL_MS, { minFill: true })).toMatchObject({
      ok: true,
    })
  })

  it.each([
    ['a submit faster than a person fills a form', 0, MIN_FILL_MS - 1, true, 'too_fast'],
    ['a token older than a day', 0, 24 * HOUR + 1, false, 'expired'],
    ['a token issued more than a minute in the future', 2 * 60_000, 0, false, 'invalid'],
  ])('refuse %s', async (_case, issuedAfter, checkedAfter, minFill, reason) => {
    const token = await issueFormToken(SECRET, SCOPE, T0 + issuedAfter)
    expect(await checkFormToken(SECRET, SCOPE, token, T0 + checkedAfter, { minFill })).toEqual({
      ok: false,
      reason,
    })
  })

  it('refuse another form, another secret and any edit', async () => {
    const token = await issueFormToken(SECRET, SCOPE, T0)
    const [issued, nonce, mac] = token.split('.')
    const check = (t: string, scope = SCOPE, secret = SECRET) =>
      checkFormToken(secret, scope, t, T0 + HOUR, { minFill: true })
    expect(await check(token, 'agency-demo|other-form')).toEqual({ ok: false, reason: 'invalid' })
    expect(await check(token, SCOPE, `${SECRET}-rotated`)).toEqual({ ok: false, reason: 'invalid' })
    expect(await check(`${(T0 - HOUR).toString(36)}.${nonce}.${mac}`)).toEqual({
      ok: false,
      reason: 'invalid',
    })
    expect(await check(`${issued}.${nonce}x.${mac}`)).toEqual({ ok: false, reason: 'invalid' })
    expect(await check('')).toEqual({ ok: false, reason: 'invalid' })
  })

  it('carry a fresh nonce each time (it becomes the idempotency key of the submission)', async () => {
    const a = tokenNonce(await issueFormToken(SECRET, SCOPE, T0))
    const b = tokenNonce(await issueFormToken(SECRET, SCOPE, T0))
    expect(a).toMatch(/^[A-Za-z0-9_-]{16,40}$/)
    expect(a).not.toBe(b)
  })
})

describe('receipt link keys', () => {
  it('are stable per reference and secret, and differ otherwise', async () => {
    const key = await receiptKey(SECRET, '2026-ABCD-EFGH')
    expect(await receiptKey(SECRET, '2026-ABCD-EFGH')).toBe(key)
    expect(await receiptKey(SECRET, '2026-ABCD-EFGJ')).not.toBe(key)
    expect(await receiptKey(`${SECRET}-rotated`, '2026-ABCD-EFGH')).not.toBe(key)
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/)
  })
})
