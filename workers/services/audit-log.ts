// The staff audit log (logins, PII reveals, downloads, users, settings, calendar): every row is hash-chained per
// agency — the platform's own chain for rows of no agency — the way case events are: written in the same D1 batch as
// the action it records at the next position of its chain, hashed onto the chain by the sealer. Also the verifier
// and the filtered reading an auditor gets.
import { and, asc, desc, eq, exists, gt, gte, isNotNull, isNull, lt, lte, type SQL, sql } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import type { Db } from '../../db/client'
import { auditLog, auditLogHeads } from '../../db/schema'
import { canonicalJson, sha256Hex } from '../../workflows/support/canonical'
import { changedRows } from '../lib/db-errors'
import { type ChainProblem, ChainWalk, sealLinks } from '../lib/hash-chain'

/** The hash before the first row of a chain. */
export const AUDIT_GENESIS_HASH = '0'.repeat(64)
/** The chain key of rows that belong to no agency (the operator's national calendar, unknown usernames). */
export const PLATFORM_CHAIN = ''
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

/**
 * Run `statements` and write the audit rows recording them in one batch: both commit or neither does. Each row takes
 * the next position of its chain from the chain's append counter inside the batch (no read before, no race to lose,
 * nothing to retry); the sealer hashes it later. A unique violation of the caller's own statements is rethrown as
 * is. Returns the results of `statements`.
 */
export async function commitAudited(
  db: Db,
  statements: readonly BatchItem<'sqlite'>[],
  entries: readonly AuditEntry[],
): Promise<unknown[]> {
  if (entries.length === 0) throw new Error('commitAudited needs at least one audit entry')
  const now = Math.max(...entries.map((e) => e.at))
  const total = new Map<string, number>()
  for (const e of entries) total.set(chainOf(e.agencyId), (total.get(chainOf(e.agencyId)) ?? 0) + 1)
  const bumps = [...total].map(([chain, n]) =>
    db
      .insert(auditLogHeads)
      .values({ chain, seq: 0, hash: AUDIT_GENESIS_HASH, updatedAt: now, appendedSeq: n })
      .onConflictDoUpdate({
        target: auditLogHeads.chain,
        set: { appendedSeq: sql`${auditLogHeads.appendedSeq} + ${n}` },
      }),
  )
  const taken = new Map<string, number>()
  const rows = entries.map((e) => {
    const chain = chainOf(e.agencyId)
    const k = taken.get(chain) ?? 0
    taken.set(chain, k + 1)
    const back = total.get(chain)! - 1 - k
    return db.insert(auditLog).values({
      agencyId: e.agencyId,
      seq: sql`(SELECT ${auditLogHeads.appendedSeq} - ${back} FROM ${auditLogHeads} WHERE ${auditLogHeads.chain} = ${chain})`,
      actorId: e.actorId,
      action: e.action,
      target: e.target ?? null,
      payload: JSON.stringify(e.payload ?? {}),
      ip: e.ip ?? null,
      at: e.at,
      prevHash: null,
      hash: null,
    })
  })
  const all = [...statements, ...bumps, ...rows] as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]]
  const results = await db.batch(all)
  return results.slice(0, statements.length)
}

/** Rows sealed per batch (one UPDATE each, plus the guarded head move). */
const SEAL_BATCH = 200

/**
 * Seal one chain's appended rows (the platform chain for `PLATFORM_CHAIN`), as `sealAgencyChain` does for case
 * events: hashes and the new head in one batch, every statement conditional on the head still being the one read.
 * Returns the number of rows sealed.
 */
export async function sealAuditChain(db: Db, chain: string, now: number, max = 10_000): Promise<number> {
  const agencyId = chain === PLATFORM_CHAIN ? null : chain
  let total = 0
  while (total < max) {
    const head = await db.select().from(auditLogHeads).where(eq(auditLogHeads.chain, chain)).get()
    if (!head || head.appendedSeq <= head.seq) break
    const rows = await db
      .select()
      .from(auditLog)
      .where(and(inChain(agencyId), gt(auditLog.seq, head.seq)))
      .orderBy(asc(auditLog.seq))
      .limit(Math.min(SEAL_BATCH, max - total))
      .all()
    const links = rows.map((row) => ({ row, seq: row.seq ?? 0, sealed: row.hash !== null }))
    const { sealed, head: next } = await sealLinks(
      { seq: head.seq, hash: head.hash },
      links,
      ({ row: { id: _id, hash: _hash, ...fields }, seq }, prevHash) =>
        auditRowHash({ ...fields, seq, prevHash }),
    )
    if (sealed.length === 0) break
    const headUnmoved = and(
      eq(auditLogHeads.chain, chain),
      eq(auditLogHeads.seq, head.seq),
      eq(auditLogHeads.hash, head.hash),
    )
    const statements: BatchItem<'sqlite'>[] = [
      ...sealed.map((s) =>
        db
          .update(auditLog)
          .set({ prevHash: s.prevHash, hash: s.hash })
          .where(
            and(
              eq(auditLog.id, s.link.row.id),
              eq(auditLog.seq, s.link.seq),
              isNull(auditLog.hash),
              exists(db.select({ one: sql`1` }).from(auditLogHeads).where(headUnmoved)),
            ),
          ),
      ),
      // Last, so the conditions above still see the head as read.
      db.update(auditLogHeads).set({ seq: next.seq, hash: next.hash, updatedAt: now }).where(headUnmoved),
    ]
    const results = await db.batch(statements as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]])
    if (changedRows(results.at(-1)) === 0) break // another sealer moved the head first
    total += sealed.length
    if (sealed.length < rows.length || rows.length < SEAL_BATCH) break
  }
  return total
}

/** Seal every audit-log chain with rows waiting (the cron). Returns how many were sealed. */
export async function sealAllAuditChains(db: Db, now: number): Promise<number> {
  const waiting = await db
    .select({ chain: auditLogHeads.chain })
    .from(auditLogHeads)
    .where(gt(auditLogHeads.appendedSeq, auditLogHeads.seq))
    .all()
  let n = 0
  for (const { chain } of waiting) n += await sealAuditChain(db, chain, now)
  return n
}

/** Write audit rows on their own (for actions that change nothing else: a reveal, a download, a refusal). */
export async function recordAudit(db: Db, ...entries: AuditEntry[]): Promise<void> {
  await commitAudited(db, [], entries)
}

export type AuditProblem = ChainProblem | 'unchained'

export interface AuditLogVerification {
  ok: boolean
  /** Sealed rows whose links were recomputed. */
  rowsChecked: number
  /** Rows written before the chain existed (seq NULL and older than the first chained row): not covered. */
  rowsBeforeChain: number
  firstProblem: { seq: number | null; rowId: number | null; problem: AuditProblem } | null
  /** Rows appended after the sealed head, not yet hashed, and the age in ms of the oldest (the sealing lag). */
  unsealed: { rows: number; oldestAt: number | null; lagMs: number | null }
}

/**
 * Walk one audit-log chain in order, recomputing every sealed row's hash: an edited, inserted or deleted row is
 * found, and the sealed head must be the last sealed row. Rows after the head must be unsealed and contiguous up to
 * the append counter; they are counted with the age of the oldest.
 */
export async function verifyAuditLog(
  db: Db,
  agencyId: string | null,
  now: number,
): Promise<AuditLogVerification> {
  const walk = new ChainWalk(AUDIT_GENESIS_HASH)
  const head = await db
    .select()
    .from(auditLogHeads)
    .where(eq(auditLogHeads.chain, chainOf(agencyId)))
    .get()
  const sealedSeq = head?.seq ?? 0
  const unsealed = { rows: 0, oldestAt: null as number | null }
  const lag = () => ({
    ...unsealed,
    lagMs: unsealed.oldestAt === null ? null : Math.max(0, now - unsealed.oldestAt),
  })
  let firstId: number | null = null
  let inTail = false
  let lastSeq = 0
  const pageSize = 500
  const fail = (seq: number | null, rowId: number | null, problem: AuditProblem, before = 0) => ({
    ok: false,
    rowsChecked: walk.checked,
    rowsBeforeChain: before,
    firstProblem: { seq, rowId, problem },
    unsealed: lag(),
  })
  const headMoved = () =>
    walk.headMismatch(head) ? fail(head?.seq ?? walk.lastSeq, null, 'head_mismatch') : null
  for (;;) {
    const page = await db
      .select()
      .from(auditLog)
      .where(and(inChain(agencyId), isNotNull(auditLog.seq), gt(auditLog.seq, lastSeq)))
      .orderBy(asc(auditLog.seq))
      .limit(pageSize)
      .all()
    for (const row of page) {
      const seq = row.seq ?? 0
      firstId ??= row.id
      const claimsSealed = row.hash !== null || row.prevHash !== null
      if (!inTail && (seq <= sealedSeq || claimsSealed)) {
        const { id: _id, hash: _hash, ...rest } = row
        const problem = await walk.step(row, () =>
          auditRowHash({ ...rest, seq, prevHash: row.prevHash ?? '' }),
        )
        if (problem) return fail(seq, row.id, problem)
      } else {
        if (!inTail) {
          // The first unsealed row: the sealed part must end exactly at the head.
          const moved = headMoved()
          if (moved) return moved
          inTail = true
        }
        // A hash past the sealed head was not written by the sealer (it moves the head in the same batch).
        if (claimsSealed) return fail(seq, row.id, 'prev_mismatch')
        if (seq !== lastSeq + 1) return fail(seq, row.id, 'gap')
        unsealed.rows++
        unsealed.oldestAt = Math.min(unsealed.oldestAt ?? row.at, row.at)
      }
      lastSeq = seq
    }
    if (page.length < pageSize) break
  }
  if (!inTail) {
    const moved = headMoved()
    if (moved) return moved
  }
  // Positions are handed out by the counter, never re-used: fewer rows than it counted means a deleted tail.
  if (head && lastSeq < head.appendedSeq) return fail(lastSeq + 1, null, 'gap')
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
  return { ok: true, rowsChecked: walk.checked, rowsBeforeChain: before, firstProblem: null, unsealed: lag() }
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
