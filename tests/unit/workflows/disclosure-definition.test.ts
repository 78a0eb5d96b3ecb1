// Disclosure v1 as data: the public action names, roles, reachability and the pinned fingerprint.
import { describe, expect, it } from 'vitest'
import { disclosureV1, disclosureV1Definition, disclosureWorkflow } from '../../../workflows/definitions'
import { allowedActions, definitionFingerprint, ROLES } from '../../../workflows/engine'
import { admin, applicant, auditor, inProgress, submitted, system } from './support'

// Pinned when v1 was published. If this fails you edited a published definition: revert, and write v2 instead.
const DISCLOSURE_V1_FINGERPRINT = '7bdacb70bb6d3dbcde241e7ba2863ccdc5b7a25d7dcc5d49b8fb271128be1a5c'

describe('disclosure v1 definition', () => {
  it('is frozen: its fingerprint is pinned', async () => {
    expect(await definitionFingerprint(disclosureV1Definition)).toBe(DISCLOSURE_V1_FINGERPRINT)
  })

  it('names every action of the public contract exactly as DESIGN.md lists them', () => {
    const contract = [
      'confirm-receipt',
      'request-correction',
      'receive-correction',
      'accept',
      'assign',
      'transfer',
      'consult-third-party',
      'receive-opinion',
      'extend',
      'issue-fee-notice',
      'record-payment',
      'draft-reply',
      'submit-legal-review',
      'legal-approve',
      'legal-return',
      'approve',
      'return',
      'send-reply',
      'record-delivery',
      'withdraw',
      'record-remedy',
      'correction-lapsed',
      'consultation-lapsed',
      'fee-lapsed',
    ]
    const actions = Object.keys(disclosureV1Definition.actions)
    expect(actions).toEqual(expect.arrayContaining(contract))
    expect(actions.filter((name) => !contract.includes(name)).sort()).toEqual([
      'consult-agency',
      'request-reasons',
      'set-date',
    ])
  })

  it('grants the timer-sweep actions to the system only', () => {
    for (const name of ['correction-lapsed', 'consultation-lapsed', 'fee-lapsed']) {
      expect(disclosureV1Definition.actions[name]?.roles).toEqual(['system'])
    }
  })

  it('gives the auditor nothing to do, anywhere', () => {
    for (const state of Object.keys(disclosureV1Definition.states)) {
      expect(allowedActions(disclosureV1, { ...inProgress(), state }, auditor)).toEqual([])
    }
  })

  it('lets only record-remedy act on a final state', () => {
    for (const [name, state] of Object.entries(disclosureV1Definition.states)) {
      if (!state.final) continue
      const open = Object.entries(disclosureV1Definition.actions).filter(([, action]) =>
        action.from.includes(name),
      )
      expect(open.map(([action]) => action)).toEqual(['record-remedy'])
    }
  })

  it('labels every state for staff and the public in Chinese', () => {
    for (const state of Object.values(disclosureV1Definition.states)) {
      expect(state.label['zh-CN']).toMatch(/^[\u4e00-\u9fff，]+$/)
      expect(state.publicLabel['zh-CN']).toMatch(/^[\u4e00-\u9fff，]+$/)
    }
  })

  it('reaches every state from the initial one', () => {
    const reached = new Set([disclosureV1Definition.initialState])
    const resolved: Record<string, string[]> = {
      stateBeforeCorrection: ['received', 'in_progress'],
      reviewRoute: ['legal_review', 'awaiting_approval'],
    }
    for (let changed = true; changed; ) {
      changed = false
      for (const action of Object.values(disclosureV1Definition.actions)) {
        if (!action.from.some((state) => reached.has(state))) continue
        const targets =
          action.to === undefined
            ? []
            : typeof action.to === 'string'
              ? [action.to]
              : (resolved[action.to.resolver] ?? [])
        for (const target of targets) {
          if (!reached.has(target)) {
            reached.add(target)
            changed = true
          }
        }
      }
    }
    expect([...reached].sort()).toEqual(Object.keys(disclosureV1Definition.states).sort())
  })

  it('offers the applicant only withdrawal, and the system only lapses', () => {
    expect(allowedActions(disclosureV1, submitted(), applicant)).toEqual(['withdraw'])
    expect(allowedActions(disclosureV1, inProgress(), system)).toEqual([])
  })

  it('offers staff the actions of the state and role', () => {
    expect(allowedActions(disclosureV1, submitted(), admin)).toEqual([
      'confirm-receipt',
      'transfer',
      'withdraw',
      'record-remedy',
    ])
  })

  it('is found by the version a case is pinned to', () => {
    expect(disclosureWorkflow(1)).toBe(disclosureV1)
    expect(disclosureWorkflow(3)).toBeUndefined()
    expect(ROLES).toContain('auditor')
  })
})
