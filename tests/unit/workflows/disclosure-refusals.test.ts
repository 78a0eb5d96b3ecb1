// Disclosure v1 refusals and permissions: closed cases, reply content, review, roles, withdrawal, transfer.
import { describe, expect, it } from 'vitest'
import { disclosureV1, disclosureV1Definition } from '../../../workflows/definitions'
import { allowedActions } from '../../../workflows/engine'
import {
  admin,
  applicant,
  approver,
  attempt,
  auditor,
  calendarFor,
  drive,
  handler,
  inProgress,
  legalReviewer,
  otherHandler,
  receive,
  refusalOf,
  refusalOutcome,
  registrar,
  replySteps,
  submitted,
  system,
} from './support'

const BASIS = ['《中华人民共和国政府信息公开条例》第三十六条第（二）项']
const draft = (outcome: unknown, secrecyReviewed?: boolean) => ({
  action: 'draft-reply',
  actor: handler,
  input: secrecyReviewed === undefined ? { outcome } : { outcome, secrecyReviewed },
  on: '2024-10-10',
})
const remedy = { kind: 'reconsideration', filedOn: '2024-11-20', result: 'pending' }

function closedCase() {
  return drive(inProgress('2024-09-27'), replySteps(refusalOutcome('not_exist'), '2024-10-16')).snapshot
}

describe('every refusal code', () => {
  it.each([
    ['unknown_action', { action: 'approve-everything', actor: admin, on: '2024-09-27' }],
    ['not_allowed_in_state', { action: 'accept', actor: registrar, on: '2024-09-27' }],
    [
      'role_not_allowed',
      {
        action: 'confirm-receipt',
        actor: handler,
        input: { channel: 'online', receivedOn: '2024-09-27' },
        on: '2024-09-27',
      },
    ],
    [
      'invalid_input',
      {
        action: 'confirm-receipt',
        actor: registrar,
        input: { channel: 'pigeon', receivedOn: '2024-09-27' },
        on: '2024-09-27',
      },
    ],
    [
      'guard_failed',
      {
        action: 'confirm-receipt',
        actor: registrar,
        input: { channel: 'online', receivedOn: '2024-09-28' },
        on: '2024-09-27',
      },
    ],
  ])('%s', (code, step) => {
    const refusal = refusalOf(submitted('2024-09-27'), step)
    expect(refusal.code).toBe(code)
    expect(refusal.message).toMatch(/[\u4e00-\u9fff]/)
  })

  it('case_closed', () => {
    expect(refusalOf(closedCase(), { action: 'withdraw', actor: applicant, on: '2024-10-20' })).toMatchObject(
      {
        code: 'case_closed',
        message: expect.stringContaining('已办结'),
      },
    )
  })

  it('calendar_year_not_loaded', () => {
    const only2024 = calendarFor([2024])
    const received = drive(submitted('2024-12-23'), [receive('2024-12-23')], only2024).snapshot
    const refusal = refusalOf(
      received,
      { action: 'extend', actor: approver, input: { reason: '需要协调' }, on: '2024-12-24' },
      only2024,
    )
    expect(refusal).toMatchObject({
      code: 'calendar_year_not_loaded',
      year: 2025,
      message: expect.stringContaining('2025年'),
    })
  })
})

describe('closed cases', () => {
  it('refuses every action except record-remedy', () => {
    const closed = closedCase()
    for (const action of Object.keys(disclosureV1Definition.actions)) {
      const result = attempt(closed, {
        action,
        actor: admin,
        input: action === 'record-remedy' ? remedy : {},
        on: '2024-11-25',
      })
      if (action === 'record-remedy') expect(result.ok).toBe(true)
      else expect(result.ok || result.refusal.code).toBe('case_closed')
    }
  })

  it('records reconsideration and litigation, then updates a result', () => {
    const { snapshot, effects } = drive(closedCase(), [
      { action: 'record-remedy', actor: legalReviewer, input: remedy, on: '2024-11-25' },
      {
        action: 'record-remedy',
        actor: legalReviewer,
        input: {
          kind: 'litigation',
          litigationPath: 'direct',
          filedOn: '2024-12-02',
          result: 'pending',
          body: '某县人民法院',
        },
        on: '2024-12-03',
      },
      {
        action: 'record-remedy',
        actor: admin,
        input: { ...remedy, remedyId: 'remedy-1', result: 'upheld', decidedOn: '2025-01-15' },
        on: '2025-01-16',
      },
    ])
    expect(snapshot.state).toBe('closed')
    expect(snapshot.remedies.map((item) => [item.id, item.kind, item.litigationPath, item.result])).toEqual([
      ['remedy-1', 'reconsideration', null, 'upheld'],
      ['remedy-2', 'litigation', 'direct', 'pending'],
    ])
    expect(effects).toContainEqual({
      kind: 'outbox',
      topic: 'case.remedy_recorded',
      payload: { remedyId: 'remedy-1' },
    })
  })

  it.each([
    [
      'litigation without its path',
      { kind: 'litigation', filedOn: '2024-11-20', result: 'pending' },
      'invalid_input',
    ],
    ['a decided result without a date', { ...remedy, result: 'corrected' }, 'invalid_input'],
    ['an unknown remedy id', { ...remedy, remedyId: 'remedy-9' }, 'guard_failed'],
    ['a filing date in the future', { ...remedy, filedOn: '2024-12-20' }, 'guard_failed'],
  ])('refuses a remedy with %s', (_, input, code) => {
    expect(
      refusalOf(closedCase(), { action: 'record-remedy', actor: legalReviewer, input, on: '2024-11-25' })
        .code,
    ).toBe(code)
  })

  it('records a remedy against inaction while the case is still open', () => {
    expect(
      attempt(inProgress('2024-09-27'), {
        action: 'record-remedy',
        actor: approver,
        input: { ...remedy, filedOn: '2024-11-01' },
        on: '2024-11-02',
      }).ok,
    ).toBe(true)
  })
})

describe('the drafted reply', () => {
  it.each([
    ['disclosed', { code: 'disclosed', legalBasis: BASIS, howToObtain: '附送' }],
    [
      'partially_disclosed',
      {
        code: 'partially_disclosed',
        legalBasis: BASIS,
        howToObtain: '附送',
        disclosedParts: [{ description: '正文' }],
        withheldParts: [
          {
            description: '附件',
            ground: 'withheld_state_secret',
            legalBasis: BASIS,
            reasons: '属于国家秘密',
          },
        ],
      },
    ],
  ])('requires the secrecy review before a %s outcome', (_, outcome) => {
    for (const reviewed of [undefined, false]) {
      expect(refusalOf(inProgress('2024-09-27'), draft(outcome, reviewed))).toMatchObject({
        code: 'guard_failed',
        guard: 'secrecyReviewed',
        message: expect.stringContaining('保密审查'),
      })
    }
    const { snapshot } = drive(inProgress('2024-09-27'), [draft(outcome, true)])
    expect(snapshot.flags.secrecyReviewed).toBe(true)
    expect(snapshot.outcome).toEqual(outcome)
  })

  it('does not require the secrecy review for a refusal', () => {
    expect(attempt(inProgress('2024-09-27'), draft(refusalOutcome('repeat_request'))).ok).toBe(true)
  })

  it.each([
    [
      'without legal basis',
      { code: 'disclosed', howToObtain: '附送' },
      ['outcome', 'legalBasis'],
      '请填写法律依据',
    ],
    [
      'with an empty legal basis',
      { code: 'disclosed', legalBasis: [], howToObtain: '附送' },
      ['outcome', 'legalBasis'],
      '须写明法律依据',
    ],
    [
      'refusing without reasons',
      { code: 'withheld_state_secret', legalBasis: BASIS },
      ['outcome', 'reasons'],
      '请填写理由',
    ],
    [
      'refusing with blank reasons',
      { code: 'withheld_state_secret', legalBasis: BASIS, reasons: '   ' },
      ['outcome', 'reasons'],
      '请填写理由',
    ],
    [
      'not held without naming the right agency',
      refusalOutcome('not_held'),
      ['outcome', 'rightAgency'],
      undefined,
    ],
    [
      'a partial disclosure without withheld parts',
      {
        code: 'partially_disclosed',
        legalBasis: BASIS,
        howToObtain: '附送',
        disclosedParts: [{ description: '正文' }],
        withheldParts: [],
      },
      ['outcome', 'withheldParts'],
      '须列明不予公开的部分及理由',
    ],
    ['an unknown outcome code', { code: 'maybe', legalBasis: BASIS }, ['outcome', 'code'], undefined],
    [
      'a lapse code, which only the system gives',
      { code: 'fee_lapsed', legalBasis: BASIS, reasons: 'x' },
      ['outcome', 'code'],
      undefined,
    ],
  ])('refuses an outcome %s', (_, outcome, path, message) => {
    const refusal = refusalOf(inProgress('2024-09-27'), draft(outcome, true))
    expect(refusal.code).toBe('invalid_input')
    expect(refusal.issues?.[0]?.path).toEqual(path)
    if (message) expect(refusal.issues?.[0]?.message).toBe(message)
  })

  it('refuses 补正后仍不明确 when no correction was received', () => {
    expect(
      refusalOf(inProgress('2024-09-27'), draft(refusalOutcome('unclear_after_correction'))),
    ).toMatchObject({
      code: 'guard_failed',
      guard: 'outcomePrerequisites',
    })
  })

  it('cannot be submitted before it is drafted', () => {
    expect(
      refusalOf(inProgress('2024-09-27'), {
        action: 'submit-legal-review',
        actor: handler,
        on: '2024-10-10',
      }),
    ).toMatchObject({
      code: 'guard_failed',
      guard: 'replyDrafted',
    })
  })
})

describe('review and approval', () => {
  const drafted = () => drive(inProgress('2024-09-27'), [draft(refusalOutcome('not_exist'))]).snapshot

  it('goes through 法制审核 by default', () => {
    const { snapshot } = drive(drafted(), [
      { action: 'submit-legal-review', actor: handler, on: '2024-10-10' },
    ])
    expect(snapshot.state).toBe('legal_review')
    expect(snapshot.flags.legalReviewRequired).toBe(true)
  })

  it('goes straight to 待签发 when the agency turned legal review off', () => {
    const { snapshot, effects } = drive(drafted(), [
      { action: 'submit-legal-review', actor: handler, on: '2024-10-10', settings: { legalReview: false } },
    ])
    expect(snapshot.state).toBe('awaiting_approval')
    expect(snapshot.flags.legalReviewRequired).toBe(false)
    expect(effects).toEqual([{ kind: 'notify', template: 'approval_requested', to: { role: 'approver' } }])
  })

  it('returns to the handler from legal review and from approval, with a reason', () => {
    const inReview = drive(drafted(), [
      { action: 'submit-legal-review', actor: handler, on: '2024-10-10' },
    ]).snapshot
    expect(
      refusalOf(inReview, { action: 'legal-return', actor: legalReviewer, input: {}, on: '2024-10-11' }).code,
    ).toBe('invalid_input')
    const back = drive(inReview, [
      {
        action: 'legal-return',
        actor: legalReviewer,
        input: { reason: '法律依据引用不全' },
        on: '2024-10-11',
      },
    ])
    expect(back.snapshot.state).toBe('in_progress')
    expect(back.effects).toEqual([
      {
        kind: 'notify',
        template: 'returned',
        to: { staffId: 'u-handler' },
        data: { reason: '法律依据引用不全' },
      },
    ])
    const atApproval = drive(back.snapshot, [
      { action: 'submit-legal-review', actor: handler, on: '2024-10-11' },
      { action: 'legal-approve', actor: legalReviewer, on: '2024-10-12' },
      { action: 'return', actor: approver, input: { reason: '请补充理由' }, on: '2024-10-14' },
    ])
    expect(atApproval.snapshot.state).toBe('in_progress')
    expect(atApproval.snapshot.review).toEqual({ legal: null, approval: null })
  })

  it.each([
    ['legal-approve', handler, 'legal_review'],
    ['legal-approve', approver, 'legal_review'],
    ['approve', legalReviewer, 'awaiting_approval'],
    ['approve', handler, 'awaiting_approval'],
    ['approve', admin, 'awaiting_approval'],
  ])('refuses %s by %o', (action, actor, state) => {
    expect(refusalOf({ ...drafted(), state }, { action, actor, on: '2024-10-10' }).code).toBe(
      'role_not_allowed',
    )
  })
})

describe('roles and assignment', () => {
  it('lets only the assignee (or an admin) work the case', () => {
    const step = { action: 'request-reasons', actor: otherHandler, on: '2024-10-08' }
    expect(refusalOf(inProgress('2024-09-27'), step)).toMatchObject({
      code: 'guard_failed',
      guard: 'actorIsAssignee',
    })
    expect(attempt(inProgress('2024-09-27'), { ...step, actor: admin }).ok).toBe(true)
    const unassigned = drive(submitted('2024-09-27'), [
      receive('2024-09-27'),
      { action: 'accept', actor: registrar, on: '2024-09-27' },
    ]).snapshot
    expect(refusalOf(unassigned, { ...step, actor: handler }).message).toContain('尚未分办')
    expect(allowedActions(disclosureV1, unassigned, handler)).not.toContain('draft-reply')
  })

  it('reassigns and notifies the new handler', () => {
    const { snapshot, effects, events } = drive(inProgress('2024-09-27'), [
      { action: 'assign', actor: registrar, input: { assigneeId: 'u-handler-2' }, on: '2024-10-08' },
    ])
    expect(snapshot.assigneeId).toBe('u-handler-2')
    expect(events[0]?.payload).toEqual({ assigneeId: 'u-handler-2', previousAssigneeId: 'u-handler' })
    expect(effects).toEqual([{ kind: 'notify', template: 'case_assigned', to: { staffId: 'u-handler-2' } }])
  })

  it('refuses the auditor everything and the system staff steps', () => {
    expect(
      refusalOf(inProgress('2024-09-27'), {
        action: 'assign',
        actor: auditor,
        input: { assigneeId: 'x' },
        on: '2024-10-08',
      }).code,
    ).toBe('role_not_allowed')
    expect(
      refusalOf(inProgress('2024-09-27'), { action: 'withdraw', actor: system, on: '2024-10-08' }).code,
    ).toBe('role_not_allowed')
    expect(
      refusalOf(inProgress('2024-09-27'), { action: 'fee-lapsed', actor: admin, on: '2024-10-08' }).code,
    ).toBe('not_allowed_in_state')
    expect(
      refusalOf(
        { ...inProgress('2024-09-27'), state: 'fee_pending' },
        { action: 'fee-lapsed', actor: admin, on: '2024-10-08' },
      ).code,
    ).toBe('role_not_allowed')
  })
})

describe('withdrawal', () => {
  it.each([
    'submitted',
    'received',
    'awaiting_correction',
    'consulting',
    'fee_pending',
    'legal_review',
    'approved',
  ])('is allowed in %s', (state) => {
    expect(allowedActions(disclosureV1, { ...inProgress('2024-09-27'), state }, applicant)).toContain(
      'withdraw',
    )
  })

  it('is refused once the reply has been sent', () => {
    const replied = drive(
      inProgress('2024-09-27'),
      replySteps(refusalOutcome('not_exist'), '2024-10-16').slice(0, 5),
    ).snapshot
    expect(refusalOf(replied, { action: 'withdraw', actor: applicant, on: '2024-10-17' }).code).toBe(
      'not_allowed_in_state',
    )
  })

  it('closes an unconfirmed submission without starting a clock', () => {
    const { snapshot } = drive(submitted('2024-09-27'), [
      { action: 'withdraw', actor: applicant, on: '2024-09-28' },
    ])
    expect(snapshot.state).toBe('closed')
    expect(snapshot.clockEvents).toEqual([])
  })
})

describe('transfer (转办)', () => {
  it('closes the case here and hands it to the other agency', () => {
    const { snapshot, effects } = drive(submitted('2024-09-27'), [
      receive('2024-09-27'),
      {
        action: 'transfer',
        actor: registrar,
        input: { toAgencyId: 'agency-land', toAgencyName: '某县自然资源局', reason: '申请内容属于该局职责' },
        on: '2024-09-30',
      },
    ])
    expect(snapshot.state).toBe('transferred')
    expect(snapshot.clock?.status).toBe('stopped')
    expect(snapshot.outcome).toBeNull()
    expect(effects).toContainEqual({
      kind: 'outbox',
      topic: 'case.transferred',
      payload: {
        toAgencyId: 'agency-land',
        toAgencyName: '某县自然资源局',
        reason: '申请内容属于该局职责',
        on: '2024-09-30',
        receivedOn: '2024-09-27',
        submittedAt: snapshot.submittedAt,
      },
    })
    expect(refusalOf(snapshot, { action: 'accept', actor: registrar, on: '2024-09-30' }).code).toBe(
      'case_closed',
    )
    expect(allowedActions(disclosureV1, snapshot, admin)).toEqual(['record-remedy'])
  })
})
