// Working-day calendar: the worked deadlines of DOMAIN.md §4, refusal of unloaded years, and arithmetic laws.
import chineseDays from 'chinese-days'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  addCalendarDays,
  buildCalendar,
  type CalendarYearData,
  dayNumber,
  dayOfWeek,
  toIsoDate,
  type WorkingCalendar,
} from '../../../workflows/calendar'
import { cnCalendar, cnYear, SEED_YEARS } from './cn-calendar'

const calendar = cnCalendar()

function value<T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!result.ok) throw new Error(`Expected a value, got ${JSON.stringify(result.error)}`)
  return result.value
}

const notLoaded = (year: number) => ({ ok: false, error: { code: 'calendar_year_not_loaded', year } })

describe('worked deadlines (DOMAIN.md §4)', () => {
  it.each([
    ['A: 20 WD over National Day 2024', '2024-09-27', 20, '2024-10-30'],
    ['A+ext: +20 WD from the A deadline', '2024-10-30', 20, '2024-11-27'],
    ['B: 补正 notice, 7 WD, ends on the 调休 Saturday', '2024-09-27', 7, '2024-10-12'],
    ['J: restarted from the corrected receipt', '2024-10-15', 20, '2024-11-12'],
    ['M: signed for on a Saturday', '2024-09-28', 20, '2024-10-30'],
    ['F: over Labour Day 2024', '2024-04-30', 20, '2024-05-30'],
    ['C: over National Day + Mid-Autumn 2025', '2025-09-26', 20, '2025-10-30'],
    ['D: over Spring Festival 2025', '2025-01-24', 20, '2025-02-27'],
    ['G: across New Year 2026', '2025-12-05', 20, '2026-01-05'],
    ['H: over Spring Festival 2026', '2026-02-11', 20, '2026-03-17'],
  ])('%s: %s + %i WD = %s', (_case, from, n, due) => {
    expect(calendar.addWorkingDays(from, n)).toEqual({ ok: true, value: due })
  })
})

describe('addWorkingDays', () => {
  it.each([
    ['received on a statutory holiday (National Day)', '2024-10-01', 20, '2024-11-01'],
    ['received on a 调休 working Saturday', '2024-10-12', 20, '2024-11-08'],
    ['received on New Year’s Eve, 2026-01-04 Sunday works', '2025-12-31', 20, '2026-01-29'],
    ['received just before Spring Festival 2024', '2024-02-08', 20, '2024-03-13'],
    ['received on an ordinary Sunday', '2024-03-10', 1, '2024-03-11'],
    ['one WD after a Friday before a 调休 Sunday', '2024-09-27', 1, '2024-09-29'],
    ['one WD after the last day of a holiday', '2024-10-07', 1, '2024-10-08'],
    ['from the last day before a loaded year', '2023-12-31', 1, '2024-01-02'],
  ])('%s: %s + %i WD = %s', (_case, from, n, due) => {
    expect(calendar.addWorkingDays(from, n)).toEqual({ ok: true, value: due })
  })

  it('returns the day itself for 0 working days, even a holiday', () => {
    expect(calendar.addWorkingDays('2024-10-01', 0)).toEqual({ ok: true, value: '2024-10-01' })
  })

  it('refuses a deadline that runs into a year that is not loaded, naming it', () => {
    expect(calendar.addWorkingDays('2026-12-10', 20)).toEqual(notLoaded(2027))
  })

  it('still answers near the end of the last year when the result stays inside it', () => {
    expect(calendar.addWorkingDays('2026-12-10', 15)).toEqual({ ok: true, value: '2026-12-31' })
  })

  it('refuses when the first day to count lies in a missing earlier year', () => {
    expect(calendar.addWorkingDays('2023-12-30', 1)).toEqual(notLoaded(2023))
  })

  it('treats an unconfirmed year exactly like a missing one', () => {
    const unconfirmed = cnCalendar({ unconfirmed: [2025] })
    const omitted = cnCalendar({ omit: [2025] })
    for (const cal of [unconfirmed, omitted]) {
      expect(cal.years).toEqual([2024, 2026])
      expect(cal.addWorkingDays('2024-12-20', 20)).toEqual(notLoaded(2025))
      expect(cal.addWorkingDays('2024-12-20', 8)).toEqual(notLoaded(2025))
      expect(cal.addWorkingDays('2024-12-20', 7)).toEqual({ ok: true, value: '2024-12-31' })
      expect(cal.addWorkingDays('2025-06-01', 1)).toEqual(notLoaded(2025))
      expect(cal.isWorkingDay('2025-03-03')).toEqual(notLoaded(2025))
      expect(cal.addWorkingDays('2025-12-31', 1)).toEqual({ ok: true, value: '2026-01-04' })
    }
  })

  it('refuses everything that needs a day when no year is confirmed', () => {
    const empty = buildCalendar([cnYear(2025, false)])
    expect(empty.years).toEqual([])
    expect(empty.addWorkingDays('2025-03-03', 1)).toEqual(notLoaded(2025))
    expect(empty.addWorkingDays('2025-12-31', 1)).toEqual(notLoaded(2026))
    expect(empty.isWorkingDay('2025-03-03')).toEqual(notLoaded(2025))
    expect(empty.workingDaysBetween('2025-03-03', '2025-03-04')).toEqual(notLoaded(2025))
    expect(empty.addWorkingDays('2025-03-03', 0)).toEqual({ ok: true, value: '2025-03-03' })
  })

  it.each([-1, 1.5, 10_001, Number.NaN])('throws RangeError for n = %s', (n) => {
    expect(() => calendar.addWorkingDays('2024-09-27', n)).toThrow(RangeError)
    expect(() => calendar.explain('2024-09-27', n)).toThrow(RangeError)
  })

  it('accepts the largest allowed n', () => {
    expect(calendar.addWorkingDays('2024-01-01', 10_000)).toEqual(notLoaded(2027))
  })

  it('throws RangeError for an invalid date', () => {
    expect(() => calendar.addWorkingDays('2025-02-30', 1)).toThrow(RangeError)
    expect(() => calendar.isWorkingDay('2025-2-3')).toThrow(RangeError)
    expect(() => calendar.workingDaysBetween('2025-01-01', 'tomorrow')).toThrow(RangeError)
  })
})

describe('isWorkingDay', () => {
  it.each([
    ['2024-09-27', true, 'an ordinary Friday'],
    ['2024-09-28', false, 'an ordinary Saturday'],
    ['2024-09-29', true, 'a 调休 Sunday'],
    ['2024-10-01', false, 'National Day'],
    ['2024-10-05', false, 'a holiday on a Saturday'],
    ['2025-10-06', false, 'Mid-Autumn inside National Day 2025'],
    ['2026-01-04', true, 'the New Year 调休 Sunday'],
    ['2026-02-23', false, 'the last Spring Festival day 2026'],
  ])('%s is a working day: %s (%s)', (date, working) => {
    expect(calendar.isWorkingDay(date)).toEqual({ ok: true, value: working })
  })

  it('agrees with chinese-days on every day of 2024–2026', () => {
    const mismatches: string[] = []
    for (let d = dayNumber('2024-01-01'); d <= dayNumber('2026-12-31'); d++) {
      const date = toIsoDate(d)
      // chinese-days mixes UTC parsing with local getters: reliable at UTC and east of it (CI: UTC, Asia/Shanghai).
      if (value(calendar.isWorkingDay(date)) !== chineseDays.isWorkday(date)) mismatches.push(date)
    }
    expect(mismatches).toEqual([])
  })
})

describe('workingDaysBetween', () => {
  it.each([
    ['2024-09-27', '2024-10-30', 20],
    ['2024-10-30', '2024-09-27', -20],
    ['2024-09-27', '2024-09-27', 0],
    ['2024-09-27', '2024-09-28', 0],
    ['2024-09-28', '2024-09-29', 1],
    ['2025-12-05', '2026-01-05', 20],
    ['2024-01-01', '2024-12-31', 251],
  ])('counts working days in (%s, %s] as %i', (from, to, count) => {
    expect(calendar.workingDaysBetween(from, to)).toEqual({ ok: true, value: count })
  })

  it('names the missing year when the range leaves the loaded years', () => {
    expect(calendar.workingDaysBetween('2026-12-01', '2027-01-10')).toEqual(notLoaded(2027))
    expect(calendar.workingDaysBetween('2027-01-10', '2026-12-01')).toEqual(notLoaded(2027))
    expect(cnCalendar({ omit: [2025] }).workingDaysBetween('2024-06-01', '2026-06-01')).toEqual(
      notLoaded(2025),
    )
  })
})

describe('explain', () => {
  it('lists counted and skipped days with reasons for case B', () => {
    expect(calendar.explain('2024-09-27', 7)).toEqual({
      ok: true,
      value: {
        from: '2024-09-27',
        workingDays: 7,
        due: '2024-10-12',
        countedDays: [
          '2024-09-29',
          '2024-09-30',
          '2024-10-08',
          '2024-10-09',
          '2024-10-10',
          '2024-10-11',
          '2024-10-12',
        ],
        skippedDays: [
          { date: '2024-09-28', reason: '周末' },
          ...['01', '02', '03', '04', '05', '06', '07'].map((d) => ({
            date: `2024-10-${d}`,
            reason: '国庆节',
          })),
        ],
        calendarYears: [2024],
      },
    })
  })

  it('names every year a deadline across New Year relied on (case G)', () => {
    const explanation = value(calendar.explain('2025-12-05', 20))
    expect(explanation.due).toBe('2026-01-05')
    expect(explanation.calendarYears).toEqual([2025, 2026])
    expect(explanation.countedDays).toHaveLength(20)
    expect(explanation.countedDays.at(-1)).toBe('2026-01-05')
    expect(explanation.skippedDays).toContainEqual({ date: '2026-01-03', reason: '元旦' })
    expect(explanation.skippedDays).toContainEqual({ date: '2025-12-06', reason: '周末' })
  })

  it('explains 0 working days as no days at all', () => {
    expect(value(calendar.explain('2024-10-01', 0))).toMatchObject({ due: '2024-10-01', countedDays: [] })
  })

  it('refuses like addWorkingDays when a year is missing', () => {
    expect(calendar.explain('2026-12-10', 20)).toEqual(notLoaded(2027))
  })
})

describe('buildCalendar input checks', () => {
  const day = (date: string, isWorkday = false) => ({ date, isWorkday, name: '测试' })

  it.each<[string, CalendarYearData[]]>([
    ['a year given twice', [cnYear(2024), cnYear(2024)]],
    ['a date filed under the wrong year', [{ year: 2024, confirmed: true, days: [day('2025-01-01')] }]],
    [
      'a date given twice',
      [{ year: 2024, confirmed: true, days: [day('2024-05-01'), day('2024-05-01', true)] }],
    ],
    ['an impossible date', [{ year: 2025, confirmed: true, days: [day('2025-02-30')] }]],
    ['a year out of range', [{ year: 1.5, confirmed: true, days: [] }]],
  ])('throws RangeError for %s', (_case, years) => {
    expect(() => buildCalendar(years)).toThrow(RangeError)
  })

  it('applies a row on an ordinary weekday and leaves the neighbours alone', () => {
    const cal = buildCalendar([{ year: 2030, confirmed: true, days: [day('2030-03-06')] }])
    expect(cal.addWorkingDays('2030-03-05', 1)).toEqual({ ok: true, value: '2030-03-07' })
    expect(cal.workingDaysBetween('2030-03-01', '2030-03-08')).toEqual({ ok: true, value: 4 })
  })
})

// A day-by-day reference over the raw rows: the slow, obviously right definition the fast tables must equal.
function naiveAdd(years: readonly CalendarYearData[], from: string, n: number): string | number {
  const rows = new Map(
    years.filter((y) => y.confirmed).flatMap((y) => y.days.map((d) => [d.date, d.isWorkday])),
  )
  const loaded = new Set(years.filter((y) => y.confirmed).map((y) => y.year))
  let day = from
  for (let counted = 0; counted < n; ) {
    day = addCalendarDays(day, 1)
    const year = Number(day.slice(0, 4))
    if (!loaded.has(year)) return year
    const weekday = dayOfWeek(day)
    if (rows.get(day) ?? (weekday !== 0 && weekday !== 6)) counted++
  }
  return day
}

describe('working-day arithmetic laws (property-based)', () => {
  const seedYears = SEED_YEARS.map((year) => cnYear(year))
  const anyDate = fc
    .integer({ min: dayNumber('2023-12-20'), max: dayNumber('2027-01-10') })
    .map((d) => toIsoDate(d))
  const inRangeDate = fc
    .integer({ min: dayNumber('2024-01-01'), max: dayNumber('2026-09-30') })
    .map((d) => toIsoDate(d))
  const count = fc.integer({ min: 0, max: 60 })

  it('equals a day-by-day count over the raw rows, including the refused year', () => {
    fc.assert(
      fc.property(anyDate, count, (from, n) => {
        const expected = naiveAdd(seedYears, from, n)
        const actual = calendar.addWorkingDays(from, n)
        expect(actual).toEqual(
          typeof expected === 'string' ? { ok: true, value: expected } : notLoaded(expected),
        )
      }),
      { numRuns: 2000 },
    )
  })

  it('adding a then b equals adding a + b', () => {
    fc.assert(
      fc.property(anyDate, count, count, (from, a, b) => {
        const first = calendar.addWorkingDays(from, a)
        const chained = first.ok ? calendar.addWorkingDays(first.value, b) : first
        expect(chained).toEqual(calendar.addWorkingDays(from, a + b))
      }),
      { numRuns: 1000 },
    )
  })

  it('lands on a working day, strictly later for every extra working day', () => {
    fc.assert(
      fc.property(inRangeDate, fc.integer({ min: 1, max: 60 }), (from, n) => {
        const due = value(calendar.addWorkingDays(from, n))
        expect(value(calendar.isWorkingDay(due))).toBe(true)
        expect(value(calendar.addWorkingDays(from, n - 1)) < due).toBe(true)
        expect(dayNumber(due) - dayNumber(from)).toBeGreaterThanOrEqual(n)
      }),
      { numRuns: 1000 },
    )
  })

  it('counts back exactly n working days between from and the due date', () => {
    fc.assert(
      fc.property(inRangeDate, count, (from, n) => {
        const due = value(calendar.addWorkingDays(from, n))
        expect(calendar.workingDaysBetween(from, due)).toEqual({ ok: true, value: n })
        expect(calendar.workingDaysBetween(due, from)).toEqual({ ok: true, value: 0 - n })
      }),
      { numRuns: 1000 },
    )
  })

  it('never moves a deadline earlier when a weekday becomes a holiday, nor later for a make-up day', () => {
    fc.assert(
      fc.property(inRangeDate, fc.integer({ min: 1, max: 60 }), inRangeDate, (from, n, changed) => {
        const year = Number(changed.slice(0, 4))
        const existing = seedYears.find((y) => y.year === year)?.days ?? []
        const withoutRow = existing.filter((d) => d.date !== changed)
        const variant = (isWorkday: boolean): WorkingCalendar =>
          buildCalendar(
            seedYears.map((y) =>
              y.year === year
                ? { ...y, days: [...withoutRow, { date: changed, isWorkday, name: '测试' }] }
                : y,
            ),
          )
        const base = value(calendar.addWorkingDays(from, n))
        const offDue = variant(false).addWorkingDays(from, n)
        const onDue = value(variant(true).addWorkingDays(from, n))
        if (offDue.ok) expect(offDue.value >= base).toBe(true)
        expect(onDue <= base).toBe(true)
      }),
      { numRuns: 300 },
    )
  })

  it('answers isWorkingDay like the day-by-day definition on every seed year day', () => {
    fc.assert(
      fc.property(inRangeDate, (date) => {
        const before = addCalendarDays(date, -1)
        expect(value(calendar.isWorkingDay(date))).toBe(naiveAdd(seedYears, before, 1) === date)
      }),
    )
  })
})

describe('workingDaysBetween backwards', () => {
  it('answers a plain zero (not -0, which JSON cannot carry) when no working day lies between', () => {
    const result = cnCalendar().workingDaysBetween('2024-10-06', '2024-10-05')
    expect(result.ok && Object.is(result.value, 0)).toBe(true)
  })
})

describe('countTowards: what is known of a deadline that runs into a missing year', () => {
  it('counts up to 31 December and leaves the rest for the missing year (received 2026-12-01, 2027 not loaded)', () => {
    // December 2026 after the 1st: 22 working days (Mon–Fri, no holidays) — so 20 fit; from the 10th, 15 do.
    expect(calendar.countTowards('2026-12-01', 20)).toBeNull()
    expect(calendar.countTowards('2026-12-10', 20)).toEqual({
      missingYear: 2027,
      countedThrough: '2026-12-31',
      countedDays: 15,
      remainingWorkingDays: 5,
    })
  })

  it('counts nothing when the day after receipt is already in the missing year', () => {
    expect(calendar.countTowards('2026-12-31', 20)).toEqual({
      missingYear: 2027,
      countedThrough: '2026-12-31',
      countedDays: 0,
      remainingWorkingDays: 20,
    })
    expect(calendar.countTowards('2027-01-04', 20)).toEqual({
      missingYear: 2027,
      countedThrough: null,
      countedDays: 0,
      remainingWorkingDays: 20,
    })
  })

  it('stops at a gap year and treats an unconfirmed year as missing', () => {
    const gap = cnCalendar({ unconfirmed: [2025] })
    expect(gap.countTowards('2024-12-20', 20)).toEqual({
      missingYear: 2025,
      countedThrough: '2024-12-31',
      countedDays: 7,
      remainingWorkingDays: 13,
    })
  })

  it('is null exactly when addWorkingDays knows the date, and otherwise adds up to n (property)', () => {
    const seedYears = SEED_YEARS.map((year) => cnYear(year))
    fc.assert(
      fc.property(
        fc.integer({ min: dayNumber('2026-10-01'), max: dayNumber('2027-01-10') }).map((d) => toIsoDate(d)),
        fc.integer({ min: 0, max: 60 }),
        (from, n) => {
          const partial = calendar.countTowards(from, n)
          const due = calendar.addWorkingDays(from, n)
          expect(partial === null).toBe(due.ok)
          if (partial === null || due.ok) return
          expect(partial.missingYear).toBe(due.error.year)
          expect(partial.countedDays + partial.remainingWorkingDays).toBe(n)
          // The counted part is exactly the working days a day-by-day count finds before the missing year.
          let counted = 0
          while (counted < n && typeof naiveAdd(seedYears, from, counted + 1) === 'string') counted++
          expect(partial.countedDays).toBe(counted)
        },
      ),
      { numRuns: 500 },
    )
  })
})
