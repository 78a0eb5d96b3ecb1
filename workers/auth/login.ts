// Password login with throttling per username and per client address; one generic failure message.
import { and, count, eq, gt } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { auditLog, loginFailures, userRoles, users } from '../../db/schema'
import { AppError } from '../errors'
import { DUMMY_PASSWORD_HASH, verifyPassword } from './password'
import { createSession } from './sessions'

export const LOGIN_THROTTLE = {
  windowMs: 15 * 60_000,
  maxPerUsername: 5,
  maxPerIp: 20,
} as const

export interface LoginInput {
  username: string
  password: string
  ip: string
}

/** Check credentials; returns the user id or throws invalid_credentials / too_many_attempts. */
export async function checkCredentials(db: Db, input: LoginInput, now: number): Promise<string> {
  const since = now - LOGIN_THROTTLE.windowMs
  const username = input.username.trim().toLowerCase()
  const [byUser, byIp] = await db.batch([
    db
      .select({ n: count() })
      .from(loginFailures)
      .where(and(eq(loginFailures.username, username), gt(loginFailures.at, since))),
    db
      .select({ n: count() })
      .from(loginFailures)
      .where(and(eq(loginFailures.ip, input.ip), gt(loginFailures.at, since))),
  ])
  if ((byUser[0]?.n ?? 0) >= LOGIN_THROTTLE.maxPerUsername || (byIp[0]?.n ?? 0) >= LOGIN_THROTTLE.maxPerIp) {
    await db.insert(auditLog).values({ action: 'login.throttled', target: username, ip: input.ip, at: now })
    throw new AppError('too_many_attempts')
  }
  const user = await db.select().from(users).where(eq(users.username, username)).get()
  // Verify against a dummy hash for unknown users so timing does not reveal which usernames exist.
  const ok = await verifyPassword(input.password, user?.passwordHash ?? DUMMY_PASSWORD_HASH)
  if (!user || !ok || user.disabledAt !== null) {
    await db.batch([
      db.insert(loginFailures).values({ username, ip: input.ip, at: now }),
      db.insert(auditLog).values({ action: 'login.failed', target: username, ip: input.ip, at: now }),
    ])
    throw new AppError('invalid_credentials')
  }
  await db.batch([
    db.delete(loginFailures).where(eq(loginFailures.username, username)),
    db.insert(auditLog).values({
      agencyId: user.homeAgencyId,
      actorId: user.id,
      action: 'login.succeeded',
      ip: input.ip,
      at: now,
    }),
  ])
  return user.id
}

/** Log in for an API bearer token: the token, its expiry and who it belongs to (with roles). */
export async function loginForToken(db: Db, input: LoginInput & { userAgent: string | null }, now: number) {
  const userId = await checkCredentials(db, input, now)
  const session = await createSession(db, {
    userId,
    kind: 'bearer',
    now,
    ip: input.ip,
    userAgent: input.userAgent,
  })
  const [user, roles] = await db.batch([
    db
      .select({ username: users.username, displayName: users.displayName })
      .from(users)
      .where(eq(users.id, userId)),
    db
      .select({ agencyId: userRoles.agencyId, role: userRoles.role })
      .from(userRoles)
      .where(eq(userRoles.userId, userId)),
  ])
  return {
    token: session.token,
    expiresAt: new Date(session.expiresAt).toISOString(),
    user: { id: userId, username: user[0]?.username, displayName: user[0]?.displayName, roles },
  }
}
