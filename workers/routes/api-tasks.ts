// Staff JSON API for task reporting: plans per agency and year, import (preview → commit), tasks, progress reports
// and their review, units, the ledger (JSON or .xlsx). Thin: zod parse, one service call, JSON out.
import { Hono } from 'hono'
import * as z from 'zod'
import { isValidIsoDate } from '../../workflows/calendar'
import { PROGRESS_STATUSES } from '../../workflows/tasks/ledger'
import type { AppEnv } from '../env'
import { messages } from '../i18n/zh-CN'
import { parseWith, readJson, readMultipartFile } from '../lib/body'
import { loadKeyring } from '../lib/pii'
import { staff } from '../middleware/auth'
import {
  actOnReport,
  commitImport,
  createPlan,
  createTask,
  evidenceFile,
  fileReport,
  getImport,
  getPlan,
  IMPORT_MAX_BYTES,
  ledgerWorkbook,
  listAgencyPlans,
  listTasks,
  planLedger,
  reportEvents,
  reportView,
  saveUnitGroup,
  saveUnitMapping,
  startImport,
  taskDetail,
  unitSettings,
  updateTask,
  uploadEvidence,
} from '../services/tasks/on-demand'
import type { ApiOperations } from './api-docs'

const t = messages.tasks

const PlanBody = z.strictObject({
  year: z.int().min(2000).max(2100),
  title: z.string().trim().min(1).max(200),
})

const IsoDate = z.string().refine(isValidIsoDate, t.errors.invalidDate)
const MilestoneBody = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.enum(['start', 'complete']), by: IsoDate }),
  z.strictObject({ kind: z.literal('recurring'), every: z.enum(['month', 'quarter', 'half-year', 'year']) }),
  z.strictObject({ kind: z.literal('ongoing') }),
])

/** A task as a person writes it: the table's cells; units as written (parsed and matched like an import's). */
export const TaskBody = z.strictObject({
  group: z.string().trim().max(200).nullable().optional(),
  seq: z.int().min(1).max(9999).nullable().optional(),
  name: z.string().trim().min(1).max(500),
  requirements: z.string().trim().max(10_000).default(''),
  carrier: z.string().trim().max(500).default(''),
  deadlineText: z.string().trim().max(500).default(''),
  /** Set the milestones by hand (what the 完成时限 text could not say); otherwise they are read from it. */
  milestones: z.array(MilestoneBody).max(50).optional(),
  leadUnits: z.string().trim().max(2000).default(''),
  responsibleUnits: z.string().trim().max(2000).default(''),
})
const TaskUpdateBody = TaskBody.extend({ version: z.int().min(0) })

const LedgerQuery = z.strictObject({
  format: z.enum(['json', 'xlsx']).default('json'),
  unit: z.string().min(1).max(80).optional(),
  group: z.string().max(200).optional(),
  status: z.enum([...PROGRESS_STATUSES, 'unreported']).optional(),
  overdue: z.enum(['true', 'false']).optional(),
})

const ReportBody = z.strictObject({
  /** A reporting period of the task (see GET /tasks/{task}: periods[].key). */
  period: z.string().min(1).max(40),
  /** The reporting unit (id or slug), when the caller reports for more than one unit of the task. */
  agencyId: z.string().min(1).max(80).optional(),
  /** The task-report form's answers (forms/definitions/task-report.v1). */
  data: z.record(z.string(), z.unknown()),
})

const UploadQuery = z.strictObject({ agency: z.string().min(1).max(80).optional() })
const ActionBody = z.looseObject({ version: z.int().min(0) })
const MappingBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  agencyId: z.string().min(1).max(80).nullable(),
})
const GroupBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  agencyIds: z.array(z.string().min(1).max(80)).max(500),
})

export const apiTasksOperations: ApiOperations = {
  'POST /agencies/:agency/plans': { access: 'staff', body: PlanBody, status: 201 },
  'GET /agencies/:agency/plans': { access: 'staff' },
  'GET /agencies/:agency/task-units': { access: 'staff' },
  'PUT /agencies/:agency/task-units/groups': { access: 'staff', body: GroupBody },
  'PUT /agencies/:agency/task-units/mappings': { access: 'staff', body: MappingBody },
  'GET /plans/:plan': { access: 'staff' },
  'POST /plans/:plan/imports': { access: 'staff', multipart: { file: messages.apiDocs.taskTableFile } },
  'GET /plans/:plan/imports/:importId': { access: 'staff' },
  'POST /plans/:plan/imports/:importId/commit': { access: 'staff' },
  'GET /plans/:plan/tasks': { access: 'staff' },
  'POST /plans/:plan/tasks': { access: 'staff', body: TaskBody, status: 201 },
  'GET /plans/:plan/ledger': { access: 'staff', query: LedgerQuery },
  'GET /tasks/:task': { access: 'staff' },
  'PUT /tasks/:task': { access: 'staff', body: TaskUpdateBody },
  'POST /tasks/:task/reports': { access: 'staff', body: ReportBody, status: 201 },
  'POST /tasks/:task/attachments': {
    access: 'staff',
    query: UploadQuery,
    status: 201,
    multipart: { file: messages.apiDocs.uploadFile },
  },
  'GET /task-reports/:id': { access: 'staff' },
  'POST /task-reports/:id/actions/:action': { access: 'staff', bodyRef: 'taskReportAction' },
  'GET /task-reports/:id/files/:file': { access: 'staff' },
}

function disposition(filename: string): string {
  return `attachment; filename="download"; filename*=UTF-8''${encodeURIComponent(filename)}`
}

export const apiTasks = new Hono<AppEnv>()
  .post('/agencies/:agency/plans', async (c) => {
    const body = await readJson(c, PlanBody)
    const plan = await createPlan(c.get('db'), {
      auth: staff(c),
      agencyRef: c.req.param('agency'),
      ...body,
      now: c.get('now'),
    })
    return c.json(plan, 201)
  })
  .get('/agencies/:agency/plans', async (c) =>
    c.json({
      items: await listAgencyPlans(c.get('db'), { auth: staff(c), agencyRef: c.req.param('agency') }),
    }),
  )
  .get('/agencies/:agency/task-units', async (c) =>
    c.json(await unitSettings(c.get('db'), staff(c), c.req.param('agency'))),
  )
  .put('/agencies/:agency/task-units/groups', async (c) => {
    const body = await readJson(c, GroupBody)
    return c.json(
      await saveUnitGroup(c.get('db'), {
        auth: staff(c),
        agencyRef: c.req.param('agency'),
        ...body,
        now: c.get('now'),
      }),
    )
  })
  .put('/agencies/:agency/task-units/mappings', async (c) => {
    const body = await readJson(c, MappingBody)
    return c.json(
      await saveUnitMapping(c.get('db'), {
        auth: staff(c),
        agencyRef: c.req.param('agency'),
        ...body,
        now: c.get('now'),
      }),
    )
  })
  .get('/plans/:plan', async (c) =>
    c.json(await getPlan(c.get('db'), { auth: staff(c), planId: c.req.param('plan') })),
  )
  .post('/plans/:plan/imports', async (c) => {
    const preview = await startImport(c.get('db'), {
      auth: staff(c),
      planId: c.req.param('plan'),
      readFile: async () => {
        const file = await readMultipartFile(c, 'file', {
          maxBytes: IMPORT_MAX_BYTES,
          tooLarge: t.import.tooLarge(IMPORT_MAX_BYTES),
        })
        return file ? { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) } : null
      },
      now: c.get('now'),
    })
    return c.json(preview)
  })
  .get('/plans/:plan/imports/:importId', async (c) =>
    c.json(
      await getImport(c.get('db'), {
        auth: staff(c),
        planId: c.req.param('plan'),
        importId: c.req.param('importId'),
        now: c.get('now'),
      }),
    ),
  )
  .post('/plans/:plan/imports/:importId/commit', async (c) =>
    c.json(
      await commitImport(c.get('db'), {
        auth: staff(c),
        planId: c.req.param('plan'),
        importId: c.req.param('importId'),
        now: c.get('now'),
      }),
    ),
  )
  .get('/plans/:plan/tasks', async (c) => {
    const { items } = await listTasks(c.get('db'), { auth: staff(c), planId: c.req.param('plan') })
    return c.json({ items })
  })
  .post('/plans/:plan/tasks', async (c) => {
    const task = await readJson(c, TaskBody)
    return c.json(
      await createTask(c.get('db'), { auth: staff(c), planId: c.req.param('plan'), task, now: c.get('now') }),
      201,
    )
  })
  .get('/plans/:plan/ledger', async (c) => {
    const q = parseWith(LedgerQuery, c.req.query())
    const ledger = await planLedger(c.get('db'), {
      auth: staff(c),
      planId: c.req.param('plan'),
      filters: { unit: q.unit, group: q.group, status: q.status, overdue: q.overdue === 'true' },
      now: c.get('now'),
    })
    if (q.format === 'json') return c.json(ledger)
    const bytes = await ledgerWorkbook(ledger)
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'Content-Disposition': disposition(
        `${ledger.plan.title}-${messages.ledger.xlsx.sheet}-${ledger.asOf}.xlsx`,
      ),
      'Cache-Control': 'private, no-store',
    })
  })
  .get('/tasks/:task', async (c) =>
    c.json(await taskDetail(c.get('db'), { auth: staff(c), taskId: c.req.param('task'), now: c.get('now') })),
  )
  .put('/tasks/:task', async (c) => {
    const { version, ...task } = await readJson(c, TaskUpdateBody)
    return c.json(
      await updateTask(c.get('db'), {
        auth: staff(c),
        taskId: c.req.param('task'),
        expectedVersion: version,
        task,
        now: c.get('now'),
      }),
    )
  })
  .post('/tasks/:task/reports', async (c) => {
    const report = await fileReport(c.get('db'), {
      auth: staff(c),
      taskId: c.req.param('task'),
      read: async () => {
        const body = await readJson(c, ReportBody)
        return { unitId: body.agencyId, period: body.period, answers: body.data }
      },
      source: 'json',
      now: c.get('now'),
    })
    return c.json(report, 201)
  })
  .post('/tasks/:task/attachments', async (c) => {
    const { agency } = parseWith(UploadQuery, c.req.query())
    const stored = await uploadEvidence(
      c.get('db'),
      c.env.FILES,
      () => loadKeyring(c.env.PII_KEYS, c.env.PII_ACTIVE_KEY),
      {
        auth: staff(c),
        taskId: c.req.param('task'),
        unitId: agency,
        file: await readMultipartFile(c, 'file', { maxBytes: 10 * 1024 * 1024 }),
        now: c.get('now'),
      },
    )
    return c.json(stored, 201)
  })
  .get('/task-reports/:id', async (c) => {
    const db = c.get('db')
    const auth = staff(c)
    const report = await reportView(db, auth, c.req.param('id'))
    return c.json({ ...report, events: await reportEvents(db, auth, report.id) })
  })
  .post('/task-reports/:id/actions/:action', async (c) => {
    const report = await actOnReport(c.get('db'), {
      auth: staff(c),
      reportId: c.req.param('id'),
      action: c.req.param('action'),
      read: async () => {
        const { version, ...body } = await readJson(c, ActionBody)
        return { expectedVersion: version, body }
      },
      source: 'json',
      now: c.get('now'),
    })
    return c.json(report)
  })
  .get('/task-reports/:id/files/:file', async (c) => {
    const file = await evidenceFile(
      c.get('db'),
      c.env.FILES,
      () => loadKeyring(c.env.PII_KEYS, c.env.PII_ACTIVE_KEY),
      {
        auth: staff(c),
        reportId: c.req.param('id'),
        fileId: c.req.param('file'),
      },
    )
    return new Response(file.body, {
      headers: {
        'Content-Type': file.contentType,
        'Content-Disposition': disposition(file.filename),
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'private, no-store',
      },
    })
  })
