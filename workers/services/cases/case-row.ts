// A cases row read back: the workflow version it is pinned to, its snapshot, and the columns derived from it.
import type { cases } from '../../../db/schema'
import { shanghaiDate, type WorkingCalendar } from '../../../workflows/calendar'
import { computeClock } from '../../../workflows/clock'
import {
  type DisclosureSettings,
  type DisclosureSnapshot,
  disclosureWorkflow,
  nextTimer,
} from '../../../workflows/definitions'
import type { CaseColumns } from '../case-store'

export type CaseRow = typeof cases.$inferSelect

/** The workflow a case is pinned to; a version this build lacks is an error, never another version. */
export function workflowFor(row: Pick<CaseRow, 'workflowId' | 'workflowVersion'>) {
  const wf = row.workflowId === 'disclosure' ? disclosureWorkflow(row.workflowVersion) : undefined
  if (!wf)
    throw new Error(`Workflow ${row.workflowId} v${row.workflowVersion} is not available in this build`)
  return wf
}

export function snapshotOf(row: Pick<CaseRow, 'snapshot'>): DisclosureSnapshot {
  return JSON.parse(row.snapshot) as DisclosureSnapshot
}

/** Whether a state of the case's workflow ends the case. */
export function isFinalState(row: Pick<CaseRow, 'workflowId' | 'workflowVersion'>, state: string): boolean {
  return workflowFor(row).definition.states[state]?.final === true
}

/** The indexed columns of a case, derived from its snapshot as of `now` (next_timer_on from the pure timers). */
export function caseColumns(
  s: DisclosureSnapshot,
  final: boolean,
  calendar: WorkingCalendar,
  settings: DisclosureSettings,
  now: number,
  closedAt: number | null,
): CaseColumns {
  const today = shanghaiDate(now)
  const clock = s.clock ?? computeClock(s.clockEvents, calendar, settings, today)
  return {
    state: s.state,
    receivedOn: s.receipt?.receivedOn ?? null,
    dueOn: clock.replyDueOn,
    duePendingYear: final ? null : (clock.pendingDeadline?.missingYear ?? null),
    nextTimerOn: final ? null : (nextTimer(s, clock, calendar, settings, today)?.on ?? null),
    assigneeId: s.assigneeId,
    outcome: s.outcome?.code ?? null,
    decidedOn: s.decidedOn,
    closedAt: final ? (closedAt ?? now) : null,
  }
}
