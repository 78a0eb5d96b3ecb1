// Calendar-date checks on ISO `YYYY-MM-DD` strings without touching the clock or the Date object.
import { isValidIsoDate } from '../../workflows/calendar/iso-date'
import { type Check, fail, pass } from './check'
import { stripInvisible } from './text'

/** Whether year/month/day name a real Gregorian date (year 1 onwards). */
export function isRealDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > 31) return false
  return isValidIsoDate(
    `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
  )
}

/** Whether the string is a real date written as `YYYY-MM-DD` (the calendar's one ISO-date check). */
export function isIsoDate(value: string): boolean {
  return isValidIsoDate(value) && value >= '0001-01-01'
}

/** Limits applied to a date answer; `today` is the caller's Asia/Shanghai date. */
export interface DateRules {
  readonly today: string
  readonly min?: string
  readonly max?: string
  readonly notFuture?: boolean
}

/** Normalises (full-width digits, stray spaces) and checks a date answer. */
export function validateDate(raw: string, rules: DateRules): Check<string | undefined> {
  const value = stripInvisible(raw).normalize('NFKC').trim()
  if (value === '') return pass(undefined)
  if (!isIsoDate(value)) return fail('date_format')
  // ISO dates of equal width compare correctly as strings.
  if (rules.min !== undefined && value < rules.min) return fail('date_before_min', { min: rules.min })
  if (rules.max !== undefined && value > rules.max) return fail('date_after_max', { max: rules.max })
  if (rules.notFuture && value > rules.today) return fail('date_future')
  return pass(value)
}
