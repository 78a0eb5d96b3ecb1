// The TOTP second factor: required for admin, auditor and operator (nothing else until enrolled), two-step login on
// the API and the admin pages, codes single-use and throttled, recovery codes single-use, an admin's reset, and
// every step in the chained audit log.
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { DEFAULT_DEMO_PASSWORD } from '../../../db/seed/demo'
import { totpCode } from '../../../workers/auth/totp'
import { apiLogin, bearer, call, cookieFrom, json, secondFactorAt } from '../helpers'

const PASSWORD = 'a-long-enough-password'

function login(body: Record<string, unknown>, at?: number) {
  const headers: Record<string, string> = at === undefined ? {} : { 'x-test-now': String(at) }
  return call('/api/v1/auth/login', json(body, { headers }))
}

async function errorCode(res: Response): Promise<string> {
  return ((await res.json()) as { error: { code: string } }).error.code
}

async function auditActions(target: string): Promise<string[]> {
  const { results } = await env.DB.prepare('SELECT action FROM audit_log WHERE target = ? ORDER BY id')
    .bind(target)
    .all<{ action: string }>()
  return results.map((r) => r.action)
}

/** A new admin of the demo county (created by demo-admin), not enrolled yet. */
async function newAdmin(username: string): Promise<string> {
  const res = await call(
    '/api/v1/users',
    json(
      { username, displayName: '新管理员', password: PASSWORD, agencyId: 'agency-demo', roles: ['admin'] },
      { token: await apiLogin('demo-admin') },
    ),
  )
  expect(res.status).toBe(201)
  const { id } = (await res.json()) as { id: string }
  // Skip the first-login password change (its own tests cover it): these tests are about the second factor.
  await env.DB.prepare('UPDATE users SET must_change_password = 0 WHERE id = ?').bind(id).run()
  return id
}

/** Enrol through the API with the token of a not-yet-enrolled account: the secret and the recovery codes. */
async function enrol(token: string, at: number): Promise<{ secret: string; recoveryCodes: string[] }> {
  const begin = await call('/api/v1/auth/mfa/enrolment', { ...bearer(token), method: 'POST' })
  expect(begin.status).toBe(200)
  const { secret, uri } = (await begin.json()) as { secret: string; uri: string }
  expect(uri).toMatch(/^otpauth:\/\/totp\//)
  expect(new URL(uri).searchParams.get('secret')).toBe(secret)
  const wrong = await call(
    '/api/v1/auth/mfa/enrolment/confirm',
    json({ code: totpCode(secret, at + 300_000) }, { token, headers: { 'x-test-now': String(at) } }),
  )
  expect(wrong.status).toBe(401)
  expect(await errorCode(wrong)).toBe('mfa_invalid')
  const confirm = await call(
    '/api/v1/auth/mfa/enrolment/confirm',
    json({ code: totpCode(secret, at) }, { token, headers: { 'x-test-now': String(at) } }),
  )
  expect(confirm.status).toBe(200)
  const { recoveryCodes } = (await confirm.json()) as { recoveryCodes: string[] }
  return { secret, recoveryCodes }
}

describe('API login with a second factor', () => {
  it('asks for the code, refuses a wrong or replayed one, and accepts the current one once', async () => {
    const noCode = await login({ username: 'demo-auditor', password: DEFAULT_DEMO_PASSWORD })
    expect(noCode.status).toBe(401)
    expect(await errorCode(noCode)).toBe('mfa_required')
    // A wrong password is still the generic answer: the second factor is only asked for after the right one.
    const wrongPassword = await login({
      username: 'demo-auditor',
      password: 'nope-nope-nope',
      totp: '123456',
    })
    expect(await errorCode(wrongPassword)).toBe('invalid_credentials')

    const mfa = (await secondFactorAt('demo-auditor', undefined))!
    const wrong = String((Number(mfa.code) + 1) % 1_000_000).padStart(6, '0')
    const bad = await login(
      { username: 'demo-auditor', password: DEFAULT_DEMO_PASSWORD, totp: wrong },
      mfa.at,
    )
    expect(bad.status).toBe(401)
    expect(await errorCode(bad)).toBe('mfa_invalid')
    const ok = await login(
      { username: 'demo-auditor', password: DEFAULT_DEMO_PASSWORD, totp: mfa.code },
      mfa.at,
    )
    expect(ok.status).toBe(200)
    const { token } = (await ok.json()) as { token: string }
    expect((await call('/api/v1/audit/verify?agency=demo', bearer(token))).status).toBe(200)
    const replay = await login(
      { username: 'demo-auditor', password: DEFAULT_DEMO_PASSWORD, totp: mfa.code },
      mfa.at,
    )
    expect(replay.status).toBe(401)
    expect(await errorCode(replay)).toBe('mfa_invalid')
    expect(await auditActions('user-demo-auditor')).toEqual(
      expect.arrayContaining(['mfa.failed', 'mfa.verified']),
    )
    const failed = await env.DB.prepare(
      `SELECT payload FROM audit_log WHERE target = 'user-demo-auditor' AND action = 'mfa.failed' ORDER BY id`,
    ).all<{ payload: string }>()
    expect(failed.results.map((r) => JSON.parse(r.payload).reason)).toEqual(['invalid', 'replay'])
  })

  it('makes wrong codes wait like wrong passwords: the right code is refused during the delay', async () => {
    const mfa = (await secondFactorAt('demo-operator', undefined))!
    const wrong = String((Number(mfa.code) + 7) % 1_000_000).padStart(6, '0')
    for (let i = 0; i < 3; i++) {
      const res = await login(
        { username: 'demo-operator', password: DEFAULT_DEMO_PASSWORD, totp: wrong },
        mfa.at,
      )
      expect(res.status).toBe(401)
    }
    const during = await login(
      { username: 'demo-operator', password: DEFAULT_DEMO_PASSWORD, totp: mfa.code },
      mfa.at,
    )
    expect(during.status).toBe(429)
    expect(await errorCode(during)).toBe('too_many_attempts')
    expect(await auditActions('user-demo-operator')).toContain('mfa.throttled')
    // After the delay, a code valid at that instant (the first one's step may have left the ±1 window meanwhile).
    const after = (await secondFactorAt('demo-operator', mfa.at + 1_500))!
    const later = await login(
      { username: 'demo-operator', password: DEFAULT_DEMO_PASSWORD, totp: after.code },
      Math.max(after.at, mfa.at + 1_500),
    )
    expect(later.status).toBe(200)
  })

  it('refuses a malformed totp field with 422', async () => {
    const res = await login({ username: 'demo-admin', password: DEFAULT_DEMO_PASSWORD, totp: 'x'.repeat(65) })
    expect(res.status).toBe(422)
  })
})

describe('roles that require a second factor', () => {
  it('let a new admin do nothing but enrol; recovery codes work once; the secret is stored encrypted', async () => {
    const id = await newAdmin('demo-mfa-admin')
    const t0 = Date.now()
    const first = await login({ username: 'demo-mfa-admin', password: PASSWORD }, t0)
    expect(first.status).toBe(200)
    const { token } = (await first.json()) as { token: string }
    const blocked = await call('/api/v1/cases', bearer(token, { headers: { 'x-test-now': String(t0) } }))
    expect(blocked.status).toBe(403)
    expect(await errorCode(blocked)).toBe('mfa_enrolment_required')
    expect((await call('/api/v1/auth/me', bearer(token))).status).toBe(200)

    const { secret, recoveryCodes } = await enrol(token, t0)
    expect(recoveryCodes).toHaveLength(10)
    // The enrolling session counts as verified from now.
    expect(
      (await call('/api/v1/cases', bearer(token, { headers: { 'x-test-now': String(t0) } }))).status,
    ).toBe(200)

    const row = await env.DB.prepare('SELECT totp_secret FROM users WHERE id = ?')
      .bind(id)
      .first<{ totp_secret: string }>()
    expect(row!.totp_secret).not.toContain(secret)
    expect(row!.totp_secret).toMatch(/^t1\./)
    const hashes = await env.DB.prepare('SELECT code_hash FROM mfa_recovery_codes WHERE user_id = ?')
      .bind(id)
      .all<{ code_hash: string }>()
    expect(hashes.results).toHaveLength(10)
    const stored = JSON.stringify(hashes.results)
    for (const code of recoveryCodes) expect(stored).not.toContain(code.replace(/-/g, ''))

    const withRecovery = { username: 'demo-mfa-admin', password: PASSWORD, totp: recoveryCodes[3]! }
    expect((await login(withRecovery, t0 + 1_000)).status).toBe(200)
    const again = await login(withRecovery, t0 + 2_000)
    expect(again.status).toBe(401)
    expect(await errorCode(again)).toBe('mfa_invalid')
    // The enrolment step used this step's code: a code of the next step works.
    const next = await login(
      { username: 'demo-mfa-admin', password: PASSWORD, totp: totpCode(secret, t0 + 30_000) },
      t0 + 30_000,
    )
    expect(next.status).toBe(200)
    expect(await auditActions(id)).toEqual(
      expect.arrayContaining([
        'mfa.enrolment_started',
        'mfa.failed',
        'mfa.enrolled',
        'mfa.recovery_used',
        'mfa.verified',
      ]),
    )
    const verify = await call('/api/v1/audit/verify?agency=demo', bearer(await apiLogin('demo-auditor')))
    expect(((await verify.json()) as { ok: boolean }).ok).toBe(true)
  })

  it('send a not-enrolled admin to the enrolment page, with the QR code and the secret', async () => {
    await newAdmin('demo-mfa-page')
    const page = await call('/admin/login')
    const loginCookie = cookieFrom(page, '__Host-login')!
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!
    const res = await call('/admin/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: loginCookie },
      body: new URLSearchParams({ _csrf: csrf, username: 'demo-mfa-page', password: PASSWORD }).toString(),
    })
    expect(res.status).toBe(303)
    const cookie = cookieFrom(res, '__Host-session')!
    const dash = await call('/admin/cases', { headers: { cookie } })
    expect(dash.status).toBe(303)
    expect(dash.headers.get('location')).toBe('/admin/account/mfa')
    const enrolPage = await call('/admin/account/mfa', { headers: { cookie } })
    expect(enrolPage.status).toBe(200)
    expect(enrolPage.headers.get('cache-control')).toBe('no-store')
    const html = await enrolPage.text()
    expect(html).toContain('<svg')
    expect(html).toMatch(/id="totp-secret">([A-Z2-7]{4} ){7}[A-Z2-7]{4}</)
    expect(html).toContain('必须启用两步验证')
    // A state change other than enrolling is refused too.
    const sessionCsrf = /name="_csrf" value="([^"]+)"/.exec(html)![1]!
    const post = await call('/admin/users/user-demo-handler/disable', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: new URLSearchParams({ _csrf: sessionCsrf }).toString(),
    })
    expect(post.status).toBe(403)
  })

  it('leave it optional for other staff', async () => {
    const token = await apiLogin('demo-handler')
    expect((await call('/api/v1/cases', bearer(token))).status).toBe(200)
  })
})

describe('the two-step login page', () => {
  it('opens only a code-entry session with the password; the code replaces it with the real one', async () => {
    const page = await call('/admin/login')
    const loginCookie = cookieFrom(page, '__Host-login')!
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!
    const mfa = (await secondFactorAt('demo-admin', undefined))!
    const clock = { 'x-test-now': String(mfa.at) }
    const res = await call('/admin/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: loginCookie, ...clock },
      body: new URLSearchParams({
        _csrf: csrf,
        username: 'demo-admin',
        password: DEFAULT_DEMO_PASSWORD,
        next: '/admin/users',
      }).toString(),
    })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/admin/login/code?next=%2Fadmin%2Fusers')
    const pending = cookieFrom(res, '__Host-session')!
    const dash = await call('/admin/users', { headers: { cookie: pending, ...clock } })
    expect(dash.status).toBe(303)
    expect(dash.headers.get('location')).toBe('/admin/login/code')
    const api = await call('/api/v1/users', { headers: { cookie: pending, ...clock } })
    expect(api.status).toBe(401)
    expect(await errorCode(api)).toBe('mfa_required')

    const codePage = await call('/admin/login/code?next=/admin/users', {
      headers: { cookie: pending, ...clock },
    })
    const codeHtml = await codePage.text()
    const pendingCsrf = /name="_csrf" value="([^"]+)"/.exec(codeHtml)![1]!
    const submit = (code: string) =>
      call('/admin/login/code', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: pending, ...clock },
        body: new URLSearchParams({ _csrf: pendingCsrf, code, next: '/admin/users' }).toString(),
      })
    const empty = await submit('')
    expect(empty.status).toBe(422)
    const wrong = await submit('000000' === mfa.code ? '111111' : '000000')
    expect(wrong.status).toBe(401)
    const wrongHtml = await wrong.text()
    expect(wrongHtml).toContain('error-summary')
    expect(wrongHtml).toContain('验证码不正确')
    const ok = await submit(mfa.code)
    expect(ok.status).toBe(303)
    expect(ok.headers.get('location')).toBe('/admin/users')
    const full = cookieFrom(ok, '__Host-session')!
    expect(full).not.toBe(pending)
    expect((await call('/admin/users', { headers: { cookie: full, ...clock } })).status).toBe(200)
    // The code-entry session is gone.
    const old = await call('/admin/login/code', { headers: { cookie: pending, ...clock } })
    expect(old.status).toBe(303)
    expect(old.headers.get('location')).toMatch(/^\/admin\/login\?next=/)
  })
})

describe("an admin's reset of someone's second factor", () => {
  it('removes it, ends their sessions, is audited, and is refused to others and for oneself', async () => {
    const id = await newAdmin('demo-mfa-reset')
    const t0 = Date.now()
    const first = (await (await login({ username: 'demo-mfa-reset', password: PASSWORD }, t0)).json()) as {
      token: string
    }
    await enrol(first.token, t0)
    const admin = await apiLogin('demo-admin')
    const handler = await apiLogin('demo-handler')
    const byHandler = await call(`/api/v1/users/${id}/mfa/reset`, { ...bearer(handler), method: 'POST' })
    expect([403, 404]).toContain(byHandler.status)
    const own = await call('/api/v1/users/user-demo-admin/mfa/reset', { ...bearer(admin), method: 'POST' })
    expect(own.status).toBe(403)
    const res = await call(`/api/v1/users/${id}/mfa/reset`, { ...bearer(admin), method: 'POST' })
    expect(res.status).toBe(200)
    expect(((await res.json()) as { mfaEnrolled: boolean }).mfaEnrolled).toBe(false)
    expect((await call('/api/v1/auth/me', bearer(first.token))).status).toBe(401)
    const after = await login({ username: 'demo-mfa-reset', password: PASSWORD })
    expect(after.status).toBe(200)
    const { token } = (await after.json()) as { token: string }
    expect(await errorCode(await call('/api/v1/cases', bearer(token)))).toBe('mfa_enrolment_required')
    const codes = await env.DB.prepare('SELECT count(*) AS n FROM mfa_recovery_codes WHERE user_id = ?')
      .bind(id)
      .first<{ n: number }>()
    expect(codes!.n).toBe(0)
    expect(await auditActions(id)).toContain('user.mfa_reset')
    const unknown = await call('/api/v1/users/no-such-user/mfa/reset', { ...bearer(admin), method: 'POST' })
    expect(unknown.status).toBe(404)
  })
})
