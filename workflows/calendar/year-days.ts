// The checks every year of exceptional dates passes, however it arrived (an import, an edit, one day), and the
// problem codes they share with the file readers (import.ts). Kept apart from the readers so that editing a year
// does not load ical.js and papaparse (the Worker's build loads those on demand: scripts/worker-build.ts).
import { dayOfWeek, isValidIsoDate, yearOf } from './iso-date'
import type { CalendarDay, IsoDate } from './types'

export type CalendarImportIssueCode =
  | 'too_many_days' // { max }
  | 'invalid_date' // { value }
  | 'outside_year' // { date, year }
  | 'duplicate_date' // { date }
  | 'invalid_name' // { date, max }
  | 'workday_on_weekday' // { date }
  | 'invalid_json'
  | 'json_shape'
  | 'json_entry'
  | 'csv_kind' // { value }
  | 'csv_syntax' // { detail }
  | 'ics_syntax' // { detail }
  | 'ics_event' // { summary }
  | 'ics_end' // { summary }
  | 'empty' // nothing in the file names a day

export interface CalendarImportIssue {
  /** Where: a line of a CSV file, an entry of a JSON list, an event of an iCalendar file, or the whole input. */
  at: { unit: 'line' | 'entry' | 'event'; n: number } | null
  code: CalendarImportIssueCode
  params: Record<string, string | number>
}

/** Where a problem is: a line of a CSV file, an entry of a JSON list, an event of an iCalendar file, or null. */
export type CalendarImportPlace = CalendarImportIssue['at']
type Place = CalendarImportPlace

export const MAX_DAYS_PER_YEAR = 120
export const MAX_DAY_NAME = 40

/** One problem, as the checks and the file readers report it. */
export function importIssue(
  at: Place,
  code: CalendarImportIssueCode,
  params: CalendarImportIssue['params'] = {},
): CalendarImportIssue {
  return { at, code, params }
}

/** Check a year's rows: valid dates inside `year`, each date once, names present, no no-op 调休 on a weekday. */
export function validateCalendarDays(
  year: number,
  days: readonly CalendarDay[],
  /** Where each day came from, for messages; defaults to its position as an entry. */
  places?: readonly Place[],
): CalendarImportIssue[] {
  const issues: CalendarImportIssue[] = []
  const seen = new Set<IsoDate>()
  if (days.length > MAX_DAYS_PER_YEAR)
    issues.push(importIssue(null, 'too_many_days', { max: MAX_DAYS_PER_YEAR }))
  days.forEach((d, i) => {
    const at = places?.[i] ?? { unit: 'entry', n: i + 1 }
    if (!isValidIsoDate(d.date)) {
      issues.push(importIssue(at, 'invalid_date', { value: String(d.date).slice(0, 20) }))
      return
    }
    if (yearOf(d.date) !== year) issues.push(importIssue(at, 'outside_year', { date: d.date, year }))
    if (seen.has(d.date)) issues.push(importIssue(at, 'duplicate_date', { date: d.date }))
    seen.add(d.date)
    const name = d.name.trim()
    if (!name || name.length > MAX_DAY_NAME)
      issues.push(importIssue(at, 'invalid_name', { date: d.date, max: MAX_DAY_NAME }))
    const dow = dayOfWeek(d.date)
    if (d.isWorkday && dow >= 1 && dow <= 5)
      issues.push(importIssue(at, 'workday_on_weekday', { date: d.date }))
  })
  return issues
}
