// What a case says, as the named values the letter templates use; picks the template for a letter type.
import type { IsoDate, PartialCount } from '../calendar/types'
import { OUTCOMES, type OutcomeCode } from '../outcomes'
import { type RemedySettings, remediesText } from './remedies'
import { chineseDate } from './render'
import { LETTER_TEMPLATES_VERSION, letterTemplate } from './templates.v1'
import type { LetterTemplate, LetterType, LetterValues } from './types'

/** One withheld part of a partial disclosure. */
export interface WithheldPart {
  description: string
  ground: string
  legalBasis: readonly string[]
  reasons: string
}

/** The decision of a reply or closure, as the letter needs it (a subset of the workflow's outcome). */
export interface LetterOutcome {
  code: string
  legalBasis?: readonly string[]
  reasons?: string | null
  location?: string
  howToObtain?: string
  disclosedParts?: readonly { description: string }[]
  withheldParts?: readonly WithheldPart[]
  rightAgency?: { name: string; contact: string } | null
  regime?: string
  howToApply?: string
}

/** Everything about a case a letter may state; the edge gathers it from the case, submission and settings. */
export interface LetterFacts {
  reference: string
  requestTitle: string
  receivedOn: IsoDate | null
  correctedOn: IsoDate | null
  replyDueOn: IsoDate | null
  /** While the reply deadline waits for a missing holiday year. */
  replyDuePending: PartialCount | null
  correction: { requestedOn: IsoDate; items: readonly string[]; dueOn: IsoDate } | null
  extension: { workingDays: number; reason: string } | null
  agencySetDate: { dueOn: IsoDate; reason: string | null } | null
  reasonsQuestions: string | null
  consultation: { consultee: string; matter: string | null; sentOn: IsoDate } | null
  override: { disclosedContent: string; reasons: string } | null
  fee: {
    amountYuan: number
    basis: string
    lines: readonly string[]
    issuedOn: IsoDate
    payBy: IsoDate
    paymentMethod: string | null
  } | null
  outcome: LetterOutcome | null
  remedies: RemedySettings
}

function date(d: IsoDate | null | undefined): string | null {
  return d ? chineseDate(d) : null
}

function outcomeLabel(code: string): string {
  return (OUTCOMES as Record<string, { label: string }>)[code]?.label ?? code
}

function groundText(ground: string): string {
  return outcomeLabel(ground).replace(/^不予公开：/, '')
}

/** The template variant a letter of this type uses for this case, or null when the case gives none. */
export function letterVariant(type: LetterType, facts: LetterFacts): string | null {
  if (type === 'reply') return facts.outcome?.code ?? null
  if (type === 'termination_notice') {
    const code = facts.outcome?.code
    return code === 'correction_lapsed' || code === 'fee_lapsed' ? code : null
  }
  return ''
}

/** The named values of the templates, from the facts of a case. */
export function letterValues(facts: LetterFacts): LetterValues {
  const o = facts.outcome
  const pending = facts.replyDuePending
  return {
    reference: facts.reference,
    requestTitle: facts.requestTitle,
    receivedOn: date(facts.receivedOn),
    correctedOn: date(facts.correctedOn),
    replyDueOn: date(facts.replyDueOn),
    replyDuePending: pending
      ? `答复期限跨入${pending.missingYear}年，待国务院公布该年节假日安排后确定具体日期，届时另行告知。`
      : null,
    correctionRequestedOn: date(facts.correction?.requestedOn),
    correctionDueOn: date(facts.correction?.dueOn),
    correctionItems: facts.correction?.items ?? null,
    extensionDays: facts.extension ? String(facts.extension.workingDays) : null,
    extensionReason: facts.extension?.reason ?? null,
    agencyDueOn: date(facts.agencySetDate?.dueOn),
    dateReason: facts.agencySetDate?.reason ?? null,
    questions: facts.reasonsQuestions,
    matter: facts.consultation?.matter ?? facts.requestTitle,
    consultedOn: date(facts.consultation?.sentOn),
    disclosedContent: facts.override?.disclosedContent ?? null,
    overrideReasons: facts.override?.reasons ?? null,
    reconsiderationBody: facts.remedies.reconsiderationBody.name,
    feeAmount: facts.fee ? String(facts.fee.amountYuan) : null,
    feeBasis: facts.fee?.basis ?? null,
    feeLines: facts.fee?.lines ?? null,
    feeIssuedOn: date(facts.fee?.issuedOn),
    payBy: date(facts.fee?.payBy),
    paymentMethod: facts.fee?.paymentMethod ?? null,
    legalBasis: o?.legalBasis?.length ? o.legalBasis.join('、') : null,
    reasons: o?.reasons ?? null,
    location: o?.location ?? null,
    howToObtain: o?.howToObtain ?? null,
    disclosedParts: o?.disclosedParts?.map((p) => p.description) ?? null,
    withheldParts:
      o?.withheldParts?.map(
        (p) =>
          `${p.description}：${groundText(p.ground)}，依据${p.legalBasis.join('、')}，理由：${p.reasons}`,
      ) ?? null,
    rightAgencyName: o?.rightAgency?.name ?? null,
    rightAgencyContact: o?.rightAgency?.contact ?? null,
    regime: o?.regime ?? null,
    howToApply: o?.howToApply ?? null,
    remedies: o ? remediesText(o.code, facts.remedies) : null,
  }
}

/** The template for a letter of this type for this case, with its version; null when the case gives no variant. */
export function templateFor(
  type: LetterType,
  facts: LetterFacts,
): { template: LetterTemplate; version: number } | null {
  const variant = letterVariant(type, facts)
  if (variant === null) return null
  const template = letterTemplate(type, variant)
  return template ? { template, version: LETTER_TEMPLATES_VERSION } : null
}

/** Whether an outcome code is one a reply letter exists for. */
export function hasReplyTemplate(code: OutcomeCode): boolean {
  return letterTemplate('reply', code) !== undefined
}
