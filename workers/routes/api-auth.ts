// JSON API login/logout for integrations: a bearer token that expires and can be revoked like a session.
import { type Context, Hono } from 'hono'
import * as z from 'zod'
import { loginForToken } from '../auth/login'
import { revokeSession } from '../auth/sessions'
import type { AppEnv } from '../env'
import { readJson } from '../lib/body'
import { loadKeyring } from '../lib/pii'
import { clientIp, staff } from '../middleware/auth'
import { beginEnrolment, confirmEnrolment } from '../services/mfa'
import { changeOwnPassword } from '../services/staff-admin'
import type { ApiOperations } from './api-docs'

const LoginBody = z.strictObject({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
  /** The second factor: the authenticator's current 6-digit code, or a recovery code. */
  totp: z.string().trim().min(1).max(64).optional(),
})

const CodeBody = z.strictObject({ code: z.string().trim().min(1).max(64) })

const PasswordBody = z.strictObject({
  current: z.string().min(1).max(256),
  next: z.string().min(1).max(256),
})

export const apiAuthOperations: ApiOperations = {
  'POST /auth/login': { access: 'public', body: LoginBody },
  'POST /auth/logout': { access: 'staff' },
  'GET /auth/me': { access: 'staff' },
  'POST /auth/password': { access: 'staff', body: PasswordBody },
  'POST /auth/mfa/enrolment': { access: 'staff' },
  'POST /auth/mfa/enrolment/confirm': { access: 'staff', body: CodeBody },
}

const keyring = (c: Context<AppEnv>) => loadKeyring(c.env.PII_KEYS, c.env.PII_ACTIVE_KEY)

export const apiAuth = new Hono<AppEnv>()
  .post('/login', async (c) => {
    const body = await readJson(c, LoginBody)
    const input = { ...body, ip: clientIp(c), userAgent: c.req.header('user-agent') ?? null }
    return c.json(await loginForToken(c.get('db'), () => keyring(c), input, c.get('now')))
  })
  .post('/logout', async (c) => {
    await revokeSession(c.get('db'), staff(c).session.id, c.get('now'))
    return c.body(null, 204)
  })
  .get('/me', (c) => {
    const auth = staff(c)
    return c.json({ user: { ...auth.user, roles: auth.roles } })
  })
  .post('/password', async (c) => {
    const body = await readJson(c, PasswordBody)
    await changeOwnPassword(c.get('db'), staff(c), { ...body, ip: clientIp(c) }, c.get('now'))
    return c.body(null, 204)
  })
  // Set up the second factor: the secret (base32) and otpauth:// URI to put into an authenticator app …
  .post('/mfa/enrolment', async (c) =>
    c.json(await beginEnrolment(c.get('db'), await keyring(c), staff(c), clientIp(c), c.get('now'))),
  )
  // … then confirm with a current code: the recovery codes come back this once.
  .post('/mfa/enrolment/confirm', async (c) => {
    const { code } = await readJson(c, CodeBody)
    return c.json(
      await confirmEnrolment(c.get('db'), await keyring(c), staff(c), code, clientIp(c), c.get('now')),
    )
  })
