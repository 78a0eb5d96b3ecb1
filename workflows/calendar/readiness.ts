// Which holiday year staff must load now: the State Council publishes next year's notice around November.

/** Month (1–12) from which next year's calendar is due: the notice usually comes out in November. */
export const NEXT_YEAR_DUE_FROM_MONTH = 11

/**
 * The calendar year that is needed and not loaded (and confirmed), as of `today`: the current year whenever it is
 * missing, otherwise next year from 1 November. Null when nothing is missing yet.
 */
export function calendarYearNeeded(
  confirmedYears: readonly number[],
  today: string,
  fromMonth: number = NEXT_YEAR_DUE_FROM_MONTH,
): number | null {
  const year = Number(today.slice(0, 4))
  const month = Number(today.slice(5, 7))
  if (!confirmedYears.includes(year)) return year
  if (month >= fromMonth && !confirmedYears.includes(year + 1)) return year + 1
  return null
}
