// Staff access to an applicant's answers and uploads: masked by default, revealed only to case roles, and every
// reveal or download written to the audit log (PIPL; 等保 audit of sensitive access).
import { and, eq, inArray, ne } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { attachments, cases, submissions } from '../../db/schema'
import { type AuthContext, caseScopedAgencyIds, hasRole } from '../auth/sessions'
import { AppError } from '../errors'
import { decryptBytes, maskEmail, maskIdNumber, maskPhone, type PiiKeyring } from '../lib/pii'
import { recordAudit } from './audit-log'
import { loadAgencyCase } from './cases'
import { type AnswerRow, answerRows, formVersionById } from './forms'
import { submissionPii } from './submissions'
import { attachmentAad, type FileStore } from './uploads'

/** The case roles that may see an applicant's personal data and uploads. */
export const PERSONAL_DATA_ROLES = ['registrar', 'handler', 'admin', 'approver', 'legal_reviewer'] as const

/** Who is asking, from where and when (for the role check and the audit row). */
export interface StaffRequest {
  auth: AuthContext
  ip: string
  now: number
}

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

export interface ApplicantView {
  revealed: boolean
  /** The stored (non-personal) answers. */
  data: Record<string, unknown>
  /** The personal answers, masked unless revealed. */
  personal: Record<string, unknown>
  /** All answers formatted by the form version the submission pinned. */
  rows: AnswerRow[]
}

/** The case's applicant: stored answers plus personal ones, masked unless `reveal` (then role-checked, audited). */
export async function applicantView(
  db: Db,
  keyring: () => Promise<PiiKeyring>,
  who: StaffRequest,
  caseId: string,
  reveal: boolean,
): Promise<ApplicantView> {
  const row = await loadAgencyCase(db, caseScopedAgencyIds(who.auth), caseId)
  const sub = await db.select().from(submissions).where(eq(submissions.id, row.submissionId)).get()
  if (!sub) throw new AppError('not_found')
  const answers = await submissionPii(await keyring(), sub)
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
  if (!hasRole(who.auth, row.agencyId, ...PERSONAL_DATA_ROLES)) throw new AppError('forbidden')
  await recordAudit(db, {
    agencyId: row.agencyId,
    actorId: who.auth.user.id,
    action: 'pii.revealed',
    target: row.id,
    payload: { submissionId: sub.id, fields: Object.keys(answers) },
    ip: who.ip,
    at: who.now,
  })
  return { revealed: true, data, personal: answers, rows: rowsOf(answers) }
}

/** The uploads of a case's submission (names and sizes; the files themselves through `downloadAttachment`). */
export async function caseAttachments(db: Db, auth: AuthContext, caseId: string) {
  const row = await loadAgencyCase(db, caseScopedAgencyIds(auth), caseId)
  return db
    .select({
      id: attachments.id,
      filename: attachments.filename,
      size: attachments.size,
      contentType: attachments.contentType,
    })
    .from(attachments)
    .where(eq(attachments.submissionId, row.submissionId))
    .all()
}

/**
 * One upload for a case role of the agency handling the request now (after a transfer: the receiving agency, not
 * the uploader); 404 for anyone else in scope or not, and every download audited.
 */
export async function downloadAttachment(
  db: Db,
  files: FileStore,
  keyring: () => Promise<PiiKeyring>,
  who: StaffRequest,
  attachmentId: string,
): Promise<{ body: ReadableStream | Uint8Array; filename: string; contentType: string }> {
  const file = await db.select().from(attachments).where(eq(attachments.id, attachmentId)).get()
  if (!file?.submissionId) throw new AppError('not_found')
  const handling = await db
    .select({ agencyId: cases.agencyId })
    .from(cases)
    .where(
      and(
        eq(cases.submissionId, file.submissionId),
        inArray(cases.agencyId, caseScopedAgencyIds(who.auth)),
        ne(cases.state, 'transferred'),
      ),
    )
    .get()
  if (!handling) throw new AppError('not_found')
  if (!hasRole(who.auth, handling.agencyId, ...PERSONAL_DATA_ROLES)) throw new AppError('forbidden')
  const object = await files.get(file.r2Key)
  if (!object) throw new AppError('not_found')
  await recordAudit(db, {
    agencyId: handling.agencyId,
    actorId: who.auth.user.id,
    action: 'attachment.downloaded',
    target: file.id,
    ip: who.ip,
    at: who.now,
  })
  // Stored encrypted (files from before encryption have no key id and are served as stored).
  const body = file.keyId
    ? await decryptBytes(
        await keyring(),
        file.keyId,
        new Uint8Array(await new Response(object.body).arrayBuffer()),
        attachmentAad(file.id),
      )
    : object.body
  return { body, filename: file.filename, contentType: file.contentType }
}
