// Staff administration: users and roles, always scoped to the agencies the acting admin administers. 三员分立: the
// auditor role is granted, disabled and reset by the platform operator only, never by an agency admin; a tenant's
// usernames live in its own namespace, so creating a user tells nothing about another tenant's accounts.
import { and, eq, inArray, ne } from 'drizzle-orm'
import * as z from 'zod'
import type { Db } from '../../db/client'
import { agencies, sessions, userRoles, users } from '../../db/schema'
import { ROLES, type Role } from '../../workflows/engine'
import { hashPassword, verifyPassword } from '../auth/password'
import { passwordProblem } from '../auth/password-policy'
import { type AuthContext, isOperator, revokeUserSessions, scopedAgencyIds } from '../auth/sessions'
import { AppError } from '../errors'
import { messages } from '../i18n/zh-CN'
import { newId } from '../lib/crypto'
import { isUniqueViolation } from '../lib/db-errors'
import { agencyIdOf, agencyTree, ancestorsOf, tenantOf, usernameInTenant } from './agencies'
import { commitAudited } from './audit-log'
import { clearMfaStatements } from './mfa'

const t = messages.staffAdmin

export interface StaffUserView {
  id: string
  username: string
  displayName: string
  homeAgencyId: string
  disabled: boolean
  mustChangePassword: boolean
  /** The account has a confirmed TOTP second factor. */
  mfaEnrolled: boolean
  roles: { agencyId: string; role: Role }[]
}

/**
 * The agencies whose staff the actor administers: every agency where they hold `admin`, and every agency below
 * one of those (a county government's admin sets up its departments' and townships' staff).
 */
async function administeredAgencies(
  db: Db,
  actor: AuthContext,
  /** The agency tree, when the caller has read it already. */
  known?: Awaited<ReturnType<typeof agencyTree>>,
): Promise<Set<string>> {
  const own = new Set(actor.roles.filter((r) => r.role === 'admin').map((r) => r.agencyId))
  if (own.size === 0) return own
  const tree = known ?? (await agencyTree(db))
  return new Set([...tree.keys()].filter((id) => ancestorsOf(tree, id).some((a) => own.has(a.id))))
}

function isAuditor(user: Pick<StaffUserView, 'roles'>): boolean {
  return user.roles.some((r) => r.role === 'auditor')
}

/** The audit chain of a user's own actions: their home agency's, or the platform's for an operator. */
function homeChain(user: { homeAgencyId: string }): string | null {
  return user.homeAgencyId || null
}

/**
 * Whether the actor may change an account: an auditor only by the platform operator (三员分立), anyone else
 * only by an admin of their home agency or of an agency above it. Nobody changes an operator through the app.
 */
function manages(
  actor: AuthContext,
  scope: ReadonlySet<string>,
  target: StaffUserView & { operator: boolean },
): boolean {
  if (target.operator) return false
  if (isAuditor(target)) return isOperator(actor)
  return scope.has(target.homeAgencyId)
}

function refusal(target: StaffUserView): AppError {
  return isAuditor(target)
    ? new AppError('forbidden', { message: t.auditorByOperator })
    : new AppError('forbidden')
}

function passwordIssue(password: string, username: string, path = 'password'): AppError | null {
  const problem = passwordProblem(password, username)
  if (!problem) return null
  return new AppError('validation_failed', {
    issues: [{ path, code: `password_${problem}`, message: t.passwordProblems[problem] }],
  })
}

/** The agencies the actor works in, and those below them that the actor administers. */
export async function listAgencies(db: Db, actor: AuthContext) {
  const ids = [...new Set([...scopedAgencyIds(actor), ...(await administeredAgencies(db, actor))])]
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

/**
 * Where the actor can set up staff, for the user page: the agencies they administer, each after the agency above
 * it (the county government first, then its departments and townships).
 */
export async function administeredAgencyChoices(
  db: Db,
  actor: AuthContext,
): Promise<{ id: string; name: string; depth: number }[]> {
  const scope = await administeredAgencies(db, actor)
  if (scope.size === 0) return []
  const tree = await agencyTree(db)
  const path = (id: string) =>
    ancestorsOf(tree, id)
      .map((a) => a.name)
      .reverse()
  return [...scope]
    .map((id) => ({ id, name: tree.get(id)?.name ?? id, key: path(id) }))
    .sort((a, b) => (a.key.join('\u0000') < b.key.join('\u0000') ? -1 : 1))
    .map(({ id, name, key }) => ({ id, name, depth: key.length - 1 }))
}

/** An agency the actor belongs to; a foreign id is indistinguishable from a missing one (404). */
export async function getAgency(db: Db, actor: AuthContext, ref: string) {
  const id = await agencyIdOf(db, ref)
  if (!scopedAgencyIds(actor).includes(id)) throw new AppError('not_found')
  const row = await db.select().from(agencies).where(eq(agencies.id, id)).get()
  if (!row) throw new AppError('not_found')
  return row
}

async function viewsOf(db: Db, rows: (typeof users.$inferSelect)[]): Promise<StaffUserView[]> {
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
    mustChangePassword: u.mustChangePassword,
    mfaEnrolled: u.totpEnrolledAt !== null,
    roles: roles.filter((r) => r.userId === u.id).map((r) => ({ agencyId: r.agencyId, role: r.role })),
  }))
}

/** The accounts the actor manages or sees: an admin's agencies' staff; for the operator, the auditors. */
export async function listUsers(
  db: Db,
  actor: AuthContext,
): Promise<(StaffUserView & { manageable: boolean })[]> {
  const scope = await administeredAgencies(db, actor)
  const operator = isOperator(actor)
  if (scope.size === 0 && !operator) throw new AppError('forbidden')
  const byHome =
    scope.size === 0
      ? []
      : await db
          .select()
          .from(users)
          .where(inArray(users.homeAgencyId, [...scope]))
          .all()
  const auditors = operator
    ? await db
        .select({ user: users })
        .from(users)
        .innerJoin(userRoles, eq(userRoles.userId, users.id))
        .where(eq(userRoles.role, 'auditor'))
        .all()
    : []
  const rows = new Map([...byHome, ...auditors.map((a) => a.user)].map((u) => [u.id, u]))
  const sorted = [...rows.values()].sort((a, b) => (a.username < b.username ? -1 : 1))
  const views = await viewsOf(db, sorted)
  return views.map((v, i) => ({
    ...v,
    manageable:
      v.id !== actor.user.id &&
      manages(actor, scope, { ...v, operator: sorted[i]!.platformRole === 'operator' }),
  }))
}

/** A user the actor may see (their agencies' staff, the operator's auditors, or the actor); else 404, not 403. */
async function visibleUser(db: Db, actor: AuthContext, id: string) {
  const u = await db.select().from(users).where(eq(users.id, id)).get()
  if (!u) throw new AppError('not_found')
  const [view] = await viewsOf(db, [u])
  const target = { ...view!, operator: u.platformRole === 'operator' }
  const scope = await administeredAgencies(db, actor)
  const visible =
    u.id === actor.user.id || scope.has(u.homeAgencyId) || (isOperator(actor) && isAuditor(target))
  if (!visible) throw new AppError('not_found')
  return { target, row: u, scope }
}

export async function getUser(db: Db, actor: AuthContext, id: string): Promise<StaffUserView> {
  const { target } = await visibleUser(db, actor, id)
  const { operator: _operator, ...view } = target
  return view
}

/** Disable (revoking every session at once) or re-enable a user. */
export async function setUserDisabled(
  db: Db,
  actor: AuthContext,
  id: string,
  disabled: boolean,
  now: number,
): Promise<StaffUserView> {
  const { target, scope } = await visibleUser(db, actor, id)
  if (target.id === actor.user.id && disabled) {
    throw new AppError('validation_failed', {
      issues: [{ path: 'id', code: 'self_disable', message: t.selfDisable }],
    })
  }
  if (!manages(actor, scope, target)) throw refusal(target)
  await commitAudited(
    db,
    [
      db
        .update(users)
        .set({ disabledAt: disabled ? now : null, updatedAt: now })
        .where(eq(users.id, id)),
    ],
    [
      {
        agencyId: homeChain(target),
        actorId: actor.user.id,
        action: disabled ? 'user.disabled' : 'user.enabled',
        target: id,
        at: now,
      },
    ],
  )
  if (disabled) await revokeUserSessions(db, id, now)
  return getUser(db, actor, id)
}

/** A new staff account: its home agency and the roles it holds there. */
export const NewUserInput = z.strictObject({
  username: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9._-]{2,63}$/i, t.usernameFormat),
  displayName: z.string().trim().min(1, t.displayNameRequired).max(64, t.displayNameTooLong),
  password: z.string().min(12, t.passwordTooShort).max(256),
  agencyId: z.string().min(1, t.unknownAgency).max(64, t.unknownAgency),
  roles: z
    .array(z.enum(ROLES))
    .min(1, t.rolesRequired)
    .max(ROLES.length)
    // 等保: the auditor reviews what admins and staff do, so nobody may hold both.
    .refine((r) => !(r.includes('auditor') && r.length > 1), t.auditorAlone),
})
export type NewUserInput = z.output<typeof NewUserInput>

export async function createUser(db: Db, actor: AuthContext, raw: NewUserInput, now: number) {
  const agencyId = await agencyIdOf(db, raw.agencyId)
  const grantsAuditor = raw.roles.includes('auditor')
  // 三员分立: the auditor is set up by the platform operator, who sets up nothing else.
  if (grantsAuditor && !isOperator(actor)) throw new AppError('forbidden', { message: t.auditorByOperator })
  const tree = await agencyTree(db)
  if (!grantsAuditor && !(await administeredAgencies(db, actor, tree)).has(agencyId)) {
    if (isOperator(actor)) throw new AppError('forbidden', { message: t.operatorOnlyAuditors })
    throw new AppError('not_found')
  }
  const tenant = tenantOf(tree, agencyId)
  if (!tenant) throw new AppError('not_found')
  const username = raw.username.trim().toLowerCase()
  if (!usernameInTenant(tree, tenant, username)) {
    throw new AppError('validation_failed', {
      issues: [{ path: 'username', code: 'namespace', message: t.usernameNamespace(`${tenant.slug}-`) }],
    })
  }
  const weak = passwordIssue(raw.password, username)
  if (weak) throw weak
  const taken = new AppError('validation_failed', {
    issues: [{ path: 'username', code: 'taken', message: t.usernameTaken }],
  })
  const existing = await db.select({ id: users.id }).from(users).where(eq(users.username, username)).get()
  if (existing) throw taken
  const id = newId()
  const passwordHash = await hashPassword(raw.password)
  try {
    await commitAudited(
      db,
      [
        db.insert(users).values({
          id,
          username,
          displayName: raw.displayName,
          passwordHash,
          homeAgencyId: agencyId,
          // The admin chose this password, so the new colleague replaces it at the first login.
          mustChangePassword: true,
          createdAt: now,
          updatedAt: now,
        }),
        ...raw.roles.map((role) => db.insert(userRoles).values({ userId: id, agencyId, role })),
      ],
      [
        {
          agencyId,
          actorId: actor.user.id,
          action: 'user.created',
          target: id,
          payload: { username, roles: raw.roles },
          at: now,
        },
      ],
    )
  } catch (err) {
    if (isUniqueViolation(err)) throw taken
    throw err
  }
  return getUser(db, actor, id)
}

/**
 * An admin (the operator, for an auditor) sets a new password for someone who lost theirs: every session of the
 * account ends, and the next login may do nothing but choose a password of their own.
 */
export async function resetPassword(db: Db, actor: AuthContext, id: string, password: string, now: number) {
  const { target, scope } = await visibleUser(db, actor, id)
  if (target.id === actor.user.id) throw new AppError('forbidden', { message: t.resetOwnPassword })
  if (!manages(actor, scope, target)) throw refusal(target)
  const weak = passwordIssue(password, target.username)
  if (weak) throw weak
  const passwordHash = await hashPassword(password)
  await commitAudited(
    db,
    [
      db
        .update(users)
        .set({ passwordHash, mustChangePassword: true, updatedAt: now })
        .where(eq(users.id, id)),
    ],
    [
      {
        agencyId: homeChain(target),
        actorId: actor.user.id,
        action: 'user.password_reset',
        target: id,
        at: now,
      },
    ],
  )
  await revokeUserSessions(db, id, now)
  return getUser(db, actor, id)
}

/**
 * An admin (the operator, for an auditor) removes the second factor of someone who lost their phone and recovery
 * codes: every session of the account ends; a role that requires one must set it up again after the next login.
 */
export async function resetMfa(
  db: Db,
  actor: AuthContext,
  id: string,
  now: number,
  ip: string | null = null,
) {
  const { target, scope } = await visibleUser(db, actor, id)
  if (target.id === actor.user.id) throw new AppError('forbidden', { message: t.resetOwnMfa })
  if (!manages(actor, scope, target)) throw refusal(target)
  await commitAudited(db, clearMfaStatements(db, id, now), [
    {
      agencyId: homeChain(target),
      actorId: actor.user.id,
      action: 'user.mfa_reset',
      target: id,
      ip,
      at: now,
    },
  ])
  await revokeUserSessions(db, id, now)
  return getUser(db, actor, id)
}

/** A staff member chooses a new password (knowing the current one); their other sessions end. */
export async function changeOwnPassword(
  db: Db,
  auth: AuthContext,
  input: { current: string; next: string; ip: string },
  now: number,
): Promise<void> {
  const user = await db.select().from(users).where(eq(users.id, auth.user.id)).get()
  if (!user) throw new AppError('unauthenticated')
  if (!(await verifyPassword(input.current, user.passwordHash))) {
    throw new AppError('validation_failed', {
      issues: [{ path: 'current', code: 'wrong_password', message: t.currentPasswordWrong }],
    })
  }
  const weak = passwordIssue(input.next, user.username, 'next')
  if (weak) throw weak
  if (input.next === input.current) {
    throw new AppError('validation_failed', {
      issues: [{ path: 'next', code: 'same_password', message: t.passwordUnchanged }],
    })
  }
  const passwordHash = await hashPassword(input.next)
  await commitAudited(
    db,
    [
      db
        .update(users)
        .set({ passwordHash, mustChangePassword: false, updatedAt: now })
        .where(eq(users.id, user.id)),
      db
        .update(sessions)
        .set({ revokedAt: now })
        .where(and(eq(sessions.userId, user.id), ne(sessions.id, auth.session.id))),
    ],
    [
      {
        agencyId: homeChain(user),
        actorId: user.id,
        action: 'user.password_changed',
        target: user.id,
        ip: input.ip,
        at: now,
      },
    ],
  )
}
