// Importing a task table into a plan: read the file, keep it as an import record and show what each row becomes
// (nothing else is written); commit writes every task in one batch, updating the tasks it already has by key.
import { and, eq, lt } from 'drizzle-orm'
import type { Db } from '../../../db/client'
import { taskImports, tasks } from '../../../db/schema'
import {
  type ImportPreview,
  type PreviewMessage,
  type PreviewTask,
  previewTaskImport,
  readTaskTableFile,
  type TableFileError,
  type TableNotice,
  type TaskTable,
} from '../../../workflows/tasks'
import type { AuthContext } from '../../auth/sessions'
import { AppError } from '../../errors'
import { messages } from '../../i18n/zh-CN'
import { newId } from '../../lib/crypto'
import { type PlanRow, planFor, type TaskRow } from './access'
import { IMPORT_MAX_BYTES } from './limits'
import {
  commitBatch,
  dueOnOf,
  planChangeStatements,
  pruneUnitsStatement,
  type StoredMilestone,
  type TaskWrite,
  unitAssignments,
  unitRowsStatement,
  upsertTasksStatement,
} from './task-store'
import { storedMilestones } from './tasks'
import { type UnitView, unitContext, unitViews } from './units'

const t = messages.tasks

// The table as read is kept in one D1 row; D1 rows hold at most 2 MB.
const MAX_TABLE_JSON = 1_800_000
/** An import nobody committed is deleted after this long. */
export const ABANDONED_IMPORT_MS = 7 * 24 * 3_600_000

export type RowAction = 'create' | 'update' | 'unchanged'

export interface ImportMessageView {
  code: PreviewMessage['code']
  severity: PreviewMessage['severity']
  message: string
  params: PreviewMessage['params']
}

export interface ImportRowView {
  row: number
  status: 'ok' | 'warning' | 'error'
  messages: ImportMessageView[]
  task: {
    key: string
    group: string | null
    seq: number | null
    name: string
    requirements: string
    carrier: string
    deadlineText: string
    milestones: StoredMilestone[]
    leadUnits: UnitView[]
    responsibleUnits: UnitView[]
  } | null
  /** What committing would do to the plan's task: null for a row with an error. */
  action: RowAction | null
}

export interface ImportView {
  importId: string
  planId: string
  filename: string
  format: 'xlsx' | 'csv'
  status: 'pending' | 'committed'
  rows: ImportRowView[]
  summary: {
    ok: number
    warning: number
    error: number
    unmatchedUnits: string[]
    create: number
    update: number
    unchanged: number
    notices: { code: TableNotice['code']; message: string }[]
  }
  result: CommitResult | null
}

export interface CommitResult {
  created: number
  updated: number
  unchanged: number
}

function fileError(error: TableFileError): AppError {
  if (error.code === 'file_too_large') {
    return new AppError('payload_too_large', { message: t.import.tooLarge(IMPORT_MAX_BYTES) })
  }
  return new AppError('validation_failed', {
    message: t.import.unreadable,
    issues: [{ path: 'file', code: error.code, message: t.import.fileErrors(error) }],
  })
}

interface Planned {
  preview: ImportPreview
  rows: ImportRowView[]
  writes: TaskWrite[]
  counts: CommitResult
}

/** What each row becomes and what committing it would do, against the plan's tasks and units as they are now. */
async function planImport(db: Db, planRow: PlanRow, table: TaskTable, now: number): Promise<Planned> {
  const context = await unitContext(db, planRow.agencyId)
  const preview = previewTaskImport(table, {
    planYear: planRow.year,
    units: context.directory,
    remembered: context.remembered,
  })
  const existing = new Map<string, TaskRow>()
  for (const row of await db.select().from(tasks).where(eq(tasks.planId, planRow.id)).all()) {
    existing.set(row.key, row)
  }
  const writes: TaskWrite[] = []
  const counts: CommitResult = { created: 0, updated: 0, unchanged: 0 }
  let position = 0
  const rows = preview.rows.map((row): ImportRowView => {
    const messagesOf = row.messages.map((m) => ({ ...m, message: t.import.rowMessage(m) }))
    if (!row.task) return { row: row.row, status: row.status, messages: messagesOf, task: null, action: null }
    const previous = existing.get(row.task.key) ?? null
    const write = writeOf(planRow.id, row.task, previous, position++, row.row, now)
    const action: RowAction = !previous ? 'create' : sameTask(previous, write) ? 'unchanged' : 'update'
    if (action !== 'unchanged') writes.push(write)
    counts[action === 'create' ? 'created' : action === 'update' ? 'updated' : 'unchanged']++
    return {
      row: row.row,
      status: row.status,
      messages: messagesOf,
      task: {
        key: row.task.key,
        group: row.task.group,
        seq: row.task.seq,
        name: row.task.name,
        requirements: row.task.requirements,
        carrier: row.task.carrier,
        deadlineText: row.task.deadlineText,
        milestones: JSON.parse(write.milestones) as StoredMilestone[],
        leadUnits: unitViews(row.task.leadUnits, context.names),
        responsibleUnits: unitViews(row.task.responsibleUnits, context.names),
      },
      action,
    }
  })
  return { preview, rows, writes, counts }
}

function writeOf(
  planId: string,
  task: PreviewTask,
  previous: TaskRow | null,
  position: number,
  sourceRow: number,
  now: number,
): TaskWrite {
  let milestones: StoredMilestone[] = task.milestones
  // Milestones a person set for a phrase the parser could not read survive a re-import of the same phrase.
  if (previous && previous.deadlineText === task.deadlineText) {
    const kept = storedMilestones(previous)
    if (kept.some((m) => m.manual)) milestones = kept
  }
  return {
    id: previous?.id ?? newId(),
    planId,
    key: task.key,
    position,
    groupName: task.group,
    seq: task.seq,
    name: task.name,
    content: task.requirements,
    carrier: task.carrier,
    deadlineText: task.deadlineText,
    milestones: JSON.stringify(milestones),
    dueOn: dueOnOf(milestones),
    leadUnits: JSON.stringify(task.leadUnits),
    responsibleUnits: JSON.stringify(task.responsibleUnits),
    sourceRow,
    now,
  }
}

// The row it came from is not compared: the same table saved as .csv instead of .xlsx is the same plan.
function sameTask(row: TaskRow, write: TaskWrite): boolean {
  return (
    row.position === write.position &&
    row.groupName === write.groupName &&
    row.seq === write.seq &&
    row.name === write.name &&
    row.content === write.content &&
    row.carrier === write.carrier &&
    row.deadlineText === write.deadlineText &&
    row.milestones === write.milestones &&
    row.leadUnits === write.leadUnits &&
    row.responsibleUnits === write.responsibleUnits
  )
}

function view(record: typeof taskImports.$inferSelect, planned: Planned): ImportView {
  const table = JSON.parse(record.tableJson) as TaskTable
  const { summary } = planned.preview
  return {
    importId: record.id,
    planId: record.planId,
    filename: record.filename,
    format: record.format,
    status: record.status,
    rows: planned.rows,
    summary: {
      ok: summary.ok,
      warning: summary.warning,
      error: summary.error,
      unmatchedUnits: summary.unmatchedUnits,
      create: planned.counts.created,
      update: planned.counts.updated,
      unchanged: planned.counts.unchanged,
      notices: table.notices.map((n) => ({ code: n.code, message: t.import.notice(n) })),
    },
    result: record.result ? (JSON.parse(record.result) as CommitResult) : null,
  }
}

/**
 * Read an uploaded table for a plan (the office only) and keep it as an import record: the preview of every row,
 * with nothing written to the plan. A file that is too large, not a spreadsheet, an old .xls, without a header
 * row or without a single task is refused with a 4xx saying so.
 */
export async function startImport(
  db: Db,
  input: {
    auth: AuthContext
    planId: string
    /** Reads the upload; called only once the plan is known to be the caller's to import into. */
    readFile: () => Promise<{ name: string; bytes: Uint8Array } | null>
    now: number
  },
): Promise<ImportView> {
  const { plan: planRow } = await planFor(db, input.auth, input.planId, 'coordinate')
  const file = await input.readFile()
  if (!file || file.bytes.length === 0) {
    throw new AppError('validation_failed', {
      issues: [{ path: 'file', code: 'required', message: t.import.fileRequired }],
    })
  }
  const read = readTaskTableFile(file.bytes, { maxBytes: IMPORT_MAX_BYTES })
  if (!read.ok) throw fileError(read.error)
  if (read.table.rows.length === 0) {
    throw new AppError('validation_failed', {
      message: t.import.unreadable,
      issues: [{ path: 'file', code: 'no_rows', message: t.import.noRows }],
    })
  }
  const tableJson = JSON.stringify(read.table)
  if (new TextEncoder().encode(tableJson).length > MAX_TABLE_JSON) {
    throw new AppError('payload_too_large', { message: t.import.tooMuchText })
  }
  const record: typeof taskImports.$inferInsert = {
    id: newId(),
    planId: planRow.id,
    createdBy: input.auth.user.id,
    filename: file.name.slice(0, 200) || 'table',
    format: read.table.format,
    tableJson,
    createdAt: input.now,
  }
  await db.insert(taskImports).values(record)
  const stored = await db.select().from(taskImports).where(eq(taskImports.id, record.id)).get()
  return view(stored!, await planImport(db, planRow, read.table, input.now))
}

async function importOf(db: Db, planId: string, importId: string) {
  const record = await db
    .select()
    .from(taskImports)
    .where(and(eq(taskImports.id, importId), eq(taskImports.planId, planId)))
    .get()
  if (!record) throw new AppError('not_found')
  return record
}

/** The pending or committed import `importId` of the plan, for its office only (404/403 as planFor). */
export async function importFor(db: Db, auth: AuthContext, planId: string, importId: string) {
  const { plan } = await planFor(db, auth, planId, 'coordinate')
  return { plan, record: await importOf(db, plan.id, importId) }
}

/** An import's preview as it stands now (units mapped since the upload are taken into account). */
export async function getImport(
  db: Db,
  input: { auth: AuthContext; planId: string; importId: string; now: number },
): Promise<ImportView> {
  const { plan: planRow } = await planFor(db, input.auth, input.planId, 'coordinate')
  const record = await importOf(db, planRow.id, input.importId)
  return view(record, await planImport(db, planRow, JSON.parse(record.tableJson) as TaskTable, input.now))
}

/**
 * Write the import's tasks to the plan in one batch: new keys are created, known ones updated, rows with an error
 * left out; tasks of the plan the file does not list are kept. Committing twice, or racing another change of the
 * plan, is a 409 with nothing written.
 */
export async function commitImport(
  db: Db,
  input: { auth: AuthContext; planId: string; importId: string; now: number },
): Promise<CommitResult> {
  const { plan: planRow } = await planFor(db, input.auth, input.planId, 'coordinate')
  const record = await importOf(db, planRow.id, input.importId)
  if (record.status !== 'pending') throw new AppError('conflict', { message: t.import.alreadyCommitted })
  const planned = await planImport(db, planRow, JSON.parse(record.tableJson) as TaskTable, input.now)
  const byKey = new Map(planned.preview.rows.flatMap((r) => (r.task ? [[r.task.key, r.task] as const] : [])))
  const units = planned.writes.flatMap((w) => {
    const task = byKey.get(w.key)!
    return unitAssignments(w.id, task.leadUnits, task.responsibleUnits)
  })
  const result = planned.counts
  await commitBatch(db, [
    ...planChangeStatements(db, planRow, {
      action: 'import',
      actorId: input.auth.user.id,
      payload: { importId: record.id, filename: record.filename, ...result },
      now: input.now,
    }),
    db
      .update(taskImports)
      .set({ status: 'committed', committedAt: input.now, result: JSON.stringify(result) })
      .where(and(eq(taskImports.id, record.id), eq(taskImports.status, 'pending'))),
    ...(planned.writes.length > 0
      ? [
          upsertTasksStatement(planned.writes),
          pruneUnitsStatement(
            planned.writes.map((w) => w.id),
            units,
          ),
          ...(units.length > 0 ? [unitRowsStatement(units, input.now, 'set-role')] : []),
        ]
      : []),
  ])
  return result
}

/** Delete imports nobody committed within a week (the cron); returns how many. */
export async function pruneAbandonedImports(db: Db, now: number): Promise<number> {
  const gone = await db
    .delete(taskImports)
    .where(and(eq(taskImports.status, 'pending'), lt(taskImports.createdAt, now - ABANDONED_IMPORT_MS)))
    .returning({ id: taskImports.id })
  return gone.length
}
