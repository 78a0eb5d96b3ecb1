// Issue 11, Prove 1 for letters (the signing itself is 签发, an action: fault-injection-actions.test.ts): editing a
// draft, starting a correction (更正) of a signed letter, signing the correction (文号, .docx to R2, the case event)
// and recording 送达, each under a D1 failing or losing the answer of every statement up to its commit, and signing
// with R2 failing. The client gets a clear 503/4xx; an attempt writes nothing or its whole change once; the retry
// of a committed attempt changes nothing more.
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { json } from '../helpers'
import { at, newCase, ok, openAndAssign, token } from '../workflow/case-helpers'
import { clearFailure, failingR2, partialRows, send, sweepUntilCommit } from './faults'

const REFUSAL = {
  code: 'withheld_process_information',
  legalBasis: ['《中华人民共和国政府信息公开条例》第十六条第二款'],
  reasons: '所申请信息属于过程性信息。',
}

let caseId = ''

/** Everything a letter operation may write: the case's letters (status, version, 文号, delivery), events, audit. */
async function observe() {
  const letters = await env.DB.prepare(
    `SELECT id, status, updated_at AS version, edits, number, sha256, delivery FROM letters WHERE case_id = ? ORDER BY created_at, id`,
  )
    .bind(caseId)
    .all()
  const counts = await env.DB.prepare(
    `SELECT (SELECT count(*) FROM case_events WHERE case_id = ?) AS events,
       (SELECT count(*) FROM audit_log) AS audit, (SELECT count(*) FROM letters) AS letters,
       (SELECT count(*) FROM outbox) AS outbox`,
  )
    .bind(caseId)
    .first()
  return { letters: letters.results, counts }
}

async function replyLetter(status: string) {
  return (await env.DB.prepare(
    "SELECT id, updated_at AS version FROM letters WHERE case_id = ? AND kind = 'reply' AND status = ? ORDER BY created_at DESC",
  )
    .bind(caseId, status)
    .first<{ id: string; version: number }>())!
}

async function request(
  who: 'handler' | 'approver' | 'registrar',
  method: string,
  path: string,
  body: unknown,
  bindings = {},
) {
  return send(path, { ...json(body, { token: await token(who) }), method }, bindings)
}

describe('fault injection: letters', () => {
  beforeAll(async () => {
    ;({ caseId } = await newCase(at('2024-11-04', 9)))
    await openAndAssign(caseId, '2024-11-04')
    await ok(caseId, 'handler', 'draft-reply', { outcome: REFUSAL, secrecyReviewed: true }, at('2024-11-05'))
    for (const who of ['handler', 'approver', 'registrar'] as const) await token(who)
  })

  it('edit, correct, sign (D1 and R2 failing) and deliver: nothing or the whole change, once', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
    // Editing the draft reply's free text.
    const draft = await replyLetter('draft')
    const edit = (bindings = {}) =>
      request(
        'handler',
        'PUT',
        `/api/v1/letters/${draft.id}`,
        { edits: { reasons: '过程性信息。' }, version: draft.version },
        bindings,
      )
    const edited = await sweepUntilCommit('edit', edit, observe)
    expect(edited.points).toBeGreaterThan(2)
    expect((await replyLetter('draft')).version).not.toBe(draft.version)
    expect((await edit()).status).toBe(409)
    expect(await observe()).toEqual(edited.after)

    await ok(caseId, 'handler', 'submit-legal-review', {}, at('2024-11-05', 11))
    await ok(caseId, 'legal', 'legal-approve', {}, at('2024-11-05', 14))
    await ok(caseId, 'approver', 'approve', {}, at('2024-11-06'))
    const signed = await replyLetter('signed')

    // Recording 送达 of the signed reply.
    const deliver = (bindings = {}) =>
      request(
        'registrar',
        'POST',
        `/api/v1/letters/${signed.id}/delivery`,
        { method: 'post', servedOn: '2024-11-07' },
        bindings,
      )
    const delivered = await sweepUntilCommit('delivery', deliver, observe)
    expect(delivered.points).toBeGreaterThan(2)
    // The retry records the same 送达: 200, nothing written or audited twice.
    expect((await deliver()).status).toBe(200)
    expect(await observe()).toEqual(delivered.after)

    // Starting a correction: one new draft, whatever failed.
    const correct = (bindings = {}) =>
      request(
        'handler',
        'POST',
        `/api/v1/letters/${signed.id}/corrections`,
        { reason: '引用条款有误' },
        bindings,
      )
    const corrected = await sweepUntilCommit('correction', correct, observe)
    expect(corrected.points).toBeGreaterThan(2)
    const { letters: before } = corrected.before as { letters: unknown[] }
    const { letters: after } = corrected.after as { letters: unknown[] }
    expect(after.length).toBe(before.length + 1)
    expect((await correct()).status).toBe(409)
    expect(await observe()).toEqual(corrected.after)

    // Signing the correction: R2 failing first (a clear 503, nothing written, no 文号 taken), then D1 faults.
    const correction = await replyLetter('draft')
    const sign = (bindings = {}) =>
      request(
        'approver',
        'POST',
        `/api/v1/letters/${correction.id}/sign`,
        { version: correction.version },
        bindings,
      )
    const unsigned = await observe()
    const files = failingR2(env.FILES)
    const noR2 = await sign({ FILES: files.bucket })
    expect(files.state.puts).toBeGreaterThan(0)
    expect(await clearFailure(noR2)).toBeNull()
    expect(await observe()).toEqual(unsigned)
    const signing = await sweepUntilCommit('sign', sign, observe)
    expect(signing.points).toBeGreaterThan(2)
    const done = signing.after as {
      letters: { id: string; status: string; number: string | null }[]
      counts: { events: number }
    }
    expect(done.letters.find((l) => l.id === correction.id)).toMatchObject({ status: 'signed' })
    expect(done.counts.events).toBe((unsigned.counts as { events: number }).events + 1)
    expect((await sign()).status).toBe(409)
    expect(await observe()).toEqual(signing.after)
    // 文号 gapless: the two signed letters carry distinct numbers, none taken by a failed attempt.
    const numbers = done.letters.map((l) => l.number).filter(Boolean)
    expect(new Set(numbers).size).toBe(numbers.length)
    expect(await partialRows()).toBe(0)
    errors.mockRestore()
  }, 120_000)
})
