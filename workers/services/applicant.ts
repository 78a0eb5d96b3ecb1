// An applicant's answers for staff: masked by default; revealing the personal fields is role-checked and audited.
import { eq } from 'drizzle-orm'
import type { Context } from 'hono'
import { auditLog, submissions } from '../../db/schema'
import { hasRole, scopedAgencyIds } from '../auth/sessions'
import type { AppEnv } from '../env'
import { AppError } from '../errors'
import { loadKeyring, maskEmail, maskIdNumber, maskPhone } from '../lib/pii'
import { clientIp, staff } from '../middleware/auth'
import { loadAgencyCase } from './cases'
import { answerRows, formVersionById } from './forms'
import { submissionPii } from './submissions'

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

/** The case's applicant: stored answers plus personal ones, masked unless `reveal` (then audited). */
export async function applicantView(c: Context<AppEnv>, caseId: string, reveal: boolean) {
  const auth = staff(c)
  const db = c.get('db')
  const row = await loadAgencyCase(db, scopedAgencyIds(auth), caseId)
  const sub = await db.select().from(submissions).where(eq(submissions.id, row.submissionId)).get()
  if (!sub) throw new AppError('not_found')
  const ring = await loadKeyring(c.env.PII_KEYS, c.env.PII_ACTIVE_KEY)
  const answers = await submissionPii(ring, sub)
  const data = JSON.parse(sub.data) as Record<string, unknown>
  const form = await formVersionById(db, sub.formVersionId)
  const rowsOf = (personal: Record<string, unknown>) => {
    const all = { ...data, ...personal }
    return form
      ? answerRows(form, all)
      : Object.entries(all).map(([field, v]) => ({
          pageId: '',
          field,
          label: field,
          value: typeof v === 'string' ? v : JSON.stringify(v),
        }))
  }
  if (!reveal) {
    const masked = maskAnswers(answers)
    return { revealed: false, data, personal: masked, rows: rowsOf(masked) }
  }
  // A transferred case is closed for this agency: the receiving agency now holds the applicant's data.
  if (row.state === 'transferred') throw new AppError('forbidden')
  if (!hasRole(auth, row.agencyId, 'registrar', 'handler', 'admin', 'approver', 'legal_reviewer')) {
    throw new AppError('forbidden')
  }
  await db.insert(auditLog).values({
    agencyId: row.agencyId,
    actorId: auth.user.id,
    action: 'pii.revealed',
    target: row.id,
    payload: JSON.stringify({ submissionId: sub.id, fields: Object.keys(answers) }),
    ip: clientIp(c),
    at: c.get('now'),
  })
  return { revealed: true, data, personal: answers, rows: rowsOf(answers) }
}
