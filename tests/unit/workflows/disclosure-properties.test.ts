// Random action sequences on disclosure v1 keep the engine and clock invariants.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { addCalendarDays } from '../../../workflows/calendar'
import { type DisclosureSnapshot, disclosureV1, disclosureV1Definition } from '../../../workflows/definitions'
import { type Actor, allowedActions, type RefusalCode } from '../../../workflows/engine'
import { perPageFee } from '../../../workflows/fees'
import {
  admin,
  applicant,
  approver,
  attempt,
  auditor,
  handler,
  legalReviewer,
  otherHandler,
  refusalOutcome,
  registrar,
  submitted,
  system,
} from './support'

const ACTIONS = Object.keys(disclosureV1Definition.actions)
const ACTORS: Actor[] = [
  registrar,
  handler,
  otherHandler,
  legalReviewer,
  approver,
  admin,
  auditor,
  applicant,
  system,
]
const OUTCOMES = [
  refusalOutcome('not_exist'),
  refusalOutcome('withheld_process_information'),
  { code: 'disclosed', legalBasis: ['第三十六条第（二）项'], howToObtain: '附送' },
]
// Paths of leaves JSON cannot carry faithfully (undefined, NaN, ±Infinity, functions): the snapshot is a D1 row.
function unsafeJsonLeaves(value: unknown, path = '$'): string[] {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return []
  if (typeof value === 'number') return Number.isFinite(value) ? [] : [path]
  if (Array.isArray(value)) return value.flatMap((item, i) => unsafeJsonLeaves(item, `${path}[${i}]`))
  if (typeof value === 'object')
    return Object.entries(value).flatMap(([key, item]) => unsafeJsonLeaves(item, `${path}.${key}`))
  return [path]
}

const NOT_PERMITTED: RefusalCode[] = [
  'unknown_action',
  'not_allowed_in_state',
  'role_not_allowed',
  'case_closed',
]

// A plausible input for the action; `variant` sometimes makes it wrong on purpose.
function inputFor(action: string, variant: number, today: string, snapshot: DisclosureSnapshot): unknown {
  const earlier = addCalendarDays(today, -(variant % 3))
  switch (action) {
    case 'confirm-receipt':
      return { channel: 'online', receivedOn: earlier }
    case 'request-correction':
      return { items: ['请明确所需信息'] }
    case 'receive-correction':
      return { receivedOn: earlier }
    case 'assign':
      return { assigneeId: variant % 2 ? 'u-handler' : 'u-handler-2' }
    case 'transfer':
      return { toAgencyId: 'a2', toAgencyName: '某局', reason: '职责' }
    case 'consult-third-party':
    case 'consult-agency':
      return { consultee: '某公司', sentOn: earlier }
    case 'receive-opinion':
      return { receivedOn: earlier, position: 'agrees' }
    case 'extend':
      return { reason: '复杂', workingDays: 1 + ((variant * 7) % 22) }
    case 'set-date':
      return { dueOn: addCalendarDays(today, 10 + variant * 5), reason: '数量大' }
    case 'issue-fee-notice': {
      const count = 25 + variant * 20
      return { method: 'per_page', count, amountYuan: perPageFee(count).totalYuan + (variant === 9 ? 1 : 0) }
    }
    case 'record-payment':
      return { paidOn: earlier, amountYuan: snapshot.fee?.amountYuan ?? 0 }
    case 'draft-reply':
      return { outcome: OUTCOMES[variant % OUTCOMES.length], secrecyReviewed: variant % 4 !== 0 }
    case 'legal-return':
    case 'return':
      return { reason: '请修改' }
    case 'record-delivery':
      return { method: 'post', servedOn: earlier }
    case 'record-remedy':
      return { kind: 'reconsideration', filedOn: earlier, result: 'pending' }
    default:
      return {}
  }
}

// Actions that end or merely annotate a case: chosen rarely, so walks get deep into the workflow.
const RARE = new Set(['record-remedy', 'withdraw', 'transfer'])

// Mostly an action some actor is offered (rarely a closing one), sometimes anything by anyone.
function pick(snapshot: DisclosureSnapshot, actorIndex: number, choice: number, variant: number) {
  const offered = ACTORS.flatMap((actor) =>
    allowedActions(disclosureV1, snapshot, actor).map((action) => ({ actor, action })),
  )
  const progressing = offered.filter(({ action }) => !RARE.has(action))
  const moving = progressing.filter(({ action }) => disclosureV1Definition.actions[action]?.to !== undefined)
  // The definition lists actions roughly in process order, so its last offered one is the furthest step forward.
  const furthest = progressing.slice(-1)
  const pool =
    choice < 25 && furthest.length > 0
      ? furthest
      : choice < 50 && moving.length > 0
        ? moving
        : choice < 80 && progressing.length > 0
          ? progressing
          : choice < 90 && offered.length > 0
            ? offered
            : []
  const picked = pool[(choice * 7 + variant) % Math.max(pool.length, 1)]
  return picked ?? { actor: ACTORS[actorIndex] as Actor, action: ACTIONS[choice % ACTIONS.length] as string }
}

const step = fc.record({
  actor: fc.nat(ACTORS.length - 1),
  choice: fc.nat(99),
  // Mostly a few days, now and then long enough for a window to lapse.
  advance: fc.constantFrom(0, 1, 1, 2, 3, 4, 25),
  variant: fc.nat(9),
})

describe('disclosure v1 under random action sequences', () => {
  // 1000 random sequences take about 4 s on an idle machine: more than the 5 s default under a loaded CI.
  it('keeps its invariants', { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 60 }), (steps) => {
        let snapshot = submitted('2024-09-27')
        let today = '2024-09-27'
        for (const { actor: actorIndex, choice, advance, variant } of steps) {
          today = addCalendarDays(today, advance)
          const { actor, action } = pick(snapshot, actorIndex, choice, variant)
          const allowed = allowedActions(disclosureV1, snapshot, actor)
          const result = attempt(snapshot, {
            action,
            actor,
            input: inputFor(action, variant, today, snapshot),
            on: today,
          })
          const fromDef = disclosureV1Definition.states[snapshot.state]

          if (!result.ok) {
            expect(result.refusal.message).toMatch(/[\u4e00-\u9fff]/)
            // Offered actions fail only on input, guards or the calendar; others also on a snapshot guard.
            if (allowed.includes(action)) expect(NOT_PERMITTED).not.toContain(result.refusal.code)
            else expect([...NOT_PERMITTED, 'guard_failed']).toContain(result.refusal.code)
            continue
          }
          const next = result.snapshot
          expect(allowed).toContain(action)
          expect(next.version).toBe(snapshot.version + 1)
          expect(disclosureV1Definition.states[next.state]).toBeDefined()
          if (fromDef?.final) expect(action).toBe('record-remedy')
          expect(result.events).toHaveLength(1)
          expect(result.events[0]).toMatchObject({ action, fromState: snapshot.state, toState: next.state })
          // Every clock event the workflow records must count: computeClock ignores only what should have been refused.
          expect(next.clock?.ignoredEvents).toEqual([])
          expect(unsafeJsonLeaves(next)).toEqual([])
          const declared = disclosureV1Definition.states[next.state]?.clock
          if (
            next.state !== snapshot.state &&
            declared !== undefined &&
            next.clock?.status !== 'not_started'
          ) {
            expect(next.clock?.status).toBe(declared)
          }
          snapshot = next
        }
      }),
      { numRuns: 1000 },
    )
  })
})
