// Staff JSON API for disclosure cases: list (filters + keyset cursor), detail, actions; and the audit verifier.
import { Hono } from 'hono'
import * as z from 'zod'
import { isValidIsoDate } from '../../workflows/calendar'
import type { AppEnv } from '../env'
import { messages } from '../i18n/zh-CN'
import { parseWith, readJson } from '../lib/body'
import { letterDepsFrom } from '../lib/letter-deps'
import { staff } from '../middleware/auth'
import { verifyAuditChain } from '../services/audit'
import { loadCalendar } from '../services/calendar'
import { actOnCase, CASE_SORTS, CursorSchema, caseDetail, listCases } from '../services/cases'
import type { ApiOperations } from './api-docs'

const isoDate = z.string().refine(isValidIsoDate, messages.cases.errors.invalidDate)
const flag = z.enum(['true', 'false']).optional()

const ListQuery = z.strictObject({
  state: z.string().max(40).optional(),
  outcome: z.string().max(60).optional(),
  assignee: z.string().max(80).optional(),
  applicantType: z.string().max(40).optional(),
  channel: z.string().max(40).optional(),
  agency: z.string().max(80).optional(),
  receivedFrom: isoDate.optional(),
  receivedTo: isoDate.optional(),
  dueFrom: isoDate.optional(),
  dueBefore: isoDate.optional(),
  overdue: flag,
  dueSoon: flag,
  q: z.string().trim().max(100).optional(),
  sort: z.enum(CASE_SORTS).optional(),
  cursor: CursorSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
})

const ActionBody = z.looseObject({ version: z.number().int().min(0) })

/** Without an agency: the platform's own audit-log chain (the operator's). */
const VerifyQuery = z.strictObject({ agency: z.string().min(1).max(64).optional() })

export const apiCasesOperations: ApiOperations = {
  'GET /cases': { access: 'staff', query: ListQuery },
  'GET /cases/:id': { access: 'staff' },
  'POST /cases/:id/actions/:action': { access: 'staff', bodyRef: 'action' },
  'GET /audit/verify': { access: 'staff', query: VerifyQuery },
}

export const apiCases = new Hono<AppEnv>()
  .get('/cases', async (c) => {
    const q = parseWith(ListQuery, c.req.query())
    const db = c.get('db')
    const filters = { ...q, overdue: q.overdue === 'true', dueSoon: q.dueSoon === 'true' }
    const deps = { secret: c.env.APP_SECRET, calendar: await loadCalendar(db) }
    return c.json(await listCases(db, staff(c), filters, c.get('now'), deps))
  })
  .get('/cases/:id', async (c) => {
    const db = c.get('db')
    return c.json(
      await caseDetail(
        db,
        staff(c),
        c.req.param('id'),
        c.get('now'),
        await loadCalendar(db, { withLocalRules: true }),
      ),
    )
  })
  .post('/cases/:id/actions/:action', async (c) => {
    const db = c.get('db')
    const result = await actOnCase(db, {
      auth: staff(c),
      caseId: c.req.param('id'),
      action: c.req.param('action'),
      read: async () => {
        const { version, ...body } = await readJson(c, ActionBody)
        return { expectedVersion: version, body }
      },
      now: c.get('now'),
      calendar: await loadCalendar(db, { withLocalRules: true }),
      letters: letterDepsFrom(c.env),
    })
    return c.json({ id: result.id, state: result.state, version: result.version })
  })
  .get('/audit/verify', async (c) => {
    const auth = staff(c)
    const { agency } = parseWith(VerifyQuery, c.req.query())
    return c.json(await verifyAuditChain(c.get('db'), auth, agency, c.get('now')))
  })
