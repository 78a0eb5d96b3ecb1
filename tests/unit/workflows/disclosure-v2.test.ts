// Disclosure v2: v1 plus replies that stand up — a transfer is the Art. 36(5) reply, a lapse ends with its notice,
// 签发 freezes the reply (and tells an overridden third party), a direct lawsuit against a 复议前置 refusal needs a
// confirmation, and a "not held" reply names the holding agency only where it can be determined.
import { describe, expect, it } from 'vitest'
import {
  CURRENT_DISCLOSURE_VERSION,
  type DisclosureSettings,
  type DisclosureSnapshot,
  disclosureV1Definition,
  disclosureV2,
  disclosureV2Definition,
  disclosureWorkflow,
  newDisclosureCase,
} from '../../../workflows/definitions'
import {
  type Actor,
  definitionFingerprint,
  type EffectDescriptor,
  transition,
} from '../../../workflows/engine'
import { DEFAULT_RECONSIDERATION_FIRST } from '../../../workflows/letters'
import {
  admin,
  approver,
  at,
  calendar,
  handler,
  legalReviewer,
  registrar,
  type Step,
  system,
} from './support'

// Pinned when v2 was published. If this fails you edited a published definition: revert, and write v3 instead.
const DISCLOSURE_V2_FINGERPRINT = '9f0f15fe45988879d7f58f1d92516f498199a351c7bdcd711aaf725b1667c9e8'

function step(snapshot: DisclosureSnapshot, s: Step) {
  return transition(disclosureV2, snapshot, s.action, s.actor, s.input ?? {}, at(s.on), calendar, s.settings)
}

function drive(start: DisclosureSnapshot, steps: Step[]) {
  let snapshot = start
  const effects: EffectDescriptor[] = []
  for (const s of steps) {
    const r = step(snapshot, s)
    if (!r.ok) throw new Error(`${s.action}: ${JSON.stringify(r.refusal)}`)
    snapshot = r.snapshot
    effects.push(...r.effects)
  }
  return { snapshot, effects }
}

const fresh = () => newDisclosureCase({ submittedAt: at('2024-09-27', '09:00'), workflowVersion: 2 })
const received = (): Step => ({
  action: 'confirm-receipt',
  actor: registrar,
  input: { channel: 'online', receivedOn: '2024-09-27' },
  on: '2024-09-27',
})
const inProgress = () =>
  drive(fresh(), [
    received(),
    { action: 'accept', actor: registrar, on: '2024-09-27' },
    { action: 'assign', actor: registrar, input: { assigneeId: 'u-handler' }, on: '2024-09-27' },
  ]).snapshot

const letters = (effects: EffectDescriptor[]) =>
  effects.flatMap((e) => (e.kind === 'letter' ? [`${e.letter}:${e.operation}`] : []))

describe('disclosure v2 definition', () => {
  it('is frozen: its fingerprint is pinned', async () => {
    expect(await definitionFingerprint(disclosureV2Definition)).toBe(DISCLOSURE_V2_FINGERPRINT)
  })

  it('is the version new cases start on, beside v1 for the cases pinned to it', () => {
    expect(CURRENT_DISCLOSURE_VERSION).toBe(2)
    expect(disclosureWorkflow(2)).toBe(disclosureV2)
    expect(Object.keys(disclosureV2Definition.actions)).toEqual(
      expect.arrayContaining(Object.keys(disclosureV1Definition.actions)),
    )
    expect(Object.keys(disclosureV2Definition.actions)).toEqual(
      expect.arrayContaining(['confirm-lapse', 'grant-more-time']),
    )
  })
})

describe('a transfer is the Art. 36(5) reply', () => {
  it('closes the sender with outcome "not held", the holding agency named, decided today, and its reply letter', () => {
    const { snapshot, effects } = drive(fresh(), [
      received(),
      {
        action: 'transfer',
        actor: registrar,
        input: {
          toAgencyId: 'a2',
          toAgencyName: '示范县财政局',
          reason: '该信息由县财政局制作并保存',
          contact: '0000-1234567',
        },
        on: '2024-10-08',
      },
    ])
    expect(snapshot.state).toBe('transferred')
    expect(snapshot.outcome).toMatchObject({
      code: 'not_held',
      reasons: '该信息由县财政局制作并保存',
      rightAgency: { name: '示范县财政局', contact: '0000-1234567' },
    })
    expect(snapshot.decidedOn).toBe('2024-10-08')
    expect(letters(effects)).toContain('reply:issue')
  })

  it('registers the request first: no transfer from "submitted"', () => {
    const r = step(fresh(), {
      action: 'transfer',
      actor: registrar,
      input: { toAgencyId: 'a2', toAgencyName: '示范县财政局', reason: '不属于本机关' },
      on: '2024-10-08',
    })
    expect(r.ok).toBe(false)
  })
})

describe('replies', () => {
  const notHeld = {
    code: 'not_held',
    legalBasis: ['《中华人民共和国政府信息公开条例》第三十六条第（五）项'],
    reasons: '本机关未制作',
  }

  it('leaves the holding agency unnamed where it cannot be determined', () => {
    const r = step(inProgress(), {
      action: 'draft-reply',
      actor: handler,
      input: { outcome: notHeld, secrecyReviewed: false },
      on: '2024-10-08',
    })
    expect(r.ok).toBe(true)
  })

  it('refuses to disclose over a third party’s objection without the content and the public-interest reason', () => {
    const consulted = drive(inProgress(), [
      {
        action: 'consult-third-party',
        actor: handler,
        input: { consultee: '某公司', matter: '合同' },
        on: '2024-10-08',
      },
      {
        action: 'receive-opinion',
        actor: handler,
        input: { receivedOn: '2024-10-09', position: 'objects' },
        on: '2024-10-09',
      },
    ]).snapshot
    const disclose = { code: 'disclosed', legalBasis: ['《条例》第三十六条第（二）项'], howToObtain: '邮寄' }
    const refused = step(consulted, {
      action: 'draft-reply',
      actor: handler,
      input: { outcome: disclose, secrecyReviewed: true },
      on: '2024-10-10',
    })
    expect(refused.ok).toBe(false)
    if (!refused.ok) expect(refused.refusal.message).toContain('第三十二条')
    const { snapshot, effects } = drive(consulted, [
      {
        action: 'draft-reply',
        actor: handler,
        input: {
          outcome: disclose,
          secrecyReviewed: true,
          override: { disclosedContent: '合同金额', reasons: '涉及重大公共利益' },
        },
        on: '2024-10-10',
      },
      { action: 'submit-legal-review', actor: handler, on: '2024-10-10' },
      { action: 'legal-approve', actor: legalReviewer, on: '2024-10-10' },
      { action: 'approve', actor: approver, on: '2024-10-10' },
    ])
    expect(snapshot.thirdPartyOverride).toEqual({ disclosedContent: '合同金额', reasons: '涉及重大公共利益' })
    expect(letters(effects)).toEqual(
      expect.arrayContaining(['reply:draft', 'reply:sign', 'third_party_override_notice:issue']),
    )
    expect(effects.some((e) => e.kind === 'notify' && e.template === 'reply_signed')).toBe(true)
  })
})

describe('补正 within 7 working days, or not at all (Art. 30)', () => {
  // Worked case B: received Fri 2024-09-27, the 7th working day is Sat 2024-10-12 (a make-up working day).
  it('accepts a notice on the 7th working day and refuses one after it, naming the last allowed day', () => {
    const base = drive(fresh(), [received()]).snapshot
    const inTime = step(base, {
      action: 'request-correction',
      actor: registrar,
      input: { items: ['文件名称'] },
      on: '2024-10-12',
    })
    expect(inTime.ok).toBe(true)
    const late = step(base, {
      action: 'request-correction',
      actor: registrar,
      input: { items: ['文件名称'] },
      on: '2024-10-14',
    })
    expect(late.ok).toBe(false)
    if (!late.ok) {
      expect(late.refusal.code).toBe('guard_failed')
      expect(late.refusal.message).toContain('2024-10-12')
      expect(late.refusal.message).toContain('第三十条')
    }
  })
})

describe('no silent closures', () => {
  const waiting = () =>
    drive(fresh(), [
      received(),
      { action: 'request-correction', actor: registrar, input: { items: ['文件名称'] }, on: '2024-09-30' },
    ]).snapshot

  it('flags a correction window that ended and reminds the registrar, without closing the case', () => {
    const { snapshot, effects } = drive(waiting(), [
      { action: 'correction-lapsed', actor: system, on: '2024-11-25' },
    ])
    expect(snapshot.state).toBe('awaiting_correction')
    expect(snapshot.outcome).toBeNull()
    expect(snapshot.lapse).toMatchObject({ kind: 'correction', flaggedOn: '2024-11-25' })
    expect(letters(effects)).toEqual([])
    expect(effects).toContainEqual(
      expect.objectContaining({
        kind: 'notify',
        template: 'correction_window_ended',
        to: { role: 'registrar' },
      }),
    )
    // Flagged once: the sweep does not flag it again.
    expect(step(snapshot, { action: 'correction-lapsed', actor: system, on: '2024-11-26' }).ok).toBe(false)
  })

  it('closes only when the registrar confirms 视为放弃, with the 终止办理告知书', () => {
    const early = step(waiting(), { action: 'confirm-lapse', actor: registrar, on: '2024-11-01' })
    expect(early.ok).toBe(false)
    const { snapshot, effects } = drive(waiting(), [
      { action: 'correction-lapsed', actor: system, on: '2024-11-25' },
      { action: 'confirm-lapse', actor: registrar, input: { note: '电话联系未获回复' }, on: '2024-11-26' },
    ])
    expect(snapshot.state).toBe('closed')
    expect(snapshot.outcome?.code).toBe('correction_lapsed')
    expect(snapshot.decidedOn).toBe('2024-11-26')
    expect(letters(effects)).toEqual(['termination_notice:issue'])
  })

  it('records a good reason and opens a new window, which the sweep watches again', () => {
    const { snapshot } = drive(waiting(), [
      { action: 'correction-lapsed', actor: system, on: '2024-11-25' },
      {
        action: 'grant-more-time',
        actor: registrar,
        input: { reason: '申请人住院，提供了证明', workingDays: 10 },
        on: '2024-11-26',
      },
    ])
    expect(snapshot.state).toBe('awaiting_correction')
    expect(snapshot.lapse).toBeNull()
    expect(snapshot.correction?.dueOn).toBe('2024-12-10')
    expect(snapshot.graces).toEqual([
      expect.objectContaining({ kind: 'correction', reason: '申请人住院，提供了证明', until: '2024-12-10' }),
    ])
    expect(step(snapshot, { action: 'correction-lapsed', actor: system, on: '2024-12-10' }).ok).toBe(false)
    expect(step(snapshot, { action: 'correction-lapsed', actor: system, on: '2024-12-11' }).ok).toBe(true)
  })

  it('does not let the admin role work a case', () => {
    const r = step(fresh(), { ...received(), actor: admin })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.refusal.code).toBe('role_not_allowed')
  })
})

describe('four-eyes review', () => {
  const everyRole: Actor = {
    kind: 'staff',
    id: 'u-all',
    roles: ['registrar', 'handler', 'legal_reviewer', 'approver'],
  }
  const refusal = {
    code: 'withheld_process_information',
    legalBasis: ['《条例》第十六条'],
    reasons: '过程性信息',
  }
  const drafted = (settings?: Partial<DisclosureSettings>) =>
    drive(fresh(), [
      { ...received(), actor: everyRole },
      { action: 'accept', actor: everyRole, on: '2024-09-27' },
      { action: 'assign', actor: everyRole, input: { assigneeId: 'u-all' }, on: '2024-09-27' },
      { action: 'draft-reply', actor: everyRole, input: { outcome: refusal }, on: '2024-10-08', settings },
      { action: 'submit-legal-review', actor: everyRole, on: '2024-10-08', settings },
    ]).snapshot

  it('refuses the drafter’s own legal approval and sign-off, naming the rule; two others complete it', () => {
    const own = step(drafted(), { action: 'legal-approve', actor: everyRole, on: '2024-10-09' })
    expect(own.ok).toBe(false)
    if (!own.ok) expect(own.refusal.message).toContain('四眼原则')
    const reviewed = drive(drafted(), [
      { action: 'legal-approve', actor: legalReviewer, on: '2024-10-09' },
    ]).snapshot
    expect(reviewed.reviewDue?.approval).toBe('2024-10-12') // 3 WD; Sat 10-12 is a make-up working day
    const drafterSigns = step(reviewed, { action: 'approve', actor: everyRole, on: '2024-10-10' })
    expect(drafterSigns.ok).toBe(false)
    const lawyerSigns = step(reviewed, {
      action: 'approve',
      actor: { kind: 'staff', id: 'u-legal', roles: ['legal_reviewer', 'approver'] },
      on: '2024-10-10',
    })
    expect(lawyerSigns.ok).toBe(false)
    if (!lawyerSigns.ok) expect(lawyerSigns.refusal.message).toContain('法制审核人员不能签发')
    expect(step(reviewed, { action: 'approve', actor: approver, on: '2024-10-10' }).ok).toBe(true)
  })

  it('sets internal due dates for legal review and sign-off (agency targets)', () => {
    expect(drafted().reviewDue).toEqual({ legal: '2024-10-11', approval: null })
  })

  it('is an agency setting: off, one person may review their own draft', () => {
    const settings = { fourEyes: false }
    const r = step(drafted(settings), {
      action: 'legal-approve',
      actor: everyRole,
      on: '2024-10-09',
      settings,
    })
    expect(r.ok).toBe(true)
  })
})

describe('record-remedy (复议前置)', () => {
  const refusal = {
    code: 'withheld_process_information',
    legalBasis: ['《条例》第十六条'],
    reasons: '过程性信息',
  }
  const replied = () =>
    drive(inProgress(), [
      {
        action: 'draft-reply',
        actor: handler,
        input: { outcome: refusal, secrecyReviewed: false },
        on: '2024-10-08',
      },
      { action: 'submit-legal-review', actor: handler, on: '2024-10-08' },
      { action: 'legal-approve', actor: legalReviewer, on: '2024-10-08' },
      { action: 'approve', actor: approver, on: '2024-10-08' },
      { action: 'send-reply', actor: registrar, on: '2024-10-08' },
    ]).snapshot
  const lawsuit = { kind: 'litigation', litigationPath: 'direct', filedOn: '2024-10-20', result: 'pending' }

  it('asks for a confirmation before recording a direct lawsuit against a refusal to disclose', () => {
    const r = step(replied(), { action: 'record-remedy', actor: handler, input: lawsuit, on: '2024-10-21' })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.refusal.message).toContain('复议前置')
    const confirmed = step(replied(), {
      action: 'record-remedy',
      actor: handler,
      input: { ...lawsuit, confirmDirectLitigation: true },
      on: '2024-10-21',
    })
    expect(confirmed.ok).toBe(true)
  })

  it('follows the deployment’s list of outcomes that carry 复议前置', () => {
    const settings = {
      reconsiderationFirst: DEFAULT_RECONSIDERATION_FIRST.filter((c) => c !== 'withheld_process_information'),
    }
    const r = step(replied(), {
      action: 'record-remedy',
      actor: handler,
      input: lawsuit,
      on: '2024-10-21',
      settings,
    })
    expect(r.ok).toBe(true)
  })
})

describe('windows that run from receipt (Art. 32/34; 国办函〔2020〕109号)', () => {
  const consulting = () =>
    drive(inProgress(), [
      {
        action: 'consult-third-party',
        actor: handler,
        input: { consultee: '某公司', matter: '合同' },
        on: '2024-10-09',
      },
    ]).snapshot

  it('counts the consultee’s 15 working days from the day it received the letter, once entered', () => {
    const sent = consulting()
    const fromSending = calendar.addWorkingDays('2024-10-09', 15)
    const fromReceipt = calendar.addWorkingDays('2024-10-11', 15)
    if (!fromSending.ok || !fromReceipt.ok) throw new Error('calendar')
    expect(sent.consultations[0]?.windowEndsOn).toBe(fromSending.value)
    const before = step(sent, {
      action: 'record-consultee-receipt',
      actor: handler,
      input: { receivedOn: '2024-10-08' },
      on: '2024-10-12',
    })
    expect(before.ok).toBe(false)
    if (!before.ok) expect(before.refusal.message).toContain('发函日期')
    const { snapshot } = drive(sent, [
      {
        action: 'record-consultee-receipt',
        actor: handler,
        input: { receivedOn: '2024-10-11' },
        on: '2024-10-12',
      },
    ])
    expect(snapshot.consultations[0]).toMatchObject({
      consulteeReceivedOn: '2024-10-11',
      windowEndsOn: fromReceipt.value,
    })
    // The day after the old window end no longer lapses it; the day after the new one does.
    const afterOld = calendar.addWorkingDays(fromSending.value, 1)
    const afterNew = calendar.addWorkingDays(fromReceipt.value, 1)
    if (!afterOld.ok || !afterNew.ok) throw new Error('calendar')
    expect(step(snapshot, { action: 'consultation-lapsed', actor: system, on: afterOld.value }).ok).toBe(
      false,
    )
    expect(step(snapshot, { action: 'consultation-lapsed', actor: system, on: afterNew.value }).ok).toBe(true)
  })

  const feeNotice = { method: 'per_page', count: 250, amountYuan: 4700 }

  it('refuses a payment window under 20 working days and counts 20 from the applicant’s receipt', () => {
    const short = step(inProgress(), {
      action: 'issue-fee-notice',
      actor: handler,
      input: { ...feeNotice, paymentWindowWorkingDays: 5 },
      on: '2024-10-08',
    })
    expect(short.ok).toBe(false)
    if (!short.ok) expect(short.refusal.message).toContain('20个工作日')
    const shortSetting = drive(inProgress(), [
      {
        action: 'issue-fee-notice',
        actor: handler,
        input: feeNotice,
        on: '2024-10-08',
        settings: { feePaymentWorkingDays: 3 },
      },
    ]).snapshot
    expect(shortSetting.fee?.windowWorkingDays).toBe(20)
    const received = drive(shortSetting, [
      {
        action: 'record-fee-notice-receipt',
        actor: registrar,
        input: { receivedOn: '2024-10-10' },
        on: '2024-10-11',
      },
    ]).snapshot
    const payBy = calendar.addWorkingDays('2024-10-10', 20)
    if (!payBy.ok) throw new Error('calendar')
    expect(received.fee).toMatchObject({ noticeReceivedOn: '2024-10-10', payBy: payBy.value })
  })
})
