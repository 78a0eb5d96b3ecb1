// When the timer sweep must look at a disclosure case again, and which reminders are due today: pure, the date passed in.
import { addCalendarDays, shanghaiDate } from '../calendar'
import type { IsoDate, WorkingCalendar } from '../calendar/types'
import type { ClockState } from '../clock/types'
import type { DisclosureSettings, DisclosureSnapshot } from './disclosure-case'

/** DOMAIN.md §3: an online submission should be confirmed within this many working days (flagged after). */
export const CONFIRM_RECEIPT_WORKING_DAYS = 1

/** What the sweep does on a timer's day: apply a lapse (a system action) or write a reminder. */
export type TimerKind =
  | 'receipt-unconfirmed'
  | 'correction-lapsed'
  | 'consultation-lapsed'
  | 'fee-lapsed'
  | 'due-soon'
  | 'overdue'
  | 'review-overdue'

export interface CaseTimer {
  kind: TimerKind
  /** The first day it is due: the day after the window it closes, or the first "due soon" day. */
  on: IsoDate
}

/** The last day to confirm receipt of a submission still awaiting confirmation, or null (also while the year is missing). */
export function receiptConfirmationDue(
  snapshot: Pick<DisclosureSnapshot, 'state' | 'submittedAt'>,
  calendar: WorkingCalendar,
): IsoDate | null {
  if (snapshot.state !== 'submitted') return null
  const due = calendar.addWorkingDays(shanghaiDate(snapshot.submittedAt), CONFIRM_RECEIPT_WORKING_DAYS)
  return due.ok ? due.value : null
}

/**
 * The first day in (today, dueOn] with at most `dueSoon` working days left, or null when today is already in that
 * window (its reminder is written today) or no such day is known.
 */
function firstDueSoonDay(
  dueOn: IsoDate,
  dueSoon: number,
  calendar: WorkingCalendar,
  today: IsoDate,
): IsoDate | null {
  const leftToday = calendar.workingDaysBetween(today, dueOn)
  if (leftToday.ok && leftToday.value <= dueSoon) return null
  for (let d = addCalendarDays(today, 1), i = 0; d <= dueOn && i < 400; d = addCalendarDays(d, 1), i++) {
    const left = calendar.workingDaysBetween(d, dueOn)
    if (left.ok && left.value <= dueSoon) return d
  }
  return null
}

/**
 * Every timer of the case after `today`, earliest first. `clock` is the case clock as of `today`. Lapses come
 * from the windows stated to the applicant or consultee (the action's guard re-checks against the live calendar);
 * a date that depends on a year not loaded is left out until the year is loaded (the recompute sets it then).
 */
export function upcomingTimers(
  snapshot: DisclosureSnapshot,
  clock: ClockState,
  calendar: WorkingCalendar,
  settings: Pick<DisclosureSettings, 'dueSoonWorkingDays'>,
  today: IsoDate,
): CaseTimer[] {
  const timers: CaseTimer[] = []
  const correction = snapshot.correction
  // A window flagged as ended (v2) waits for a person; its timer does not fire again.
  if (snapshot.state === 'awaiting_correction' && correction && !correction.receivedOn && !snapshot.lapse) {
    timers.push({ kind: 'correction-lapsed', on: addCalendarDays(correction.dueOn, 1) })
  }
  for (const c of snapshot.consultations) {
    if (c.status === 'open')
      timers.push({ kind: 'consultation-lapsed', on: addCalendarDays(c.windowEndsOn, 1) })
  }
  if (snapshot.fee?.status === 'pending' && !snapshot.lapse) {
    timers.push({ kind: 'fee-lapsed', on: addCalendarDays(snapshot.fee.payBy, 1) })
  }
  const review = reviewDueNow(snapshot)
  if (review) timers.push({ kind: 'review-overdue', on: nextWeekly(addCalendarDays(review.dueOn, 1), today) })
  return upcoming([...clockTimers(snapshot, clock, calendar, settings, today), ...timers], today)
}

function upcoming(timers: CaseTimer[], today: IsoDate): CaseTimer[] {
  return timers.filter((t) => t.on > today).sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0))
}

/**
 * The timers every workflow with a case clock has (receipt to confirm, due soon, overdue weekly), whether its date
 * is a statutory deadline or the agency's own target (Art. 41 requests).
 */
export function clockTimers(
  snapshot: Pick<DisclosureSnapshot, 'state' | 'submittedAt'>,
  clock: ClockState,
  calendar: WorkingCalendar,
  settings: Pick<DisclosureSettings, 'dueSoonWorkingDays'>,
  today: IsoDate,
): CaseTimer[] {
  const timers: CaseTimer[] = []
  const confirmBy = receiptConfirmationDue(snapshot, calendar)
  if (confirmBy) timers.push({ kind: 'receipt-unconfirmed', on: addCalendarDays(confirmBy, 1) })
  const due = clock.replyDueOn
  if (due && clock.status === 'running') {
    const soon = firstDueSoonDay(due, settings.dueSoonWorkingDays, calendar, today)
    if (soon) timers.push({ kind: 'due-soon', on: soon })
    // Overdue reminders repeat weekly until the case is dealt with.
    timers.push({ kind: 'overdue', on: nextWeekly(addCalendarDays(due, 1), today) })
  }
  return timers
}

/** The first clock timer after `today` of a case whose workflow has no timers of its own (Art. 41), or null. */
export function nextClockTimer(
  snapshot: Pick<DisclosureSnapshot, 'state' | 'submittedAt'>,
  clock: ClockState,
  calendar: WorkingCalendar,
  settings: Pick<DisclosureSettings, 'dueSoonWorkingDays'>,
  today: IsoDate,
): CaseTimer | null {
  return upcoming(clockTimers(snapshot, clock, calendar, settings, today), today)[0] ?? null
}

/** The first timer of the case after `today` (its `on` is the cases row's next_timer_on), or null. */
export function nextTimer(
  snapshot: DisclosureSnapshot,
  clock: ClockState,
  calendar: WorkingCalendar,
  settings: Pick<DisclosureSettings, 'dueSoonWorkingDays'>,
  today: IsoDate,
): CaseTimer | null {
  return upcomingTimers(snapshot, clock, calendar, settings, today)[0] ?? null
}

/** The first of `first`, `first` + 7, `first` + 14 … that is after `today`. */
function nextWeekly(first: IsoDate, today: IsoDate): IsoDate {
  let day = first
  for (let i = 0; day <= today && i < 520; i++) day = addCalendarDays(day, 7)
  return day
}

/** v2: the internal review step the case waits on, with its due date (legal review or sign-off), if any. */
export function reviewDueNow(
  snapshot: DisclosureSnapshot,
): { step: 'legal' | 'approval'; dueOn: IsoDate } | null {
  const due = snapshot.reviewDue
  if (!due) return null
  if (snapshot.state === 'legal_review' && due.legal) return { step: 'legal', dueOn: due.legal }
  if (snapshot.state === 'awaiting_approval' && due.approval) return { step: 'approval', dueOn: due.approval }
  return null
}

/**
 * Which weekly round of an overdue reminder `today` falls in (0 on the first day overdue): with the deadline it makes
 * the reminder's dedup key, so a rerun writes nothing and each new week writes one more.
 */
export function overdueWeek(dueOn: IsoDate, today: IsoDate): number {
  const days = (Date.parse(`${today}T00:00:00Z`) - Date.parse(`${dueOn}T00:00:00Z`)) / 86_400_000 - 1
  return Math.max(0, Math.floor(days / 7))
}

/**
 * The clock's reminders due today, for any workflow with a case clock: receipt unconfirmed, due soon, overdue. For
 * an agency's own target (Art. 41) the caller files them as the target's reminders, never as statutory ones.
 */
export function clockRemindersDue(
  snapshot: Pick<DisclosureSnapshot, 'state' | 'submittedAt'>,
  clock: ClockState,
  calendar: WorkingCalendar,
  today: IsoDate,
): ReminderKind[] {
  const kinds: ReminderKind[] = []
  const confirmBy = receiptConfirmationDue(snapshot, calendar)
  if (confirmBy && today > confirmBy) kinds.push('receipt_unconfirmed')
  if (clock.dueSoon) kinds.push('due_soon')
  if (clock.overdue) kinds.push('overdue')
  return kinds
}

/** Reminders the sweep writes for the case today (each deduplicated per deadline by the caller). */
export type ReminderKind =
  | 'receipt_unconfirmed'
  | 'due_soon'
  | 'overdue'
  | 'legal_review_overdue'
  | 'approval_overdue'

export function remindersDue(
  snapshot: DisclosureSnapshot,
  clock: ClockState,
  calendar: WorkingCalendar,
  today: IsoDate,
): ReminderKind[] {
  const kinds: ReminderKind[] = clockRemindersDue(snapshot, clock, calendar, today)
  const review = reviewDueNow(snapshot)
  if (review && today > review.dueOn)
    kinds.push(review.step === 'legal' ? 'legal_review_overdue' : 'approval_overdue')
  return kinds
}
