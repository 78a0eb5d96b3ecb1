// Working-day calendar over confirmed years: prefix counts per day make every query O(1) after one build.
import { type DayNumber, dayNumber, dayNumberOrNaN, toIsoDate, weekdayOfDayNumber } from './iso-date'
import type {
  CalendarDay,
  CalendarResult,
  CalendarYearData,
  CalendarYearNotLoaded,
  DeadlineExplanation,
  IsoDate,
  PartialCount,
  SkippedDay,
  WorkingCalendar,
} from './types'

/** Upper bound for `n` in addWorkingDays / explain: far beyond any statutory period, so larger is a bug. */
export const MAX_WORKING_DAYS = 10_000

/** Reason given for a skipped Saturday or Sunday that has no calendar row. */
export const WEEKEND_REASON = '周末'

function missing(year: number): { ok: false; error: CalendarYearNotLoaded } {
  return { ok: false, error: { code: 'calendar_year_not_loaded', year } }
}

function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value }
}

function assertWorkingDayCount(n: number): void {
  if (!Number.isInteger(n) || n < 0 || n > MAX_WORKING_DAYS) {
    throw new RangeError(`Working days must be an integer in 0..${MAX_WORKING_DAYS}: ${n}`)
  }
}

function parseOrThrow(date: IsoDate): DayNumber {
  const day = dayNumberOrNaN(date)
  if (Number.isNaN(day)) throw new RangeError(`Not an ISO date (YYYY-MM-DD): ${JSON.stringify(date)}`)
  return day
}

function firstOfYear(year: number): DayNumber {
  return dayNumber(`${String(year).padStart(4, '0')}-01-01`)
}

function validateYears(years: readonly CalendarYearData[]): CalendarYearData[] {
  const seen = new Set<number>()
  const confirmed: CalendarYearData[] = []
  for (const data of years) {
    if (!Number.isInteger(data.year) || data.year < 1 || data.year > 9998) {
      throw new RangeError(`Calendar year out of range: ${data.year}`)
    }
    if (seen.has(data.year)) throw new RangeError(`Calendar year ${data.year} given twice`)
    seen.add(data.year)
    const dates = new Set<string>()
    for (const day of data.days) {
      dayNumber(day.date)
      if (!day.date.startsWith(`${data.year}-`)) {
        throw new RangeError(`Calendar day ${day.date} listed under year ${data.year}`)
      }
      if (dates.has(day.date)) throw new RangeError(`Calendar day ${day.date} given twice`)
      dates.add(day.date)
    }
    // An unconfirmed year is dropped here so that every query treats it exactly like a missing one.
    if (data.confirmed) confirmed.push(data)
  }
  return confirmed.sort((a, b) => a.year - b.year)
}

function validateLocalDays(local: readonly CalendarDay[]): void {
  const dates = new Set<string>()
  for (const day of local) {
    dayNumber(day.date)
    if (dates.has(day.date)) throw new RangeError(`Local calendar day ${day.date} given twice`)
    dates.add(day.date)
  }
}

/**
 * Builds the working-day calendar from calendar years (the calendar_years / calendar_days rows), and optionally an
 * agency's local rules on top (an autonomous region's own festivals): a local day overrides the national rule for
 * that date, in confirmed years only — a year that is not confirmed stays refused whatever local rules it has.
 * Only confirmed years are used; a query that needs any other year answers `calendar_year_not_loaded`.
 * Throws RangeError on malformed data (duplicate year or date, a date filed under the wrong year).
 */
export function buildCalendar(
  years: readonly CalendarYearData[],
  local: readonly CalendarDay[] = [],
): WorkingCalendar {
  const confirmed = validateYears(years)
  validateLocalDays(local)
  const loadedYears = Object.freeze(confirmed.map((data) => data.year))
  // With no confirmed year the tables are empty (lastYear < firstYear) and every query is refused.
  const firstYear = confirmed[0]?.year ?? 0
  const lastYear = confirmed.at(-1)?.year ?? -1
  const base = firstOfYear(firstYear)
  const yearStart = new Int32Array(lastYear - firstYear + 2)
  for (let y = firstYear; y <= lastYear + 1; y++) yearStart[y - firstYear] = firstOfYear(y) - base
  const length = yearStart[lastYear - firstYear + 1] ?? 0

  // Per-day tables over [first Jan of firstYear, 31 Dec of lastYear]; gap years keep the plain Mon–Fri rule
  // but are never answered from, because every query first checks that its years are loaded.
  const working = new Uint8Array(length)
  const yearIndex = new Uint16Array(length)
  const exceptions = new Map<DayNumber, CalendarDay>()
  for (let i = 0; i < length; i++) {
    const weekday = weekdayOfDayNumber(base + i)
    working[i] = weekday === 0 || weekday === 6 ? 0 : 1
  }
  for (let y = 0; y <= lastYear - firstYear; y++) {
    const start = yearStart[y] ?? 0
    const end = yearStart[y + 1] ?? 0
    yearIndex.fill(y, start, end)
  }
  for (const data of confirmed) {
    for (const day of data.days) {
      const d = dayNumber(day.date)
      working[d - base] = day.isWorkday ? 1 : 0
      exceptions.set(d, day)
    }
  }
  const confirmedYears = new Set(confirmed.map((data) => data.year))
  for (const day of local) {
    if (!confirmedYears.has(Number(day.date.slice(0, 4)))) continue
    const d = dayNumber(day.date)
    working[d - base] = day.isWorkday ? 1 : 0
    exceptions.set(d, day)
  }

  // Last loaded year of the contiguous run that starts at each year (firstYear - 1 when the year itself is missing).
  const loaded = new Set(loadedYears)
  const runEndYear = new Int32Array(lastYear - firstYear + 1)
  for (let y = lastYear; y >= firstYear; y--) {
    const next = y === lastYear ? lastYear : (runEndYear[y + 1 - firstYear] ?? 0)
    runEndYear[y - firstYear] = loaded.has(y) ? (loaded.has(y + 1) ? next : y) : firstYear - 1
  }

  // prefix[i] = working days in [base, base + i); workingOffsets[k] = offset of the (k+1)-th one.
  const prefix = new Int32Array(length + 1)
  let count = 0
  for (let i = 0; i < length; i++) {
    prefix[i] = count
    count += working[i] ?? 0
  }
  prefix[length] = count
  const workingOffsets = new Int32Array(count)
  for (let i = 0, k = 0; i < length; i++) if (working[i] === 1) workingOffsets[k++] = i

  const isoByOffset: IsoDate[] = new Array(length)
  for (let i = 0; i < length; i++) isoByOffset[i] = toIsoDate(base + i)
  // The hot path's answers, built once: each day's frozen `ok` result, and for each day the end of its loaded run
  // (offset one past it, or -1) with the year a query running past it lacks. addWorkingDays then allocates nothing.
  const okByOffset: { readonly ok: true; readonly value: IsoDate }[] = new Array(length)
  for (let i = 0; i < length; i++) okByOffset[i] = Object.freeze({ ok: true, value: isoByOffset[i]! })
  const runEndByOffset = new Int32Array(length)
  const missingYearByOffset = new Int32Array(length)
  for (let y = firstYear; y <= lastYear; y++) {
    const runEnd = runEndYear[y - firstYear] ?? firstYear - 1
    const loadedRun = runEnd >= y
    const start = yearStart[y - firstYear] ?? 0
    const end = yearStart[y - firstYear + 1] ?? 0
    runEndByOffset.fill(loadedRun ? (yearStart[runEnd - firstYear + 1] ?? 0) : -1, start, end)
    missingYearByOffset.fill(loadedRun ? runEnd + 1 : y, start, end)
  }

  function yearOfDay(d: DayNumber): number {
    const offset = d - base
    if (offset >= 0 && offset < length) return firstYear + (yearIndex[offset] ?? 0)
    return Number(toIsoDate(d).slice(0, 4))
  }

  // Offset one past the last day of the loaded run containing day `d`, or -1 with the missing year.
  function runEndOffset(d: DayNumber): { end: number; missingYear: number } {
    const year = yearOfDay(d)
    if (year < firstYear || year > lastYear) return { end: -1, missingYear: year }
    const runEnd = runEndYear[year - firstYear] ?? firstYear - 1
    if (runEnd < year) return { end: -1, missingYear: year }
    return { end: yearStart[runEnd - firstYear + 1] ?? 0, missingYear: runEnd + 1 }
  }

  function isoOf(d: DayNumber): IsoDate {
    return isoByOffset[d - base] ?? toIsoDate(d)
  }

  // Working days in (from, to] for from < to, or the first year that is not loaded.
  function countAfter(from: DayNumber, to: DayNumber): CalendarResult<number> {
    const run = runEndOffset(from + 1)
    if (run.end < 0) return missing(run.missingYear)
    if (to - base >= run.end) return missing(run.missingYear)
    return ok((prefix[to - base + 1] ?? 0) - (prefix[from + 1 - base] ?? 0))
  }

  function addFromDay(from: DayNumber, n: number): CalendarResult<DayNumber> {
    if (n === 0) return ok(from)
    const run = runEndOffset(from + 1)
    if (run.end < 0) return missing(run.missingYear)
    const target = workingOffsets[(prefix[from + 1 - base] ?? 0) + n - 1]
    if (target === undefined || target >= run.end) return missing(run.missingYear)
    return ok(base + target)
  }

  return {
    years: loadedYears,

    withLocalDays(days) {
      return buildCalendar(years, days)
    },

    isWorkingDay(date) {
      const d = parseOrThrow(date)
      const run = runEndOffset(d)
      if (run.end < 0) return missing(run.missingYear)
      return ok(working[d - base] === 1)
    },

    addWorkingDays(from, n) {
      assertWorkingDayCount(n)
      const d = parseOrThrow(from)
      // Inside the tables: two lookups and a shared frozen answer (the same values as addFromDay's).
      const next = d + 1 - base
      if (n !== 0 && next >= 0 && next < length) {
        const end = runEndByOffset[next]!
        if (end >= 0) {
          const target = workingOffsets[prefix[next]! + n - 1]
          if (target !== undefined && target < end) return okByOffset[target]!
        }
        return missing(missingYearByOffset[next]!)
      }
      const result = addFromDay(d, n)
      return result.ok ? ok(isoOf(result.value)) : result
    },

    workingDaysBetween(from, to) {
      const a = parseOrThrow(from)
      const b = parseOrThrow(to)
      if (a === b) return ok(0)
      if (a < b) return countAfter(a, b)
      const result = countAfter(b, a)
      return result.ok ? ok(result.value === 0 ? 0 : -result.value) : result
    },

    explain(from, n) {
      assertWorkingDayCount(n)
      const start = parseOrThrow(from)
      const result = addFromDay(start, n)
      if (!result.ok) return result
      const due = result.value
      const countedDays: IsoDate[] = []
      const skippedDays: SkippedDay[] = []
      const calendarYears: number[] = []
      for (let d = start + 1; d <= due; d++) {
        const year = yearOfDay(d)
        if (calendarYears[calendarYears.length - 1] !== year) calendarYears.push(year)
        if (working[d - base] === 1) {
          countedDays.push(isoOf(d))
        } else {
          const exception = exceptions.get(d)
          skippedDays.push({ date: isoOf(d), reason: exception ? exception.name : WEEKEND_REASON })
        }
      }
      const explanation: DeadlineExplanation = {
        from,
        workingDays: n,
        due: isoOf(due),
        countedDays,
        skippedDays,
        calendarYears,
      }
      return ok(explanation)
    },

    countTowards(from, n) {
      assertWorkingDayCount(n)
      const start = parseOrThrow(from)
      if (n === 0) return null
      const run = runEndOffset(start + 1)
      if (run.end < 0) {
        // Not one day after `from` is known: `from` itself may still be the last loaded day (31 December).
        const through = yearOfDay(start) < run.missingYear ? from : null
        const partial: PartialCount = {
          missingYear: run.missingYear,
          countedThrough: through,
          countedDays: 0,
          remainingWorkingDays: n,
        }
        return partial
      }
      const counted = (prefix[run.end] ?? 0) - (prefix[start + 1 - base] ?? 0)
      if (counted >= n) return null
      return {
        missingYear: run.missingYear,
        countedThrough: isoOf(base + run.end - 1),
        countedDays: counted,
        remainingWorkingDays: n - counted,
      }
    },
  }
}
