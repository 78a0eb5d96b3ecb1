// Fixed-window rate limits counted in D1 (works on Workers and self-hosted alike; no extra binding).
import { and, eq, sql } from 'drizzle-orm'
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import type { Db } from '../../db/client'
import { lookupFailures, rateLimits, spentTokens } from '../../db/schema'
import { AppError } from '../errors'
import { messages } from '../i18n/zh-CN'
import { addressBucket } from './ip'

export interface RateRule {
  limit: number
  windowMs: number
}

/** The rate-limit key of a client address under `scope`: IPv4 by address, IPv6 by its /64. */
export function addressKey(scope: string, address: string): string {
  return `${scope}:${addressBucket(address)}`
}

/** The statement counting one hit for `key` in the current window of `windowMs`, returning the count so far. */
export function hitStatement(db: Db, key: string, windowMs: number, now: number) {
  const windowStart = now - (now % windowMs)
  return db
    .insert(rateLimits)
    .values({ key, windowStart, count: 1 })
    .onConflictDoUpdate({
      target: [rateLimits.key, rateLimits.windowStart],
      set: { count: sql`${rateLimits.count} + 1` },
    })
    .returning({ count: rateLimits.count })
}

/** The limits a write batch can check itself (a trigger of migration 0016 aborts the batch for each). */
export type BatchLimit = 'submit-address' | 'submit-applicant' | 'form-pressure'

/**
 * The view the checks insert into (migration 0016; its INSTEAD OF triggers store nothing). Declared here, not in
 * db/schema.ts: drizzle-kit must not try to create it as a table.
 */
const limitChecks = sqliteTable('limit_checks', {
  reason: text('reason').notNull(),
  over: integer('over').notNull(),
})

const LIMIT_EXCEEDED = /limit_exceeded:(submit-address|submit-applicant|form-pressure)\b/

/**
 * The statement, for a write batch, that aborts the whole batch (every statement rolled back) when the current
 * window's count for `key` is above `max`: `count > max` once the batch has counted its own hit, `count >= max + 1`
 * read before it. No row in the window is a count of 0, never over.
 */
export function limitCheck(
  db: Db,
  limit: BatchLimit,
  key: string,
  windowMs: number,
  max: number,
  now: number,
) {
  const windowStart = now - (now % windowMs)
  return db.insert(limitChecks).select(
    db
      .select({
        reason: sql<string>`${limit}`.as('reason'),
        over: sql<number>`${rateLimits.count} > ${max}`.as('over'),
      })
      .from(rateLimits)
      .where(and(eq(rateLimits.key, key), eq(rateLimits.windowStart, windowStart))),
  )
}

/** Which batch limit refused a batch (the error D1 gave it), or null when `err` is anything else. */
export function exceededLimit(err: unknown): BatchLimit | null {
  const text = `${String(err)} ${String((err as { cause?: unknown })?.cause ?? '')}`
  return (LIMIT_EXCEEDED.exec(text)?.[1] as BatchLimit | undefined) ?? null
}

/** Count one hit for `key` in the current window of `windowMs`; returns the window's count so far. */
export async function countHit(db: Db, key: string, windowMs: number, now: number): Promise<number> {
  const row = await hitStatement(db, key, windowMs, now).get()
  return row?.count ?? 0
}

/** The current window's count for `key`, without counting. */
export async function peekCount(db: Db, key: string, rule: RateRule, now: number): Promise<number> {
  const windowStart = now - (now % rule.windowMs)
  const row = await db
    .select({ count: rateLimits.count })
    .from(rateLimits)
    .where(and(eq(rateLimits.key, key), eq(rateLimits.windowStart, windowStart)))
    .get()
  return row?.count ?? 0
}

/** The refusal of a limited try, saying how long to wait (`retryAfterSeconds` in the details, for Retry-After). */
export function rateLimited(waitMs: number, message?: (minutes: number) => string): AppError {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000))
  const minutes = Math.ceil(seconds / 60)
  return new AppError('rate_limited', {
    message: (message ?? messages.errors.rateLimitedWait)(minutes),
    details: { retryAfterSeconds: seconds },
  })
}

/** Count one hit for `key`; throws rate_limited (with the wait until the window ends) once its limit is exceeded. */
export async function enforceRateLimit(db: Db, key: string, rule: RateRule, now: number): Promise<void> {
  if ((await countHit(db, key, rule.windowMs, now)) > rule.limit) {
    throw rateLimited(rule.windowMs - (now % rule.windowMs))
  }
}

/** Drop windows that ended (run from the cron). */
export async function pruneRateLimits(db: Db, now: number, maxWindowMs: number): Promise<void> {
  await db.delete(rateLimits).where(sql`${rateLimits.windowStart} < ${now - maxWindowMs}`)
}

/** Drop per-key failure counts older than `forgetMs` and single-use values past their expiry (run from the cron). */
export async function pruneSpentAndFailures(db: Db, now: number, forgetMs: number): Promise<void> {
  await db.batch([
    db.delete(lookupFailures).where(sql`${lookupFailures.lastAt} < ${now - forgetMs}`),
    db.delete(spentTokens).where(sql`${spentTokens.expiresAt} < ${now}`),
  ])
}
