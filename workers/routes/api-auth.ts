// JSON API login/logout for integrations: a bearer token that expires and can be revoked like a session.
import { Hono } from 'hono'
import * as z from 'zod'
import { loginForToken } from '../auth/login'
import { revokeSession } from '../auth/sessions'
import type { AppEnv } from '../env'
import { readJson } from '../lib/body'
import { clientIp, staff } from '../middleware/auth'
import { changeOwnPassword } from '../services/staff-admin'
import type { ApiOperations } from './api-docs'

const LoginBody = z.strictObject({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
})

const PasswordBody = z.strictObject({
  current: z.string().min(1).max(256),
  next: z.string().min(1).max(256),
})

export const apiAuthOperations: ApiOperations = {
  'POST /auth/login': { access: 'public', body: LoginBody },
  'POST /auth/logout': { access: 'staff' },
  'GET /auth/me': { access: 'staff' },
  'POST /auth/password': { access: 'staff', body: PasswordBody },
}

export const apiAuth = new Hono<AppEnv>()
  .post('/login', async (c) => {
    const body = await readJson(c, LoginBody)
    const input = { ...body, ip: clientIp(c), userAgent: c.req.header('user-agent') ?? null }
    return c.json(await loginForToken(c.get('db'), input, c.get('now')))
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
