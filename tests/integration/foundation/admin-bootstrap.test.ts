// `npm run admin:sql`: the first admin of a new agency, or the platform operator, always as a new account.
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { adminSql, operatorSql } from '../../../db/admin-sql'
import { totpCode } from '../../../workers/auth/totp'
import { apiLogin, bearer, call, json } from '../helpers'

/** Run the printed SQL statement by statement, as `wrangler d1 execute --file` does; the first failure throws. */
async function execute(sql: string): Promise<void> {
  for (const statement of sql.split('\n').filter((l) => l && !l.startsWith('--'))) {
    await env.DB.prepare(statement).run()
  }
}

const rolesOf = async (userId: string) =>
  (await env.DB.prepare('SELECT agency_id, role FROM user_roles WHERE user_id = ?').bind(userId).all())
    .results

describe('production bootstrap SQL (npm run admin:sql)', () => {
  it('creates an agency and an admin who can log in', async () => {
    const sql = await adminSql({
      agencySlug: 'bootstrap',
      agencyName: "某县人民政府'; DROP TABLE users; --",
      username: 'bootstrap-admin',
      displayName: '管理员',
      password: 'a-very-long-password',
      now: Date.now(),
    })
    await execute(sql)
    const token = await apiLogin('bootstrap-admin', 'a-very-long-password')
    const me = (await (await call('/api/v1/auth/me', bearer(token))).json()) as {
      user: { roles: { role: string }[] }
    }
    expect(me.user.roles).toEqual([{ agencyId: 'agency-bootstrap', role: 'admin' }])
    const name = await env.DB.prepare(`SELECT name FROM agencies WHERE id = 'agency-bootstrap'`).first<{
      name: string
    }>()
    expect(name?.name).toBe("某县人民政府'; DROP TABLE users; --")
    // Run again, the username exists: it fails loudly and changes nothing.
    await expect(execute(sql)).rejects.toThrow(/UNIQUE/)
    expect(await rolesOf('user-bootstrap-admin')).toEqual([{ agency_id: 'agency-bootstrap', role: 'admin' }])
  })

  it('never grants a role to an existing account (demo-admin named for a new agency)', async () => {
    const sql = await adminSql({
      agencySlug: 'demo',
      agencyName: '示范县人民政府',
      username: 'demo-admin',
      displayName: '管理员',
      password: 'another-long-password',
      now: Date.now(),
    })
    const before = await rolesOf('user-demo-admin')
    await expect(execute(sql)).rejects.toThrow(/UNIQUE/)
    // Even a runner that carried on past the failure grants nothing: the role statement matches no new row.
    const roleStatement = sql.split('\n').find((l) => l.startsWith('INSERT INTO user_roles'))!
    await env.DB.prepare(roleStatement).run()
    expect(await rolesOf('user-demo-admin')).toEqual(before)
    expect(await apiLogin('demo-admin')).toBeTruthy()
  })

  it('creates the platform operator with --operator: no agency, no agency role', async () => {
    await execute(
      await operatorSql({
        username: 'ops',
        displayName: '运营',
        password: 'operator-long-password',
        now: Date.now(),
      }),
    )
    const token = await apiLogin('ops', 'operator-long-password')
    const me = (await (await call('/api/v1/auth/me', bearer(token))).json()) as {
      user: { roles: unknown[]; platformRole: string; homeAgencyId: string }
    }
    expect(me.user).toMatchObject({ roles: [], platformRole: 'operator', homeAgencyId: '' })
    const confirm = () =>
      call('/api/v1/calendar/2026/confirm', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ confirmed: true }),
      })
    // The operator must set up the second factor before anything else.
    expect((await confirm()).status).toBe(403)
    const begin = await call('/api/v1/auth/mfa/enrolment', { ...bearer(token), method: 'POST' })
    const { secret } = (await begin.json()) as { secret: string }
    const enrolled = await call(
      '/api/v1/auth/mfa/enrolment/confirm',
      json({ code: totpCode(secret, Date.now()) }, { token }),
    )
    expect(enrolled.status).toBe(200)
    expect((await confirm()).status).toBe(200)
  })

  it('refuses a short or common password, a bad slug and a username outside the agency’s namespace', async () => {
    const base = {
      agencySlug: 'ok-slug',
      agencyName: 'x',
      username: 'ok-slug-admin',
      displayName: 'x',
      password: 'a-very-long-password',
      now: 0,
    }
    await expect(adminSql({ ...base, password: 'short' })).rejects.toThrow(/12/)
    await expect(adminSql({ ...base, password: 'password1234' })).rejects.toThrow(/ADMIN_PASSWORD/)
    await expect(adminSql({ ...base, agencySlug: 'Bad Slug' })).rejects.toThrow(/agency/)
    await expect(adminSql({ ...base, username: 'admin' })).rejects.toThrow(/ok-slug-/)
  })
})
