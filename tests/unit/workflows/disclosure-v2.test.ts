// Disclosure v2: v1 plus replies that stand up — a transfer is the Art. 36(5) reply, a lapse ends with its notice,
// 签发 freezes the reply (and tells an overridden third party), a direct lawsuit against a 复议前置 refusal needs a
// confirmation, and a "not held" reply names the holding agency only where it can be determined.
import { describe, expect, it } from 'vitest'
import {
  CURRENT_DISCLOSURE_VERSION,
  type DisclosureSnapshot,
  disclosureV1Definition,
  disclosureV2,
  disclosureV2Definition,
  disclosureWorkflow,
  newDisclosureCase,
} from '../../../workflows/definitions'
import { definitionFingerprint, type EffectDescriptor, transition } from '../../../workflows/engine'
import { DEFAULT_RECONSIDERATION_FIRST } from '../../../workflows/letters'
import { approver, at, calendar, handler, legalReviewer, registrar, type Step, system } from './support'

// Pinned when v2 was published. If this fails you edited a published definition: revert, and write v3 instead.
const DISCLOSURE_V2_FINGERPRINT = '989cc777476a403c23148cfcb22d930f79f3b03c984cafe817ce30699a97a0ce'

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
    expect(Object.keys(disclosureV2Definition.actions)).toEqual(Object.keys(disclosureV1Definition.actions))
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

describe('closures end with a notice', () => {
  it('issues the 终止办理告知书 when the correction lapses', () => {
    const waiting = drive(fresh(), [
      received(),
      { action: 'request-correction', actor: registrar, input: { items: ['文件名称'] }, on: '2024-09-30' },
    ]).snapshot
    const lapsedOn = '2024-11-25'
    const { snapshot, effects } = drive(waiting, [
      { action: 'correction-lapsed', actor: system, on: lapsedOn },
    ])
    expect(snapshot.outcome?.code).toBe('correction_lapsed')
    expect(letters(effects)).toEqual(['termination_notice:issue'])
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
