// Letters a transition produces, as statements of its batch: a reply draft, or a letter signed now (文号 from the
// agency's gapless yearly sequence, rendered, .docx stored, SHA-256 in the case event). The number is held before
// rendering (numbers.ts) and given to the letter in the transition's batch; a unique index refuses a second holder.
import { and, eq, inArray } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import type { Db } from '../../../db/client'
import { letters, type submissions } from '../../../db/schema'
import { shanghaiDate } from '../../../workflows/calendar'
import type { DisclosureSnapshot } from '../../../workflows/definitions'
import type { EffectDescriptor } from '../../../workflows/engine'
import {
  asCorrection,
  CORRECTION_SLOT,
  type LetterCorrection,
  type LetterDocument,
  type LetterFacts,
  type LetterType,
  letterDocx,
  letterValues,
  renderLetter,
  templateFor,
} from '../../../workflows/letters'
import { canonicalJson, sha256Hex } from '../../../workflows/support/canonical'
import { AppError } from '../../errors'
import { messages } from '../../i18n/zh-CN'
import type { CaseRow } from '../cases/case-row'
import {
  type AgencyLetterContext,
  agencyLetterContext,
  applicantName,
  caseFacts,
  type LetterDeps,
} from './context'
import { holdLetterNumbers, type NumberHolds, releaseHolds, settleHolds } from './numbers'

/** What a letter row's `draft` JSON holds: enough to render it again exactly. */
export interface StoredDraft {
  type: LetterType
  variant: string
  templateVersion: number
  addressee: string
  facts: LetterFacts
  /** Present on a letter that corrects a signed one (更正): which one, and why. */
  correction?: LetterCorrection
}

/**
 * A letter's id: derived from its case event (a replayed plan gives the same id), opaque (the applicant sees it
 * on the tracking page, and no internal case id may show there).
 */
async function letterId(caseId: string, seq: number, index: number): Promise<string> {
  return (await sha256Hex(`letter:${caseId}:${seq}:${index}`)).slice(0, 32)
}

/** The letter the workflow's effect names, in the letters' own vocabulary. */
export function letterTypeOf(kind: string): LetterType {
  if (kind === 'consultation_notice') return 'agency_consultation'
  return kind as LetterType
}

const CONSULTEE_LETTERS: ReadonlySet<LetterType> = new Set([
  'third_party_consultation',
  'agency_consultation',
  'third_party_override_notice',
])

/** Render a stored letter (draft, or with its number when signing). */
export function renderStored(
  stored: StoredDraft,
  agency: AgencyLetterContext,
  edits: Record<string, string>,
  signing: { number: string; issuedOn: string } | null,
): LetterDocument {
  const chosen = templateFor(stored.type, stored.facts)
  if (!chosen) throw new AppError('validation_failed', { message: messages.letters.noTemplate })
  const result = renderLetter({
    template: chosen.template,
    templateVersion: stored.templateVersion,
    agency: agency.letterhead,
    addresseeName: stored.addressee,
    values: letterValues(stored.facts),
    edits,
    number: signing?.number ?? null,
    issuedOn: signing?.issuedOn ?? null,
  })
  if (result.ok && stored.correction)
    return asCorrection(result.document, stored.correction, edits[CORRECTION_SLOT])
  if (!result.ok) {
    throw new AppError('validation_failed', {
      message: messages.letters.incomplete(result.missing.join('、')),
      issues: result.missing.map((m) => ({
        path: m,
        code: 'missing',
        message: messages.letters.incomplete(m),
      })),
    })
  }
  return result.document
}

/** A signed letter's frozen parts, computed before the batch (bytes already in storage under `fileKey`). */
export interface FrozenLetter {
  year: number
  seq: number
  number: string
  issuedOn: string
  signedBody: string
  sha256: string
  fileKey: string
}

export async function freeze(
  deps: LetterDeps,
  agencyId: string,
  letterId: string,
  document: LetterDocument,
  year: number,
  seq: number,
  issuedOn: string,
): Promise<FrozenLetter> {
  const bytes = await letterDocx(document)
  const sha256 = await sha256Hex(new Uint8Array(bytes))
  const fileKey = `letters/${agencyId}/${letterId}-${sha256.slice(0, 16)}.docx`
  await deps.files.put(fileKey, bytes, {
    httpMetadata: { contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
  })
  return {
    year,
    seq,
    number: document.number,
    issuedOn,
    signedBody: canonicalJson(document),
    sha256,
    fileKey,
  }
}

export interface LetterPlan {
  statements: BatchItem<'sqlite'>[]
  /** Added to the transition's event payload, so the audit chain covers each frozen letter. */
  eventLetters: { id: string; type: LetterType; number: string | null; sha256: string | null }[]
  /** The 文号 this plan holds (numbers.ts): settled by `statements`, to be released if the transition fails. */
  holds: NumberHolds | null
  /** Whether another letter took one of the numbers meanwhile (then plan again and retry). */
  numbersTaken: () => Promise<boolean>
}

export interface PlanInput {
  row: CaseRow
  next: DisclosureSnapshot
  effects: readonly EffectDescriptor[]
  seq: number
  now: number
  actorId: string | null
  /** The agency's letter context, if the caller already read the agency (else read here). */
  agency?: AgencyLetterContext
  /** The case's submission, if the caller already read it with the case (else read here). */
  submission?: typeof submissions.$inferSelect
}

/** A letter the transition signs now: what it is rendered from, numbered once the numbers are held. */
interface ToSign {
  id: string
  type: LetterType
  stored: StoredDraft
  source: StoredDraft
  edits: Record<string, string>
  draftId: string | null
}

/**
 * Turn the transition's letter effects into statements; signs what must be signed now. The numbers are held
 * before rendering (one batch) and the holds dropped by the returned statements; if planning fails after the
 * hold, it is released here, and if the transition fails, the caller releases `holds`.
 */
export async function planLetters(db: Db, deps: LetterDeps, input: PlanInput): Promise<LetterPlan> {
  const { row, next, seq, now } = input
  const wanted = input.effects.flatMap((e, i) => (e.kind === 'letter' ? [{ e, i }] : []))
  const plan: LetterPlan = { statements: [], eventLetters: [], holds: null, numbersTaken: async () => false }
  if (wanted.length === 0) return plan
  const agency = input.agency ?? (await agencyLetterContext(db, row.agencyId, deps.reconsiderationFirst))
  const applicant = await applicantName(db, deps.keyring, row.submissionId, input.submission)
  const issuedOn = shanghaiDate(now)
  const year = Number(issuedOn.slice(0, 4))
  // In effect order: a draft's statements, or the letter to sign at that place.
  const slots: (BatchItem<'sqlite'>[] | ToSign)[] = []
  for (const { e, i } of wanted) {
    if (e.kind !== 'letter') continue
    const type = letterTypeOf(e.letter)
    const data = (e.data ?? {}) as Record<string, unknown>
    const facts = caseFacts(next, { reference: applicant.reference, title: row.title }, agency, {
      questions: typeof data.questions === 'string' ? data.questions : null,
      // Art. 32: the notice to an overridden third party states what is disclosed and why.
      override: next.thirdPartyOverride ?? null,
    })
    const chosen = templateFor(type, facts)
    if (!chosen) continue
    const addressee = CONSULTEE_LETTERS.has(type) ? (facts.consultation?.consultee ?? '') : applicant.name
    const stored: StoredDraft = {
      type,
      variant: chosen.template.variant,
      templateVersion: chosen.version,
      addressee,
      facts,
    }
    if (e.operation === 'draft') {
      const id = await letterId(row.id, seq, i)
      renderStored(stored, agency, {}, null) // a draft that cannot be completed is refused now, not at signing
      slots.push([
        db
          .update(letters)
          .set({ status: 'superseded', updatedAt: now })
          .where(and(eq(letters.caseId, row.id), eq(letters.kind, type), eq(letters.status, 'draft'))),
        db.insert(letters).values({
          id,
          agencyId: row.agencyId,
          caseId: row.id,
          kind: type,
          variant: stored.variant,
          templateVersion: stored.templateVersion,
          draft: JSON.stringify(stored),
          status: 'draft',
          eventSeq: seq,
          createdAt: now,
          updatedAt: now,
        }),
      ])
      plan.eventLetters.push({ id, type, number: null, sha256: null })
      continue
    }
    // 'sign' freezes the current draft (with the edits staff made to it); 'issue' signs a new letter at once.
    const draftRow =
      e.operation === 'sign'
        ? await db
            .select()
            .from(letters)
            .where(and(eq(letters.caseId, row.id), eq(letters.kind, type), eq(letters.status, 'draft')))
            .get()
        : undefined
    if (e.operation === 'sign' && !draftRow)
      throw new AppError('guard_failed', { message: messages.letters.noDraft })
    const source = draftRow ? (JSON.parse(draftRow.draft) as StoredDraft) : stored
    slots.push({
      id: draftRow?.id ?? (await letterId(row.id, seq, i)),
      type,
      stored,
      source,
      edits: draftRow ? (JSON.parse(draftRow.edits) as Record<string, string>) : {},
      draftId: draftRow?.id ?? null,
    })
  }
  const toSign = slots.filter((s): s is ToSign => !Array.isArray(s))
  const holds = await holdLetterNumbers(db, row.agencyId, year, toSign.length, now)
  try {
    let k = 0
    for (const slot of slots) {
      if (Array.isArray(slot)) {
        plan.statements.push(...slot)
        continue
      }
      const seqNo = holds.seqs[k++]!
      const number = agency.number(slot.type, year, seqNo)
      const document = renderStored(slot.source, agency, slot.edits, { number, issuedOn })
      const frozen = await freeze(deps, row.agencyId, slot.id, document, year, seqNo, issuedOn)
      const signed = {
        status: 'signed' as const,
        number: frozen.number,
        year,
        seq: seqNo,
        issuedOn,
        signedBody: frozen.signedBody,
        sha256: frozen.sha256,
        fileKey: frozen.fileKey,
        signedAt: now,
        signedBy: input.actorId,
        updatedAt: now,
      }
      plan.statements.push(
        slot.draftId
          ? db
              .update(letters)
              .set(signed)
              .where(and(eq(letters.id, slot.draftId), eq(letters.status, 'draft')))
          : db.insert(letters).values({
              id: slot.id,
              agencyId: row.agencyId,
              caseId: row.id,
              kind: slot.type,
              variant: slot.stored.variant,
              templateVersion: slot.stored.templateVersion,
              draft: JSON.stringify(slot.stored),
              eventSeq: seq,
              createdAt: now,
              ...signed,
            }),
      )
      plan.eventLetters.push({ id: slot.id, type: slot.type, number: frozen.number, sha256: frozen.sha256 })
    }
  } catch (err) {
    await releaseHolds(db, holds)
    throw err
  }
  if (toSign.length > 0) {
    plan.holds = holds
    plan.statements.push(...settleHolds(db, holds))
    const ids = toSign.map((s) => s.id)
    plan.numbersTaken = async () => {
      const holder = await db
        .select({ id: letters.id })
        .from(letters)
        .where(
          and(eq(letters.agencyId, row.agencyId), eq(letters.year, year), inArray(letters.seq, holds.seqs)),
        )
        .all()
      return holder.some((h) => !ids.includes(h.id))
    }
  }
  return plan
}
