// Correction of records about oneself (Regulation Art. 41), v1: receive → review → correct and notify, refer to the
// competent agency (转送) and notify, or refuse with reasons. The Regulation sets no time limit: the clock counts
// toward the agency's own target (default 20 working days), never a statutory deadline. PUBLISHED: frozen.
import * as z from 'zod'
import { isValidIsoDate, shanghaiDate } from '../calendar'
import type { IsoDate } from '../calendar/types'
import { type ClockSettings, DEFAULT_CLOCK_SETTINGS } from '../clock/types'
import {
  type ActionContext,
  type Actor,
  allow,
  createWorkflow,
  defineWorkflow,
  deny,
  type EffectDescriptor,
  type EngineSnapshot,
  type Guard,
  readInput,
  type UpdateResult,
  type WorkflowImplementations,
} from '../engine'
import { hasControlCharacters } from '../support/text'
import { RECEIPT_CHANNELS, type ReceiptChannel } from './disclosure-case'
import type { InputForm } from './disclosure-inputs'
import { receiptDateRefusal } from './receipt-rules'

export const RECORD_CORRECTION_ID = 'record-correction'

/** The agency's own target for an Art. 41 request; `replyWorkingDays` of the clock counts toward it. */
export interface RecordCorrectionSettings extends ClockSettings {
  /** Working days the agency sets itself to decide (not a statutory period). */
  targetWorkingDays: number
}

export const DEFAULT_TARGET_WORKING_DAYS = 20

/** Settings for an agency's target: the clock counts `targetWorkingDays`; no extension exists (none is statutory). */
export function recordCorrectionSettings(targetWorkingDays: number): RecordCorrectionSettings {
  return {
    ...DEFAULT_CLOCK_SETTINGS,
    replyWorkingDays: targetWorkingDays,
    maxExtensionWorkingDays: 0,
    targetWorkingDays,
  }
}

export const DEFAULT_RECORD_CORRECTION_SETTINGS = recordCorrectionSettings(DEFAULT_TARGET_WORKING_DAYS)

export type RecordCorrectionOutcomeCode = 'record_corrected' | 'record_referred' | 'record_refused'

export interface RecordCorrectionOutcome {
  code: RecordCorrectionOutcomeCode
  /** The text of the notice to the applicant (告知), as decided. */
  notice: string
  /** What was corrected (corrected), the competent agency (referred), or the reasons (refused). */
  detail: string
  competentAgency: string | null
}

/** One Art. 41 request as the workflow records it. JSON-serialisable; the field names the edge reads match disclosure. */
export interface RecordCorrectionSnapshot extends EngineSnapshot {
  submittedAt: number
  receipt: {
    channel: ReceiptChannel
    receivedOn: IsoDate
    confirmedBy: string | null
    confirmedOn: IsoDate
  } | null
  assigneeId: string | null
  outcome: RecordCorrectionOutcome | null
  decidedOn: IsoDate | null
  closedOn: IsoDate | null
}

/** A new request: awaiting confirmation of receipt, or already received (staff intake). */
export function newRecordCorrectionCase(options: {
  submittedAt: number
  receipt?: { channel: ReceiptChannel; receivedOn: IsoDate; by: string }
}): RecordCorrectionSnapshot {
  const r = options.receipt
  return {
    workflowId: RECORD_CORRECTION_ID,
    workflowVersion: 1,
    state: r ? 'received' : 'submitted',
    version: 0,
    clockEvents: r ? [{ type: 'received', on: r.receivedOn, channel: r.channel }] : [],
    clock: null,
    submittedAt: options.submittedAt,
    receipt: r
      ? {
          channel: r.channel,
          receivedOn: r.receivedOn,
          confirmedBy: r.by,
          confirmedOn: shanghaiDate(options.submittedAt),
        }
      : null,
    assigneeId: null,
    outcome: null,
    decidedOn: null,
    closedOn: null,
  }
}

type S = RecordCorrectionSnapshot
type O = RecordCorrectionSettings
type Ctx = ActionContext<S, O>

const text = (label: string, max: number) =>
  z
    .string({ error: (i) => (i.input === undefined ? `请填写${label}` : undefined) })
    .trim()
    .min(1, `请填写${label}`)
    .max(max, `${label}不能超过${max}字`)
    .refine((v) => !hasControlCharacters(v), `${label}含有不可见的控制字符，请删除后重试`)

/** Input schemas by name. */
export const recordCorrectionInputs = {
  emptyInput: z.strictObject({}),
  confirmReceiptInput: z.strictObject({
    channel: z.enum(RECEIPT_CHANNELS, { error: '请选择申请渠道' }),
    receivedOn: z
      .string({ error: '请填写收到申请之日' })
      .refine(isValidIsoDate, '收到申请之日应为有效日期（YYYY-MM-DD）'),
  }),
  correctRecordInput: z.strictObject({ correction: text('更正内容', 2000) }),
  referRecordInput: z.strictObject({
    competentAgency: text('有权更正的行政机关', 100),
    reason: text('转送理由', 2000),
  }),
  refuseRecordInput: z.strictObject({ reasons: text('不予更正的理由', 5000) }),
} as const satisfies Record<string, z.ZodType>

const hint = (name: string, widget: 'text' | 'textarea' | 'date' | 'choice', label?: string) => ({
  name,
  widget,
  ...(label ? { label } : {}),
  ...(widget === 'choice' ? { options: 'receiptChannel' as const } : {}),
})

/** Render hints of the staff action forms, by input name. */
export const recordCorrectionInputForms = {
  emptyInput: { fields: [] },
  confirmReceiptInput: { fields: [hint('channel', 'choice'), hint('receivedOn', 'date')] },
  correctRecordInput: { fields: [hint('correction', 'textarea')] },
  referRecordInput: { fields: [hint('competentAgency', 'text'), hint('reason', 'textarea')] },
  refuseRecordInput: { fields: [hint('reasons', 'textarea')] },
} as const satisfies Record<keyof typeof recordCorrectionInputs, InputForm>

const staffId = (actor: Actor) => (actor.kind === 'staff' ? actor.id : null)

const notify = (template: string, data: Record<string, unknown>): EffectDescriptor => ({
  kind: 'notify',
  template,
  to: 'applicant',
  data,
})

function decided(ctx: Ctx, outcome: RecordCorrectionOutcome): UpdateResult<S> {
  return {
    ok: true,
    patch: { outcome, decidedOn: ctx.today, closedOn: ctx.today },
    payload: { outcome: outcome.code },
  }
}

const receivedLine = (ctx: Ctx) =>
  `本机关于${ctx.snapshot.receipt?.receivedOn ?? ctx.today}收到您提出的更正政府信息记录的申请。`

const guards: Record<string, Guard<S, O>> = {
  receiptDateValid: {
    needs: 'context',
    check: (ctx) => {
      const { channel, receivedOn } = readInput(recordCorrectionInputs.confirmReceiptInput, ctx)
      const refusal = receiptDateRefusal({
        channel,
        receivedOn,
        today: ctx.today,
        submittedOn: shanghaiDate(ctx.snapshot.submittedAt),
      })
      return refusal === null ? allow : deny(refusal)
    },
  },
}

const implementations: WorkflowImplementations<S, O> = {
  inputs: recordCorrectionInputs,
  guards,
  resolvers: {},
  updates: {
    recordReceipt: (ctx) => {
      const { channel, receivedOn } = readInput(recordCorrectionInputs.confirmReceiptInput, ctx)
      return {
        ok: true,
        patch: {
          receipt: { channel, receivedOn, confirmedBy: staffId(ctx.actor), confirmedOn: ctx.today },
          clockEvents: [...ctx.snapshot.clockEvents, { type: 'received', on: receivedOn, channel }],
        },
      }
    },
    takeForReview: (ctx) => ({ ok: true, patch: { assigneeId: staffId(ctx.actor) } }),
    recordCorrected: (ctx) => {
      const { correction } = readInput(recordCorrectionInputs.correctRecordInput, ctx)
      return decided(ctx, {
        code: 'record_corrected',
        detail: correction,
        competentAgency: null,
        notice: `${receivedLine(ctx)}经审查，您提供的证据能够证明有关政府信息记录不准确，本机关依据《中华人民共和国政府信息公开条例》第四十一条的规定，已于${ctx.today}予以更正。更正内容：${correction}`,
      })
    },
    recordReferred: (ctx) => {
      const { competentAgency, reason } = readInput(recordCorrectionInputs.referRecordInput, ctx)
      return decided(ctx, {
        code: 'record_referred',
        detail: reason,
        competentAgency,
        notice: `${receivedLine(ctx)}经审查，本机关无权更正该政府信息记录，依据《中华人民共和国政府信息公开条例》第四十一条的规定，已将您的申请转送有权更正的行政机关${competentAgency}处理。理由：${reason}`,
      })
    },
    recordRefused: (ctx) => {
      const { reasons } = readInput(recordCorrectionInputs.refuseRecordInput, ctx)
      return decided(ctx, {
        code: 'record_refused',
        detail: reasons,
        competentAgency: null,
        notice: `${receivedLine(ctx)}经审查，本机关决定不予更正。理由：${reasons}`,
      })
    },
  },
  effects: {
    receiptConfirmed: ({ next }) => [
      notify('record_correction_received', { receivedOn: next.receipt?.receivedOn ?? null }),
    ],
    decisionNotice: ({ next }) => [
      notify(next.outcome?.code ?? 'record_decided', {
        notice: next.outcome?.notice ?? null,
        competentAgency: next.outcome?.competentAgency ?? null,
      }),
    ],
  },
}

const zh = (value: string) => ({ 'zh-CN': value })
const DECIDERS = ['handler', 'approver'] as const

/** The v1 definition data (frozen). */
export const RECORD_CORRECTION_V1 = {
  id: RECORD_CORRECTION_ID,
  version: 1,
  label: zh('更正政府信息记录申请'),
  initialState: 'submitted',
  states: {
    submitted: { label: zh('待确认收到'), publicLabel: zh('已提交，待确认收到'), clock: 'not_started' },
    received: { label: zh('待审查'), publicLabel: zh('已收到'), clock: 'running' },
    reviewing: { label: zh('审查中'), publicLabel: zh('审查中'), clock: 'running' },
    corrected: { label: zh('已更正并告知'), publicLabel: zh('已更正'), clock: 'stopped', final: true },
    referred: { label: zh('已转送并告知'), publicLabel: zh('已转送有权机关'), clock: 'stopped', final: true },
    refused: { label: zh('不予更正并告知'), publicLabel: zh('不予更正'), clock: 'stopped', final: true },
  },
  actions: {
    'confirm-receipt': {
      label: zh('确认收到申请'),
      from: ['submitted'],
      to: 'received',
      roles: ['registrar', 'admin'],
      guards: ['receiptDateValid'],
      input: 'confirmReceiptInput',
      updates: ['recordReceipt'],
      effects: ['receiptConfirmed'],
    },
    'start-review': {
      label: zh('开始审查'),
      from: ['received'],
      to: 'reviewing',
      roles: ['handler'],
      input: 'emptyInput',
      updates: ['takeForReview'],
    },
    'correct-record': {
      label: zh('予以更正并告知'),
      from: ['reviewing'],
      to: 'corrected',
      roles: [...DECIDERS],
      input: 'correctRecordInput',
      updates: ['recordCorrected'],
      effects: ['decisionNotice'],
    },
    'refer-record': {
      label: zh('转送有权机关并告知'),
      from: ['reviewing'],
      to: 'referred',
      roles: [...DECIDERS],
      input: 'referRecordInput',
      updates: ['recordReferred'],
      effects: ['decisionNotice'],
    },
    'refuse-record': {
      label: zh('不予更正并说明理由'),
      from: ['reviewing'],
      to: 'refused',
      roles: [...DECIDERS],
      input: 'refuseRecordInput',
      updates: ['recordRefused'],
      effects: ['decisionNotice'],
    },
  },
} as const

/** The published, frozen definition data of record-correction v1. */
export const recordCorrectionV1Definition = defineWorkflow(RECORD_CORRECTION_V1)

/** Record-correction v1 bound to its implementations. */
export const recordCorrectionV1 = createWorkflow<S, O>({
  definition: recordCorrectionV1Definition,
  implementations,
  defaultSettings: DEFAULT_RECORD_CORRECTION_SETTINGS,
})
