// Derives the statutory reply clock of one request (Art. 30–35) from its recorded events, as of an injected date.
import {
  addCalendarDays,
  type CalendarResult,
  type CalendarYearNotLoaded,
  type IsoDate,
  isValidIsoDate,
  type PartialCount,
  type WorkingCalendar,
} from '../calendar'
import type {
  ClockEvent,
  ClockSettings,
  ClockState,
  ExcludedSpan,
  IgnoredClockEvent,
  IgnoredEventReason,
  PauseReason,
} from './types'

interface Pause {
  startedOn: IsoDate
  reason: PauseReason
  /** The window runs from this day (the letter's receipt, when recorded), else from startedOn. */
  windowFrom?: IsoDate
  windowDays: number
  endedOn: IsoDate | null
}

interface Correction {
  requestedOn: IsoDate
  windowDays: number
  receivedOn: IsoDate | null
  /** The due date of a new window granted after the first ended, if any. */
  extendedTo?: IsoDate
}

// A pause seen as of one day: working days it excludes (null: needs a missing year), its span unless empty.
interface PauseView {
  workingDays: number | null
  span: ExcludedSpan | null
  windowEndsOn: IsoDate | null
  open: boolean
}

function assertIsoDate(value: IsoDate, what: string): void {
  if (!isValidIsoDate(value)) {
    throw new RangeError(`${what} is not an ISO date (YYYY-MM-DD): ${JSON.stringify(value)}`)
  }
}

const CLOCK_SETTING_KEYS = [
  'replyWorkingDays',
  'correctionNoticeWorkingDays',
  'dueSoonWorkingDays',
  'maxExtensionWorkingDays',
] as const satisfies readonly (keyof ClockSettings)[]

/** Checks the clock's own settings; a workflow's wider settings object (extra keys) is fine. */
function assertSettings(settings: ClockSettings): void {
  for (const key of CLOCK_SETTING_KEYS) {
    const value = settings[key]
    if (!Number.isInteger(value) || value < 0) {
      throw new RangeError(`Clock setting ${key} must be an integer ≥ 0`)
    }
  }
}

/**
 * Computes the reply clock of one request as of `today` (the Asia/Shanghai date, injected by the caller).
 *
 * Events are applied sorted by date (array order within a day); events after `today`, and events the law or the
 * workflow does not allow at that point (a second receipt, correction or extension, a pause that starts after the
 * reply deadline, anything after `stopped`) are listed in `ignoredEvents` and change nothing. An extension longer
 * than `settings.maxExtensionWorkingDays` counts as the maximum. A missing or unconfirmed calendar year never
 * throws: it sets `unconfirmed` and leaves the dates that need it null. Invalid dates or settings throw RangeError.
 */
export function computeClock(
  events: readonly ClockEvent[],
  calendar: WorkingCalendar,
  settings: ClockSettings,
  today: IsoDate,
): ClockState {
  assertIsoDate(today, 'today')
  assertSettings(settings)
  for (const event of events) {
    assertIsoDate(event.on, `${event.type} event date`)
    if (event.type === 'agency-set-date') assertIsoDate(event.dueOn, 'agency-set-date dueOn')
  }
  // Array#sort is stable, so same-day events keep their recorded order.
  const sorted = [...events].sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0))

  let unconfirmed: CalendarYearNotLoaded | null = null
  function known<T>(result: CalendarResult<T>): T | null {
    if (result.ok) return result.value
    unconfirmed ??= result.error
    return null
  }

  let phase: 'not_started' | 'running' | 'awaiting_correction' | 'stopped' = 'not_started'
  let originalReceivedOn: IsoDate | null = null
  let receivedOn: IsoDate | null = null
  let correction: Correction | null = null
  let pauses: Pause[] = []
  let extensionDays: number | null = null
  let agencyDueOn: IsoDate | null = null
  let stoppedOn: IsoDate | null = null
  let stoppedWhileAwaitingCorrection = false
  const ignoredEvents: IgnoredClockEvent[] = []

  function viewPause(pause: Pause, asOf: IsoDate): PauseView {
    const windowEndsOn = known(calendar.addWorkingDays(pause.windowFrom ?? pause.startedOn, pause.windowDays))
    const endedOn = pause.endedOn ?? asOf
    // An unknown window end lies beyond the loaded years, so it cannot cap a span that is countable at all.
    const lapsed = windowEndsOn !== null && endedOn > windowEndsOn
    const to = lapsed && windowEndsOn !== null ? windowEndsOn : endedOn
    const open = pause.endedOn === null && !lapsed && stoppedOn === null
    if (to <= pause.startedOn) return { workingDays: 0, span: null, windowEndsOn, open }
    const workingDays = known(calendar.workingDaysBetween(pause.startedOn, to))
    if (workingDays === null) return { workingDays, span: null, windowEndsOn, open }
    const from = addCalendarDays(pause.startedOn, 1)
    const span: ExcludedSpan = { from, to, reason: pause.reason, workingDays, closed: !open, lapsed }
    return { workingDays, span, windowEndsOn, open }
  }

  // Working days excluded by the pauses as of `asOf`, or null when one of them cannot be counted.
  function excludedWorkingDays(asOf: IsoDate): number | null {
    let total = 0
    for (const pause of pauses) {
      const { workingDays } = viewPause(pause, asOf)
      if (workingDays === null) return null
      total += workingDays
    }
    return total
  }

  function dueAsOf(start: IsoDate, asOf: IsoDate): IsoDate | null {
    if (agencyDueOn !== null) return agencyDueOn
    const excluded = excludedWorkingDays(asOf)
    if (excluded === null) return null
    return known(calendar.addWorkingDays(start, settings.replyWorkingDays + (extensionDays ?? 0) + excluded))
  }

  function ignore(event: ClockEvent, reason: IgnoredEventReason): void {
    ignoredEvents.push({ event, reason })
  }

  for (const event of sorted) {
    if (event.on > today) {
      ignore(event, 'after_today')
      continue
    }
    if (phase === 'stopped') {
      ignore(event, 'after_stop')
      continue
    }
    if (event.type === 'received') {
      if (phase !== 'not_started') ignore(event, 'already_received')
      else {
        originalReceivedOn = event.on
        receivedOn = event.on
        phase = 'running'
      }
      continue
    }
    if (receivedOn === null) {
      ignore(event, 'not_received')
      continue
    }
    const openPause = pauses.find((pause) => pause.endedOn === null)
    switch (event.type) {
      case 'correction-requested':
        if (phase !== 'running' || openPause) ignore(event, 'not_running')
        else if (correction !== null) ignore(event, 'correction_already_requested')
        else {
          correction = { requestedOn: event.on, windowDays: event.windowDays, receivedOn: null }
          phase = 'awaiting_correction'
        }
        break
      case 'correction-window-extended':
        if (phase !== 'awaiting_correction' || correction === null) ignore(event, 'no_correction_requested')
        else correction.extendedTo = event.dueOn
        break
      case 'correction-received':
        if (phase !== 'awaiting_correction' || correction === null) ignore(event, 'no_correction_requested')
        else {
          // Art. 30: the clock restarts from the corrected application; everything counted before is discarded.
          correction.receivedOn = event.on
          receivedOn = event.on
          pauses = []
          extensionDays = null
          agencyDueOn = null
          phase = 'running'
        }
        break
      case 'pause-started': {
        if (phase !== 'running') ignore(event, 'not_running')
        else if (openPause) ignore(event, 'pause_already_open')
        else {
          // A letter sent after the deadline had passed cannot give back time that was already over.
          const due = dueAsOf(receivedOn, event.on)
          if (due !== null && event.on > due) ignore(event, 'after_due_date')
          else
            pauses.push({
              startedOn: event.on,
              reason: event.reason,
              windowDays: event.windowDays,
              endedOn: null,
            })
        }
        break
      }
      case 'pause-window-restarted':
        if (!openPause) ignore(event, 'no_open_pause')
        else {
          openPause.windowFrom = event.on
          openPause.windowDays = event.windowDays
        }
        break
      case 'pause-ended':
        if (!openPause) ignore(event, 'no_open_pause')
        else openPause.endedOn = event.on
        break
      case 'extended': {
        if (phase !== 'running') ignore(event, 'not_running')
        else if (extensionDays !== null) ignore(event, 'already_extended')
        else {
          const due = dueAsOf(receivedOn, event.on)
          if (due !== null && event.on > due) ignore(event, 'after_due_date')
          else extensionDays = Math.min(event.workingDays, settings.maxExtensionWorkingDays)
        }
        break
      }
      case 'agency-set-date':
        if (phase !== 'running') ignore(event, 'not_running')
        else agencyDueOn = event.dueOn
        break
      case 'stopped':
        stoppedWhileAwaitingCorrection = phase === 'awaiting_correction'
        stoppedOn = event.on
        phase = 'stopped'
        break
    }
  }

  if (receivedOn === null || originalReceivedOn === null) return notStarted(ignoredEvents)

  const asOf = stoppedOn ?? today
  const correctionNoticeDueOn = known(
    calendar.addWorkingDays(originalReceivedOn, settings.correctionNoticeWorkingDays),
  )
  const excludedSpans: ExcludedSpan[] = []
  let correctionDueOn: IsoDate | null = null
  const awaiting = phase === 'awaiting_correction' || stoppedWhileAwaitingCorrection
  if (correction !== null) {
    const deadline =
      correction.extendedTo ?? known(calendar.addWorkingDays(correction.requestedOn, correction.windowDays))
    if (phase === 'awaiting_correction') correctionDueOn = deadline
    const to = correction.receivedOn ?? asOf
    if (to > correction.requestedOn) {
      const workingDays = known(calendar.workingDaysBetween(correction.requestedOn, to))
      if (workingDays !== null) {
        excludedSpans.push({
          from: addCalendarDays(correction.requestedOn, 1),
          to,
          reason: 'awaiting_correction',
          workingDays,
          closed: correction.receivedOn !== null || stoppedOn !== null,
          lapsed: deadline !== null && to > deadline,
        })
      }
    }
  }

  // While awaiting correction the clock stands still at the notice day and no reply deadline exists.
  const clockEnd = awaiting && correction !== null ? correction.requestedOn : asOf
  const views = pauses.map((pause) => viewPause(pause, clockEnd))
  let excluded: number | null = 0
  for (const view of views) {
    if (view.span !== null) excludedSpans.push(view.span)
    excluded = excluded === null || view.workingDays === null ? null : excluded + view.workingDays
  }
  const openView = views.find((view) => view.open)
  const status: ClockState['status'] = stoppedOn
    ? 'stopped'
    : awaiting
      ? 'awaiting_correction'
      : openView
        ? 'paused'
        : 'running'

  let baseDueOn: IsoDate | null = null
  let replyDueOn: IsoDate | null = null
  if (!awaiting && excluded !== null) {
    baseDueOn = known(calendar.addWorkingDays(receivedOn, settings.replyWorkingDays + excluded))
    replyDueOn = known(
      calendar.addWorkingDays(receivedOn, settings.replyWorkingDays + (extensionDays ?? 0) + excluded),
    )
  }
  if (!awaiting && agencyDueOn !== null) replyDueOn = agencyDueOn

  const pauseSpans = excludedSpans.filter((span) => span.reason !== 'awaiting_correction')
  const pendingDeadline =
    !awaiting && replyDueOn === null && agencyDueOn === null
      ? pendingCount(receivedOn, settings.replyWorkingDays + (extensionDays ?? 0), excluded, pauseSpans)
      : null
  const countedDays = listCountedDays(
    receivedOn,
    awaiting ? clockEnd : (replyDueOn ?? pendingDeadline?.countedThrough ?? clockEnd),
    pauseSpans,
  )
  const elapsed = known(calendar.workingDaysBetween(receivedOn, clockEnd))
  const workingDaysUsed =
    elapsed !== null && excluded !== null
      ? elapsed - excluded
      : countedDays.filter((day) => day <= clockEnd).length
  const workingDaysLeft = replyDueOn === null ? null : known(calendar.workingDaysBetween(asOf, replyDueOn))

  return {
    status,
    receivedOn,
    originalReceivedOn,
    baseDueOn,
    replyDueOn,
    correctionNoticeDueOn,
    correctionDueOn,
    pauseWindowEndsOn: status === 'paused' ? (openView?.windowEndsOn ?? null) : null,
    extended: extensionDays !== null,
    workingDaysUsed,
    workingDaysLeft,
    dueSoon:
      status === 'running' &&
      workingDaysLeft !== null &&
      workingDaysLeft >= 0 &&
      workingDaysLeft <= settings.dueSoonWorkingDays,
    overdue: status !== 'stopped' && replyDueOn !== null && today > replyDueOn,
    countedDays,
    excludedSpans,
    unconfirmed,
    pendingDeadline,
    stoppedOn,
    ignoredEvents,
  }

  // The reply deadline needs a year that is not loaded: count what the loaded years allow, outside the pauses.
  function pendingCount(
    from: IsoDate,
    workingDays: number,
    excludedSoFar: number | null,
    spans: readonly ExcludedSpan[],
  ): PartialCount | null {
    const partial = calendar.countTowards(from, workingDays + (excludedSoFar ?? 0))
    // Unknown pauses (a window running into the missing year) leave only the year the computation stopped at.
    const missingYear = partial?.missingYear ?? (unconfirmed as CalendarYearNotLoaded | null)?.year
    if (missingYear === undefined) return null
    const lastLoaded = `${String(missingYear - 1).padStart(4, '0')}-12-31`
    const through = partial ? partial.countedThrough : lastLoaded >= from ? lastLoaded : null
    const counted = through === null ? 0 : listCountedDays(from, through, spans).length
    return {
      missingYear,
      countedThrough: through,
      countedDays: counted,
      remainingWorkingDays: Math.max(0, workingDays - counted),
    }
  }

  // Working days in (from, to] outside the spans; stops quietly at the first day whose year is not loaded.
  function listCountedDays(from: IsoDate, to: IsoDate, spans: readonly ExcludedSpan[]): IsoDate[] {
    const days: IsoDate[] = []
    for (let day = addCalendarDays(from, 1); day <= to; day = addCalendarDays(day, 1)) {
      const working = known(calendar.isWorkingDay(day))
      if (working === null) break
      if (working && !spans.some((span) => span.from <= day && day <= span.to)) days.push(day)
    }
    return days
  }
}

function notStarted(ignoredEvents: IgnoredClockEvent[]): ClockState {
  return {
    status: 'not_started',
    receivedOn: null,
    originalReceivedOn: null,
    baseDueOn: null,
    replyDueOn: null,
    correctionNoticeDueOn: null,
    correctionDueOn: null,
    pauseWindowEndsOn: null,
    extended: false,
    workingDaysUsed: 0,
    workingDaysLeft: null,
    dueSoon: false,
    overdue: false,
    countedDays: [],
    excludedSpans: [],
    unconfirmed: null,
    pendingDeadline: null,
    stoppedOn: null,
    ignoredEvents,
  }
}

/** The dates of a clock that are stored and shown as deadlines (a calendar change may move any of them). */
export type ClockDates = Pick<
  ClockState,
  'replyDueOn' | 'correctionDueOn' | 'pauseWindowEndsOn' | 'unconfirmed'
>

/** Whether two clocks of one case name different deadlines (or wait for different calendar years). */
export function clockDatesDiffer(before: ClockDates | null | undefined, after: ClockDates): boolean {
  return (
    before?.replyDueOn !== after.replyDueOn ||
    before?.correctionDueOn !== after.correctionDueOn ||
    before?.pauseWindowEndsOn !== after.pauseWindowEndsOn ||
    (before?.unconfirmed?.year ?? null) !== (after.unconfirmed?.year ?? null)
  )
}
