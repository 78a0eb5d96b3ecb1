// Issue 11, Prove 4: an access matrix generated from the registered staff API (every operation the OpenAPI
// document lists as staff). Every role of one tenant, against objects of a foreign tenant (case, user, agency,
// attachment), of a sub-agency it holds no role in, and against the platform-only national calendar: refused
// (401/403/404/422), never a 2xx, never a byte of the foreign object, and nothing written. Mass assignment is
// refused. The positive side (each role's allowed actions) is proven by the workflow and admin tests.
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { API_OPERATIONS } from '../../../workers/routes/openapi'
import { apiLogin, call, json } from '../helpers'
import { foreignStaffToken } from '../workflow/agency-staff'
import { newCase } from '../workflow/case-helpers'

const FOREIGN = { id: 'agency-matrix', slug: 'matrix', name: '矩阵县人民政府（外单位）' }
const CASE_TITLE = '外单位案件标题（不应泄露）'

await env.DB.prepare(
  `INSERT INTO agencies (id, slug, name, kind, parent_id, embed_origins, letterhead, settings, created_at)
   VALUES (?1, ?2, ?3, 'government', NULL, '[]', '{}', '{}', 0)`,
)
  .bind(FOREIGN.id, FOREIGN.slug, FOREIGN.name)
  .run()
const foreignAdmin = await foreignStaffToken(FOREIGN.id, 'admin', 'matrix-admin')
const foreignCase = await newCase(Date.parse('2026-06-01T09:00:00+08:00'), { agencyId: FOREIGN.id })
await env.DB.prepare(`UPDATE cases SET title = ? WHERE id = ?`).bind(CASE_TITLE, foreignCase.caseId).run()
await env.DB.prepare(
  `INSERT INTO attachments (id, agency_id, submission_id, r2_key, sha256, size, content_type, filename, created_at)
   VALUES ('att-matrix', ?1, ?2, 'attachments/x', 'x', 1, 'image/png', 'matrix.png', 0)`,
)
  .bind(FOREIGN.id, foreignCase.submissionId)
  .run()
// A sub-agency case: demo staff hold roles at the county, not at its department.
const childCase = await newCase(Date.parse('2026-06-01T09:00:00+08:00'), { agencyId: 'agency-demo-nrb' })

/** Words that must never come back: the foreign tenant's names, its case, its user, its upload. */
const FOREIGN_MARKERS = [
  FOREIGN.name,
  FOREIGN.slug,
  CASE_TITLE,
  'matrix-admin',
  'matrix.png',
  foreignCase.reference,
]

/** Fill a route's parameters with a foreign object of the right kind. */
function foreignPath(template: string): string {
  return template
    .replace(/^\/cases\/:id/, `/cases/${foreignCase.caseId}`)
    .replace(/^\/users\/:id/, '/users/user-matrix-admin')
    .replace(/^\/agencies\/:(id|agency)/, `/agencies/${FOREIGN.id}`)
    .replace(/^\/attachments\/:id/, '/attachments/att-matrix')
    .replace(/^\/letters\/:id/, '/letters/letter-of-nobody')
    .replace(':action', 'confirm-receipt')
    .replace(':year', '2026')
    .replace(':date', '2026-10-01')
}

const BODIES: Record<string, unknown> = {
  'POST /cases/:id/actions/:action': { version: 1, channel: 'online', receivedOn: '2026-06-01' },
  'PUT /agencies/:id/settings': { embedOrigins: [], disclosure: {} },
  'PUT /agencies/:id/transfer-targets': { targets: [] },
  'PUT /agencies/:agency/calendar/local/:date': { isWorkday: false, name: '节日' },
  'POST /users/:id/password': { password: 'a-long-enough-password-1' },
  'PUT /calendar/:year/days/:date': { isWorkday: false, name: '节日' },
  'PUT /calendar/:year': { source: 'manual', days: [] },
  'POST /calendar/:year/confirm': { confirmed: false },
}

const STAFF_ROUTES = Object.entries(API_OPERATIONS)
  .filter(([, op]) => op.access === 'staff')
  .map(([key]) => key)
// Object routes: a parameter naming something that belongs to a tenant.
const OBJECT_ROUTES = STAFF_ROUTES.filter((k) => /\/(cases|users|agencies|attachments|letters)\/:/.test(k))
// Deployment-level routes only the platform operator may change.
const PLATFORM_ROUTES = STAFF_ROUTES.filter((k) => /^(PUT|POST|DELETE) \/calendar\//.test(k))
const ROLES = ['registrar', 'handler', 'legal', 'approver', 'admin', 'auditor'] as const

async function counts() {
  const row = await env.DB.prepare(
    `SELECT (SELECT count(*) FROM case_events) AS e, (SELECT count(*) FROM cases) AS c,
            (SELECT count(*) FROM users) AS u, (SELECT count(*) FROM user_roles) AS r,
            (SELECT count(*) FROM transfer_targets) AS t, (SELECT count(*) FROM local_calendar_days) AS l,
            (SELECT count(*) FROM calendar_days) AS d, (SELECT group_concat(disabled_at) FROM users) AS dis,
            (SELECT settings FROM agencies WHERE id = '${FOREIGN.id}') AS s`,
  ).first()
  return row
}

function request(route: string, path: string, token: string) {
  const method = route.split(' ')[0]!
  const body = BODIES[route] ?? {}
  return method === 'GET'
    ? call(path, { headers: { authorization: `Bearer ${token}` } })
    : call(path, { ...json(body, { token }), method })
}

describe('access matrix (generated from the staff API)', () => {
  it('covers the object routes it should', () => {
    expect(OBJECT_ROUTES.length).toBeGreaterThanOrEqual(20)
    expect(PLATFORM_ROUTES.length).toBeGreaterThanOrEqual(4)
  })

  it('uses real objects: the foreign tenant’s own admin reads them (control)', async () => {
    const auth = { headers: { authorization: `Bearer ${foreignAdmin}` } }
    const res = await call(`/api/v1/cases/${foreignCase.caseId}`, auth)
    expect(res.status).toBe(200)
    expect(await res.text()).toContain(CASE_TITLE)
    expect((await call('/api/v1/users/user-matrix-admin', auth)).status).toBe(200)
    expect((await call(`/api/v1/agencies/${FOREIGN.id}`, auth)).status).toBe(200)
  })

  for (const role of ROLES) {
    it(`refuses every object route on a foreign tenant's objects to the ${role}, leaking nothing`, async () => {
      const token = await apiLogin(`demo-${role === 'legal' ? 'legal' : role}`)
      const before = await counts()
      const failures: string[] = []
      for (const route of OBJECT_ROUTES) {
        const path = foreignPath(route.split(' ')[1]!)
        const res = await request(route, path, token)
        const text = await res.text()
        if (![403, 404, 405, 422].includes(res.status)) failures.push(`${route} → ${res.status}`)
        for (const m of FOREIGN_MARKERS) if (text.includes(m)) failures.push(`${route} leaked ${m}`)
      }
      expect(failures).toEqual([])
      expect(await counts()).toEqual(before)
    }, 60_000)
  }

  it("refuses a sub-agency's case to county staff who hold no role there", async () => {
    for (const role of ROLES) {
      const token = await apiLogin(`demo-${role}`)
      for (const route of OBJECT_ROUTES.filter((r) => r.includes('/cases/:id'))) {
        const path = route
          .split(' ')[1]!
          .replace(':id', childCase.caseId)
          .replace(':action', 'confirm-receipt')
        const res = await request(route, path, token)
        expect([403, 404, 422], `${role} ${route}`).toContain(res.status)
      }
    }
  }, 60_000)

  it('refuses the national calendar to every agency role (platform operator only)', async () => {
    const before = await counts()
    for (const role of ROLES) {
      const token = await apiLogin(`demo-${role}`)
      for (const route of PLATFORM_ROUTES) {
        const res = await request(route, foreignPath(route.split(' ')[1]!), token)
        expect([403, 404, 422], `${role} ${route}`).toContain(res.status)
      }
    }
    expect(await counts()).toEqual(before)
  }, 60_000)

  it('lists never include another tenant: cases, users, agencies, audit log', async () => {
    for (const role of ROLES) {
      const token = await apiLogin(`demo-${role}`)
      for (const path of [
        '/api/v1/cases',
        '/api/v1/users',
        '/api/v1/agencies',
        '/api/v1/audit/log',
        '/api/v1/notifications',
      ]) {
        const text = await (await call(path, { headers: { authorization: `Bearer ${token}` } })).text()
        for (const m of FOREIGN_MARKERS) expect(text, `${role} ${path}`).not.toContain(m)
      }
      const foreignLog = await call(`/api/v1/audit/log?agency=${FOREIGN.id}`, {
        headers: { authorization: `Bearer ${token}` },
      })
      expect([403, 404]).toContain(foreignLog.status)
      const foreignVerify = await call(`/api/v1/audit/verify?agency=${FOREIGN.id}`, {
        headers: { authorization: `Bearer ${token}` },
      })
      expect([403, 404]).toContain(foreignVerify.status)
    }
  }, 60_000)

  it('refuses mass assignment: unknown fields are a 422 and change nothing', async () => {
    const admin = await apiLogin('demo-admin')
    const before = await counts()
    const attempts: [string, string, unknown][] = [
      [
        'POST',
        '/api/v1/users',
        {
          username: 'demo-sneaky',
          displayName: '越权',
          password: 'a-long-enough-password-1',
          agencyId: 'agency-demo',
          roles: ['registrar'],
          platformRole: 'operator',
        },
      ],
      ['PUT', '/api/v1/agencies/agency-demo/settings', { embedOrigins: [], disclosure: {}, parentId: null }],
      [
        'PUT',
        '/api/v1/agencies/agency-demo/settings',
        { embedOrigins: [], disclosure: {}, webhookSecret: 'whsec_x' },
      ],
      [
        'POST',
        '/api/v1/users/user-demo-registrar/password',
        { password: 'a-long-enough-password-1', mustChange: false },
      ],
    ]
    for (const [method, path, body] of attempts) {
      const res = await call(path, { ...json(body, { token: admin }), method })
      expect(res.status, `${method} ${path}`).toBe(422)
    }
    expect(await counts()).toEqual(before)
    const sneaky = await env.DB.prepare(
      "SELECT count(*) AS n FROM users WHERE username = 'demo-sneaky'",
    ).first()
    expect(sneaky).toEqual({ n: 0 })
  }, 60_000)
})
