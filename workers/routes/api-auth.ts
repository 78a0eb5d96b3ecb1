// JSON API login/logout for integrations: a bearer token that expires and can be revoked like a session.
import { Hono } from 'hono'
import { z } from 'zod'
import { checkCredentials } from '../auth/login'
import { createSession, revokeSession } from '../auth/sessions'
import type { AppEnv } from '../env'
import { readJson } from '../lib/body'
import { clientIp, staff } from '../middleware/auth'

const LoginBody = z.strictObject({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
})

export const apiAuth = new Hono<AppEnv>()
  .post('/login', async (c) => {
    const body = await readJson(c, LoginBody)
    const db = c.get('db')
    const now = c.get('now')
    const userId = await checkCredentials(db, { ...body, ip: clientIp(c) }, now)
    const session = await createSession(db, {
      userId,
      kind: 'bearer',
      now,
      ip: clientIp(c),
      userAgent: c.req.header('user-agent') ?? null,
    })
    const user = await db.query.users.findFirst({ where: (u, { eq }) => eq(u.id, userId) })
    const roles = await db.query.userRoles.findMany({ where: (r, { eq }) => eq(r.userId, userId) })
    return c.json({
      token: session.token,
      expiresAt: new Date(session.expiresAt).toISOString(),
      user: {
        id: userId,
        username: user?.username,
        displayName: user?.displayName,
        roles: roles.map((r) => ({ agencyId: r.agencyId, role: r.role })),
      },
    })
  })
  .post('/logout', async (c) => {
    await revokeSession(c.get('db'), staff(c).session.id, c.get('now'))
    return c.body(null, 204)
  })
  .get('/me', (c) => {
    const auth = staff(c)
    return c.json({ user: { ...auth.user, roles: auth.roles } })
  })
