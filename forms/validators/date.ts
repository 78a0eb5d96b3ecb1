// Calendar-date checks on ISO `YYYY-MM-DD` strings without touching the clock or the Date object.
import { type Check, fail, pass } from './check'
import { stripInvisible } from './text'

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/** Whether year/month/day name a real Gregorian date. */
export function isRealDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false
  if (year < 1 || month < 1 || month > 12 || day < 1) return false
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0
  return day <= days
}

/** Whether the string is a real date written as `YYYY-MM-DD`. */
export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value)
  return match !== null && isRealDate(Number(match[1]), Number(match[2]), Number(match[3]))
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
