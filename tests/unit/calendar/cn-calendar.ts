// Test calendars built from the 2024–2026 State Council seed rows, with per-year control over what is loaded.
import { HOLIDAYS_CN } from '../../../db/seed/holidays-cn'
import { buildCalendar, type CalendarYearData, type WorkingCalendar } from '../../../workflows/calendar'

export const SEED_YEARS = [2024, 2025, 2026] as const

export function cnYear(year: number, confirmed = true): CalendarYearData {
  const rows = HOLIDAYS_CN[year]
  if (!rows) throw new Error(`No seed rows for ${year}`)
  return { year, confirmed, days: rows.map(([date, isWorkday, name]) => ({ date, isWorkday, name })) }
}

/** The seed calendar; `unconfirmed` years are passed in but not confirmed, `omit` years are left out. */
export function cnCalendar(options: { omit?: number[]; unconfirmed?: number[] } = {}): WorkingCalendar {
  return buildCalendar(
    SEED_YEARS.filter((year) => !options.omit?.includes(year)).map((year) =>
      cnYear(year, !options.unconfirmed?.includes(year)),
    ),
  )
}
