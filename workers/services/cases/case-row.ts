// A cases row read back: the workflow version it is pinned to, its snapshot, and the columns derived from it.
import type { cases } from '../../../db/schema'
import { shanghaiDate, type WorkingCalendar } from '../../../workflows/calendar'
import type { ClockSettings } from '../../../workflows/clock'
import { computeClock } from '../../../workflows/clock'
import {
  caseNextTimer,
  caseWorkflow,
  type DisclosureSettings,
  type DisclosureSnapshot,
  deadlineKindOf,
} from '../../../workflows/definitions'
import type { Workflow } from '../../../workflows/engine'
import { messages } from '../../i18n/zh-CN'
import type { CaseColumns } from '../case-store'

export type CaseRow = typeof cases.$inferSelect

/**
 * The workflow a case is pinned to (any workflow of this build: disclosure, record-correction, …); a version this
 * build lacks is an error, never another version. Typed with the disclosure snapshot the edge reads most; the
 * fields other workflows lack are absent from their snapshots.
 */
export function workflowFor(
  row: Pick<CaseRow, 'workflowId' | 'workflowVersion'>,
): Workflow<DisclosureSnapshot, DisclosureSettings> {
  const wf = caseWorkflow(row.workflowId, row.workflowVersion) as
    | Workflow<DisclosureSnapshot, DisclosureSettings>
    | undefined
  if (!wf)
    throw new Error(`Workflow ${row.workflowId} v${row.workflowVersion} is not available in this build`)
  return wf
}

/** What a case's due date is, for every page that shows it: a statutory deadline, or the agency's own target. */
export function deadlineOf(workflowId: string): { kind: 'statutory' | 'agency_target'; label: string } {
  const kind = deadlineKindOf(workflowId)
  return { kind, label: messages.deadlines[kind] }
}

/** The decision notice a workflow records in the case itself (Art. 41 requests), once decided; else null. */
export function decisionNotice(snapshot: unknown): string | null {
  const outcome = (snapshot as { outcome?: { notice?: unknown } | null }).outcome
  return typeof outcome?.notice === 'string' ? outcome.notice : null
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
  settings: ClockSettings,
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
    // Disclosure's timers read disclosure data (lapses, reviews); other workflows have their clock's (Art. 41: the
    // agency's own target).
    nextTimerOn: final
      ? null
      : (caseNextTimer(s.workflowId, s, clock, calendar, settings as DisclosureSettings, today)?.on ?? null),
    assigneeId: s.assigneeId,
    outcome: s.outcome?.code ?? null,
    decidedOn: s.decidedOn,
    closedAt: final ? (closedAt ?? now) : null,
  }
}
