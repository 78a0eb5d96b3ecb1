// A county government's admin sets up the staff of its departments (the receiving side of a transfer must be able
// to act): accounts with roles in a department, through the API and the users page. A department's admin
// administers that department only; the new colleague replaces the admin-chosen password at the first login.
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { apiLogin, bearer, browserLogin, call, json } from '../helpers'
import { staffToken } from '../workflow/agency-staff'
import { newCase } from '../workflow/case-helpers'

const PASSWORD = 'initial-pass-9f3k2m'

const account = (username: string, agencyId: string, roles: string[]) => ({
  username,
  displayName: '部门工作人员',
  password: PASSWORD,
  agencyId,
  roles,
})

async function createVia(token: string, body: unknown): Promise<Response> {
  return call('/api/v1/users', json(body, { token }))
}

function form(cookie: string, body: Record<string, string | string[]>): RequestInit {
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(body)) for (const one of [v].flat()) params.append(k, one)
  return {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: params.toString(),
  }
}

describe('department staff set up by the government above', () => {
  it('the county admin creates a handler in a department, who logs in, sets a password and works its cases', async () => {
    const county = await apiLogin('demo-admin')
    const nrbCase = await newCase(Date.parse('2026-06-01T09:00:00+08:00'), { agencyId: 'agency-demo-nrb' })
    const created = await createVia(county, account('demo-nrb-handler-a', 'agency-demo-nrb', ['handler']))
    expect(created.status).toBe(201)
    const user = (await created.json()) as { id: string; homeAgencyId: string; mustChangePassword: boolean }
    expect(user.homeAgencyId).toBe('agency-demo-nrb')
    expect(user.mustChangePassword).toBe(true)

    const listed = (await (await call('/api/v1/users', bearer(county))).json()) as {
      items: { id: string; manageable: boolean; roles: { agencyId: string; role: string }[] }[]
    }
    const row = listed.items.find((u) => u.id === user.id)
    expect(row?.manageable).toBe(true)
    expect(row?.roles).toEqual([{ agencyId: 'agency-demo-nrb', role: 'handler' }])
    const agencies = (await (await call('/api/v1/agencies', bearer(county))).json()) as {
      items: { id: string }[]
    }
    expect(agencies.items.map((a) => a.id)).toEqual(
      expect.arrayContaining(['agency-demo', 'agency-demo-nrb', 'agency-demo-edu', 'agency-demo-town']),
    )

    // The first login may do nothing but choose a password of one's own.
    const first = await apiLogin('demo-nrb-handler-a', PASSWORD)
    expect((await call('/api/v1/cases', bearer(first))).status).toBe(403)
    const changed = await call(
      '/api/v1/auth/password',
      json({ current: PASSWORD, next: 'my-own-secret-passphrase-7' }, { token: first }),
    )
    expect(changed.status).toBe(204)
    const token = await apiLogin('demo-nrb-handler-a', 'my-own-secret-passphrase-7')
    const cases = (await (await call('/api/v1/cases', bearer(token))).json()) as { items: { id: string }[] }
    expect(cases.items.map((c) => c.id)).toContain(nrbCase.caseId)
    const detail = await call(`/api/v1/cases/${nrbCase.caseId}`, bearer(token))
    expect(detail.status).toBe(200)
    const audit = await env.DB.prepare(
      `SELECT agency_id AS agencyId FROM audit_log WHERE action = 'user.created' AND target = ?`,
    )
      .bind(user.id)
      .first<{ agencyId: string }>()
    expect(audit?.agencyId).toBe('agency-demo-nrb')
  })

  it("a department's admin administers its own department only: the county and a sibling are 404", async () => {
    const county = await apiLogin('demo-admin')
    const res = await createVia(county, account('demo-edu-admin-a', 'agency-demo-edu', ['admin']))
    expect(res.status).toBe(201)
    // Acting as a department admin (one already enrolled in the second factor an admin must use).
    const edu = await staffToken('agency-demo-edu', ['admin'], 'demo-edu-admin-b')
    const before = await env.DB.prepare('SELECT count(*) AS n FROM users').first<{ n: number }>()
    expect((await createVia(edu, account('demo-county-x', 'agency-demo', ['handler']))).status).toBe(404)
    expect((await createVia(edu, account('demo-nrb-x', 'agency-demo-nrb', ['handler']))).status).toBe(404)
    const after = await env.DB.prepare('SELECT count(*) AS n FROM users').first<{ n: number }>()
    expect(after?.n).toBe(before?.n)
    expect(
      (await createVia(edu, account('demo-edu-registrar-a', 'agency-demo-edu', ['registrar']))).status,
    ).toBe(201)
    const seen = (await (await call('/api/v1/users', bearer(edu))).json()) as {
      items: { homeAgencyId: string }[]
    }
    expect(new Set(seen.items.map((u) => u.homeAgencyId))).toEqual(new Set(['agency-demo-edu']))
    // The county's own staff stay out of the department admin's reach.
    const registrar = await env.DB.prepare(`SELECT id FROM users WHERE username = 'demo-registrar'`).first<{
      id: string
    }>()
    expect((await call(`/api/v1/users/${registrar!.id}`, bearer(edu))).status).toBe(404)
    expect((await call(`/api/v1/users/${registrar!.id}/disable`, json({}, { token: edu }))).status).toBe(404)
  })

  it('the users page offers the departments, refuses bad input with an error summary and creates the account', async () => {
    const { cookie, csrf } = await browserLogin('demo-admin')
    const page = await (await call('/admin/users', { headers: { cookie } })).text()
    expect(page).toContain('设立工作人员账号')
    expect(page).toMatch(/<option value="agency-demo-town"[^>]*>[^<]*示范县城关镇人民政府/)
    expect(page).not.toContain('value="auditor"')

    const bad = await call(
      '/admin/users',
      form(cookie, {
        _csrf: csrf,
        agencyId: 'agency-demo-town',
        username: 'demo-town-registrar-p',
        displayName: '镇登记员',
        password: 'short',
      }),
    )
    expect(bad.status).toBe(422)
    const badHtml = await bad.text()
    expect(badHtml).toContain('error-summary')
    expect(badHtml).toContain('href="#new-password"')
    expect(badHtml).toContain('href="#new-role-registrar"')
    expect(badHtml).toContain('请至少选择一个角色')
    expect(badHtml).toContain('value="demo-town-registrar-p"')
    expect(
      await env.DB.prepare(`SELECT id FROM users WHERE username = 'demo-town-registrar-p'`).first(),
    ).toBeNull()

    const ok = await call(
      '/admin/users',
      form(cookie, {
        _csrf: csrf,
        agencyId: 'agency-demo-town',
        roles: ['registrar', 'handler'],
        username: 'demo-town-registrar-p',
        displayName: '镇登记员',
        password: PASSWORD,
      }),
    )
    expect(ok.status).toBe(303)
    expect(ok.headers.get('location')).toBe('/admin/users?created=1')
    const roles = await env.DB.prepare(
      `SELECT r.agency_id AS agencyId, r.role FROM user_roles r JOIN users u ON u.id = r.user_id
        WHERE u.username = 'demo-town-registrar-p' ORDER BY r.role`,
    ).all<{ agencyId: string; role: string }>()
    expect(roles.results).toEqual([
      { agencyId: 'agency-demo-town', role: 'handler' },
      { agencyId: 'agency-demo-town', role: 'registrar' },
    ])
    const after = await (await call('/admin/users?created=1', { headers: { cookie } })).text()
    expect(after).toContain('账号已设立')
    expect(after).toMatch(/demo-town-registrar-p<\/td><td>镇登记员<\/td><td>示范县城关镇人民政府/)
  })
})
