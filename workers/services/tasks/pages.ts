// What each task-reporting page under /admin/plans shows, loaded in one call per page. A task or report named
// under another plan's path is the same 404 as a missing one.
import { eq } from 'drizzle-orm'
import type { Db } from '../../../db/client'
import { taskReports, tasks } from '../../../db/schema'
import type { RenderPage } from '../../../forms'
import type { AuthContext } from '../../auth/sessions'
import { AppError } from '../../errors'
import { coordinatorAgencies } from './access'
import { type TaskDetail, taskDetail } from './detail'
import { getImport, type ImportView, importFor } from './imports'
import { getPlan, myPlans, type PlanView, plannableAgencies } from './plans'
import { type ReportEventView, type ReportView, reportEvents, reportView, taskReportForm } from './reports'
import { listTasks, type TaskInput, type TaskView, taskInputOf } from './tasks'
import { saveUnitMappings, unitContext, unitSettings } from './units'

/** The plans page: every plan of the caller, and where the caller may create one. */
export async function plansPage(db: Db, auth: AuthContext) {
  return { plans: await myPlans(db, auth), agencies: await plannableAgencies(db, auth) }
}

export interface PlanPage {
  plan: PlanView
  tasks: TaskView[]
  coordinates: boolean
  /** The caller's units with a task in the plan. */
  units: string[]
}

/** A plan with the tasks the caller may see. */
export async function planPage(db: Db, auth: AuthContext, planId: string): Promise<PlanPage> {
  const { access, items } = await listTasks(db, { auth, planId })
  return {
    plan: await getPlan(db, { auth, planId }),
    tasks: items,
    coordinates: access.coordinates,
    units: access.units,
  }
}

/** A task of the plan in the path. */
export async function taskPage(
  db: Db,
  input: { auth: AuthContext; planId: string; taskId: string; now: number },
): Promise<TaskDetail> {
  const detail = await taskDetail(db, input)
  if (detail.plan.id !== input.planId) throw new AppError('not_found')
  return detail
}

/** A task with its cells as a person edits them (the office only). */
export async function taskEditPage(
  db: Db,
  input: { auth: AuthContext; planId: string; taskId: string; now: number },
): Promise<{ detail: TaskDetail; values: TaskInput }> {
  const detail = await taskPage(db, input)
  if (!detail.coordinates) throw new AppError('forbidden')
  const row = await db.select().from(tasks).where(eq(tasks.id, detail.task.id)).get()
  if (!row) throw new AppError('not_found')
  return { detail, values: taskInputOf(row) }
}

export interface ReportPage {
  report: ReportView
  events: ReportEventView[]
  task: TaskDetail
  /** The task-report form the report was filed with (its questions' wording). */
  form: RenderPage
  formTitle: string
}

function reportForm(): { form: RenderPage; formTitle: string } {
  const model = taskReportForm().renderModel
  return { form: model.pages[0]!, formTitle: model.title }
}

/** A task and the task-report form, for a unit filing a period (the caller must report on the task). */
export async function reportFormPage(
  db: Db,
  input: { auth: AuthContext; planId: string; taskId: string; now: number },
): Promise<{ detail: TaskDetail; form: RenderPage; formTitle: string }> {
  const detail = await taskPage(db, input)
  if (detail.myUnits.length === 0) throw new AppError('forbidden')
  return { detail, ...reportForm() }
}

/** A report of the plan in the path, with its trail and its task. */
export async function reportPage(
  db: Db,
  input: { auth: AuthContext; planId: string; reportId: string; now: number },
): Promise<ReportPage> {
  const report = await reportView(db, input.auth, input.reportId)
  if (report.planId !== input.planId) throw new AppError('not_found')
  const row = await db.select().from(taskReports).where(eq(taskReports.id, report.id)).get()
  return {
    report,
    events: await reportEvents(db, input.auth, report.id),
    task: await taskDetail(db, { auth: input.auth, taskId: row!.taskId, now: input.now }),
    ...reportForm(),
  }
}

/** The unit settings of one of the caller's agencies (the first one it coordinates, unless named). */
export async function unitsPage(db: Db, auth: AuthContext, agencyRef: string | undefined) {
  const mine = coordinatorAgencies(auth)
  const ref = agencyRef ?? mine[0]
  if (ref === undefined) throw new AppError('forbidden')
  return { settings: await unitSettings(db, auth, ref), agencies: await plannableAgencies(db, auth) }
}

/** The upload page of a plan (the office only). */
export async function importUploadPage(db: Db, auth: AuthContext, planId: string): Promise<PlanView> {
  const plan = await getPlan(db, { auth, planId })
  if (!plan.coordinates) throw new AppError('forbidden')
  return plan
}

export interface ImportPage {
  plan: PlanView
  preview: ImportView
  /** The agencies an unmatched name can be mapped to. */
  agencies: { id: string; name: string }[]
}

/** An import's preview with what the mapping form offers. */
export async function importPage(
  db: Db,
  input: { auth: AuthContext; planId: string; importId: string; now: number },
): Promise<ImportPage> {
  const preview = await getImport(db, input)
  const plan = await getPlan(db, { auth: input.auth, planId: input.planId })
  const context = await unitContext(db, plan.agencyId)
  return { plan, preview, agencies: context.tree.map((n) => ({ id: n.id, name: n.name })) }
}

/**
 * Map the names an import could not match, for the plan's agency (remembered, and applied to its plans): the
 * plan's office only, and only for an import of that plan — checked before any pair, so an empty form is refused
 * too.
 */
export async function mapImportUnits(
  db: Db,
  input: {
    auth: AuthContext
    planId: string
    importId: string
    pairs: { name: string; agencyId: string }[]
    now: number
  },
): Promise<number> {
  const { plan } = await importFor(db, input.auth, input.planId, input.importId)
  return saveUnitMappings(db, {
    auth: input.auth,
    agencyRef: plan.agencyId,
    pairs: input.pairs,
    now: input.now,
  })
}
