// Windows that run from receipt, end to end (issue 10): an Art. 34 consultation deemed consented when its window,
// counted from the consulted agency's receipt, ends in silence; the fee pause after the applicant's receipt of the
// notice; a new correction window granted for a good reason moves the clock's correction date; and the Art. 32
// notice to an overridden third party, rendered and downloadable.
import { env } from 'cloudflare:workers'
import { unzipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { runScheduled } from '../../../workers/index'
import { bearer, call } from '../helpers'
import { at, caseInCorrection, detail, newCase, ok, openAndAssign, token } from './case-helpers'

function docxText(bytes: Uint8Array): string {
  const xml = new TextDecoder().decode(unzipSync(bytes)['word/document.xml'])
  return [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('')
}

describe('windows that run from receipt', () => {
  it('Art. 34: counts the other agency’s 15 WD from its receipt, and deems consent when it ends in silence', async () => {
    // Case A: received Fri 2024-09-27, due Wed 2024-10-30.
    const { caseId } = await newCase(at('2024-09-27', 9))
    await openAndAssign(caseId, '2024-09-27')
    await ok(
      caseId,
      'handler',
      'consult-agency',
      { consultee: '示范县自然资源局', sentOn: '2024-10-09' },
      at('2024-10-09'),
    )
    // Received Fri 10-11: 15 WD from then (Sat 10-12 works) → Thu 10-31; from the letter it would be Tue 10-29.
    await ok(caseId, 'handler', 'record-consultee-receipt', { receivedOn: '2024-10-11' }, at('2024-10-14'))
    const open = await detail(caseId)
    expect(open.snapshot.consultations).toEqual([
      expect.objectContaining({
        kind: 'other_agency',
        consulteeReceivedOn: '2024-10-11',
        windowEndsOn: '2024-10-31',
      }),
    ])
    const early = await runScheduled(env, at('2024-10-31', 20))
    expect(early.sweep!.actions.filter((a) => a.caseId === caseId)).toEqual([])
    const run = await runScheduled(env, at('2024-11-01', 1))
    expect(run.sweep!.actions).toContainEqual({ caseId, action: 'consultation-lapsed' })
    const after = await detail(caseId, 'admin', at('2024-11-01', 10))
    expect(after.state).toBe('in_progress')
    const lapsed = after.events.find((e) => e.action === 'consultation-lapsed')!
    expect(lapsed.payload).toMatchObject({ windowEndsOn: '2024-10-31', consequence: 'deemed_consent' })
    // Not counted: 10-10 … 10-31 (17 WD) → the reply is due 17 WD after 10-30.
    expect(after.clock.excludedSpans).toEqual([
      expect.objectContaining({
        from: '2024-10-10',
        to: '2024-10-31',
        reason: 'other_agency',
        workingDays: 17,
      }),
    ])
    expect(after.dueOn).toBe('2024-11-22')
  })

  it('does not count the fee pause up to payment, within 20 WD of the applicant’s receipt of the notice', async () => {
    const { caseId } = await newCase(at('2024-09-27', 9))
    await openAndAssign(caseId, '2024-09-27')
    await ok(
      caseId,
      'handler',
      'issue-fee-notice',
      { method: 'per_page', count: 250, amountYuan: 4700 },
      at('2024-10-08'),
    )
    await ok(caseId, 'registrar', 'record-fee-notice-receipt', { receivedOn: '2024-10-10' }, at('2024-10-11'))
    // Paid Tue 11-05: after 20 WD from the notice (11-04), within 20 WD of its receipt (11-06).
    await ok(
      caseId,
      'registrar',
      'record-payment',
      { paidOn: '2024-11-05', amountYuan: 4700 },
      at('2024-11-05', 15),
    )
    const paid = await detail(caseId, 'admin', at('2024-11-05', 16))
    expect(paid.state).toBe('in_progress')
    expect(paid.clock.excludedSpans).toEqual([
      {
        from: '2024-10-09',
        to: '2024-11-05',
        reason: 'fee',
        workingDays: 21,
        closed: true,
        lapsed: false,
      },
    ])
    // 2024-10-30 + 21 WD.
    expect(paid.dueOn).toBe('2024-11-28')
  })

  it('moves the clock’s correction date to the new window a good reason earned', async () => {
    const { caseId } = await caseInCorrection()
    expect((await detail(caseId, 'admin', at('2024-10-08', 12))).clock).toMatchObject({
      correctionDueOn: '2024-10-14',
    })
    await runScheduled(env, at('2024-10-16', 1))
    await ok(
      caseId,
      'registrar',
      'grant-more-time',
      { reason: '申请人出差，提供了行程证明', workingDays: 5 },
      at('2024-10-16', 10),
    )
    const granted = await detail(caseId, 'admin', at('2024-10-16', 11))
    expect(granted.snapshot.correction).toMatchObject({ dueOn: '2024-10-23' })
    expect(granted.clock).toMatchObject({ status: 'awaiting_correction', correctionDueOn: '2024-10-23' })
    expect(granted.clock.excludedSpans).toEqual([
      expect.objectContaining({ reason: 'awaiting_correction', lapsed: false }),
    ])
    // The case page reads the same date.
    const row = await env.DB.prepare('SELECT next_timer_on FROM cases WHERE id = ?')
      .bind(caseId)
      .first<{ next_timer_on: string }>()
    expect(row?.next_timer_on).toBe('2024-10-24')
  })
})

describe('Art. 32: disclosing over a third party’s objection', () => {
  it('issues the written notice to the third party with the content and the reasons, downloadable as .docx', async () => {
    const { caseId } = await newCase(at('2024-10-08', 9))
    await openAndAssign(caseId, '2024-10-08')
    await ok(
      caseId,
      'handler',
      'consult-third-party',
      { consultee: '某建筑公司', matter: '示范县道路改造工程合同', sentOn: '2024-10-08' },
      at('2024-10-08', 14),
    )
    await ok(
      caseId,
      'handler',
      'receive-opinion',
      { receivedOn: '2024-10-09', position: 'objects' },
      at('2024-10-09'),
    )
    await ok(
      caseId,
      'handler',
      'draft-reply',
      {
        outcome: { code: 'disclosed', legalBasis: ['《条例》第三十六条第（二）项'], howToObtain: '邮寄' },
        secrecyReviewed: true,
        override: {
          disclosedContent: '合同金额与工期',
          reasons: '涉及公共资金使用，不公开可能对公共利益造成重大影响',
        },
      },
      at('2024-10-10'),
    )
    await ok(caseId, 'handler', 'submit-legal-review', {}, at('2024-10-10', 11))
    await ok(caseId, 'legal', 'legal-approve', {}, at('2024-10-10', 14))
    await ok(caseId, 'approver', 'approve', {}, at('2024-10-10', 15))
    const list = await call(`/api/v1/cases/${caseId}/letters`, bearer(await token('handler')))
    const items = (
      (await list.json()) as { items: { id: string; kind: string; status: string; number: string }[] }
    ).items
    const notice = items.find((l) => l.kind === 'third_party_override_notice')
    expect(notice).toMatchObject({ status: 'signed' })
    const res = await call(`/api/v1/letters/${notice!.id}/docx`, bearer(await token('handler')))
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('wordprocessingml')
    const text = docxText(new Uint8Array(await res.arrayBuffer()))
    expect(text).toContain('某建筑公司')
    expect(text).toContain('政府信息公开决定告知书')
    expect(text).toContain('第三十二条')
    expect(text).toContain('合同金额与工期')
    expect(text).toContain('涉及公共资金使用')
    expect(text).toContain(notice!.number)
  })
})
