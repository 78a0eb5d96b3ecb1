import { describe, expect, it } from 'vitest'
import { call } from '../helpers'

interface Explanation {
  from: string
  workingDays: number
  due: string
  countedDays: string[]
  skippedDays: { date: string; reason: string }[]
  calendarYears: number[]
}

async function deadline(from: string, n: number | string) {
  return call(`/api/v1/deadline?from=${from}&workingDays=${n}`)
}

describe('GET /api/v1/deadline', () => {
  it.each([
    ['2024-09-27', 20, '2024-10-30'],
    ['2024-10-30', 20, '2024-11-27'],
    ['2024-09-27', 7, '2024-10-12'],
    ['2024-10-15', 20, '2024-11-12'],
    ['2024-09-28', 20, '2024-10-30'],
    ['2024-04-30', 20, '2024-05-30'],
    ['2025-09-26', 20, '2025-10-30'],
    ['2025-01-24', 20, '2025-02-27'],
    ['2025-12-05', 20, '2026-01-05'],
    ['2026-02-11', 20, '2026-03-17'],
  ])('from %s plus %i working days is %s (DOMAIN.md worked cases)', async (from, n, due) => {
    const res = await deadline(from, n)
    expect(res.status).toBe(200)
    const body = (await res.json()) as Explanation
    expect(body.due).toBe(due)
    expect(body.countedDays).toHaveLength(n)
    expect(body.countedDays.at(-1)).toBe(due)
  })

  it('explains the counted and skipped days across National Day 2024', async () => {
    const body = (await (await deadline('2024-09-27', 20)).json()) as Explanation
    expect(body.countedDays[0]).toBe('2024-09-29') // Sunday 调休 working day
    expect(body.countedDays).toContain('2024-10-12') // Saturday 调休 working day
    expect(body.countedDays).not.toContain('2024-10-01')
    expect(body.skippedDays).toContainEqual({ date: '2024-10-01', reason: '国庆节' })
    expect(body.skippedDays.some((d) => d.reason === '周末')).toBe(true)
    expect(body.calendarYears).toEqual([2024])
  })

  it('is publicly cacheable', async () => {
    const res = await deadline('2024-09-27', 20)
    expect(res.headers.get('cache-control')).toMatch(/public, max-age=\d+/)
  })

  it('refuses to guess when the needed year is not loaded, naming the year', async () => {
    const res = await deadline('2026-12-10', 20)
    expect(res.status).toBe(409)
    const body = (await res.json()) as { error: { code: string; message: string; details: { year: number } } }
    expect(body.error.code).toBe('calendar_year_not_loaded')
    expect(body.error.details.year).toBe(2027)
    expect(body.error.message).toContain('2027')
  })

  it.each([
    ['2024-02-30', 20],
    ['2024-9-27', 20],
    ['yesterday', 20],
    ['2024-09-27', 0],
    ['2024-09-27', 201],
    ['2024-09-27', 1.5],
    ['2024-09-27', 'x'],
    ['9999-12-31', 1],
    ['0001-01-01', 1],
  ])('answers 422 for from=%s workingDays=%s', async (from, n) => {
    const res = await deadline(from, n)
    expect(res.status).toBe(422)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('validation_failed')
  })

  it('answers 422 when a parameter is missing or unknown', async () => {
    expect((await call('/api/v1/deadline?from=2024-09-27')).status).toBe(422)
    expect((await call('/api/v1/deadline?from=2024-09-27&workingDays=5&extra=1')).status).toBe(422)
  })
})
