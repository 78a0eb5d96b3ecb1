// Public surface of the working-day calendar: build it from calendar years, then count working days.
export {
  addCalendarDays,
  compareIsoDate,
  type DayNumber,
  dayNumber,
  dayOfWeek,
  isValidIsoDate,
  parseIsoDate,
  shanghaiDate,
  toIsoDate,
  yearOf,
} from './iso-date'
export type {
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
export { buildCalendar, MAX_WORKING_DAYS, WEEKEND_REASON } from './working-calendar'
