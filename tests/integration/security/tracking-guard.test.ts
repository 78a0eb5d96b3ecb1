// The 30-bit query code cannot be guessed by spreading tries over addresses: wrong codes are counted per reference,
// each further try waits longer, then the reference is locked — with the same answer whether it exists or not.
import { describe, expect, it } from 'vitest'
import { REFERENCE_GUARD } from '../../../workers/services/tracking'
import { call, json } from '../helpers'
import { at, newCase } from '../workflow/case-helpers'

function track(reference: string, code: string, ip: string, now: number) {
  const qs = new URLSearchParams({ reference, code })
  return call(`/api/v1/track?${qs}`, { headers: { 'cf-connecting-ip': ip, 'x-test-now': String(now) } })
}

async function answer(res: Response) {
  const body = (await res.json()) as { error: { code: string; message: string } }
  return { status: res.status, code: body.error.code, message: body.error.message }
}

describe('wrong query codes per reference', () => {
  it('60 wrong codes from 3 addresses are not all answered, and the right code is refused while locked', async () => {
    const c = await newCase(at('2025-03-03', 9))
    const t0 = at('2025-03-04', 9)
    const statuses: number[] = []
    for (let i = 0; i < 60; i++) {
      const wrong = `${'ABCDEFGHJK'[i % 10]}${'ABCDEFGHJK'[Math.floor(i / 10)]}AAAA`
      // One try every 20 seconds: slower than any back-off before the lock.
      statuses.push((await track(c.reference, wrong, `198.51.100.${200 + (i % 3)}`, t0 + i * 20_000)).status)
    }
    const lock = REFERENCE_GUARD.lockAfter
    expect(statuses).toEqual([...Array(lock).fill(404), ...Array(60 - lock).fill(429)])
    // Locked: even the right code from a fresh address is refused, until the lock ends.
    expect((await track(c.reference, c.queryCode, '198.51.100.250', t0 + 60 * 20_000)).status).toBe(429)
    const later = t0 + (lock - 1) * 20_000 + REFERENCE_GUARD.lockMs
    expect((await track(c.reference, c.queryCode, '198.51.100.250', later)).status).toBe(200)
  })

  it('backs off after the free failures: each further try must wait longer', async () => {
    const c = await newCase(at('2025-03-05', 9))
    const t0 = at('2025-03-06', 9)
    for (let i = 0; i < REFERENCE_GUARD.freeFailures; i++) {
      expect((await track(c.reference, `${'ABCDE'[i]}AAAAA`, '198.51.100.10', t0)).status).toBe(404)
    }
    expect((await track(c.reference, c.queryCode, '198.51.100.11', t0 + 500)).status).toBe(429)
    expect((await track(c.reference, c.queryCode, '198.51.100.11', t0 + 1_000)).status).toBe(200)
    // The right code clears the count.
    expect((await track(c.reference, 'ZZZZZZ', '198.51.100.11', t0 + 1_100)).status).toBe(404)
  })

  it('answers a locked reference exactly like a locked reference that does not exist', async () => {
    const c = await newCase(at('2025-03-07', 9))
    const unknown = '2025-ZZZZ-ZZZZ'
    const t0 = at('2025-03-08', 9)
    for (let i = 0; i < REFERENCE_GUARD.lockAfter; i++) {
      const now = t0 + i * 600_000
      expect(await answer(await track(c.reference, 'AAAAAA', `203.0.113.${i}`, now))).toEqual(
        await answer(await track(unknown, 'AAAAAA', `203.0.113.${i}`, now)),
      )
    }
    const lockedReal = await answer(await track(c.reference, c.queryCode, '203.0.113.200', t0 + 7_000_000))
    const lockedUnknown = await answer(await track(unknown, 'AAAAAA', '203.0.113.200', t0 + 7_000_000))
    expect(lockedReal.status).toBe(429)
    expect(lockedReal).toEqual(lockedUnknown)
  })

  it('counts withdrawals with a wrong code too', async () => {
    const c = await newCase(at('2025-03-10', 9))
    const t0 = at('2025-03-11', 9)
    const withdraw = (code: string, i: number) =>
      call(
        '/api/v1/track/withdraw',
        json(
          { reference: c.reference, code },
          { headers: { 'cf-connecting-ip': `192.0.2.${i}`, 'x-test-now': String(t0) } },
        ),
      )
    const statuses: number[] = []
    for (let i = 0; i < 8; i++) statuses.push((await withdraw(`${'ABCDEFGH'[i]}AAAAA`, i)).status)
    expect(statuses.slice(REFERENCE_GUARD.freeFailures)).toEqual([429, 429, 429])
  })
})
