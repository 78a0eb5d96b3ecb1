// The TOTP second factor of staff accounts: enrolment (secret encrypted at rest like personal data, confirmed by a
// code), the code step of a login (throttled like passwords, each code once), recovery codes (hashes only, shown
// once, regenerable) and turning it off where the role allows. Every step is written to the chained audit log.
import { and, count, eq, isNull, lt, or } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { loginFailures, mfaRecoveryCodes, sessions, users } from '../../db/schema'
import { mustWait } from '../auth/login'
import {
  mfaRequiredFor,
  newRecoveryCodes,
  normaliseRecoveryCode,
  normaliseTotpCode,
  openTotpSecret,
  recoveryCodeHash,
  sealTotpSecret,
} from '../auth/second-factor'
import type { AuthContext } from '../auth/sessions'
import { AppError } from '../errors'
import { messages } from '../i18n/zh-CN'
import { addressBucket } from '../lib/ip'
import type { PiiKeyring } from '../lib/pii'
import { type AuditEntry, commitAudited, recordAudit } from './audit-log'

const t = messages.mfa

/** The key second-factor failures are counted under in login_failures (apart from the password's). */
export function mfaThrottleKey(username: string): string {
  return `mfa:${username}`
}

type UserRow = typeof users.$inferSelect

/** The TOTP arithmetic (otpauth), imported on first use: a separate module of the Worker (scripts/worker-build.ts). */
const totp = () => import('../auth/totp')

async function userRow(db: Db, userId: string): Promise<UserRow> {
  const user = await db.select().from(users).where(eq(users.id, userId)).get()
  if (!user) throw new AppError('unauthenticated')
  return user
}

function entry(user: Pick<UserRow, 'id' | 'homeAgencyId'>, action: string, ip: string, now: number) {
  return (payload?: Record<string, unknown>): AuditEntry => ({
    agencyId: user.homeAgencyId || null,
    actorId: user.id,
    action,
    target: user.id,
    ...(payload ? { payload } : {}),
    ip,
    at: now,
  })
}

async function recoveryRows(db: Db, userId: string, codes: readonly string[], now: number) {
  const hashes = await Promise.all(codes.map((c) => recoveryCodeHash(normaliseRecoveryCode(c)!)))
  return [
    db.delete(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.userId, userId)),
    ...hashes.map((codeHash) => db.insert(mfaRecoveryCodes).values({ codeHash, userId, createdAt: now })),
  ]
}

export interface MfaStatus {
  enrolled: boolean
  enrolledAt: number | null
  required: boolean
  recoveryCodesLeft: number
}

export async function mfaStatus(db: Db, auth: AuthContext): Promise<MfaStatus> {
  const user = await userRow(db, auth.user.id)
  const left = await db
    .select({ n: count() })
    .from(mfaRecoveryCodes)
    .where(and(eq(mfaRecoveryCodes.userId, user.id), isNull(mfaRecoveryCodes.usedAt)))
    .get()
  return {
    enrolled: user.totpEnrolledAt !== null,
    enrolledAt: user.totpEnrolledAt,
    required: mfaRequiredFor(auth.roles, auth.user.platformRole),
    recoveryCodesLeft: left?.n ?? 0,
  }
}

/**
 * The secret to enrol with and its `otpauth://` URI: the one already waiting for confirmation, or a new one. A
 * user with a confirmed second factor must turn it off (or have it reset) first.
 */
export async function beginEnrolment(
  db: Db,
  ring: PiiKeyring,
  auth: AuthContext,
  ip: string,
  now: number,
): Promise<{ secret: string; uri: string }> {
  const user = await userRow(db, auth.user.id)
  if (user.totpEnrolledAt !== null) throw new AppError('conflict', { message: t.alreadyEnrolled })
  let secret = user.totpSecret ? await openTotpSecret(ring, user.id, user.totpSecret) : null
  if (!secret) {
    secret = (await totp()).newTotpSecret()
    const sealed = await sealTotpSecret(ring, user.id, secret)
    await commitAudited(
      db,
      [db.update(users).set({ totpSecret: sealed, updatedAt: now }).where(eq(users.id, user.id))],
      [entry(user, 'mfa.enrolment_started', ip, now)()],
    )
  }
  return { secret, uri: (await totp()).otpauthUri(secret, user.username) }
}

/** Refuse while throttled; audited. */
async function throttle(db: Db, user: UserRow, ip: string, now: number): Promise<void> {
  if (await mustWait(db, mfaThrottleKey(user.username), addressBucket(ip), user, now)) {
    await recordAudit(db, entry(user, 'mfa.throttled', ip, now)())
    throw new AppError('too_many_attempts')
  }
}

/** Count a wrong code toward the delay and audit it; returns the error to throw. */
async function wrongCode(
  db: Db,
  user: UserRow,
  stage: string,
  reason: string,
  ip: string,
  now: number,
): Promise<AppError> {
  await commitAudited(
    db,
    [
      db
        .insert(loginFailures)
        .values({ username: mfaThrottleKey(user.username), ip: addressBucket(ip), at: now }),
    ],
    [entry(user, 'mfa.failed', ip, now)({ stage, reason })],
  )
  return new AppError('mfa_invalid', {
    issues: [
      { path: 'code', code: reason === 'replay' ? 'mfa_replay' : 'mfa_invalid', message: t.wrongCode },
    ],
  })
}

function forgiveFailures(db: Db, user: UserRow, ip: string) {
  return db
    .delete(loginFailures)
    .where(
      and(eq(loginFailures.username, mfaThrottleKey(user.username)), eq(loginFailures.ip, addressBucket(ip))),
    )
}

/**
 * Confirm enrolment with a current code: the factor is in force from now, this session counts as verified, and
 * the recovery codes are returned — the only time they are ever shown.
 */
export async function confirmEnrolment(
  db: Db,
  ring: PiiKeyring,
  auth: AuthContext,
  code: string,
  ip: string,
  now: number,
): Promise<{ recoveryCodes: string[] }> {
  const user = await userRow(db, auth.user.id)
  if (user.totpEnrolledAt !== null) throw new AppError('conflict', { message: t.alreadyEnrolled })
  if (!user.totpSecret) throw new AppError('conflict', { message: t.noEnrolment })
  await throttle(db, user, ip, now)
  const { checkTotp } = await totp()
  const check = checkTotp(await openTotpSecret(ring, user.id, user.totpSecret), code, now, null)
  if (!check.ok) throw await wrongCode(db, user, 'enrol', check.reason, ip, now)
  const recoveryCodes = newRecoveryCodes()
  await commitAudited(
    db,
    [
      db
        .update(users)
        .set({ totpEnrolledAt: now, totpLastStep: check.step, updatedAt: now })
        .where(and(eq(users.id, user.id), isNull(users.totpEnrolledAt))),
      db.update(sessions).set({ mfaAt: now }).where(eq(sessions.id, auth.session.id)),
      forgiveFailures(db, user, ip),
      ...(await recoveryRows(db, user.id, recoveryCodes, now)),
    ],
    [entry(user, 'mfa.enrolled', ip, now)({ recoveryCodes: recoveryCodes.length })],
  )
  return { recoveryCodes }
}

/**
 * Check a second-factor code (six digits, or a recovery code) of an enrolled user at login or before a sensitive
 * change. Throttled like passwords; a code of a step already used, or a used recovery code, is refused.
 */
export async function verifySecondFactor(
  db: Db,
  ring: PiiKeyring,
  userId: string,
  input: string,
  ip: string,
  now: number,
  stage = 'login',
): Promise<{ method: 'totp' | 'recovery' }> {
  const user = await userRow(db, userId)
  if (user.totpEnrolledAt === null || !user.totpSecret)
    throw new AppError('conflict', { message: t.noEnrolment })
  await throttle(db, user, ip, now)
  if (normaliseTotpCode(input)) {
    const { checkTotp } = await totp()
    const check = checkTotp(
      await openTotpSecret(ring, user.id, user.totpSecret),
      input,
      now,
      user.totpLastStep,
    )
    if (!check.ok) throw await wrongCode(db, user, stage, check.reason, ip, now)
    // Claim the step atomically: of two requests with one code, only one moves last_step forward.
    const claimed = await db
      .update(users)
      .set({ totpLastStep: check.step })
      .where(and(eq(users.id, user.id), or(isNull(users.totpLastStep), lt(users.totpLastStep, check.step))))
      .returning({ id: users.id })
    if (claimed.length === 0) throw await wrongCode(db, user, stage, 'replay', ip, now)
    await commitAudited(
      db,
      [forgiveFailures(db, user, ip)],
      [entry(user, 'mfa.verified', ip, now)({ stage })],
    )
    return { method: 'totp' }
  }
  const recovery = normaliseRecoveryCode(input)
  if (recovery) {
    const used = await db
      .update(mfaRecoveryCodes)
      .set({ usedAt: now })
      .where(
        and(
          eq(mfaRecoveryCodes.codeHash, await recoveryCodeHash(recovery)),
          eq(mfaRecoveryCodes.userId, user.id),
          isNull(mfaRecoveryCodes.usedAt),
        ),
      )
      .returning({ codeHash: mfaRecoveryCodes.codeHash })
    if (used.length > 0) {
      await commitAudited(
        db,
        [forgiveFailures(db, user, ip)],
        [entry(user, 'mfa.recovery_used', ip, now)({ stage })],
      )
      return { method: 'recovery' }
    }
  }
  throw await wrongCode(db, user, stage, 'invalid', ip, now)
}

/** New recovery codes (the old ones stop working), after a current code proves the factor is at hand. */
export async function regenerateRecoveryCodes(
  db: Db,
  ring: PiiKeyring,
  auth: AuthContext,
  code: string,
  ip: string,
  now: number,
): Promise<{ recoveryCodes: string[] }> {
  await verifySecondFactor(db, ring, auth.user.id, code, ip, now, 'recovery_codes')
  const user = await userRow(db, auth.user.id)
  const recoveryCodes = newRecoveryCodes()
  await commitAudited(db, await recoveryRows(db, user.id, recoveryCodes, now), [
    entry(user, 'mfa.recovery_regenerated', ip, now)({ recoveryCodes: recoveryCodes.length }),
  ])
  return { recoveryCodes }
}

/** Turn one's own second factor off (a current code required); refused for roles that must have one. */
export async function disableOwnMfa(
  db: Db,
  ring: PiiKeyring,
  auth: AuthContext,
  code: string,
  ip: string,
  now: number,
): Promise<void> {
  if (mfaRequiredFor(auth.roles, auth.user.platformRole)) {
    throw new AppError('forbidden', { message: t.requiredCannotDisable })
  }
  await verifySecondFactor(db, ring, auth.user.id, code, ip, now, 'disable')
  const user = await userRow(db, auth.user.id)
  await commitAudited(db, clearMfaStatements(db, user.id, now), [entry(user, 'mfa.disabled', ip, now)()])
}

/** The statements that remove a user's second factor entirely (an admin's reset; services/staff-admin.ts). */
export function clearMfaStatements(db: Db, userId: string, now: number) {
  return [
    db
      .update(users)
      .set({ totpSecret: null, totpEnrolledAt: null, totpLastStep: null, updatedAt: now })
      .where(eq(users.id, userId)),
    db.delete(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.userId, userId)),
  ]
}
