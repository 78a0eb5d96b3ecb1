// The staff audit log (logins, PII reveals, downloads, users, settings, calendar): every row is hash-chained per
// agency — the platform's own chain for rows of no agency — the way case events are, and written in the same D1
// batch as the action it records. Also the verifier and the filtered reading an auditor gets.
import { and, asc, desc, eq, gt, gte, isNotNull, isNull, lt, lte, type SQL } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import type { Db } from '../../db/client'
import { auditLog, auditLogHeads } from '../../db/schema'
import { canonicalJson, sha256Hex } from '../../workflows/support/canonical'
import { isUniqueViolation } from '../lib/db-errors'
import { type ChainProblem, ChainWalk } from '../lib/hash-chain'

/** The hash before the first row of a chain. */
export const AUDIT_GENESIS_HASH = '0'.repeat(64)
/** The chain key of rows that belong to no agency (the operator's national calendar, unknown usernames). */
export const PLATFORM_CHAIN = ''
const MAX_CHAIN_RETRIES = 40
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** One thing a staff member (or someone trying to be one) did. */
export interface AuditEntry {
  /** The agency whose auditors see the row; null for the platform chain. */
  agencyId: string | null
  actorId: string | null
  action: string
  target?: string | null
  payload?: Record<string, unknown>
  ip?: string | null
  at: number
}

/** What a row's hash covers: everything but its row id and the hash itself. */
export interface ChainedAuditFields {
  agencyId: string | null
  seq: number
  actorId: string | null
  action: string
  target: string | null
  payload: string
  ip: string | null
  at: number
  prevHash: string
}

export async function auditRowHash(fields: ChainedAuditFields): Promise<string> {
  return sha256Hex(fields.prevHash + canonicalJson(fields))
}

function chainOf(agencyId: string | null): string {
  return agencyId ?? PLATFORM_CHAIN
}

function inChain(agencyId: string | null): SQL {
  return agencyId === null ? isNull(auditLog.agencyId) : eq(auditLog.agencyId, agencyId)
}

async function chainHead(db: Db, chain: string): Promise<{ seq: number; hash: string }> {
  const head = await db
    .select({ seq: auditLogHeads.seq, hash: auditLogHeads.hash })
    .from(auditLogHeads)
    .where(eq(auditLogHeads.chain, chain))
    .get()
  return head ?? { seq: 0, hash: AUDIT_GENESIS_HASH }
}

/** The audit rows (and head updates) for `entries`, continuing each chain from `heads`. */
async function chainedStatements(
  db: Db,
  entries: readonly AuditEntry[],
  heads: Map<string, { seq: number; hash: string }>,
  now: number,
): Promise<BatchItem<'sqlite'>[]> {
  const rows: BatchItem<'sqlite'>[] = []
  for (const e of entries) {
    const chain = chainOf(e.agencyId)
    const head = heads.get(chain)!
    const fields: ChainedAuditFields = {
      agencyId: e.agencyId,
      seq: head.seq + 1,
      actorId: e.actorId,
      action: e.action,
      target: e.target ?? null,
      payload: JSON.stringify(e.payload ?? {}),
      ip: e.ip ?? null,
      at: e.at,
      prevHash: head.hash,
    }
    const hash = await auditRowHash(fields)
    rows.push(db.insert(auditLog).values({ ...fields, hash }))
    heads.set(chain, { seq: fields.seq, hash })
  }
  for (const [chain, head] of heads) {
    rows.push(
      db
        .insert(auditLogHeads)
        .values({ chain, seq: head.seq, hash: head.hash, updatedAt: now })
        .onConflictDoUpdate({
          target: auditLogHeads.chain,
          set: { seq: head.seq, hash: head.hash, updatedAt: now },
        }),
    )
  }
  return rows
}

/**
 * Run `statements` and write the audit rows recording them in one batch: both commit or neither does. Two writers
 * of one chain race for its next position; the loser retries (its own statements again, they had no effect). A
 * unique violation of the caller's own statements is rethrown as is. Returns the results of `statements`.
 */
export async function commitAudited(
  db: Db,
  statements: readonly BatchItem<'sqlite'>[],
  entries: readonly AuditEntry[],
): Promise<unknown[]> {
  if (entries.length === 0) throw new Error('commitAudited needs at least one audit entry')
  const chains = [...new Set(entries.map((e) => chainOf(e.agencyId)))]
  for (let attempt = 0; attempt < MAX_CHAIN_RETRIES; attempt++) {
    const heads = new Map<string, { seq: number; hash: string }>()
    for (const chain of chains) heads.set(chain, await chainHead(db, chain))
    const read = new Map([...heads].map(([k, v]) => [k, v.seq]))
    const audit = await chainedStatements(db, entries, heads, Math.max(...entries.map((e) => e.at)))
    const all = [...statements, ...audit] as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]]
    try {
      const results = await db.batch(all)
      return results.slice(0, statements.length)
    } catch (err) {
      if (!isUniqueViolation(err)) throw err
      let moved = false
      for (const chain of chains) if ((await chainHead(db, chain)).seq !== read.get(chain)) moved = true
      if (!moved) throw err
      await sleep(Math.random() * Math.min(50, 2 ** attempt))
    }
  }
  throw new Error('audit chain: too many concurrent writers')
}

/** Write audit rows on their own (for actions that change nothing else: a reveal, a download, a refusal). */
export async function recordAudit(db: Db, ...entries: AuditEntry[]): Promise<void> {
  await commitAudited(db, [], entries)
}

export type AuditProblem = ChainProblem | 'unchained'

export interface AuditLogVerification {
  ok: boolean
  rowsChecked: number
  /** Rows written before the chain existed (seq NULL and older than the first chained row): not covered. */
  rowsBeforeChain: number
  firstProblem: { seq: number | null; rowId: number | null; problem: AuditProblem } | null
}

/** Walk one audit-log chain in order, recomputing every hash: an edited, inserted or deleted row is found. */
export async function verifyAuditLog(db: Db, agencyId: string | null): Promise<AuditLogVerification> {
  const walk = new ChainWalk(AUDIT_GENESIS_HASH)
  let firstId: number | null = null
  const pageSize = 500
  const fail = (seq: number | null, rowId: number | null, problem: AuditProblem, before = 0) => ({
    ok: false,
    rowsChecked: walk.checked,
    rowsBeforeChain: before,
    firstProblem: { seq, rowId, problem },
  })
  for (;;) {
    const page = await db
      .select()
      .from(auditLog)
      .where(and(inChain(agencyId), isNotNull(auditLog.seq), gte(auditLog.seq, walk.lastSeq + 1)))
      .orderBy(asc(auditLog.seq))
      .limit(pageSize)
      .all()
    for (const row of page) {
      firstId ??= row.id
      const { id: _id, hash: _hash, ...rest } = row
      const problem = await walk.step(row, () =>
        auditRowHash({ ...rest, seq: row.seq ?? 0, prevHash: row.prevHash ?? '' }),
      )
      if (problem) return fail(row.seq, row.id, problem)
    }
    if (page.length < pageSize) break
  }
  const head = await db
    .select()
    .from(auditLogHeads)
    .where(eq(auditLogHeads.chain, chainOf(agencyId)))
    .get()
  if (walk.headMismatch(head)) return fail(head?.seq ?? walk.lastSeq, null, 'head_mismatch')
  // A row slipped in without a chain position (a direct INSERT) after the chain began.
  const unchainedWhere = and(inChain(agencyId), isNull(auditLog.seq))
  const before =
    firstId === null
      ? await db.$count(auditLog, unchainedWhere)
      : await db.$count(auditLog, and(unchainedWhere, lt(auditLog.id, firstId)))
  if (firstId !== null) {
    const stray = await db
      .select({ id: auditLog.id })
      .from(auditLog)
      .where(and(unchainedWhere, gt(auditLog.id, firstId)))
      .limit(1)
      .get()
    if (stray) return fail(null, stray.id, 'unchained', before)
  }
  return { ok: true, rowsChecked: walk.checked, rowsBeforeChain: before, firstProblem: null }
}

export interface AuditLogFilter {
  action?: string | undefined
  actorId?: string | undefined
  /** Instants in ms, inclusive. */
  from?: number | undefined
  to?: number | undefined
  /** Rows before this id (the keyset cursor of the newest-first listing). */
  before?: number | undefined
  limit: number
}

/** One chain's rows, newest first, filtered (callers check who may read the chain). */
export async function auditLogRows(db: Db, agencyId: string | null, filter: AuditLogFilter) {
  const where = and(
    inChain(agencyId),
    filter.action ? eq(auditLog.action, filter.action) : undefined,
    filter.actorId ? eq(auditLog.actorId, filter.actorId) : undefined,
    filter.from !== undefined ? gte(auditLog.at, filter.from) : undefined,
    filter.to !== undefined ? lte(auditLog.at, filter.to) : undefined,
    filter.before !== undefined ? lt(auditLog.id, filter.before) : undefined,
  )
  return db.select().from(auditLog).where(where).orderBy(desc(auditLog.id)).limit(filter.limit).all()
}
