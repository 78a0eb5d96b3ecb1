// Staff administration: users and roles, always scoped to the agencies the acting admin administers.
import { eq, inArray } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { agencies, auditLog, userRoles, users } from '../../db/schema'
import type { Role } from '../../workflows/engine'
import { hashPassword } from '../auth/password'
import { type AuthContext, revokeUserSessions, scopedAgencyIds } from '../auth/sessions'
import { AppError } from '../errors'
import { messages } from '../i18n/zh-CN'
import { newId } from '../lib/crypto'
import { agencyIdOf } from './agencies'

export interface StaffUserView {
  id: string
  username: string
  displayName: string
  homeAgencyId: string
  disabled: boolean
  roles: { agencyId: string; role: Role }[]
}

function adminAgencies(actor: AuthContext): string[] {
  return actor.roles.filter((r) => r.role === 'admin').map((r) => r.agencyId)
}

export async function listAgencies(db: Db, actor: AuthContext) {
  const ids = scopedAgencyIds(actor)
  if (ids.length === 0) return []
  return db
    .select({
      id: agencies.id,
      slug: agencies.slug,
      name: agencies.name,
      kind: agencies.kind,
      parentId: agencies.parentId,
    })
    .from(agencies)
    .where(inArray(agencies.id, ids))
    .all()
}

/** An agency the actor belongs to; a foreign id is indistinguishable from a missing one (404). */
export async function getAgency(db: Db, actor: AuthContext, ref: string) {
  const id = await agencyIdOf(db, ref)
  if (!scopedAgencyIds(actor).includes(id)) throw new AppError('not_found')
  const row = await db.select().from(agencies).where(eq(agencies.id, id)).get()
  if (!row) throw new AppError('not_found')
  return row
}

export async function listUsers(db: Db, actor: AuthContext): Promise<StaffUserView[]> {
  const scope = adminAgencies(actor)
  if (scope.length === 0) throw new AppError('forbidden')
  const rows = await db
    .select()
    .from(users)
    .where(inArray(users.homeAgencyId, scope))
    .orderBy(users.username)
    .all()
  const roles =
    rows.length === 0
      ? []
      : await db
          .select()
          .from(userRoles)
          .where(
            inArray(
              userRoles.userId,
              rows.map((r) => r.id),
            ),
          )
          .all()
  return rows.map((u) => ({
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    homeAgencyId: u.homeAgencyId,
    disabled: u.disabledAt !== null,
    roles: roles.filter((r) => r.userId === u.id).map((r) => ({ agencyId: r.agencyId, role: r.role })),
  }))
}

/** A user whose home agency the actor administers (or the actor). Anything else is 404, not 403. */
export async function getUser(db: Db, actor: AuthContext, id: string): Promise<StaffUserView> {
  const u = await db.select().from(users).where(eq(users.id, id)).get()
  if (!u || (u.id !== actor.user.id && !adminAgencies(actor).includes(u.homeAgencyId))) {
    throw new AppError('not_found')
  }
  const roles = await db.select().from(userRoles).where(eq(userRoles.userId, u.id)).all()
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    homeAgencyId: u.homeAgencyId,
    disabled: u.disabledAt !== null,
    roles: roles.map((r) => ({ agencyId: r.agencyId, role: r.role })),
  }
}

/** Disable (revoking every session at once) or re-enable a user. */
export async function setUserDisabled(
  db: Db,
  actor: AuthContext,
  id: string,
  disabled: boolean,
  now: number,
): Promise<StaffUserView> {
  const target = await getUser(db, actor, id)
  if (!adminAgencies(actor).includes(target.homeAgencyId)) throw new AppError('forbidden')
  if (target.id === actor.user.id && disabled) {
    throw new AppError('validation_failed', {
      issues: [{ path: 'id', code: 'self_disable', message: messages.staffAdmin.selfDisable }],
    })
  }
  await db.batch([
    db
      .update(users)
      .set({ disabledAt: disabled ? now : null, updatedAt: now })
      .where(eq(users.id, id)),
    db.insert(auditLog).values({
      agencyId: target.homeAgencyId,
      actorId: actor.user.id,
      action: disabled ? 'user.disabled' : 'user.enabled',
      target: id,
      at: now,
    }),
  ])
  if (disabled) await revokeUserSessions(db, id, now)
  return { ...target, disabled }
}

export interface NewUserInput {
  username: string
  displayName: string
  password: string
  agencyId: string
  roles: Role[]
}

export async function createUser(db: Db, actor: AuthContext, raw: NewUserInput, now: number) {
  const input = { ...raw, agencyId: await agencyIdOf(db, raw.agencyId) }
  if (!adminAgencies(actor).includes(input.agencyId)) throw new AppError('not_found')
  const username = input.username.trim().toLowerCase()
  const existing = await db.select({ id: users.id }).from(users).where(eq(users.username, username)).get()
  if (existing) {
    throw new AppError('validation_failed', {
      issues: [{ path: 'username', code: 'taken', message: messages.staffAdmin.usernameTaken }],
    })
  }
  const id = newId()
  const passwordHash = await hashPassword(input.password)
  await db.batch([
    db.insert(users).values({
      id,
      username,
      displayName: input.displayName,
      passwordHash,
      homeAgencyId: input.agencyId,
      createdAt: now,
      updatedAt: now,
    }),
    ...input.roles.map((role) => db.insert(userRoles).values({ userId: id, agencyId: input.agencyId, role })),
    db.insert(auditLog).values({
      agencyId: input.agencyId,
      actorId: actor.user.id,
      action: 'user.created',
      target: id,
      payload: JSON.stringify({ username, roles: input.roles }),
      at: now,
    }),
  ])
  return getUser(db, actor, id)
}
