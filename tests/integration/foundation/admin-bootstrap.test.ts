import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { adminSql } from '../../../db/admin-sql'
import { apiLogin, bearer, call } from '../helpers'

describe('production bootstrap SQL (npm run admin:sql)', () => {
  it('creates an agency and an admin who can log in, and is safe to run twice', async () => {
    const sql = await adminSql({
      agencySlug: 'bootstrap',
      agencyName: "某县人民政府'; DROP TABLE users; --",
      username: 'boot-admin',
      displayName: '管理员',
      password: 'a-very-long-password',
      now: Date.now(),
    })
    for (let run = 0; run < 2; run++) {
      for (const statement of sql.split('\n').filter(Boolean)) await env.DB.prepare(statement).run()
    }
    const token = await apiLogin('boot-admin', 'a-very-long-password')
    const me = (await (await call('/api/v1/auth/me', bearer(token))).json()) as {
      user: { roles: { role: string }[] }
    }
    expect(me.user.roles).toEqual([{ agencyId: 'agency-bootstrap', role: 'admin' }])
    const name = await env.DB.prepare(`SELECT name FROM agencies WHERE id = 'agency-bootstrap'`).first<{
      name: string
    }>()
    expect(name?.name).toBe("某县人民政府'; DROP TABLE users; --")
  })

  it('refuses a short password and a bad slug', async () => {
    const base = {
      agencySlug: 'ok-slug',
      agencyName: 'x',
      username: 'boot2',
      displayName: 'x',
      password: 'a-very-long-password',
      now: 0,
    }
    await expect(adminSql({ ...base, password: 'short' })).rejects.toThrow(/12/)
    await expect(adminSql({ ...base, agencySlug: 'Bad Slug' })).rejects.toThrow(/agency/)
  })
})
