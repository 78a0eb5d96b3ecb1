// Shared types of the case clock model (pure). Clock events are recorded by workflow transitions;
// computeClock(events, calendar, settings, today) derives the statutory state from them.
import type { CalendarYearNotLoaded, IsoDate, PartialCount } from '../calendar/types'

export type PauseReason = 'third_party' | 'other_agency' | 'fee'

export type ClockEvent =
  /** Day of receipt (Art. 31); starts the 20 working-day reply clock. Day 0. */
  | { type: 'received'; on: IsoDate; channel: string }
  /** 补正 notice sent on `on`; the applicant has `windowDays` working days (default 15) to correct. The reply clock stops. */
  | { type: 'correction-requested'; on: IsoDate; windowDays: number }
  /**
   * A new correction window granted on `on` for a good reason (the applicant missed the first): the correction is
   * now due on `dueOn`. The reply clock still stands.
   */
  | { type: 'correction-window-extended'; on: IsoDate; dueOn: IsoDate }
  /** Corrected application received: the reply clock restarts with `on` as the new day 0. */
  | { type: 'correction-received'; on: IsoDate }
  /** Time not counted (Art. 33 para 3): consultation letter sent / fee notice issued on `on`. */
  | { type: 'pause-started'; on: IsoDate; reason: PauseReason; windowDays: number }
  /**
   * The open pause's window now runs `windowDays` working days from `on`: the day the consultee received the letter
   * (Art. 32/34 "自收到征求意见书之日起"), the day the applicant received the fee notice, or a new window granted.
   */
  | { type: 'pause-window-restarted'; on: IsoDate; windowDays: number }
  /** Opinion arrived / fee paid on `on` (that day is still excluded). */
  | { type: 'pause-ended'; on: IsoDate }
  /** One extension of +N (max 20) working days, approved on `on`. */
  | { type: 'extended'; on: IsoDate; workingDays: number }
  /** Art. 35: the agency set a later reply date. */
  | { type: 'agency-set-date'; on: IsoDate; dueOn: IsoDate }
  /** Reply sent or case closed: the clock stops. */
  | { type: 'stopped'; on: IsoDate }

export interface ClockSettings {
  /** Art. 33: 20 working days. */
  replyWorkingDays: number
  /** Art. 30: correction notice within 7 working days of receipt. */
  correctionNoticeWorkingDays: number
  /** Warn this many working days before the reply deadline (configurable, default 5). */
  dueSoonWorkingDays: number
  /** Art. 33: one extension of at most 20 working days. */
  maxExtensionWorkingDays: number
}

export const DEFAULT_CLOCK_SETTINGS: ClockSettings = {
  replyWorkingDays: 20,
  correctionNoticeWorkingDays: 7,
  dueSoonWorkingDays: 5,
  maxExtensionWorkingDays: 20,
}

export interface ExcludedSpan {
  /** First excluded day (inclusive) and last (inclusive). */
  from: IsoDate
  to: IsoDate
  reason: PauseReason | 'awaiting_correction'
  /** Working days inside the span that were not counted. */
  workingDays: number
  /** False while the span is still open (the pause has not ended). */
  closed: boolean
  /**
   * True when the window ran out before the ending event (consultation silence, Art. 32/34: the span stops at the
   * window end; for awaiting_correction: the correction arrived, or is still missing, after its deadline).
   */
  lapsed: boolean
}

/** Why computeClock left an event out of the computation (the workflow engine should have refused it). */
export type IgnoredEventReason =
  | 'after_today'
  | 'after_stop'
  | 'not_received'
  | 'already_received'
  | 'not_running'
  | 'correction_already_requested'
  | 'no_correction_requested'
  | 'pause_already_open'
  | 'no_open_pause'
  | 'already_extended'
  | 'after_due_date'

export interface IgnoredClockEvent {
  event: ClockEvent
  reason: IgnoredEventReason
}

export interface ClockState {
  status: 'not_started' | 'running' | 'paused' | 'awaiting_correction' | 'stopped'
  /** Day 0 of the current reply clock (the corrected receipt after a restart). */
  receivedOn: IsoDate | null
  /** The first day of receipt, before any restart. */
  originalReceivedOn: IsoDate | null
  /** Reply deadline without extension (with pauses added). */
  baseDueOn: IsoDate | null
  /** Current reply deadline: with pauses, extension, or the Art. 35 agency-set date. */
  replyDueOn: IsoDate | null
  /** Latest day to send the 补正 notice (7 WD after the original receipt). */
  correctionNoticeDueOn: IsoDate | null
  /** Applicant's correction deadline while awaiting correction. */
  correctionDueOn: IsoDate | null
  /** End of the current pause window (consultation 15 WD, fee window), while paused. */
  pauseWindowEndsOn: IsoDate | null
  extended: boolean
  /** Working days counted so far toward the reply deadline, as of `today`. */
  workingDaysUsed: number
  /** Working days left until replyDueOn, as of `today` (negative when overdue). */
  workingDaysLeft: number | null
  dueSoon: boolean
  overdue: boolean
  /** Each working day counted toward the reply deadline (up to replyDueOn). */
  countedDays: IsoDate[]
  excludedSpans: ExcludedSpan[]
  /** Set when a needed calendar year is missing or unconfirmed: dates that depend on it are null. */
  unconfirmed: CalendarYearNotLoaded | null
  /**
   * When the reply deadline runs into a year that is not loaded: the working days counted toward it up to the last
   * loaded day (pauses excluded) and those still to count. Never an estimated date. Null otherwise.
   */
  pendingDeadline: PartialCount | null
  /** Day of the `stopped` event; the state is frozen as of that day. */
  stoppedOn: IsoDate | null
  /** Events that did not affect the clock, with why, so a person can check the result. */
  ignoredEvents: IgnoredClockEvent[]
}
