import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { createDb } from '../../../db/client'
import { demoUserId } from '../../../db/seed/demo'
import { createSession, resolveSession, SESSION_POLICY } from '../../../workers/auth/sessions'
import { apiLogin, bearer, browserLogin, call, json } from '../helpers'

describe('API login (bearer tokens)', () => {
  it('issues a token that authenticates API calls', async () => {
    const token = await apiLogin('demo-handler')
    const res = await call('/api/v1/auth/me', bearer(token))
    expect(res.status).toBe(200)
    const body = (await res.json()) as { user: { username: string; roles: { role: string }[] } }
    expect(body.user.username).toBe('demo-handler')
    expect(body.user.roles.map((r) => r.role)).toEqual(['handler'])
  })

  it('gives the same generic answer for a wrong password and an unknown user', async () => {
    const wrong = await call('/api/v1/auth/login', json({ username: 'demo-handler', password: 'nope-nope' }))
    const unknown = await call('/api/v1/auth/login', json({ username: 'nobody-here', password: 'nope-nope' }))
    expect(wrong.status).toBe(401)
    expect(unknown.status).toBe(401)
    const a = ((await wrong.json()) as { error: { code: string; message: string } }).error
    const b = ((await unknown.json()) as { error: { code: string; message: string } }).error
    expect(a.code).toBe('invalid_credentials')
    expect([b.code, b.message]).toEqual([a.code, a.message])
  })

  it('makes the address that keeps failing wait, even for the right password', async () => {
    const from = { headers: { 'cf-connecting-ip': '198.51.100.60' } }
    for (let i = 0; i < 3; i++) {
      const res = await call(
        '/api/v1/auth/login',
        json({ username: 'demo-auditor', password: `bad-${i}` }, from),
      )
      expect(res.status).toBe(401)
    }
    const waiting = await call(
      '/api/v1/auth/login',
      json({ username: 'demo-auditor', password: 'demo-pass-2026' }, from),
    )
    expect(waiting.status).toBe(429)
    expect(((await waiting.json()) as { error: { code: string } }).error.code).toBe('too_many_attempts')
  })

  it('revokes the token at once on logout', async () => {
    const token = await apiLogin('demo-registrar')
    expect((await call('/api/v1/auth/logout', bearer(token, { method: 'POST' }))).status).toBe(204)
    const after = await call('/api/v1/auth/me', bearer(token))
    expect(after.status).toBe(401)
    expect(((await after.json()) as { error: { code: string } }).error.code).toBe('unauthenticated')
  })

  it('rejects a garbage bearer token with 401', async () => {
    expect((await call('/api/v1/auth/me', bearer('x'.repeat(43)))).status).toBe(401)
    expect((await call('/api/v1/auth/me', { headers: { authorization: 'Basic abc' } })).status).toBe(401)
  })
})

describe('admin session cookie', () => {
  it('is __Host- prefixed, Secure, HttpOnly, SameSite=Lax, Path=/ and has no Domain', async () => {
    const { setCookie } = await browserLogin('demo-admin')
    const attrs = setCookie.split(';').map((s) => s.trim().toLowerCase())
    expect(setCookie.startsWith('__Host-session=')).toBe(true)
    expect(attrs).toContain('secure')
    expect(attrs).toContain('httponly')
    expect(attrs).toContain('samesite=lax')
    expect(attrs).toContain('path=/')
    expect(attrs.some((a) => a.startsWith('domain='))).toBe(false)
    const maxAge = Number(attrs.find((a) => a.startsWith('max-age='))?.slice(8))
    expect(maxAge).toBe(SESSION_POLICY.cookie.absoluteMs / 1000)
  })

  it('redirects to login without a session and shows the dashboard with one', async () => {
    const anon = await call('/admin/')
    expect(anon.status).toBe(303)
    expect(anon.headers.get('location')).toMatch(/^\/admin\/login/)
    const { cookie } = await browserLogin('demo-admin')
    const res = await call('/admin/', { headers: { cookie } })
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('示范县人民政府')
  })

  it('is revoked at once on logout', async () => {
    const { cookie, csrf } = await browserLogin('demo-approver')
    const out = await call('/admin/logout', {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: `_csrf=${encodeURIComponent(csrf)}`,
    })
    expect(out.status).toBe(303)
    expect((await call('/admin/', { headers: { cookie } })).status).toBe(303)
  })

  it('rejects a login POST without the login CSRF token', async () => {
    const res = await call('/admin/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'username=demo-admin&password=demo-pass-2026',
    })
    expect(res.status).toBe(403)
  })

  it('re-renders the login form with an error summary and keeps the typed username', async () => {
    const page = await call('/admin/login')
    const loginCookie = page.headers.getSetCookie()[0]!.split(';')[0]!
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!
    const res = await call('/admin/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: loginCookie },
      body: new URLSearchParams({ _csrf: csrf, username: 'demo-admin', password: '' }).toString(),
    })
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(html).toMatch(/<title>错误：/)
    expect(html).toContain('class="error-summary"')
    expect(html).toContain('href="#password"')
    expect(html).toContain('value="demo-admin"')
  })
})

describe('session lifetime', () => {
  const db = () => createDb(env.DB)
  const user = demoUserId('demo-handler')

  it('expires after the idle timeout', async () => {
    const t0 = 1_800_000_000_000
    const s = await createSession(db(), { userId: user, kind: 'cookie', now: t0, ip: null, userAgent: null })
    expect(await resolveSession(db(), s.token, 'cookie', t0 + 60_000)).not.toBeNull()
    const idle = SESSION_POLICY.cookie.idleMs
    expect(await resolveSession(db(), s.token, 'cookie', t0 + 60_000 + idle + 1)).toBeNull()
  })

  it('expires at the absolute timeout even when active', async () => {
    const t0 = 1_800_000_000_000
    const s = await createSession(db(), { userId: user, kind: 'cookie', now: t0, ip: null, userAgent: null })
    let t = t0
    while (t < t0 + SESSION_POLICY.cookie.absoluteMs - 20 * 60_000) {
      t += 20 * 60_000
      expect(await resolveSession(db(), s.token, 'cookie', t)).not.toBeNull()
    }
    expect(await resolveSession(db(), s.token, 'cookie', t0 + SESSION_POLICY.cookie.absoluteMs)).toBeNull()
  })

  it('does not accept a cookie session token as a bearer token', async () => {
    const s = await createSession(db(), {
      userId: user,
      kind: 'cookie',
      now: Date.now(),
      ip: null,
      userAgent: null,
    })
    expect((await call('/api/v1/auth/me', bearer(s.token))).status).toBe(401)
  })

  it('stores only a hash of the token', async () => {
    const s = await createSession(db(), {
      userId: user,
      kind: 'bearer',
      now: Date.now(),
      ip: null,
      userAgent: null,
    })
    const row = await env.DB.prepare('SELECT count(*) AS n FROM sessions WHERE id = ?')
      .bind(s.token)
      .first<{ n: number }>()
    expect(row?.n).toBe(0)
  })
})

describe('disabling a user', () => {
  it('revokes their bearer and cookie sessions at once', async () => {
    const adminToken = await apiLogin('demo-admin')
    const token = await apiLogin('demo-legal')
    const { cookie } = await browserLogin('demo-legal')
    const res = await call(
      `/api/v1/users/${demoUserId('demo-legal')}/disable`,
      bearer(adminToken, { method: 'POST' }),
    )
    expect(res.status).toBe(200)
    expect((await call('/api/v1/auth/me', bearer(token))).status).toBe(401)
    expect((await call('/admin/', { headers: { cookie } })).status).toBe(303)
    const relogin = await call(
      '/api/v1/auth/login',
      json({ username: 'demo-legal', password: 'demo-pass-2026' }),
    )
    expect(relogin.status).toBe(401)
  })

  it('is refused to a non-admin', async () => {
    const token = await apiLogin('demo-handler')
    const res = await call(
      `/api/v1/users/${demoUserId('demo-legal')}/disable`,
      bearer(token, { method: 'POST' }),
    )
    expect(res.status).toBe(404)
  })
})
