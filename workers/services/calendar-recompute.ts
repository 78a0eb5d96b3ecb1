// When a calendar year is loaded or edited, recompute the clock of every open case and record each changed
// deadline on that case's audit trail (old date → new date, and why).
import { and, eq, gt, isNull } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { cases, jobs } from '../../db/schema'
import { shanghaiDate } from '../../workflows/calendar'
import { computeClock } from '../../workflows/clock'
import {
  DEFAULT_DISCLOSURE_SETTINGS,
  type DisclosureSettings,
  type DisclosureSnapshot,
  nextTimer,
} from '../../workflows/definitions'
import { AppError } from '../errors'
import { agencyWorkflowSettings } from './agency-settings'
import { loadCalendar } from './calendar'
import { commitTransition } from './case-store'
import { caseColumns, snapshotOf, workflowFor } from './cases'

const PAGE = 100

export interface RecomputeSummary {
  checked: number
  changed: number
  conflicts: number
}

/**
 * Recompute open cases' clocks against the current calendar, starting after case id `from`, for at most `budget`
 * cases; idempotent (unchanged dates write nothing). Returns the id to continue after, or null when done.
 */
export async function recomputeOpenCases(
  db: Db,
  reason: string,
  now: number,
  from = '',
  budget = Number.POSITIVE_INFINITY,
): Promise<RecomputeSummary & { next: string | null }> {
  const calendar = await loadCalendar(db)
  const today = shanghaiDate(now)
  const settingsCache = new Map<string, DisclosureSettings>()
  const summary: RecomputeSummary = { checked: 0, changed: 0, conflicts: 0 }
  let after = from
  for (;;) {
    const rows = await db
      .select()
      .from(cases)
      .where(and(isNull(cases.closedAt), gt(cases.id, after)))
      .orderBy(cases.id)
      .limit(PAGE)
      .all()
    for (const row of rows) {
      if (summary.checked >= budget) return { ...summary, next: after }
      summary.checked++
      after = row.id
      const snapshot = snapshotOf(row)
      if (!snapshot.clockEvents.some((e) => e.type === 'received')) {
        // No deadline yet, but its timer (e.g. "confirm receipt within 1 WD") may depend on the changed year.
        const next =
          nextTimer(
            snapshot,
            computeClock([], calendar, DEFAULT_DISCLOSURE_SETTINGS, today),
            calendar,
            DEFAULT_DISCLOSURE_SETTINGS,
            today,
          )?.on ?? null
        if (next !== row.nextTimerOn) {
          await db
            .update(cases)
            .set({ nextTimerOn: next })
            .where(and(eq(cases.id, row.id), eq(cases.version, row.version)))
        }
        continue
      }
      let settings = settingsCache.get(row.agencyId)
      if (!settings) {
        settings = (await agencyWorkflowSettings(db, row.agencyId, row.workflowId)).settings
        settingsCache.set(row.agencyId, settings)
      }
      const clock = computeClock(snapshot.clockEvents, calendar, settings, today)
      const before = snapshot.clock
      const changed =
        before?.replyDueOn !== clock.replyDueOn ||
        before?.correctionDueOn !== clock.correctionDueOn ||
        before?.pauseWindowEndsOn !== clock.pauseWindowEndsOn ||
        (before?.unconfirmed?.year ?? null) !== (clock.unconfirmed?.year ?? null)
      if (!changed) continue
      const next: DisclosureSnapshot = { ...snapshot, clock, version: row.version + 1 }
      const final = workflowFor(row).definition.states[row.state]?.final === true
      try {
        await commitTransition(db, {
          caseId: row.id,
          agencyId: row.agencyId,
          expectedVersion: row.version,
          snapshot: next,
          columns: caseColumns(next, final, calendar, settings, now, row.closedAt),
          events: [
            {
              action: 'calendar-recomputed',
              actorKind: 'system',
              actorId: null,
              fromState: row.state,
              toState: row.state,
              payload: {
                reason,
                replyDueOn: { from: before?.replyDueOn ?? null, to: clock.replyDueOn },
                correctionDueOn: { from: before?.correctionDueOn ?? null, to: clock.correctionDueOn },
                pauseWindowEndsOn: { from: before?.pauseWindowEndsOn ?? null, to: clock.pauseWindowEndsOn },
                unconfirmedYear: {
                  from: before?.unconfirmed?.year ?? null,
                  to: clock.unconfirmed?.year ?? null,
                },
              },
              at: now,
            },
          ],
          now,
        })
        summary.changed++
      } catch (err) {
        // A case that moved on meanwhile was recomputed by its own transition; nothing is lost.
        if (err instanceof AppError && err.code === 'conflict') summary.conflicts++
        else throw err
      }
    }
    if (rows.length < PAGE) break
  }
  return { ...summary, next: null }
}

const JOB = 'calendar-recompute'
/** Cases recomputed within the admin's own request; the cron carries on from there (D1 query limits per call). */
export const INLINE_BUDGET = 100
export const CRON_BUDGET = 300

/** Continue the pending recompute job, if any, for up to `budget` cases; removes the job when it is done. */
export async function continueRecompute(db: Db, now: number, budget: number) {
  const job = await db.select().from(jobs).where(eq(jobs.name, JOB)).get()
  if (!job) return null
  const { reason } = JSON.parse(job.payload) as { reason: string }
  const result = await recomputeOpenCases(db, reason, now, job.cursor, budget)
  if (result.next === null)
    await db.delete(jobs).where(and(eq(jobs.name, JOB), eq(jobs.updatedAt, job.updatedAt)))
  else
    await db
      .update(jobs)
      .set({ cursor: result.next })
      .where(and(eq(jobs.name, JOB), eq(jobs.updatedAt, job.updatedAt)))
  return result
}

/**
 * Listener passed to the calendar edit operations: (re)start the recompute from the first case — a newer edit
 * supersedes a half-done older one — and do the first part at once.
 */
export async function onCalendarChanged(db: Db, change: { years: number[]; reason: string; now: number }) {
  await db
    .insert(jobs)
    .values({
      name: JOB,
      cursor: '',
      payload: JSON.stringify({ reason: change.reason }),
      updatedAt: change.now,
    })
    .onConflictDoUpdate({
      target: jobs.name,
      set: { cursor: '', payload: JSON.stringify({ reason: change.reason }), updatedAt: change.now },
    })
  return continueRecompute(db, change.now, INLINE_BUDGET)
}
