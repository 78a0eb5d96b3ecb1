// Reading and working on letters at the edge: a case's letters, one letter rendered (a draft with its edits, or
// the frozen copy), its .docx (the stored bytes once signed), editing a draft's free text, recording 送达.
import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm'
import * as z from 'zod'
import type { Db } from '../../../db/client'
import { cases, letters } from '../../../db/schema'
import { shanghaiDate } from '../../../workflows/calendar'
import { DELIVERY_METHODS } from '../../../workflows/definitions'
import {
  CORRECTION_SLOT,
  correctionTitle,
  type LetterDocument,
  type LetterParagraph,
  letterDocx,
  letterTemplate,
} from '../../../workflows/letters'
import { hasControlCharacters } from '../../../workflows/support/text'
import { type AuthContext, caseScopedAgencyIds, hasRole } from '../../auth/sessions'
import { AppError } from '../../errors'
import { messages } from '../../i18n/zh-CN'
import { agencyWorkflowSettings } from '../agency-settings'
import { commitAudited } from '../audit-log'
import { loadAgencyCase } from '../cases/queries'
import type { FileStore } from '../uploads'
import { agencyLetterContext } from './context'
import { renderStored, type StoredDraft } from './plan'

const t = messages.letters

type LetterRow = typeof letters.$inferSelect

/** Letters addressed to a consultee are not the applicant's to download. */
const APPLICANT_LETTERS = new Set([
  'receipt_acknowledgement',
  'correction_notice',
  'reasons_request',
  'deadline_notice',
  'extension_notice',
  'fee_notice',
  'termination_notice',
  'reply',
])

export interface LetterSummary {
  id: string
  caseId: string
  kind: string
  title: string
  status: 'draft' | 'signed' | 'superseded'
  number: string | null
  issuedOn: string | null
  /** When it was signed (ms), null for a draft. */
  signedAt: number | null
  sha256: string | null
  delivery: LetterDelivery | null
  /** Changes on every edit; send it back with an edit to be refused (409) if someone edited since. */
  version: number
  /** The signed letter this one corrects (更正), if any. */
  supersedes: string | null
}

export interface LetterDelivery {
  method: string
  servedOn: string
  applicantReceivedOn: string | null
}

export function titleOf(row: Pick<LetterRow, 'kind' | 'variant' | 'supersedes'>): string {
  const title = letterTemplate(row.kind, row.variant)?.title ?? row.kind
  return row.supersedes ? correctionTitle(title) : title
}

function summary(row: LetterRow): LetterSummary {
  return {
    id: row.id,
    caseId: row.caseId,
    kind: row.kind,
    title: titleOf(row),
    status: row.status,
    number: row.number,
    issuedOn: row.issuedOn,
    signedAt: row.signedAt,
    sha256: row.sha256,
    delivery: row.delivery ? (JSON.parse(row.delivery) as LetterDelivery) : null,
    version: row.updatedAt,
    supersedes: row.supersedes,
  }
}

/** The letters of a case of the caller's agencies, oldest first (superseded drafts left out). */
export async function caseLetters(db: Db, auth: AuthContext, caseId: string): Promise<LetterSummary[]> {
  const row = await loadAgencyCase(db, caseScopedAgencyIds(auth), caseId)
  const rows = await db
    .select()
    .from(letters)
    .where(and(eq(letters.caseId, row.id), ne(letters.status, 'superseded')))
    .orderBy(asc(letters.createdAt), asc(letters.id))
    .all()
  return rows.map(summary)
}

export async function loadLetter(db: Db, auth: AuthContext, id: string): Promise<LetterRow> {
  const scope = caseScopedAgencyIds(auth)
  if (scope.length === 0) throw new AppError('not_found')
  const row = await db
    .select()
    .from(letters)
    .where(and(eq(letters.id, id), inArray(letters.agencyId, scope)))
    .get()
  if (!row) throw new AppError('not_found')
  return row
}

/** The letter as it reads now: the frozen copy once signed, else the draft with its edits. */
async function documentOf(
  db: Db,
  row: LetterRow,
  reconsiderationFirst?: readonly string[],
): Promise<LetterDocument> {
  if (row.status === 'signed' && row.signedBody) return JSON.parse(row.signedBody) as LetterDocument
  const agency = await agencyLetterContext(db, row.agencyId, reconsiderationFirst)
  return renderStored(JSON.parse(row.draft) as StoredDraft, agency, JSON.parse(row.edits), null)
}

export interface LetterView extends LetterSummary {
  caseState: string
  document: LetterDocument
  /** The free-text paragraphs a draft may still change (empty once signed). */
  editable: { key: string; label: string; text: string }[]
  canEdit: boolean
  /** The letter that corrects this one (a draft or signed), if any. */
  correctedBy: { id: string; number: string | null; status: LetterRow['status'] } | null
  /** The letter this one corrects. */
  corrects: { id: string; number: string | null } | null
  /** Whether the caller may start a correction (a handler, on a signed letter not yet corrected). */
  canCorrect: boolean
  /** Whether the caller may sign this correction draft (an approver; not its drafter under the four-eyes rule). */
  canSignCorrection: boolean
}

/**
 * Who may change a draft's free text: its case's handlers and admins, while the reply is being drafted; a
 * correction's draft (更正) at any stage of the case, since the case may long be closed.
 */
function mayEdit(auth: AuthContext, row: LetterRow, caseState: string): boolean {
  return (
    row.status === 'draft' &&
    (caseState === 'in_progress' || row.supersedes !== null) &&
    hasRole(auth, row.agencyId, 'handler', 'admin')
  )
}

function editableOf(
  paragraphs: readonly LetterParagraph[],
  edits: Record<string, string>,
  stored: StoredDraft,
) {
  const slots = paragraphs.filter((p) => p.slot)
  return slots.map((p) => {
    const key = p.slot!.key
    const raw =
      edits[key] ??
      (key === CORRECTION_SLOT
        ? stored.correction?.reason
        : (stored.facts.outcome as Record<string, unknown> | null)?.[key])
    return { key, label: p.slot!.label, text: typeof raw === 'string' ? raw : p.text }
  })
}

/** One letter of the caller's agencies, rendered, with what may still be edited. */
export async function letterView(
  db: Db,
  auth: AuthContext,
  id: string,
  reconsiderationFirst?: readonly string[],
): Promise<LetterView> {
  const row = await loadLetter(db, auth, id)
  const kase = await db.select({ state: cases.state }).from(cases).where(eq(cases.id, row.caseId)).get()
  const document = await documentOf(db, row, reconsiderationFirst)
  const canEdit = mayEdit(auth, row, kase?.state ?? '')
  const edits = JSON.parse(row.edits) as Record<string, string>
  const stored = JSON.parse(row.draft) as StoredDraft
  const [correctedBy, corrected] = await Promise.all([
    correctionOf(db, row.id),
    row.supersedes
      ? db
          .select({ id: letters.id, number: letters.number })
          .from(letters)
          .where(eq(letters.id, row.supersedes))
          .get()
      : undefined,
  ])
  // Four-eyes matters only to an approver looking at a correction draft: read the setting only then.
  const mayApprove =
    row.status === 'draft' && row.supersedes !== null && hasRole(auth, row.agencyId, 'approver')
  const fourEyes =
    mayApprove && (await agencyWorkflowSettings(db, row.agencyId, 'disclosure')).settings.fourEyes
  return {
    ...summary(row),
    caseState: kase?.state ?? '',
    document,
    editable: row.status === 'draft' ? editableOf(document.paragraphs, edits, stored) : [],
    canEdit,
    correctedBy: correctedBy ?? null,
    corrects: corrected ?? null,
    canCorrect: row.status === 'signed' && !correctedBy && hasRole(auth, row.agencyId, 'handler'),
    canSignCorrection: mayApprove && !(fourEyes && stored.correction?.draftedBy === auth.user.id),
  }
}

/** The letter correcting `id` (its draft or its signed correction), if any. */
export async function correctionOf(db: Db, id: string) {
  return db
    .select({ id: letters.id, number: letters.number, status: letters.status })
    .from(letters)
    .where(and(eq(letters.supersedes, id), ne(letters.status, 'superseded')))
    .get()
}

/** The letter as .docx: the stored, hashed bytes once signed; a draft rendered now (marked as a draft). */
export async function letterFile(
  db: Db,
  files: FileStore,
  auth: AuthContext,
  id: string,
  reconsiderationFirst?: readonly string[],
): Promise<{ body: ReadableStream | Uint8Array; filename: string; sha256: string | null }> {
  const row = await loadLetter(db, auth, id)
  return fileOf(db, files, row, reconsiderationFirst)
}

async function fileOf(db: Db, files: FileStore, row: LetterRow, reconsiderationFirst?: readonly string[]) {
  const filename = `${titleOf(row)}${row.number ? `-${row.number}` : '-草稿'}.docx`
  if (row.status === 'signed' && row.fileKey) {
    const object = await files.get(row.fileKey)
    if (!object) throw new AppError('not_found')
    return { body: object.body, filename, sha256: row.sha256 }
  }
  return { body: await letterDocx(await documentOf(db, row, reconsiderationFirst)), filename, sha256: null }
}

// Plain text: no control characters (line breaks aside); markup is kept as text and escaped by every output.
export const SlotText = z
  .string()
  .max(5000)
  .refine((v) => !hasControlCharacters(v), t.controlCharacters)

export const LetterEditsInput = z.strictObject({
  // A blank paragraph would drop out of the letter and its slot with it (it could never be filled in again).
  edits: z.record(
    z.string().max(40),
    SlotText.refine((v) => v.trim().length > 0, t.slotEmpty),
  ),
  /** The letter's `version` as read; a stale one is refused (409) instead of overwriting another edit. */
  version: z.number().int().nonnegative().optional(),
})

/** Change a draft's free-text paragraphs; fixed legal text has no slot, a signed letter is refused (409). */
export async function editLetter(
  db: Db,
  auth: AuthContext,
  id: string,
  input: z.output<typeof LetterEditsInput>,
  now: number,
): Promise<LetterView> {
  const row = await loadLetter(db, auth, id)
  if (row.status === 'signed') throw new AppError('conflict', { message: t.signed })
  const kase = await db.select({ state: cases.state }).from(cases).where(eq(cases.id, row.caseId)).get()
  if (!mayEdit(auth, row, kase?.state ?? ''))
    throw new AppError('not_allowed_in_state', { message: t.notEditable })
  const current = await documentOf(db, row)
  const slots = new Set(current.paragraphs.flatMap((p) => (p.slot ? [p.slot.key] : [])))
  const unknown = Object.keys(input.edits).filter((k) => !slots.has(k))
  if (unknown.length > 0) {
    throw new AppError('validation_failed', {
      issues: unknown.map((k) => ({ path: `edits.${k}`, code: 'not_editable', message: t.notEditable })),
    })
  }
  if (input.version !== undefined && input.version !== row.updatedAt)
    throw new AppError('conflict', { message: t.stale })
  const edits = JSON.stringify({ ...(JSON.parse(row.edits) as Record<string, string>), ...input.edits })
  // One batch: the edit only if the draft is still the one read (signed rows are also frozen by trigger), and its
  // chained audit row only if that edit happened: when it did not, the guard (re-inserting the letter's own row)
  // fails the batch, so a lost race writes nothing.
  try {
    await commitAudited(
      db,
      [
        db
          .update(letters)
          .set({ edits, updatedAt: now })
          .where(
            and(eq(letters.id, row.id), eq(letters.status, 'draft'), eq(letters.updatedAt, row.updatedAt)),
          ),
        db.insert(letters).select(
          db
            .select()
            .from(letters)
            .where(
              and(
                eq(letters.id, row.id),
                sql`NOT (${letters.updatedAt} = ${now} AND ${letters.edits} = ${edits})`,
              ),
            ),
        ),
      ],
      [
        {
          agencyId: row.agencyId,
          actorId: auth.user.id,
          action: 'letter.edited',
          target: row.id,
          payload: { slots: Object.keys(input.edits) },
          at: now,
        },
      ],
    )
  } catch (err) {
    const latest = await db
      .select({ status: letters.status, updatedAt: letters.updatedAt, edits: letters.edits })
      .from(letters)
      .where(eq(letters.id, row.id))
      .get()
    if (latest && latest.updatedAt === now && latest.edits === edits) throw err
    throw new AppError('conflict', { message: latest?.status === 'signed' ? t.signed : t.stale })
  }
  return letterView(db, auth, id)
}

export const LetterDeliveryInput = z.strictObject({
  method: z.enum(DELIVERY_METHODS),
  servedOn: z.iso.date(),
  applicantReceivedOn: z.iso.date().optional(),
})

/** Record 送达 of a signed letter: how, the day it was posted / sent / signed for, the applicant's receipt day. */
export async function recordLetterDelivery(
  db: Db,
  auth: AuthContext,
  id: string,
  input: z.output<typeof LetterDeliveryInput>,
  now: number,
): Promise<LetterSummary> {
  const row = await loadLetter(db, auth, id)
  if (!hasRole(auth, row.agencyId, 'registrar', 'handler', 'admin')) throw new AppError('forbidden')
  if (row.status !== 'signed') throw new AppError('not_allowed_in_state', { message: t.deliveryUnsigned })
  const today = shanghaiDate(now)
  const issues: { path: string; code: string; message: string }[] = []
  if (input.servedOn > today) issues.push({ path: 'servedOn', code: 'future', message: t.dateFuture })
  if (row.issuedOn && input.servedOn < row.issuedOn)
    issues.push({ path: 'servedOn', code: 'before_issue', message: t.servedBeforeIssue(row.issuedOn) })
  if (input.applicantReceivedOn && input.applicantReceivedOn < input.servedOn)
    issues.push({ path: 'applicantReceivedOn', code: 'before_served', message: t.receivedBeforeServed })
  if (input.applicantReceivedOn && input.applicantReceivedOn > today)
    issues.push({ path: 'applicantReceivedOn', code: 'future', message: t.dateFuture })
  if (issues.length > 0) throw new AppError('validation_failed', { issues })
  const delivery: LetterDelivery = {
    method: input.method,
    servedOn: input.servedOn,
    applicantReceivedOn: input.applicantReceivedOn ?? null,
  }
  // The same record again (a retry after a lost answer, a resubmitted form): nothing to change or audit twice.
  if (row.delivery === JSON.stringify(delivery)) return { ...summary(row), delivery }
  await commitAudited(
    db,
    [
      db
        .update(letters)
        .set({ delivery: JSON.stringify(delivery), updatedAt: now })
        .where(eq(letters.id, row.id)),
    ],
    [
      {
        agencyId: row.agencyId,
        actorId: auth.user.id,
        action: 'letter.delivered',
        target: row.id,
        payload: { ...delivery },
        at: now,
      },
    ],
  )
  return { ...summary(row), delivery }
}

/** The signed letters an applicant may download for their request (all its cases, consultee letters left out). */
export async function applicantLetters(db: Db, submissionId: string): Promise<LetterSummary[]> {
  const caseIds = (
    await db.select({ id: cases.id }).from(cases).where(eq(cases.submissionId, submissionId)).all()
  ).map((c) => c.id)
  if (caseIds.length === 0) return []
  const rows = await db
    .select()
    .from(letters)
    .where(and(inArray(letters.caseId, caseIds), eq(letters.status, 'signed')))
    .orderBy(asc(letters.signedAt), asc(letters.id))
    .all()
  return rows.filter((r) => APPLICANT_LETTERS.has(r.kind)).map(summary)
}

/** One of those letters as its stored .docx (404 for any other letter). */
export async function applicantLetterFile(db: Db, files: FileStore, submissionId: string, letterId: string) {
  const mine = await applicantLetters(db, submissionId)
  if (!mine.some((l) => l.id === letterId)) throw new AppError('not_found')
  const row = await db.select().from(letters).where(eq(letters.id, letterId)).get()
  if (!row) throw new AppError('not_found')
  return fileOf(db, files, row)
}
