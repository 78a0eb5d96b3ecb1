import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { act, at, detail, errorCode, eventCount, newCase, ok, openAndAssign, SECRECY } from './case-helpers'

const BASIS = ['《中华人民共和国政府信息公开条例》第三十六条']

/** Draft → legal review → approve → send → deliver; returns the final detail. */
async function replyWith(caseId: string, outcome: Record<string, unknown>, day = '2024-10-10') {
  await ok(caseId, 'handler', 'draft-reply', { outcome, ...SECRECY }, at(day, 9))
  await ok(caseId, 'handler', 'submit-legal-review', {}, at(day, 10))
  await ok(caseId, 'legal', 'legal-approve', {}, at(day, 11))
  await ok(caseId, 'approver', 'approve', {}, at(day, 14))
  await ok(caseId, 'registrar', 'send-reply', { sentOn: day }, at(day, 15))
  await ok(caseId, 'registrar', 'record-delivery', { method: 'post', servedOn: day }, at(day, 16))
  return detail(caseId)
}

// Each test walks a case through many HTTP actions: on a loaded machine that takes longer than the default 5 s.
describe('disclosure request, happy path', { timeout: 20_000 }, () => {
  it('goes from submission to a delivered disclosure with the statutory dates (case A)', async () => {
    const { caseId } = await newCase(at('2024-09-27', 9))
    expect((await detail(caseId)).state).toBe('submitted')
    await ok(
      caseId,
      'registrar',
      'confirm-receipt',
      { channel: 'online', receivedOn: '2024-09-27' },
      at('2024-09-27', 11),
    )
    const received = await detail(caseId, 'admin', at('2024-09-27', 12))
    expect(received.receivedOn).toBe('2024-09-27')
    expect(received.dueOn).toBe('2024-10-30')
    await ok(caseId, 'registrar', 'accept', {}, at('2024-09-29', 9))
    await ok(caseId, 'registrar', 'assign', { assigneeId: 'user-demo-handler' }, at('2024-09-29', 10))
    const done = await replyWith(caseId, {
      code: 'disclosed',
      legalBasis: BASIS,
      howToObtain: '随答复书邮寄',
    })
    expect(done.state).toBe('closed')
    expect(done.outcome).toBe('disclosed')
    expect(done.events.map((e) => e.action)).toEqual([
      'submit',
      'confirm-receipt',
      'accept',
      'assign',
      'draft-reply',
      'submit-legal-review',
      'legal-approve',
      'approve',
      'send-reply',
      'record-delivery',
    ])
    expect(done.events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    const delivery = done.snapshot.delivery as { onTime: boolean }
    expect(delivery.onTime).toBe(true)
  })

  const outcomes: [string, Record<string, unknown>][] = [
    ['already_published', { code: 'already_published', legalBasis: BASIS, location: '示范县政府门户网站' }],
    [
      'partially_disclosed',
      {
        code: 'partially_disclosed',
        legalBasis: ['《条例》第三十七条'],
        howToObtain: '邮寄',
        disclosedParts: [{ description: '预算总表' }],
        withheldParts: [
          {
            description: '个人信息',
            ground: 'withheld_third_party_rights',
            legalBasis: ['《条例》第十五条'],
            reasons: '涉及个人隐私',
          },
        ],
      },
    ],
    ...(
      [
        'withheld_state_secret',
        'withheld_prohibited_by_law',
        'withheld_security_stability',
        'withheld_third_party_rights',
        'withheld_internal_affairs',
        'withheld_process_information',
        'withheld_enforcement_files',
        'administrative_query',
        'not_exist',
        'requires_new_processing',
        'petition_disguised',
        'repeat_request',
        'published_materials',
        'confirm_or_reissue',
        'other',
      ] as const
    ).map(
      (code) =>
        [code, { code, legalBasis: BASIS, reasons: '依法说明的理由' }] as [string, Record<string, unknown>],
    ),
    [
      'not_held',
      {
        code: 'not_held',
        legalBasis: ['《条例》第三十六条第五项'],
        reasons: '该信息由县财政局制作',
        rightAgency: { name: '示范县财政局', contact: '0000-7654321' },
      },
    ],
    [
      'special_regime',
      {
        code: 'special_regime',
        legalBasis: BASIS,
        reasons: '不动产登记资料查询',
        regime: '不动产登记资料查询暂行办法',
        howToApply: '至不动产登记中心查询',
      },
    ],
  ]

  it.each(outcomes)('replies with outcome %s and records it on the case', async (code, outcome) => {
    const { caseId } = await newCase(at('2024-09-27', 9))
    await openAndAssign(caseId, '2024-09-27')
    const done = await replyWith(caseId, outcome)
    expect(done.state).toBe('closed')
    expect(done.outcome).toBe(code)
  })

  it('refuses to process a request as excessive until reasons were asked (Art. 35), then allows it', async () => {
    const { caseId } = await newCase(at('2024-09-27', 9))
    await openAndAssign(caseId, '2024-09-27')
    const outcome = { code: 'excessive_requests', legalBasis: ['《条例》第三十五条'], reasons: '无正当理由' }
    const early = await act(caseId, 'handler', 'draft-reply', { outcome, ...SECRECY }, at('2024-10-08'))
    expect(early.status).toBe(409)
    expect(await errorCode(early)).toBe('guard_failed')
    await ok(caseId, 'handler', 'request-reasons', { questions: '请说明申请理由' }, at('2024-10-08'))
    const done = await replyWith(caseId, outcome, '2024-10-15')
    expect(done.outcome).toBe('excessive_requests')
  })

  it('answers "still unclear after correction" only after a correction', async () => {
    const { caseId } = await newCase(at('2024-09-27', 9))
    await openAndAssign(caseId, '2024-09-27')
    const outcome = {
      code: 'unclear_after_correction',
      legalBasis: ['《条例》第三十条'],
      reasons: '补正后仍不明确',
    }
    expect(
      (await act(caseId, 'handler', 'draft-reply', { outcome, ...SECRECY }, at('2024-10-08'))).status,
    ).toBe(409)
    await ok(caseId, 'registrar', 'request-correction', { items: ['请明确所需信息的名称'] }, at('2024-10-08'))
    await ok(caseId, 'registrar', 'receive-correction', { receivedOn: '2024-10-15' }, at('2024-10-15'))
    const done = await replyWith(caseId, outcome, '2024-10-16')
    expect(done.outcome).toBe('unclear_after_correction')
  })

  it('skips legal review when the agency turned it off', async () => {
    await env.DB.prepare(
      `UPDATE agencies SET settings = '{"disclosure":{"legalReview":false}}' WHERE id = 'agency-demo'`,
    ).run()
    try {
      const { caseId } = await newCase(at('2024-09-27', 9))
      await openAndAssign(caseId, '2024-09-27')
      await ok(
        caseId,
        'handler',
        'draft-reply',
        { outcome: { code: 'not_exist', legalBasis: BASIS, reasons: '经检索不存在' } },
        at('2024-10-08'),
      )
      const res = await ok(caseId, 'handler', 'submit-legal-review', {}, at('2024-10-08'))
      expect(res.state).toBe('awaiting_approval')
    } finally {
      await env.DB.prepare(`UPDATE agencies SET settings = '{}' WHERE id = 'agency-demo'`).run()
    }
  })

  it('requires the secrecy review before a disclosing reply', async () => {
    const { caseId } = await newCase(at('2024-09-27', 9))
    await openAndAssign(caseId, '2024-09-27')
    const before = await eventCount(caseId)
    const res = await act(
      caseId,
      'handler',
      'draft-reply',
      { outcome: { code: 'disclosed', legalBasis: BASIS, howToObtain: '邮寄' } },
      at('2024-10-08'),
    )
    expect(res.status).toBe(409)
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain('保密审查')
    expect(await eventCount(caseId)).toBe(before)
  })
})
