// Public surface of the case clock: derive the statutory reply clock of a request from its recorded events.
export { type ClockDates, clockDatesDiffer, computeClock } from './compute-clock'
export type {
  ClockEvent,
  ClockSettings,
  ClockState,
  ExcludedSpan,
  IgnoredClockEvent,
  IgnoredEventReason,
  PauseReason,
} from './types'
export { DEFAULT_CLOCK_SETTINGS } from './types'
