// Password login with throttling that an attacker cannot turn against the real user: a progressive delay per
// username and address pair, a limit per address, and a (shorter, capped) progressive delay per username across all
// addresses that the user's own recent addresses skip. One generic failure message; every attempt audited.
import { and, count, desc, eq, gt, max } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { loginFailures, sessions, userRoles, users } from '../../db/schema'
import { AppError } from '../errors'
import { addressBucket } from '../lib/ip'
import type { PiiKeyring } from '../lib/pii'
import { commitAudited, recordAudit } from '../services/audit-log'
import { verifySecondFactor } from '../services/mfa'
import { DUMMY_PASSWORD_HASH, verifyPassword } from './password'
import { createSession } from './sessions'

export const LOGIN_THROTTLE = {
  /** Failures older than this are forgotten. */
  windowMs: 15 * 60_000,
  /** Failures from one address (any usernames) before it is refused for the rest of the window. */
  maxPerAddress: 20,
  /** Failures of one username from one address before each further try must wait 1 s, 2 s, 4 s … */
  pairFreeFailures: 3,
  pairMaxDelayMs: 15 * 60_000,
  /** Failures of one username from anywhere before each further try from an unfamiliar address must wait. */
  usernameFreeFailures: 10,
  usernameMaxDelayMs: 60_000,
  /** An address the user had a session from this recently is familiar: the per-username delay does not apply. */
  familiarMs: 30 * 24 * 3_600_000,
} as const

export interface LoginInput {
  username: string
  password: string
  ip: string
}

/** The wait after `failures` failures: none up to `free`, then 1 s doubling per failure up to `cap`. */
export function loginDelayMs(failures: number, free: number, cap: number): number {
  if (failures < free) return 0
  return Math.min(1000 * 2 ** Math.min(failures - free, 30), cap)
}

async function familiarAddress(db: Db, userId: string, bucket: string, now: number): Promise<boolean> {
  const recent = await db
    .select({ ip: sessions.ip })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), gt(sessions.createdAt, now - LOGIN_THROTTLE.familiarMs)))
    .orderBy(desc(sessions.createdAt))
    .limit(50)
    .all()
  return recent.some((s) => s.ip !== null && addressBucket(s.ip) === bucket)
}

/**
 * Whether this attempt must wait (checked before the password, so a right guess during the wait is no use). `username`
 * is the throttling key: the login name for passwords, `mfa:` + it for second-factor codes (services/mfa.ts).
 */
export async function mustWait(
  db: Db,
  username: string,
  bucket: string,
  user: { id: string } | undefined,
  now: number,
): Promise<boolean> {
  const since = now - LOGIN_THROTTLE.windowMs
  const stats = (where: ReturnType<typeof and>) =>
    db
      .select({ n: count(), last: max(loginFailures.at) })
      .from(loginFailures)
      .where(where)
  const [byAddress, byPair, byUser] = await db.batch([
    stats(and(eq(loginFailures.ip, bucket), gt(loginFailures.at, since))),
    stats(
      and(eq(loginFailures.username, username), eq(loginFailures.ip, bucket), gt(loginFailures.at, since)),
    ),
    stats(and(eq(loginFailures.username, username), gt(loginFailures.at, since))),
  ])
  const T = LOGIN_THROTTLE
  if ((byAddress[0]?.n ?? 0) >= T.maxPerAddress) return true
  const pair = byPair[0]
  if (pair?.last && now < pair.last + loginDelayMs(pair.n, T.pairFreeFailures, T.pairMaxDelayMs)) return true
  const all = byUser[0]
  if (all?.last && now < all.last + loginDelayMs(all.n, T.usernameFreeFailures, T.usernameMaxDelayMs)) {
    return !(user && (await familiarAddress(db, user.id, bucket, now)))
  }
  return false
}

/** Check credentials; returns the user id or throws invalid_credentials / too_many_attempts. */
export async function checkCredentials(db: Db, input: LoginInput, now: number): Promise<string> {
  const username = input.username.trim().toLowerCase()
  const bucket = addressBucket(input.ip)
  const user = await db.select().from(users).where(eq(users.username, username)).get()
  // A known user's attempts are audited in their agency's chain (its auditors see attacks on its staff).
  const agencyId = user?.homeAgencyId || null
  const audit = (action: string) => ({
    agencyId,
    actorId: null,
    action,
    target: username,
    ip: input.ip,
    at: now,
  })
  if (await mustWait(db, username, bucket, user, now)) {
    await recordAudit(db, audit('login.throttled'))
    throw new AppError('too_many_attempts')
  }
  // Verify against a dummy hash for unknown users so timing does not reveal which usernames exist.
  const ok = await verifyPassword(input.password, user?.passwordHash ?? DUMMY_PASSWORD_HASH)
  if (!user || !ok || user.disabledAt !== null) {
    await commitAudited(
      db,
      [db.insert(loginFailures).values({ username, ip: bucket, at: now })],
      [audit('login.failed')],
    )
    throw new AppError('invalid_credentials')
  }
  // Only this address's failures are forgiven: a success elsewhere does not reset an attacker's count.
  await commitAudited(
    db,
    [db.delete(loginFailures).where(and(eq(loginFailures.username, username), eq(loginFailures.ip, bucket)))],
    [{ agencyId, actorId: user.id, action: 'login.succeeded', ip: input.ip, at: now }],
  )
  return user.id
}

/** Whether the account has a confirmed second factor (the login then needs its code too). */
export async function hasSecondFactor(db: Db, userId: string): Promise<boolean> {
  const row = await db.select({ at: users.totpEnrolledAt }).from(users).where(eq(users.id, userId)).get()
  return row?.at != null
}

/**
 * Log in for an API bearer token: the token, its expiry and who it belongs to (with roles). An account with a
 * second factor also needs `totp` (a current code or a recovery code): without it the answer is 401 `mfa_required`.
 */
export async function loginForToken(
  db: Db,
  keyring: () => Promise<PiiKeyring>,
  input: LoginInput & { userAgent: string | null; totp?: string | undefined },
  now: number,
) {
  const userId = await checkCredentials(db, input, now)
  let mfaAt: number | null = null
  if (await hasSecondFactor(db, userId)) {
    if (!input.totp) throw new AppError('mfa_required')
    await verifySecondFactor(db, await keyring(), userId, input.totp, input.ip, now)
    mfaAt = now
  }
  const session = await createSession(db, {
    userId,
    kind: 'bearer',
    now,
    ip: input.ip,
    userAgent: input.userAgent,
    mfaAt,
  })
  const [user, roles] = await db.batch([
    db
      .select({
        username: users.username,
        displayName: users.displayName,
        platformRole: users.platformRole,
        mustChangePassword: users.mustChangePassword,
      })
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
    user: {
      id: userId,
      username: user[0]?.username,
      displayName: user[0]?.displayName,
      roles,
      platformRole: user[0]?.platformRole ?? null,
      mustChangePassword: user[0]?.mustChangePassword ?? false,
    },
  }
}
