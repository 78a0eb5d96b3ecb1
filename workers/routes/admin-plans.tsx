// Staff pages for task reporting under /admin/plans: plans, import (upload → preview → map units → commit), tasks,
// the unit's report form, a report with the office's review, the ledger, and the unit settings. Each POST answers
// 303 to the page it changed, or the same page again with the problem (works without JavaScript).
import { type Context, Hono } from 'hono'
import * as z from 'zod'
import { shanghaiDate } from '../../workflows/calendar'
import type { AppEnv } from '../env'
import { AppError } from '../errors'
import { messages } from '../i18n/zh-CN'
import { formValue, parseWith, readForm, readMultipartFile } from '../lib/body'
import { loadKeyring } from '../lib/pii'
import { staff } from '../middleware/auth'
import type { RawAnswers } from '../services/form-flow'
import {
  actOnReportFromForm,
  commitImport,
  createPlan,
  createTask,
  fileReportFromForm,
  IMPORT_MAX_BYTES,
  importPage,
  importUploadPage,
  mapImportUnits,
  planLedger,
  planPage,
  plansPage,
  reportFormPage,
  reportPage,
  saveUnitGroup,
  saveUnitMapping,
  startImport,
  type TaskInput,
  type TaskView,
  taskEditPage,
  taskPage,
  unitsPage,
  updateTask,
} from '../services/tasks/on-demand'
import type { SummaryIssue } from '../views/layout'
import { LedgerPage } from '../views/ledger-page'
import { ImportPreviewPage, ImportUploadPage } from '../views/task-import'
import { MILESTONE_ROWS, TaskFormPage, TaskPageView } from '../views/task-page'
import { PlanListPage, PlanPageView, UnitsPage } from '../views/task-plans'
import { answersOf, type ReportFormMode, ReportFormPage, ReportPageView } from '../views/task-report-pages'
import { TaskBody } from './api-tasks'
import { readPostedPage } from './form-context'
import { staffChrome } from './staff-chrome'

const ui = messages.plansUi
const t = messages.tasks

function staffProps(c: Context<AppEnv>) {
  const auth = staff(c)
  return staffChrome(auth)
}

/** An AppError a page can show (a refusal, a conflict, bad input); anything else propagates to the error page. */
function shown(err: unknown): AppError | null {
  return err instanceof AppError && [403, 409, 413, 415, 422].includes(err.status) ? err : null
}

function issuesOf(err: AppError, field: (path: string) => string = (p) => p): SummaryIssue[] {
  const issues = (err.issues ?? []).map((i) => ({ href: field(i.path), message: i.message }))
  return issues.length > 0 ? issues : [{ href: 'main', message: err.message }]
}

/** Posted fields as the forms core reads them (the page's own fields left out). */
function answersFrom(posted: RawAnswers): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {}
  for (const [key, values] of posted) {
    if (key.startsWith('_') || ['period', 'agencyId', 'version'].includes(key)) continue
    out[key] = values.length === 1 ? values[0]! : values
  }
  return out
}

/** The posted answers again, with the evidence now stored (ids and file names) in place of the uploads. */
function carried(posted: RawAnswers, evidence: { id: string; filename: string }[]): RawAnswers {
  const answers: RawAnswers = new Map([...posted].filter(([key]) => !key.startsWith('_file.')))
  answers.set(
    'evidence',
    evidence.map((e) => e.id),
  )
  for (const e of evidence) answers.set(`_file.${e.id}`, [e.filename])
  return answers
}

/** The task form's fields as the API's task body (milestones only when a person sets them). */
function taskBodyFrom(form: Map<string, string[]>) {
  const value = (key: string) => formValue(form, key).trim()
  const manual = value('milestoneMode') === 'manual'
  const milestones = manual
    ? Array.from({ length: MILESTONE_ROWS }, (_, i) => {
        const kind = value(`m.${i}.kind`)
        if (kind === '') return null
        if (kind === 'start' || kind === 'complete') return { kind, by: value(`m.${i}.by`) }
        if (kind === 'recurring') return { kind, every: value(`m.${i}.every`) }
        return { kind }
      }).filter((m) => m !== null)
    : undefined
  const seq = value('seq')
  return {
    group: value('group') || null,
    seq: seq === '' ? null : /^\d+$/.test(seq) ? Number(seq) : seq,
    name: value('name'),
    requirements: value('requirements'),
    carrier: value('carrier'),
    deadlineText: value('deadlineText'),
    ...(milestones ? { milestones } : {}),
    leadUnits: value('leadUnits'),
    responsibleUnits: value('responsibleUnits'),
  }
}

const taskField = (path: string) =>
  path.startsWith('milestones') ? 'milestones' : path.split('.')[0] || 'main'

function taskValues(input: TaskInput, milestones: TaskPageProps['milestones']): Record<string, string> {
  const values: Record<string, string> = {
    group: input.group ?? '',
    seq: input.seq === null || input.seq === undefined ? '' : String(input.seq),
    name: input.name,
    requirements: input.requirements,
    carrier: input.carrier,
    deadlineText: input.deadlineText,
    leadUnits: input.leadUnits,
    responsibleUnits: input.responsibleUnits,
  }
  const manual = milestones.filter((m) => m.manual)
  if (manual.length > 0) {
    values.milestoneMode = 'manual'
    manual.slice(0, MILESTONE_ROWS).forEach((m, i) => {
      values[`m.${i}.kind`] = m.kind
      if (m.kind === 'start' || m.kind === 'complete') values[`m.${i}.by`] = m.by
      if (m.kind === 'recurring') values[`m.${i}.every`] = m.every
    })
  }
  return values
}
type TaskPageProps = { milestones: TaskView['milestones'] }

function formValues(form: Map<string, string[]>): Record<string, string> {
  return Object.fromEntries([...form].map(([k, v]) => [k, v[0] ?? '']))
}

const LedgerQuery = z.object({
  unit: z.string().max(80).optional(),
  group: z.string().max(200).optional(),
  status: z
    .enum(['not_started', 'in_progress', 'completed', 'ongoing', 'unreported'])
    .optional()
    .catch(undefined),
  overdue: z.string().optional(),
})

export const adminPlans = new Hono<AppEnv>()

async function renderPlans(
  c: Context<AppEnv>,
  issues: SummaryIssue[] = [],
  values: Record<string, string> = {},
) {
  const page = await plansPage(c.get('db'), staff(c))
  return c.html(
    <PlanListPage
      nonce={c.get('nonce')}
      staff={staffProps(c)}
      plans={page.plans}
      agencies={page.agencies}
      issues={issues}
      values={values}
      thisYear={Number(shanghaiDate(c.get('now')).slice(0, 4))}
    />,
    issues.length > 0 ? 422 : 200,
  )
}

adminPlans.get('/', (c) => renderPlans(c))

adminPlans.post('/', async (c) => {
  const form = await readForm(c)
  const year = Number(formValue(form, 'year').trim())
  const title = formValue(form, 'title').trim() || (Number.isInteger(year) ? ui.defaultTitle(year) : '')
  try {
    const plan = await createPlan(c.get('db'), {
      auth: staff(c),
      agencyRef: formValue(form, 'agency'),
      ...parseWith(z.object({ year: z.int().min(2000).max(2100), title: z.string().min(1).max(200) }), {
        year,
        title,
      }),
      now: c.get('now'),
    })
    return c.redirect(`/admin/plans/${plan.id}`, 303)
  } catch (err) {
    const error = shown(err)
    if (!error) throw err
    return renderPlans(c, issuesOf(error), formValues(form))
  }
})

async function renderUnits(c: Context<AppEnv>, agency: string | undefined, issues: SummaryIssue[] = []) {
  const page = await unitsPage(c.get('db'), staff(c), agency)
  return c.html(
    <UnitsPage
      nonce={c.get('nonce')}
      staff={staffProps(c)}
      settings={page.settings}
      agencies={page.agencies}
      notice={c.req.query('done') ? ui.saved : null}
      issues={issues}
    />,
    issues.length > 0 ? 422 : 200,
  )
}

adminPlans.get('/units', (c) => renderUnits(c, c.req.query('agency') || undefined))

/**
 * A units-page form (a name mapping or a group): save it, then back to the page; a refusal shows the page again with
 * the issue linked to the form's name field.
 */
function unitsForm(
  save: (c: Context<AppEnv>, form: Map<string, string[]>, agency: string) => Promise<unknown>,
  field: string,
) {
  return async (c: Context<AppEnv>) => {
    const form = await readForm(c)
    const agency = formValue(form, 'agency')
    try {
      await save(c, form, agency)
    } catch (err) {
      const error = shown(err)
      if (!error) throw err
      return renderUnits(
        c,
        agency,
        issuesOf(error, () => field),
      )
    }
    return c.redirect(`/admin/plans/units?agency=${encodeURIComponent(agency)}&done=1`, 303)
  }
}

adminPlans.post(
  '/units/mappings',
  unitsForm(
    (c, form, agency) =>
      saveUnitMapping(c.get('db'), {
        auth: staff(c),
        agencyRef: agency,
        name: formValue(form, 'name').trim().slice(0, 100),
        agencyId: formValue(form, 'target') || null,
        now: c.get('now'),
      }),
    'mapping-name',
  ),
)

adminPlans.post(
  '/units/groups',
  unitsForm(
    (c, form, agency) =>
      saveUnitGroup(c.get('db'), {
        auth: staff(c),
        agencyRef: agency,
        name: parseWith(z.string().trim().min(1).max(100), formValue(form, 'name')),
        agencyIds: form.get('members') ?? [],
        now: c.get('now'),
      }),
    'group-name',
  ),
)

adminPlans.get('/:plan', async (c) => {
  const page = await planPage(c.get('db'), staff(c), c.req.param('plan'))
  const imported = /^(\d+),(\d+),(\d+)$/.exec(c.req.query('imported') ?? '')
  const notice = imported
    ? ui.imported({
        created: Number(imported[1]),
        updated: Number(imported[2]),
        unchanged: Number(imported[3]),
      })
    : c.req.query('done')
      ? ui.saved
      : null
  return c.html(<PlanPageView nonce={c.get('nonce')} staff={staffProps(c)} page={page} notice={notice} />)
})

adminPlans.get('/:plan/import', async (c) => {
  const plan = await importUploadPage(c.get('db'), staff(c), c.req.param('plan'))
  return c.html(<ImportUploadPage nonce={c.get('nonce')} staff={staffProps(c)} plan={plan} issues={[]} />)
})

adminPlans.post('/:plan/import', async (c) => {
  const db = c.get('db')
  const planId = c.req.param('plan')
  try {
    const preview = await startImport(db, {
      auth: staff(c),
      planId,
      readFile: async () => {
        const file = await readMultipartFile(c, 'file', {
          maxBytes: IMPORT_MAX_BYTES,
          tooLarge: t.import.tooLarge(IMPORT_MAX_BYTES),
        })
        return file ? { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) } : null
      },
      now: c.get('now'),
    })
    return c.redirect(`/admin/plans/${planId}/imports/${preview.importId}`, 303)
  } catch (err) {
    const error = shown(err)
    if (!error || error.status === 403) throw err
    const plan = await importUploadPage(db, staff(c), planId)
    return c.html(
      <ImportUploadPage
        nonce={c.get('nonce')}
        staff={staffProps(c)}
        plan={plan}
        issues={issuesOf(error, () => 'file')}
      />,
      error.status as 413,
    )
  }
})

adminPlans.get('/:plan/imports/:importId', async (c) => {
  const page = await importPage(c.get('db'), {
    auth: staff(c),
    planId: c.req.param('plan'),
    importId: c.req.param('importId'),
    now: c.get('now'),
  })
  return c.html(<ImportPreviewPage nonce={c.get('nonce')} staff={staffProps(c)} page={page} />)
})

adminPlans.post('/:plan/imports/:importId/mappings', async (c) => {
  const form = await readForm(c)
  const pairs: { name: string; agencyId: string }[] = []
  for (const [key, values] of form) {
    const index = /^name\.(\d{1,3})$/.exec(key)?.[1]
    if (index === undefined) continue
    pairs.push({ name: (values[0] ?? '').slice(0, 100), agencyId: formValue(form, `agency.${index}`) })
  }
  const planId = c.req.param('plan')
  const importId = c.req.param('importId')
  await mapImportUnits(c.get('db'), { auth: staff(c), planId, importId, pairs, now: c.get('now') })
  return c.redirect(`/admin/plans/${planId}/imports/${importId}`, 303)
})

adminPlans.post('/:plan/imports/:importId/commit', async (c) => {
  const planId = c.req.param('plan')
  const result = await commitImport(c.get('db'), {
    auth: staff(c),
    planId,
    importId: c.req.param('importId'),
    now: c.get('now'),
  })
  return c.redirect(
    `/admin/plans/${planId}?imported=${result.created},${result.updated},${result.unchanged}`,
    303,
  )
})

adminPlans.get('/:plan/ledger', async (c) => {
  const q = LedgerQuery.parse(c.req.query())
  const filters = {
    unit: q.unit || undefined,
    group: q.group || undefined,
    status: q.status,
    overdue: q.overdue === 'true',
  }
  const ledger = await planLedger(c.get('db'), {
    auth: staff(c),
    planId: c.req.param('plan'),
    filters,
    now: c.get('now'),
  })
  const exportQuery = new URLSearchParams({ format: 'xlsx' })
  for (const [key, value] of Object.entries(filters)) {
    if (value !== undefined && value !== false) exportQuery.set(key, String(value))
  }
  return c.html(
    <LedgerPage
      nonce={c.get('nonce')}
      staff={staffProps(c)}
      ledger={ledger}
      exportUrl={`/api/v1/plans/${ledger.plan.id}/ledger?${exportQuery.toString()}`}
    />,
  )
})

adminPlans.get('/:plan/tasks/new', async (c) => {
  const plan = await importUploadPage(c.get('db'), staff(c), c.req.param('plan'))
  return c.html(
    <TaskFormPage
      nonce={c.get('nonce')}
      staff={staffProps(c)}
      plan={plan}
      task={null}
      values={{}}
      issues={[]}
    />,
  )
})

adminPlans.post('/:plan/tasks', async (c) => {
  const db = c.get('db')
  const planId = c.req.param('plan')
  const form = await readForm(c)
  try {
    const task = await createTask(db, {
      auth: staff(c),
      planId,
      task: parseWith(TaskBody, taskBodyFrom(form)),
      now: c.get('now'),
    })
    return c.redirect(`/admin/plans/${planId}/tasks/${task.id}`, 303)
  } catch (err) {
    const error = shown(err)
    if (!error || error.status === 403) throw err
    const plan = await importUploadPage(db, staff(c), planId)
    return c.html(
      <TaskFormPage
        nonce={c.get('nonce')}
        staff={staffProps(c)}
        plan={plan}
        task={null}
        values={formValues(form)}
        issues={issuesOf(error, taskField)}
      />,
      error.status as 422,
    )
  }
})

adminPlans.get('/:plan/tasks/:task', async (c) => {
  const detail = await taskPage(c.get('db'), {
    auth: staff(c),
    planId: c.req.param('plan'),
    taskId: c.req.param('task'),
    now: c.get('now'),
  })
  return c.html(
    <TaskPageView
      nonce={c.get('nonce')}
      staff={staffProps(c)}
      detail={detail}
      notice={c.req.query('done') ? ui.saved : null}
      today={shanghaiDate(c.get('now'))}
    />,
  )
})

adminPlans.get('/:plan/tasks/:task/edit', async (c) => {
  const { detail, values } = await taskEditPage(c.get('db'), {
    auth: staff(c),
    planId: c.req.param('plan'),
    taskId: c.req.param('task'),
    now: c.get('now'),
  })
  return c.html(
    <TaskFormPage
      nonce={c.get('nonce')}
      staff={staffProps(c)}
      plan={detail.plan}
      task={{ id: detail.task.id, version: detail.task.version, milestones: detail.task.milestones }}
      values={taskValues(values, detail.task.milestones)}
      issues={[]}
    />,
  )
})

adminPlans.post('/:plan/tasks/:task', async (c) => {
  const db = c.get('db')
  const input = {
    auth: staff(c),
    planId: c.req.param('plan'),
    taskId: c.req.param('task'),
    now: c.get('now'),
  }
  const form = await readForm(c)
  try {
    await updateTask(db, {
      ...input,
      expectedVersion: Number(formValue(form, 'version') || -1),
      task: parseWith(TaskBody, taskBodyFrom(form)),
    })
    return c.redirect(`/admin/plans/${input.planId}/tasks/${input.taskId}?done=1`, 303)
  } catch (err) {
    const error = shown(err)
    if (!error || error.status === 403) throw err
    const { detail } = await taskEditPage(db, input)
    return c.html(
      <TaskFormPage
        nonce={c.get('nonce')}
        staff={staffProps(c)}
        plan={detail.plan}
        task={{ id: detail.task.id, version: detail.task.version, milestones: detail.task.milestones }}
        values={formValues(form)}
        issues={issuesOf(error, taskField)}
      />,
      error.status as 422,
    )
  }
})

async function renderReportForm(
  c: Context<AppEnv>,
  options: {
    answers: RawAnswers
    issues: SummaryIssue[]
    period?: string
    unit?: string
    status?: 200 | 422
  },
) {
  const page = await reportFormPage(c.get('db'), {
    auth: staff(c),
    planId: c.req.param('plan')!,
    taskId: c.req.param('task')!,
    now: c.get('now'),
  })
  const { detail } = page
  const units = detail.units.filter((u) => u.mine).map((u) => ({ agencyId: u.agencyId, name: u.name }))
  const mode: ReportFormMode = {
    kind: 'file',
    periods: detail.periods,
    units,
    period: options.period ?? detail.periods.find((p) => p.current)?.key ?? '',
    unit: options.unit ?? units[0]?.agencyId ?? '',
  }
  return c.html(
    <ReportFormPage
      nonce={c.get('nonce')}
      staff={staffProps(c)}
      plan={detail.plan}
      task={detail.task}
      form={page.form}
      formTitle={page.formTitle}
      mode={mode}
      answers={options.answers}
      issues={options.issues}
      today={shanghaiDate(c.get('now'))}
    />,
    options.status ?? 200,
  )
}

adminPlans.get('/:plan/tasks/:task/report', (c) =>
  renderReportForm(c, {
    answers: new Map(),
    issues: [],
    ...(c.req.query('period') ? { period: c.req.query('period') } : {}),
    ...(c.req.query('unit') ? { unit: c.req.query('unit') } : {}),
  }),
)

adminPlans.post('/:plan/tasks/:task/report', async (c) => {
  const planId = c.req.param('plan')
  const taskId = c.req.param('task')
  let posted: RawAnswers = new Map()
  const result = await fileReportFromForm(c.get('db'), {
    auth: staff(c),
    taskId,
    planId,
    read: async () => {
      const page = await readPostedPage(c)
      posted = page.answers
      return {
        unitId: formValue(posted, 'agencyId') || undefined,
        period: formValue(posted, 'period'),
        answers: answersFrom(posted),
        uploads: {
          store: c.env.FILES,
          keyring: () => loadKeyring(c.env.PII_KEYS, c.env.PII_ACTIVE_KEY),
          files: page.files.get('evidence.upload') ?? [],
        },
      }
    },
    source: 'form',
    now: c.get('now'),
  })
  if (result.ok) return c.redirect(`/admin/plans/${planId}/reports/${result.report.id}?done=1`, 303)
  return renderReportForm(c, {
    answers: carried(posted, result.evidence),
    issues: result.issues.map((i) => ({ href: i.path, message: i.message })),
    period: formValue(posted, 'period'),
    unit: formValue(posted, 'agencyId'),
    status: 422,
  })
})

async function renderReport(
  c: Context<AppEnv>,
  issues: SummaryIssue[] = [],
  status: 200 | 403 | 409 | 422 = 200,
) {
  const page = await reportPage(c.get('db'), {
    auth: staff(c),
    planId: c.req.param('plan')!,
    reportId: c.req.param('id')!,
    now: c.get('now'),
  })
  return c.html(
    <ReportPageView
      nonce={c.get('nonce')}
      staff={staffProps(c)}
      page={page}
      notice={c.req.query('done') ? ui.done : null}
      issues={issues}
    />,
    status,
  )
}

adminPlans.get('/:plan/reports/:id', (c) => renderReport(c))

async function renderResubmit(
  c: Context<AppEnv>,
  options: { answers?: RawAnswers; issues: SummaryIssue[]; status?: 200 | 422 },
) {
  const page = await reportPage(c.get('db'), {
    auth: staff(c),
    planId: c.req.param('plan')!,
    reportId: c.req.param('id')!,
    now: c.get('now'),
  })
  if (!page.report.allowedActions.includes('resubmit')) throw new AppError('forbidden')
  return c.html(
    <ReportFormPage
      nonce={c.get('nonce')}
      staff={staffProps(c)}
      plan={page.task.plan}
      task={page.task.task}
      form={page.form}
      formTitle={page.formTitle}
      mode={{ kind: 'resubmit', report: page.report }}
      answers={options.answers ?? answersOf(page.report)}
      issues={options.issues}
      today={shanghaiDate(c.get('now'))}
    />,
    options.status ?? 200,
  )
}

adminPlans.get('/:plan/reports/:id/resubmit', (c) => renderResubmit(c, { issues: [] }))

adminPlans.post('/:plan/reports/:id/actions/:action', async (c) => {
  const planId = c.req.param('plan')
  const reportId = c.req.param('id')
  const action = c.req.param('action')
  let posted: RawAnswers = new Map()
  try {
    const result = await actOnReportFromForm(c.get('db'), {
      auth: staff(c),
      reportId,
      planId,
      action,
      read: async () => {
        const page = await readPostedPage(c)
        posted = page.answers
        const version = Number(formValue(posted, 'version') || -1)
        if (action !== 'resubmit')
          return { expectedVersion: version, body: { comment: formValue(posted, 'comment') } }
        return {
          expectedVersion: version,
          body: { data: answersFrom(posted) },
          uploads: {
            store: c.env.FILES,
            keyring: () => loadKeyring(c.env.PII_KEYS, c.env.PII_ACTIVE_KEY),
            files: page.files.get('evidence.upload') ?? [],
          },
        }
      },
      source: 'form',
      now: c.get('now'),
    })
    if (result.ok) return c.redirect(`/admin/plans/${planId}/reports/${reportId}?done=1`, 303)
    return renderResubmit(c, {
      answers: carried(posted, result.evidence),
      issues: result.issues.map((i) => ({ href: i.path, message: i.message })),
      status: 422,
    })
  } catch (err) {
    const error = shown(err)
    if (!error) throw err
    const fieldOf = () => (action === 'return' ? 'return-comment' : 'main')
    return renderReport(c, issuesOf(error, fieldOf), error.status as 422)
  }
})
