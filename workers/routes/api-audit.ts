// The staff audit log for its auditors: `GET /audit/log` (filters, keyset paging; `format=csv` exports).
import { Hono } from 'hono'
import * as z from 'zod'
import { isValidIsoDate } from '../../workflows/calendar'
import type { AppEnv } from '../env'
import { messages } from '../i18n/zh-CN'
import { parseWith } from '../lib/body'
import { clientIp, staff } from '../middleware/auth'
import { exportAuditLog, readAuditLog } from '../services/audit'
import type { ApiOperations } from './api-docs'

const day = z.string().refine(isValidIsoDate, messages.cases.errors.invalidDate)

export const AuditLogQuery = z.strictObject({
  agency: z.string().min(1).max(64).optional(),
  action: z.string().trim().min(1).max(64).optional(),
  actor: z.string().trim().min(1).max(80).optional(),
  from: day.optional(),
  to: day.optional(),
  before: z.coerce.number().int().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  format: z.enum(['json', 'csv']).default('json'),
})

export const apiAuditOperations: ApiOperations = {
  'GET /audit/log': { access: 'staff', query: AuditLogQuery },
}

export const apiAudit = new Hono<AppEnv>().get('/audit/log', async (c) => {
  const { format, limit, before, ...filter } = parseWith(AuditLogQuery, c.req.query())
  const auth = staff(c)
  if (format === 'csv') {
    const csv = await exportAuditLog(c.get('db'), auth, filter, { ip: clientIp(c), now: c.get('now') })
    return c.body(csv, 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="audit-log.csv"`,
      'Cache-Control': 'private, no-store',
    })
  }
  return c.json(await readAuditLog(c.get('db'), auth, { ...filter, before, limit }))
})
