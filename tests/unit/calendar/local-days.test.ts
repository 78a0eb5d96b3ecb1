// An agency's local holiday rules (e.g. 广西 三月三) on top of the national calendar: they move that agency's
// deadlines, are named in "explain this date", and never make a refused year usable.
import { describe, expect, it } from 'vitest'
import { cnCalendar } from './cn-calendar'

const SANYUESAN = [
  { date: '2025-03-31', isWorkday: false, name: '壮族三月三（广西壮族自治区规定）' },
  { date: '2025-04-01', isWorkday: false, name: '壮族三月三（广西壮族自治区规定）' },
]

describe('local holiday rules', () => {
  const national = cnCalendar()
  const local = national.withLocalDays(SANYUESAN)

  it('skip the local days and name them as the reason', () => {
    expect(national.addWorkingDays('2025-03-28', 2)).toEqual({ ok: true, value: '2025-04-01' })
    expect(local.addWorkingDays('2025-03-28', 2)).toEqual({ ok: true, value: '2025-04-03' })
    const explained = local.explain('2025-03-28', 2)
    expect(explained.ok && explained.value.skippedDays).toEqual([
      { date: '2025-03-29', reason: '周末' },
      { date: '2025-03-30', reason: '周末' },
      { date: '2025-03-31', reason: '壮族三月三（广西壮族自治区规定）' },
      { date: '2025-04-01', reason: '壮族三月三（广西壮族自治区规定）' },
    ])
  })

  it('leave the national calendar untouched', () => {
    expect(national.isWorkingDay('2025-03-31')).toEqual({ ok: true, value: true })
    expect(local.isWorkingDay('2025-03-31')).toEqual({ ok: true, value: false })
  })

  it('may make a weekend a local working day (调休)', () => {
    const swapped = national.withLocalDays([{ date: '2025-04-05', isWorkday: true, name: '三月三调休上班' }])
    expect(swapped.isWorkingDay('2025-04-05')).toEqual({ ok: true, value: true })
  })

  it('never make a year usable that the nation has not confirmed', () => {
    const partial = cnCalendar({ unconfirmed: [2026] }).withLocalDays([
      { date: '2026-04-20', isWorkday: false, name: '三月三' },
    ])
    expect(partial.isWorkingDay('2026-04-21')).toEqual({
      ok: false,
      error: { code: 'calendar_year_not_loaded', year: 2026 },
    })
  })

  it('refuse the same local date twice', () => {
    expect(() => national.withLocalDays([SANYUESAN[0]!, SANYUESAN[0]!])).toThrow(RangeError)
  })
})
