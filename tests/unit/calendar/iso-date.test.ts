// ISO date helpers: strict parsing and time-zone-free day arithmetic.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  addCalendarDays,
  compareIsoDate,
  dayNumber,
  dayOfWeek,
  isValidIsoDate,
  parseIsoDate,
  shanghaiDate,
  toIsoDate,
  yearOf,
} from '../../../workflows/calendar'

const MS_PER_DAY = 86_400_000

describe('parseIsoDate / isValidIsoDate', () => {
  it.each([
    ['2024-02-29', true],
    ['2000-02-29', true],
    ['2025-12-31', true],
    ['0001-01-01', true],
    ['9999-12-31', true],
    ['2025-02-29', false],
    ['1900-02-29', false],
    ['2025-02-30', false],
    ['2025-04-31', false],
    ['2025-13-01', false],
    ['2025-00-10', false],
    ['2025-01-00', false],
    ['2025-1-05', false],
    ['2025-01-5', false],
    ['25-01-05', false],
    ['2025/01/05', false],
    ['2025-01-05T00:00:00Z', false],
    [' 2025-01-05', false],
    ['2025-01-0a', false],
    ['２０２５-01-05', false],
    ['', false],
  ])('judges %j valid: %s', (value, valid) => {
    expect(isValidIsoDate(value)).toBe(valid)
    expect(parseIsoDate(value) !== null).toBe(valid)
  })

  it('rejects values that are not strings', () => {
    expect(isValidIsoDate(20250105)).toBe(false)
    expect(isValidIsoDate(null)).toBe(false)
    expect(isValidIsoDate(new Date(0))).toBe(false)
  })

  it('maps a date to the same day number as Date.UTC', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1000, 0, 1), max: Date.UTC(9999, 11, 31) }), (ms) => {
        const date = new Date(ms).toISOString().slice(0, 10)
        expect(parseIsoDate(date)).toBe(Math.floor(ms / MS_PER_DAY))
      }),
    )
  })

  it('throws RangeError from dayNumber on an invalid date', () => {
    expect(() => dayNumber('2025-02-30')).toThrow(RangeError)
  })
})

describe('toIsoDate', () => {
  it('round-trips every day number it produces', () => {
    fc.assert(
      fc.property(fc.integer({ min: -719_162, max: 2_932_896 }), (day) => {
        const date = toIsoDate(day)
        expect(isValidIsoDate(date)).toBe(true)
        expect(dayNumber(date)).toBe(day)
      }),
    )
  })

  it.each([
    [0, '1970-01-01'],
    [-1, '1969-12-31'],
    [19_782, '2024-02-29'],
    [-719_162, '0001-01-01'],
  ])('formats day %i as %s', (day, date) => {
    expect(toIsoDate(day)).toBe(date)
  })

  it('formats years below 1000 with four digits, unlike Date.UTC which maps 0–99 to 19xx', () => {
    expect(toIsoDate(dayNumber('0050-03-01'))).toBe('0050-03-01')
  })

  it.each([0.5, Number.NaN, Number.POSITIVE_INFINITY, 2_932_897])('throws RangeError for day %s', (day) => {
    expect(() => toIsoDate(day)).toThrow(RangeError)
  })
})

describe('dayOfWeek', () => {
  it.each([
    ['2024-09-27', 5],
    ['2024-09-28', 6],
    ['2024-09-29', 0],
    ['1970-01-01', 4],
    ['1969-12-28', 0],
  ])('gives %s weekday %i (0 = Sunday)', (date, weekday) => {
    expect(dayOfWeek(date)).toBe(weekday)
  })

  it('agrees with Date#getUTCDay', () => {
    fc.assert(
      fc.property(fc.integer({ min: -100_000, max: 100_000 }), (day) => {
        expect(dayOfWeek(toIsoDate(day))).toBe(new Date(day * MS_PER_DAY).getUTCDay())
      }),
    )
  })
})

describe('addCalendarDays', () => {
  it.each([
    ['2024-02-28', 1, '2024-02-29'],
    ['2025-02-28', 1, '2025-03-01'],
    ['2025-12-31', 1, '2026-01-01'],
    ['2026-01-01', -1, '2025-12-31'],
    ['2024-03-31', 0, '2024-03-31'],
    ['2024-01-31', 30, '2024-03-01'],
  ])('moves %s by %i days to %s', (date, days, expected) => {
    expect(addCalendarDays(date, days)).toBe(expected)
  })

  it('throws RangeError for a fractional day count', () => {
    expect(() => addCalendarDays('2024-01-01', 1.5)).toThrow(RangeError)
  })
})

describe('compareIsoDate and yearOf', () => {
  it('orders dates chronologically', () => {
    expect(compareIsoDate('2024-12-31', '2025-01-01')).toBe(-1)
    expect(compareIsoDate('2025-01-01', '2025-01-01')).toBe(0)
    expect(compareIsoDate('2025-10-02', '2025-09-30')).toBe(1)
  })

  it('refuses to compare an invalid date', () => {
    expect(() => compareIsoDate('2025-02-30', '2025-03-01')).toThrow(RangeError)
  })

  it('reads the year of a date', () => {
    expect(yearOf('2026-12-31')).toBe(2026)
  })
})

describe('shanghaiDate', () => {
  it.each([
    ['2024-12-31T15:59:59.999Z', '2024-12-31'],
    ['2024-12-31T16:00:00.000Z', '2025-01-01'],
    ['2025-06-30T23:30:00.000Z', '2025-07-01'],
    ['2025-03-09T10:00:00.000Z', '2025-03-09'],
    ['1970-01-01T00:00:00.000Z', '1970-01-01'],
    ['1969-12-31T15:59:59.999Z', '1969-12-31'],
  ])('gives the China legal date of %s as %s', (instant, date) => {
    expect(shanghaiDate(Date.parse(instant))).toBe(date)
  })

  it('matches the Asia/Shanghai calendar date reported by Intl', () => {
    const format = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' })
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1992, 0, 1), max: Date.UTC(2100, 0, 1) }), (ms) => {
        expect(shanghaiDate(ms)).toBe(format.format(ms))
      }),
    )
  })

  it('throws RangeError for a non-finite instant', () => {
    expect(() => shanghaiDate(Number.NaN)).toThrow(RangeError)
  })
})
