// When the timer sweep looks at a case again (next_timer_on) and which reminders it writes, on the real 2024–2026
// calendar: receipt confirmation, lapses, consultation windows, fees, due soon, overdue and years not loaded.
import { describe, expect, it } from 'vitest'
import { addCalendarDays, buildCalendar } from '../../../workflows/calendar'
import type { WorkingCalendar } from '../../../workflows/calendar/types'
import { computeClock } from '../../../workflows/clock'
import {
  DEFAULT_DISCLOSURE_SETTINGS,
  type DisclosureSnapshot,
  nextTimer,
  overdueWeek,
  receiptConfirmationDue,
  remindersDue,
  upcomingTimers,
} from '../../../workflows/definitions'
import {
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
  type Step,
  submitted,
  system,
} from './support'

const correction = (on: string): Step => ({
  action: 'request-correction',
  actor: registrar,
  input: { items: ['请明确所需信息的名称、文号或者其他特征描述'] },
  on,
})
const consult = (on: string, consultee = '某局'): Step => ({
  action: 'consult-agency',
  actor: handler,
  input: { consultee },
  on,
})
const feeNotice = (on: string): Step => ({
  action: 'issue-fee-notice',
  actor: handler,
  input: { method: 'per_page', count: 31, amountYuan: 10 },
  on,
})

function clockOf(snapshot: DisclosureSnapshot, today: string, cal: WorkingCalendar = calendar) {
  return computeClock(snapshot.clockEvents, cal, DEFAULT_DISCLOSURE_SETTINGS, today)
}

function next(
  snapshot: DisclosureSnapshot,
  today: string,
  cal: WorkingCalendar = calendar,
  dueSoonWorkingDays = DEFAULT_DISCLOSURE_SETTINGS.dueSoonWorkingDays,
) {
  return nextTimer(snapshot, clockOf(snapshot, today, cal), cal, { dueSoonWorkingDays }, today)
}

describe('the next timer of a case', () => {
  it.each([
    // Receipt confirmation within 1 working day of the submission (DOMAIN.md §3), flagged the day after.
    [
      'submitted Fri, 1 WD is the 调休 Sunday',
      () => submitted('2024-09-27'),
      '2024-09-27',
      'receipt-unconfirmed',
      '2024-09-30',
    ],
    ['submitted Thu', () => submitted('2024-09-26'), '2024-09-26', 'receipt-unconfirmed', '2024-09-28'],
    [
      'submitted before the National Day week',
      () => submitted('2024-09-30'),
      '2024-09-30',
      'receipt-unconfirmed',
      '2024-10-09',
    ],
    // Lapses: the day after the window stated to the applicant or consultee.
    [
      'awaiting correction',
      () => drive(inProgress('2024-09-27'), [correction('2024-10-08')]).snapshot,
      '2024-10-08',
      'correction-lapsed',
      '2024-10-29',
    ],
    [
      'consulting another agency',
      () => drive(inProgress('2024-09-27'), [consult('2024-10-09')]).snapshot,
      '2024-10-09',
      'consultation-lapsed',
      '2024-10-30',
    ],
    [
      'waiting for the fee',
      () => drive(inProgress('2024-09-27'), [feeNotice('2024-10-09')]).snapshot,
      '2024-10-09',
      'fee-lapsed',
      '2024-11-06',
    ],
    // A running reply clock (due Wed 2024-10-30, case A): the first "due soon" day, then the day after the deadline.
    [
      'running, before the due-soon window',
      () => inProgress('2024-09-27'),
      '2024-10-08',
      'due-soon',
      '2024-10-23',
    ],
    [
      'running, on the first due-soon day',
      () => inProgress('2024-09-27'),
      '2024-10-23',
      'overdue',
      '2024-10-31',
    ],
    ['running, on the deadline', () => inProgress('2024-09-27'), '2024-10-30', 'overdue', '2024-10-31'],
    // Overdue reminders repeat weekly until the case is dealt with.
    ['overdue, on its first day', () => inProgress('2024-09-27'), '2024-10-31', 'overdue', '2024-11-07'],
    ['overdue, in its second week', () => inProgress('2024-09-27'), '2024-11-09', 'overdue', '2024-11-14'],
  ] as const)('%s: %s on %s', (_label, build, today, kind, on) => {
    expect(next(build(), today)).toEqual({ kind, on })
  })

  it.each([
    ['a submission whose confirmation day has come', () => submitted('2024-09-27'), '2024-09-30'],
    [
      'a correction window already over',
      () => drive(inProgress('2024-09-27'), [correction('2024-10-08')]).snapshot,
      '2024-10-29',
    ],
    [
      'a closed case',
      () => drive(inProgress('2024-09-27'), replySteps(REFUSAL, '2024-10-10')).snapshot,
      '2024-10-10',
    ],
  ] as const)('is null for %s', (_label, build, today) => {
    expect(next(build(), today)).toBeNull()
  })

  it('moves the first due-soon day with the agency setting', () => {
    expect(next(inProgress('2024-09-27'), '2024-10-08', calendar, 3)).toEqual({
      kind: 'due-soon',
      on: '2024-10-25',
    })
    expect(next(inProgress('2024-09-27'), '2024-10-08', calendar, 0)).toEqual({
      kind: 'due-soon',
      on: '2024-10-30',
    })
  })

  it('returns to the reply clock once the opinion is in, with the excluded days added (case I)', () => {
    const s = drive(inProgress('2024-09-27'), [
      { ...consult('2024-10-09'), action: 'consult-third-party' },
      {
        action: 'receive-opinion',
        actor: handler,
        input: { receivedOn: '2024-10-18', position: 'agrees' },
        on: '2024-10-18',
      },
    ]).snapshot
    expect(clockOf(s, '2024-10-18').replyDueOn).toBe('2024-11-11')
    expect(
      upcomingTimers(s, clockOf(s, '2024-10-18'), calendar, DEFAULT_DISCLOSURE_SETTINGS, '2024-10-18'),
    ).toEqual([
      { kind: 'due-soon', on: '2024-11-04' },
      { kind: 'overdue', on: '2024-11-12' },
    ])
  })

  it('leaves out what depends on a year not loaded, and finds it once the year is there', () => {
    const lastDay = submitted('2026-12-31')
    expect(receiptConfirmationDue(lastDay, calendar)).toBeNull()
    expect(next(lastDay, '2026-12-31')).toBeNull()
    const with2027 = buildCalendar([
      ...[2024, 2025, 2026].map((year) => ({ year, confirmed: true, days: [] })),
      { year: 2027, confirmed: true, days: [{ date: '2027-01-01', isWorkday: false, name: '元旦' }] },
    ])
    // 1 WD after Thu 2026-12-31 is Mon 2027-01-04 (01-01 off); flagged from 01-05.
    expect(next(lastDay, '2026-12-31', with2027)).toEqual({ kind: 'receipt-unconfirmed', on: '2027-01-05' })

    // A reply deadline waiting for 2025: no due-soon or overdue day can be named yet.
    const only2024 = calendarFor([2024])
    const waiting = drive(submitted('2024-12-20'), [receive('2024-12-20')], only2024).snapshot
    expect(clockOf(waiting, '2024-12-20', only2024).replyDueOn).toBeNull()
    expect(next(waiting, '2024-12-20', only2024)).toBeNull()
  })

  it.each([
    ['correction-lapsed', [correction('2024-10-08')]],
    ['consultation-lapsed', [consult('2024-10-09')]],
    ['fee-lapsed', [feeNotice('2024-10-09')]],
  ] as const)('schedules %s for the first day its guard lets it through', (action, steps) => {
    const { snapshot } = drive(inProgress('2024-09-27'), steps)
    const timer = next(snapshot, steps[0]!.on)
    expect(timer?.kind).toBe(action)
    const on = timer!.on
    expect(refusalOf(snapshot, { action, actor: system, on: addCalendarDays(on, -1) }).code).toBe(
      'guard_failed',
    )
    expect(attempt(snapshot, { action, actor: system, on }).ok).toBe(true)
  })
})

const REFUSAL = {
  code: 'not_exist',
  legalBasis: ['《中华人民共和国政府信息公开条例》第三十六条第四项'],
  reasons: '经检索，本机关未制作、获取该信息。',
}

describe('reminders due today', () => {
  it.each([
    ['the confirmation day itself', () => submitted('2024-09-27'), '2024-09-29', []],
    [
      'the day after the confirmation day',
      () => submitted('2024-09-27'),
      '2024-09-30',
      ['receipt_unconfirmed'],
    ],
    ['a running clock far from its deadline', () => inProgress('2024-09-27'), '2024-10-22', []],
    ['the first due-soon day', () => inProgress('2024-09-27'), '2024-10-23', ['due_soon']],
    ['the deadline', () => inProgress('2024-09-27'), '2024-10-30', ['due_soon']],
    ['the day after the deadline', () => inProgress('2024-09-27'), '2024-10-31', ['overdue']],
  ] as const)('on %s: %j', (_label, build, today, kinds) => {
    const s = build()
    expect(remindersDue(s, clockOf(s, today), calendar, today)).toEqual(kinds)
  })
})

describe('weekly overdue rounds', () => {
  it('counts the week since the first overdue day', () => {
    expect(overdueWeek('2024-10-30', '2024-10-31')).toBe(0)
    expect(overdueWeek('2024-10-30', '2024-11-06')).toBe(0)
    expect(overdueWeek('2024-10-30', '2024-11-07')).toBe(1)
    expect(overdueWeek('2024-10-30', '2024-11-21')).toBe(3)
  })
})
