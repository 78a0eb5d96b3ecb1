// Disclosure v1 dates against the real 2024–2026 calendar: receipt, correction, pauses, extension, fees, Art. 35.
import { describe, expect, it } from 'vitest'
import {
  approver,
  attempt,
  calendar,
  calendarFor,
  drive,
  handler,
  inProgress,
  receive,
  refusalOf,
  registrar,
  replySteps,
  submitted,
  system,
} from './support'

const correction = (on: string) => ({
  action: 'request-correction',
  actor: registrar,
  input: { items: ['请明确所需信息的名称、文号或者其他特征描述'] },
  on,
})

describe('day of receipt (Art. 31)', () => {
  it('starts the 20 working-day clock on the confirmed day of receipt (case A)', () => {
    const { snapshot } = drive(submitted('2024-09-27'), [receive('2024-09-27')])
    expect(snapshot.clock).toMatchObject({
      status: 'running',
      receivedOn: '2024-09-27',
      replyDueOn: '2024-10-30',
    })
  })

  it('counts from the day registered post was signed for, even on a Saturday (case M)', () => {
    const { snapshot } = drive(submitted('2024-09-28'), [
      {
        action: 'confirm-receipt',
        actor: registrar,
        input: { channel: 'registered_post', receivedOn: '2024-09-28' },
        on: '2024-09-30',
      },
    ])
    expect(snapshot.clock?.replyDueOn).toBe('2024-10-30')
  })

  it.each([
    ['in the future', '2024-10-01', 'receiptDateValid'],
    ['before the submission date', '2024-09-26', 'receiptDateValid'],
  ])('refuses a day of receipt %s', (_, receivedOn, guard) => {
    expect(refusalOf(submitted('2024-09-27'), receive('2024-09-30', receivedOn))).toMatchObject({
      code: 'guard_failed',
      guard,
    })
  })

  it('refuses a date that does not exist as invalid input', () => {
    expect(refusalOf(submitted('2024-09-27'), receive('2024-09-30', '2024-09-31'))).toMatchObject({
      code: 'invalid_input',
      issues: [{ path: ['receivedOn'] }],
    })
  })
})

describe('correction (补正, Art. 30)', () => {
  it('stops the clock, then restarts it from the day the correction arrives (cases B and J)', () => {
    const asked = drive(submitted('2024-09-27'), [receive('2024-09-27'), correction('2024-10-08')])
    expect(asked.snapshot.state).toBe('awaiting_correction')
    expect(asked.snapshot.clock).toMatchObject({
      status: 'awaiting_correction',
      correctionNoticeDueOn: '2024-10-12',
      replyDueOn: null,
    })
    expect(asked.events[1]?.payload).toMatchObject({ late: false, noticeDueOn: '2024-10-12' })

    const { snapshot } = drive(asked.snapshot, [
      {
        action: 'receive-correction',
        actor: registrar,
        input: { receivedOn: '2024-10-15' },
        on: '2024-10-15',
      },
    ])
    expect(snapshot.state).toBe('received')
    expect(snapshot.clock).toMatchObject({
      status: 'running',
      originalReceivedOn: '2024-09-27',
      receivedOn: '2024-10-15',
      replyDueOn: '2024-11-12',
    })
  })

  it('returns to 办理中 when the handler stage asked for the correction', () => {
    const { snapshot } = drive(inProgress('2024-09-27'), [
      correction('2024-10-08'),
      {
        action: 'receive-correction',
        actor: registrar,
        input: { receivedOn: '2024-10-10' },
        on: '2024-10-11',
      },
    ])
    expect(snapshot.state).toBe('in_progress')
  })

  it('gives the applicant the configured window, 15 working days by default', () => {
    const byDefault = drive(submitted('2024-09-27'), [receive('2024-09-27'), correction('2024-10-08')])
    // 10-12 is a make-up working Saturday, so 15 working days after 10-08 end on 10-28.
    expect(byDefault.snapshot.correction?.dueOn).toBe('2024-10-28')
    const configured = drive(submitted('2024-09-27'), [
      receive('2024-09-27'),
      { ...correction('2024-10-08'), settings: { correctionWindowWorkingDays: 10 } },
    ])
    expect(configured.snapshot.correction?.dueOn).toBe('2024-10-21')
    const explicit = drive(submitted('2024-09-27'), [
      receive('2024-09-27'),
      { ...correction('2024-10-08'), input: { items: ['x'], windowWorkingDays: 5 } },
    ])
    expect(explicit.snapshot.correction?.windowWorkingDays).toBe(5)
  })

  it('accepts a notice on the 7th working day as on time (a make-up Saturday)', () => {
    const { events } = drive(submitted('2024-09-27'), [receive('2024-09-27'), correction('2024-10-12')])
    expect(events[1]?.payload.late).toBe(false)
  })

  it('allows a notice after the 7 working days but flags it late', () => {
    const { snapshot, events } = drive(submitted('2024-09-27'), [
      receive('2024-09-27'),
      correction('2024-10-14'),
    ])
    expect(snapshot.state).toBe('awaiting_correction')
    expect(snapshot.flags.correctionLate).toBe(true)
    expect(events[1]?.payload).toMatchObject({ late: true, noticeDueOn: '2024-10-12' })
  })

  it('asks for a correction only once', () => {
    const { snapshot } = drive(submitted('2024-09-27'), [
      receive('2024-09-27'),
      correction('2024-10-08'),
      {
        action: 'receive-correction',
        actor: registrar,
        input: { receivedOn: '2024-10-09' },
        on: '2024-10-09',
      },
    ])
    expect(refusalOf(snapshot, correction('2024-10-10'))).toMatchObject({
      code: 'guard_failed',
      guard: 'correctionNotRequested',
    })
  })

  it('flags a correction that arrives after its deadline', () => {
    const { events } = drive(submitted('2024-09-27'), [
      receive('2024-09-27'),
      correction('2024-10-08'),
      {
        action: 'receive-correction',
        actor: registrar,
        input: { receivedOn: '2024-10-30' },
        on: '2024-10-30',
      },
    ])
    expect(events.at(-1)?.payload).toMatchObject({ late: true, correctionDueOn: '2024-10-28' })
  })

  it('lapses only after the correction deadline has passed', () => {
    const { snapshot } = drive(submitted('2024-09-27'), [receive('2024-09-27'), correction('2024-10-08')])
    expect(
      refusalOf(snapshot, { action: 'correction-lapsed', actor: system, on: '2024-10-28' }),
    ).toMatchObject({
      code: 'guard_failed',
      guard: 'correctionWindowOver',
    })
    expect(attempt(snapshot, { action: 'correction-lapsed', actor: system, on: '2024-10-29' }).ok).toBe(true)
  })
})

describe('consultation (Art. 32, 34): time not counted', () => {
  const consult = (on: string, action = 'consult-third-party') => ({
    action,
    actor: handler,
    input: { consultee: '某科技有限公司', matter: '拟公开的合同附件' },
    on,
  })

  it('excludes the days from the letter to the opinion (case I)', () => {
    const paused = drive(inProgress('2024-09-27'), [consult('2024-10-09')])
    expect(paused.snapshot.state).toBe('consulting')
    expect(paused.snapshot.clock?.status).toBe('paused')
    expect(paused.snapshot.consultations[0]).toMatchObject({
      sentOn: '2024-10-09',
      windowEndsOn: '2024-10-29',
    })
    expect(paused.effects).toContainEqual(expect.objectContaining({ letter: 'third_party_consultation' }))

    const { snapshot } = drive(paused.snapshot, [
      {
        action: 'receive-opinion',
        actor: handler,
        input: { receivedOn: '2024-10-18', position: 'objects' },
        on: '2024-10-18',
      },
    ])
    expect(snapshot.state).toBe('in_progress')
    expect(snapshot.clock).toMatchObject({ status: 'running', replyDueOn: '2024-11-11' })
  })

  it('accepts a backdated letter date but not one before recorded events', () => {
    const { snapshot } = drive(inProgress('2024-09-27'), [
      { ...consult('2024-10-10'), input: { consultee: 'x', sentOn: '2024-10-09' } },
    ])
    expect(snapshot.consultations[0]?.sentOn).toBe('2024-10-09')
    expect(
      refusalOf(inProgress('2024-09-27'), {
        ...consult('2024-10-10'),
        input: { consultee: 'x', sentOn: '2024-09-26' },
      }),
    ).toMatchObject({
      code: 'guard_failed',
      guard: 'consultationDateValid',
    })
  })

  it('ends the pause at the window end when nobody answers; the agency then decides', () => {
    const paused = drive(inProgress('2024-09-27'), [consult('2024-10-09')]).snapshot
    expect(
      refusalOf(paused, { action: 'consultation-lapsed', actor: system, on: '2024-10-29' }),
    ).toMatchObject({
      code: 'guard_failed',
      guard: 'consultationWindowOver',
    })
    const { snapshot, events, effects } = drive(paused, [
      { action: 'consultation-lapsed', actor: system, on: '2024-10-31' },
    ])
    expect(snapshot.state).toBe('in_progress')
    expect(snapshot.consultations[0]?.status).toBe('lapsed')
    // 20 working days plus the 15 excluded by the full window: 2024-10-30 + 15 WD.
    expect(snapshot.clock?.replyDueOn).toBe('2024-11-20')
    expect(events[0]?.payload).toMatchObject({ windowEndsOn: '2024-10-29', consequence: 'agency_decides' })
    expect(effects).toContainEqual(
      expect.objectContaining({ template: 'consultation_lapsed', to: { staffId: 'u-handler' } }),
    )
  })

  it('treats a silent agency as consenting (Art. 34)', () => {
    const { events, effects } = drive(inProgress('2024-09-27'), [
      consult('2024-10-09', 'consult-agency'),
      { action: 'consultation-lapsed', actor: system, on: '2024-10-30' },
    ])
    expect(events.at(-1)?.payload.consequence).toBe('deemed_consent')
    expect(effects).toContainEqual(expect.objectContaining({ letter: 'consultation_notice' }))
  })

  it('refuses an opinion dated before a clock event recorded since (it would make that extension late)', () => {
    const { snapshot } = drive(inProgress('2024-09-27'), [
      consult('2024-10-09'),
      { action: 'extend', actor: approver, input: { reason: '需要协调' }, on: '2024-10-15' },
    ])
    const late = {
      action: 'receive-opinion',
      actor: handler,
      input: { receivedOn: '2024-10-14', position: 'agrees' },
      on: '2024-10-16',
    }
    expect(refusalOf(snapshot, late)).toMatchObject({
      code: 'guard_failed',
      guard: 'opinionDateValid',
      message: '收到意见之日不能早于本案已记录的最近时间节点（2024-10-15）',
    })
    expect(attempt(snapshot, { ...late, input: { receivedOn: '2024-10-15', position: 'agrees' } }).ok).toBe(
      true,
    )
  })

  it('refuses to pause a clock whose deadline has already passed', () => {
    expect(refusalOf(inProgress('2024-09-27'), consult('2024-10-31'))).toMatchObject({
      code: 'guard_failed',
      guard: 'beforeReplyDeadline',
    })
  })
})

describe('extension (Art. 33)', () => {
  const extend = (on: string, input: Record<string, unknown> = { reason: '需要调取档案，无法按期答复' }) => ({
    action: 'extend',
    actor: approver,
    input,
    on,
  })

  it('adds 20 working days, decided on the last day of the period (A+ext)', () => {
    const { snapshot, effects } = drive(inProgress('2024-09-27'), [extend('2024-10-30')])
    expect(snapshot.clock).toMatchObject({
      extended: true,
      baseDueOn: '2024-10-30',
      replyDueOn: '2024-11-27',
    })
    expect(snapshot.state).toBe('in_progress')
    expect(effects).toContainEqual({
      kind: 'notify',
      template: 'extended',
      to: 'applicant',
      data: { replyDueOn: '2024-11-27', reason: '需要调取档案，无法按期答复' },
    })
    expect(effects).toContainEqual(expect.objectContaining({ kind: 'letter', letter: 'extension_notice' }))
  })

  it('allows a shorter extension', () => {
    const { snapshot } = drive(inProgress('2024-09-27'), [
      extend('2024-10-10', { workingDays: 5, reason: '需要协调' }),
    ])
    expect(snapshot.clock?.replyDueOn).toBe('2024-11-06')
  })

  it('refuses a second extension', () => {
    const { snapshot } = drive(inProgress('2024-09-27'), [extend('2024-10-10')])
    expect(refusalOf(snapshot, extend('2024-10-11'))).toMatchObject({
      code: 'guard_failed',
      guard: 'notExtended',
    })
  })

  it('refuses an extension after the deadline', () => {
    expect(refusalOf(inProgress('2024-09-27'), extend('2024-10-31'))).toMatchObject({
      code: 'guard_failed',
      guard: 'beforeReplyDeadline',
    })
  })

  it('refuses more than 20 working days', () => {
    expect(
      refusalOf(inProgress('2024-09-27'), extend('2024-10-10', { workingDays: 21, reason: 'x' })),
    ).toMatchObject({
      code: 'guard_failed',
      guard: 'extensionWithinLimit',
    })
  })

  it('requires a reason', () => {
    expect(refusalOf(inProgress('2024-09-27'), extend('2024-10-10', { workingDays: 5 }))).toMatchObject({
      code: 'invalid_input',
      issues: [{ path: ['reason'], message: '请填写延期理由' }],
    })
  })

  it('is decided by the approver only', () => {
    for (const actor of [handler, registrar]) {
      expect(refusalOf(inProgress('2024-09-27'), { ...extend('2024-10-10'), actor }).code).toBe(
        'role_not_allowed',
      )
    }
  })
})

describe('fees (Art. 42)', () => {
  const feeNotice = (input: Record<string, unknown>, on = '2024-10-09') => ({
    action: 'issue-fee-notice',
    actor: handler,
    input,
    on,
  })

  it('pauses the clock until payment', () => {
    const noticed = drive(inProgress('2024-09-27'), [
      feeNotice({ method: 'per_page', count: 250, amountYuan: 4_700 }),
    ])
    expect(noticed.snapshot.state).toBe('fee_pending')
    expect(noticed.snapshot.fee).toMatchObject({ amountYuan: 4_700, payBy: '2024-11-05', status: 'pending' })
    expect(noticed.effects).toContainEqual(expect.objectContaining({ letter: 'fee_notice' }))
    const { snapshot } = drive(noticed.snapshot, [
      {
        action: 'record-payment',
        actor: registrar,
        input: { paidOn: '2024-10-15', amountYuan: 4_700 },
        on: '2024-10-16',
      },
    ])
    expect(snapshot.state).toBe('in_progress')
    // 10-10, 10-11, 10-12 (make-up Saturday), 10-14, 10-15 are not counted.
    expect(snapshot.clock?.replyDueOn).toBe('2024-11-06')
  })

  it('charges per request by the applicant’s monthly count', () => {
    const { snapshot } = drive(inProgress('2024-09-27'), [
      feeNotice({ method: 'per_request', count: 5, priorCount: 30, amountYuan: 1_000 }),
    ])
    expect(snapshot.fee?.breakdown.lines).toEqual([
      { from: 31, to: 35, units: 5, rateYuan: 200, amountYuan: 1_000 },
    ])
  })

  it.each([
    ['a wrong amount', { method: 'per_page', count: 250, amountYuan: 4_000 }],
    ['a free application', { method: 'per_page', count: 30, amountYuan: 0 }],
    ['a free request', { method: 'per_request', count: 1, priorCount: 9, amountYuan: 0 }],
  ])('refuses a notice with %s', (_, input) => {
    expect(refusalOf(inProgress('2024-09-27'), feeNotice(input))).toMatchObject({
      code: 'guard_failed',
      guard: 'feeAmountMatches',
    })
  })

  it('refuses a payment of another amount', () => {
    const { snapshot } = drive(inProgress('2024-09-27'), [
      feeNotice({ method: 'per_page', count: 250, amountYuan: 4_700 }),
    ])
    expect(
      refusalOf(snapshot, {
        action: 'record-payment',
        actor: registrar,
        input: { paidOn: '2024-10-15', amountYuan: 100 },
        on: '2024-10-16',
      }),
    ).toMatchObject({ code: 'guard_failed', guard: 'paymentValid' })
  })

  it('lapses only after the payment window', () => {
    const { snapshot } = drive(inProgress('2024-09-27'), [
      feeNotice({ method: 'per_page', count: 250, amountYuan: 4_700 }),
    ])
    expect(refusalOf(snapshot, { action: 'fee-lapsed', actor: system, on: '2024-11-05' })).toMatchObject({
      code: 'guard_failed',
      guard: 'feeWindowOver',
    })
  })

  it('issues one fee notice per application', () => {
    const { snapshot } = drive(inProgress('2024-09-27'), [
      feeNotice({ method: 'per_page', count: 250, amountYuan: 4_700 }),
      {
        action: 'record-payment',
        actor: registrar,
        input: { paidOn: '2024-10-15', amountYuan: 4_700 },
        on: '2024-10-16',
      },
    ])
    expect(
      refusalOf(snapshot, feeNotice({ method: 'per_page', count: 40, amountYuan: 100 }, '2024-10-17')),
    ).toMatchObject({
      code: 'guard_failed',
      guard: 'feeNotIssued',
    })
  })
})

describe('excessive requests (Art. 35)', () => {
  const reasons = { action: 'request-reasons', actor: handler, input: {}, on: '2024-10-08' }
  const setDate = (dueOn: string) => ({
    action: 'set-date',
    actor: approver,
    input: { dueOn, reason: '申请数量较大' },
    on: '2024-10-21',
  })

  it('lets the approver set a later reply date after asking for reasons', () => {
    const { snapshot, effects } = drive(inProgress('2024-09-27'), [reasons, setDate('2024-12-31')])
    expect(snapshot.clock?.replyDueOn).toBe('2024-12-31')
    expect(effects).toContainEqual(expect.objectContaining({ letter: 'reasons_request' }))
    expect(effects).toContainEqual(
      expect.objectContaining({
        letter: 'deadline_notice',
        data: { replyDueOn: '2024-12-31', reason: '申请数量较大' },
      }),
    )
  })

  it('refuses to set a date without asking for reasons first', () => {
    expect(refusalOf(inProgress('2024-09-27'), setDate('2024-12-31'))).toMatchObject({
      code: 'guard_failed',
      guard: 'reasonsRequested',
    })
  })

  it('refuses a date that is not later than the current deadline', () => {
    const { snapshot } = drive(inProgress('2024-09-27'), [reasons])
    expect(refusalOf(snapshot, setDate('2024-10-30'))).toMatchObject({
      code: 'guard_failed',
      guard: 'setDateLater',
    })
  })

  it('refuses 不予处理 for excessive requests unless reasons were asked for', () => {
    expect(
      refusalOf(inProgress('2024-09-27'), {
        action: 'draft-reply',
        actor: handler,
        input: { outcome: { code: 'excessive_requests', legalBasis: ['第三十五条'], reasons: '无正当理由' } },
        on: '2024-10-08',
      }),
    ).toMatchObject({ code: 'guard_failed', guard: 'outcomePrerequisites' })
  })
})

describe('reply and delivery', () => {
  const outcome = { code: 'not_exist', legalBasis: ['第三十六条第（四）项'], reasons: '经检索，该信息不存在' }

  it('stops the clock on the day the reply is sent', () => {
    const steps = replySteps(outcome, '2024-10-29').slice(0, 5)
    const { snapshot } = drive(inProgress('2024-09-27'), steps)
    expect(snapshot.state).toBe('replied')
    expect(snapshot.reply).toEqual({ sentOn: '2024-10-29', replyDueOn: '2024-10-30' })
    expect(snapshot.clock).toMatchObject({ status: 'stopped', stoppedOn: '2024-10-29', overdue: false })
  })

  it.each([
    ['posted on the deadline', '2024-10-30', true],
    ['posted after the deadline', '2024-10-31', false],
  ])('judges delivery by the posting date: %s', (_, servedOn, onTime) => {
    const replied = drive(inProgress('2024-09-27'), replySteps(outcome, '2024-10-29').slice(0, 5)).snapshot
    const { snapshot, events } = drive(replied, [
      {
        action: 'record-delivery',
        actor: registrar,
        input: { method: 'post', servedOn, applicantReceivedOn: '2024-11-02' },
        on: '2024-11-04',
      },
    ])
    expect(snapshot.state).toBe('closed')
    expect(snapshot.delivery).toEqual({ method: 'post', servedOn, applicantReceivedOn: '2024-11-02', onTime })
    expect(events[0]?.payload).toMatchObject({ onTime, replyDueOn: '2024-10-30' })
  })

  it('refuses a delivery date before the reply was sent', () => {
    const replied = drive(inProgress('2024-09-27'), replySteps(outcome, '2024-10-29').slice(0, 5)).snapshot
    expect(
      refusalOf(replied, {
        action: 'record-delivery',
        actor: registrar,
        input: { method: 'post', servedOn: '2024-10-28' },
        on: '2024-10-30',
      }),
    ).toMatchObject({ code: 'guard_failed', guard: 'deliveryDatesValid' })
  })
})

describe('missing calendar years', () => {
  const only2024 = calendarFor([2024])

  it('records a receipt whose deadline falls in a year not loaded, marking it unconfirmed', () => {
    const { snapshot } = drive(submitted('2024-12-20'), [receive('2024-12-20')], only2024)
    expect(snapshot.clock).toMatchObject({
      replyDueOn: null,
      unconfirmed: { code: 'calendar_year_not_loaded', year: 2025 },
    })
  })

  it('refuses a decision that needs that year', () => {
    const received = drive(
      submitted('2024-12-20'),
      [receive('2024-12-20'), { action: 'accept', actor: registrar, on: '2024-12-20' }],
      only2024,
    ).snapshot
    expect(
      refusalOf(
        received,
        { action: 'extend', actor: approver, input: { reason: 'x' }, on: '2024-12-23' },
        only2024,
      ),
    ).toMatchObject({
      code: 'calendar_year_not_loaded',
      year: 2025,
      guard: 'beforeReplyDeadline',
    })
    expect(refusalOf(received, correction('2024-12-23'), only2024)).toMatchObject({
      code: 'calendar_year_not_loaded',
      year: 2025,
    })
  })

  it('decides the same action once the year is loaded', () => {
    const received = drive(submitted('2024-12-20'), [receive('2024-12-20')], only2024).snapshot
    expect(attempt(received, correction('2024-12-23'), calendar).ok).toBe(true)
  })
})
