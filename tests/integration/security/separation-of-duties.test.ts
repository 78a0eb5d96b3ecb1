// 三员分立 (等保 level 3): the system admin can neither hold, grant, remove, disable nor reset the auditor; the
// platform operator sets auditors up and does nothing else with accounts.
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { demoUserId } from '../../../db/seed/demo'
import { apiLogin, bearer, browserLogin, call, json } from '../helpers'

const AUDITOR = demoUserId('demo-auditor')

const newUser = (username: string, roles: string[]) => ({
  username,
  displayName: '新同事',
  password: 'a-long-enough-password',
  agencyId: 'demo',
  roles,
})

async function disabledAt(id: string) {
  return (
    await env.DB.prepare('SELECT disabled_at AS d FROM users WHERE id = ?')
      .bind(id)
      .first<{ d: number | null }>()
  )?.d
}

describe('the auditor and the admin', () => {
  it('an admin cannot grant the auditor role', async () => {
    const admin = await apiLogin('demo-admin')
    const res = await call('/api/v1/users', json(newUser('demo-new-auditor', ['auditor']), { token: admin }))
    expect(res.status).toBe(403)
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain('三员分立')
    const count = await env.DB.prepare(
      "SELECT count(*) AS n FROM users WHERE username = 'demo-new-auditor'",
    ).first()
    expect(count).toEqual({ n: 0 })
  })

  it('an admin cannot disable, enable or reset the auditor, nor is offered to', async () => {
    const admin = await apiLogin('demo-admin')
    for (const op of ['disable', 'enable']) {
      expect((await call(`/api/v1/users/${AUDITOR}/${op}`, bearer(admin, { method: 'POST' }))).status).toBe(
        403,
      )
    }
    const reset = await call(
      `/api/v1/users/${AUDITOR}/password`,
      json({ password: 'another-long-passphrase' }, { token: admin }),
    )
    expect(reset.status).toBe(403)
    expect(await disabledAt(AUDITOR)).toBeNull()
    expect(await apiLogin('demo-auditor')).toBeTruthy()
    const { cookie } = await browserLogin('demo-admin')
    const page = await (await call('/admin/users', { headers: { cookie } })).text()
    expect(page).not.toContain(`action="/admin/users/${AUDITOR}/disable"`)
    expect(page).toContain(`action="/admin/users/${demoUserId('demo-handler')}/disable"`)
  })

  it('the platform operator sets up and disables an auditor, and nothing else', async () => {
    const operator = await apiLogin('demo-operator')
    const created = await call(
      '/api/v1/users',
      json(newUser('demo-second-auditor', ['auditor']), { token: operator }),
    )
    expect(created.status).toBe(201)
    const { id } = (await created.json()) as { id: string }
    expect((await call(`/api/v1/users/${id}/disable`, bearer(operator, { method: 'POST' }))).status).toBe(200)
    expect(await disabledAt(id)).not.toBeNull()
    const handler = await call(
      '/api/v1/users',
      json(newUser('demo-op-handler', ['handler']), { token: operator }),
    )
    expect(handler.status).toBe(403)
    const disableHandler = await call(
      `/api/v1/users/${demoUserId('demo-handler')}/disable`,
      bearer(operator, { method: 'POST' }),
    )
    expect(disableHandler.status).toBe(404)
  })
})

describe('usernames of other tenants', () => {
  it('cannot be probed: a name outside the admin’s tenant is refused alike whether it exists or not', async () => {
    const now = Date.now()
    await env.DB.batch([
      env.DB.prepare(
        `INSERT OR IGNORE INTO agencies (id, slug, name, kind, created_at) VALUES ('agency-third', 'third', '第三县人民政府', 'government', ?1)`,
      ).bind(now),
      env.DB.prepare(
        `INSERT OR IGNORE INTO users (id, username, display_name, password_hash, home_agency_id, created_at, updated_at)
         VALUES ('user-third-admin', 'third-admin', '第三县管理员', 'x', 'agency-third', ?1, ?1)`,
      ).bind(now),
    ])
    const admin = await apiLogin('demo-admin')
    const answer = async (username: string) => {
      const res = await call('/api/v1/users', json(newUser(username, ['handler']), { token: admin }))
      const body = (await res.json()) as { error: { code: string; issues: unknown[] } }
      return { status: res.status, code: body.error.code, issues: body.error.issues }
    }
    const existing = await answer('third-admin')
    expect(existing.status).toBe(422)
    expect(existing).toEqual(await answer('third-nobody'))
    expect(JSON.stringify(existing)).not.toContain('已被使用')
  })
})
