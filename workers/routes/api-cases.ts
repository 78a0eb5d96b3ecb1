// Staff JSON API for disclosure cases: list (filters + keyset cursor), detail, actions; and the audit verifier.
import { Hono } from 'hono'
import { z } from 'zod'
import { isValidIsoDate } from '../../workflows/calendar'
import { hasRole, scopedAgencyIds } from '../auth/sessions'
import type { AppEnv } from '../env'
import { AppError } from '../errors'
import { parseWith, readJson } from '../lib/body'
import { staff } from '../middleware/auth'
import { loadCalendar } from '../services/calendar'
import { verifyAgencyChain } from '../services/case-store'
import {
  applyCaseAction,
  CursorSchema,
  caseDetail,
  listCases,
  loadAgencyCase,
  staffActor,
} from '../services/cases'
import { transferExtras } from '../services/transfer'

const ListQuery = z.strictObject({
  state: z.string().max(40).optional(),
  assignee: z.string().max(80).optional(),
  dueBefore: z.string().refine(isValidIsoDate, '日期无效').optional(),
  overdue: z.enum(['true', 'false']).optional(),
  applicantType: z.string().max(40).optional(),
  q: z.string().trim().max(100).optional(),
  cursor: CursorSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
})

const ActionBody = z.looseObject({ version: z.number().int().min(0) })

export const apiCases = new Hono<AppEnv>()
  .get('/cases', async (c) => {
    const q = parseWith(ListQuery, c.req.query())
    return c.json(
      await listCases(c.get('db'), staff(c), { ...q, overdue: q.overdue === 'true' }, c.get('now')),
    )
  })
  .get('/cases/:id', async (c) => {
    const db = c.get('db')
    return c.json(await caseDetail(db, staff(c), c.req.param('id'), c.get('now'), await loadCalendar(db)))
  })
  .post('/cases/:id/actions/:action', async (c) => {
    const auth = staff(c)
    const db = c.get('db')
    const row = await loadAgencyCase(db, scopedAgencyIds(auth), c.req.param('id'))
    const { version, ...input } = await readJson(c, ActionBody)
    const action = c.req.param('action')
    const now = c.get('now')
    const calendar = await loadCalendar(db)
    const result = await applyCaseAction(db, {
      row,
      action,
      actor: staffActor(auth, row.agencyId),
      body: input,
      expectedVersion: version,
      now,
      calendar,
      ...(action === 'transfer' ? { extra: () => transferExtras(db, row, input, now, calendar) } : {}),
    })
    return c.json({ id: row.id, state: result.state, version: result.version })
  })
  .get('/audit/verify', async (c) => {
    const auth = staff(c)
    const agency = parseWith(z.string().min(1).max(64), c.req.query('agency') ?? '')
    if (!scopedAgencyIds(auth).includes(agency)) throw new AppError('not_found')
    if (!hasRole(auth, agency, 'auditor', 'admin')) throw new AppError('forbidden')
    return c.json(await verifyAgencyChain(c.get('db'), agency))
  })
