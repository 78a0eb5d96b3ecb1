// The timer sweep (Cron Trigger): lapses due by date (correction, consultation, fee) become system actions, and
// due-soon / overdue reminders go to the outbox. Driven by the indexed next_timer_on; running it twice is a no-op.

import { and, asc, eq, isNull, lte } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { cases, outbox } from '../../db/schema'
import { shanghaiDate, type WorkingCalendar } from '../../workflows/calendar'
import { computeClock } from '../../workflows/clock'
import { caseNextTimer, caseRemindersDue, overdueWeek, reviewDueNow } from '../../workflows/definitions'
import { AppError } from '../errors'
import { newId } from '../lib/crypto'
import { agencyWorkflowSettings } from './agency-settings'
import { agencyCalendar, loadCalendar } from './calendar'
import { applyCaseAction, type CaseRow, snapshotOf } from './cases'
import type { LetterDeps } from './letters/context'
import { resolveDealtWithReminders } from './outbox'

/** System actions the sweep may apply; the workflow's guards decide whether each is due. */
export const SYSTEM_ACTIONS = ['correction-lapsed', 'consultation-lapsed', 'fee-lapsed'] as const
const PAGE = 100
const MAX_CASES_PER_RUN = 2000

export interface SweepSummary {
  checked: number
  /** Cases whose processing threw; retried on the next run. */
  failed: string[]
  actions: { caseId: string; action: string }[]
  reminders: number
}

async function reload(db: Db, id: string): Promise<CaseRow> {
  return (await db.select().from(cases).where(eq(cases.id, id)).get())!
}

async function sweepCase(
  db: Db,
  row: CaseRow,
  calendar: WorkingCalendar,
  now: number,
  summary: SweepSummary,
  letters: LetterDeps | undefined,
) {
  const { settings } = await agencyWorkflowSettings(db, row.agencyId, row.workflowId)
  let current = row
  for (const action of SYSTEM_ACTIONS) {
    try {
      await applyCaseAction(db, {
        row: current,
        action,
        actor: { kind: 'system' },
        body: {},
        expectedVersion: current.version,
        now,
        calendar,
        ...(letters ? { letters } : {}),
      })
      summary.actions.push({ caseId: row.id, action })
      current = await reload(db, row.id)
    } catch (err) {
      // Not due (guard) or not applicable in this state: the normal case. A lost race is retried next run.
      if (!(err instanceof AppError)) throw err
    }
  }
  if (current.closedAt !== null) return
  const today = shanghaiDate(now)
  const snapshot = snapshotOf(current)
  const local = await agencyCalendar(db, calendar, current.agencyId)
  const clock = computeClock(snapshot.clockEvents, local, settings, today)
  const to = current.assigneeId ? `staff:${current.assigneeId}` : `role:${current.agencyId}:registrar`
  const reminders: (typeof outbox.$inferInsert)[] = []
  const review = reviewDueNow(snapshot)
  const remind = (kind: string, recipient: string, dueOn: string | null = clock.replyDueOn) =>
    reminders.push({
      id: newId(),
      agencyId: current.agencyId,
      kind,
      audience: 'staff',
      recipient,
      payload: JSON.stringify({ caseId: current.id, template: kind, dueOn }),
      // One reminder per case, kind, deadline and (once overdue) week: a moved deadline earns a new one, each week
      // overdue one more, a rerun none.
      dedupId: `case:${current.id}:${kind}:${dueOn ?? 'none'}${
        kind.endsWith('overdue') && dueOn ? `:w${overdueWeek(dueOn, today)}` : ''
      }:${recipient}`,
      nextAttemptAt: now,
      createdAt: now,
    })
  for (const kind of caseRemindersDue(current.workflowId, snapshot, clock, local, today)) {
    if (kind === 'receipt_unconfirmed') remind(kind, `role:${current.agencyId}:registrar`)
    else if (kind === 'legal_review_overdue')
      remind(kind, `role:${current.agencyId}:legal_reviewer`, review?.dueOn ?? null)
    else if (kind === 'approval_overdue')
      remind(kind, `role:${current.agencyId}:approver`, review?.dueOn ?? null)
    else remind(kind, to)
    if (kind === 'overdue') remind(kind, `role:${current.agencyId}:approver`)
  }
  const next = caseNextTimer(current.workflowId, snapshot, clock, local, settings, today)?.on ?? null
  await db.batch([
    db
      .update(cases)
      .set({ nextTimerOn: next })
      .where(and(eq(cases.id, current.id), eq(cases.version, current.version))),
    // A reminder about a date the case no longer has (a calendar change moved it) clears itself.
    resolveDealtWithReminders(db, {
      caseId: current.id,
      snapshot,
      final: false,
      dueOn: clock.replyDueOn,
      now,
    }),
    ...reminders.map((r) => db.insert(outbox).values(r).onConflictDoNothing({ target: outbox.dedupId })),
  ])
  summary.reminders += reminders.length
}

/** Process every open case whose next timer date has come. */
export async function runTimerSweep(db: Db, now: number, letters?: LetterDeps): Promise<SweepSummary> {
  const calendar = await loadCalendar(db)
  const today = shanghaiDate(now)
  const summary: SweepSummary = { checked: 0, failed: [], actions: [], reminders: 0 }
  const seen = new Set<string>()
  while (summary.checked < MAX_CASES_PER_RUN) {
    const rows = await db
      .select()
      .from(cases)
      .where(and(lte(cases.nextTimerOn, today), isNull(cases.closedAt)))
      .orderBy(asc(cases.nextTimerOn), asc(cases.id))
      .limit(PAGE)
      .all()
    const fresh = rows.filter((r) => !seen.has(r.id))
    if (fresh.length === 0) break
    for (const row of fresh) {
      seen.add(row.id)
      summary.checked++
      try {
        await sweepCase(db, row, calendar, now, summary, letters)
      } catch (err) {
        // One broken case must not stop the sweep (or the delivery after it) for every other case.
        summary.failed.push(row.id)
        console.error(JSON.stringify({ sweep: 'case_failed', caseId: row.id, error: String(err) }))
      }
    }
  }
  return summary
}
