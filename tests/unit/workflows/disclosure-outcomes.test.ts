// Every outcome of DOMAIN.md §5 driven through transition from submission to a closed case.
import { describe, expect, it } from 'vitest'
import { OUTCOMES, REPLY_OUTCOME_CODES, table3RowFor } from '../../../workflows/outcomes'
import {
  applicant,
  drive,
  handler,
  inProgress,
  receive,
  refusalOutcome,
  registrar,
  replySteps,
  type Step,
  submitted,
  system,
} from './support'

const BASIS = ['《中华人民共和国政府信息公开条例》第三十六条第（二）项']

// A valid drafted outcome for each reply code that needs more than a plain refusal, and the steps it needs first.
const REPLIES: Record<string, { outcome: Record<string, unknown>; before?: Step[] }> = {
  already_published: {
    outcome: {
      code: 'already_published',
      legalBasis: BASIS,
      location: '本机关门户网站“法定主动公开内容”栏目',
    },
  },
  disclosed: { outcome: { code: 'disclosed', legalBasis: BASIS, howToObtain: '随本答复书附送电子文件' } },
  partially_disclosed: {
    outcome: {
      code: 'partially_disclosed',
      legalBasis: ['《中华人民共和国政府信息公开条例》第三十七条'],
      howToObtain: '随本答复书附送',
      disclosedParts: [{ description: '项目批复文件正文' }],
      withheldParts: [
        {
          description: '附件中的个人身份信息',
          ground: 'withheld_third_party_rights',
          legalBasis: ['《中华人民共和国政府信息公开条例》第十五条'],
          reasons: '涉及第三方个人隐私，公开会对第三方合法权益造成损害',
        },
      ],
    },
  },
  not_held: {
    outcome: {
      ...refusalOutcome('not_held'),
      rightAgency: { name: '某县自然资源局', contact: '0000-12345678' },
    },
  },
  special_regime: {
    outcome: {
      ...refusalOutcome('special_regime'),
      regime: '不动产登记资料查询',
      howToApply: '持身份证明到不动产登记中心查询',
    },
  },
  excessive_requests: {
    outcome: refusalOutcome('excessive_requests'),
    before: [
      { action: 'request-reasons', actor: handler, input: { questions: '请说明申请理由' }, on: '2024-10-08' },
    ],
  },
  unclear_after_correction: {
    outcome: refusalOutcome('unclear_after_correction'),
    before: [
      {
        action: 'request-correction',
        actor: registrar,
        input: { items: ['请明确所需信息的名称或文号'] },
        on: '2024-10-08',
      },
      {
        action: 'receive-correction',
        actor: registrar,
        input: { receivedOn: '2024-10-10' },
        on: '2024-10-10',
      },
    ],
  },
}

function replyFor(code: string): { outcome: unknown; before?: Step[] } {
  return REPLIES[code] ?? { outcome: refusalOutcome(code) }
}

describe('every drafted outcome, from submission to a closed case', () => {
  it.each(REPLY_OUTCOME_CODES)('%s', (code) => {
    const { outcome, before = [] } = replyFor(code)
    const run = drive(inProgress('2024-09-27'), [...before, ...replySteps(outcome, '2024-10-16')])
    const { snapshot } = run
    expect(snapshot.state).toBe('closed')
    expect(snapshot.outcome?.code).toBe(code)
    expect(table3RowFor(snapshot.outcome?.code ?? 'other')).toBe(table3RowFor(code))
    expect(snapshot.decidedOn).toBe('2024-10-16')
    expect(snapshot.clock?.status).toBe('stopped')
    expect(snapshot.delivery?.onTime).toBe(true)
    expect(run.events.map((event) => event.action).slice(-6)).toEqual([
      'draft-reply',
      'submit-legal-review',
      'legal-approve',
      'approve',
      'send-reply',
      'record-delivery',
    ])
    expect(run.effects).toContainEqual({
      kind: 'letter',
      letter: 'reply',
      operation: 'sign',
      data: { outcome: code },
    })
    expect(snapshot.clock?.ignoredEvents).toEqual([])
  })

  it('covers every reply outcome with a fixture that parses', () => {
    for (const code of Object.keys(REPLIES)) expect(REPLY_OUTCOME_CODES).toContain(code)
  })
})

describe('outcomes without a reply', () => {
  it('closes as 视为放弃 when the correction window lapses, row (六)1', () => {
    const { snapshot, effects } = drive(submitted('2024-09-27'), [
      receive('2024-09-27'),
      {
        action: 'request-correction',
        actor: registrar,
        input: { items: ['请明确所需信息'] },
        on: '2024-10-08',
      },
      // 15 working days after 10-08 end on 10-28 (10-12 is a make-up working Saturday).
      { action: 'correction-lapsed', actor: system, on: '2024-10-29' },
    ])
    expect(snapshot.state).toBe('closed')
    expect(snapshot.outcome).toEqual({
      code: 'correction_lapsed',
      legalBasis: [OUTCOMES.correction_lapsed.citation],
      reasons: '申请人无正当理由逾期未补正，视为放弃申请',
    })
    expect(table3RowFor('correction_lapsed')).toBe('6.1')
    expect(snapshot.clock?.status).toBe('stopped')
    expect(effects).toContainEqual(expect.objectContaining({ kind: 'outbox', topic: 'case.closed' }))
  })

  it('closes when the fee is not paid in time, row (六)2', () => {
    const { snapshot } = drive(inProgress('2024-09-27'), [
      {
        action: 'issue-fee-notice',
        actor: handler,
        input: { method: 'per_page', count: 250, amountYuan: 4_700 },
        on: '2024-10-09',
      },
      { action: 'fee-lapsed', actor: system, on: '2024-11-06' },
    ])
    expect(snapshot.state).toBe('closed')
    expect(snapshot.outcome?.code).toBe('fee_lapsed')
    expect(snapshot.fee?.status).toBe('lapsed')
  })

  it('closes on withdrawal by the applicant, row (六)3', () => {
    const { snapshot, events } = drive(inProgress('2024-09-27'), [
      { action: 'withdraw', actor: applicant, input: { reason: '已通过其他途径获取' }, on: '2024-10-10' },
    ])
    expect(snapshot.state).toBe('closed')
    expect(snapshot.outcome).toEqual({ code: 'withdrawn', legalBasis: [], reasons: '已通过其他途径获取' })
    expect(snapshot.decidedOn).toBe('2024-10-10')
    expect(snapshot.clock?.stoppedOn).toBe('2024-10-10')
    expect(events.at(-1)).toMatchObject({ actorKind: 'applicant', actorId: null })
  })
})
