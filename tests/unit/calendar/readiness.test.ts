// Which calendar year staff are asked to load, and from when.
import { describe, expect, it } from 'vitest'
import { calendarYearNeeded } from '../../../workflows/calendar/readiness'

describe('calendarYearNeeded', () => {
  it.each<[string, number[], string, number | null]>([
    ['nothing missing before November', [2026], '2026-10-31', null],
    ['next year from 1 November', [2026], '2026-11-01', 2027],
    ['next year in December', [2024, 2025, 2026], '2026-12-01', 2027],
    ['nothing once next year is confirmed', [2026, 2027], '2026-12-01', null],
    ['the current year itself when it is missing (January, no notice loaded)', [2026], '2027-01-05', 2027],
    ['the current year before next year', [2025], '2026-11-15', 2026],
  ])('%s', (_case, years, today, expected) => {
    expect(calendarYearNeeded(years, today)).toBe(expected)
  })

  it('takes the month from which next year is due as a setting', () => {
    expect(calendarYearNeeded([2026], '2026-10-15', 10)).toBe(2027)
    expect(calendarYearNeeded([2026], '2026-09-30', 10)).toBeNull()
  })
})
