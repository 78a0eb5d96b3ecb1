// Progress reports: a unit files the task-report form for one period of a task; the office accepts it or returns it
// with comments and the unit files again. Each step is a transition of the task-report workflow, persisted with its
// event, outbox rows and evidence links in one batch.
import { and, asc, eq, inArray, isNull, or } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import type { Db } from '../../../db/client'
import { attachments, outbox, taskReportEvents, taskReports, tasks, users } from '../../../db/schema'
import {
  type CompiledForm,
  compileForm,
  type SubmissionData,
  taskReportV1,
  validateSubmission,
} from '../../../forms'
import { buildCalendar, shanghaiDate } from '../../../workflows/calendar'
import {
  CURRENT_TASK_REPORT_VERSION,
  newTaskReport,
  type TaskReportSnapshot,
  taskReportWorkflow,
} from '../../../workflows/definitions'
import { type Actor, allowedActions, type EffectDescriptor, transition } from '../../../workflows/engine'
import type { ProgressStatus, ReportingPeriod, ReportState } from '../../../workflows/tasks'
import type { AuthContext } from '../../auth/sessions'
import { AppError } from '../../errors'
import { messages } from '../../i18n/zh-CN'
import { newId } from '../../lib/crypto'
import type { PiiKeyring } from '../../lib/pii'
import { agencyIdOf } from '../agencies'
import { refusalError } from '../cases/refusals'
import { type FileStore, fileRules, storeUpload } from '../uploads'
import { type PlanRow, type ReportRow, reportFor, type TaskRow, taskFor } from './access'
import { commitBatch } from './task-store'
import { periodsOfTask } from './tasks'
import { unitContext } from './units'

const t = messages.tasks
const FORM: CompiledForm = compileForm(taskReportV1)
/** The form version new reports are filed with. */
export const TASK_REPORT_FORM_VERSION = taskReportV1.version
// A task report has no statutory clock: the engine gets an empty calendar it never needs.
const NO_CALENDAR = buildCalendar([])

/** The compiled task-report form (for the pages that render it). */
export function taskReportForm(): CompiledForm {
  return FORM
}

export interface ReportFile {
  id: string
  filename: string
  size: number
  contentType: string
}

export interface ReportEventView {
  seq: number
  action: string
  actionLabel: string
  actorName: string | null
  fromState: string | null
  toState: string
  at: string
  comment: string | null
}

export interface ReportView {
  id: string
  taskId: string
  planId: string
  agencyId: string
  agencyName: string
  period: string
  periodLabel: string
  dueOn: string
  state: ReportState
  stateLabel: string
  version: number
  progressStatus: ProgressStatus
  progress: string
  data: SubmissionData
  submittedAt: string | null
  /** First filed on or before the period's due date. */
  onTime: boolean
  comment: string | null
  files: ReportFile[]
  /** Actions the caller may take now. */
  allowedActions: string[]
}

function snapshotOf(report: ReportRow): TaskReportSnapshot {
  const stored = JSON.parse(report.snapshot) as Partial<TaskReportSnapshot>
  return {
    ...newTaskReport(),
    ...stored,
    workflowVersion: report.workflowVersion,
    state: report.status,
    version: report.version,
  }
}

function workflowOf(version: number) {
  const workflow = taskReportWorkflow(version)
  if (!workflow) throw new AppError('internal')
  return workflow
}

/** The caller as the workflow sees them: the office's role in the plan's agency, the unit's role in its own. */
function actorFor(auth: AuthContext, plan: PlanRow, unitId: string): Actor {
  return {
    kind: 'staff',
    id: auth.user.id,
    roles: auth.roles
      .filter(
        (r) =>
          (r.role === 'task_coordinator' && r.agencyId === plan.agencyId) ||
          (r.role === 'task_reporter' && r.agencyId === unitId),
      )
      .map((r) => r.role),
  }
}

function periodOf(task: TaskRow, plan: PlanRow, key: string): ReportingPeriod | null {
  return periodsOfTask(task, plan.year).find((p) => p.key === key) ?? null
}

/** Answers checked by the form; the raw answers come back with the issues so a page can show them again. */
type Checked = { ok: true; data: SubmissionData } | { ok: false; issues: { path: string; message: string }[] }

function checkAnswers(answers: unknown, source: 'json' | 'form', now: number): Checked {
  const result = validateSubmission(FORM, answers, { source, today: shanghaiDate(now) })
  return result.ok
    ? { ok: true, data: result.data }
    : { ok: false, issues: result.issues.map((i) => ({ path: i.path, message: i.message })) }
}

function invalid(issues: { path: string; message: string; code?: string }[]): AppError {
  return new AppError('validation_failed', {
    issues: issues.map((i) => ({ path: i.path, code: i.code ?? 'invalid', message: i.message })),
  })
}

function evidenceIds(data: SubmissionData): string[] {
  const value = data.evidence
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
}

/** Statements linking the report's evidence; 422 unless each file is the unit's own and not used elsewhere. */
async function linkEvidence(
  db: Db,
  unitId: string,
  reportId: string,
  ids: string[],
): Promise<BatchItem<'sqlite'>[]> {
  if (ids.length === 0) return []
  const usable = and(
    inArray(attachments.id, ids),
    eq(attachments.agencyId, unitId),
    isNull(attachments.submissionId),
    or(isNull(attachments.taskReportId), eq(attachments.taskReportId, reportId)),
  )
  const rows = await db.select({ id: attachments.id }).from(attachments).where(usable).all()
  if (rows.length !== new Set(ids).size) {
    throw invalid([{ path: 'evidence', code: 'attachment_unknown', message: t.report.evidenceMissing }])
  }
  return [db.update(attachments).set({ taskReportId: reportId }).where(usable)]
}

interface NotifyContext {
  report: { id: string; agencyId: string; taskId: string }
  plan: PlanRow
  taskName: string
  unitName: string
  periodLabel: string
  dueOn: string
  comment: string | null
}

function outboxStatements(
  db: Db,
  effects: readonly EffectDescriptor[],
  context: NotifyContext,
  seq: number,
  now: number,
): BatchItem<'sqlite'>[] {
  return effects.flatMap((effect, i) => {
    if (effect.kind !== 'notify' || effect.to === 'applicant') return []
    const recipient =
      'staffId' in effect.to
        ? `staff:${effect.to.staffId}`
        : effect.to.role === 'task_coordinator'
          ? `role:${context.plan.agencyId}:task_coordinator`
          : `role:${context.report.agencyId}:${effect.to.role}`
    return [
      db.insert(outbox).values({
        id: newId(),
        agencyId: context.plan.agencyId,
        kind: effect.template,
        audience: 'staff',
        recipient,
        payload: JSON.stringify({
          template: effect.template,
          planId: context.plan.id,
          reportId: context.report.id,
          taskId: context.report.taskId,
          taskName: context.taskName,
          unitName: context.unitName,
          period: context.periodLabel,
          dueOn: context.dueOn,
          comment: context.comment ?? '',
        }),
        dedupId: `task-report:${context.report.id}:${seq}:${i}:${effect.template}`,
        nextAttemptAt: now,
        createdAt: now,
      }),
    ]
  })
}

/** The unit a report is filed for: the one named (it must be the caller's on this task), or the caller's only one. */
function unitFor(myUnits: string[], requested: string | undefined): string {
  if (requested !== undefined) {
    if (!myUnits.includes(requested)) throw new AppError('not_found')
    return requested
  }
  if (myUnits.length === 1) return myUnits[0]!
  if (myUnits.length === 0) throw new AppError('forbidden', { message: t.report.notAReporter })
  throw invalid([{ path: 'agencyId', code: 'required', message: t.report.chooseUnit }])
}

/** Files posted with an HTML form: stored for the unit first, so a file is never asked for twice. */
export interface PostedUploads {
  store: FileStore
  /** The personal-data keyring: evidence is encrypted at rest like every upload. */
  keyring: () => Promise<PiiKeyring>
  files: File[]
}

/** What a filing posts. */
export interface PostedReport {
  /** The reporting unit (id or slug); may be left out when the caller reports for one unit of the task. */
  unitId?: string | undefined
  period: string
  /** The form's answers: JSON, or (source `form`) the posted fields with `evidence` as the kept file ids. */
  answers: Record<string, unknown>
  uploads?: PostedUploads | undefined
}

export interface FileReportInput {
  auth: AuthContext
  taskId: string
  /** When the request names the plan (the pages' paths): a task of another plan is a 404. */
  planId?: string | undefined
  /** Reads the request, called only once the task is known to be one the caller may see. */
  read: () => Promise<PostedReport>
  source: 'json' | 'form'
  now: number
}

/** A report refused for its answers: the issues, and the evidence now stored (to carry in the page). */
export interface AnswerIssues {
  ok: false
  issues: { path: string; message: string }[]
  evidence: { id: string; filename: string }[]
}

type Filed = { ok: true; report: ReportView } | AnswerIssues

/** Store posted evidence for the unit and add it to the answers; refused files become issues. */
async function withUploads(
  db: Db,
  unitId: string,
  answers: Record<string, unknown>,
  uploads: PostedUploads | undefined,
  now: number,
): Promise<{ answers: Record<string, unknown>; issues: { path: string; message: string }[] }> {
  const raw = answers.evidence
  const kept = (Array.isArray(raw) ? raw : typeof raw === 'string' && raw !== '' ? [raw] : []).filter(
    (v): v is string => typeof v === 'string',
  )
  const issues: { path: string; message: string }[] = []
  const rules = fileRules(FORM, 'evidence')!
  for (const upload of uploads?.files ?? []) {
    if (kept.length >= rules.maxFiles) {
      issues.push({ path: 'evidence', message: t.report.tooManyFiles(rules.maxFiles) })
      break
    }
    const stored = await storeUpload(
      { db, files: uploads!.store, keyring: uploads!.keyring, now },
      unitId,
      upload,
      rules,
    )
    if (stored.ok) kept.push(stored.id)
    else issues.push({ path: 'evidence', message: `${upload.name.slice(0, 60)}：${stored.message}` })
  }
  return { answers: kept.length > 0 ? { ...answers, evidence: kept } : answers, issues }
}

/** The evidence an answer names that the unit really stored, with file names (for the page to carry). */
async function keptEvidence(
  db: Db,
  unitId: string,
  answers: Record<string, unknown>,
): Promise<{ id: string; filename: string }[]> {
  const raw = answers.evidence
  const ids = Array.isArray(raw) ? raw.filter((v): v is string => typeof v === 'string').slice(0, 20) : []
  if (ids.length === 0) return []
  const rows = await db
    .select({ id: attachments.id, filename: attachments.filename })
    .from(attachments)
    .where(
      and(inArray(attachments.id, ids), eq(attachments.agencyId, unitId), isNull(attachments.submissionId)),
    )
    .all()
  return ids.flatMap((id) => rows.filter((r) => r.id === id))
}

async function file(db: Db, input: FileReportInput): Promise<Filed> {
  const access = await taskFor(db, input.auth, input.taskId, 'read')
  if (input.planId !== undefined && access.plan.id !== input.planId) throw new AppError('not_found')
  const request = await input.read()
  const unitId = unitFor(
    access.myUnits,
    request.unitId === undefined ? undefined : await agencyIdOf(db, request.unitId),
  )
  const posted = await withUploads(db, unitId, request.answers, request.uploads, input.now)
  const period = periodOf(access.task, access.plan, request.period)
  const checked = checkAnswers(posted.answers, input.source, input.now)
  const issues = [
    ...(period ? [] : [{ path: 'period', message: t.report.unknownPeriod }]),
    ...posted.issues,
    ...(checked.ok ? [] : checked.issues),
  ]
  if (!period || !checked.ok || issues.length > 0) {
    return { ok: false, issues, evidence: await keptEvidence(db, unitId, posted.answers) }
  }
  const workflow = workflowOf(CURRENT_TASK_REPORT_VERSION)
  const actor = actorFor(input.auth, access.plan, unitId)
  const result = transition(
    workflow,
    newTaskReport(),
    'submit',
    actor,
    { data: checked.data },
    input.now,
    NO_CALENDAR,
  )
  if (!result.ok) throw refusalError(result.refusal)
  const id = newId()
  const data = checked.data
  const context = await unitContext(db, access.plan.agencyId)
  const row: typeof taskReports.$inferInsert = {
    id,
    taskId: access.task.id,
    planId: access.plan.id,
    agencyId: unitId,
    period: period.key,
    dueOn: period.dueOn,
    status: 'submitted',
    workflowVersion: workflow.definition.version,
    formVersion: TASK_REPORT_FORM_VERSION,
    progressStatus: String(data.status),
    progress: String(data.progress ?? ''),
    data: JSON.stringify(data),
    snapshot: JSON.stringify(result.snapshot),
    submittedAt: input.now,
    submittedBy: input.auth.user.id,
    version: result.snapshot.version,
    createdAt: input.now,
    updatedAt: input.now,
  }
  const notify: NotifyContext = {
    report: { id, agencyId: unitId, taskId: access.task.id },
    plan: access.plan,
    taskName: access.task.name,
    unitName: context.names.get(unitId) ?? unitId,
    periodLabel: t.periodLabel(period),
    dueOn: period.dueOn,
    comment: null,
  }
  try {
    await commitBatch(db, [
      db.insert(taskReports).values(row),
      ...eventStatements(db, id, result.events, result.snapshot.version),
      ...(await linkEvidence(db, unitId, id, evidenceIds(data))),
      ...outboxStatements(db, result.effects, notify, result.snapshot.version, input.now),
    ])
  } catch (err) {
    if (err instanceof AppError && err.code === 'conflict') {
      throw new AppError('conflict', { message: t.report.alreadyFiled })
    }
    throw err
  }
  return { ok: true, report: await reportView(db, input.auth, id) }
}

function eventStatements(
  db: Db,
  reportId: string,
  events: readonly {
    action: string
    actorId: string | null
    fromState: string
    toState: string
    payload: Record<string, unknown>
    at: number
  }[],
  lastSeq: number,
): BatchItem<'sqlite'>[] {
  const first = lastSeq - events.length + 1
  return events.map((e, i) =>
    db.insert(taskReportEvents).values({
      id: newId(),
      reportId,
      seq: first + i,
      action: e.action,
      actorId: e.actorId,
      fromState: e.fromState === 'draft' ? null : e.fromState,
      toState: e.toState,
      payload: JSON.stringify(e.payload),
      at: e.at,
    }),
  )
}

/** File a report (the JSON API): 201 with the report; 422 with the form's issues; 409 if the period is filed. */
export async function fileReport(db: Db, input: FileReportInput): Promise<ReportView> {
  const filed = await file(db, input)
  if (!filed.ok) throw invalid(filed.issues)
  return filed.report
}

/** File a report from the HTML form: the report, or the issues with the evidence stored so far. */
export async function fileReportFromForm(db: Db, input: FileReportInput): Promise<Filed> {
  return file(db, input)
}

/** What an action posts. */
export interface PostedAction {
  /** The version the caller saw. */
  expectedVersion: number
  /** The action's fields; for `resubmit`, `data` holds the form's answers. */
  body: Record<string, unknown>
  uploads?: PostedUploads | undefined
}

export interface ActInput {
  auth: AuthContext
  reportId: string
  /** When the request names the plan (the pages' paths): a report of another plan is a 404. */
  planId?: string | undefined
  action: string
  /** Reads the request, called only once the report is known to be one the caller may see. */
  read: () => Promise<PostedAction>
  source: 'json' | 'form'
  now: number
}

type Acted = { ok: true; report: ReportView } | AnswerIssues

async function act(db: Db, input: ActInput): Promise<Acted> {
  const access = await reportFor(db, input.auth, input.reportId)
  const { report, plan } = access
  if (input.planId !== undefined && plan.id !== input.planId) throw new AppError('not_found')
  const posted = await input.read()
  if (report.version !== posted.expectedVersion) throw new AppError('conflict')
  const workflow = workflowOf(report.workflowVersion)
  const actor = actorFor(input.auth, plan, report.agencyId)
  let engineInput: Record<string, unknown> = posted.body
  let data: SubmissionData | null = null
  if (input.action === 'resubmit') {
    // Role and state come first: a unit that may not file again is told so, not asked to fix its answers.
    if (!allowedActions(workflow, snapshotOf(report), actor).includes(input.action)) {
      const refused = transition(
        workflow,
        snapshotOf(report),
        input.action,
        actor,
        {},
        input.now,
        NO_CALENDAR,
      )
      if (!refused.ok) throw refusalError(refused.refusal)
    }
    const rawData = posted.body.data
    const answers =
      typeof rawData === 'object' && rawData !== null && !Array.isArray(rawData)
        ? (rawData as Record<string, unknown>)
        : {}
    const stored = await withUploads(db, report.agencyId, answers, posted.uploads, input.now)
    const checked = checkAnswers(stored.answers, input.source, input.now)
    if (!checked.ok || stored.issues.length > 0) {
      return {
        ok: false,
        issues: [...stored.issues, ...(checked.ok ? [] : checked.issues)],
        evidence: await keptEvidence(db, report.agencyId, stored.answers),
      }
    }
    data = checked.data
    engineInput = { data }
  }
  const result = transition(
    workflow,
    snapshotOf(report),
    input.action,
    actor,
    engineInput,
    input.now,
    NO_CALENDAR,
  )
  if (!result.ok) throw refusalError(result.refusal)
  const next = result.snapshot
  const task = await taskRowOf(db, report.taskId)
  const context = await unitContext(db, plan.agencyId)
  const period = task ? periodOf(task, plan, report.period) : null
  const notify: NotifyContext = {
    report,
    plan,
    taskName: task?.name ?? '',
    unitName: context.names.get(report.agencyId) ?? report.agencyId,
    periodLabel: period ? t.periodLabel(period) : report.period,
    dueOn: report.dueOn,
    comment: next.comment,
  }
  const review = input.action === 'accept' || input.action === 'return'
  await commitBatch(db, [
    ...eventStatements(db, report.id, result.events, next.version),
    db
      .update(taskReports)
      .set({
        status: next.state as ReportState,
        version: next.version,
        snapshot: JSON.stringify(next),
        updatedAt: input.now,
        ...(data
          ? {
              data: JSON.stringify(data),
              progressStatus: String(data.status),
              progress: String(data.progress ?? ''),
            }
          : {}),
        ...(review
          ? { reviewedAt: input.now, reviewedBy: input.auth.user.id, reviewNote: next.comment }
          : {}),
      })
      .where(and(eq(taskReports.id, report.id), eq(taskReports.version, report.version))),
    ...(data ? await linkEvidence(db, report.agencyId, report.id, evidenceIds(data)) : []),
    ...outboxStatements(db, result.effects, notify, next.version, input.now),
  ])
  return { ok: true, report: await reportView(db, input.auth, report.id) }
}

/** Act on a report (the JSON API) at the version the caller saw: accept, return with a comment, or file again. */
export async function actOnReport(db: Db, input: ActInput): Promise<ReportView> {
  const acted = await act(db, input)
  if (!acted.ok) throw invalid(acted.issues)
  return acted.report
}

/** Act on a report from its page: the report, or (filing again) the issues with the evidence stored so far. */
export async function actOnReportFromForm(db: Db, input: ActInput): Promise<Acted> {
  return act(db, input)
}

async function taskRowOf(db: Db, taskId: string) {
  return db.select().from(tasks).where(eq(tasks.id, taskId)).get()
}

/** A report with its evidence and what the caller may do with it. */
export async function reportView(db: Db, auth: AuthContext, reportId: string): Promise<ReportView> {
  const { report, plan } = await reportFor(db, auth, reportId)
  return (await reportViews(db, auth, plan, [report]))[0]!
}

/** Views of reports the caller may see (the caller's access to them is the caller's business). */
export async function reportViews(
  db: Db,
  auth: AuthContext,
  plan: PlanRow,
  rows: readonly ReportRow[],
): Promise<ReportView[]> {
  if (rows.length === 0) return []
  const files = await db
    .select({
      id: attachments.id,
      filename: attachments.filename,
      size: attachments.size,
      contentType: attachments.contentType,
      reportId: attachments.taskReportId,
    })
    .from(attachments)
    .where(
      inArray(
        attachments.taskReportId,
        rows.map((r) => r.id),
      ),
    )
    .all()
  const context = await unitContext(db, plan.agencyId)
  const taskRows = new Map<string, TaskRow>()
  for (const row of await db
    .select()
    .from(tasks)
    .where(inArray(tasks.id, [...new Set(rows.map((r) => r.taskId))]))
    .all()) {
    taskRows.set(row.id, row)
  }
  return rows.map((report) => {
    const snapshot = snapshotOf(report)
    const workflow = workflowOf(report.workflowVersion)
    const task = taskRows.get(report.taskId)
    const period = task ? periodOf(task, plan, report.period) : null
    const data = JSON.parse(report.data) as SubmissionData
    const kept = new Set(evidenceIds(data))
    return {
      id: report.id,
      taskId: report.taskId,
      planId: report.planId,
      agencyId: report.agencyId,
      agencyName: context.names.get(report.agencyId) ?? report.agencyId,
      period: report.period,
      periodLabel: period ? t.periodLabel(period) : report.period,
      dueOn: report.dueOn,
      state: report.status,
      stateLabel: workflow.definition.states[report.status]?.label['zh-CN'] ?? report.status,
      version: report.version,
      progressStatus: report.progressStatus as ProgressStatus,
      progress: report.progress,
      data,
      submittedAt: report.submittedAt === null ? null : new Date(report.submittedAt).toISOString(),
      onTime: report.submittedAt !== null && shanghaiDate(report.submittedAt) <= report.dueOn,
      comment: snapshot.comment,
      files: files
        .filter((f) => f.reportId === report.id && kept.has(f.id))
        .map(({ reportId: _r, ...f }) => f),
      allowedActions: allowedActions(workflow, snapshot, actorFor(auth, plan, report.agencyId)),
    }
  })
}

/** The trail of a report: each filing, return and acceptance, who did it and the comment given. */
export async function reportEvents(db: Db, auth: AuthContext, reportId: string): Promise<ReportEventView[]> {
  const { report } = await reportFor(db, auth, reportId)
  const workflow = workflowOf(report.workflowVersion)
  const rows = await db
    .select({ event: taskReportEvents, actorName: users.displayName })
    .from(taskReportEvents)
    .leftJoin(users, eq(users.id, taskReportEvents.actorId))
    .where(eq(taskReportEvents.reportId, report.id))
    .orderBy(asc(taskReportEvents.seq))
    .all()
  return rows.map(({ event, actorName }) => {
    const payload = JSON.parse(event.payload) as { comment?: unknown }
    return {
      seq: event.seq,
      action: event.action,
      actionLabel: workflow.definition.actions[event.action]?.label['zh-CN'] ?? event.action,
      actorName,
      fromState: event.fromState,
      toState: event.toState,
      at: new Date(event.at).toISOString(),
      comment: typeof payload.comment === 'string' && payload.comment !== '' ? payload.comment : null,
    }
  })
}
