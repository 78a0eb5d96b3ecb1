// A plan's tasks as the API and pages show them, and tasks created or edited by hand (milestones read from the
// 完成时限 text unless a person sets them, units resolved like an import's).
import { and, asc, eq, inArray, max } from 'drizzle-orm'
import type { Db } from '../../../db/client'
import { tasks, taskUnits } from '../../../db/schema'
import {
  type Milestone,
  parseDeadline,
  type ReportingPeriod,
  type ResolvedUnit,
  reportingPeriods,
  resolveUnits,
  taskKey,
} from '../../../workflows/tasks'
import type { AuthContext } from '../../auth/sessions'
import { AppError } from '../../errors'
import { messages } from '../../i18n/zh-CN'
import { newId } from '../../lib/crypto'
import { planFor, type TaskRow, taskFor } from './access'
import {
  commitBatch,
  dueOnOf,
  planChangeStatements,
  pruneUnitsStatement,
  type StoredMilestone,
  unitAssignments,
  unitRowsStatement,
} from './task-store'
import { type UnitContext, type UnitView, unitContext, unitViews } from './units'

const t = messages.tasks

/** A milestone as the API gives it (the contract's kind, by, every; the phrase it was read from; who set it). */
export type MilestoneView = StoredMilestone

/** A task as the contract describes it. */
export interface TaskView {
  id: string
  planId: string
  key: string
  group: string | null
  seq: number | null
  name: string
  requirements: string
  carrier: string
  deadlineText: string
  milestones: MilestoneView[]
  dueOn: string | null
  leadUnits: UnitView[]
  responsibleUnits: UnitView[]
  version: number
}

export function storedMilestones(row: Pick<TaskRow, 'milestones'>): StoredMilestone[] {
  return JSON.parse(row.milestones) as StoredMilestone[]
}

export function storedUnits(json: string): ResolvedUnit[] {
  return JSON.parse(json) as ResolvedUnit[]
}

/** The reporting periods of a stored task in its plan's year. */
export function periodsOfTask(row: Pick<TaskRow, 'milestones'>, planYear: number): ReportingPeriod[] {
  return reportingPeriods(storedMilestones(row), planYear)
}

export function taskView(row: TaskRow, names: ReadonlyMap<string, string>): TaskView {
  return {
    id: row.id,
    planId: row.planId,
    key: row.key,
    group: row.groupName,
    seq: row.seq,
    name: row.name,
    requirements: row.content,
    carrier: row.carrier,
    deadlineText: row.deadlineText,
    milestones: storedMilestones(row),
    dueOn: row.dueOn,
    leadUnits: unitViews(storedUnits(row.leadUnits), names),
    responsibleUnits: unitViews(storedUnits(row.responsibleUnits), names),
    version: row.version,
  }
}

/** The tasks of a plan in table order; a unit sees only the tasks its agencies report on. */
export async function listTasks(db: Db, input: { auth: AuthContext; planId: string }) {
  const access = await planFor(db, input.auth, input.planId, 'read')
  const rows = access.coordinates
    ? await db.select().from(tasks).where(eq(tasks.planId, access.plan.id)).orderBy(asc(tasks.position)).all()
    : await db
        .selectDistinct({ task: tasks })
        .from(tasks)
        .innerJoin(taskUnits, eq(taskUnits.taskId, tasks.id))
        .where(and(eq(tasks.planId, access.plan.id), inArray(taskUnits.agencyId, access.units)))
        .orderBy(asc(tasks.position))
        .all()
        .then((list) => list.map((r) => r.task))
  const context = await unitContext(db, access.plan.agencyId)
  return { access, items: rows.map((row) => taskView(row, context.names)), context }
}

/** What a person types for a task (the same cells a table has). */
export interface TaskInput {
  group?: string | null | undefined
  seq?: number | null | undefined
  name: string
  requirements: string
  carrier: string
  deadlineText: string
  /** Milestones set by a person; when absent they are read from `deadlineText`. */
  milestones?: Omit<Milestone, 'text'>[] | undefined
  leadUnits: string
  responsibleUnits: string
}

function milestonesOf(input: TaskInput, planYear: number, previous: TaskRow | null): StoredMilestone[] {
  if (input.milestones) {
    const text = input.deadlineText
    return input.milestones.map((m) => ({ ...m, text, manual: true }) as StoredMilestone)
  }
  // A person's answer for a phrase the parser could not read stays while the phrase is unchanged.
  if (previous && previous.deadlineText === input.deadlineText) {
    const kept = storedMilestones(previous)
    if (kept.some((m) => m.manual)) return kept
  }
  return parseDeadline(input.deadlineText, planYear)
}

function draftOf(
  input: TaskInput,
  context: UnitContext,
  planYear: number,
  previous: TaskRow | null,
): { milestones: StoredMilestone[]; lead: ResolvedUnit[]; responsible: ResolvedUnit[]; key: string } {
  const lead = resolveUnits(input.leadUnits, context.directory, context.remembered).units
  const responsible = resolveUnits(input.responsibleUnits, context.directory, context.remembered).units
  const group = input.group?.trim() || null
  return {
    milestones: milestonesOf(input, planYear, previous),
    lead,
    responsible,
    key: taskKey({ group, lead: input.leadUnits, name: input.name }),
  }
}

function unitsIssue(lead: ResolvedUnit[], responsible: ResolvedUnit[]): void {
  if (lead.length + responsible.length === 0) {
    throw new AppError('validation_failed', {
      issues: [{ path: 'responsibleUnits', code: 'required', message: t.errors.unitsRequired }],
    })
  }
}

async function saveTask(
  db: Db,
  input: {
    auth: AuthContext
    plan: { id: string; version: number; year: number; agencyId: string }
    task: TaskInput
    previous: TaskRow | null
    now: number
  },
): Promise<string> {
  const context = await unitContext(db, input.plan.agencyId)
  const draft = draftOf(input.task, context, input.plan.year, input.previous)
  unitsIssue(draft.lead, draft.responsible)
  const clash = await db
    .select({ id: tasks.id })
    .from(tasks)
    .where(and(eq(tasks.planId, input.plan.id), eq(tasks.key, draft.key)))
    .get()
  if (clash && clash.id !== input.previous?.id)
    throw new AppError('conflict', { message: t.errors.duplicateTask })
  const id = input.previous?.id ?? newId()
  let position = input.previous?.position
  if (position === undefined) {
    const last = await db
      .select({ position: max(tasks.position) })
      .from(tasks)
      .where(eq(tasks.planId, input.plan.id))
      .get()
    position = (last?.position ?? -1) + 1
  }
  const fields = {
    key: draft.key,
    position,
    groupName: input.task.group?.trim() || null,
    seq: input.task.seq ?? null,
    name: input.task.name,
    content: input.task.requirements,
    carrier: input.task.carrier,
    deadlineText: input.task.deadlineText,
    milestones: JSON.stringify(draft.milestones),
    dueOn: dueOnOf(draft.milestones),
    leadUnits: JSON.stringify(draft.lead),
    responsibleUnits: JSON.stringify(draft.responsible),
    updatedAt: input.now,
  }
  const units = unitAssignments(id, draft.lead, draft.responsible)
  const previous = input.previous
  await commitBatch(db, [
    ...planChangeStatements(db, input.plan, {
      action: previous ? 'edit-task' : 'add-task',
      actorId: input.auth.user.id,
      payload: { taskId: id, name: input.task.name },
      now: input.now,
    }),
    previous
      ? db
          .update(tasks)
          .set({ ...fields, version: previous.version + 1 })
          .where(and(eq(tasks.id, id), eq(tasks.version, previous.version)))
      : db.insert(tasks).values({ id, planId: input.plan.id, ...fields, version: 1, createdAt: input.now }),
    pruneUnitsStatement([id], units),
    ...(units.length > 0 ? [unitRowsStatement(units, input.now, 'set-role')] : []),
  ])
  return id
}

/** Add a task to a plan by hand (the office only). A second task with the same group and name is a 409. */
export async function createTask(
  db: Db,
  input: { auth: AuthContext; planId: string; task: TaskInput; now: number },
): Promise<TaskView> {
  const { plan } = await planFor(db, input.auth, input.planId, 'coordinate')
  const id = await saveTask(db, { auth: input.auth, plan, task: input.task, previous: null, now: input.now })
  return (await loadTaskView(db, id, plan.agencyId))!
}

/** Edit a task by hand (the office only), at the version the caller saw (409 otherwise). */
export async function updateTask(
  db: Db,
  input: {
    auth: AuthContext
    taskId: string
    /** When the request names the plan (the pages' paths): a task of another plan is a 404. */
    planId?: string | undefined
    expectedVersion: number
    task: TaskInput
    now: number
  },
): Promise<TaskView> {
  const access = await taskFor(db, input.auth, input.taskId, 'coordinate')
  if (input.planId !== undefined && access.plan.id !== input.planId) throw new AppError('not_found')
  if (access.task.version !== input.expectedVersion) throw new AppError('conflict')
  await saveTask(db, {
    auth: input.auth,
    plan: access.plan,
    task: input.task,
    previous: access.task,
    now: input.now,
  })
  return (await loadTaskView(db, access.task.id, access.plan.agencyId))!
}

async function loadTaskView(db: Db, id: string, agencyId: string): Promise<TaskView | null> {
  const row = await db.select().from(tasks).where(eq(tasks.id, id)).get()
  if (!row) return null
  const context = await unitContext(db, agencyId)
  return taskView(row, context.names)
}

/** The cells of a stored task as a person edits them (unit names joined as a table writes them). */
export function taskInputOf(row: TaskRow): TaskInput {
  const join = (json: string) => [...new Set(storedUnits(json).map((u) => u.name))].join('、')
  return {
    group: row.groupName,
    seq: row.seq,
    name: row.name,
    requirements: row.content,
    carrier: row.carrier,
    deadlineText: row.deadlineText,
    leadUnits: join(row.leadUnits),
    responsibleUnits: join(row.responsibleUnits),
  }
}
