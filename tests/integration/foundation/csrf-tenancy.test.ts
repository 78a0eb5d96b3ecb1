import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { DEMO_AGENCIES, DEMO_USERS, demoUserId } from '../../../db/seed/demo'
import { apiLogin, bearer, browserLogin, call } from '../helpers'

const FOREIGN_AGENCY = 'agency-other'
const FOREIGN_USER = 'user-other-admin'

beforeAll(async () => {
  const now = Date.now()
  await env.DB.batch([
    env.DB.prepare(
      `INSERT INTO agencies (id, slug, name, kind, created_at) VALUES (?1, 'other', '其他县人民政府', 'government', ?2)`,
    ).bind(FOREIGN_AGENCY, now),
    env.DB.prepare(
      `INSERT INTO users (id, username, display_name, password_hash, home_agency_id, created_at, updated_at)
       VALUES (?1, 'other-admin', '外县管理员', 'x', ?2, ?3, ?3)`,
    ).bind(FOREIGN_USER, FOREIGN_AGENCY, now),
    env.DB.prepare(`INSERT INTO user_roles (user_id, agency_id, role) VALUES (?1, ?2, 'admin')`).bind(
      FOREIGN_USER,
      FOREIGN_AGENCY,
    ),
  ])
})

async function disabledAt(userId: string) {
  return (
    await env.DB.prepare('SELECT disabled_at FROM users WHERE id = ?')
      .bind(userId)
      .first<{ disabled_at: number | null }>()
  )?.disabled_at
}

describe('CSRF protection on cookie-authenticated state changes', () => {
  const target = () => `/admin/users/${demoUserId('demo-legal')}/disable`

  it('rejects a form POST without the token and changes nothing', async () => {
    const { cookie } = await browserLogin('demo-admin')
    const res = await call(target(), {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
    })
    expect(res.status).toBe(403)
    expect(await res.text()).toContain('表单已失效')
    expect(await disabledAt(demoUserId('demo-legal'))).toBeNull()
  })

  it('rejects a wrong token and a cross-site Origin', async () => {
    const { cookie, csrf } = await browserLogin('demo-admin')
    const wrong = await call(target(), {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: '_csrf=not-the-token',
    })
    expect(wrong.status).toBe(403)
    const crossSite = await call(target(), {
      method: 'POST',
      headers: {
        cookie,
        origin: 'https://evil.example',
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: `_csrf=${encodeURIComponent(csrf)}`,
    })
    expect(crossSite.status).toBe(403)
    expect(await disabledAt(demoUserId('demo-legal'))).toBeNull()
  })

  it('rejects a cookie-authenticated JSON POST to the API without the header', async () => {
    const { cookie } = await browserLogin('demo-admin')
    const res = await call(`/api/v1/users/${demoUserId('demo-legal')}/disable`, {
      method: 'POST',
      headers: { cookie },
    })
    expect(res.status).toBe(403)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('csrf_failed')
  })

  it('accepts the same POST with the session token', async () => {
    const { cookie, csrf } = await browserLogin('demo-admin')
    const res = await call(target(), {
      method: 'POST',
      headers: {
        cookie,
        origin: 'https://gov.example.cn',
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: `_csrf=${encodeURIComponent(csrf)}`,
    })
    expect(res.status).toBe(303)
    expect(await disabledAt(demoUserId('demo-legal'))).not.toBeNull()
  })
})

describe('tenancy', () => {
  it('lists only the agencies the user belongs to or administers (its departments and townships)', async () => {
    const token = await apiLogin('demo-admin')
    const body = (await (await call('/api/v1/agencies', bearer(token))).json()) as { items: { id: string }[] }
    expect(body.items.map((a) => a.id).sort()).toEqual(DEMO_AGENCIES.map((a) => a.id).sort())
    const registrar = await apiLogin('demo-registrar')
    const own = (await (await call('/api/v1/agencies', bearer(registrar))).json()) as {
      items: { id: string }[]
    }
    expect(own.items.map((a) => a.id)).toEqual(['agency-demo'])
  })

  it('answers 404 for a foreign agency id, the same as for a missing one', async () => {
    const token = await apiLogin('demo-admin')
    const foreign = await call(`/api/v1/agencies/${FOREIGN_AGENCY}`, bearer(token))
    const missing = await call('/api/v1/agencies/agency-nope', bearer(token))
    expect(foreign.status).toBe(404)
    expect(missing.status).toBe(404)
    expect(((await foreign.json()) as { error: { code: string } }).error.code).toBe('not_found')
  })

  it('answers 404 for a foreign user and refuses to disable them', async () => {
    const token = await apiLogin('demo-admin')
    expect((await call(`/api/v1/users/${FOREIGN_USER}`, bearer(token))).status).toBe(404)
    const res = await call(`/api/v1/users/${FOREIGN_USER}/disable`, bearer(token, { method: 'POST' }))
    expect(res.status).toBe(404)
    expect(await disabledAt(FOREIGN_USER)).toBeNull()
  })

  it('does not list foreign users', async () => {
    const token = await apiLogin('demo-admin')
    const body = (await (await call('/api/v1/users', bearer(token))).json()) as { items: { id: string }[] }
    expect(body.items.map((u) => u.id)).not.toContain(FOREIGN_USER)
    // The county's admin administers the county and the units below it: every demo account is homed there.
    expect(body.items).toHaveLength(DEMO_USERS.length)
  })
})
