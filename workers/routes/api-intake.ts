// Staff intake over the JSON API: `POST /api/v1/agencies/{agency}/intake` — a registrar registers an application
// received in person, by post, fax or e-mail, or orally; the case opens received on `receivedOn`.
import { Hono } from 'hono'
import * as z from 'zod'
import type { AppEnv } from '../env'
import { messages } from '../i18n/zh-CN'
import { readJson } from '../lib/body'
import { staff } from '../middleware/auth'
import { agencyBySlug, publishedForm } from '../services/forms'
import { INTAKE_CHANNELS, registerApplication } from '../services/staff-intake'
import type { ApiOperations } from './api-docs'
import { idempotencyKeyOf } from './api-forms'
import { intakeDeps } from './form-context'

const IntakeBody = z.strictObject({
  form: z.string().min(1).max(64),
  channel: z.enum(INTAKE_CHANNELS),
  receivedOn: z.string().max(10),
  data: z.record(z.string(), z.unknown()),
  scan: z.string().min(1).max(64).optional(),
})

export const apiIntakeOperations: ApiOperations = {
  'POST /agencies/:agency/intake': {
    access: 'staff',
    body: IntakeBody,
    status: 201,
    headers: { 'Idempotency-Key': messages.apiDocs.idempotencyKey },
  },
}

export const apiIntake = new Hono<AppEnv>().post('/agencies/:agency/intake', async (c) => {
  const db = c.get('db')
  const auth = staff(c)
  const idempotencyKey = idempotencyKeyOf(c.req.header('idempotency-key'))
  const body = await readJson(c, IntakeBody)
  const agency = await agencyBySlug(db, c.req.param('agency'))
  const form = await publishedForm(db, agency, body.form, c.get('now'))
  const receipt = await registerApplication(intakeDeps(c), {
    auth,
    open: { agency, form },
    channel: body.channel,
    receivedOn: body.receivedOn,
    data: body.data,
    scan: body.scan,
    idempotencyKey,
  })
  return c.json(
    { caseId: receipt.caseId, reference: receipt.reference, queryCode: receipt.queryCode },
    receipt.replay ? 200 : 201,
  )
})
