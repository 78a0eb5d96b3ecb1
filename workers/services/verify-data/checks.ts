// The operator's data self-check (`npm run verify-data`), as pure functions over rows already read: each returns the
// problems it finds, each problem naming what is wrong and where, so the CLI can list them. Reading the rows (local
// or remote D1 and R2) is ./index.ts; the hash chains are walked by the same verifiers `/audit/verify` uses.
import { shanghaiDate, type WorkingCalendar } from '../../../workflows/calendar'
import { type ClockDates, type ClockSettings, clockDatesDiffer, computeClock } from '../../../workflows/clock'
import type { ChainProblem } from '../../lib/hash-chain'
import { type CaseRow, caseColumns, isFinalState, snapshotOf } from '../cases/case-row'

export type DataProblemKind =
  | 'case_chain'
  | 'audit_log_chain'
  | 'due_date_mismatch'
  | 'file_missing'
  | 'file_orphan'
  | 'outbox_stuck'
  | 'outbox_failed'

export interface DataProblem {
  kind: DataProblemKind
  /** What it is about: a chain, a case id, a storage key, an outbox row. */
  subject: string
  detail: string
}

/** A chain verification (case events or the staff audit log), as `/audit/verify` reports it. */
export interface ChainResult {
  ok: boolean
  firstProblem: {
    position: number | null
    row: string | number | null
    problem: ChainProblem | 'unchained'
  } | null
}

/** The broken chain, if it is: which chain, where and why. */
export function chainProblem(
  kind: 'case_chain' | 'audit_log_chain',
  chain: string,
  result: ChainResult,
): DataProblem | null {
  if (result.ok) return null
  const p = result.firstProblem
  const where = [
    p?.position != null ? `position ${p.position}` : null,
    p?.row != null ? `row ${p.row}` : null,
  ].filter((x) => x !== null)
  return {
    kind,
    subject: chain,
    detail: `${p?.problem ?? 'broken'}${where.length ? ` at ${where.join(', ')}` : ''}`,
  }
}

export type StoredCase = Pick<
  CaseRow,
  | 'id'
  | 'agencyId'
  | 'workflowId'
  | 'workflowVersion'
  | 'state'
  | 'dueOn'
  | 'duePendingYear'
  | 'snapshot'
  | 'updatedAt'
  | 'closedAt'
>

const NO_DATES: ClockDates = {
  replyDueOn: null,
  correctionDueOn: null,
  pauseWindowEndsOn: null,
  unconfirmed: null,
}

function describeDates(d: ClockDates | null | undefined): string {
  const x = d ?? NO_DATES
  return `reply ${x.replyDueOn ?? '—'}, correction ${x.correctionDueOn ?? '—'}, pause ends ${x.pauseWindowEndsOn ?? '—'}, waiting for year ${x.unconfirmed?.year ?? '—'}`
}

/**
 * An open case whose stored deadlines differ from its clock recomputed from its events with its agency's calendar
 * and settings, as of the day it was last written (an open pause counts up to that day). Closed cases keep the
 * deadlines they closed with and are not recomputed.
 */
export function dueDateProblem(
  row: StoredCase,
  calendar: WorkingCalendar,
  settings: ClockSettings,
): DataProblem | null {
  if (row.closedAt !== null) return null
  const snapshot = snapshotOf(row)
  const clock = computeClock(snapshot.clockEvents, calendar, settings, shanghaiDate(row.updatedAt))
  const final = isFinalState(row, row.state)
  const columns = caseColumns({ ...snapshot, clock }, final, calendar, settings, row.updatedAt, null)
  const found: string[] = []
  if (clockDatesDiffer(snapshot.clock ?? NO_DATES, clock))
    found.push(`snapshot: ${describeDates(snapshot.clock)}; recomputed: ${describeDates(clock)}`)
  if (row.dueOn !== columns.dueOn)
    found.push(`due_on ${row.dueOn ?? '—'}, recomputed ${columns.dueOn ?? '—'}`)
  if (row.duePendingYear !== columns.duePendingYear)
    found.push(`due_pending_year ${row.duePendingYear ?? '—'}, recomputed ${columns.duePendingYear ?? '—'}`)
  if (found.length === 0) return null
  return { kind: 'due_date_mismatch', subject: `case ${row.id}`, detail: found.join('; ') }
}

/** A row that names a stored object: an attachment, a signed letter's .docx. */
export interface FileRef {
  /** e.g. `attachment 01H…`, `letter 01H…`. */
  owner: string
  key: string
}

export interface StoredObject {
  key: string
  uploaded: number
}

/**
 * Rows naming an object that is not in the store, and objects no row names. An object younger than `graceMs` may
 * belong to a write still in flight (the object is put before its row's batch), so it is not an orphan yet.
 */
export function fileProblems(
  refs: readonly FileRef[],
  objects: readonly StoredObject[],
  now: number,
  graceMs: number,
): DataProblem[] {
  const stored = new Set(objects.map((o) => o.key))
  const named = new Set(refs.map((r) => r.key))
  const problems: DataProblem[] = []
  for (const ref of refs) {
    if (!stored.has(ref.key))
      problems.push({
        kind: 'file_missing',
        subject: ref.owner,
        detail: `object ${ref.key} is not in storage`,
      })
  }
  for (const o of objects) {
    if (!named.has(o.key) && o.uploaded < now - graceMs)
      problems.push({
        kind: 'file_orphan',
        subject: o.key,
        detail: `stored ${new Date(o.uploaded).toISOString()}, named by no row`,
      })
  }
  return problems
}

export interface OutboxItem {
  id: string
  kind: string
  audience: string
  status: string
  attempts: number
  nextAttemptAt: number
  lastError: string | null
}

/**
 * Notifications that will not go out on their own: pending ones the cron (every 15 minutes) should have tried more
 * than `stuckAfterMs` ago, and ones that failed their last retry.
 */
export function outboxProblems(
  rows: readonly OutboxItem[],
  now: number,
  stuckAfterMs: number,
): DataProblem[] {
  const problems: DataProblem[] = []
  for (const r of rows) {
    const what = `${r.kind} to ${r.audience}, ${r.attempts} attempt(s)${r.lastError ? `, last error: ${r.lastError}` : ''}`
    if (r.status === 'failed')
      problems.push({ kind: 'outbox_failed', subject: `outbox ${r.id}`, detail: what })
    else if (r.status === 'pending' && r.nextAttemptAt < now - stuckAfterMs)
      problems.push({
        kind: 'outbox_stuck',
        subject: `outbox ${r.id}`,
        detail: `due since ${new Date(r.nextAttemptAt).toISOString()}; ${what}`,
      })
  }
  return problems
}
