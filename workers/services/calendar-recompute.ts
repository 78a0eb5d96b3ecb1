// When a calendar year is loaded or edited (nationally by the operator, or an agency's local rules by its admin),
// recompute the clock of every open case with its agency's calendar and record each changed deadline on that case's
// audit trail: old date → new date, why, and who made the change.
import { and, eq, gt, isNull } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { cases, jobs } from '../../db/schema'
import { shanghaiDate } from '../../workflows/calendar'
import { clockDatesDiffer, computeClock } from '../../workflows/clock'
import {
  DEFAULT_DISCLOSURE_SETTINGS,
  type DisclosureSettings,
  type DisclosureSnapshot,
  nextTimer,
} from '../../workflows/definitions'
import { AppError } from '../errors'
import { agencyWorkflowSettings } from './agency-settings'
import { loadCalendar, loadLocalRules, type RecomputeCause } from './calendar'
import { commitTransition } from './case-store'
import { caseColumns, snapshotOf, workflowFor } from './cases'

const PAGE = 100

export interface RecomputeSummary {
  checked: number
  changed: number
  conflicts: number
}

/** Why a recompute runs: the human reason and the changes (with their actors) it carries, oldest first. */
export interface RecomputeRequest {
  reason: string
  causes: RecomputeCause[]
}

/** At most this many changes are named on one recompute event (a burst of edits while one job runs). */
const MAX_CAUSES = 10

/**
 * Recompute open cases' clocks against the current calendar, starting after case id `from`, for at most `budget`
 * cases; idempotent (unchanged dates write nothing). Returns the id to continue after, or null when done. Each
 * change is written as a `calendar-recomputed` event naming the latest change's actor and every pending cause.
 */
export async function recomputeOpenCases(
  db: Db,
  request: RecomputeRequest,
  now: number,
  from = '',
  budget = Number.POSITIVE_INFINITY,
): Promise<RecomputeSummary & { next: string | null }> {
  const national = await loadCalendar(db)
  const locals = await loadLocalRules(db)
  const actorId = request.causes.at(-1)?.actorId ?? null
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
      const calendar = locals.calendarFor(national, row.agencyId)
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
      const settingsKey = `${row.agencyId}|${row.workflowId}`
      let settings = settingsCache.get(settingsKey)
      if (!settings) {
        settings = (await agencyWorkflowSettings(db, row.agencyId, row.workflowId)).settings
        settingsCache.set(settingsKey, settings)
      }
      const clock = computeClock(snapshot.clockEvents, calendar, settings, today)
      const before = snapshot.clock
      if (!clockDatesDiffer(before, clock)) continue
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
              actorKind: actorId ? 'staff' : 'system',
              actorId,
              fromState: row.state,
              toState: row.state,
              payload: {
                reason: request.reason,
                causes: request.causes,
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
  const result = await recomputeOpenCases(db, jobRequest(job.payload), now, job.cursor, budget)
  if (result.next === null)
    await db.delete(jobs).where(and(eq(jobs.name, JOB), eq(jobs.updatedAt, job.updatedAt)))
  else
    await db
      .update(jobs)
      .set({ cursor: result.next })
      .where(and(eq(jobs.name, JOB), eq(jobs.updatedAt, job.updatedAt)))
  return result
}

/** A job's request; a job written before causes were recorded carries its reason only. */
function jobRequest(payload: string): RecomputeRequest {
  const parsed = JSON.parse(payload) as Partial<RecomputeRequest>
  return { reason: parsed.reason ?? '', causes: Array.isArray(parsed.causes) ? parsed.causes : [] }
}

/**
 * Listener passed to the calendar edit operations: (re)start the recompute from the first case — a newer edit
 * supersedes a half-done older one, whose cause stays named on the events still to be written — and do the first
 * part at once.
 */
export async function onCalendarChanged(
  db: Db,
  change: { years: number[]; reason: string; now: number; cause: RecomputeCause },
) {
  const pending = await db.select({ payload: jobs.payload }).from(jobs).where(eq(jobs.name, JOB)).get()
  const earlier = pending ? jobRequest(pending.payload).causes : []
  const request: RecomputeRequest = {
    reason: change.reason,
    causes: [...earlier, change.cause].slice(-MAX_CAUSES),
  }
  const payload = JSON.stringify(request)
  await db
    .insert(jobs)
    .values({ name: JOB, cursor: '', payload, updatedAt: change.now })
    .onConflictDoUpdate({ target: jobs.name, set: { cursor: '', payload, updatedAt: change.now } })
  return continueRecompute(db, change.now, INLINE_BUDGET)
}
