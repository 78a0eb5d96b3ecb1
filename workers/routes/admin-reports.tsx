// Staff pages for the annual report: Tables 3 and 4 with their checks, and the cases behind one cell.
import { type Context, Hono } from 'hono'
import * as z from 'zod'
import { shanghaiDate } from '../../workflows/calendar'
import type { AppEnv } from '../env'
import { AppError } from '../errors'
import { messages } from '../i18n/zh-CN'
import { staff } from '../middleware/auth'
import {
  type AnnualReport,
  annualReport,
  annualReportCellCases,
  REPORT_COLUMN_KEYS,
  REPORT_LINE_KEYS,
} from '../services/reports/annual-report'
import { listAgencies } from '../services/staff-admin'
import { AnnualReportPage, ReportCellCasesPage, type ReportFormValues } from '../views/annual-report-page'
import type { SummaryIssue } from '../views/layout'
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

adminReports.get('/annual', async (c) => {
  const { agencies, values, asked } = await formValues(c)
  let report: AnnualReport | null = null
  let issues: SummaryIssue[] = []
  let status: 200 | 404 | 409 | 422 = 200
  if (asked) {
    const year = YearField.safeParse(values.year)
    if (!year.success) {
      issues = [{ href: 'year', message: year.error.issues[0]!.message }]
      status = 422
    } else {
      try {
        report = await annualReport(
          c.get('db'),
          staff(c),
          { agency: values.agency, year: year.data, subAgencies: values.subAgencies },
          c.get('now'),
        )
      } catch (err) {
        if (
          !(err instanceof AppError) ||
          !['validation_failed', 'calendar_year_not_loaded', 'not_found'].includes(err.code)
        )
          throw err
        issues = [{ href: err.code === 'not_found' ? 'agency' : 'year', message: err.message }]
        status = err.status as 404 | 409 | 422
      }
    }
  }
  return c.html(
    <AnnualReportPage
      nonce={c.get('nonce')}
      staff={staffProps(c)}
      agencies={agencies}
      values={values}
      report={report}
      issues={issues}
    />,
    status,
  )
})

const CellQuery = z.object({
  line: z.enum(REPORT_LINE_KEYS),
  column: z.enum(REPORT_COLUMN_KEYS),
  cursor: z.string().max(80).optional(),
})

adminReports.get('/annual/cases', async (c) => {
  const { values } = await formValues(c)
  const year = YearField.safeParse(values.year)
  const cell = CellQuery.safeParse(c.req.query())
  if (!year.success || !cell.success) throw new AppError('not_found')
  const page = await annualReportCellCases(
    c.get('db'),
    staff(c),
    { agency: values.agency, year: year.data, subAgencies: values.subAgencies, ...cell.data, limit: 100 },
    c.get('now'),
  )
  const next = new URLSearchParams(Object.entries(c.req.query()).filter(([k]) => k !== 'cursor'))
  if (page.nextCursor) next.set('cursor', page.nextCursor)
  const columnLabel = (messages.reports.columnLabels as Record<string, string>)[cell.data.column] ?? ''
  return c.html(
    <ReportCellCasesPage
      nonce={c.get('nonce')}
      staff={staffProps(c)}
      values={values}
      label={page.label}
      columnLabel={columnLabel}
      items={page.items}
      nextPage={page.nextCursor ? `/admin/reports/annual/cases?${next.toString()}` : null}
    />,
  )
})
