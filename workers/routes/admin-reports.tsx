// Staff pages for the annual report: Tables 3 and 4 with their checks, and the cases behind one cell.
import { inArray } from 'drizzle-orm'
import { type Context, Hono } from 'hono'
import * as z from 'zod'
import { users } from '../../db/schema'
import { shanghaiDate } from '../../workflows/calendar'
import { REMEDY_RESULT_LABELS, type RemedyResult } from '../../workflows/outcomes'
import type { AppEnv } from '../env'
import { AppError } from '../errors'
import { messages } from '../i18n/zh-CN'
import { formValue, readForm } from '../lib/body'
import { clientIp, staff } from '../middleware/auth'
import {
  annualReport,
  annualReportCellCases,
  annualReportRemedyCases,
  REPORT_COLUMN_KEYS,
  REPORT_GROUP_KEYS,
  REPORT_LINE_KEYS,
  REPORT_RESULT_KEYS,
} from '../services/reports/annual-report'
import { closeYear, reopenReportYear } from '../services/reports/closing'
import { noteForProactiveDisclosure, proactiveList, reportStatistics } from '../services/reports/statistics'
import { listAgencies } from '../services/staff-admin'
import { AnnualReportPage, ReportCellCasesPage, type ReportFormValues } from '../views/annual-report-page'
import type { SummaryIssue } from '../views/layout'
import { ProactiveListPage, StatisticsPage } from '../views/statistics-page'
import { staffChrome } from './staff-chrome'

const YearField = z.coerce
  .number({ error: '请填写四位数的年度，例如 2025' })
  .int('请填写四位数的年度，例如 2025')
  .min(2000, '请填写四位数的年度，例如 2025')
  .max(2100, '请填写四位数的年度，例如 2025')

function staffProps(c: Context<AppEnv>) {
  const auth = staff(c)
  return staffChrome(auth)
}

/** The form's values from the query; the defaults are the user's first agency and last year. */
async function formValues(c: Context<AppEnv>) {
  const q = c.req.query()
  const agencies = await listAgencies(c.get('db'), staff(c))
  const lastYear = String(Number(shanghaiDate(c.get('now')).slice(0, 4)) - 1)
  const values: ReportFormValues = {
    agency: q.agency ?? agencies[0]?.slug ?? '',
    year: q.year ?? lastYear,
    subAgencies: q.subAgencies === 'true',
  }
  return { agencies, values, asked: q.agency !== undefined || q.year !== undefined }
}

export const adminReports = new Hono<AppEnv>()

/** The report page for `values` (errors of the query shown in the summary), with `extra` issues from a form. */
async function reportPage(
  c: Context<AppEnv>,
  values: ReportFormValues,
  asked: boolean,
  extra: SummaryIssue[] = [],
) {
  const agencies = await listAgencies(c.get('db'), staff(c))
  const {
    result: report,
    issues,
    status,
  } = await runReportQuery(values, asked, (query) => annualReport(c.get('db'), staff(c), query, c.get('now')))
  return c.html(
    <AnnualReportPage
      nonce={c.get('nonce')}
      staff={staffProps(c)}
      agencies={agencies}
      values={values}
      report={report}
      issues={[...issues, ...extra]}
    />,
    extra.length && status === 200 ? 422 : status,
  )
}

/**
 * Run a report for the form's agency and year once asked: its result, or what to show in the error summary (a bad
 * year, an unknown agency, a year without a calendar) with the status to answer.
 */
async function runReportQuery<T>(
  values: ReportFormValues,
  asked: boolean,
  run: (query: { agency: string; year: number; subAgencies: boolean }) => Promise<T>,
): Promise<{ result: T | null; issues: SummaryIssue[]; status: 200 | 403 | 404 | 409 | 422 }> {
  if (!asked) return { result: null, issues: [], status: 200 }
  const year = YearField.safeParse(values.year)
  if (!year.success) {
    return { result: null, issues: [{ href: 'year', message: year.error.issues[0]!.message }], status: 422 }
  }
  try {
    const result = await run({ agency: values.agency, year: year.data, subAgencies: values.subAgencies })
    return { result, issues: [], status: 200 }
  } catch (err) {
    if (!isReportError(err)) throw err
    const issues = [{ href: err.code === 'not_found' ? 'agency' : 'year', message: err.message }]
    return { result: null, issues, status: err.status as 403 | 404 | 409 | 422 }
  }
}

function isReportError(err: unknown): err is AppError {
  return (
    err instanceof AppError &&
    ['validation_failed', 'calendar_year_not_loaded', 'not_found', 'forbidden'].includes(err.code)
  )
}

adminReports.get('/annual', async (c) => {
  const { values, asked } = await formValues(c)
  return reportPage(c, values, asked)
})

/** Close or reopen the year from the page; back to the report (its closing section) or the error summary. */
async function closingPost(c: Context<AppEnv>, kind: 'close' | 'reopen') {
  const form = await readForm(c)
  const values: ReportFormValues = {
    agency: formValue(form, 'agency'),
    year: formValue(form, 'year'),
    subAgencies: false,
  }
  const year = YearField.safeParse(values.year)
  if (!year.success) return reportPage(c, values, true)
  const reason = formValue(form, 'reason').trim()
  if (kind === 'reopen' && !reason)
    return reportPage(c, values, true, [{ href: 'reason', message: messages.reports.reopenReasonRequired }])
  const input = { auth: staff(c), agency: values.agency, year: year.data, now: c.get('now'), ip: clientIp(c) }
  try {
    if (kind === 'close') await closeYear(c.get('db'), input)
    else await reopenReportYear(c.get('db'), { ...input, reason: reason.slice(0, 500) })
  } catch (err) {
    if (!isReportError(err)) throw err
    return reportPage(c, values, true, [
      { href: err.code === 'not_found' ? 'agency' : 'closing', message: err.message },
    ])
  }
  const q = new URLSearchParams({ agency: values.agency, year: values.year })
  return c.redirect(`/admin/reports/annual?${q.toString()}#closing`, 303)
}

adminReports.post('/annual/close', (c) => closingPost(c, 'close'))
adminReports.post('/annual/reopen', (c) => closingPost(c, 'reopen'))

/**
 * A report cell's cases, a page at a time (Table 3 and Table 4 alike): an unknown year or cell is a 404; `fetch`
 * reads the page for the cell, `columnLabel` names its column.
 */
async function cellCasesPage<Q extends { cursor?: string | undefined }>(
  c: Context<AppEnv>,
  path: string,
  query: z.ZodType<Q>,
  fetch: (input: { agency: string; year: number; subAgencies: boolean; limit: number } & Q) => Promise<{
    label: string
    items: Parameters<typeof ReportCellCasesPage>[0]['items']
    nextCursor: string | null
  }>,
  columnLabel: (cell: Q) => string,
) {
  const { values } = await formValues(c)
  const year = YearField.safeParse(values.year)
  const cell = query.safeParse(c.req.query())
  if (!year.success || !cell.success) throw new AppError('not_found')
  const page = await fetch({
    agency: values.agency,
    year: year.data,
    subAgencies: values.subAgencies,
    ...cell.data,
    limit: 100,
  })
  const next = new URLSearchParams(Object.entries(c.req.query()).filter(([k]) => k !== 'cursor'))
  if (page.nextCursor) next.set('cursor', page.nextCursor)
  return c.html(
    <ReportCellCasesPage
      nonce={c.get('nonce')}
      staff={staffProps(c)}
      values={values}
      label={page.label}
      columnLabel={columnLabel(cell.data)}
      items={page.items}
      nextPage={page.nextCursor ? `${path}?${next.toString()}` : null}
    />,
  )
}

const CellQuery = z.object({
  line: z.enum(REPORT_LINE_KEYS),
  column: z.enum(REPORT_COLUMN_KEYS),
  cursor: z.string().max(80).optional(),
})

adminReports.get('/annual/cases', (c) =>
  cellCasesPage(
    c,
    '/admin/reports/annual/cases',
    CellQuery,
    (input) => annualReportCellCases(c.get('db'), staff(c), input, c.get('now')),
    (cell) => (messages.reports.columnLabels as Record<string, string>)[cell.column] ?? '',
  ),
)

const RemedyCellQuery = z.object({
  group: z.enum(REPORT_GROUP_KEYS),
  result: z.enum(REPORT_RESULT_KEYS),
  cursor: z.string().max(170).optional(),
})

adminReports.get('/annual/remedy-cases', (c) =>
  cellCasesPage(
    c,
    '/admin/reports/annual/remedy-cases',
    RemedyCellQuery,
    (input) => annualReportRemedyCases(c.get('db'), staff(c), input, c.get('now')),
    (cell) => (cell.result === 'total' ? '总计' : REMEDY_RESULT_LABELS[cell.result as RemedyResult]),
  ),
)

adminReports.get('/statistics', async (c) => {
  const { agencies, values, asked } = await formValues(c)
  const {
    result: stats,
    issues,
    status,
  } = await runReportQuery(values, asked, (query) =>
    reportStatistics(c.get('db'), staff(c), query, c.get('now')),
  )
  return c.html(
    <StatisticsPage
      nonce={c.get('nonce')}
      staff={staffProps(c)}
      agencies={agencies}
      values={values}
      stats={stats}
      issues={issues}
      notice={c.req.query('noted') === '1' ? messages.reports.proactiveNoted : undefined}
    />,
    status,
  )
})

adminReports.post('/proactive', async (c) => {
  const form = await readForm(c)
  const agency = formValue(form, 'agency')
  const year = YearField.safeParse(formValue(form, 'year'))
  if (!year.success) throw new AppError('validation_failed')
  await noteForProactiveDisclosure(c.get('db'), {
    auth: staff(c),
    agency,
    year: year.data,
    groupKey: formValue(form, 'groupKey').slice(0, 500),
    note: formValue(form, 'note').trim().slice(0, 500),
    now: c.get('now'),
    ip: clientIp(c),
  })
  const q = new URLSearchParams({ agency, year: String(year.data), noted: '1' })
  return c.redirect(`/admin/reports/statistics?${q.toString()}#frequent`, 303)
})

adminReports.get('/proactive', async (c) => {
  const agencies = await listAgencies(c.get('db'), staff(c))
  const list = await proactiveList(c.get('db'), staff(c), c.req.query('agency') ?? agencies[0]?.slug ?? '')
  const people = [...new Set(list.items.map((i) => i.createdBy))]
  const names = new Map(
    people.length
      ? (
          await c
            .get('db')
            .select({ id: users.id, name: users.displayName })
            .from(users)
            .where(inArray(users.id, people))
            .all()
        ).map((u) => [u.id, u.name])
      : [],
  )
  return c.html(
    <ProactiveListPage
      nonce={c.get('nonce')}
      staff={staffProps(c)}
      agency={list.agency}
      items={list.items}
      names={names}
    />,
  )
})
