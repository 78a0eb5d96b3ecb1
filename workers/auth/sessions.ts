// Server-side sessions in D1 for both the admin cookie and API bearer tokens; only token hashes are stored.
import { and, eq, isNull, sql } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { type PlatformRole, type Role, sessions, userRoles, users } from '../../db/schema'
import { TASK_ROLES } from '../../workflows/engine/types'
import { randomToken, sha256Hex } from '../lib/crypto'

export type SessionKind = 'cookie' | 'bearer'

/** Idle and absolute lifetimes (ms). The cookie is for people at a desk; tokens for integrations. */
export const SESSION_POLICY: Record<SessionKind, { idleMs: number; absoluteMs: number }> = {
  cookie: { idleMs: 30 * 60_000, absoluteMs: 12 * 3_600_000 },
  bearer: { idleMs: 2 * 3_600_000, absoluteMs: 24 * 3_600_000 },
}

/** A session waiting for the second factor after the password: it may only enter the code, briefly. */
export const PENDING_MFA_MS = 10 * 60_000

/** Only touch last_seen_at when it is this stale, to keep reads from turning into writes. */
const TOUCH_AFTER_MS = 60_000

export interface AuthUser {
  id: string
  username: string
  displayName: string
  homeAgencyId: string
  /** 'operator' for the deployment's platform operator (held for the whole deployment, not per agency). */
  platformRole: PlatformRole | null
  /** An admin reset the password: until a new one is chosen, the session may do nothing else. */
  mustChangePassword: boolean
  /** The account has a confirmed TOTP second factor. */
  mfaEnrolled: boolean
}

export interface AuthContext {
  user: AuthUser
  roles: { agencyId: string; role: Role }[]
  session: {
    id: string
    kind: SessionKind
    csrfToken: string
    expiresAt: number
    /** The second factor was verified for this session (always false for an account without one). */
    mfaVerified: boolean
  }
}

export async function createSession(
  db: Db,
  input: {
    userId: string
    kind: SessionKind
    now: number
    ip: string | null
    userAgent: string | null
    /** When the second factor was verified for it (null: not, or the account has none). */
    mfaAt?: number | null
    /** Only waiting for the second factor: expires after PENDING_MFA_MS. */
    pendingMfa?: boolean
  },
): Promise<{ token: string; csrfToken: string; expiresAt: number; sessionId: string }> {
  const token = randomToken(32)
  const id = await sha256Hex(token)
  const csrfToken = randomToken(24)
  const expiresAt = input.now + (input.pendingMfa ? PENDING_MFA_MS : SESSION_POLICY[input.kind].absoluteMs)
  await db.insert(sessions).values({
    id,
    userId: input.userId,
    kind: input.kind,
    csrfToken,
    createdAt: input.now,
    lastSeenAt: input.now,
    expiresAt,
    mfaAt: input.mfaAt ?? null,
    ip: input.ip,
    userAgent: input.userAgent?.slice(0, 256) ?? null,
  })
  return { token, csrfToken, expiresAt, sessionId: id }
}

/** Resolve a presented token to its live session; null when unknown, expired, idle, revoked or the user is disabled. */
export async function resolveSession(
  db: Db,
  token: string,
  kind: SessionKind,
  now: number,
): Promise<AuthContext | null> {
  if (token.length < 20 || token.length > 128) return null
  const id = await sha256Hex(token)
  // One round trip: the session, its user (never the password hash) and the user's roles.
  const row = await db
    .select({
      kind: sessions.kind,
      csrfToken: sessions.csrfToken,
      expiresAt: sessions.expiresAt,
      lastSeenAt: sessions.lastSeenAt,
      mfaAt: sessions.mfaAt,
      userId: users.id,
      username: users.username,
      displayName: users.displayName,
      homeAgencyId: users.homeAgencyId,
      platformRole: users.platformRole,
      mustChangePassword: users.mustChangePassword,
      totpEnrolledAt: users.totpEnrolledAt,
      roles: sql<string>`(SELECT coalesce(json_group_array(json_array(${userRoles.agencyId}, ${userRoles.role})), '[]') FROM ${userRoles} WHERE ${userRoles.userId} = ${users.id})`,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(eq(sessions.id, id), eq(sessions.kind, kind), isNull(sessions.revokedAt), isNull(users.disabledAt)),
    )
    .get()
  if (!row) return null
  if (row.expiresAt <= now) return null
  if (row.lastSeenAt + SESSION_POLICY[kind].idleMs <= now) return null
  const roles = (JSON.parse(row.roles) as [string, Role][]).map(([agencyId, role]) => ({ agencyId, role }))
  if (now - row.lastSeenAt > TOUCH_AFTER_MS) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, id))
  }
  return {
    user: {
      id: row.userId,
      username: row.username,
      displayName: row.displayName,
      homeAgencyId: row.homeAgencyId,
      platformRole: row.platformRole,
      mustChangePassword: row.mustChangePassword,
      mfaEnrolled: row.totpEnrolledAt !== null,
    },
    roles,
    session: {
      id,
      kind: row.kind,
      csrfToken: row.csrfToken,
      expiresAt: row.expiresAt,
      mfaVerified: row.mfaAt !== null,
    },
  }
}

export async function revokeSession(db: Db, sessionId: string, now: number): Promise<void> {
  await db
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)))
}

export async function revokeUserSessions(db: Db, userId: string, now: number): Promise<void> {
  await db
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)))
}

/** Agencies the user holds any role in: the tenancy scope of every staff query. */
export function scopedAgencyIds(auth: AuthContext): string[] {
  return [...new Set(auth.roles.map((r) => r.agencyId))]
}

/** Whether the caller is the deployment's platform operator. */
export function isOperator(auth: AuthContext): boolean {
  return auth.user.platformRole === 'operator'
}

const TASK_ONLY: ReadonlySet<Role> = new Set(TASK_ROLES)

/** Agencies whose disclosure cases the user may see: a task role alone (任务填报) opens no case. */
export function caseScopedAgencyIds(auth: AuthContext): string[] {
  return [...new Set(auth.roles.filter((r) => !TASK_ONLY.has(r.role)).map((r) => r.agencyId))]
}

export function hasRole(auth: AuthContext, agencyId: string, ...roles: Role[]): boolean {
  return auth.roles.some((r) => r.agencyId === agencyId && roles.includes(r.role))
}
