// Staff access to an applicant's personal data and uploads: masked by default, revealed only to case roles,
// and every reveal or download is written to the audit log (PIPL; 等保 audit of sensitive access).
import { and, eq, inArray, ne } from 'drizzle-orm'
import { Hono } from 'hono'
import { attachments, auditLog, cases } from '../../db/schema'
import { hasRole, scopedAgencyIds } from '../auth/sessions'
import type { AppEnv } from '../env'
import { AppError } from '../errors'
import { clientIp, staff } from '../middleware/auth'
import { applicantView } from '../services/applicant'
import { loadAgencyCase } from '../services/cases'

export const apiApplicant = new Hono<AppEnv>()

apiApplicant.get('/cases/:id/applicant', async (c) => {
  const view = await applicantView(c, c.req.param('id'), false)
  return c.json({ masked: true, data: view.data, personal: view.personal })
})

apiApplicant.post('/cases/:id/applicant/reveal', async (c) => {
  const view = await applicantView(c, c.req.param('id'), true)
  return c.json({ masked: false, data: view.data, personal: view.personal })
})

apiApplicant.get('/attachments/:id', async (c) => {
  const auth = staff(c)
  const db = c.get('db')
  const scope = scopedAgencyIds(auth)
  const file = await db
    .select()
    .from(attachments)
    .where(eq(attachments.id, c.req.param('id')))
    .get()
  if (!file?.submissionId) throw new AppError('not_found')
  // Access follows the case handling the request now (after a transfer: the receiving agency), not the uploader.
  const handling = await db
    .select({ agencyId: cases.agencyId })
    .from(cases)
    .where(
      and(
        eq(cases.submissionId, file.submissionId),
        inArray(cases.agencyId, scope),
        ne(cases.state, 'transferred'),
      ),
    )
    .get()
  if (!handling) throw new AppError('not_found')
  if (!hasRole(auth, handling.agencyId, 'registrar', 'handler', 'admin', 'approver', 'legal_reviewer')) {
    throw new AppError('forbidden')
  }
  const object = await c.env.FILES.get(file.r2Key)
  if (!object) throw new AppError('not_found')
  await db.insert(auditLog).values({
    agencyId: handling.agencyId,
    actorId: auth.user.id,
    action: 'attachment.downloaded',
    target: file.id,
    ip: clientIp(c),
    at: c.get('now'),
  })
  const name = encodeURIComponent(file.filename)
  return new Response(object.body, {
    headers: {
      'Content-Type': file.contentType,
      'Content-Disposition': `attachment; filename="attachment"; filename*=UTF-8''${name}`,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'private, no-store',
    },
  })
})

apiApplicant.get('/cases/:id/attachments', async (c) => {
  const row = await loadAgencyCase(c.get('db'), scopedAgencyIds(staff(c)), c.req.param('id'))
  const files = await c
    .get('db')
    .select({
      id: attachments.id,
      filename: attachments.filename,
      size: attachments.size,
      contentType: attachments.contentType,
    })
    .from(attachments)
    .where(eq(attachments.submissionId, row.submissionId))
    .all()
  return c.json({ items: files })
})
