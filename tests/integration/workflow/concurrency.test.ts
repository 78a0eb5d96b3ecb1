// Optimistic concurrency: a transition applies only to the version the caller saw. Two racing requests on
// one version give exactly one success; the loser and a stale caller get 409 and write nothing.
import { env } from 'cloudflare:workers'
import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { createDb } from '../../../db/client'
import { cases } from '../../../db/schema'
import { AppError } from '../../../workers/errors'
import { letterDepsFrom } from '../../../workers/lib/letter-deps'
import { loadCalendar } from '../../../workers/services/calendar'
import { sealAgencyChain, verifyAgencyChain } from '../../../workers/services/case-store'
import { applyCaseAction } from '../../../workers/services/cases'
import { act, at, detail, errorCode, eventCount, newCase, ok, openAndAssign, SECRECY } from './case-helpers'

const BASIS = ['《中华人民共和国政府信息公开条例》第三十六条']

async function awaitingApproval() {
  const { caseId } = await newCase(at('2024-09-27', 9))
  await openAndAssign(caseId, '2024-09-27')
  await ok(
    caseId,
    'handler',
    'draft-reply',
    { outcome: { code: 'disclosed', legalBasis: BASIS, howToObtain: '邮寄' }, ...SECRECY },
    at('2024-10-08', 9),
  )
  await ok(caseId, 'handler', 'submit-legal-review', {}, at('2024-10-08', 10))
  await ok(caseId, 'legal', 'legal-approve', {}, at('2024-10-08', 11))
  return caseId
}

async function count(sql: string, ...params: unknown[]): Promise<number> {
  return (
    (
      await env.DB.prepare(sql)
        .bind(...params)
        .first<{ n: number }>()
    )?.n ?? 0
  )
}

describe('concurrent transitions', () => {
  it('lets exactly one of two simultaneous approvals with the same version win', async () => {
    const caseId = await awaitingApproval()
    const { version } = await detail(caseId)
    const letters = await count('SELECT count(*) AS n FROM letters WHERE case_id = ?', caseId)
    const [a, b] = await Promise.all([
      act(caseId, 'approver', 'approve', { comment: '甲' }, at('2024-10-08', 14), version),
      act(caseId, 'approver', 'approve', { comment: '乙' }, at('2024-10-08', 14), version),
    ])
    expect([a.status, b.status].sort()).toEqual([200, 409])
    const loser = a.status === 409 ? a : b
    const winner = a.status === 200 ? a : b
    expect(await errorCode(loser)).toBe('conflict')
    expect(await winner.json()).toMatchObject({ state: 'approved', version: version + 1 })

    expect(
      await count(
        'SELECT count(*) AS n FROM case_events WHERE case_id = ? AND action = ?',
        caseId,
        'approve',
      ),
    ).toBe(1)
    const d = await detail(caseId)
    expect(d.version).toBe(version + 1)
    expect(d.state).toBe('approved')
    expect(d.events.map((e) => e.seq)).toEqual(Array.from({ length: version + 1 }, (_, i) => i + 1))
    // The winner's side effects only: the draft became the one signed reply, with one 文号.
    expect(await count('SELECT count(*) AS n FROM letters WHERE case_id = ?', caseId)).toBe(letters)
    expect(
      await count(
        "SELECT count(*) AS n FROM letters WHERE case_id = ? AND status = 'signed' AND kind = 'reply'",
        caseId,
      ),
    ).toBe(1)
  })

  it('loses a race decided at the write (both read the same row) with a conflict and no partial rows', async () => {
    // Requests through fetch may be served one after the other; here both writers surely hold the same row.
    const caseId = await awaitingApproval()
    const db = createDb(env.DB)
    const row = (await db.select().from(cases).where(eq(cases.id, caseId)).get())!
    const calendar = await loadCalendar(db)
    const letters = await count('SELECT count(*) AS n FROM letters WHERE case_id = ?', caseId)
    const outbox = await count('SELECT count(*) AS n FROM outbox')
    const attempt = (comment: string) =>
      applyCaseAction(db, {
        row,
        action: 'approve',
        actor: { kind: 'staff', id: 'user-demo-approver', roles: ['approver'] },
        body: { comment },
        expectedVersion: row.version,
        now: at('2024-10-08', 14),
        calendar,
        letters: letterDepsFrom(env),
      })
    const settled = await Promise.allSettled([attempt('甲'), attempt('乙')])
    const won = settled.filter((s) => s.status === 'fulfilled')
    const lost = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected')
    expect(won).toHaveLength(1)
    expect(lost).toHaveLength(1)
    expect(lost[0]!.reason).toBeInstanceOf(AppError)
    expect((lost[0]!.reason as AppError).code).toBe('conflict')
    const events = await env.DB.prepare(
      `SELECT payload FROM case_events WHERE case_id = ? AND action = 'approve'`,
    )
      .bind(caseId)
      .all<{ payload: string }>()
    expect(events.results).toHaveLength(1)
    const d = await detail(caseId)
    expect(d.version).toBe(row.version + 1)
    expect(d.events.at(-1)!.payload).toEqual(JSON.parse(events.results[0]!.payload))
    // One signed reply: the loser's batch left nothing behind.
    expect(await count('SELECT count(*) AS n FROM letters WHERE case_id = ?', caseId)).toBe(letters)
    expect(
      await count(
        "SELECT count(*) AS n FROM letters WHERE case_id = ? AND status = 'signed' AND kind = 'reply'",
        caseId,
      ),
    ).toBe(1)
    // The winner's reminders to send the reply (the assignee and the registrars), none of the loser's.
    expect(await count('SELECT count(*) AS n FROM outbox')).toBe(outbox + 2)
  })

  it('serialises racing transitions on different cases of one agency without breaking the chain', async () => {
    const ids = await Promise.all([1, 2, 3, 4].map(() => newCase(at('2024-09-27', 9))))
    const results = await Promise.all(
      ids.map(({ caseId }) =>
        act(
          caseId,
          'registrar',
          'confirm-receipt',
          { channel: 'online', receivedOn: '2024-09-27' },
          at('2024-09-27', 11),
          1,
        ),
      ),
    )
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200])
    for (const { caseId } of ids) expect(await eventCount(caseId)).toBe(2)
    const chain = await env.DB.prepare(
      `SELECT count(*) AS n, count(DISTINCT chain_seq) AS d, max(chain_seq) AS m FROM case_events WHERE agency_id = 'agency-demo'`,
    ).first<{ n: number; d: number; m: number }>()
    expect(chain!.d).toBe(chain!.n)
    expect(chain!.m).toBe(chain!.n)
  })

  it('accepts a burst of simultaneous submissions to one agency: none is lost to chain contention', async () => {
    const before = await count(`SELECT count(*) AS n FROM cases WHERE agency_id = 'agency-demo'`)
    const settled = await Promise.allSettled(Array.from({ length: 16 }, () => newCase(at('2024-09-27', 9))))
    const rejected = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected')
    expect(rejected.map((r) => String(r.reason))).toEqual([])
    expect(await count(`SELECT count(*) AS n FROM cases WHERE agency_id = 'agency-demo'`)).toBe(before + 16)
    // Positions were handed out inside each batch: gapless, and the chain seals and verifies.
    const positions = await env.DB.prepare(
      `SELECT count(*) AS n, max(chain_seq) AS m FROM case_events WHERE agency_id = 'agency-demo'`,
    ).first<{ n: number; m: number }>()
    expect(positions!.m).toBe(positions!.n)
    const db = createDb(env.DB)
    await sealAgencyChain(db, 'agency-demo', at('2024-09-27', 10))
    const chain = await verifyAgencyChain(db, 'agency-demo', at('2024-09-27', 10))
    expect(chain).toMatchObject({ ok: true, eventsChecked: positions!.n, unsealed: { events: 0 } })
  })

  it('refuses a stale version with 409 and writes no row', async () => {
    const caseId = await awaitingApproval()
    const { version } = await detail(caseId)
    const events = await eventCount(caseId)
    const outbox = await count('SELECT count(*) AS n FROM outbox')
    for (const stale of [version - 1, 0, version + 1]) {
      const res = await act(caseId, 'approver', 'approve', {}, at('2024-10-08', 14), stale)
      expect(res.status).toBe(409)
      expect(await errorCode(res)).toBe('conflict')
    }
    expect(await eventCount(caseId)).toBe(events)
    expect(await count('SELECT count(*) AS n FROM outbox')).toBe(outbox)
    const d = await detail(caseId)
    expect(d.version).toBe(version)
    expect(d.state).toBe('awaiting_approval')
    // The right version still works afterwards.
    const res = await act(caseId, 'approver', 'approve', {}, at('2024-10-08', 15), version)
    expect(res.status).toBe(200)
  })
})
