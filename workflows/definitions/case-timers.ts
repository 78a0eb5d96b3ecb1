// The timers and reminders of a case of any workflow: disclosure's own (lapses, reviews) plus its clock's, or the
// clock's alone (Art. 41), filed as the agency's own target's reminders where the date is not statutory.
import type { IsoDate, WorkingCalendar } from '../calendar/types'
import type { ClockState } from '../clock/types'
import { deadlineKindOf } from './case-workflows'
import type { DisclosureSettings, DisclosureSnapshot } from './disclosure-case'
import {
  type CaseTimer,
  clockRemindersDue,
  nextClockTimer,
  nextTimer,
  remindersDue,
} from './disclosure-timers'

/**
 * The reminders of a case due today. A workflow without disclosure's timers (Art. 41) has its clock's reminders
 * only, and where its date is the agency's own target they are the target's reminders, never statutory ones.
 */
export function caseRemindersDue(
  workflowId: string,
  snapshot: DisclosureSnapshot,
  clock: ClockState,
  calendar: WorkingCalendar,
  today: IsoDate,
): string[] {
  if (workflowId === 'disclosure') return remindersDue(snapshot, clock, calendar, today)
  const kinds: string[] = clockRemindersDue(snapshot, clock, calendar, today)
  if (deadlineKindOf(workflowId) !== 'agency_target') return kinds
  return kinds.map((k) => (k === 'due_soon' || k === 'overdue' ? `target_${k}` : k))
}

/** The next timer of any workflow's case (disclosure's lapses and reviews; the clock's alone for the others). */
export function caseNextTimer(
  workflowId: string,
  snapshot: DisclosureSnapshot,
  clock: ClockState,
  calendar: WorkingCalendar,
  settings: DisclosureSettings,
  today: IsoDate,
): CaseTimer | null {
  return workflowId === 'disclosure'
    ? nextTimer(snapshot, clock, calendar, settings, today)
    : nextClockTimer(snapshot, clock, calendar, settings, today)
}
