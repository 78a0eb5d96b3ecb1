// Persists case transitions: one D1 batch with the conditional case update (or the new case's insert), the events
// (appended to the agency's chain at positions handed out inside the batch) and the outbox rows. A lost race (stale
// version) violates the (case_id, seq) unique index and writes nothing. Also seals appended events onto the hash
// chain (from the cron, before a verification) and verifies an agency's chain.
import { and, eq, exists, gt, or, sql } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import type { Db } from '../../db/client'
import { auditHeads, caseEvents, cases, outbox } from '../../db/schema'
import { canonicalJson } from '../../workflows/support/canonical'
import { AppError } from '../errors'
import { newId, sha256Hex } from '../lib/crypto'
import { changedRows, isUniqueViolation } from '../lib/db-errors'
import { type ChainProblem, ChainWalk, sealLinks } from '../lib/hash-chain'

/** The hash of "no previous event" at the start of each agency's chain. */
export const GENESIS_HASH = '0'.repeat(64)
/** prev_hash and hash of an event the sealer has not linked yet. */
export const UNSEALED = ''

export interface NewEvent {
  action: string
  actorKind: 'staff' | 'applicant' | 'system'
  actorId: string | null
  fromState: string | null
  toState: string | null
  payload: Record<string, unknown>
  at: number
}

export interface NewOutboxRow {
  kind: string
  /** 'applicant', 'staff' or 'webhook' (see the outbox table). */
  audience: string
  recipient: string
  payload: Record<string, unknown>
  /** Derived from the cause, so writing the same notification twice is a no-op. */
  dedupId: string
}

/** Columns of `cases` derived from the snapshot for indexing and listing. */
export interface CaseColumns {
  state: string
  receivedOn: string | null
  dueOn: string | null
  /** The calendar year the reply deadline waits for, while it does. */
  duePendingYear: number | null
  nextTimerOn: string | null
  assigneeId: string | null
  outcome: string | null
  /** Day the 办理结果 was given: the annual report's year (its counters follow by trigger in the same statement). */
  decidedOn: string | null
  closedAt: number | null
}

/** The fields of an event that its hash covers (everything but the hash itself). */
export interface ChainedEventFields {
  id: string
  agencyId: string
  caseId: string
  seq: number
  chainSeq: number
  action: string
  actorId: string | null
  actorKind: string
  fromState: string | null
  toState: string | null
  payload: string
  at: number
  prevHash: string
}

export async function eventHash(fields: ChainedEventFields): Promise<string> {
  return sha256Hex(fields.prevHash + canonicalJson(fields))
}

/** One case's part of a commit: its row (updated, or inserted for a new case), its events and outbox rows. */
export interface CaseWrite {
  caseId: string
  agencyId: string
  /** The version the caller read (0 for a new case); an update applies only if the row still has it. */
  expectedVersion: number
  snapshot: unknown
  columns: CaseColumns
  events: NewEvent[]
  outbox?: NewOutboxRow[]
  /** Insert the case row instead of updating it (the first event of a new case). */
  create?: {
    submissionId: string
    workflowId: string
    workflowVersion: number
    applicantType: string
    title: string
    /** Keyed hash of the applicant's ID number or USCC (monthly fee count), if known. */
    applicantKey?: string | null
  }
}

export interface CommitInput extends CaseWrite {
  /**
   * Other cases written in the same batch, each on its own agency's chain (the receiving agency's new case on a
   * transfer): all commit or none does.
   */
  alsoWrite?: CaseWrite[]
  /** Further statements that must commit or fail with the transition (letters, the submission row, …). */
  extra?: BatchItem<'sqlite'>[]
  now: number
  /**
   * Whether a unique-index failure was caused by the caller's own `extra` rows (e.g. an idempotency key taken
   * by a concurrent request); if so it is a conflict to report at once, not a chain race to retry.
   */
  extraConflict?: () => Promise<boolean>
}

/**
 * The statements appending each write's events to its agency's chain: per agency one bump of the append counter by
 * the number of its events in the batch, then each event takes its position from the counter inside the same batch
 * (D1 runs a batch as one serialized transaction), so there is no read-then-write race and nothing to retry.
 * hash and prev_hash stay UNSEALED until the sealer links them.
 */
function appendStatements(db: Db, writes: CaseWrite[], now: number) {
  const total = new Map<string, number>()
  for (const w of writes) total.set(w.agencyId, (total.get(w.agencyId) ?? 0) + w.events.length)
  const bumps: BatchItem<'sqlite'>[] = [...total].map(([agencyId, n]) =>
    db
      .insert(auditHeads)
      .values({ agencyId, chainSeq: 0, hash: GENESIS_HASH, updatedAt: now, appendedSeq: n })
      .onConflictDoUpdate({
        target: auditHeads.agencyId,
        set: { appendedSeq: sql`${auditHeads.appendedSeq} + ${n}` },
      }),
  )
  const taken = new Map<string, number>()
  const events = writes.map((w) =>
    w.events.map((e, i) => {
      const k = taken.get(w.agencyId) ?? 0
      taken.set(w.agencyId, k + 1)
      const back = total.get(w.agencyId)! - 1 - k
      return db.insert(caseEvents).values({
        id: newId(),
        agencyId: w.agencyId,
        caseId: w.caseId,
        seq: w.expectedVersion + i + 1,
        chainSeq: sql`(SELECT ${auditHeads.appendedSeq} - ${back} FROM ${auditHeads} WHERE ${auditHeads.agencyId} = ${w.agencyId})`,
        action: e.action,
        actorId: e.actorId,
        actorKind: e.actorKind,
        fromState: e.fromState,
        toState: e.toState,
        payload: JSON.stringify(e.payload),
        at: e.at,
        prevHash: UNSEALED,
        hash: UNSEALED,
      })
    }),
  )
  return { bumps, events }
}

function caseStatements(
  db: Db,
  w: CaseWrite,
  events: BatchItem<'sqlite'>[],
  now: number,
): BatchItem<'sqlite'>[] {
  const version = w.expectedVersion + w.events.length
  const snapshot = JSON.stringify(w.snapshot)
  const caseWrite = w.create
    ? db.insert(cases).values({
        id: w.caseId,
        agencyId: w.agencyId,
        ...w.create,
        version,
        snapshot,
        ...w.columns,
        createdAt: now,
        updatedAt: now,
      })
    : db
        .update(cases)
        .set({ ...w.columns, snapshot, version, updatedAt: now })
        .where(and(eq(cases.id, w.caseId), eq(cases.version, w.expectedVersion)))
  return [
    caseWrite,
    ...events,
    ...(w.outbox ?? []).map((o) =>
      db
        .insert(outbox)
        .values({
          id: newId(),
          agencyId: w.agencyId,
          kind: o.kind,
          audience: o.audience,
          recipient: o.recipient,
          payload: JSON.stringify(o.payload),
          dedupId: o.dedupId,
          nextAttemptAt: now,
          createdAt: now,
        })
        .onConflictDoNothing({ target: outbox.dedupId }),
    ),
  ]
}

/** Whether a case write lost to another writer of the same case. */
async function lostRace(db: Db, w: CaseWrite): Promise<boolean> {
  if (w.create) {
    // One case per submission and agency: a concurrent open of the same case is a conflict too.
    const existing = await db
      .select({ id: cases.id })
      .from(cases)
      .where(
        or(
          eq(cases.id, w.caseId),
          and(eq(cases.submissionId, w.create.submissionId), eq(cases.agencyId, w.agencyId)),
        ),
      )
      .get()
    return existing !== undefined
  }
  const current = await db.select({ version: cases.version }).from(cases).where(eq(cases.id, w.caseId)).get()
  return current?.version !== w.expectedVersion
}

/**
 * Commit one transition atomically (with any cases it opens elsewhere) in one D1 batch. Returns the new version of
 * the case; throws AppError('conflict') when another transition won the race for one of the cases (or took the
 * caller's idempotency key). Chain positions are handed out inside the batch, so concurrent writers of an agency
 * never conflict with each other.
 */
export async function commitTransition(db: Db, input: CommitInput): Promise<number> {
  const { alsoWrite = [], extra = [], now, extraConflict, ...main } = input
  const writes: CaseWrite[] = [main, ...alsoWrite]
  if (writes.some((w) => w.events.length === 0))
    throw new Error('commitTransition needs at least one event per case')
  const { bumps, events } = appendStatements(db, writes, now)
  const statements: BatchItem<'sqlite'>[] = [
    ...bumps,
    ...writes.flatMap((w, i) => caseStatements(db, w, events[i]!, now)),
    ...extra,
  ]
  try {
    await db.batch(statements as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]])
  } catch (err) {
    if (!isUniqueViolation(err)) throw err
    for (const w of writes) if (await lostRace(db, w)) throw new AppError('conflict')
    if (await extraConflict?.()) throw new AppError('conflict')
    throw err
  }
  return main.expectedVersion + main.events.length
}

/** Events sealed per batch (one UPDATE each, plus the guarded head move). */
const SEAL_BATCH = 200

/**
 * Seal an agency's appended events: read the sealed head and the events after it in position order, hash them on
 * (pure `sealLinks`), and write the hashes with the new head in one batch. Every statement of that batch is
 * conditional on the head still being the one read, so of two concurrent sealers only the first writes; the other
 * changes nothing (and the links it computed were the same). Returns the number of events sealed.
 */
export async function sealAgencyChain(db: Db, agencyId: string, now: number, max = 10_000): Promise<number> {
  let total = 0
  while (total < max) {
    const head = await db.select().from(auditHeads).where(eq(auditHeads.agencyId, agencyId)).get()
    if (!head || head.appendedSeq <= head.chainSeq) break
    const rows = await db
      .select()
      .from(caseEvents)
      .where(and(eq(caseEvents.agencyId, agencyId), gt(caseEvents.chainSeq, head.chainSeq)))
      .orderBy(caseEvents.chainSeq)
      .limit(Math.min(SEAL_BATCH, max - total))
      .all()
    const links = rows.map((row) => ({ row, seq: row.chainSeq, sealed: row.hash !== UNSEALED }))
    const { sealed, head: next } = await sealLinks(
      { seq: head.chainSeq, hash: head.hash },
      links,
      ({ row: { hash: _hash, ...fields } }, prevHash) => eventHash({ ...fields, prevHash }),
    )
    if (sealed.length === 0) break
    const headUnmoved = and(
      eq(auditHeads.agencyId, agencyId),
      eq(auditHeads.chainSeq, head.chainSeq),
      eq(auditHeads.hash, head.hash),
    )
    const statements: BatchItem<'sqlite'>[] = [
      ...sealed.map((s) =>
        db
          .update(caseEvents)
          .set({ prevHash: s.prevHash, hash: s.hash })
          .where(
            and(
              eq(caseEvents.id, s.link.row.id),
              eq(caseEvents.chainSeq, s.link.seq),
              eq(caseEvents.hash, UNSEALED),
              exists(db.select({ one: sql`1` }).from(auditHeads).where(headUnmoved)),
            ),
          ),
      ),
      // Last, so the conditions above still see the head as read.
      db.update(auditHeads).set({ chainSeq: next.seq, hash: next.hash, updatedAt: now }).where(headUnmoved),
    ]
    const results = await db.batch(statements as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]])
    if (changedRows(results.at(-1)) === 0) break // another sealer moved the head first
    total += sealed.length
    if (sealed.length < rows.length || rows.length < SEAL_BATCH) break
  }
  return total
}

/** Seal every agency's waiting events (the cron). Returns how many were sealed. */
export async function sealAllChains(db: Db, now: number): Promise<number> {
  const waiting = await db
    .select({ agencyId: auditHeads.agencyId })
    .from(auditHeads)
    .where(gt(auditHeads.appendedSeq, auditHeads.chainSeq))
    .all()
  let n = 0
  for (const { agencyId } of waiting) n += await sealAgencyChain(db, agencyId, now)
  return n
}

export interface ChainVerification {
  agencyId: string
  ok: boolean
  /** Sealed events whose links were recomputed. */
  eventsChecked: number
  /** The first broken link: which chain position and why. */
  firstProblem: {
    chainSeq: number
    eventId: string | null
    problem: ChainProblem
  } | null
  /**
   * Events appended after the sealed head and not yet hashed (not a problem: their positions are checked, their
   * content is covered once sealed), with the age of the oldest in ms (the sealing lag).
   */
  unsealed: { events: number; oldestAt: number | null; lagMs: number | null }
}

/**
 * Walk an agency's chain in order. Sealed events (up to the sealed head, and any event carrying a hash) have every
 * hash recomputed: edited, deleted, inserted or re-ordered events are found, and the sealed head must be the last of
 * them (a deleted tail). Events after the head must be unsealed and contiguous up to the append counter; they are
 * counted and the age of the oldest is reported.
 */
export async function verifyAgencyChain(db: Db, agencyId: string, now: number): Promise<ChainVerification> {
  const walk = new ChainWalk(GENESIS_HASH)
  const head = await db.select().from(auditHeads).where(eq(auditHeads.agencyId, agencyId)).get()
  const sealedSeq = head?.chainSeq ?? 0
  const unsealed = { events: 0, oldestAt: null as number | null }
  let inTail = false
  let lastSeq = 0
  const result = (firstProblem: ChainVerification['firstProblem']): ChainVerification => ({
    agencyId,
    ok: firstProblem === null,
    eventsChecked: walk.checked,
    firstProblem,
    unsealed: {
      ...unsealed,
      lagMs: unsealed.oldestAt === null ? null : Math.max(0, now - unsealed.oldestAt),
    },
  })
  const headMoved = () =>
    walk.headMismatch(head && { seq: head.chainSeq, hash: head.hash })
      ? result({ chainSeq: head?.chainSeq ?? walk.lastSeq, eventId: null, problem: 'head_mismatch' })
      : null
  const pageSize = 500
  for (;;) {
    const page = await db
      .select()
      .from(caseEvents)
      .where(and(eq(caseEvents.agencyId, agencyId), gt(caseEvents.chainSeq, lastSeq)))
      .orderBy(caseEvents.chainSeq)
      .limit(pageSize)
      .all()
    for (const e of page) {
      const claimsSealed = e.hash !== UNSEALED || e.prevHash !== UNSEALED
      if (!inTail && (e.chainSeq <= sealedSeq || claimsSealed)) {
        const { hash, ...fields } = e
        const problem = await walk.step({ seq: e.chainSeq, prevHash: e.prevHash, hash }, () =>
          eventHash(fields),
        )
        if (problem) return result({ chainSeq: e.chainSeq, eventId: e.id, problem })
      } else {
        if (!inTail) {
          // The first unsealed event: the sealed part must end exactly at the head.
          const moved = headMoved()
          if (moved) return moved
          inTail = true
        }
        // A hash past the sealed head was not written by the sealer (it moves the head in the same batch).
        if (claimsSealed) return result({ chainSeq: e.chainSeq, eventId: e.id, problem: 'prev_mismatch' })
        if (e.chainSeq !== lastSeq + 1) return result({ chainSeq: e.chainSeq, eventId: e.id, problem: 'gap' })
        unsealed.events++
        unsealed.oldestAt = Math.min(unsealed.oldestAt ?? e.at, e.at)
      }
      lastSeq = e.chainSeq
    }
    // By key, not OFFSET: each page is one range of the (agency_id, chain_seq) index.
    if (page.length < pageSize) break
  }
  if (!inTail) {
    const moved = headMoved()
    if (moved) return moved
  }
  // Positions are handed out by the counter, never re-used: fewer events than it counted means a deleted tail.
  if (head && lastSeq < head.appendedSeq)
    return result({ chainSeq: lastSeq + 1, eventId: null, problem: 'gap' })
  return result(null)
}
