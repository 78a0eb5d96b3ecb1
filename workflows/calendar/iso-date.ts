// Strict ISO 'YYYY-MM-DD' date helpers on UTC day numbers: pure arithmetic, so no result depends on the process TZ.
import type { IsoDate } from './types'

/** Days since 1970-01-01: the same number as `Date.UTC(y, m - 1, d) / 86_400_000`. */
export type DayNumber = number

const MS_PER_DAY = 86_400_000
// China has used UTC+8 without daylight saving since 1991, which covers every legal date we handle.
const SHANGHAI_OFFSET_MS = 8 * 3_600_000
const MIN_DAY = daysFromCivil(0, 1, 1)
const MAX_DAY = daysFromCivil(9999, 12, 31)
const CHAR_0 = 48
const CHAR_DASH = 45

// Howard Hinnant's days_from_civil: proleptic Gregorian, valid for every year (Date.UTC maps 0–99 to 19xx).
function daysFromCivil(year: number, month: number, day: number): DayNumber {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yearOfEra = y - era * 400
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear
  return era * 146_097 + dayOfEra - 719_468
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31
}

/**
 * Day number of a strict 'YYYY-MM-DD' date, or NaN. Hand-rolled because it sits on the addWorkingDays hot path: eight
 * digit codes checked at once (a code outside 0–9 makes `c | (9 - c)` negative), then integer-only arithmetic
 * (Hinnant's days_from_civil with truncating divisions, exact for years 0000–9999).
 */
export function dayNumberOrNaN(value: string): DayNumber {
  if (value.length !== 10 || value.charCodeAt(4) !== CHAR_DASH || value.charCodeAt(7) !== CHAR_DASH) {
    return Number.NaN
  }
  const c0 = value.charCodeAt(0) - CHAR_0
  const c1 = value.charCodeAt(1) - CHAR_0
  const c2 = value.charCodeAt(2) - CHAR_0
  const c3 = value.charCodeAt(3) - CHAR_0
  const c5 = value.charCodeAt(5) - CHAR_0
  const c6 = value.charCodeAt(6) - CHAR_0
  const c8 = value.charCodeAt(8) - CHAR_0
  const c9 = value.charCodeAt(9) - CHAR_0
  if (
    (c0 |
      (9 - c0) |
      c1 |
      (9 - c1) |
      c2 |
      (9 - c2) |
      c3 |
      (9 - c3) |
      c5 |
      (9 - c5) |
      c6 |
      (9 - c6) |
      c8 |
      (9 - c8) |
      c9 |
      (9 - c9)) <
    0
  ) {
    return Number.NaN
  }
  const year = c0 * 1000 + c1 * 100 + c2 * 10 + c3
  const month = c5 * 10 + c6
  const day = c8 * 10 + c9
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return Number.NaN
  // As daysFromCivil; y >= -1, so the era is 0 for y = -1 (January or February of year 0) only by the -399 shift.
  const y = month <= 2 ? year - 1 : year
  const era = ((y >= 0 ? y : y - 399) / 400) | 0
  const yearOfEra = y - era * 400
  const dayOfYear = (((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) | 0) + day - 1
  return era * 146_097 + yearOfEra * 365 + (yearOfEra >> 2) - ((yearOfEra / 100) | 0) + dayOfYear - 719_468
}

/** Parses a strict ISO calendar date ('2025-02-28'; rejects '2025-02-30', '2025-2-28', times) to its day number, or null. */
export function parseIsoDate(value: string): DayNumber | null {
  const day = dayNumberOrNaN(value)
  return Number.isNaN(day) ? null : day
}

/** True when `value` is a strict, existing ISO calendar date 'YYYY-MM-DD'. */
export function isValidIsoDate(value: unknown): value is IsoDate {
  return typeof value === 'string' && !Number.isNaN(dayNumberOrNaN(value))
}

/** Day number of a valid ISO date; throws RangeError otherwise (a programmer error, not user input). */
export function dayNumber(date: IsoDate): DayNumber {
  const day = dayNumberOrNaN(date)
  if (Number.isNaN(day)) throw new RangeError(`Not an ISO date (YYYY-MM-DD): ${JSON.stringify(date)}`)
  return day
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : `${n}`
}

/** The ISO date of a day number (years 0000–9999); throws RangeError otherwise. */
export function toIsoDate(day: DayNumber): IsoDate {
  if (!Number.isInteger(day) || day < MIN_DAY || day > MAX_DAY) {
    throw new RangeError(`Day number out of range: ${day}`)
  }
  // Hinnant's civil_from_days.
  const z = day + 719_468
  const era = Math.floor(z / 146_097)
  const dayOfEra = z - era * 146_097
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  )
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100))
  const mp = Math.floor((5 * dayOfYear + 2) / 153)
  const dayOfMonth = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1
  const month = mp < 10 ? mp + 3 : mp - 9
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(dayOfMonth)}`
}

/** Calendar year of an ISO date. */
export function yearOf(date: IsoDate): number {
  dayNumber(date)
  return Number(date.slice(0, 4))
}

/** Day of the week of an ISO date: 0 = Sunday … 6 = Saturday (as `Date#getUTCDay`). */
export function dayOfWeek(date: IsoDate): number {
  return weekdayOfDayNumber(dayNumber(date))
}

/** Day of the week of a day number: 0 = Sunday … 6 = Saturday. 1970-01-01 was a Thursday. */
export function weekdayOfDayNumber(day: DayNumber): number {
  return (((day + 4) % 7) + 7) % 7
}

/** `date` moved by `days` calendar days (negative moves back). */
export function addCalendarDays(date: IsoDate, days: number): IsoDate {
  if (!Number.isInteger(days)) throw new RangeError(`Calendar days must be an integer: ${days}`)
  return toIsoDate(dayNumber(date) + days)
}

/** Orders two ISO dates: -1, 0 or 1. Throws RangeError on an invalid date. */
export function compareIsoDate(a: IsoDate, b: IsoDate): -1 | 0 | 1 {
  const x = dayNumber(a)
  const y = dayNumber(b)
  return x < y ? -1 : x > y ? 1 : 0
}

/** The legal date in China (Asia/Shanghai: UTC+8, no DST) at an instant given in epoch milliseconds. */
export function shanghaiDate(instantMs: number): IsoDate {
  if (!Number.isFinite(instantMs)) throw new RangeError(`Not an instant: ${instantMs}`)
  return toIsoDate(Math.floor((instantMs + SHANGHAI_OFFSET_MS) / MS_PER_DAY))
}
