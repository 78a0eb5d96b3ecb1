// Staff JSON API for the annual report (Tables 3 and 4 with their self-checks; .xlsx and CSV) and its drill-down.
import { Hono } from 'hono'
import * as z from 'zod'
import { isValidIsoDate } from '../../workflows/calendar'
import type { AppEnv } from '../env'
import { messages } from '../i18n/zh-CN'
import { parseWith, readJson } from '../lib/body'
import { docxResponse, spreadsheetResponse } from '../lib/downloads'
import { loadKeyring } from '../lib/pii'
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
import { annualReportCsv, annualReportXlsx } from '../services/reports/annual-xlsx'
import { closeYear, reopenReportYear } from '../services/reports/closing'
import { registerCsv, registerRows, registerXlsx } from '../services/reports/register'
import { noteForProactiveDisclosure, proactiveList, reportStatistics } from '../services/reports/statistics'
import type { ApiOperations } from './api-docs'

const ReportQuery = z.strictObject({
  agency: z.string().min(1).max(64),
  year: z.coerce.number().int().min(2000).max(2100),
  subAgencies: z.enum(['true', 'false']).optional(),
  format: z.enum(['json', 'xlsx', 'csv', 'docx']).optional(),
})

const CellQuery = z.strictObject({
  agency: z.string().min(1).max(64),
  year: z.coerce.number().int().min(2000).max(2100),
  subAgencies: z.enum(['true', 'false']).optional(),
  line: z.enum(REPORT_LINE_KEYS),
  column: z.enum(REPORT_COLUMN_KEYS),
  cursor: z.string().max(80).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
})

const RemedyCellQuery = z.strictObject({
  agency: z.string().min(1).max(64),
  year: z.coerce.number().int().min(2000).max(2100),
  subAgencies: z.enum(['true', 'false']).optional(),
  group: z.enum(REPORT_GROUP_KEYS),
  result: z.enum(REPORT_RESULT_KEYS),
  cursor: z.string().max(170).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
})

const StatisticsQuery = z.strictObject({
  agency: z.string().min(1).max(64),
  year: z.coerce.number().int().min(2000).max(2100),
  subAgencies: z.enum(['true', 'false']).optional(),
  minRequests: z.coerce.number().int().min(2).max(100).optional(),
})
const ProactiveQuery = z.strictObject({ agency: z.string().min(1).max(64) })
const ProactiveBody = z.strictObject({
  agency: z.string().min(1).max(64),
  year: z.number().int().min(2000).max(2100),
  groupKey: z.string().min(1).max(500),
  note: z.string().trim().max(500).default(''),
})

/** The case list's filters (as GET /cases), the file format and whether to show applicants' names. */
const RegisterQuery = z.strictObject({
  state: z.string().max(40).optional(),
  assignee: z.string().max(80).optional(),
  dueBefore: z.string().refine(isValidIsoDate, messages.cases.errors.invalidDate).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  applicantType: z.string().max(40).optional(),
  q: z.string().trim().max(100).optional(),
  format: z.enum(['xlsx', 'csv']).default('xlsx'),
  reveal: z.enum(['true', 'false']).optional(),
})

const CloseBody = z.strictObject({
  agency: z.string().min(1).max(64),
  year: z.number().int().min(2000).max(2100),
})
const ReopenBody = CloseBody.extend({
  reason: z.string().trim().min(1, messages.reports.reopenReasonRequired).max(500),
})

export const apiReportsOperations: ApiOperations = {
  'GET /reports/annual': { access: 'staff', query: ReportQuery },
  'POST /reports/annual/close': { access: 'staff', body: CloseBody },
  'POST /reports/annual/reopen': { access: 'staff', body: ReopenBody },
  'GET /reports/annual/cases': { access: 'staff', query: CellQuery },
  'GET /reports/annual/remedy-cases': { access: 'staff', query: RemedyCellQuery },
  'GET /reports/register': { access: 'staff', query: RegisterQuery },
  'GET /reports/statistics': { access: 'staff', query: StatisticsQuery },
  'GET /reports/proactive': { access: 'staff', query: ProactiveQuery },
  'POST /reports/proactive': { access: 'staff', body: ProactiveBody },
}

export const apiReports = new Hono<AppEnv>()
  .get('/reports/annual', async (c) => {
    const { format = 'json', subAgencies, ...q } = parseWith(ReportQuery, c.req.query())
    const report = await annualReport(
      c.get('db'),
      staff(c),
      { ...q, subAgencies: subAgencies === 'true' },
      c.get('now'),
    )
    const filename = `${report.agency.name}${report.year}年度政府信息公开申请情况.${format}`
    if (format === 'xlsx') return spreadsheetResponse(await annualReportXlsx(report), 'xlsx', filename)
    if (format === 'csv') return spreadsheetResponse(annualReportCsv(report), 'csv', filename)
    if (format === 'docx') {
      // The docx library is a separate module of the Worker, loaded by this export only (scripts/worker-build.ts).
      const { annualReportDocx } = await import('../services/reports/annual-docx')
      return docxResponse({
        body: await annualReportDocx(report),
        filename,
        sha256: null,
        asciiName: 'report.docx',
      })
    }
    return c.json(report)
  })
  .post('/reports/annual/close', async (c) => {
    const body = await readJson(c, CloseBody)
    return c.json(
      await closeYear(c.get('db'), { auth: staff(c), ...body, now: c.get('now'), ip: clientIp(c) }),
    )
  })
  .post('/reports/annual/reopen', async (c) => {
    const body = await readJson(c, ReopenBody)
    return c.json(
      await reopenReportYear(c.get('db'), { auth: staff(c), ...body, now: c.get('now'), ip: clientIp(c) }),
    )
  })
  .get('/reports/annual/cases', async (c) => {
    const { subAgencies, ...q } = parseWith(CellQuery, c.req.query())
    return c.json(
      await annualReportCellCases(
        c.get('db'),
        staff(c),
        { ...q, subAgencies: subAgencies === 'true' },
        c.get('now'),
      ),
    )
  })
  .get('/reports/annual/remedy-cases', async (c) => {
    const { subAgencies, ...q } = parseWith(RemedyCellQuery, c.req.query())
    return c.json(
      await annualReportRemedyCases(
        c.get('db'),
        staff(c),
        { ...q, subAgencies: subAgencies === 'true' },
        c.get('now'),
      ),
    )
  })
  .get('/reports/statistics', async (c) => {
    const { subAgencies, ...q } = parseWith(StatisticsQuery, c.req.query())
    return c.json(
      await reportStatistics(
        c.get('db'),
        staff(c),
        { ...q, subAgencies: subAgencies === 'true' },
        c.get('now'),
      ),
    )
  })
  .get('/reports/proactive', async (c) => {
    const { agency } = parseWith(ProactiveQuery, c.req.query())
    return c.json(await proactiveList(c.get('db'), staff(c), agency))
  })
  .post('/reports/proactive', async (c) => {
    const body = await readJson(c, ProactiveBody)
    return c.json(
      await noteForProactiveDisclosure(c.get('db'), {
        auth: staff(c),
        ...body,
        now: c.get('now'),
        ip: clientIp(c),
      }),
    )
  })
  .get('/reports/register', async (c) => {
    const { format, reveal, overdue, ...filters } = parseWith(RegisterQuery, c.req.query())
    const rows = await registerRows(c.get('db'), {
      auth: staff(c),
      ip: clientIp(c),
      now: c.get('now'),
      filters: { ...filters, overdue: overdue === 'true' },
      reveal: reveal === 'true',
      keyring: () => loadKeyring(c.env.PII_KEYS, c.env.PII_ACTIVE_KEY),
    })
    const filename = `${messages.reports.register}.${format}`
    return format === 'xlsx'
      ? spreadsheetResponse(await registerXlsx(rows), 'xlsx', filename)
      : spreadsheetResponse(registerCsv(rows), 'csv', filename)
  })
