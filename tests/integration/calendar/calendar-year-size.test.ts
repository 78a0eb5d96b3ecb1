// A calendar year of any size is stored in one statement set (one delete, not one bound parameter per date).
import { describe, expect, it } from 'vitest'
import { apiLogin, call, json } from '../helpers'

describe('calendar years', () => {
  it('stores a calendar year with more than 100 dates (one delete, not one bound parameter per date)', async () => {
    const token = await apiLogin('demo-operator')
    const days: { date: string; isWorkday: boolean; name: string }[] = []
    // Every weekend day of 2032 (104) plus the first weekdays of the year as holidays, 110 rows in all.
    for (let d = Date.UTC(2032, 0, 1); d < Date.UTC(2033, 0, 1); d += 86_400_000) {
      const date = new Date(d)
      const weekend = date.getUTCDay() === 0 || date.getUTCDay() === 6
      if (weekend || date.getUTCMonth() === 0)
        days.push({ date: date.toISOString().slice(0, 10), isWorkday: false, name: '休息' })
      if (days.length >= 110 && !weekend) break
    }
    days.splice(110)
    const res = await call('/api/v1/calendar/2032', {
      ...json({ source: '测试', days }, { token }),
      method: 'PUT',
    })
    expect(res.status).toBe(200)
    expect(((await res.json()) as { days: unknown[] }).days).toHaveLength(110)
  })
})
