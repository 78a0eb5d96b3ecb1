// The citizen forms' JSON API for portals with their own UI: the form's JSON Schema, the proof-of-work challenge,
// submissions (`Idempotency-Key`) and uploads. CORS only for the agency's own portal origins.
import { type Context, Hono } from 'hono'
import * as z from 'zod'
import type { AppEnv } from '../env'
import { AppError } from '../errors'
import { messages } from '../i18n/zh-CN'
import { parseWith, readJsonValue } from '../lib/body'
import { type AgencyRow, agencyBySlug, embedOrigins, formDescription } from '../services/forms'
import { formApiChallenge, submitJson } from '../services/intake'
import { uploadAttachment } from '../services/uploads'
import type { ApiOperations } from './api-docs'
import { intakeDeps, openForm, readPostedPage } from './form-context'

const IdempotencyKey = z.string().regex(/^[A-Za-z0-9._:-]{8,200}$/)
const UploadQuery = z.object({ field: z.string().default('attachments') })

/** The optional `Idempotency-Key` header; its own issue (not zod's) is part of the public contract. */
export function idempotencyKeyOf(header: string | undefined): string | null {
  if (header === undefined) return null
  if (!IdempotencyKey.safeParse(header).success) {
    throw new AppError('validation_failed', {
      issues: [{ path: 'Idempotency-Key', code: 'invalid', message: messages.form.idempotencyKeyFormat }],
    })
  }
  return header
}

/** CORS for portals calling from the browser: only the agency's own embed origins. */
function cors(c: Context<AppEnv>, agency: AgencyRow) {
  const origin = c.req.header('origin')
  if (origin && embedOrigins(agency).includes(origin)) {
    c.header('Access-Control-Allow-Origin', origin)
    c.header('Vary', 'Origin')
    c.header('Access-Control-Allow-Headers', 'content-type, idempotency-key, x-altcha')
    c.header('Access-Control-Allow-Methods', 'GET, POST')
    c.header('Access-Control-Max-Age', '600')
  }
}

/** The form of the path, with CORS headers for its agency's portals. */
async function openFormWithCors(c: Context<AppEnv>, options: { withCalendar?: boolean } = {}) {
  const open = await openForm(c, options)
  cors(c, open.agency)
  return open
}

export const apiFormsOperations: ApiOperations = {
  'OPTIONS /agencies/:agency/forms/:form/*': { access: 'public' },
  'GET /agencies/:agency/forms/:form': { access: 'public' },
  'GET /agencies/:agency/forms/:form/challenge': { access: 'public' },
  'POST /agencies/:agency/forms/:form/submissions': {
    access: 'public',
    status: 201,
    headers: {
      'Idempotency-Key': messages.apiDocs.idempotencyKey,
      'X-Altcha': messages.apiDocs.altcha,
    },
  },
  'POST /agencies/:agency/forms/:form/attachments': {
    access: 'public',
    query: UploadQuery,
    status: 201,
    multipart: { file: messages.apiDocs.uploadFile },
  },
}

export const apiForms = new Hono<AppEnv>()

apiForms.options('/agencies/:agency/forms/:form/*', async (c) => {
  cors(c, await agencyBySlug(c.get('db'), c.req.param('agency')))
  return c.body(null, 204)
})

apiForms.get('/agencies/:agency/forms/:form', async (c) => {
  const open = await openFormWithCors(c)
  c.header('Cache-Control', 'public, max-age=300')
  return c.json(formDescription(open.agency, open.form))
})

apiForms.get('/agencies/:agency/forms/:form/challenge', async (c) => {
  const open = await openFormWithCors(c)
  const challenge = await formApiChallenge(intakeDeps(c), open)
  return c.body(challenge, 200, { 'Content-Type': 'application/json; charset=utf-8' })
})

apiForms.post('/agencies/:agency/forms/:form/submissions', async (c) => {
  // A submission goes on to its agency's calendar: stamps first, agency and form from the isolate's cache.
  const open = await openFormWithCors(c, { withCalendar: true })
  const idempotencyKey = idempotencyKeyOf(c.req.header('idempotency-key'))
  const body = await readJsonValue(c)
  const receipt = await submitJson(intakeDeps(c), open, {
    body,
    idempotencyKey,
    proofOfWork: c.req.header('x-altcha') ?? '',
  })
  return c.json(
    {
      reference: receipt.reference,
      queryCode: receipt.queryCode,
      status: 'submitted',
      submittedAt: new Date(receipt.submittedAt).toISOString(),
    },
    receipt.replay ? 200 : 201,
  )
})

apiForms.post('/agencies/:agency/forms/:form/attachments', async (c) => {
  const open = await openFormWithCors(c)
  const { field } = parseWith(UploadQuery, c.req.query())
  const stored = await uploadAttachment(
    intakeDeps(c),
    { agencyId: open.agency.id, compiled: open.form.compiled },
    field,
    async () => (await readPostedPage(c)).files.get('file')?.[0],
  )
  return c.json(stored, 201)
})
