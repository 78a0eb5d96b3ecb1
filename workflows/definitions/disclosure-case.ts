// The disclosure case snapshot: what the workflow records about one request, and the agency settings it reads.
import * as z from 'zod'
import type { IsoDate } from '../calendar/types'
import { type ClockSettings, DEFAULT_CLOCK_SETTINGS } from '../clock/types'
import type { EngineSnapshot } from '../engine'
import type { FeeBreakdown, FeeMethod } from '../fees'
import { DEFAULT_RECONSIDERATION_FIRST } from '../letters/remedies'
import type { OutcomeCode, RemedyResult } from '../outcomes'
import type { ReplyOutcome, ReplyOutcomeV2 } from './disclosure-inputs'

/** How an application reached the agency; decides the day of receipt (Art. 31). */
export const RECEIPT_CHANNELS = [
  'online',
  'in_person',
  'registered_post',
  'ordinary_post',
  'fax',
  'email',
  /** 口头提出: staff fill in the form for the applicant (Art. 29). */
  'oral',
] as const
export type ReceiptChannel = (typeof RECEIPT_CHANNELS)[number]

/** How the reply was served; on time if posted (交邮) or signed for on or before the reply deadline. */
export const DELIVERY_METHODS = ['post', 'email', 'pickup', 'online_download', 'on_site'] as const
export type DeliveryMethod = (typeof DELIVERY_METHODS)[number]

/** Letter kinds the workflow asks the edge to generate (DOMAIN.md §6), with their zh-CN titles. */
export const LETTER_KINDS = {
  receipt_acknowledgement: '登记回执',
  correction_notice: '补正告知书',
  reasons_request: '说明理由告知书',
  deadline_notice: '延迟答复期限告知书',
  extension_notice: '延期答复告知书',
  third_party_consultation: '征求第三方意见书',
  consultation_notice: '征求意见告知书',
  fee_notice: '收费通知书',
  reply: '答复书',
  termination_notice: '终止办理告知书',
  third_party_override_notice: '政府信息公开决定告知书（第三方）',
} as const
export type LetterKind = keyof typeof LETTER_KINDS

export const CONSULTATION_KINDS = ['third_party', 'other_agency'] as const
export type ConsultationKind = (typeof CONSULTATION_KINDS)[number]

export const OPINION_POSITIONS = ['agrees', 'objects', 'partly_agrees'] as const
export type OpinionPosition = (typeof OPINION_POSITIONS)[number]

/** Agency settings the disclosure workflow reads (all configurable per agency, DOMAIN.md marks them so). */
export interface DisclosureSettings extends ClockSettings {
  /** 法制审核 before approval; when off, submit-legal-review goes straight to 待签发. */
  legalReview: boolean
  /** Default time the applicant gets to correct (Art. 30: "reasonable"), in working days. */
  correctionWindowWorkingDays: number
  /** Art. 32 / 34: a consulted third party or agency has 15 working days. */
  consultationWorkingDays: number
  /** Time to pay after a fee notice (国办函〔2020〕109号: 20 working days). */
  feePaymentWorkingDays: number
  /**
   * Outcomes whose reply says reconsideration comes first (复议前置): a deployment setting the edge passes in, not an
   * agency's (the stored overrides cannot hold it).
   */
  reconsiderationFirst: readonly string[]
  /**
   * v2, four-eyes review: the person who drafted a reply may not give its legal approval, and neither the drafter
   * nor the legal approver may sign it off (agency setting, default on).
   */
  fourEyes: boolean
  /** v2: internal due dates (the agency's own, not statutory) for legal review and for sign-off, in working days. */
  legalReviewDueWorkingDays: number
  approvalDueWorkingDays: number
}

export const DEFAULT_DISCLOSURE_SETTINGS: DisclosureSettings = {
  ...DEFAULT_CLOCK_SETTINGS,
  legalReview: true,
  correctionWindowWorkingDays: 15,
  consultationWorkingDays: 15,
  feePaymentWorkingDays: 20,
  reconsiderationFirst: DEFAULT_RECONSIDERATION_FIRST,
  fourEyes: true,
  legalReviewDueWorkingDays: 3,
  approvalDueWorkingDays: 3,
}

const workingDays = z.int().min(1).max(250)

/** Validates an agency's stored overrides of DisclosureSettings (any subset). */
export const disclosureSettingsSchema = z
  .strictObject({
    replyWorkingDays: workingDays,
    correctionNoticeWorkingDays: workingDays,
    dueSoonWorkingDays: z.int().min(0).max(250),
    maxExtensionWorkingDays: workingDays,
    legalReview: z.boolean(),
    correctionWindowWorkingDays: workingDays,
    consultationWorkingDays: workingDays,
    feePaymentWorkingDays: workingDays,
    fourEyes: z.boolean(),
    legalReviewDueWorkingDays: workingDays,
    approvalDueWorkingDays: workingDays,
  })
  .partial()

export interface DisclosureFlags {
  correctionRequested: boolean
  /** The 补正 notice went out after the 7 working-day limit (Art. 30). */
  correctionLate: boolean
  correctionReceived: boolean
  extended: boolean
  /** Whether the last submission went through 法制审核; null before the first submission. */
  legalReviewRequired: boolean | null
  /** 保密审查 (Art. 17) confirmed for the drafted reply. */
  secrecyReviewed: boolean
  /** Art. 35: the applicant was asked to explain the reasons for the requests. */
  reasonsRequested: boolean
  /** Art. 35: the agency set a later reply date. */
  agencySetDate: boolean
  feeNoticeIssued: boolean
}

export interface CorrectionRecord {
  requestedOn: IsoDate
  items: string[]
  windowWorkingDays: number
  /** Correction deadline as stated in the notice. */
  dueOn: IsoDate
  /** State to return to when the correction arrives. */
  fromState: string
  receivedOn: IsoDate | null
}

export interface ConsultationRecord {
  kind: ConsultationKind
  consultee: string
  matter: string | null
  sentOn: IsoDate
  windowWorkingDays: number
  windowEndsOn: IsoDate
  /** v2: the day the consultee received the letter; the window runs from it once known. */
  consulteeReceivedOn?: IsoDate | null
  status: 'open' | 'answered' | 'lapsed'
  answeredOn: IsoDate | null
  position: OpinionPosition | null
  summary: string | null
}

export interface FeeRecord {
  method: FeeMethod
  count: number
  priorCount: number | null
  amountYuan: number
  breakdown: FeeBreakdown
  issuedOn: IsoDate
  windowWorkingDays: number
  payBy: IsoDate
  /** v2: the day the applicant received the fee notice; the window runs from it once known. */
  noticeReceivedOn?: IsoDate | null
  status: 'pending' | 'paid' | 'lapsed'
  paidOn: IsoDate | null
}

export interface SignOff {
  by: string | null
  on: IsoDate
  comment: string | null
}

export interface RemedyRecord {
  id: string
  kind: 'reconsideration' | 'litigation'
  litigationPath: 'direct' | 'after_reconsideration' | null
  filedOn: IsoDate
  result: RemedyResult
  decidedOn: IsoDate | null
  body: string | null
  recordedOn: IsoDate
}

/** An outcome given without a drafted reply: a lapse or the applicant's withdrawal. */
export interface ClosureOutcome {
  code: Extract<OutcomeCode, 'correction_lapsed' | 'fee_lapsed' | 'withdrawn'>
  legalBasis: string[]
  reasons: string | null
}

export type CaseOutcome = ReplyOutcome | ReplyOutcomeV2 | ClosureOutcome

/** One disclosure request as the workflow sees it. JSON-serialisable; store it in the cases row. */
export interface DisclosureSnapshot extends EngineSnapshot {
  /** When the application was submitted (epoch ms); the day of receipt may not precede its date. */
  submittedAt: number
  receipt: {
    channel: ReceiptChannel
    receivedOn: IsoDate
    confirmedBy: string | null
    confirmedOn: IsoDate
  } | null
  acceptedOn: IsoDate | null
  assigneeId: string | null
  flags: DisclosureFlags
  correction: CorrectionRecord | null
  consultations: ConsultationRecord[]
  fee: FeeRecord | null
  extension: { workingDays: number; reason: string; approvedOn: IsoDate; approvedBy: string | null } | null
  art35: { reasonsRequestedOn: IsoDate | null; setDueOn: IsoDate | null; setDateReason: string | null }
  /** The drafted reply outcome, or the closure outcome once the case lapsed or was withdrawn. */
  outcome: CaseOutcome | null
  review: { legal: SignOff | null; approval: SignOff | null }
  reply: { sentOn: IsoDate; replyDueOn: IsoDate | null } | null
  delivery: {
    method: DeliveryMethod
    servedOn: IsoDate
    applicantReceivedOn: IsoDate | null
    onTime: boolean
  } | null
  transfer: { toAgencyId: string; toAgencyName: string; reason: string; on: IsoDate } | null
  /** v2, Art. 32: disclosed over a third party's objection — what is disclosed and the public-interest reason. */
  thirdPartyOverride?: { disclosedContent: string; reasons: string } | null
  /**
   * v2, no silent closures: the correction or fee window ended without the applicant acting. The case waits for the
   * registrar to confirm 视为放弃 (closing it with the 终止办理告知书) or to record a good reason and a new window.
   */
  lapse?: { kind: 'correction' | 'fee'; windowEndedOn: IsoDate; flaggedOn: IsoDate } | null
  /** v2: good reasons recorded for missing a window, each with the new window it opened. */
  graces?: {
    kind: 'correction' | 'fee'
    reason: string
    grantedOn: IsoDate
    until: IsoDate
    by: string | null
  }[]
  /** v2, four-eyes: who drafted the reply under review, and the internal review due dates. */
  draftedBy?: string | null
  reviewDue?: { legal: IsoDate | null; approval: IsoDate | null } | null
  /** Day the 办理结果 was given (reply sent, lapse, withdrawal): the report year counts from it. */
  decidedOn: IsoDate | null
  closedOn: IsoDate | null
  remedies: RemedyRecord[]
}

/** A new case for a submission, before the registrar confirms receipt. */
export function newDisclosureCase(options: {
  submittedAt: number
  workflowVersion?: number
}): DisclosureSnapshot {
  return {
    workflowId: 'disclosure',
    workflowVersion: options.workflowVersion ?? 1,
    state: 'submitted',
    version: 0,
    clockEvents: [],
    clock: null,
    submittedAt: options.submittedAt,
    receipt: null,
    acceptedOn: null,
    assigneeId: null,
    flags: {
      correctionRequested: false,
      correctionLate: false,
      correctionReceived: false,
      extended: false,
      legalReviewRequired: null,
      secrecyReviewed: false,
      reasonsRequested: false,
      agencySetDate: false,
      feeNoticeIssued: false,
    },
    correction: null,
    consultations: [],
    fee: null,
    extension: null,
    art35: { reasonsRequestedOn: null, setDueOn: null, setDateReason: null },
    outcome: null,
    review: { legal: null, approval: null },
    reply: null,
    delivery: null,
    transfer: null,
    decidedOn: null,
    closedOn: null,
    remedies: [],
  }
}
