// Case clock: worked deadlines, correction restart, pauses, extension, flags and refusal of unloaded years.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { addCalendarDays, buildCalendar, dayNumber, toIsoDate } from '../../../workflows/calendar'
import { type ClockEvent, computeClock, DEFAULT_CLOCK_SETTINGS } from '../../../workflows/clock'
import { cnCalendar, cnYear, SEED_YEARS } from '../calendar/cn-calendar'

const calendar = cnCalendar()

const received = (on: string): ClockEvent => ({ type: 'received', on, channel: 'online' })
const correctionRequested = (on: string, windowDays = 15): ClockEvent => ({
  type: 'correction-requested',
  on,
  windowDays,
})
const correctionReceived = (on: string): ClockEvent => ({ type: 'correction-received', on })
const thirdPartyLetter = (on: string): ClockEvent => ({
  type: 'pause-started',
  on,
  reason: 'third_party',
  windowDays: 15,
})
const pauseEnded = (on: string): ClockEvent => ({ type: 'pause-ended', on })
const extended = (on: string, workingDays = 20): ClockEvent => ({ type: 'extended', on, workingDays })
const stopped = (on: string): ClockEvent => ({ type: 'stopped', on })

function clock(events: ClockEvent[], today: string, cal = calendar) {
  return computeClock(events, cal, DEFAULT_CLOCK_SETTINGS, today)
}

describe('worked deadlines (DOMAIN.md §4)', () => {
  it.each<[string, ClockEvent[], string, string]>([
    ['A', [received('2024-09-27')], '2024-09-27', '2024-10-30'],
    ['A+ext', [received('2024-09-27'), extended('2024-10-28')], '2024-10-28', '2024-11-27'],
    [
      'J (corrected 10-15)',
      [received('2024-09-27'), correctionRequested('2024-10-08'), correctionReceived('2024-10-15')],
      '2024-10-15',
      '2024-11-12',
    ],
    ['M (signed for on a Saturday)', [received('2024-09-28')], '2024-09-28', '2024-10-30'],
    ['F', [received('2024-04-30')], '2024-04-30', '2024-05-30'],
    ['C', [received('2025-09-26')], '2025-09-26', '2025-10-30'],
    ['D', [received('2025-01-24')], '2025-01-24', '2025-02-27'],
    ['G', [received('2025-12-05')], '2025-12-05', '2026-01-05'],
    ['H', [received('2026-02-11')], '2026-02-11', '2026-03-17'],
    [
      'I (third party 10-09 → 10-18)',
      [received('2024-09-27'), thirdPartyLetter('2024-10-09'), pauseEnded('2024-10-18')],
      '2024-10-18',
      '2024-11-11',
    ],
    ['received on National Day', [received('2024-10-01')], '2024-10-01', '2024-11-01'],
    ['received on a 调休 Saturday', [received('2024-10-12')], '2024-10-12', '2024-11-08'],
    ['received on New Year’s Eve', [received('2025-12-31')], '2025-12-31', '2026-01-29'],
    ['received before Spring Festival 2024', [received('2024-02-08')], '2024-02-08', '2024-03-13'],
  ])('case %s: reply due %s', (_case, events, today, due) => {
    const state = clock(events, today)
    expect(state.replyDueOn).toBe(due)
    expect(state.unconfirmed).toBeNull()
  })

  it('case B: the 补正 notice is due 7 WD after receipt, on the 调休 Saturday', () => {
    expect(clock([received('2024-09-27')], '2024-09-27').correctionNoticeDueOn).toBe('2024-10-12')
  })
})

describe('a running clock', () => {
  it('counts 20 working days ending on the deadline and reports progress as of today', () => {
    const state = clock([received('2024-09-27')], '2024-10-09')
    expect(state).toMatchObject({
      status: 'running',
      receivedOn: '2024-09-27',
      originalReceivedOn: '2024-09-27',
      baseDueOn: '2024-10-30',
      replyDueOn: '2024-10-30',
      extended: false,
      workingDaysUsed: 4,
      workingDaysLeft: 16,
      dueSoon: false,
      overdue: false,
      excludedSpans: [],
      ignoredEvents: [],
      stoppedOn: null,
    })
    expect(state.countedDays).toHaveLength(20)
    expect(state.countedDays.slice(0, 4)).toEqual(['2024-09-29', '2024-09-30', '2024-10-08', '2024-10-09'])
    expect(state.countedDays.at(-1)).toBe('2024-10-30')
  })

  it.each([
    ['2024-10-22', 6, false, false],
    ['2024-10-23', 5, true, false],
    ['2024-10-30', 0, true, false],
    ['2024-10-31', -1, false, true],
    ['2024-11-04', -3, false, true],
  ])('as of %s: %i WD left, due soon %s, overdue %s', (today, left, dueSoon, overdue) => {
    const state = clock([received('2024-09-27')], today)
    expect(state).toMatchObject({ workingDaysLeft: left, dueSoon, overdue })
  })

  it('uses the configured due-soon warning', () => {
    const settings = { ...DEFAULT_CLOCK_SETTINGS, dueSoonWorkingDays: 2 }
    expect(computeClock([received('2024-09-27')], calendar, settings, '2024-10-25').dueSoon).toBe(false)
    expect(computeClock([received('2024-09-27')], calendar, settings, '2024-10-28').dueSoon).toBe(true)
  })

  it('is not started without a receipt, and ignores the other events', () => {
    const state = clock([thirdPartyLetter('2024-10-09')], '2024-10-10')
    expect(state).toMatchObject({ status: 'not_started', replyDueOn: null, workingDaysLeft: null })
    expect(state.ignoredEvents).toEqual([{ event: thirdPartyLetter('2024-10-09'), reason: 'not_received' }])
  })
})

describe('correction (补正, Art. 30)', () => {
  const request = [received('2024-09-27'), correctionRequested('2024-10-08')]

  it('stops the clock while awaiting the correction, with the applicant’s deadline', () => {
    const state = clock(request, '2024-10-10')
    expect(state).toMatchObject({
      status: 'awaiting_correction',
      replyDueOn: null,
      baseDueOn: null,
      correctionDueOn: '2024-10-28',
      correctionNoticeDueOn: '2024-10-12',
      workingDaysUsed: 3,
      workingDaysLeft: null,
      dueSoon: false,
      overdue: false,
      countedDays: ['2024-09-29', '2024-09-30', '2024-10-08'],
    })
    expect(state.excludedSpans).toEqual([
      {
        from: '2024-10-09',
        to: '2024-10-10',
        reason: 'awaiting_correction',
        workingDays: 2,
        closed: false,
        lapsed: false,
      },
    ])
  })

  it('marks the correction span lapsed once the applicant’s deadline has passed', () => {
    const state = clock(request, '2024-10-29')
    expect(state.excludedSpans[0]).toMatchObject({ to: '2024-10-29', lapsed: true, closed: false })
  })

  it('moves the correction deadline to a new window granted for a good reason, no longer lapsed', () => {
    const granted: ClockEvent = { type: 'correction-window-extended', on: '2024-10-29', dueOn: '2024-11-05' }
    const state = clock([...request, granted], '2024-10-30')
    expect(state.correctionDueOn).toBe('2024-11-05')
    expect(state.excludedSpans[0]).toMatchObject({ to: '2024-10-30', lapsed: false })
    expect(clock([...request, granted], '2024-11-06').excludedSpans[0]).toMatchObject({ lapsed: true })
    // Without a correction awaited there is nothing to extend.
    expect(clock([received('2024-09-27'), granted], '2024-10-30').ignoredEvents).toEqual([
      { event: granted, reason: 'no_correction_requested' },
    ])
  })

  it('restarts the clock when the correction arrives, discarding the days counted before', () => {
    const state = clock([...request, correctionReceived('2024-10-15')], '2024-10-17')
    expect(state).toMatchObject({
      status: 'running',
      receivedOn: '2024-10-15',
      originalReceivedOn: '2024-09-27',
      replyDueOn: '2024-11-12',
      correctionNoticeDueOn: '2024-10-12',
      correctionDueOn: null,
      workingDaysUsed: 2,
      workingDaysLeft: 18,
    })
    expect(state.countedDays[0]).toBe('2024-10-16')
    expect(state.countedDays).toHaveLength(20)
    expect(state.excludedSpans).toEqual([
      {
        from: '2024-10-09',
        to: '2024-10-15',
        reason: 'awaiting_correction',
        workingDays: 6,
        closed: true,
        lapsed: false,
      },
    ])
  })

  it('discards a pause from before the restart along with the counted days', () => {
    const events = [
      received('2024-09-27'),
      thirdPartyLetter('2024-09-29'),
      pauseEnded('2024-10-09'),
      correctionRequested('2024-10-10'),
      correctionReceived('2024-10-15'),
    ]
    const state = clock(events, '2024-10-17')
    expect(state.replyDueOn).toBe('2024-11-12')
    expect(state.excludedSpans.map((span) => span.reason)).toEqual(['awaiting_correction'])
  })

  it('allows only one correction notice', () => {
    const second = correctionRequested('2024-10-20')
    const state = clock([...request, correctionReceived('2024-10-15'), second], '2024-10-21')
    expect(state.status).toBe('running')
    expect(state.ignoredEvents).toEqual([{ event: second, reason: 'correction_already_requested' }])
  })

  it('stays stopped when the case is closed while awaiting the correction (deemed abandoned)', () => {
    const state = clock([...request, stopped('2024-10-29')], '2024-11-05')
    expect(state).toMatchObject({
      status: 'stopped',
      replyDueOn: null,
      overdue: false,
      stoppedOn: '2024-10-29',
    })
  })
})

describe('time not counted (Art. 33 para 3)', () => {
  it('case I: excludes the working days after the letter up to and including the opinion', () => {
    const state = clock(
      [received('2024-09-27'), thirdPartyLetter('2024-10-09'), pauseEnded('2024-10-18')],
      '2024-10-21',
    )
    expect(state).toMatchObject({
      status: 'running',
      baseDueOn: '2024-11-11',
      replyDueOn: '2024-11-11',
      pauseWindowEndsOn: null,
      workingDaysUsed: 5,
      workingDaysLeft: 15,
    })
    expect(state.excludedSpans).toEqual([
      {
        from: '2024-10-10',
        to: '2024-10-18',
        reason: 'third_party',
        workingDays: 8,
        closed: true,
        lapsed: false,
      },
    ])
    expect(state.countedDays).toHaveLength(20)
    expect(state.countedDays).not.toContain('2024-10-10')
    expect(state.countedDays).toContain('2024-10-09')
    expect(state.countedDays).toContain('2024-10-21')
  })

  it('keeps moving the deadline while a pause is open as of today', () => {
    const state = clock([received('2024-09-27'), thirdPartyLetter('2024-10-09')], '2024-10-15')
    expect(state).toMatchObject({
      status: 'paused',
      replyDueOn: '2024-11-06',
      pauseWindowEndsOn: '2024-10-29',
      workingDaysUsed: 4,
      workingDaysLeft: 16,
      dueSoon: false,
    })
    expect(state.excludedSpans).toEqual([
      {
        from: '2024-10-10',
        to: '2024-10-15',
        reason: 'third_party',
        workingDays: 5,
        closed: false,
        lapsed: false,
      },
    ])
  })

  it('never warns “due soon” while paused, even with few working days left', () => {
    const state = clock([received('2024-09-27'), thirdPartyLetter('2024-10-28')], '2024-10-29')
    expect(state).toMatchObject({ status: 'paused', workingDaysLeft: 2, dueSoon: false, overdue: false })
  })

  it('is paused without an excluded span on the day the letter goes out', () => {
    const state = clock([received('2024-09-27'), thirdPartyLetter('2024-10-09')], '2024-10-09')
    expect(state).toMatchObject({ status: 'paused', replyDueOn: '2024-10-30', excludedSpans: [] })
  })

  it('stops excluding when the consultation window ends in silence', () => {
    const state = clock([received('2024-09-27'), thirdPartyLetter('2024-10-09')], '2024-11-05')
    expect(state).toMatchObject({ status: 'running', replyDueOn: '2024-11-20', pauseWindowEndsOn: null })
    expect(state.excludedSpans).toEqual([
      {
        from: '2024-10-10',
        to: '2024-10-29',
        reason: 'third_party',
        workingDays: 15,
        closed: true,
        lapsed: true,
      },
    ])
  })

  it('does not count a late opinion beyond the window', () => {
    const events = [received('2024-09-27'), thirdPartyLetter('2024-10-09'), pauseEnded('2024-11-01')]
    expect(clock(events, '2024-11-05').replyDueOn).toBe('2024-11-20')
  })

  it('treats a fee notice and another agency’s consultation the same way', () => {
    for (const reason of ['fee', 'other_agency'] as const) {
      const events: ClockEvent[] = [
        received('2024-09-27'),
        { type: 'pause-started', on: '2024-10-09', reason, windowDays: 15 },
        pauseEnded('2024-10-18'),
      ]
      const state = clock(events, '2024-10-21')
      expect(state.replyDueOn).toBe('2024-11-11')
      expect(state.excludedSpans[0]?.reason).toBe(reason)
    }
  })

  it('adds an extension after a pause to the moved deadline', () => {
    const events = [
      received('2024-09-27'),
      thirdPartyLetter('2024-10-09'),
      pauseEnded('2024-10-18'),
      extended('2024-11-01'),
    ]
    const state = clock(events, '2024-11-01')
    expect(state).toMatchObject({ baseDueOn: '2024-11-11', replyDueOn: '2024-12-09', extended: true })
    expect(state.countedDays).toHaveLength(40)
  })

  it('moves an extended deadline by a later pause too', () => {
    const events = [
      received('2024-09-27'),
      extended('2024-10-28'),
      thirdPartyLetter('2024-11-01'),
      pauseEnded('2024-11-05'),
    ]
    const state = clock(events, '2024-11-05')
    expect(state).toMatchObject({ baseDueOn: '2024-11-01', replyDueOn: '2024-11-29' })
  })

  it('ignores a consultation started after the deadline had passed', () => {
    const late = thirdPartyLetter('2024-10-31')
    const state = clock([received('2024-09-27'), late], '2024-11-04')
    expect(state).toMatchObject({ status: 'running', replyDueOn: '2024-10-30', overdue: true })
    expect(state.ignoredEvents).toEqual([{ event: late, reason: 'after_due_date' }])
  })

  it('moves the deadline by the pause when the letter goes out on the due day itself', () => {
    const events = [received('2024-09-27'), thirdPartyLetter('2024-10-30'), pauseEnded('2024-11-04')]
    expect(clock(events, '2024-11-04').replyDueOn).toBe('2024-11-04')
  })
})

describe('extension and the agency-set date', () => {
  it('applies only the first extension', () => {
    const second = extended('2024-10-29')
    const state = clock([received('2024-09-27'), extended('2024-10-28'), second], '2024-10-29')
    expect(state.replyDueOn).toBe('2024-11-27')
    expect(state.ignoredEvents).toEqual([{ event: second, reason: 'already_extended' }])
  })

  it('caps an extension at the configured maximum', () => {
    expect(clock([received('2024-09-27'), extended('2024-10-28', 30)], '2024-10-28').replyDueOn).toBe(
      '2024-11-27',
    )
  })

  it('applies a shorter extension as given', () => {
    expect(clock([received('2024-09-27'), extended('2024-10-28', 5)], '2024-10-28').replyDueOn).toBe(
      '2024-11-06',
    )
  })

  it('ignores an extension approved after the deadline', () => {
    const state = clock([received('2024-09-27'), extended('2024-10-31')], '2024-10-31')
    expect(state).toMatchObject({ replyDueOn: '2024-10-30', extended: false, overdue: true })
  })

  it('lets the Art. 35 agency-set date override the reply deadline', () => {
    const events: ClockEvent[] = [
      received('2024-09-27'),
      { type: 'agency-set-date', on: '2024-10-10', dueOn: '2024-12-31' },
    ]
    const state = clock(events, '2024-12-02')
    expect(state).toMatchObject({ baseDueOn: '2024-10-30', replyDueOn: '2024-12-31', overdue: false })
    expect(state.countedDays.at(-1)).toBe('2024-12-31')
  })
})

describe('stopping the clock', () => {
  it('freezes the state as of the reply day', () => {
    const events = [received('2024-09-27'), stopped('2024-10-29')]
    const state = clock(events, '2025-03-01')
    expect(state).toMatchObject({
      status: 'stopped',
      stoppedOn: '2024-10-29',
      replyDueOn: '2024-10-30',
      workingDaysUsed: 19,
      workingDaysLeft: 1,
      overdue: false,
      dueSoon: false,
    })
    expect(clock(events, '2024-10-29')).toEqual(state)
  })

  it('shows a late reply as negative working days left, without the overdue flag', () => {
    expect(clock([received('2024-09-27'), stopped('2024-11-01')], '2024-12-01')).toMatchObject({
      workingDaysLeft: -2,
      overdue: false,
    })
  })

  it('closes an open pause on the stop day and ignores later events', () => {
    const after = pauseEnded('2024-10-18')
    const state = clock(
      [received('2024-09-27'), thirdPartyLetter('2024-10-09'), stopped('2024-10-11'), after],
      '2024-10-20',
    )
    expect(state.status).toBe('stopped')
    expect(state.excludedSpans).toEqual([
      {
        from: '2024-10-10',
        to: '2024-10-11',
        reason: 'third_party',
        workingDays: 2,
        closed: true,
        lapsed: false,
      },
    ])
    expect(state.ignoredEvents).toEqual([{ event: after, reason: 'after_stop' }])
  })
})

describe('event order and today', () => {
  it('sorts events by date and keeps same-day events in array order', () => {
    const inOrder = [received('2024-09-27'), thirdPartyLetter('2024-10-09'), pauseEnded('2024-10-18')]
    const shuffled = [inOrder[2], inOrder[0], inOrder[1]] as ClockEvent[]
    expect(clock(shuffled, '2024-10-21')).toEqual(clock(inOrder, '2024-10-21'))
    const sameDay = [received('2024-09-27'), thirdPartyLetter('2024-10-09'), pauseEnded('2024-10-09')]
    expect(clock(sameDay, '2024-10-21')).toMatchObject({ status: 'running', replyDueOn: '2024-10-30' })
    const reversed = [received('2024-09-27'), pauseEnded('2024-10-09'), thirdPartyLetter('2024-10-09')]
    expect(clock(reversed, '2024-10-21')).toMatchObject({ status: 'paused' })
  })

  it('leaves events dated after today out of the computation', () => {
    const future = pauseEnded('2024-10-18')
    const state = clock([received('2024-09-27'), thirdPartyLetter('2024-10-09'), future], '2024-10-15')
    expect(state.status).toBe('paused')
    expect(state.ignoredEvents).toEqual([{ event: future, reason: 'after_today' }])
  })

  it('ignores a second receipt', () => {
    const again = received('2024-10-08')
    const state = clock([received('2024-09-27'), again], '2024-10-08')
    expect(state.receivedOn).toBe('2024-09-27')
    expect(state.ignoredEvents).toEqual([{ event: again, reason: 'already_received' }])
  })

  it('throws RangeError for an invalid date', () => {
    expect(() => clock([received('2024-02-30')], '2024-03-01')).toThrow(RangeError)
    expect(() => clock([received('2024-02-20')], '2024-3-1')).toThrow(RangeError)
  })
})

describe('missing or unconfirmed calendar years', () => {
  it('refuses a deadline in a year that is not loaded, keeping what can be known', () => {
    const state = clock([received('2026-12-10')], '2026-12-15')
    expect(state).toMatchObject({
      status: 'running',
      unconfirmed: { code: 'calendar_year_not_loaded', year: 2027 },
      replyDueOn: null,
      baseDueOn: null,
      workingDaysLeft: null,
      correctionNoticeDueOn: '2026-12-21',
      workingDaysUsed: 3,
      dueSoon: false,
      overdue: false,
      // What is known: 15 working days through 31 December, 5 left for the 2027 calendar — never a guessed date.
      pendingDeadline: {
        missingYear: 2027,
        countedThrough: '2026-12-31',
        countedDays: 15,
        remainingWorkingDays: 5,
      },
    })
    expect(state.countedDays).toHaveLength(15)
    expect(state.countedDays.slice(0, 3)).toEqual(['2026-12-11', '2026-12-14', '2026-12-15'])
    expect(state.countedDays.at(-1)).toBe('2026-12-31')
  })

  it('leaves the days of a pause out of the partial count, and adds an extension to what remains', () => {
    const state = clock(
      [
        received('2026-11-20'),
        thirdPartyLetter('2026-11-23'),
        pauseEnded('2026-11-27'),
        extended('2026-12-01'),
      ],
      '2026-12-01',
    )
    // 11-23 counted, 11-24..27 paused (4 WD), then 11-30 and December 1–31 (23 WD): 1 + 1 + 23 = 25 of 40.
    expect(state.replyDueOn).toBeNull()
    expect(state.pendingDeadline).toEqual({
      missingYear: 2027,
      countedThrough: '2026-12-31',
      countedDays: 25,
      remainingWorkingDays: 15,
    })
    expect(state.countedDays).not.toContain('2026-11-25')
  })

  it('has no pending deadline when the date is known, while awaiting correction, or with an agency-set date', () => {
    expect(clock([received('2026-11-20')], '2026-11-20').pendingDeadline).toBeNull()
    expect(
      clock([received('2026-12-10'), correctionRequested('2026-12-11')], '2026-12-11').pendingDeadline,
    ).toBeNull()
    const set = clock(
      [received('2026-12-10'), { type: 'agency-set-date', on: '2026-12-11', dueOn: '2027-03-01' }],
      '2026-12-11',
    )
    expect(set.replyDueOn).toBe('2027-03-01')
    expect(set.pendingDeadline).toBeNull()
  })

  it('counts nothing yet for a request received in the missing year itself', () => {
    const state = clock([received('2027-01-04')], '2027-01-04')
    expect(state.pendingDeadline).toEqual({
      missingYear: 2027,
      countedThrough: null,
      countedDays: 0,
      remainingWorkingDays: 20,
    })
  })

  it('turns the partial count into a date once the year is loaded', () => {
    const events = [received('2026-12-10')]
    const before = clock(events, '2026-12-15')
    expect(before.pendingDeadline?.remainingWorkingDays).toBe(5)
    const with2027 = buildCalendar([
      ...SEED_YEARS.map((year) => cnYear(year)),
      { year: 2027, confirmed: true, days: [{ date: '2027-01-01', isWorkday: false, name: '元旦' }] },
    ])
    const after = clock(events, '2026-12-15', with2027)
    // 5 more working days after 31 December: 1 January is a holiday, so 4, 5, 6, 7, 8 January.
    expect(after.replyDueOn).toBe('2027-01-08')
    expect(after.pendingDeadline).toBeNull()
  })

  it('refuses an unconfirmed year exactly like a missing one', () => {
    const state = clock([received('2025-12-05')], '2025-12-08', cnCalendar({ unconfirmed: [2026] }))
    expect(state).toMatchObject({
      replyDueOn: null,
      unconfirmed: { code: 'calendar_year_not_loaded', year: 2026 },
    })
    expect(clock([received('2025-12-05')], '2025-12-08').replyDueOn).toBe('2026-01-05')
  })

  it('names the missing year when today itself is not loaded', () => {
    const state = clock([received('2024-12-20')], '2025-01-06', cnCalendar({ omit: [2025] }))
    expect(state.unconfirmed).toEqual({ code: 'calendar_year_not_loaded', year: 2025 })
    expect(state.workingDaysLeft).toBeNull()
  })
})

describe('clock invariants (property-based)', () => {
  const date = (min: string, max: string) =>
    fc.integer({ min: dayNumber(min), max: dayNumber(max) }).map((d) => toIsoDate(d))

  it('a closed pause moves the deadline by exactly its excluded working days', () => {
    fc.assert(
      fc.property(
        date('2024-01-01', '2026-06-30'),
        fc.integer({ min: 0, max: 19 }),
        fc.integer({ min: 0, max: 30 }),
        (receivedOn, startOffset, length) => {
          const plain = clock([received(receivedOn)], receivedOn)
          const start = addCalendarDays(receivedOn, startOffset)
          const end = addCalendarDays(start, length)
          const events = [received(receivedOn), thirdPartyLetter(start), pauseEnded(end)]
          const state = clock(events, addCalendarDays(end, 1))
          const excluded = state.excludedSpans.reduce((sum, span) => sum + span.workingDays, 0)
          const expected = calendar.addWorkingDays(plain.replyDueOn ?? '', excluded)
          expect(expected).toEqual({ ok: true, value: state.replyDueOn })
          expect(state.countedDays).toHaveLength(DEFAULT_CLOCK_SETTINGS.replyWorkingDays)
          expect(state.countedDays.at(-1)).toBe(state.replyDueOn)
          expect(state.workingDaysUsed + (state.workingDaysLeft ?? Number.NaN)).toBe(20)
        },
      ),
      { numRuns: 300 },
    )
  })
})
