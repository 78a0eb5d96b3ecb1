// Shared types of the working-day calendar (pure; no bindings). Dates are ISO 'YYYY-MM-DD' legal days in Asia/Shanghai.

export type IsoDate = string

/** A date that differs from the Mon–Fri rule: a statutory holiday (isWorkday=false) or a 调休 make-up day (true). */
export interface CalendarDay {
  date: IsoDate
  isWorkday: boolean
  name: string
}

/** One calendar year as loaded from the calendar_days / calendar_years tables. */
export interface CalendarYearData {
  year: number
  /** Only confirmed years may be used for deadlines; others are refused like missing ones. */
  confirmed: boolean
  days: readonly CalendarDay[]
}

export interface CalendarYearNotLoaded {
  code: 'calendar_year_not_loaded'
  year: number
}

export type CalendarResult<T> = { ok: true; value: T } | { ok: false; error: CalendarYearNotLoaded }

/** A day skipped while counting, with why (weekend, or the holiday's name). */
export interface SkippedDay {
  date: IsoDate
  reason: string
}

/** The "explain this date" view of one deadline computation. */
export interface DeadlineExplanation {
  from: IsoDate
  workingDays: number
  due: IsoDate
  /** The working days counted, in order; the last one is `due`. */
  countedDays: IsoDate[]
  /** Non-working days passed over between `from` and `due`. */
  skippedDays: SkippedDay[]
  /** Calendar years the computation relied on. */
  calendarYears: number[]
}

/**
 * How far a count of working days gets before it reaches a year that is not loaded or not confirmed: what is
 * known for certain, never an estimated date.
 */
export interface PartialCount {
  /** The first year the count needs that is not loaded and confirmed. */
  missingYear: number
  /** Last day that could be counted (31 December before `missingYear`), or null when none after `from` could. */
  countedThrough: IsoDate | null
  /** Working days counted up to `countedThrough`. */
  countedDays: number
  /** Working days still to count once `missingYear` is loaded and confirmed. */
  remainingWorkingDays: number
}

/** Working-day arithmetic over loaded, confirmed calendar years. Day of receipt is day 0. */
export interface WorkingCalendar {
  /** Confirmed years available. */
  readonly years: readonly number[]
  /**
   * The same national years with an agency's local rules on top (replacing any this calendar had): each local day
   * overrides the national rule for its date, in confirmed years only. Its name is the reason "explain" gives.
   */
  withLocalDays(days: readonly CalendarDay[]): WorkingCalendar
  isWorkingDay(date: IsoDate): CalendarResult<boolean>
  /** The date that is the n-th working day after `from` (n ≥ 0; n = 0 returns `from`). */
  addWorkingDays(from: IsoDate, n: number): CalendarResult<IsoDate>
  /** Number of working days in (from, to]; negative when to < from. */
  workingDaysBetween(from: IsoDate, to: IsoDate): CalendarResult<number>
  explain(from: IsoDate, n: number): CalendarResult<DeadlineExplanation>
  /**
   * When the n-th working day after `from` lies beyond the loaded years: how many were counted and how many
   * remain. Null when the date is known (addWorkingDays succeeds).
   */
  countTowards(from: IsoDate, n: number): PartialCount | null
}
