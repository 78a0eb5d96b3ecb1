// Guards, resolvers, updates and effects of the disclosure workflow, referenced by name from its definitions.
import * as z from 'zod'
import { shanghaiDate } from '../calendar'
import type { IsoDate } from '../calendar/types'
import type { ClockEvent, ClockState } from '../clock/types'
import {
  type ActionContext,
  type Actor,
  allow,
  calendarMissing,
  deny,
  type Effect,
  type EffectDescriptor,
  type Guard,
  type Resolver,
  readInput,
  type Update,
  type UpdateResult,
  type Verdict,
  type WorkflowImplementations,
} from '../engine'
import { applicationFee, FEE_PAYMENT_WORKING_DAYS, feePaymentWindow, feeWindowTooShort } from '../fees'
import { OUTCOMES } from '../outcomes'
import type {
  ClosureOutcome,
  ConsultationKind,
  ConsultationRecord,
  DisclosureSettings,
  DisclosureSnapshot,
  LetterKind,
  RemedyRecord,
} from './disclosure-case'
import { disclosureInputs as inputs } from './disclosure-inputs'
import { receiptDateRefusal } from './receipt-rules'

type S = DisclosureSnapshot
type O = DisclosureSettings
type Ctx = ActionContext<S, O>

const snapshotGuard = (check: (snapshot: S, actor: Actor) => Verdict): Guard<S, O> => ({
  needs: 'snapshot',
  check,
})
const contextGuard = (check: (ctx: Ctx) => Verdict): Guard<S, O> => ({ needs: 'context', check })

function patched(patch: Partial<S>, payload?: Record<string, unknown>): UpdateResult<S> {
  return payload === undefined ? { ok: true, patch } : { ok: true, patch, payload }
}

function staffId(actor: Actor): string | null {
  return actor.kind === 'staff' ? actor.id : null
}

function withClockEvent(snapshot: S, event: ClockEvent): readonly ClockEvent[] {
  return [...snapshot.clockEvents, event]
}

// A date the clock computed, or why it has none: a calendar year it needs, or `absent` (nothing to compute).
function clockDate(clock: ClockState, date: IsoDate | null, absent: string): { date: IsoDate } | Verdict {
  if (date !== null) return { date }
  if (clock.unconfirmed) return calendarMissing(clock.unconfirmed)
  return deny(absent)
}

function latestClockDate(snapshot: S): IsoDate | null {
  let latest: IsoDate | null = null
  for (const event of snapshot.clockEvents) if (latest === null || event.on > latest) latest = event.on
  return latest
}

// Dates staff enter record what already happened: never in the future, never before what they follow.
function pastDate(
  ctx: Ctx,
  date: IsoDate,
  label: string,
  earliest: { on: IsoDate | null; what: string },
): Verdict {
  if (date > ctx.today) return deny(`${label}不能晚于今天（${ctx.today}）`)
  if (earliest.on !== null && date < earliest.on)
    return deny(`${label}不能早于${earliest.what}（${earliest.on}）`)
  return allow
}

function both(first: Verdict, second: () => Verdict): Verdict {
  return first.ok ? second() : first
}

// A date that creates a clock event may not precede the clock events already recorded: computeClock orders events
// by date, so a backdated pause end could, for instance, retroactively put an extension decided since after the
// deadline. Staff record facts in the order they happened instead.
function notBeforeRecorded(ctx: Ctx, date: IsoDate, label: string): Verdict {
  return pastDate(ctx, date, label, { on: latestClockDate(ctx.snapshot), what: '本案已记录的最近时间节点' })
}

function openConsultation(snapshot: S): ConsultationRecord | undefined {
  const last = snapshot.consultations.at(-1)
  return last?.status === 'open' ? last : undefined
}

function replaceLastConsultation(snapshot: S, changes: Partial<ConsultationRecord>): ConsultationRecord[] {
  return snapshot.consultations.map((item, index) =>
    index === snapshot.consultations.length - 1 ? { ...item, ...changes } : item,
  )
}

function closureOutcome(code: ClosureOutcome['code'], reasons: string | null): ClosureOutcome {
  const citation = OUTCOMES[code].citation
  return { code, legalBasis: citation === null ? [] : [citation], reasons }
}

/** The window a v2 lapse watches: the correction deadline or the payment deadline (as last set), or null. */
function lapseWindowEnd(snapshot: S): { kind: 'correction' | 'fee'; on: IsoDate } | null {
  if (snapshot.state === 'awaiting_correction' && snapshot.correction && !snapshot.correction.receivedOn)
    return { kind: 'correction', on: snapshot.correction.dueOn }
  if (snapshot.state === 'fee_pending' && snapshot.fee?.status === 'pending')
    return { kind: 'fee', on: snapshot.fee.payBy }
  return null
}

/** A working-day date from today, or null while its year is not loaded (an internal target never blocks). */
function targetDate(ctx: Ctx, workingDays: number): IsoDate | null {
  const due = ctx.calendar.addWorkingDays(ctx.today, workingDays)
  return due.ok ? due.value : null
}

/** Art. 17: a disclosing outcome needs the secrecy review (v1 and v2 drafts alike). */
function secrecyVerdict(draft: {
  outcome: { code: keyof typeof OUTCOMES }
  secrecyReviewed: boolean
}): Verdict {
  return OUTCOMES[draft.outcome.code].disclosing && !draft.secrecyReviewed
    ? deny('公开政府信息前须完成保密审查（《条例》第十七条）')
    : allow
}

/** Outcomes that need an earlier step: 不予处理 after asking for reasons (Art. 35), 仍不明确 after a correction. */
function prerequisitesVerdict(code: keyof typeof OUTCOMES, flags: S['flags']): Verdict {
  if (code === 'excessive_requests' && !flags.reasonsRequested) {
    return deny('不予处理前须先要求申请人说明理由（《条例》第三十五条）')
  }
  if (code === 'unclear_after_correction' && !flags.correctionReceived) {
    return deny('只有经补正后申请内容仍不明确的，才能作此答复')
  }
  return allow
}

const sentOnInput = z.object({ sentOn: z.string().optional() })
const receivedOnInput = z.object({ receivedOn: z.string() })

const guards = {
  receiptDateValid: contextGuard((ctx) => {
    const { channel, receivedOn } = readInput(inputs.confirmReceiptInput, ctx)
    const refusal = receiptDateRefusal({
      channel,
      receivedOn,
      today: ctx.today,
      submittedOn: shanghaiDate(ctx.snapshot.submittedAt),
    })
    return refusal === null ? allow : deny(refusal)
  }),

  correctionNotRequested: snapshotGuard((snapshot) =>
    snapshot.flags.correctionRequested ? deny('补正只能要求一次（《条例》第三十条）') : allow,
  ),

  correctionReceiptDateValid: contextGuard((ctx) => {
    const { receivedOn } = readInput(receivedOnInput, ctx)
    return both(
      pastDate(ctx, receivedOn, '收到补正之日', {
        on: ctx.snapshot.correction?.requestedOn ?? null,
        what: '补正告知之日',
      }),
      () => notBeforeRecorded(ctx, receivedOn, '收到补正之日'),
    )
  }),

  correctionWindowOver: contextGuard((ctx) => {
    const correction = ctx.snapshot.correction
    if (!correction) return deny('本案没有待补正事项')
    const end = ctx.calendar.addWorkingDays(correction.requestedOn, correction.windowWorkingDays)
    if (!end.ok) return calendarMissing(end.error)
    return ctx.today > end.value ? allow : deny(`补正期限（${end.value}）尚未届满`)
  }),

  actorIsAssignee: snapshotGuard((snapshot, actor) => {
    if (actor.kind !== 'staff' || actor.roles.includes('admin')) return allow
    if (snapshot.assigneeId === actor.id) return allow
    return deny(snapshot.assigneeId === null ? '本案件尚未分办，请先分办给承办人' : '本案件不由您承办')
  }),

  beforeReplyDeadline: contextGuard((ctx) => {
    const due = clockDate(ctx.clock, ctx.clock.replyDueOn, '本案当前没有进行中的答复期限')
    if (!('date' in due)) return due
    return ctx.today > due.date ? deny(`答复期限（${due.date}）已届满，此操作须在期限届满前进行`) : allow
  }),

  notExtended: snapshotGuard((snapshot) =>
    snapshot.flags.extended ? deny('延期答复只能一次（《条例》第三十三条）') : allow,
  ),

  extensionWithinLimit: contextGuard((ctx) => {
    const { workingDays } = readInput(inputs.extendInput, ctx)
    const max = ctx.settings.maxExtensionWorkingDays
    return workingDays !== undefined && workingDays > max ? deny(`延长期限最长不得超过${max}个工作日`) : allow
  }),

  consultationDateValid: contextGuard((ctx) => {
    const { sentOn } = readInput(sentOnInput, ctx)
    return notBeforeRecorded(ctx, sentOn ?? ctx.today, '发函日期')
  }),

  opinionDateValid: contextGuard((ctx) => {
    const { receivedOn } = readInput(receivedOnInput, ctx)
    return both(
      pastDate(ctx, receivedOn, '收到意见之日', {
        on: openConsultation(ctx.snapshot)?.sentOn ?? null,
        what: '发函日期',
      }),
      () => notBeforeRecorded(ctx, receivedOn, '收到意见之日'),
    )
  }),

  consultationWindowOver: contextGuard((ctx) => {
    const consultation = openConsultation(ctx.snapshot)
    if (!consultation) return deny('本案没有进行中的征求意见')
    return ctx.today > consultation.windowEndsOn
      ? allow
      : deny(`征求意见期限（${consultation.windowEndsOn}）尚未届满`)
  }),

  reasonsRequested: snapshotGuard((snapshot) =>
    snapshot.flags.reasonsRequested ? allow : deny('须先要求申请人说明理由（《条例》第三十五条）'),
  ),

  dateNotSet: snapshotGuard((snapshot) =>
    snapshot.flags.agencySetDate ? deny('延迟答复的期限只能确定一次') : allow,
  ),

  setDateLater: contextGuard((ctx) => {
    const { dueOn } = readInput(inputs.setDateInput, ctx)
    const due = clockDate(ctx.clock, ctx.clock.replyDueOn, '本案当前没有进行中的答复期限')
    if (!('date' in due)) return due
    return dueOn > due.date ? allow : deny(`确定的答复期限应晚于当前答复期限（${due.date}）`)
  }),

  feeNotIssued: snapshotGuard((snapshot) =>
    snapshot.flags.feeNoticeIssued ? deny('一件申请只能发出一次收费通知') : allow,
  ),

  feeAmountMatches: contextGuard((ctx) => {
    const input = readInput(inputs.issueFeeNoticeInput, ctx)
    const fee = applicationFee(input)
    if (fee.totalYuan === 0) return deny('按所选计费方式本申请不收费，无需发出收费通知')
    return input.amountYuan === fee.totalYuan ? allow : deny(`收费金额应为${fee.totalYuan}元`)
  }),

  paymentValid: contextGuard((ctx) => {
    const { paidOn, amountYuan } = readInput(inputs.recordPaymentInput, ctx)
    const fee = ctx.snapshot.fee
    if (!fee) return deny('本案没有收费通知')
    if (amountYuan !== fee.amountYuan) return deny(`缴费金额应为${fee.amountYuan}元`)
    return both(pastDate(ctx, paidOn, '缴费日期', { on: fee.issuedOn, what: '收费通知发出之日' }), () =>
      notBeforeRecorded(ctx, paidOn, '缴费日期'),
    )
  }),

  feeWindowOver: contextGuard((ctx) => {
    const fee = ctx.snapshot.fee
    if (fee?.status !== 'pending') return deny('本案没有待缴的费用')
    return ctx.today > fee.payBy ? allow : deny(`缴费期限（${fee.payBy}）尚未届满`)
  }),

  secrecyReviewed: contextGuard((ctx) => secrecyVerdict(readInput(inputs.draftReplyInput, ctx))),

  outcomePrerequisites: contextGuard((ctx) =>
    prerequisitesVerdict(readInput(inputs.draftReplyInput, ctx).outcome.code, ctx.snapshot.flags),
  ),

  replyDrafted: snapshotGuard((snapshot) => (snapshot.outcome === null ? deny('请先拟写答复') : allow)),

  sendDateValid: contextGuard((ctx) => {
    const { sentOn } = readInput(sentOnInput, ctx)
    return notBeforeRecorded(ctx, sentOn ?? ctx.today, '发出日期')
  }),

  deliveryDatesValid: contextGuard((ctx) => {
    const input = readInput(inputs.recordDeliveryInput, ctx)
    const served = pastDate(ctx, input.servedOn, '送达（交邮）日期', {
      on: ctx.snapshot.reply?.sentOn ?? null,
      what: '答复发出之日',
    })
    if (!served.ok || input.applicantReceivedOn === undefined) return served
    return pastDate(ctx, input.applicantReceivedOn, '申请人收到日期', {
      on: input.servedOn,
      what: '送达（交邮）日期',
    })
  }),

  remedyValid: contextGuard((ctx) => {
    const input = readInput(inputs.recordRemedyInput, ctx)
    if (
      input.remedyId !== undefined &&
      !ctx.snapshot.remedies.some((remedy) => remedy.id === input.remedyId)
    ) {
      return deny(`没有编号为${input.remedyId}的复议或诉讼记录`)
    }
    const filed = pastDate(ctx, input.filedOn, '申请复议/起诉日期', { on: null, what: '' })
    if (!filed.ok || input.decidedOn === undefined) return filed
    return pastDate(ctx, input.decidedOn, '审结日期', { on: input.filedOn, what: '申请复议/起诉日期' })
  }),

  // v2 (new names only: v1's guards keep their behaviour).
  secrecyReviewedV2: contextGuard((ctx) => secrecyVerdict(readInput(inputs.draftReplyInputV2, ctx))),

  outcomePrerequisitesV2: contextGuard((ctx) =>
    prerequisitesVerdict(readInput(inputs.draftReplyInputV2, ctx).outcome.code, ctx.snapshot.flags),
  ),

  /** Art. 32: disclosing what a consulted third party objected to needs the content and the public-interest reason. */
  overrideJustified: contextGuard((ctx) => {
    const { outcome, override } = readInput(inputs.draftReplyInputV2, ctx)
    const objected = ctx.snapshot.consultations.some(
      (c) => c.kind === 'third_party' && (c.position === 'objects' || c.position === 'partly_agrees'),
    )
    if (OUTCOMES[outcome.code].disclosing && objected && !override) {
      return deny('第三方不同意公开，决定予以公开的，须写明决定公开的内容和理由（《条例》第三十二条）')
    }
    return allow
  }),

  remedyValidV2: contextGuard((ctx) => {
    const input = readInput(inputs.recordRemedyInputV2, ctx)
    if (
      input.remedyId !== undefined &&
      !ctx.snapshot.remedies.some((remedy) => remedy.id === input.remedyId)
    ) {
      return deny(`没有编号为${input.remedyId}的复议或诉讼记录`)
    }
    const filed = pastDate(ctx, input.filedOn, '申请复议/起诉日期', { on: null, what: '' })
    if (!filed.ok || input.decidedOn === undefined) return filed
    return pastDate(ctx, input.decidedOn, '审结日期', { on: input.filedOn, what: '申请复议/起诉日期' })
  }),

  /** 复议前置: a direct lawsuit against such a refusal is recorded only once staff confirm they know it. */
  directLitigationConfirmed: contextGuard((ctx) => {
    const input = readInput(inputs.recordRemedyInputV2, ctx)
    const code = ctx.snapshot.outcome?.code
    if (
      input.kind === 'litigation' &&
      input.litigationPath === 'direct' &&
      !input.confirmDirectLitigation &&
      code !== undefined &&
      ctx.settings.reconsiderationFirst.includes(code)
    ) {
      return deny(
        '本案答复依法应先申请行政复议（复议前置，《中华人民共和国行政复议法》第二十三条）；如申请人确已直接起诉，请勾选确认后再登记',
      )
    }
    return allow
  }),

  /** v2, Art. 30: the 补正 notice goes out within 7 working days of receipt, or not at all. */
  correctionNoticeInTime: contextGuard((ctx) => {
    const due = clockDate(ctx.clock, ctx.clock.correctionNoticeDueOn, '本案尚未确认收到')
    if (!('date' in due)) return due
    return ctx.today > due.date
      ? deny(
          `补正告知须在收到申请之日起${ctx.settings.correctionNoticeWorkingDays}个工作日内发出（《条例》第三十条），本案最迟为 ${due.date}；逾期不能再要求补正，请按现有申请内容作出答复`,
        )
      : allow
  }),

  /** v2: the sweep flags a window that ended (once); a person then decides. */
  lapseWindowOver: contextGuard((ctx) => {
    if (ctx.snapshot.lapse) return deny('已标记为逾期，待登记人员确认')
    const end = lapseWindowEnd(ctx.snapshot)
    if (!end) return deny('本案没有进行中的补正或缴费期限')
    return ctx.today > end.on ? allow : deny(`期限（${end.on}）尚未届满`)
  }),

  lapseFlagged: snapshotGuard((snapshot) =>
    snapshot.lapse ? allow : deny('期限尚未届满或尚未标记逾期，不能作此处理'),
  ),

  /** v2, four-eyes: the drafter of a reply does not give its legal approval. */
  fourEyesLegal: contextGuard((ctx) => {
    if (!ctx.settings.fourEyes || ctx.actor.kind !== 'staff') return allow
    return ctx.snapshot.draftedBy === ctx.actor.id
      ? deny('四眼原则（本机关设置）：拟写答复的人员不能对同一答复进行法制审核，请由其他法制审核人员审核')
      : allow
  }),

  /** v2, four-eyes: neither the drafter nor the legal approver signs the reply off. */
  fourEyesApproval: contextGuard((ctx) => {
    if (!ctx.settings.fourEyes || ctx.actor.kind !== 'staff') return allow
    if (ctx.snapshot.draftedBy === ctx.actor.id)
      return deny('四眼原则（本机关设置）：拟写答复的人员不能签发同一答复，请由其他签发人签发')
    if (ctx.snapshot.review.legal?.by === ctx.actor.id)
      return deny('四眼原则（本机关设置）：法制审核人员不能签发其审核的答复，请由其他签发人签发')
    return allow
  }),

  /** v2, Art. 32/34: the consultee's receipt day lies between the sending day and today. */
  consulteeReceiptValid: contextGuard((ctx) => {
    const { receivedOn } = readInput(inputs.consulteeReceiptInput, ctx)
    const open = openConsultation(ctx.snapshot)
    if (!open) return deny('本案没有进行中的征求意见')
    return both(
      pastDate(ctx, receivedOn, '对方收到征求意见书之日', { on: open.sentOn, what: '发函日期' }),
      () => notBeforeRecorded(ctx, receivedOn, '对方收到征求意见书之日'),
    )
  }),

  /** v2: the applicant's receipt of the fee notice lies between its issue and today. */
  feeNoticeReceiptValid: contextGuard((ctx) => {
    const { receivedOn } = readInput(inputs.feeNoticeReceiptInput, ctx)
    const fee = ctx.snapshot.fee
    if (fee?.status !== 'pending') return deny('本案没有待缴的费用')
    return both(
      pastDate(ctx, receivedOn, '申请人收到收费通知之日', { on: fee.issuedOn, what: '收费通知发出之日' }),
      () => notBeforeRecorded(ctx, receivedOn, '申请人收到收费通知之日'),
    )
  }),

  /** v2, 国办函〔2020〕109号: 20 working days to pay, never fewer. */
  feeWindowStatutory: contextGuard((ctx) => {
    const window = (ctx.input as { paymentWindowWorkingDays?: unknown }).paymentWindowWorkingDays
    return typeof window === 'number' && feeWindowTooShort(window)
      ? deny(
          `缴费期限为申请人收到收费通知之日起${FEE_PAYMENT_WORKING_DAYS}个工作日，不得缩短（国办函〔2020〕109号）`,
        )
      : allow
  }),
} satisfies Record<string, Guard<S, O>>

const resolvers = {
  // Back to where the case was when the 补正 notice went out (待受理 or 办理中).
  stateBeforeCorrection: (ctx) => ctx.snapshot.correction?.fromState ?? 'received',
  // 法制审核 is configurable per agency; without it the draft goes straight to 待签发.
  reviewRoute: (ctx) => (ctx.settings.legalReview ? 'legal_review' : 'awaiting_approval'),
} satisfies Record<string, Resolver<S, O>>

function openConsultationUpdate(kind: ConsultationKind): Update<S, O> {
  return (ctx) => {
    const input = readInput(inputs.consultInput, ctx)
    const sentOn = input.sentOn ?? ctx.today
    const windowWorkingDays = ctx.settings.consultationWorkingDays
    const end = ctx.calendar.addWorkingDays(sentOn, windowWorkingDays)
    if (!end.ok) return { ok: false, calendar: end.error }
    const record: ConsultationRecord = {
      kind,
      consultee: input.consultee,
      matter: input.matter ?? null,
      sentOn,
      windowWorkingDays,
      windowEndsOn: end.value,
      status: 'open',
      answeredOn: null,
      position: null,
      summary: null,
    }
    return patched(
      {
        consultations: [...ctx.snapshot.consultations, record],
        clockEvents: withClockEvent(ctx.snapshot, {
          type: 'pause-started',
          on: sentOn,
          reason: kind,
          windowDays: windowWorkingDays,
        }),
      },
      { kind, sentOn, windowEndsOn: end.value },
    )
  }
}

function closeWith(code: ClosureOutcome['code'], reasons: (ctx: Ctx) => string | null): Update<S, O> {
  return (ctx) =>
    patched({ outcome: closureOutcome(code, reasons(ctx)), decidedOn: ctx.today, closedOn: ctx.today })
}

/** A remedy (复议/诉讼) recorded, or an earlier one updated by its id. */
function remedyPatch(ctx: Ctx, input: z.output<typeof inputs.recordRemedyInput>): UpdateResult<S> {
  const id = input.remedyId ?? `remedy-${ctx.snapshot.remedies.length + 1}`
  const record: RemedyRecord = {
    id,
    kind: input.kind,
    litigationPath: input.litigationPath ?? null,
    filedOn: input.filedOn,
    result: input.result,
    decidedOn: input.decidedOn ?? null,
    body: input.body ?? null,
    recordedOn: ctx.today,
  }
  const exists = ctx.snapshot.remedies.some((remedy) => remedy.id === id)
  return patched(
    {
      remedies: exists
        ? ctx.snapshot.remedies.map((remedy) => (remedy.id === id ? record : remedy))
        : [...ctx.snapshot.remedies, record],
    },
    { remedyId: id },
  )
}

/** The fee notice: amount by 国办函〔2020〕109号, the payment window, the pause of the reply clock. */
function feeNoticePatch(ctx: Ctx, defaultWindow: number): UpdateResult<S> {
  const input = readInput(inputs.issueFeeNoticeInput, ctx)
  const windowWorkingDays = input.paymentWindowWorkingDays ?? defaultWindow
  const payBy = ctx.calendar.addWorkingDays(ctx.today, windowWorkingDays)
  if (!payBy.ok) return { ok: false, calendar: payBy.error }
  const breakdown = applicationFee(input)
  return patched(
    {
      fee: {
        method: input.method,
        count: input.count,
        priorCount: input.method === 'per_request' ? input.priorCount : null,
        amountYuan: breakdown.totalYuan,
        breakdown,
        issuedOn: ctx.today,
        windowWorkingDays,
        payBy: payBy.value,
        status: 'pending',
        paidOn: null,
      },
      flags: { ...ctx.snapshot.flags, feeNoticeIssued: true },
      clockEvents: withClockEvent(ctx.snapshot, {
        type: 'pause-started',
        on: ctx.today,
        reason: 'fee',
        windowDays: windowWorkingDays,
      }),
    },
    { breakdown, payBy: payBy.value },
  )
}

const updates = {
  recordReceipt: (ctx) => {
    const { channel, receivedOn } = readInput(inputs.confirmReceiptInput, ctx)
    return patched({
      receipt: { channel, receivedOn, confirmedBy: staffId(ctx.actor), confirmedOn: ctx.today },
      clockEvents: withClockEvent(ctx.snapshot, { type: 'received', on: receivedOn, channel }),
    })
  },

  recordCorrectionRequest: (ctx) => {
    const input = readInput(inputs.requestCorrectionInput, ctx)
    const windowWorkingDays = input.windowWorkingDays ?? ctx.settings.correctionWindowWorkingDays
    const noticeDue = clockDate(ctx.clock, ctx.clock.correctionNoticeDueOn, '本案尚未确认收到')
    if (!('date' in noticeDue)) {
      if ('calendar' in noticeDue) return { ok: false, calendar: noticeDue.calendar }
      throw new Error('request-correction reached a case without a day of receipt')
    }
    const dueOn = ctx.calendar.addWorkingDays(ctx.today, windowWorkingDays)
    if (!dueOn.ok) return { ok: false, calendar: dueOn.error }
    // Art. 30 asks for the notice within 7 working days; a late notice is still valid but must be visible.
    const late = ctx.today > noticeDue.date
    return patched(
      {
        correction: {
          requestedOn: ctx.today,
          items: input.items,
          windowWorkingDays,
          dueOn: dueOn.value,
          fromState: ctx.snapshot.state,
          receivedOn: null,
        },
        flags: { ...ctx.snapshot.flags, correctionRequested: true, correctionLate: late },
        clockEvents: withClockEvent(ctx.snapshot, {
          type: 'correction-requested',
          on: ctx.today,
          windowDays: windowWorkingDays,
        }),
      },
      { late, noticeDueOn: noticeDue.date, correctionDueOn: dueOn.value, windowWorkingDays },
    )
  },

  recordCorrectionReceipt: (ctx) => {
    const { receivedOn } = readInput(inputs.receiveCorrectionInput, ctx)
    const correction = ctx.snapshot.correction
    if (!correction) throw new Error('receive-correction reached a case without a correction request')
    return patched(
      {
        correction: { ...correction, receivedOn },
        flags: { ...ctx.snapshot.flags, correctionReceived: true },
        clockEvents: withClockEvent(ctx.snapshot, { type: 'correction-received', on: receivedOn }),
      },
      { late: receivedOn > correction.dueOn, correctionDueOn: correction.dueOn },
    )
  },

  closeAsCorrectionLapsed: closeWith('correction_lapsed', () => '申请人无正当理由逾期未补正，视为放弃申请'),

  recordAcceptance: (ctx) => patched({ acceptedOn: ctx.today }),

  recordAssignment: (ctx) => {
    const { assigneeId } = readInput(inputs.assignInput, ctx)
    return patched({ assigneeId }, { previousAssigneeId: ctx.snapshot.assigneeId })
  },

  recordTransfer: (ctx) => {
    const input = readInput(inputs.transferInput, ctx)
    return patched({ transfer: { ...input, on: ctx.today }, closedOn: ctx.today })
  },

  openThirdPartyConsultation: openConsultationUpdate('third_party'),
  openAgencyConsultation: openConsultationUpdate('other_agency'),

  recordOpinion: (ctx) => {
    const input = readInput(inputs.receiveOpinionInput, ctx)
    return patched({
      consultations: replaceLastConsultation(ctx.snapshot, {
        status: 'answered',
        answeredOn: input.receivedOn,
        position: input.position,
        summary: input.summary ?? null,
      }),
      clockEvents: withClockEvent(ctx.snapshot, { type: 'pause-ended', on: input.receivedOn }),
    })
  },

  lapseConsultation: (ctx) => {
    const consultation = openConsultation(ctx.snapshot)
    if (!consultation) throw new Error('consultation-lapsed reached a case without an open consultation')
    // Art. 32: a silent third party leaves the decision to the agency; Art. 34: a silent agency is deemed to agree.
    const consequence = consultation.kind === 'third_party' ? 'agency_decides' : 'deemed_consent'
    return patched(
      {
        consultations: replaceLastConsultation(ctx.snapshot, { status: 'lapsed' }),
        clockEvents: withClockEvent(ctx.snapshot, { type: 'pause-ended', on: consultation.windowEndsOn }),
      },
      { windowEndsOn: consultation.windowEndsOn, consequence },
    )
  },

  recordExtension: (ctx) => {
    const input = readInput(inputs.extendInput, ctx)
    const workingDays = input.workingDays ?? ctx.settings.maxExtensionWorkingDays
    return patched(
      {
        extension: {
          workingDays,
          reason: input.reason,
          approvedOn: ctx.today,
          approvedBy: staffId(ctx.actor),
        },
        flags: { ...ctx.snapshot.flags, extended: true },
        clockEvents: withClockEvent(ctx.snapshot, { type: 'extended', on: ctx.today, workingDays }),
      },
      { workingDays, previousDueOn: ctx.clock.replyDueOn },
    )
  },

  recordReasonsRequest: (ctx) =>
    patched({
      art35: { ...ctx.snapshot.art35, reasonsRequestedOn: ctx.today },
      flags: { ...ctx.snapshot.flags, reasonsRequested: true },
    }),

  recordSetDate: (ctx) => {
    const { dueOn, reason } = readInput(inputs.setDateInput, ctx)
    return patched(
      {
        art35: { ...ctx.snapshot.art35, setDueOn: dueOn, setDateReason: reason },
        flags: { ...ctx.snapshot.flags, agencySetDate: true },
        clockEvents: withClockEvent(ctx.snapshot, { type: 'agency-set-date', on: ctx.today, dueOn }),
      },
      { previousDueOn: ctx.clock.replyDueOn },
    )
  },

  recordFeeNotice: (ctx) => feeNoticePatch(ctx, ctx.settings.feePaymentWorkingDays),

  recordPayment: (ctx) => {
    const { paidOn } = readInput(inputs.recordPaymentInput, ctx)
    const fee = ctx.snapshot.fee
    if (!fee) throw new Error('record-payment reached a case without a fee notice')
    return patched({
      fee: { ...fee, status: 'paid', paidOn },
      clockEvents: withClockEvent(ctx.snapshot, { type: 'pause-ended', on: paidOn }),
    })
  },

  closeAsFeeLapsed: (ctx) => {
    const fee = ctx.snapshot.fee
    if (!fee) throw new Error('fee-lapsed reached a case without a fee notice')
    return patched({
      fee: { ...fee, status: 'lapsed' },
      outcome: closureOutcome('fee_lapsed', '申请人逾期未按收费通知要求缴纳费用，视为放弃申请'),
      decidedOn: ctx.today,
      closedOn: ctx.today,
    })
  },

  recordDraft: (ctx) => {
    const { outcome, secrecyReviewed } = readInput(inputs.draftReplyInput, ctx)
    return patched({
      outcome,
      flags: { ...ctx.snapshot.flags, secrecyReviewed },
      review: { legal: null, approval: null },
    })
  },

  recordSubmission: (ctx) =>
    patched(
      { flags: { ...ctx.snapshot.flags, legalReviewRequired: ctx.settings.legalReview } },
      { legalReview: ctx.settings.legalReview },
    ),

  recordLegalApproval: (ctx) => {
    const { comment } = readInput(inputs.commentInput, ctx)
    return patched({
      review: {
        ...ctx.snapshot.review,
        legal: { by: staffId(ctx.actor), on: ctx.today, comment: comment ?? null },
      },
    })
  },

  recordApproval: (ctx) => {
    const { comment } = readInput(inputs.commentInput, ctx)
    return patched({
      review: {
        ...ctx.snapshot.review,
        approval: { by: staffId(ctx.actor), on: ctx.today, comment: comment ?? null },
      },
    })
  },

  recordReturn: () => patched({ review: { legal: null, approval: null } }),

  recordReplySent: (ctx) => {
    const { sentOn: given } = readInput(inputs.sendReplyInput, ctx)
    const sentOn = given ?? ctx.today
    const replyDueOn = ctx.clock.replyDueOn
    return patched(
      {
        reply: { sentOn, replyDueOn },
        decidedOn: sentOn,
        clockEvents: withClockEvent(ctx.snapshot, { type: 'stopped', on: sentOn }),
      },
      { sentOn, replyDueOn, outcome: ctx.snapshot.outcome?.code ?? null },
    )
  },

  recordDelivery: (ctx) => {
    const input = readInput(inputs.recordDeliveryInput, ctx)
    // Judged against the deadline as recomputed now, so a calendar corrected since sending is honoured.
    const due = clockDate(ctx.clock, ctx.clock.replyDueOn ?? ctx.snapshot.reply?.replyDueOn ?? null, '')
    if (!('date' in due)) {
      if ('calendar' in due) return { ok: false, calendar: due.calendar }
      throw new Error('record-delivery reached a case without a reply deadline')
    }
    const onTime = input.servedOn <= due.date
    return patched(
      {
        delivery: {
          method: input.method,
          servedOn: input.servedOn,
          applicantReceivedOn: input.applicantReceivedOn ?? null,
          onTime,
        },
        closedOn: ctx.today,
      },
      { onTime, replyDueOn: due.date },
    )
  },

  recordWithdrawal: closeWith('withdrawn', (ctx) => readInput(inputs.withdrawInput, ctx).reason ?? null),

  recordRemedy: (ctx) => remedyPatch(ctx, readInput(inputs.recordRemedyInput, ctx)),

  // v2 (new names only).
  recordRemedyV2: (ctx) => remedyPatch(ctx, readInput(inputs.recordRemedyInputV2, ctx)),

  recordDraftV2: (ctx) => {
    const { outcome, secrecyReviewed, override } = readInput(inputs.draftReplyInputV2, ctx)
    return patched({
      outcome,
      flags: { ...ctx.snapshot.flags, secrecyReviewed },
      review: { legal: null, approval: null },
      thirdPartyOverride: override ?? null,
      draftedBy: staffId(ctx.actor),
    })
  },

  /** v2, Art. 36(5): a transfer is this agency's reply — not held here, the holding agency named — and closes it. */
  recordTransferReply: (ctx) => {
    const input = readInput(inputs.transferReplyInput, ctx)
    const citation = OUTCOMES.not_held.citation
    const outcome = {
      code: 'not_held' as const,
      legalBasis: citation ? [citation] : [],
      reasons: input.reason,
      rightAgency: { name: input.toAgencyName, ...(input.contact ? { contact: input.contact } : {}) },
    }
    return patched(
      {
        transfer: {
          toAgencyId: input.toAgencyId,
          toAgencyName: input.toAgencyName,
          reason: input.reason,
          on: ctx.today,
        },
        outcome,
        reply: { sentOn: ctx.today, replyDueOn: ctx.clock.replyDueOn },
        decidedOn: ctx.today,
        closedOn: ctx.today,
        clockEvents: withClockEvent(ctx.snapshot, { type: 'stopped', on: ctx.today }),
      },
      { outcome: 'not_held' },
    )
  },

  /** v2: the window ended: flag the case for the registrar; nothing closes by itself. */
  flagLapse: (ctx) => {
    const end = lapseWindowEnd(ctx.snapshot)
    if (!end) throw new Error('a lapse reached a case without an open window')
    return patched(
      { lapse: { kind: end.kind, windowEndedOn: end.on, flaggedOn: ctx.today } },
      { kind: end.kind, windowEndedOn: end.on },
    )
  },

  /** v2: the registrar confirms 视为放弃 / 不再处理: the case closes with its lapse outcome. */
  closeAsLapsedV2: (ctx) => {
    const { note } = readInput(inputs.confirmLapseInput, ctx)
    const lapse = ctx.snapshot.lapse
    if (!lapse) throw new Error('confirm-lapse reached a case that is not flagged')
    const closed = { decidedOn: ctx.today, closedOn: ctx.today, lapse: null }
    if (lapse.kind === 'correction') {
      return patched(
        {
          ...closed,
          outcome: closureOutcome('correction_lapsed', '申请人无正当理由逾期未补正，视为放弃申请'),
        },
        { kind: lapse.kind, note: note ?? null },
      )
    }
    const fee = ctx.snapshot.fee
    if (!fee) throw new Error('confirm-lapse reached a fee lapse without a fee notice')
    return patched(
      {
        ...closed,
        fee: { ...fee, status: 'lapsed' },
        outcome: closureOutcome('fee_lapsed', '申请人逾期未按收费通知要求缴纳费用，视为放弃申请'),
      },
      { kind: lapse.kind, note: note ?? null },
    )
  },

  /** v2: a good reason for missing the window: record it and open a new window from today. */
  grantMoreTime: (ctx) => {
    const { reason, workingDays } = readInput(inputs.grantMoreTimeInput, ctx)
    const lapse = ctx.snapshot.lapse
    if (!lapse) throw new Error('grant-more-time reached a case that is not flagged')
    const until = ctx.calendar.addWorkingDays(ctx.today, workingDays)
    if (!until.ok) return { ok: false, calendar: until.error }
    const grace = {
      kind: lapse.kind,
      reason,
      grantedOn: ctx.today,
      until: until.value,
      by: staffId(ctx.actor),
    }
    const patch: Partial<S> = { lapse: null, graces: [...(ctx.snapshot.graces ?? []), grace] }
    if (lapse.kind === 'correction' && ctx.snapshot.correction)
      patch.correction = { ...ctx.snapshot.correction, dueOn: until.value }
    if (lapse.kind === 'fee' && ctx.snapshot.fee) {
      patch.fee = { ...ctx.snapshot.fee, payBy: until.value }
      patch.clockEvents = withClockEvent(ctx.snapshot, {
        type: 'pause-window-restarted',
        on: ctx.today,
        windowDays: workingDays,
      })
    }
    return patched(patch, { kind: lapse.kind, until: until.value, reason })
  },

  recordSubmissionV2: (ctx) => {
    const legal = ctx.settings.legalReview
    return patched(
      {
        flags: { ...ctx.snapshot.flags, legalReviewRequired: legal },
        reviewDue: legal
          ? { legal: targetDate(ctx, ctx.settings.legalReviewDueWorkingDays), approval: null }
          : { legal: null, approval: targetDate(ctx, ctx.settings.approvalDueWorkingDays) },
      },
      { legalReview: legal },
    )
  },

  recordLegalApprovalV2: (ctx) => {
    const { comment } = readInput(inputs.commentInput, ctx)
    return patched({
      review: {
        ...ctx.snapshot.review,
        legal: { by: staffId(ctx.actor), on: ctx.today, comment: comment ?? null },
      },
      reviewDue: { legal: null, approval: targetDate(ctx, ctx.settings.approvalDueWorkingDays) },
    })
  },

  recordApprovalV2: (ctx) => {
    const { comment } = readInput(inputs.commentInput, ctx)
    return patched({
      review: {
        ...ctx.snapshot.review,
        approval: { by: staffId(ctx.actor), on: ctx.today, comment: comment ?? null },
      },
      reviewDue: null,
    })
  },

  recordReturnV2: () => patched({ review: { legal: null, approval: null }, reviewDue: null }),

  /** v2: the consultee's 15 working days run from the day it received the letter (recomputed when entered). */
  recordConsulteeReceipt: (ctx) => {
    const { receivedOn } = readInput(inputs.consulteeReceiptInput, ctx)
    const open = openConsultation(ctx.snapshot)
    if (!open) throw new Error('record-consultee-receipt reached a case without an open consultation')
    const ends = ctx.calendar.addWorkingDays(receivedOn, open.windowWorkingDays)
    if (!ends.ok) return { ok: false, calendar: ends.error }
    return patched(
      {
        consultations: replaceLastConsultation(ctx.snapshot, {
          consulteeReceivedOn: receivedOn,
          windowEndsOn: ends.value,
        }),
        clockEvents: withClockEvent(ctx.snapshot, {
          type: 'pause-window-restarted',
          on: receivedOn,
          windowDays: open.windowWorkingDays,
        }),
      },
      { receivedOn, windowEndsOn: ends.value },
    )
  },

  /** v2: the 20 working days to pay run from the day the applicant received the fee notice. */
  recordFeeNoticeReceipt: (ctx) => {
    const { receivedOn } = readInput(inputs.feeNoticeReceiptInput, ctx)
    const fee = ctx.snapshot.fee
    if (!fee) throw new Error('record-fee-notice-receipt reached a case without a fee notice')
    const payBy = ctx.calendar.addWorkingDays(receivedOn, fee.windowWorkingDays)
    if (!payBy.ok) return { ok: false, calendar: payBy.error }
    return patched(
      {
        fee: { ...fee, noticeReceivedOn: receivedOn, payBy: payBy.value },
        clockEvents: withClockEvent(ctx.snapshot, {
          type: 'pause-window-restarted',
          on: receivedOn,
          windowDays: fee.windowWorkingDays,
        }),
      },
      { receivedOn, payBy: payBy.value },
    )
  },

  /** v2: the fee window is never shorter than the statutory 20 working days, whatever the agency set. */
  recordFeeNoticeV2: (ctx) => feeNoticePatch(ctx, feePaymentWindow(ctx.settings.feePaymentWorkingDays)),
} satisfies Record<string, Update<S, O>>

function notifyApplicant(template: string, data?: Record<string, unknown>): EffectDescriptor {
  return data === undefined
    ? { kind: 'notify', template, to: 'applicant' }
    : { kind: 'notify', template, to: 'applicant', data }
}

function letter(
  kind: LetterKind,
  operation: 'issue' | 'draft' | 'sign',
  data?: Record<string, unknown>,
): EffectDescriptor {
  return data === undefined
    ? { kind: 'letter', letter: kind, operation }
    : { kind: 'letter', letter: kind, operation, data }
}

function notifyAssignee(next: S, template: string, data?: Record<string, unknown>): EffectDescriptor {
  const to = next.assigneeId === null ? { role: 'handler' as const } : { staffId: next.assigneeId }
  return data === undefined ? { kind: 'notify', template, to } : { kind: 'notify', template, to, data }
}

function replyDueOn(next: S): IsoDate | null {
  return next.clock?.replyDueOn ?? null
}

/** The applicant's notice and the webhook of a closure (lapse or withdrawal). */
function closureNotice({ next }: { next: S }): EffectDescriptor[] {
  const code = next.outcome?.code ?? null
  return [
    notifyApplicant(code ?? 'closed'),
    {
      kind: 'outbox',
      topic: 'case.closed',
      payload: { outcome: code, decidedOn: next.decidedOn, closedOn: next.closedOn },
    },
  ]
}

const effects = {
  receiptAcknowledgement: ({ next }) => {
    const data = { receivedOn: next.receipt?.receivedOn ?? null, replyDueOn: replyDueOn(next) }
    return [letter('receipt_acknowledgement', 'issue', data), notifyApplicant('receipt_confirmed', data)]
  },

  correctionNotice: ({ next }) => {
    const data = { items: next.correction?.items ?? [], correctionDueOn: next.correction?.dueOn ?? null }
    return [letter('correction_notice', 'issue', data), notifyApplicant('correction_requested', data)]
  },

  correctionReceivedNotice: ({ next }) => [
    notifyApplicant('correction_received', { replyDueOn: replyDueOn(next) }),
  ],

  acceptanceNotice: ({ next }) => [notifyApplicant('accepted', { replyDueOn: replyDueOn(next) })],

  assignmentNotice: ({ next }) => [notifyAssignee(next, 'case_assigned')],

  transferHandOff: ({ next }) => {
    const transfer = next.transfer
    if (!transfer) return []
    return [
      // The edge opens the case at the receiving agency from this row, in the same batch.
      {
        kind: 'outbox',
        topic: 'case.transferred',
        payload: { ...transfer, receivedOn: next.receipt?.receivedOn ?? null, submittedAt: next.submittedAt },
      },
      notifyApplicant('transferred', { toAgencyName: transfer.toAgencyName }),
    ]
  },

  consultationLetter: ({ next }) => {
    const consultation = next.consultations.at(-1)
    if (!consultation) return []
    const data = { consultee: consultation.consultee, windowEndsOn: consultation.windowEndsOn }
    return [
      letter(
        consultation.kind === 'third_party' ? 'third_party_consultation' : 'consultation_notice',
        'issue',
        data,
      ),
    ]
  },

  consultationLapsedAlert: ({ next, event }) => [
    notifyAssignee(next, 'consultation_lapsed', { consequence: event.payload.consequence }),
  ],

  extensionNotice: ({ next }) => {
    const data = { replyDueOn: replyDueOn(next), reason: next.extension?.reason ?? null }
    return [letter('extension_notice', 'issue', data), notifyApplicant('extended', data)]
  },

  reasonsRequestNotice: ({ event }) => {
    const data = { questions: event.payload.questions ?? null }
    return [letter('reasons_request', 'issue', data), notifyApplicant('reasons_requested')]
  },

  dateSetNotice: ({ next }) => {
    const data = { replyDueOn: next.art35.setDueOn, reason: next.art35.setDateReason }
    return [letter('deadline_notice', 'issue', data), notifyApplicant('reply_date_set', data)]
  },

  feeNotice: ({ next }) => {
    const fee = next.fee
    if (!fee) return []
    const data = {
      method: fee.method,
      amountYuan: fee.amountYuan,
      breakdown: fee.breakdown,
      payBy: fee.payBy,
    }
    return [
      letter('fee_notice', 'issue', data),
      notifyApplicant('fee_notice', { amountYuan: fee.amountYuan, payBy: fee.payBy }),
    ]
  },

  replyDraft: ({ next }) => [letter('reply', 'draft', { outcome: next.outcome?.code ?? null })],

  reviewRequest: ({ next }) => [
    next.state === 'legal_review'
      ? { kind: 'notify', template: 'legal_review_requested', to: { role: 'legal_reviewer' } }
      : { kind: 'notify', template: 'approval_requested', to: { role: 'approver' } },
  ],

  approvalRequest: () => [{ kind: 'notify', template: 'approval_requested', to: { role: 'approver' } }],

  returnedToHandler: ({ next, event }) => [
    notifyAssignee(next, 'returned', { reason: event.payload.reason ?? null }),
  ],

  replySigned: ({ next }) => [letter('reply', 'sign', { outcome: next.outcome?.code ?? null })],

  replySentNotice: ({ next }) => {
    const data = { outcome: next.outcome?.code ?? null, sentOn: next.reply?.sentOn ?? null }
    return [notifyApplicant('reply_sent', data), { kind: 'outbox', topic: 'case.replied', payload: data }]
  },

  caseClosed: ({ next }) => [
    {
      kind: 'outbox',
      topic: 'case.closed',
      payload: { outcome: next.outcome?.code ?? null, decidedOn: next.decidedOn, closedOn: next.closedOn },
    },
  ],

  closureNotice,

  remedyRecorded: ({ event }) => [
    { kind: 'outbox', topic: 'case.remedy_recorded', payload: { remedyId: event.payload.remedyId } },
  ],

  // v2 (new names only).
  /** The Art. 36(5) reply of a transfer, signed at once. */
  transferReplyLetter: () => [letter('reply', 'issue')],

  /** A lapse (no correction, fee not paid) ends with the 终止办理告知书, as well as the notices of v1. */
  closureLetter: (args): EffectDescriptor[] => [
    letter('termination_notice', 'issue'),
    ...closureNotice(args),
  ],

  /** 签发: the reply is frozen, a disclosure over an objection tells the third party, and the sender is reminded. */
  replySignedV2: ({ next }) => [
    letter('reply', 'sign', { outcome: next.outcome?.code ?? null }),
    ...(next.thirdPartyOverride ? [letter('third_party_override_notice', 'issue')] : []),
    notifyAssignee(next, 'reply_signed'),
    { kind: 'notify', template: 'reply_signed', to: { role: 'registrar' } },
  ],

  /** v2: a window ended: the registrar decides (视为放弃, or a good reason and a new window). */
  lapseReminder: ({ next }) => [
    {
      kind: 'notify',
      template: next.lapse?.kind === 'fee' ? 'fee_window_ended' : 'correction_window_ended',
      to: { role: 'registrar' },
      data: { windowEndedOn: next.lapse?.windowEndedOn ?? null },
    },
  ],

  graceNotice: ({ next }) => {
    const grace = next.graces?.at(-1)
    return [notifyApplicant('grace_granted', { until: grace?.until ?? null, kind: grace?.kind ?? null })]
  },
} satisfies Record<string, Effect<S, O>>

/** Everything the disclosure definitions refer to by name. */
export const disclosureImplementations: WorkflowImplementations<S, O> = {
  inputs,
  guards,
  resolvers,
  updates,
  effects,
}
