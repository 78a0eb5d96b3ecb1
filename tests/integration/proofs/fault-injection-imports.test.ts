// Issue 11, Prove 1 for imports and calendar edits (the national day edit: fault-injection-calendar.test.ts): a
// calendar year imported from ICS, an agency's local holiday rule, and a 重点任务分解表 (preview, then 确认导入),
// each under a D1 failing or losing the answer of every statement up to its commit. The client gets a clear
// 503/4xx; an attempt writes nothing or all of it; the retry leaves exactly one copy (no duplicate day, rule or task).
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { apiLogin, json } from '../helpers'
import { send, sweepUntilCommit } from './faults'

async function counts(sql: string, ...args: unknown[]) {
  return env.DB.prepare(sql)
    .bind(...args)
    .first()
}

let operator = ''
let admin = ''
let coordinator = ''

const ICS = [
  'BEGIN:VCALENDAR',
  'BEGIN:VEVENT',
  'DTSTART;VALUE=DATE:20320101',
  'DTEND;VALUE=DATE:20320102',
  'SUMMARY:元旦(休)',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'DTSTART;VALUE=DATE:20320208',
  'DTEND;VALUE=DATE:20320209',
  'SUMMARY:春节(班)',
  'END:VEVENT',
  'END:VCALENDAR',
].join('\r\n')

const TABLE = [
  '2032年示范县政务公开重点任务分解表',
  '序号,任务名称,具体任务内容,公开载体,完成时限,牵头单位,责任单位',
  '1,公开财政预决算,按季度公开预算执行情况。,县政府门户网站,每季度,县财政局,县教体局',
  '2,推进重大建设项目信息公开,公开批准和实施信息。,县政府门户网站,年底前完成,,县自然资源局',
].join('\n')

describe('fault injection: imports and calendar edits', () => {
  beforeAll(async () => {
    operator = await apiLogin('demo-operator')
    admin = await apiLogin('demo-admin')
    coordinator = await apiLogin('demo-coordinator')
    vi.spyOn(console, 'error').mockImplementation(() => {})
  })

  it('a calendar year imported from ICS: all its days and its audit row, or none', async () => {
    const observe = () =>
      counts(
        `SELECT (SELECT count(*) FROM calendar_years WHERE year = 2032) AS years,
           (SELECT count(*) FROM calendar_days WHERE date LIKE '2032-%') AS days,
           (SELECT count(*) FROM audit_log) AS audit`,
      )
    const body = { format: 'ics', text: ICS, source: 'ICS' }
    const importYear = (bindings = {}) =>
      send('/api/v1/calendar/2032/import', json(body, { token: operator }), bindings)
    const swept = await sweepUntilCommit('ics import', importYear, observe)
    expect(swept.points).toBeGreaterThan(2)
    expect(swept.after).toMatchObject({ years: 1, days: 2 })
    // The retry replaces the year with the same days: still one year, two days.
    expect((await importYear()).status).toBe(200)
    expect(await observe()).toMatchObject({ years: 1, days: 2 })
  })

  it('an agency’s local holiday rule: the rule and its audit row together, once', async () => {
    const observe = () =>
      counts(
        `SELECT (SELECT count(*) FROM local_calendar_days WHERE date = '2025-04-02') AS rules,
           (SELECT count(*) FROM audit_log WHERE action = 'calendar.local_day_set' AND target = '2025-04-02') AS audits`,
      )
    const rule = (bindings = {}) =>
      send(
        '/api/v1/agencies/demo/calendar/local/2025-04-02',
        { ...json({ isWorkday: false, name: '三月三' }, { token: admin }), method: 'PUT' },
        bindings,
      )
    const swept = await sweepUntilCommit('local rule', rule, observe)
    expect(swept.points).toBeGreaterThan(2)
    expect(swept.after).toEqual({ rules: 1, audits: 1 })
    expect((await rule()).status).toBe(200)
    expect(((await observe()) as { rules: number }).rules).toBe(1)
  })

  it('a task table: the preview and the commit write all or nothing; committed twice, no duplicate task', async () => {
    const created = await send(
      '/api/v1/agencies/demo/plans',
      json({ year: 2032, title: '2032年要点' }, { token: coordinator }),
    )
    expect(created.status).toBe(201)
    const planId = ((await created.json()) as { id: string }).id
    const observe = () =>
      counts(
        `SELECT (SELECT count(*) FROM task_imports WHERE plan_id = ?1) AS imports,
           (SELECT count(*) FROM tasks WHERE plan_id = ?1) AS tasks,
           (SELECT count(*) FROM task_units) AS units,
           (SELECT count(*) FROM task_plan_events WHERE plan_id = ?1) AS events,
           (SELECT count(*) FROM audit_log) AS audit`,
        planId,
      )
    const upload = (bindings = {}) => {
      const form = new FormData()
      form.append('file', new File([TABLE], '分解表.csv', { type: 'text/csv' }))
      return send(
        `/api/v1/plans/${planId}/imports`,
        { method: 'POST', body: form, headers: { authorization: `Bearer ${coordinator}` } },
        bindings,
      )
    }
    const previewed = await sweepUntilCommit('task preview', upload, observe)
    expect(previewed.points).toBeGreaterThan(2)
    expect(previewed.after).toMatchObject({ imports: 1, tasks: 0 })
    // The preview that stood: its id, from the import row.
    const importId = (await env.DB.prepare('SELECT id FROM task_imports WHERE plan_id = ?')
      .bind(planId)
      .first<{
        id: string
      }>())!.id
    const commit = (bindings = {}) =>
      send(
        `/api/v1/plans/${planId}/imports/${importId}/commit`,
        { method: 'POST', headers: { authorization: `Bearer ${coordinator}` } },
        bindings,
      )
    const committed = await sweepUntilCommit('task commit', commit, observe)
    expect(committed.points).toBeGreaterThan(2)
    expect(committed.after).toMatchObject({ tasks: 2 })
    const retry = await commit()
    expect(retry.status).toBeLessThan(500)
    expect(((await observe()) as { tasks: number }).tasks).toBe(2)
  })
})
