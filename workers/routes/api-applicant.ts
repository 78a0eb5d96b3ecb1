// Staff access to an applicant's answers and uploads (`/cases/{id}/applicant`, `/cases/{id}/attachments`,
// `/attachments/{id}`): masked by default, case roles only, every reveal or download audited
// (services/applicant.ts).
import { type Context, Hono } from 'hono'
import type { AppEnv } from '../env'
import { loadKeyring } from '../lib/pii'
import { clientIp, staff } from '../middleware/auth'
import { applicantView, caseAttachments, downloadAttachment, type StaffRequest } from '../services/applicant'
import type { ApiOperations } from './api-docs'

function staffRequest(c: Context<AppEnv>): StaffRequest {
  return { auth: staff(c), ip: clientIp(c), now: c.get('now') }
}

/** A case's applicant for the staff member making this request (also shown on the admin case page). */
export function applicantFor(c: Context<AppEnv>, caseId: string, reveal: boolean) {
  const keyring = () => loadKeyring(c.env.PII_KEYS, c.env.PII_ACTIVE_KEY)
  return applicantView(c.get('db'), keyring, staffRequest(c), caseId, reveal)
}

export const apiApplicantOperations: ApiOperations = {
  'GET /cases/:id/applicant': { access: 'staff' },
  'POST /cases/:id/applicant/reveal': { access: 'staff' },
  'GET /attachments/:id': { access: 'staff' },
  'GET /cases/:id/attachments': { access: 'staff' },
}

export const apiApplicant = new Hono<AppEnv>()

apiApplicant.get('/cases/:id/applicant', async (c) => {
  const view = await applicantFor(c, c.req.param('id'), false)
  return c.json({ masked: true, data: view.data, personal: view.personal })
})

apiApplicant.post('/cases/:id/applicant/reveal', async (c) => {
  const view = await applicantFor(c, c.req.param('id'), true)
  return c.json({ masked: false, data: view.data, personal: view.personal })
})

apiApplicant.get('/attachments/:id', async (c) => {
  const keyring = () => loadKeyring(c.env.PII_KEYS, c.env.PII_ACTIVE_KEY)
  const file = await downloadAttachment(c.get('db'), c.env.FILES, keyring, staffRequest(c), c.req.param('id'))
  const name = encodeURIComponent(file.filename)
  return new Response(file.body, {
    headers: {
      'Content-Type': file.contentType,
      'Content-Disposition': `attachment; filename="attachment"; filename*=UTF-8''${name}`,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'private, no-store',
    },
  })
})

apiApplicant.get('/cases/:id/attachments', async (c) => {
  return c.json({ items: await caseAttachments(c.get('db'), staff(c), c.req.param('id')) })
})
