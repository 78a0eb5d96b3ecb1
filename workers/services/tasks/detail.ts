// One task as its page and `GET /tasks/{id}` show it: the task, its reporting periods, its units, the reports the
// caller may see; and the evidence files of reports (upload for a unit, download for whoever may see the report).
import { and, eq, inArray } from 'drizzle-orm'
import type { Db } from '../../../db/client'
import { attachments, taskReports } from '../../../db/schema'
import type { FileType } from '../../../forms'
import { shanghaiDate } from '../../../workflows/calendar'
import { currentPeriod } from '../../../workflows/tasks'
import type { AuthContext } from '../../auth/sessions'
import { AppError } from '../../errors'
import { messages } from '../../i18n/zh-CN'
import { decryptBytes, type PiiKeyring } from '../../lib/pii'
import { agencyIdOf } from '../agencies'
import { attachmentAad, type FileStore, fileRules, storeUpload } from '../uploads'
import { reportFor, taskFor } from './access'
import { type ReportView, reportViews, taskReportForm } from './reports'
import { periodsOfTask, type TaskView, taskView } from './tasks'
import { unitContext } from './units'

const t = messages.tasks

export interface PeriodView {
  key: string
  label: string
  startsOn: string
  dueOn: string
  milestones: ('start' | 'complete')[]
  current: boolean
}

export interface TaskDetail {
  task: TaskView
  plan: { id: string; title: string; year: number; agencyId: string; agencyName: string }
  periods: PeriodView[]
  units: { agencyId: string; name: string; role: 'lead' | 'responsible'; mine: boolean }[]
  reports: ReportView[]
  /** The caller is the plan's office (may edit the task and review reports). */
  coordinates: boolean
  /** The caller's units on this task (may file reports for them). */
  myUnits: string[]
}

/** A task with its periods, units and the reports the caller may see (the office all, a unit its own). */
export async function taskDetail(
  db: Db,
  input: { auth: AuthContext; taskId: string; now: number },
): Promise<TaskDetail> {
  const access = await taskFor(db, input.auth, input.taskId, 'read')
  const { plan, task } = access
  const context = await unitContext(db, plan.agencyId)
  const periods = periodsOfTask(task, plan.year)
  const current = currentPeriod(periods, shanghaiDate(input.now))
  const rows = await db
    .select()
    .from(taskReports)
    .where(
      access.coordinates
        ? eq(taskReports.taskId, task.id)
        : and(eq(taskReports.taskId, task.id), inArray(taskReports.agencyId, access.myUnits)),
    )
    .all()
  rows.sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : a.agencyId.localeCompare(b.agencyId)))
  return {
    task: taskView(task, context.names),
    plan: {
      id: plan.id,
      title: plan.title,
      year: plan.year,
      agencyId: plan.agencyId,
      agencyName: context.names.get(plan.agencyId) ?? plan.agencyId,
    },
    periods: periods.map((p) => ({
      key: p.key,
      label: t.periodLabel(p),
      startsOn: p.startsOn,
      dueOn: p.dueOn,
      milestones: p.milestones,
      current: p.key === current?.key,
    })),
    units: access.taskUnits.map((u) => ({
      agencyId: u.agencyId,
      name: context.names.get(u.agencyId) ?? u.agencyId,
      role: u.role,
      mine: access.myUnits.includes(u.agencyId),
    })),
    reports: await reportViews(db, input.auth, plan, rows),
    coordinates: access.coordinates,
    myUnits: access.myUnits,
  }
}

/**
 * Upload one evidence file for a unit of the task (the JSON API; name its id in the report's `evidence`). Checked
 * like the form's uploads (type by content, size); kept unlinked for a day until a report names it.
 */
export async function uploadEvidence(
  db: Db,
  store: FileStore,
  keyring: () => Promise<PiiKeyring>,
  input: {
    auth: AuthContext
    taskId: string
    unitId?: string | undefined
    file: File | undefined
    now: number
  },
): Promise<{ id: string; filename: string }> {
  const access = await taskFor(db, input.auth, input.taskId, 'read')
  let unitId = input.unitId === undefined ? undefined : await agencyIdOf(db, input.unitId)
  if (unitId === undefined) {
    if (access.myUnits.length !== 1) {
      throw new AppError(access.myUnits.length === 0 ? 'forbidden' : 'validation_failed', {
        message: access.myUnits.length === 0 ? t.report.notAReporter : t.report.chooseUnit,
      })
    }
    unitId = access.myUnits[0]!
  } else if (!access.myUnits.includes(unitId)) {
    throw new AppError('not_found')
  }
  if (!input.file) {
    throw new AppError('validation_failed', {
      issues: [{ path: 'file', code: 'required', message: messages.form.uploadOneFile }],
    })
  }
  const rules = fileRules(taskReportForm(), 'evidence')!
  const stored = await storeUpload({ db, files: store, keyring, now: input.now }, unitId, input.file, {
    maxBytes: rules.maxBytes,
    accept: rules.accept as FileType[],
  })
  if (!stored.ok) {
    throw new AppError('validation_failed', {
      issues: [{ path: 'file', code: 'invalid_file', message: stored.message }],
    })
  }
  return { id: stored.id, filename: stored.name }
}

/** An evidence file of a report, for whoever may see the report (404 otherwise). */
export async function evidenceFile(
  db: Db,
  store: FileStore,
  keyring: () => Promise<PiiKeyring>,
  input: { auth: AuthContext; reportId: string; fileId: string },
): Promise<{ body: ReadableStream | Uint8Array; contentType: string; filename: string }> {
  const { report } = await reportFor(db, input.auth, input.reportId)
  const row = await db
    .select()
    .from(attachments)
    .where(and(eq(attachments.id, input.fileId), eq(attachments.taskReportId, report.id)))
    .get()
  if (!row) throw new AppError('not_found')
  const object = await store.get(row.r2Key)
  if (!object) throw new AppError('not_found')
  // Stored encrypted like every upload (files from before encryption have no key id and are served as stored).
  const body = row.keyId
    ? await decryptBytes(
        await keyring(),
        row.keyId,
        new Uint8Array(await new Response(object.body).arrayBuffer()),
        attachmentAad(row.id),
      )
    : object.body
  return { body, contentType: row.contentType, filename: row.filename }
}
