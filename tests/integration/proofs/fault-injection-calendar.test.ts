// Issue 11, Prove 1 for the national calendar: a day edit by the operator under a D1 whose answer is lost ("timeout") at
// every statement. The client gets a clear 503/4xx; the day and its audit row exist together or not at all; and
// once the edit is retried and the cron has run, every open case's due date is what a clean edit gives.
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { createDb } from '../../../db/client'
import { CRON_BUDGET, continueRecompute } from '../../../workers/services/calendar-recompute'
import { apiLogin, json } from '../helpers'
import { at, newCase, openAndAssign } from '../workflow/case-helpers'
import { clearFailure, faultyD1, send } from './faults'

const DAY = '/api/v1/calendar/2025/days/2025-06-23'

async function dayAndAudit() {
  return env.DB.prepare(
    `SELECT (SELECT count(*) FROM calendar_days WHERE date = '2025-06-23') AS day,
            (SELECT count(*) FROM audit_log WHERE action = 'calendar.day_set' AND target = '2025-06-23') AS audit`,
  ).first<{ day: number; audit: number }>()
}

/** What the cron does after a calendar edit: finish any recompute the edit left. */
const cron = () => continueRecompute(createDb(env.DB), Date.now(), CRON_BUDGET)

async function dueOn(caseId: string) {
  return (await env.DB.prepare('SELECT due_on FROM cases WHERE id = ?')
    .bind(caseId)
    .first<{ due_on: string }>())!.due_on
}

describe('fault injection: a national calendar edit', () => {
  it('leaves the calendar, its audit row and every due date consistent at every statement', async () => {
    const { caseId } = await newCase(at('2025-06-03', 9))
    await openAndAssign(caseId, '2025-06-03')
    const operator = await apiLogin('demo-operator')
    const put = () => json({ isWorkday: false, name: '临时' }, { token: operator, method: 'PUT' })
    const del = () => ({ method: 'DELETE', headers: { authorization: `Bearer ${operator}` } })
    const original = await dueOn(caseId)
    // The control: a clean edit moves the due date by one working day.
    expect((await send(DAY, put())).status).toBe(200)
    await cron()
    const moved = await dueOn(caseId)
    expect(moved).not.toBe(original)
    expect((await send(DAY, del())).status).toBe(200)
    await cron()
    expect(await dueOn(caseId)).toBe(original)

    // 'timeout' only (each statement runs, then its answer is lost): the harder case, where the write stands;
    // 'error' (rolled back) is covered for submissions and actions, and would double this file's run time.
    for (const mode of ['timeout'] as const) {
      let covered = 0
      for (let failAt = 1; failAt < 80; failAt++) {
        const auditsBefore = (await dayAndAudit())!.audit
        const faulty = faultyD1(env.DB, failAt, mode)
        const res = await send(DAY, put(), { DB: faulty.db })
        if (!faulty.state.fired) {
          expect(res.status).toBe(200)
          covered = failAt - 1
        } else if (res.status !== 200) {
          expect(await clearFailure(res), `${mode} at ${failAt}`).toBeNull()
        }
        // The day and its audit row: together or not at all.
        const state = (await dayAndAudit())!
        expect(state.audit - auditsBefore, `${mode} at ${failAt}`).toBe(state.day)
        // Retry clean, let the cron finish any recompute: the due date is the clean edit's.
        expect((await send(DAY, put())).status).toBe(200)
        await cron()
        expect(await dueOn(caseId), `${mode} at ${failAt}`).toBe(moved)
        expect((await send(DAY, del())).status).toBe(200)
        await cron()
        expect(await dueOn(caseId)).toBe(original)
        if (covered) break
      }
      expect(covered).toBeGreaterThan(3)
    }
  }, 300_000)
})
