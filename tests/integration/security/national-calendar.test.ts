// The national holiday calendar belongs to the deployment's platform operator: no tenant's admin can move every
// tenant's deadlines. Agencies add local rules that apply to their own cases only, named as such, and every
// recompute names who changed what.
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { apiLogin, bearer, browserLogin, call, json } from '../helpers'
import { faultyD1, send } from '../proofs/faults'
import { foreignStaffToken, postAction } from '../workflow/agency-staff'
import { at, detail, newCase, openAndAssign, token } from '../workflow/case-helpers'

const OTHER = 'agency-second'

beforeAll(async () => {
  await env.DB.prepare(
    `INSERT OR IGNORE INTO agencies (id, slug, name, kind, created_at) VALUES (?1, 'second', '第二县人民政府', 'government', ?2)`,
  )
    .bind(OTHER, Date.now())
    .run()
})

async function write(token: string, path: string, body: unknown, method = 'PUT') {
  return call(path, { ...json(body, { token }), method })
}

const calendarRows = async () =>
  (await env.DB.prepare('SELECT count(*) AS n, max(updated_at) AS u FROM calendar_days').first()) as unknown

describe('the national calendar', () => {
  it('refuses every change by any agency admin, top-level or not, and nothing moves', async () => {
    const { caseId } = await newCase(at('2026-11-20', 9))
    await openAndAssign(caseId, '2026-11-20')
    const dueBefore = (await detail(caseId)).dueOn
    const before = await calendarRows()
    const secondAdmin = await foreignStaffToken(OTHER, 'admin', 'second-admin')
    for (const token of [secondAdmin, await apiLogin('demo-admin')]) {
      const attempts = [
        await write(token, '/api/v1/calendar/2026/days/2026-12-10', { isWorkday: false, name: '假' }),
        await write(token, '/api/v1/calendar/2026/confirm', { confirmed: false }, 'POST'),
        await write(token, '/api/v1/calendar/2026', { source: 'x', days: [] }),
        await call('/api/v1/calendar/2026/days/2026-10-01', bearer(token, { method: 'DELETE' })),
        await write(
          token,
          '/api/v1/calendar/2027/import',
          { format: 'json', text: '[]', source: 'x' },
          'POST',
        ),
      ]
      expect(attempts.map((r) => r.status)).toEqual([403, 403, 403, 403, 403])
    }
    expect(await calendarRows()).toEqual(before)
    expect((await detail(caseId)).dueOn).toBe(dueBefore)
    const year = (await (await call('/api/v1/calendar/2026')).json()) as { confirmed: boolean }
    expect(year.confirmed).toBe(true)
  })

  it('shows an admin the year without the forms that change it, and refuses the forms posted anyway', async () => {
    const { cookie, csrf } = await browserLogin('demo-admin')
    const html = await (await call('/admin/calendar/2026', { headers: { cookie } })).text()
    expect(html).toContain('id="operator-only"')
    expect(html).not.toContain('action="/admin/calendar/2026/confirm"')
    expect(html).not.toContain('action="/admin/calendar/2026/import#import"')
    const posted = await call('/admin/calendar/2026/confirm', {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf, confirmed: 'false' }).toString(),
    })
    expect(posted.status).toBe(403)
  })

  it('lets the operator change it; the audit row is the platform’s, the trail names the operator', async () => {
    const { caseId } = await newCase(at('2025-06-03', 9))
    await openAndAssign(caseId, '2025-06-03')
    const operator = await apiLogin('demo-operator')
    const res = await write(operator, '/api/v1/calendar/2025/days/2025-06-23', {
      isWorkday: false,
      name: '临时',
    })
    expect(res.status).toBe(200)
    const audit = await env.DB.prepare(
      "SELECT agency_id, actor_id FROM audit_log WHERE action = 'calendar.day_set' AND target = '2025-06-23'",
    ).first()
    expect(audit).toEqual({ agency_id: null, actor_id: 'user-demo-operator' })
    const event = (await detail(caseId)).events.at(-1) as unknown as Record<string, unknown>
    expect(event).toMatchObject({ action: 'calendar-recomputed', actorId: 'user-demo-operator' })
    expect(event.payload).toMatchObject({
      causes: [
        { actorId: 'user-demo-operator', scope: 'national', change: 'calendar.day_set', date: '2025-06-23' },
      ],
    })
    await call('/api/v1/calendar/2025/days/2025-06-23', bearer(operator, { method: 'DELETE' }))
  })
})

describe('local holiday rules', () => {
  const RULE = '/api/v1/agencies/demo/calendar/local/2025-04-01'

  it('apply to the agency’s own cases only, are named in "explain this date" and recompute with their actor', async () => {
    const demoCase = await newCase(at('2025-03-20', 9))
    await openAndAssign(demoCase.caseId, '2025-03-20')
    const foreign = await newCase(at('2025-03-20', 9), { agencyId: OTHER })
    const registrar = await foreignStaffToken(OTHER, 'registrar', 'second-registrar')
    const confirm = await postAction(
      foreign.caseId,
      registrar,
      'confirm-receipt',
      { version: 1, channel: 'online', receivedOn: '2025-03-20' },
      at('2025-03-20', 11),
    )
    expect(confirm.status).toBe(200)
    const foreignDue = async () =>
      (
        await env.DB.prepare('SELECT due_on AS d FROM cases WHERE id = ?')
          .bind(foreign.caseId)
          .first<{ d: string }>()
      )?.d
    const dueDemo = (await detail(demoCase.caseId)).dueOn
    const dueForeign = await foreignDue()
    expect(dueDemo).toBe(dueForeign)

    const admin = await apiLogin('demo-admin')
    const res = await write(admin, RULE, { isWorkday: false, name: '三月三' })
    expect(res.status).toBe(200)
    // The demo case's deadline moves one working day; the other tenant's does not.
    const after = await detail(demoCase.caseId)
    expect(after.dueOn).not.toBe(dueDemo)
    expect(await foreignDue()).toBe(dueForeign)
    const event = after.events.at(-1) as unknown as Record<string, unknown>
    expect(event).toMatchObject({ action: 'calendar-recomputed', actorId: 'user-demo-admin' })
    expect(event.payload).toMatchObject({
      causes: [
        expect.objectContaining({
          scope: 'local',
          agencyId: 'agency-demo',
          change: 'calendar.local_day_set',
        }),
      ],
    })
    const audit = await env.DB.prepare(
      "SELECT agency_id, actor_id FROM audit_log WHERE action = 'calendar.local_day_set' AND target = '2025-04-01'",
    ).first()
    expect(audit).toEqual({ agency_id: 'agency-demo', actor_id: 'user-demo-admin' })

    // "Explain this date" for the agency (and its sub-agencies) names the local rule; nationally nothing changed.
    for (const agency of ['demo', 'demo-town']) {
      const local = (await (
        await call(`/api/v1/deadline?from=2025-03-31&workingDays=2&agency=${agency}`)
      ).json()) as { due: string; skippedDays: { date: string; reason: string }[] }
      expect(local.due).toBe('2025-04-03')
      expect(local.skippedDays).toContainEqual({
        date: '2025-04-01',
        reason: '三月三（示范县人民政府地方规定）',
      })
    }
    const national = (await (await call('/api/v1/deadline?from=2025-03-31&workingDays=2')).json()) as {
      due: string
    }
    expect(national.due).toBe('2025-04-02')
    const other = (await (
      await call('/api/v1/deadline?from=2025-03-31&workingDays=2&agency=second')
    ).json()) as { due: string }
    expect(other.due).toBe('2025-04-02')

    const removed = await call(RULE, bearer(admin, { method: 'DELETE' }))
    expect(removed.status).toBe(200)
    expect((await detail(demoCase.caseId)).dueOn).toBe(dueDemo)
  })

  it('are set by the agency’s own admin only', async () => {
    const secondAdmin = await foreignStaffToken(OTHER, 'admin', 'second-admin')
    expect((await write(secondAdmin, RULE, { isWorkday: false, name: 'x' })).status).toBe(404)
    const handler = await apiLogin('demo-handler')
    expect((await write(handler, RULE, { isWorkday: false, name: 'x' })).status).toBe(403)
    const listed = await call('/api/v1/agencies/demo/calendar/local', bearer(handler))
    expect(listed.status).toBe(200)
  })

  it('are confirmed current in the same query as the national calendar by an action (one round trip)', async () => {
    const { caseId } = await newCase(at('2025-05-06', 9))
    const registrar = await token('registrar')
    const counting = faultyD1(env.DB, Number.POSITIVE_INFINITY, 'error')
    const res = await send(
      `/api/v1/cases/${caseId}/actions/confirm-receipt`,
      json(
        { version: 1, channel: 'online', receivedOn: '2025-05-06' },
        { token: registrar, headers: { 'x-test-now': String(at('2025-05-06', 11)) } },
      ),
      { DB: counting.db },
    )
    expect(res.status).toBe(200)
    const stamps = counting.state.trace.filter(
      (q) => !q.startsWith('batch:') && q.includes('local_calendar_days'),
    )
    expect(stamps).toHaveLength(1)
    expect(stamps[0]).toContain('calendar_years')
  })
})
