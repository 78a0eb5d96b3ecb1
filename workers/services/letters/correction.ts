// 更正: a signed letter is never changed. A handler drafts a new letter that names the one it corrects and why
// (the whole text carried over, with the staff edits, for the handler to put right); an approver signs it with its
// own 文号 from the agency's sequence, its .docx stored and hashed, and a case event carrying the number and hash
// so the audit chain covers the correction as it covers every letter.
import { and, eq, ne } from 'drizzle-orm'
import * as z from 'zod'
import type { Db } from '../../../db/client'
import { letters } from '../../../db/schema'
import { shanghaiDate, type WorkingCalendar } from '../../../workflows/calendar'
import { sha256Hex } from '../../../workflows/support/canonical'
import { type AuthContext, caseScopedAgencyIds, hasRole } from '../../auth/sessions'
import { AppError } from '../../errors'
import { messages } from '../../i18n/zh-CN'
import { isUniqueViolation } from '../../lib/db-errors'
import { agencyWorkflowSettings } from '../agency-settings'
import { commitAudited } from '../audit-log'
import { agencyCalendar } from '../calendar'
import { commitTransition } from '../case-store'
import { caseColumns, isFinalState, snapshotOf } from '../cases/case-row'
import { loadAgencyCase } from '../cases/queries'
import { agencyLetterContext, type LetterDeps } from './context'
import { correctionOf, type LetterView, letterView, loadLetter, SlotText, titleOf } from './letters'
import { holdLetterNumbers, releaseHolds, settleHolds } from './numbers'
import { freeze, renderStored, type StoredDraft } from './plan'

const t = messages.letters

export const LetterCorrectionInput = z.strictObject({
  reason: SlotText.refine((v) => v.trim().length > 0, t.correctionReasonRequired),
})

export const SignCorrectionInput = z.strictObject({
  /** The draft's `version` as read: the approver signs exactly the text they read (409 otherwise). */
  version: z.number().int().nonnegative(),
})

// A 文号 taken by a concurrent signing in the same agency: number the letter again.
const NUMBER_RETRIES = 5

/** Start correcting a signed letter: a draft that names it (409 if it is not signed or is already corrected). */
export async function draftCorrection(
  db: Db,
  auth: AuthContext,
  id: string,
  input: z.output<typeof LetterCorrectionInput>,
  now: number,
): Promise<LetterView> {
  const row = await loadLetter(db, auth, id)
  if (!hasRole(auth, row.agencyId, 'handler'))
    throw new AppError('forbidden', { message: t.correctionByHandler })
  if (row.status !== 'signed' || !row.number || !row.issuedOn)
    throw new AppError('not_allowed_in_state', { message: t.correctOnlySigned })
  const existing = await correctionOf(db, row.id)
  if (existing) {
    throw new AppError('conflict', {
      message: existing.status === 'signed' ? t.alreadyCorrected(existing.number ?? '') : t.correctionDrafted,
      details: { letterId: existing.id },
    })
  }
  const stored = JSON.parse(row.draft) as StoredDraft
  const draft: StoredDraft = {
    ...stored,
    correction: {
      of: row.id,
      number: row.number,
      issuedOn: row.issuedOn,
      title: titleOf(row),
      reason: input.reason.trim(),
      draftedBy: auth.user.id,
    },
  }
  // One correction per letter: its id is derived from the corrected letter, so a second (or concurrent) start
  // meets the primary key and writes nothing.
  const newId = (await sha256Hex(`letter-correction:${row.id}`)).slice(0, 32)
  try {
    await commitAudited(
      db,
      [
        db.insert(letters).values({
          id: newId,
          agencyId: row.agencyId,
          caseId: row.caseId,
          kind: row.kind,
          variant: row.variant,
          templateVersion: row.templateVersion,
          draft: JSON.stringify(draft),
          edits: row.edits,
          status: 'draft',
          supersedes: row.id,
          createdAt: now,
          updatedAt: now,
        }),
      ],
      [
        {
          agencyId: row.agencyId,
          actorId: auth.user.id,
          action: 'letter.correction_drafted',
          target: newId,
          payload: { supersedes: row.id, number: row.number },
          at: now,
        },
      ],
    )
  } catch (err) {
    if (!isUniqueViolation(err)) throw err
    throw new AppError('conflict', { message: t.correctionDrafted, details: { letterId: newId } })
  }
  return letterView(db, auth, newId)
}

/** Sign a correction draft: a new 文号, the frozen .docx and its hash, and a case event naming both letters. */
export async function signCorrection(
  db: Db,
  deps: LetterDeps,
  national: WorkingCalendar,
  auth: AuthContext,
  id: string,
  input: z.output<typeof SignCorrectionInput>,
  now: number,
): Promise<LetterView> {
  const row = await loadLetter(db, auth, id)
  if (row.status !== 'draft' || !row.supersedes)
    throw new AppError('not_allowed_in_state', { message: t.signOnlyCorrections })
  if (!hasRole(auth, row.agencyId, 'approver'))
    throw new AppError('forbidden', { message: t.correctionByApprover })
  const stored = JSON.parse(row.draft) as StoredDraft
  // Read once per agency and workflow, whatever the number retries below.
  const settingsCache = new Map<string, ReturnType<typeof agencyWorkflowSettings>>()
  const settingsOf = (agencyId: string, workflowId: string) => {
    const key = `${agencyId}|${workflowId}`
    if (!settingsCache.has(key)) settingsCache.set(key, agencyWorkflowSettings(db, agencyId, workflowId))
    return settingsCache.get(key)!
  }
  const calendars = new Map<string, ReturnType<typeof agencyCalendar>>()
  const calendarOf = (agencyId: string) => {
    if (!calendars.has(agencyId)) calendars.set(agencyId, agencyCalendar(db, national, agencyId))
    return calendars.get(agencyId)!
  }
  const { settings } = await settingsOf(row.agencyId, 'disclosure')
  if (settings.fourEyes && stored.correction?.draftedBy === auth.user.id)
    throw new AppError('guard_failed', { message: t.correctionFourEyes })
  if (input.version !== row.updatedAt) throw new AppError('conflict', { message: t.stale })
  const agency = await agencyLetterContext(db, row.agencyId, deps.reconsiderationFirst)
  const edits = JSON.parse(row.edits) as Record<string, string>
  const issuedOn = shanghaiDate(now)
  const year = Number(issuedOn.slice(0, 4))
  for (let attempt = 0; ; attempt++) {
    const kase = await loadAgencyCase(db, caseScopedAgencyIds(auth), row.caseId)
    const calendar = await calendarOf(kase.agencyId)
    // The 文号 is held before rendering and given to the letter in the batch (numbers.ts); freed on failure.
    const holds = await holdLetterNumbers(db, row.agencyId, year, 1, now)
    const seq = holds.seqs[0]!
    let frozen: Awaited<ReturnType<typeof freeze>>
    try {
      const number = agency.number(row.kind as StoredDraft['type'], year, seq)
      const document = renderStored(stored, agency, edits, { number, issuedOn })
      frozen = await freeze(deps, row.agencyId, row.id, document, year, seq, issuedOn)
    } catch (err) {
      await releaseHolds(db, holds)
      throw err
    }
    const snapshot = snapshotOf(kase)
    const next = { ...snapshot, version: kase.version + 1 }
    const { settings: clockSettings } = await settingsOf(kase.agencyId, kase.workflowId)
    const numberTaken = async () => {
      const holder = await db
        .select({ id: letters.id })
        .from(letters)
        .where(and(eq(letters.agencyId, row.agencyId), eq(letters.year, year), eq(letters.seq, seq)))
        .get()
      return holder !== undefined && holder.id !== row.id
    }
    const letterChanged = async () => {
      const now = await db
        .select({ status: letters.status, updatedAt: letters.updatedAt })
        .from(letters)
        .where(eq(letters.id, row.id))
        .get()
      return now?.status !== 'draft' || now.updatedAt !== row.updatedAt
    }
    try {
      await commitTransition(db, {
        caseId: kase.id,
        agencyId: kase.agencyId,
        expectedVersion: kase.version,
        snapshot: next,
        columns: caseColumns(
          next,
          isFinalState(kase, kase.state),
          calendar,
          clockSettings,
          now,
          kase.closedAt,
        ),
        events: [
          {
            action: 'letter-corrected',
            actorKind: 'staff',
            actorId: auth.user.id,
            fromState: kase.state,
            toState: kase.state,
            payload: {
              letters: [{ id: row.id, type: row.kind, number: frozen.number, sha256: frozen.sha256 }],
              supersedes: { id: row.supersedes, number: stored.correction?.number ?? null },
            },
            at: now,
          },
        ],
        extra: [
          db
            .update(letters)
            .set({
              status: 'signed',
              number: frozen.number,
              year,
              seq,
              issuedOn,
              signedBody: frozen.signedBody,
              sha256: frozen.sha256,
              fileKey: frozen.fileKey,
              signedAt: now,
              signedBy: auth.user.id,
              eventSeq: kase.version + 1,
              updatedAt: now,
            })
            .where(
              and(eq(letters.id, row.id), eq(letters.status, 'draft'), eq(letters.updatedAt, row.updatedAt)),
            ),
          ...settleHolds(db, holds),
          // Guard: when the draft was not the one read (edited or signed meanwhile), re-inserting its own row
          // fails the batch, so nothing is written and no number is held.
          db.insert(letters).select(
            db
              .select()
              .from(letters)
              .where(and(eq(letters.id, row.id), ne(letters.status, 'signed'))),
          ),
        ],
        now,
        extraConflict: async () => (await letterChanged()) || (await numberTaken()),
      })
      break
    } catch (err) {
      await releaseHolds(db, holds)
      if (!(err instanceof AppError) || err.code !== 'conflict') throw err
      if (await letterChanged()) throw new AppError('conflict', { message: t.stale })
      // The case moved on (another action) or the number went to another letter: number it again.
      if (attempt >= NUMBER_RETRIES) throw err
    }
  }
  return letterView(db, auth, id, deps.reconsiderationFirst)
}
