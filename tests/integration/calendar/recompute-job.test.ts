import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { createDb } from '../../../db/client'
import { runScheduled } from '../../../workers/index'
import { continueRecompute } from '../../../workers/services/calendar-recompute'
import { at, detail, newCase, openAndAssign } from '../workflow/case-helpers'

describe('recompute after a calendar edit, in bounded steps', () => {
  it('continues from its cursor in the cron until every open case is done, then removes the job', async () => {
    const a = await newCase(at('2025-06-03', 9))
    const b = await newCase(at('2025-06-03', 9))
    await openAndAssign(a.caseId, '2025-06-03')
    await openAndAssign(b.caseId, '2025-06-03')
    expect((await detail(a.caseId)).dueOn).toBe('2025-07-01')
    // The calendar changes (a new holiday) and a recompute job is pending, as an admin edit leaves it.
    const now = Date.now()
    await env.DB.batch([
      env.DB.prepare(
        `INSERT INTO calendar_days (date, year, is_workday, name, source, updated_at) VALUES ('2025-06-20', 2025, 0, '临时休假', 'test', ?1)`,
      ).bind(now),
      env.DB.prepare('UPDATE calendar_years SET updated_at = ?1 WHERE year = 2025').bind(now),
      env.DB.prepare(
        `INSERT INTO jobs (name, cursor, payload, updated_at) VALUES ('calendar-recompute', '', ?1, ?2)`,
      ).bind(JSON.stringify({ reason: '2025 年节假日安排已更新' }), now),
    ])
    const step = await continueRecompute(createDb(env.DB), now, 1)
    expect(step?.checked).toBe(1)
    expect(step?.next).not.toBeNull()
    const pending = await env.DB.prepare(`SELECT cursor FROM jobs WHERE name = 'calendar-recompute'`).first<{
      cursor: string
    }>()
    expect(pending?.cursor).toBe(step?.next)
    await runScheduled(env, now)
    expect(await env.DB.prepare(`SELECT count(*) AS n FROM jobs`).first<{ n: number }>()).toEqual({ n: 0 })
    for (const id of [a.caseId, b.caseId]) {
      const d = await detail(id)
      expect(d.dueOn).toBe('2025-07-02')
      expect(d.events.filter((e) => e.action === 'calendar-recomputed')).toHaveLength(1)
    }
  })
})
