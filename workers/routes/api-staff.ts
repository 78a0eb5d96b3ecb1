// JSON API for agencies and staff accounts (admin), agency-scoped: a foreign id is a 404.
import { Hono } from 'hono'
import * as z from 'zod'
import type { AppEnv } from '../env'
import { parseWith, readJson } from '../lib/body'
import { clientIp, staff } from '../middleware/auth'
import {
  AgencySettingsInput,
  agencySettingsView,
  updateAgencySettings,
} from '../services/agency-settings-admin'
import { InboxCursorSchema, markInboxItem, staffInbox } from '../services/outbox'
import {
  createUser,
  getAgency,
  getUser,
  listAgencies,
  listUsers,
  NewUserInput,
  resetMfa,
  resetPassword,
  setUserDisabled,
} from '../services/staff-admin'
import { setTransferTargets, transferTargetsView } from '../services/transfer-targets'
import type { ApiOperations } from './api-docs'

const TransferTargets = z.strictObject({ targets: z.array(z.string().trim().min(1).max(64)).max(200) })

const PasswordReset = z.strictObject({ password: z.string().min(1).max(256) })

const InboxQuery = z.strictObject({
  cursor: InboxCursorSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
})

export const apiStaffOperations: ApiOperations = {
  'GET /agencies': { access: 'staff' },
  'GET /agencies/:id': { access: 'staff' },
  'GET /agencies/:id/settings': { access: 'staff' },
  'PUT /agencies/:id/settings': { access: 'staff', body: AgencySettingsInput },
  'GET /agencies/:id/transfer-targets': { access: 'staff' },
  'PUT /agencies/:id/transfer-targets': { access: 'staff', body: TransferTargets },
  'GET /notifications': { access: 'staff', query: InboxQuery },
  'POST /notifications/:id/read': { access: 'staff' },
  'POST /notifications/:id/dismiss': { access: 'staff' },
  'GET /users': { access: 'staff' },
  'POST /users': { access: 'staff', body: NewUserInput, status: 201 },
  'GET /users/:id': { access: 'staff' },
  'POST /users/:id/disable': { access: 'staff' },
  'POST /users/:id/enable': { access: 'staff' },
  'POST /users/:id/password': { access: 'staff', body: PasswordReset },
  'POST /users/:id/mfa/reset': { access: 'staff' },
}

export const apiStaff = new Hono<AppEnv>()
  .get('/agencies', async (c) => c.json({ items: await listAgencies(c.get('db'), staff(c)) }))
  .get('/agencies/:id', async (c) => {
    const a = await getAgency(c.get('db'), staff(c), c.req.param('id'))
    return c.json({ id: a.id, slug: a.slug, name: a.name, kind: a.kind, parentId: a.parentId })
  })
  .get('/agencies/:id/settings', async (c) =>
    c.json(await agencySettingsView(c.get('db'), staff(c), c.req.param('id'))),
  )
  .put('/agencies/:id/settings', async (c) => {
    const auth = staff(c)
    await agencySettingsView(c.get('db'), auth, c.req.param('id'))
    const body = await readJson(c, AgencySettingsInput)
    return c.json(await updateAgencySettings(c.get('db'), auth, c.req.param('id'), body, c.get('now')))
  })
  .get('/agencies/:id/transfer-targets', async (c) =>
    c.json(await transferTargetsView(c.get('db'), staff(c), c.req.param('id'))),
  )
  .put('/agencies/:id/transfer-targets', async (c) => {
    const { targets } = await readJson(c, TransferTargets)
    return c.json(await setTransferTargets(c.get('db'), staff(c), c.req.param('id'), targets, c.get('now')))
  })
  .get('/notifications', async (c) => {
    const q = parseWith(InboxQuery, c.req.query())
    const page = await staffInbox(c.get('db'), staff(c).user.id, q)
    return c.json({ ...page, items: page.items.map((i) => ({ ...i, at: new Date(i.at).toISOString() })) })
  })
  .post('/notifications/:id/read', async (c) => {
    await markInboxItem(c.get('db'), staff(c).user.id, c.req.param('id'), 'read', c.get('now'))
    return c.json({ id: c.req.param('id'), read: true })
  })
  .post('/notifications/:id/dismiss', async (c) => {
    await markInboxItem(c.get('db'), staff(c).user.id, c.req.param('id'), 'dismiss', c.get('now'))
    return c.json({ id: c.req.param('id'), dismissed: true })
  })
  .get('/users', async (c) => c.json({ items: await listUsers(c.get('db'), staff(c)) }))
  .post('/users', async (c) => {
    const body = await readJson(c, NewUserInput)
    return c.json(await createUser(c.get('db'), staff(c), body, c.get('now')), 201)
  })
  .get('/users/:id', async (c) => c.json(await getUser(c.get('db'), staff(c), c.req.param('id'))))
  .post('/users/:id/disable', async (c) =>
    c.json(await setUserDisabled(c.get('db'), staff(c), c.req.param('id'), true, c.get('now'))),
  )
  .post('/users/:id/enable', async (c) =>
    c.json(await setUserDisabled(c.get('db'), staff(c), c.req.param('id'), false, c.get('now'))),
  )
  .post('/users/:id/password', async (c) => {
    const { password } = await readJson(c, PasswordReset)
    return c.json(await resetPassword(c.get('db'), staff(c), c.req.param('id'), password, c.get('now')))
  })
  .post('/users/:id/mfa/reset', async (c) =>
    c.json(await resetMfa(c.get('db'), staff(c), c.req.param('id'), c.get('now'), clientIp(c))),
  )
