// The task-report case (a unit's progress report under review) and the guards, updates and effects its workflow
// names. The report's answers are checked by the forms engine at the edge before an action sees them.
import * as z from 'zod'
import type { ClockSettings } from '../clock/types'
import {
  type Actor,
  allow,
  deny,
  type Effect,
  type Guard,
  readInput,
  type Update,
  type WorkflowImplementations,
} from '../engine'
import type { EngineSnapshot } from '../engine/types'

/** A progress report as the workflow sees it. */
export interface TaskReportSnapshot extends EngineSnapshot {
  /** Who filed it; four-eyes: that person neither accepts nor returns it. */
  submittedBy: string | null
  /** The office's latest comment (on a return: what to change); cleared when the unit files again. */
  comment: string | null
  /** How many times the office returned it. */
  returns: number
}

/** The engine's settings type; a task report has no statutory clock, so these are the clock defaults unused. */
export type TaskReportSettings = ClockSettings

type S = TaskReportSnapshot
type O = TaskReportSettings

/** A report before it is filed: the one state `submit` starts from. Never stored. */
export function newTaskReport(): TaskReportSnapshot {
  return {
    workflowId: 'task-report',
    workflowVersion: 1,
    state: 'draft',
    version: 0,
    clockEvents: [],
    clock: null,
    submittedBy: null,
    comment: null,
    returns: 0,
  }
}

const comment = z.string().trim().max(2000)

/** Inputs of the task-report actions. `data` is the report form's answers, already validated. */
export const taskReportInputs = {
  fileInput: z.strictObject({ data: z.record(z.string(), z.unknown()) }),
  acceptInput: z.strictObject({ comment: comment.optional() }),
  returnInput: z.strictObject({ comment: comment.min(1, '请写明退回的原因和需要修改的内容') }),
} as const

function staffId(actor: Actor): string | null {
  return actor.kind === 'staff' ? actor.id : null
}

const guards: Record<string, Guard<S, O>> = {
  notOwnReport: {
    needs: 'snapshot',
    check: (snapshot, actor) =>
      snapshot.submittedBy !== null && snapshot.submittedBy === staffId(actor)
        ? deny('不能审核本人报送的材料')
        : allow,
  },
}

const readComment = z.object({ comment: z.string().optional() })

const updates: Record<string, Update<S, O>> = {
  recordFiler: (ctx) => ({ ok: true, patch: { submittedBy: staffId(ctx.actor), comment: null } }),
  recordComment: (ctx) => ({ ok: true, patch: { comment: readInput(readComment, ctx).comment || null } }),
  recordReturn: (ctx) => ({
    ok: true,
    patch: { comment: readInput(readComment, ctx).comment ?? null, returns: ctx.snapshot.returns + 1 },
  }),
}

const effects: Record<string, Effect<S, O>> = {
  notifyCoordinators: ({ action }) => [
    {
      kind: 'notify',
      template: action === 'submit' ? 'task_report_submitted' : 'task_report_resubmitted',
      to: { role: 'task_coordinator' },
    },
  ],
  notifyReporters: ({ action, next }) => [
    {
      kind: 'notify',
      template: action === 'return' ? 'task_report_returned' : 'task_report_accepted',
      to: next.submittedBy ? { staffId: next.submittedBy } : { role: 'task_reporter' },
    },
  ],
}

export const taskReportImplementations: WorkflowImplementations<S, O> = {
  inputs: taskReportInputs,
  guards,
  resolvers: {},
  updates,
  effects,
}
