// Which reminders one unit owes for one task on a given day, and when to look again: before each period falls due,
// and once after it passed without a report.
import type { ReportingPeriod } from './periods'

/** Days before a period's due date that its "due soon" reminder goes out, unless told otherwise. */
export const DEFAULT_REMINDER_LEAD_DAYS = 7

export type TaskReminderKind = 'due_soon' | 'overdue'

export interface TaskReminder {
  kind: TaskReminderKind
  period: ReportingPeriod
}

export interface ReminderInput {
  periods: readonly ReportingPeriod[]
  /** Keys of the periods the unit has reported for (in any state). */
  reported: ReadonlySet<string>
  today: string
  /**
   * The day the unit got the task: a period already due before then is flagged in the ledger but not reminded
   * of (importing last year's table must not send a year of overdue notices).
   */
  since: string
  leadDays?: number
}

function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10)
}

/**
 * The reminders due on `today` for the periods not yet reported (`due_soon` from `leadDays` before the due date,
 * `overdue` from the day after it), and the next day anything could change (null: nothing left to remind of).
 * The caller makes each reminder once per period and kind, so asking again the same day sends nothing new.
 */
export function remindersDue(input: ReminderInput): { due: TaskReminder[]; nextOn: string | null } {
  const lead = input.leadDays ?? DEFAULT_REMINDER_LEAD_DAYS
  const due: TaskReminder[] = []
  let nextOn: string | null = null
  const later = (date: string) => {
    if (date > input.today && (nextOn === null || date < nextOn)) nextOn = date
  }
  for (const period of input.periods) {
    if (period.dueOn < input.since || input.reported.has(period.key)) continue
    const soonOn = addDays(period.dueOn, -lead)
    const overdueOn = addDays(period.dueOn, 1)
    if (input.today >= overdueOn) {
      due.push({ kind: 'overdue', period })
    } else {
      if (input.today >= soonOn) due.push({ kind: 'due_soon', period })
      else later(soonOn)
      later(overdueOn)
    }
  }
  return { due, nextOn }
}
