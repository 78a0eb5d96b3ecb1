// Input schemas of the disclosure actions, referenced by name from the definition (messages in zh-CN), and the
// render hints the staff action forms are built from.
import * as z from 'zod'
import { isValidIsoDate } from '../calendar'
import { FEE_METHODS, MAX_FEE_UNITS } from '../fees'
import { REMEDY_RESULTS } from '../outcomes'
import { hasControlCharacters } from '../support/text'
import { DELIVERY_METHODS, OPINION_POSITIONS, RECEIPT_CHANNELS } from './disclosure-case'

function missing(label: string) {
  return (issue: { input?: unknown }) => (issue.input === undefined ? `请填写${label}` : undefined)
}

function text(label: string, max: number) {
  return z
    .string({ error: missing(label) })
    .trim()
    .min(1, `请填写${label}`)
    .max(max, `${label}不能超过${max}字`)
    .refine((v) => !hasControlCharacters(v), `${label}含有不可见的控制字符，请删除后重试`)
}

function isoDate(label: string) {
  return z.string({ error: missing(label) }).refine(isValidIsoDate, `${label}应为有效日期（YYYY-MM-DD）`)
}

function count(label: string, min: number) {
  return z
    .int({ error: missing(label) })
    .min(min, `${label}不能小于${min}`)
    .max(MAX_FEE_UNITS, `${label}过大`)
}

const legalBasis = z
  .array(text('法律依据', 300), { error: missing('法律依据') })
  .min(1, '须写明法律依据')
  .max(20, '法律依据条目过多')
const reasons = text('理由', 5000)

/** Grounds for withholding a part of a partial disclosure (Art. 14–16 and 行政查询事项). */
export const WITHHOLDING_GROUNDS = [
  'withheld_state_secret',
  'withheld_prohibited_by_law',
  'withheld_security_stability',
  'withheld_third_party_rights',
  'withheld_internal_affairs',
  'withheld_process_information',
  'withheld_enforcement_files',
  'administrative_query',
] as const

// Reply outcomes that need nothing beyond legal basis and reasons.
const PLAIN_REFUSALS = [
  ...WITHHOLDING_GROUNDS,
  'not_exist',
  'requires_new_processing',
  'unclear_after_correction',
  'petition_disguised',
  'repeat_request',
  'published_materials',
  'excessive_requests',
  'confirm_or_reissue',
  'other',
] as const

const alreadyPublishedOutcome = z.strictObject({
  code: z.literal('already_published'),
  legalBasis,
  reasons: reasons.optional(),
  /** Where and how the proactively published information can be found. */
  location: text('获取途径', 2000),
})

const disclosedOutcome = z.strictObject({
  code: z.literal('disclosed'),
  legalBasis,
  reasons: reasons.optional(),
  /** How, where and when the applicant obtains the information. */
  howToObtain: text('获取方式', 2000),
})

const partiallyDisclosedOutcome = z.strictObject({
  code: z.literal('partially_disclosed'),
  legalBasis,
  reasons: reasons.optional(),
  howToObtain: text('获取方式', 2000),
  disclosedParts: z
    .array(z.strictObject({ description: text('公开部分', 2000) }), { error: missing('公开部分') })
    .min(1, '须列明公开的部分'),
  withheldParts: z
    .array(
      z.strictObject({
        description: text('不予公开部分', 2000),
        ground: z.enum(WITHHOLDING_GROUNDS, { error: '请选择不予公开的情形' }),
        legalBasis,
        reasons,
      }),
      { error: missing('不予公开部分') },
    )
    .min(1, '须列明不予公开的部分及理由'),
})

const notHeldOutcome = z.strictObject({
  code: z.literal('not_held'),
  legalBasis,
  reasons,
  /** Art. 36(5): the agency that holds the information, and how to reach it. */
  rightAgency: z.strictObject({ name: text('负责公开的机关名称', 200), contact: text('联系方式', 500) }),
})

const specialRegimeOutcome = z.strictObject({
  code: z.literal('special_regime'),
  legalBasis,
  reasons,
  regime: text('特别规定', 200),
  howToApply: text('办理途径', 2000),
})

const plainRefusalOutcome = z.strictObject({ code: z.enum(PLAIN_REFUSALS), legalBasis, reasons })

/** The decision of a reply (DOMAIN.md §5): one outcome code with its structured content. */
export const replyOutcomeSchema = z.discriminatedUnion('code', [
  alreadyPublishedOutcome,
  disclosedOutcome,
  partiallyDisclosedOutcome,
  notHeldOutcome,
  specialRegimeOutcome,
  plainRefusalOutcome,
])

export type ReplyOutcome = z.output<typeof replyOutcomeSchema>

// An HTML form sends an empty field as '': treat it as absent.
function optional<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (value === '' || value === null ? undefined : value), schema.optional())
}

/**
 * v2 of the reply's decision: under Art. 36(5) the holding agency is named, with how to reach it, only where it
 * can be determined (v1 required both).
 */
export const replyOutcomeSchemaV2 = z.discriminatedUnion('code', [
  alreadyPublishedOutcome,
  disclosedOutcome,
  partiallyDisclosedOutcome,
  z.strictObject({
    code: z.literal('not_held'),
    legalBasis,
    reasons,
    rightAgency: optional(
      z.strictObject({ name: text('负责公开的机关名称', 200), contact: optional(text('联系方式', 500)) }),
    ),
  }),
  specialRegimeOutcome,
  plainRefusalOutcome,
])

export type ReplyOutcomeV2 = z.output<typeof replyOutcomeSchemaV2>

/** Art. 32: disclosing over a third party's objection — what is disclosed and the public-interest reason. */
export const thirdPartyOverrideSchema = z.strictObject({
  disclosedContent: text('决定公开的内容', 5000),
  reasons: text('决定公开的理由（公共利益）', 5000),
})

const remedyFields = {
  /** Id of a remedy recorded earlier, to update its result; omitted to record a new one. */
  remedyId: optional(text('复议诉讼编号', 50)),
  kind: z.enum(['reconsideration', 'litigation'], { error: '请选择行政复议或行政诉讼' }),
  litigationPath: optional(z.enum(['direct', 'after_reconsideration'])),
  filedOn: isoDate('申请复议/起诉日期'),
  result: z.enum(REMEDY_RESULTS, { error: '请选择结果' }),
  decidedOn: optional(isoDate('审结日期')),
  body: optional(text('复议机关/法院', 200)),
}

function remedyRules(
  value: {
    kind: 'reconsideration' | 'litigation'
    litigationPath?: 'direct' | 'after_reconsideration' | undefined
    filedOn: string
    result: string
    decidedOn?: string | undefined
  },
  ctx: z.RefinementCtx,
) {
  if (value.kind === 'litigation' && value.litigationPath === undefined) {
    ctx.addIssue({ code: 'custom', path: ['litigationPath'], message: '请选择直接起诉或复议后起诉' })
  }
  if (value.kind === 'reconsideration' && value.litigationPath !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['litigationPath'], message: '行政复议无需选择起诉方式' })
  }
  if (value.result === 'pending' && value.decidedOn !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['decidedOn'], message: '尚未审结的不应填写审结日期' })
  }
  if (value.result !== 'pending' && value.decidedOn === undefined) {
    ctx.addIssue({ code: 'custom', path: ['decidedOn'], message: '请填写审结日期' })
  }
  if (value.decidedOn !== undefined && value.decidedOn < value.filedOn) {
    ctx.addIssue({ code: 'custom', path: ['decidedOn'], message: '审结日期不能早于申请复议/起诉日期' })
  }
}

/** Input schemas by name. */
export const disclosureInputs = {
  emptyInput: z.strictObject({}),
  confirmReceiptInput: z.strictObject({
    channel: z.enum(RECEIPT_CHANNELS, { error: '请选择申请渠道' }),
    receivedOn: isoDate('收到申请之日'),
  }),
  requestCorrectionInput: z.strictObject({
    items: z
      .array(text('补正事项', 1000), { error: missing('补正事项') })
      .min(1, '须列明需要补正的事项')
      .max(50),
    windowWorkingDays: optional(
      z.int().min(1, '补正期限至少1个工作日').max(60, '补正期限不宜超过60个工作日'),
    ),
  }),
  receiveCorrectionInput: z.strictObject({
    receivedOn: isoDate('收到补正之日'),
    note: optional(text('备注', 2000)),
  }),
  assignInput: z.strictObject({ assigneeId: text('承办人', 100) }),
  transferInput: z.strictObject({
    toAgencyId: text('转至机关', 100),
    toAgencyName: text('转至机关名称', 200),
    reason: text('转办理由', 2000),
  }),
  consultInput: z.strictObject({
    consultee: text('征求意见对象', 200),
    matter: optional(text('征求意见事项', 2000)),
    /** Day the letter went out; defaults to today. */
    sentOn: optional(isoDate('发函日期')),
  }),
  receiveOpinionInput: z.strictObject({
    receivedOn: isoDate('收到意见之日'),
    position: z.enum(OPINION_POSITIONS, { error: '请选择反馈意见' }),
    summary: optional(text('意见摘要', 5000)),
  }),
  extendInput: z.strictObject({
    workingDays: optional(z.int().min(1, '延长期限至少1个工作日')),
    reason: text('延期理由', 2000),
  }),
  requestReasonsInput: z.strictObject({ questions: optional(text('说明事项', 2000)) }),
  setDateInput: z.strictObject({ dueOn: isoDate('答复期限'), reason: text('理由', 2000) }),
  issueFeeNoticeInput: z.discriminatedUnion(
    'method',
    [
      z.strictObject({
        method: z.literal(FEE_METHODS[0]),
        /** Requests (件) in this application. */
        count: count('件数', 1),
        /** Requests of this applicant already counted this calendar month. */
        priorCount: count('本月此前件数', 0),
        amountYuan: count('收费金额', 0),
        paymentWindowWorkingDays: optional(z.int().min(1).max(60)),
      }),
      z.strictObject({
        method: z.literal(FEE_METHODS[1]),
        /** Pages of this application. */
        count: count('页数', 1),
        amountYuan: count('收费金额', 0),
        paymentWindowWorkingDays: optional(z.int().min(1).max(60)),
      }),
    ],
    { error: '请选择计费方式（按件或按量）' },
  ),
  recordPaymentInput: z.strictObject({ paidOn: isoDate('缴费日期'), amountYuan: count('缴费金额', 0) }),
  draftReplyInput: z.strictObject({
    outcome: replyOutcomeSchema,
    /** 保密审查 (Art. 17) done: required before any disclosing outcome. */
    secrecyReviewed: z.boolean().default(false),
  }),
  commentInput: z.strictObject({ comment: optional(text('意见', 2000)) }),
  returnInput: z.strictObject({ reason: text('退回理由', 2000) }),
  sendReplyInput: z.strictObject({ sentOn: optional(isoDate('发出日期')) }),
  recordDeliveryInput: z.strictObject({
    method: z.enum(DELIVERY_METHODS, { error: '请选择送达方式' }),
    /** 交邮之日 for post; the day sent or signed for otherwise. */
    servedOn: isoDate('送达（交邮）日期'),
    applicantReceivedOn: optional(isoDate('申请人收到日期')),
  }),
  withdrawInput: z.strictObject({ reason: optional(text('撤回理由', 2000)) }),
  /** v2: a transfer is the Art. 36(5) reply to the applicant: its reasons, and how to reach the holding agency. */
  transferReplyInput: z.strictObject({
    toAgencyId: text('转至机关', 100),
    toAgencyName: text('转至机关名称', 200),
    reason: text('告知理由', 2000),
    contact: optional(text('接收机关联系方式', 500)),
  }),
  /** v2: the outcome may leave the holding agency unnamed; a disclosure over an objection states the override. */
  draftReplyInputV2: z.strictObject({
    outcome: replyOutcomeSchemaV2,
    secrecyReviewed: z.boolean().default(false),
    override: optional(thirdPartyOverrideSchema),
  }),
  /** v2: the day the consultee received the 征求意见书 / 函 (its 15 working days run from it). */
  consulteeReceiptInput: z.strictObject({ receivedOn: isoDate('对方收到征求意见书之日') }),
  /** v2: the day the applicant received the fee notice (the 20 working days to pay run from it). */
  feeNoticeReceiptInput: z.strictObject({ receivedOn: isoDate('申请人收到收费通知之日') }),
  /** v2: the registrar confirms 视为放弃 / 不再处理 after checking that there was no good reason. */
  confirmLapseInput: z.strictObject({ note: optional(text('核查情况', 2000)) }),
  /** v2: a good reason for missing the window, and the new window it opens (working days from today). */
  grantMoreTimeInput: z.strictObject({
    reason: text('正当理由', 2000),
    workingDays: z
      .int({ error: missing('新的期限（工作日）') })
      .min(1, '新的期限至少1个工作日')
      .max(60, '新的期限最长60个工作日'),
  }),
  recordRemedyInput: z.strictObject(remedyFields).superRefine(remedyRules),
  /** v2: recording a direct lawsuit against a refusal that carries 复议前置 needs an explicit confirmation. */
  recordRemedyInputV2: z
    .strictObject({ ...remedyFields, confirmDirectLitigation: z.boolean().default(false) })
    .superRefine(remedyRules),
} as const satisfies Record<string, z.ZodType>

/** How a staff form shows one input field (citizen forms have their own render model in forms/). */
export type InputWidget =
  | 'text'
  | 'textarea'
  | 'date'
  | 'integer'
  | 'checkbox'
  /** A list of strings, one per line. */
  | 'lines'
  /** One of the schema's enum values, labelled from an option set. */
  | 'choice'
  /** An enabled handler of the case's agency. */
  | 'handler'
  /** Another agency of the deployment. */
  | 'agency'
  /** Not shown: the name of the agency chosen in the `agency` field, filled in by the server. */
  | 'agency-name'

/** Option sets of `choice` fields; the edge labels each value (zh-CN catalogue: cases.options). */
export type InputOptionSet =
  | 'receiptChannel'
  | 'opinionPosition'
  | 'deliveryMethod'
  | 'remedyKind'
  | 'litigationPath'
  | 'remedyResult'

export interface InputFieldHint {
  name: string
  widget: InputWidget
  /** Key of the staff label (catalogue: cases.fields); the field name when absent. */
  label?: string
  /** Key of a hint shown under the label (catalogue: cases.hints). */
  hint?: string
  options?: InputOptionSet
}

/**
 * The staff form of an action input: its fields in order, or a purpose-built form where the input is nested (the
 * reply's outcome of DOMAIN.md §5, the fee notice's 按件/按量 alternatives).
 */
export type InputForm =
  | { fields: readonly InputFieldHint[] }
  | { custom: 'reply' | 'reply-v2' | 'fee-notice' }

const field = (name: string, widget: InputWidget, extra: Omit<InputFieldHint, 'name' | 'widget'> = {}) => ({
  name,
  widget,
  ...extra,
})

/** Render hints for every input schema above, by the same name: what the staff action forms are built from. */
export const disclosureInputForms = {
  emptyInput: { fields: [] },
  confirmReceiptInput: {
    fields: [field('channel', 'choice', { options: 'receiptChannel' }), field('receivedOn', 'date')],
  },
  requestCorrectionInput: {
    fields: [field('items', 'lines', { hint: 'onePerLine' }), field('windowWorkingDays', 'integer')],
  },
  receiveCorrectionInput: { fields: [field('receivedOn', 'date'), field('note', 'text')] },
  assignInput: { fields: [field('assigneeId', 'handler')] },
  transferInput: {
    fields: [
      field('toAgencyId', 'agency'),
      field('toAgencyName', 'agency-name'),
      field('reason', 'textarea'),
    ],
  },
  consultInput: {
    fields: [field('consultee', 'text'), field('matter', 'textarea'), field('sentOn', 'date')],
  },
  receiveOpinionInput: {
    fields: [
      field('receivedOn', 'date'),
      field('position', 'choice', { options: 'opinionPosition' }),
      field('summary', 'textarea'),
    ],
  },
  extendInput: { fields: [field('workingDays', 'integer'), field('reason', 'textarea')] },
  requestReasonsInput: { fields: [field('questions', 'text')] },
  setDateInput: { fields: [field('dueOn', 'date'), field('reason', 'textarea')] },
  issueFeeNoticeInput: { custom: 'fee-notice' },
  recordPaymentInput: { fields: [field('paidOn', 'date'), field('amountYuan', 'integer')] },
  draftReplyInput: { custom: 'reply' },
  draftReplyInputV2: { custom: 'reply-v2' },
  transferReplyInput: {
    fields: [
      field('toAgencyId', 'agency'),
      field('toAgencyName', 'agency-name'),
      field('reason', 'textarea', { label: 'transferReason' }),
      field('contact', 'text', { label: 'transferContact' }),
    ],
  },
  commentInput: { fields: [field('comment', 'text')] },
  returnInput: { fields: [field('reason', 'textarea')] },
  sendReplyInput: { fields: [field('sentOn', 'date')] },
  recordDeliveryInput: {
    fields: [
      field('method', 'choice', { options: 'deliveryMethod' }),
      field('servedOn', 'date'),
      field('applicantReceivedOn', 'date'),
    ],
  },
  withdrawInput: { fields: [field('reason', 'textarea')] },
  consulteeReceiptInput: { fields: [field('receivedOn', 'date', { label: 'consulteeReceivedOn' })] },
  feeNoticeReceiptInput: { fields: [field('receivedOn', 'date', { label: 'feeNoticeReceivedOn' })] },
  confirmLapseInput: { fields: [field('note', 'textarea', { label: 'lapseNote' })] },
  grantMoreTimeInput: {
    fields: [
      field('reason', 'textarea', { label: 'goodReason' }),
      field('workingDays', 'integer', { label: 'newWindow' }),
    ],
  },
  recordRemedyInput: {
    fields: [
      field('remedyId', 'text'),
      field('kind', 'choice', { options: 'remedyKind' }),
      field('litigationPath', 'choice', { options: 'litigationPath' }),
      field('filedOn', 'date'),
      field('result', 'choice', { options: 'remedyResult' }),
      field('decidedOn', 'date'),
      field('body', 'text'),
    ],
  },
  recordRemedyInputV2: {
    fields: [
      field('remedyId', 'text'),
      field('kind', 'choice', { options: 'remedyKind' }),
      field('litigationPath', 'choice', { options: 'litigationPath' }),
      field('filedOn', 'date'),
      field('result', 'choice', { options: 'remedyResult' }),
      field('decidedOn', 'date'),
      field('body', 'text'),
      field('confirmDirectLitigation', 'checkbox'),
    ],
  },
} as const satisfies Record<keyof typeof disclosureInputs, InputForm>
