// Who may see and change what in task reporting: the office (task_coordinator of the plan's agency) sees and runs
// its plans; a unit (task_reporter) sees only the tasks its agencies report on, and only their reports. Anything
// else is the same 404 as a missing row.
import { and, eq, inArray } from 'drizzle-orm'
import type { Db } from '../../../db/client'
import { taskPlans, taskReports, tasks, taskUnits } from '../../../db/schema'
import { type AuthContext, scopedAgencyIds } from '../../auth/sessions'
import { AppError } from '../../errors'

export type PlanRow = typeof taskPlans.$inferSelect
export type TaskRow = typeof tasks.$inferSelect
export type ReportRow = typeof taskReports.$inferSelect

/** Agencies whose plans the user runs (task_coordinator). */
export function coordinatorAgencies(auth: AuthContext): string[] {
  return auth.roles.filter((r) => r.role === 'task_coordinator').map((r) => r.agencyId)
}

/** Agencies the user reports for (task_reporter). */
export function reporterUnits(auth: AuthContext): string[] {
  return auth.roles.filter((r) => r.role === 'task_reporter').map((r) => r.agencyId)
}

/** A plan as the caller may see it, with what the caller may do to it. */
export interface PlanAccess {
  plan: PlanRow
  /** The caller coordinates the plan (sees everything, changes tasks, reviews reports). */
  coordinates: boolean
  /** The caller's units that report on at least one task of the plan. */
  units: string[]
}

async function unitsInPlan(db: Db, planId: string, units: string[]): Promise<string[]> {
  if (units.length === 0) return []
  const rows = await db
    .selectDistinct({ agencyId: taskUnits.agencyId })
    .from(taskUnits)
    .innerJoin(tasks, eq(tasks.id, taskUnits.taskId))
    .where(and(eq(tasks.planId, planId), inArray(taskUnits.agencyId, units)))
    .all()
  return rows.map((r) => r.agencyId)
}

/**
 * The plan `planId` for the caller. `coordinate`: only its office may (403 for a unit that can see the plan, 404
 * for anyone else); `read`: the office, or a unit with a task in it.
 */
export async function planFor(
  db: Db,
  auth: AuthContext,
  planId: string,
  need: 'read' | 'coordinate',
): Promise<PlanAccess> {
  const plan = await db.select().from(taskPlans).where(eq(taskPlans.id, planId)).get()
  if (!plan) throw new AppError('not_found')
  const coordinates = coordinatorAgencies(auth).includes(plan.agencyId)
  const units = await unitsInPlan(db, plan.id, reporterUnits(auth))
  if (!coordinates && units.length === 0) throw new AppError('not_found')
  if (need === 'coordinate' && !coordinates) throw new AppError('forbidden')
  return { plan, coordinates, units }
}

export interface TaskAccess extends PlanAccess {
  task: TaskRow
  /** The agencies that report on the task. */
  taskUnits: { agencyId: string; role: 'lead' | 'responsible' }[]
  /** Of those, the ones the caller reports for. */
  myUnits: string[]
}

/** A task for the caller: its office, or a unit it is assigned to (404 otherwise; 403 to change it as a unit). */
export async function taskFor(
  db: Db,
  auth: AuthContext,
  taskId: string,
  need: 'read' | 'coordinate',
): Promise<TaskAccess> {
  const task = await db.select().from(tasks).where(eq(tasks.id, taskId)).get()
  if (!task) throw new AppError('not_found')
  const plan = await db.select().from(taskPlans).where(eq(taskPlans.id, task.planId)).get()
  if (!plan) throw new AppError('not_found')
  const units = await db
    .select({ agencyId: taskUnits.agencyId, role: taskUnits.role })
    .from(taskUnits)
    .where(eq(taskUnits.taskId, task.id))
    .all()
  const mine = reporterUnits(auth)
  const myUnits = units.map((u) => u.agencyId).filter((id) => mine.includes(id))
  const coordinates = coordinatorAgencies(auth).includes(plan.agencyId)
  if (!coordinates && myUnits.length === 0) throw new AppError('not_found')
  if (need === 'coordinate' && !coordinates) throw new AppError('forbidden')
  return { plan, coordinates, units: myUnits, task, taskUnits: units, myUnits }
}

export interface ReportAccess {
  report: ReportRow
  plan: PlanRow
  coordinates: boolean
  /** The caller reports for the report's unit. */
  reports: boolean
}

/** A report for the caller: the plan's office, or the reporting unit (404 for anyone else). */
export async function reportFor(db: Db, auth: AuthContext, reportId: string): Promise<ReportAccess> {
  const report = await db.select().from(taskReports).where(eq(taskReports.id, reportId)).get()
  if (!report) throw new AppError('not_found')
  const plan = await db.select().from(taskPlans).where(eq(taskPlans.id, report.planId)).get()
  if (!plan) throw new AppError('not_found')
  const coordinates = coordinatorAgencies(auth).includes(plan.agencyId)
  const reports = reporterUnits(auth).includes(report.agencyId)
  if (!coordinates && !reports) throw new AppError('not_found')
  return { report, plan, coordinates, reports }
}

/**
 * The agency a path names, for plan operations on it: 404 unless the caller holds some role there or reports on
 * one of its plans' tasks; `coordinate` also needs task_coordinator there (403 otherwise).
 */
export function agencyForPlans(
  auth: AuthContext,
  agencyId: string,
  need: 'read' | 'coordinate',
  reportsOnIt: boolean,
): { coordinates: boolean } {
  const coordinates = coordinatorAgencies(auth).includes(agencyId)
  if (!coordinates && !reportsOnIt && !scopedAgencyIds(auth).includes(agencyId)) {
    throw new AppError('not_found')
  }
  if (need === 'coordinate' && !coordinates) throw new AppError('forbidden')
  return { coordinates }
}
