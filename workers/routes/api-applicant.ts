// Staff access to an applicant's personal data and uploads: masked by default, revealed only to case roles,
// and every reveal or download is written to the audit log (PIPL; 等保 audit of sensitive access).
import { and, eq } from 'drizzle-orm'
import { type Context, Hono } from 'hono'
import { attachments, auditLog, submissions } from '../../db/schema'
import { hasRole, scopedAgencyIds } from '../auth/sessions'
import type { AppEnv } from '../env'
import { AppError } from '../errors'
import { loadKeyring, maskEmail, maskIdNumber, maskPhone } from '../lib/pii'
import { clientIp, staff } from '../middleware/auth'
import { loadAgencyCase } from '../services/cases'
import { submissionPii } from '../services/submissions'

/** Mask every personal answer for display: ID numbers, phones, e-mails, names (first character kept), addresses. */
export function maskAnswers(answers: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(answers)) {
    if (typeof v === 'string') {
      if (/phone/i.test(k)) out[k] = maskPhone(v)
      else if (/email/i.test(k)) out[k] = maskEmail(v)
      else out[k] = v.length <= 1 ? '*' : `${v.slice(0, 1)}${'*'.repeat(Math.min(v.length - 1, 8))}`
    } else if (v && typeof v === 'object' && !Array.isArray(v)) {
      const o = v as Record<string, unknown>
      if (typeof o.number === 'string') out[k] = { ...o, number: maskIdNumber(o.number) }
      else if (typeof o.detail === 'string') out[k] = { region: o.region, detail: '****' }
      else out[k] = '****'
    } else out[k] = v
  }
  return out
}

export const apiApplicant = new Hono<AppEnv>()

async function loadApplicant(c: Context<AppEnv>) {
  const auth = staff(c)
  const db = c.get('db')
  const row = await loadAgencyCase(db, scopedAgencyIds(auth), c.req.param('id') ?? '')
  const sub = await db.select().from(submissions).where(eq(submissions.id, row.submissionId)).get()
  if (!sub) throw new AppError('not_found')
  const ring = await loadKeyring(c.env.PII_KEYS, c.env.PII_ACTIVE_KEY)
  return { auth, row, sub, answers: await submissionPii(ring, sub) }
}

apiApplicant.get('/cases/:id/applicant', async (c) => {
  const { sub, answers } = await loadApplicant(c)
  return c.json({ masked: true, data: JSON.parse(sub.data) as unknown, personal: maskAnswers(answers) })
})

apiApplicant.post('/cases/:id/applicant/reveal', async (c) => {
  const { auth, row, sub, answers } = await loadApplicant(c)
  if (!hasRole(auth, row.agencyId, 'registrar', 'handler', 'admin', 'approver', 'legal_reviewer')) {
    throw new AppError('forbidden')
  }
  await c
    .get('db')
    .insert(auditLog)
    .values({
      agencyId: row.agencyId,
      actorId: auth.user.id,
      action: 'pii.revealed',
      target: row.id,
      payload: JSON.stringify({ submissionId: sub.id, fields: Object.keys(answers) }),
      ip: clientIp(c),
      at: c.get('now'),
    })
  return c.json({ masked: false, data: JSON.parse(sub.data) as unknown, personal: answers })
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
  if (!file || !scope.includes(file.agencyId) || !file.submissionId) throw new AppError('not_found')
  if (!hasRole(auth, file.agencyId, 'registrar', 'handler', 'admin', 'approver', 'legal_reviewer')) {
    throw new AppError('forbidden')
  }
  const object = await c.env.FILES.get(file.r2Key)
  if (!object) throw new AppError('not_found')
  await db.insert(auditLog).values({
    agencyId: file.agencyId,
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
  const { row } = await loadApplicant(c)
  const files = await c
    .get('db')
    .select({
      id: attachments.id,
      filename: attachments.filename,
      size: attachments.size,
      contentType: attachments.contentType,
    })
    .from(attachments)
    .where(and(eq(attachments.submissionId, row.submissionId), eq(attachments.agencyId, row.agencyId)))
    .all()
  return c.json({ items: files })
})
