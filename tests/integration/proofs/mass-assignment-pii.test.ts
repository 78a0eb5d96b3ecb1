// Issue 11, Prove 4 (continued). Mass assignment: every create and update route, sent its valid body plus the
// columns a caller must never set (ids, agency, state, version, roles, platform role, forced password change,
// timestamps, the hash chain), either refuses it (422 with a code) or ignores the extras — and no injected value
// ever reaches a row. PII: a citizen journey (submission with a name, ID number, phone and e-mail, then staff
// actions, the masked applicant view and a failed submission) never puts those values in the console output of
// the Worker, in a redirect Location or in an error body.
import { env } from 'cloudflare:workers'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { apiLogin, bearer, browserLogin, call, json } from '../helpers'
import { at, newCase } from '../workflow/case-helpers'

/** Values no legitimate request writes: finding one in any row means a field was mass-assigned. */
const INJECTED = {
  id: 'mass-id-7f3a',
  agencyId: 'agency-mass-7f3a',
  homeAgencyId: 'agency-mass-7f3a',
  parentId: 'agency-mass-7f3a',
  planId: 'plan-mass-7f3a',
  caseId: 'case-mass-7f3a',
  state: 'mass-state-7f3a',
  status: 'mass-status-7f3a',
  reference: 'MASS-REF-7F3A',
  number: 'MASS-NO-7F3A',
  slug: 'mass-slug-7f3a',
  createdBy: 'mass-user-7f3a',
  reviewedBy: 'mass-user-7f3a',
  signedBy: 'mass-user-7f3a',
  assigneeId: 'mass-user-7f3a',
  hash: 'mass-hash-7f3a',
  prevHash: 'mass-hash-7f3a',
  createdAt: 987_654_321,
  updatedAt: 987_654_321,
  disabledAt: 987_654_321,
  seq: 987_654_321,
  dueOn: '2099-09-09',
  roles: ['mass-role-7f3a'],
  platformRole: 'operator',
  mustChangePassword: false,
  totpSecret: 'mass-secret-7f3a',
  webhookSecret: 'whsec-mass-7f3a',
}
const SENTINELS = ['7f3a', '7F3A', '987654321', '2099-09-09']

const TABLES = [
  'agencies',
  'users',
  'user_roles',
  'submissions',
  'cases',
  'case_events',
  'letters',
  'local_calendar_days',
  'task_plans',
  'tasks',
  'task_units',
  'task_reports',
  'task_report_events',
  'proactive_notes',
  'transfer_targets',
]

async function rows(): Promise<string> {
  const all = await env.DB.batch(TABLES.map((t) => env.DB.prepare(`SELECT * FROM ${t}`)))
  return JSON.stringify(all.map((r) => r.results))
}

/** Extras that are not a legitimate field of the route (the route's own fields keep their valid values). */
function extras(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(INJECTED).filter(([k]) => !(k in body)))
}

const ANSWERS = { status: 'in_progress', progress: '进展（批量赋值）' }
const CITIZEN = {
  applicantType: 'natural_person',
  name: '欧阳敏华',
  idDocument: { type: 'resident_id', number: '11010519491231002X' },
  informationDescription: '示范县2025年政府工作报告',
  carrier: 'electronic',
  deliveryMethod: 'email',
  phone: '13912345678',
  email: 'ouyang.minhua@example.cn',
  declaration: true,
}

let admin = ''
let registrar = ''
let handler = ''
let coordinator = ''
let reporter = ''
let caseId = ''
let planId = ''
let taskId = ''

beforeAll(async () => {
  ;[admin, registrar, handler, coordinator, reporter] = await Promise.all([
    apiLogin('demo-admin'),
    apiLogin('demo-registrar'),
    apiLogin('demo-handler'),
    apiLogin('demo-coordinator'),
    apiLogin('demo-reporter-nrb'),
  ])
  caseId = (await newCase(at('2026-06-01', 9))).caseId
})

interface Attempt {
  name: string
  token: () => string
  method: string
  path: () => string
  body: () => Record<string, unknown>
}

async function version(id: string): Promise<number> {
  return (await env.DB.prepare('SELECT version FROM cases WHERE id = ?')
    .bind(id)
    .first<{ version: number }>())!.version
}

describe('mass assignment on every create and update route', () => {
  const attempts: Attempt[] = [
    {
      name: 'citizen submission',
      token: () => '',
      method: 'POST',
      path: () => '/api/v1/agencies/demo/forms/disclosure/submissions',
      body: () => CITIZEN,
    },
    {
      name: 'create a user',
      token: () => admin,
      method: 'POST',
      path: () => '/api/v1/users',
      body: () => ({
        username: 'demo-mass-user',
        displayName: '批量赋值',
        password: 'mass-assign-pass-9f3k',
        agencyId: 'agency-demo',
        roles: ['registrar'],
      }),
    },
    {
      name: 'reset a password',
      token: () => admin,
      method: 'POST',
      path: () => '/api/v1/users/user-demo-legal/password',
      body: () => ({ password: 'mass-assign-pass-9f3k' }),
    },
    {
      name: 'agency settings',
      token: () => admin,
      method: 'PUT',
      path: () => '/api/v1/agencies/agency-demo/settings',
      body: () => ({ embedOrigins: [], disclosure: {} }),
    },
    {
      name: 'a local holiday',
      token: () => admin,
      method: 'PUT',
      path: () => '/api/v1/agencies/agency-demo/calendar/local/2026-06-05',
      body: () => ({ isWorkday: false, name: '批量赋值节' }),
    },
    {
      name: 'a case action (its body is open to the action input)',
      token: () => registrar,
      method: 'POST',
      path: () => `/api/v1/cases/${caseId}/actions/confirm-receipt`,
      body: () => ({ version: 0, channel: 'online', receivedOn: '2026-06-01' }),
    },
    {
      name: 'intake of a paper request',
      token: () => registrar,
      method: 'POST',
      path: () => '/api/v1/agencies/agency-demo/intake',
      body: () => ({ form: 'disclosure', channel: 'letter', receivedOn: '2026-06-01', data: {} }),
    },
    {
      name: 'a proactive-disclosure note',
      token: () => handler,
      method: 'POST',
      path: () => '/api/v1/reports/proactive',
      body: () => ({ agency: 'agency-demo', year: 2026, groupKey: 'x' }),
    },
    {
      name: 'create a task plan',
      token: () => coordinator,
      method: 'POST',
      path: () => '/api/v1/agencies/agency-demo/plans',
      body: () => ({ year: 2026, title: '批量赋值计划' }),
    },
    {
      name: 'add a task',
      token: () => coordinator,
      method: 'POST',
      path: () => `/api/v1/plans/${planId}/tasks`,
      body: () => ({ name: '批量赋值任务', deadlineText: '2026年12月31日前', leadUnits: '自然资源局' }),
    },
    {
      name: 'edit a task',
      token: () => coordinator,
      method: 'PUT',
      path: () => `/api/v1/tasks/${taskId}`,
      body: () => ({ version: 1, name: '批量赋值任务', leadUnits: '自然资源局' }),
    },
    {
      name: 'file a task report',
      token: () => reporter,
      method: 'POST',
      path: () => `/api/v1/tasks/${taskId}/reports`,
      body: () => ({ period: 'D2026-12-31', data: ANSWERS }),
    },
  ]

  it('refuses (422 with a code) or ignores every injected field, and no injected value reaches a row', async () => {
    const problems: string[] = []
    for (const a of attempts) {
      // Set up what the next attempts need (a plan, a task) with a clean request when the previous one refused.
      if (a.name === 'add a task' && !planId) {
        const plan = await call(
          '/api/v1/agencies/agency-demo/plans',
          json({ year: 2026, title: '计划' }, { token: coordinator }),
        )
        planId = ((await plan.json()) as { id: string }).id
      }
      if (a.name === 'edit a task' && !taskId) {
        const task = await call(
          `/api/v1/plans/${planId}/tasks`,
          json(
            { name: '任务', deadlineText: '2026年12月31日前', leadUnits: '自然资源局' },
            { token: coordinator },
          ),
        )
        taskId = ((await task.json()) as { id: string }).id
      }
      if (a.name.startsWith('a case action')) {
        const body = a.body()
        body.version = await version(caseId)
        a.body = () => body
      }
      const valid = a.body()
      const before = await rows()
      const headers: Record<string, string> = { 'cf-connecting-ip': '198.51.100.77' }
      const init = a.token()
        ? json({ ...valid, ...extras(valid) }, { token: a.token(), headers })
        : json({ ...valid, ...extras(valid) }, { headers })
      const res = await call(a.path(), { ...init, method: a.method })
      const text = await res.text()
      const after = await rows()
      if (res.status === 422) {
        const code = (JSON.parse(text) as { error?: { code?: string } }).error?.code
        if (!code) problems.push(`${a.name}: 422 without a code`)
        if (after !== before) problems.push(`${a.name}: refused, but rows changed`)
      } else if (res.status < 300) {
        for (const s of SENTINELS) if (after.includes(s)) problems.push(`${a.name}: ${s} reached a row`)
        if (a.name === 'add a task') taskId = (JSON.parse(text) as { id: string }).id
        if (a.name === 'create a task plan') planId = (JSON.parse(text) as { id: string }).id
      } else {
        problems.push(`${a.name}: ${res.status} ${text.slice(0, 200)}`)
      }
    }
    expect(problems).toEqual([])
    // Whatever was accepted, nobody became an operator or escaped the forced password change.
    const users = await env.DB.prepare(
      `SELECT username, platform_role, must_change_password FROM users WHERE username IN ('demo-mass-user', 'demo-legal')`,
    ).all<{ username: string; platform_role: string | null; must_change_password: number }>()
    for (const u of users.results) {
      expect(u.platform_role).toBeNull()
      if (u.username === 'demo-mass-user') expect(u.must_change_password).toBe(1)
    }
  })

  it('the users page ignores a platform role, a home agency and a waived password change sent with the form', async () => {
    const { cookie, csrf } = await browserLogin('demo-admin')
    const form = new URLSearchParams({
      _csrf: csrf,
      username: 'demo-mass-form',
      displayName: '批量赋值',
      password: 'mass-assign-pass-9f3k',
      agencyId: 'agency-demo',
      roles: 'registrar',
      platformRole: 'operator',
      homeAgencyId: INJECTED.homeAgencyId,
      mustChangePassword: 'false',
      id: INJECTED.id,
    })
    const res = await call('/admin/users', {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    })
    expect([303, 422]).toContain(res.status)
    const row = await env.DB.prepare(
      `SELECT id, platform_role, home_agency_id, must_change_password FROM users WHERE username = 'demo-mass-form'`,
    ).first<{
      id: string
      platform_role: string | null
      home_agency_id: string
      must_change_password: number
    }>()
    if (row) {
      expect(row.id).not.toBe(INJECTED.id)
      expect(row.platform_role).toBeNull()
      expect(row.home_agency_id).toBe('agency-demo')
      expect(row.must_change_password).toBe(1)
    }
  })
})

describe('PII never appears in logs, URLs or errors', () => {
  const logged: string[] = []
  const spies: ReturnType<typeof vi.spyOn>[] = []
  beforeAll(() => {
    for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      spies.push(
        vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
          logged.push(
            args.map((a) => (typeof a === 'string' ? a : (JSON.stringify(a) ?? String(a)))).join(' '),
          )
        }),
      )
    }
  })
  afterAll(() => {
    for (const s of spies) s.mockRestore()
  })

  const PII = [
    CITIZEN.name,
    CITIZEN.idDocument.number,
    '110105194912310021',
    CITIZEN.phone,
    CITIZEN.email,
    'ouyang.minhua',
  ]

  it('a submission, staff actions, the masked applicant and a bad submission: no PII in console, Location or error', async () => {
    const seen: string[] = []
    const record = async (what: string, res: Response) => {
      const location = res.headers.get('location') ?? ''
      seen.push(`${what} location ${location}`)
      if (res.status >= 400) seen.push(`${what} body ${await res.clone().text()}`)
      return res
    }
    const headers = { 'cf-connecting-ip': '198.51.100.88', 'x-test-now': String(at('2026-06-01', 9)) }
    const submitted = await record(
      'submit',
      await call('/api/v1/agencies/demo/forms/disclosure/submissions', json(CITIZEN, { headers })),
    )
    expect(submitted.status).toBe(201)
    const { reference } = (await submitted.json()) as { reference: string }
    const row = await env.DB.prepare(
      'SELECT c.id, c.version FROM cases c JOIN submissions s ON s.id = c.submission_id WHERE s.reference = ?',
    )
      .bind(reference)
      .first<{ id: string; version: number }>()
    const now = at('2026-06-01', 11)
    const acted = await record(
      'confirm-receipt',
      await call(
        `/api/v1/cases/${row!.id}/actions/confirm-receipt`,
        json(
          { version: row!.version, channel: 'online', receivedOn: '2026-06-01' },
          { token: registrar, headers: { 'x-test-now': String(now) } },
        ),
      ),
    )
    expect(acted.status, await acted.clone().text()).toBe(200)
    const view = await call(`/api/v1/cases/${row!.id}`, bearer(handler))
    expect(view.status).toBe(200)
    const masked = await call(`/api/v1/cases/${row!.id}/applicant`, bearer(handler))
    expect(masked.status).toBe(200)
    expect(await masked.text()).not.toContain(CITIZEN.idDocument.number)
    // A refused action and a submission with a wrong ID number: neither echoes the personal data it was sent.
    await record(
      'stale action',
      await call(
        `/api/v1/cases/${row!.id}/actions/accept`,
        json(
          { version: 0, note: CITIZEN.phone },
          { token: registrar, headers: { 'x-test-now': String(now) } },
        ),
      ),
    )
    const wrongId = { ...CITIZEN, idDocument: { type: 'resident_id', number: '110105194912310021' } }
    await record(
      'bad id',
      await call('/api/v1/agencies/demo/forms/disclosure/submissions', json(wrongId, { headers })),
    )
    const badEmail = { ...CITIZEN, email: `${CITIZEN.phone}@@${CITIZEN.name}` }
    await record(
      'bad email',
      await call('/api/v1/agencies/demo/forms/disclosure/submissions', json(badEmail, { headers })),
    )
    // The page form: its POST → 303 carries no personal data in the Location.
    const html = await record(
      'html form',
      await call('/demo/forms/disclosure', { headers: { 'x-test-now': String(now) } }),
    )
    expect([200, 303]).toContain(html.status)
    const leaks = [...seen, ...logged].filter((line) => PII.some((p) => line.includes(p)))
    expect(leaks).toEqual([])
    // The capture works: the Worker's console is this one (a line it logs would be in `logged`).
    console.info('capture check', CITIZEN.phone)
    expect(logged.at(-1)).toContain(CITIZEN.phone)
  })
})
