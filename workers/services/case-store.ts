// Persists case transitions: one D1 batch with the conditional case update (or the new case's insert), the
// hash-chained events and the outbox rows. A lost race (stale version) violates the (case_id, seq) unique index
// and writes nothing. Also verifies an agency's chain.
import { and, desc, eq, gt, or } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import type { Db } from '../../db/client'
import { auditHeads, caseEvents, cases, outbox } from '../../db/schema'
import { canonicalJson } from '../../workflows/support/canonical'
import { AppError } from '../errors'
import { newId, sha256Hex } from '../lib/crypto'
import { isUniqueViolation } from '../lib/db-errors'
import { type ChainProblem, ChainWalk } from '../lib/hash-chain'

/** The hash of "no previous event" at the start of each agency's chain. */
export const GENESIS_HASH = '0'.repeat(64)
// Every transition of an agency appends to one chain, so concurrent writers of an agency (a burst of
// submissions, the cron) contend for the next position: each round one wins and the others retry after a
// short jittered pause. Only a real conflict on the case itself ends the loop early.
const MAX_CHAIN_RETRIES = 40
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

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

/**
 * The link a new event attaches to. The head row, not the newest surviving event: if the tail was deleted, new
 * events must leave the hole visible to the verifier instead of silently re-using the deleted positions.
 */
async function chainHead(db: Db, agencyId: string): Promise<{ chainSeq: number; hash: string }> {
  const recorded = await db
    .select({ chainSeq: auditHeads.chainSeq, hash: auditHeads.hash })
    .from(auditHeads)
    .where(eq(auditHeads.agencyId, agencyId))
    .get()
  if (recorded) return recorded
  // No head row yet (a chain written before heads existed): fall back to the newest event.
  const head = await db
    .select({ chainSeq: caseEvents.chainSeq, hash: caseEvents.hash })
    .from(caseEvents)
    .where(eq(caseEvents.agencyId, agencyId))
    .orderBy(desc(caseEvents.chainSeq))
    .limit(1)
    .get()
  return head ?? { chainSeq: 0, hash: GENESIS_HASH }
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

type ChainedRow = ChainedEventFields & { hash: string }

/** Hash each write's events onto its agency's chain, continuing from the current heads. */
async function chainEvents(db: Db, writes: CaseWrite[]) {
  const heads = new Map<string, { chainSeq: number; hash: string }>()
  for (const w of writes) if (!heads.has(w.agencyId)) heads.set(w.agencyId, await chainHead(db, w.agencyId))
  const rows: ChainedRow[][] = []
  for (const w of writes) {
    const head = heads.get(w.agencyId)!
    const mine: ChainedRow[] = []
    for (const [i, e] of w.events.entries()) {
      const fields: ChainedEventFields = {
        id: newId(),
        agencyId: w.agencyId,
        caseId: w.caseId,
        seq: w.expectedVersion + i + 1,
        chainSeq: head.chainSeq + 1,
        action: e.action,
        actorId: e.actorId,
        actorKind: e.actorKind,
        fromState: e.fromState,
        toState: e.toState,
        payload: JSON.stringify(e.payload),
        at: e.at,
        prevHash: head.hash,
      }
      const hash = await eventHash(fields)
      mine.push({ ...fields, hash })
      head.chainSeq = fields.chainSeq
      head.hash = hash
    }
    rows.push(mine)
  }
  return { rows, heads }
}

function caseStatements(db: Db, w: CaseWrite, events: ChainedRow[], now: number): BatchItem<'sqlite'>[] {
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
    ...events.map((r) =>
      db.insert(caseEvents).values({ ...r, actorKind: r.actorKind as NewEvent['actorKind'] }),
    ),
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

/** Whether a case write lost to another writer of the same case (not merely to a chain race). */
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
 * Commit one transition atomically (with any cases it opens elsewhere). Returns the new version of the case;
 * throws AppError('conflict') when another transition won the race for one of the cases.
 */
export async function commitTransition(db: Db, input: CommitInput): Promise<number> {
  const { alsoWrite = [], extra = [], now, extraConflict, ...main } = input
  const writes: CaseWrite[] = [main, ...alsoWrite]
  if (writes.some((w) => w.events.length === 0))
    throw new Error('commitTransition needs at least one event per case')
  for (let attempt = 0; attempt < MAX_CHAIN_RETRIES; attempt++) {
    const { rows, heads } = await chainEvents(db, writes)
    const statements: BatchItem<'sqlite'>[] = [
      ...writes.flatMap((w, i) => caseStatements(db, w, rows[i]!, now)),
      ...[...heads].map(([agencyId, head]) =>
        db
          .insert(auditHeads)
          .values({ agencyId, chainSeq: head.chainSeq, hash: head.hash, updatedAt: now })
          .onConflictDoUpdate({
            target: auditHeads.agencyId,
            set: { chainSeq: head.chainSeq, hash: head.hash, updatedAt: now },
          }),
      ),
      ...extra,
    ]
    try {
      await db.batch(statements as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]])
      return main.expectedVersion + main.events.length
    } catch (err) {
      if (!isUniqueViolation(err)) throw err
      // Either a case moved on (a real conflict) or another case of the agency took the chain slot (retry).
      for (const w of writes) if (await lostRace(db, w)) throw new AppError('conflict')
      if (await extraConflict?.()) throw new AppError('conflict')
      await sleep(Math.random() * Math.min(50, 2 ** attempt))
    }
  }
  throw new AppError('conflict')
}

export interface ChainVerification {
  agencyId: string
  ok: boolean
  eventsChecked: number
  /** The first broken link: which chain position and why. */
  firstProblem: {
    chainSeq: number
    eventId: string | null
    problem: ChainProblem
  } | null
}

/** Walk an agency's chain in order and recompute every hash: detects edited, deleted or inserted events. */
export async function verifyAgencyChain(db: Db, agencyId: string): Promise<ChainVerification> {
  const walk = new ChainWalk(GENESIS_HASH)
  const pageSize = 500
  let after = 0
  for (;;) {
    const page = await db
      .select()
      .from(caseEvents)
      .where(and(eq(caseEvents.agencyId, agencyId), gt(caseEvents.chainSeq, after)))
      .orderBy(caseEvents.chainSeq)
      .limit(pageSize)
      .all()
    for (const e of page) {
      const { hash, ...fields } = e
      const problem = await walk.step({ seq: e.chainSeq, prevHash: e.prevHash, hash }, () =>
        eventHash(fields),
      )
      if (problem) {
        return {
          agencyId,
          ok: false,
          eventsChecked: walk.checked,
          firstProblem: { chainSeq: e.chainSeq, eventId: e.id, problem },
        }
      }
    }
    if (page.length < pageSize) break
    // By key, not OFFSET: each page is one range of the (agency_id, chain_seq) index.
    after = page.at(-1)!.chainSeq
  }
  // The head row is written with every event, so a deleted tail leaves it pointing past the chain's end.
  const head = await db.select().from(auditHeads).where(eq(auditHeads.agencyId, agencyId)).get()
  if (walk.headMismatch(head && { seq: head.chainSeq, hash: head.hash })) {
    return {
      agencyId,
      ok: false,
      eventsChecked: walk.checked,
      firstProblem: { chainSeq: head?.chainSeq ?? walk.lastSeq, eventId: null, problem: 'head_mismatch' },
    }
  }
  return { agencyId, ok: true, eventsChecked: walk.checked, firstProblem: null }
}
