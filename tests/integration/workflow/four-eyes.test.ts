// Four-eyes review through the API: a user who holds every case role drafts a reply, and is refused (409, naming
// the rule, nothing written) when approving it in legal review and when signing it; two other people complete it.
import { describe, expect, it } from 'vitest'
import { postAction, staffToken } from './agency-staff'
import { at, detail, eventCount, newCase, ok } from './case-helpers'

const REFUSAL = {
  code: 'withheld_process_information',
  legalBasis: ['《中华人民共和国政府信息公开条例》第十六条第二款'],
  reasons: '过程性信息',
}

describe('four-eyes review', () => {
  it('refuses the drafter as legal reviewer and as signer; two others complete the reply', async () => {
    const everyRole = await staffToken(
      'agency-demo',
      ['registrar', 'handler', 'legal_reviewer', 'approver'],
      'four-eyes-all',
    )
    const { caseId } = await newCase(at('2024-10-08', 9))
    const step = async (token: string, action: string, body: Record<string, unknown>, now: number) => {
      const { version } = await detail(caseId)
      return postAction(caseId, token, action, { version, ...body }, now)
    }
    for (const [action, body] of [
      ['confirm-receipt', { channel: 'online', receivedOn: '2024-10-08' }],
      ['accept', {}],
      ['assign', { assigneeId: 'user-four-eyes-all' }],
      ['draft-reply', { outcome: REFUSAL, secrecyReviewed: true }],
      ['submit-legal-review', {}],
    ] as const) {
      const res = await step(everyRole, action, body, at('2024-10-09'))
      expect(res.status, `${action}: ${await res.clone().text()}`).toBe(200)
    }
    const before = await eventCount(caseId)
    const own = await step(everyRole, 'legal-approve', {}, at('2024-10-10'))
    expect(own.status).toBe(409)
    const error = ((await own.json()) as { error: { code: string; message: string } }).error
    expect(error.code).toBe('guard_failed')
    expect(error.message).toContain('四眼原则')
    expect(await eventCount(caseId)).toBe(before)

    await ok(caseId, 'legal', 'legal-approve', {}, at('2024-10-10', 11))
    const sign = await step(everyRole, 'approve', {}, at('2024-10-10', 14))
    expect(sign.status).toBe(409)
    await ok(caseId, 'approver', 'approve', {}, at('2024-10-10', 15))
    const d = await detail(caseId)
    expect(d.state).toBe('approved')
    expect(d.snapshot.review).toMatchObject({
      legal: { by: 'user-demo-legal' },
      approval: { by: 'user-demo-approver' },
    })
  })
})
