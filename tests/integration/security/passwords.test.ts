// Staff passwords: 12+ characters and not a common one; a staff member changes their own; an admin resets one,
// which ends every session and forces a new password at the next login.
import { describe, expect, it } from 'vitest'
import { DEFAULT_DEMO_PASSWORD, demoUserId } from '../../../db/seed/demo'
import { apiLogin, bearer, browserLogin, call, json } from '../helpers'

const code = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code

describe('staff passwords', () => {
  it('refuses a short or common password for a new user', async () => {
    const admin = await apiLogin('demo-admin')
    for (const password of ['short-pass', 'Password1234', 'qwertyuiop123', '123456789012']) {
      const res = await call(
        '/api/v1/users',
        json(
          { username: 'demo-weak', displayName: 'x', password, agencyId: 'demo', roles: ['handler'] },
          { token: admin },
        ),
      )
      expect(res.status, password).toBe(422)
    }
  })

  it('lets a staff member change their own password, ending their other sessions', async () => {
    const other = await apiLogin('demo-registrar')
    const mine = await apiLogin('demo-registrar')
    const wrong = await call(
      '/api/v1/auth/password',
      json({ current: 'not-my-password', next: 'a-new-long-passphrase' }, { token: mine }),
    )
    expect(wrong.status).toBe(422)
    const weak = await call(
      '/api/v1/auth/password',
      json({ current: DEFAULT_DEMO_PASSWORD, next: 'password2026' }, { token: mine }),
    )
    expect(weak.status).toBe(422)
    const ok = await call(
      '/api/v1/auth/password',
      json({ current: DEFAULT_DEMO_PASSWORD, next: 'a-new-long-passphrase' }, { token: mine }),
    )
    expect(ok.status).toBe(204)
    expect((await call('/api/v1/auth/me', bearer(mine))).status).toBe(200)
    expect((await call('/api/v1/auth/me', bearer(other))).status).toBe(401)
    expect(await apiLogin('demo-registrar', 'a-new-long-passphrase')).toBeTruthy()
  })

  it('after an admin reset: every session ends and the next login may only choose a new password', async () => {
    const before = await apiLogin('demo-approver')
    const admin = await apiLogin('demo-admin')
    const reset = await call(
      `/api/v1/users/${demoUserId('demo-approver')}/password`,
      json({ password: 'temporary-pass-4821' }, { token: admin }),
    )
    expect(reset.status).toBe(200)
    expect(((await reset.json()) as { mustChangePassword: boolean }).mustChangePassword).toBe(true)
    expect((await call('/api/v1/auth/me', bearer(before))).status).toBe(401)

    const token = await apiLogin('demo-approver', 'temporary-pass-4821')
    const blocked = await call('/api/v1/cases', bearer(token))
    expect(blocked.status).toBe(403)
    expect(await code(blocked)).toBe('password_change_required')
    const { cookie } = await browserLogin('demo-approver', 'temporary-pass-4821')
    const page = await call('/admin/cases', { headers: { cookie } })
    expect([page.status, page.headers.get('location')]).toEqual([303, '/admin/password'])

    const changed = await call(
      '/api/v1/auth/password',
      json({ current: 'temporary-pass-4821', next: 'approver-own-secret-77' }, { token }),
    )
    expect(changed.status).toBe(204)
    const fresh = await apiLogin('demo-approver', 'approver-own-secret-77')
    expect((await call('/api/v1/cases', bearer(fresh))).status).toBe(200)
  })

  it('changes the password through the admin page', async () => {
    const { cookie, csrf } = await browserLogin('demo-legal')
    const form = (current: string, next: string) =>
      call('/admin/password', {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: csrf, current, next }).toString(),
      })
    const bad = await form(DEFAULT_DEMO_PASSWORD, 'short')
    expect(bad.status).toBe(422)
    expect(await bad.text()).toContain('class="error-summary"')
    const good = await form(DEFAULT_DEMO_PASSWORD, 'legal-review-passphrase')
    expect(good.status).toBe(303)
  })
})
