// Test support for the workflow unit tests: the real 2024–2026 calendar, actors, and a driver for action sequences.
import { HOLIDAYS_CN } from '../../../db/seed/holidays-cn'
import { buildCalendar } from '../../../workflows/calendar'
import type { WorkingCalendar } from '../../../workflows/calendar/types'
import {
  type DisclosureSettings,
  type DisclosureSnapshot,
  disclosureV1,
  newDisclosureCase,
} from '../../../workflows/definitions'
import {
  type Actor,
  type EffectDescriptor,
  type Refusal,
  transition,
  type WorkflowEvent,
} from '../../../workflows/engine'

export function calendarFor(years: readonly number[]): WorkingCalendar {
  return buildCalendar(
    years.map((year) => ({
      year,
      confirmed: true,
      days: (HOLIDAYS_CN[year] ?? []).map(([date, isWorkday, name]) => ({ date, isWorkday, name })),
    })),
  )
}

/** Confirmed 2024–2026, as the State Council notices publish them. */
export const calendar = calendarFor([2024, 2025, 2026])

/** The instant of a China-time wall clock reading. */
export function at(date: string, time = '10:00'): number {
  return Date.parse(`${date}T${time}:00+08:00`)
}

export const registrar: Actor = { kind: 'staff', id: 'u-registrar', roles: ['registrar'] }
export const handler: Actor = { kind: 'staff', id: 'u-handler', roles: ['handler'] }
export const otherHandler: Actor = { kind: 'staff', id: 'u-handler-2', roles: ['handler'] }
export const legalReviewer: Actor = { kind: 'staff', id: 'u-legal', roles: ['legal_reviewer'] }
export const approver: Actor = { kind: 'staff', id: 'u-approver', roles: ['approver'] }
export const admin: Actor = { kind: 'staff', id: 'u-admin', roles: ['admin'] }
export const auditor: Actor = { kind: 'staff', id: 'u-auditor', roles: ['auditor'] }
export const applicant: Actor = { kind: 'applicant' }
export const system: Actor = { kind: 'system' }

/** One action: what, by whom, with which input, on which China-time date. */
export interface Step {
  action: string
  actor: Actor
  input?: unknown
  on: string
  settings?: Partial<DisclosureSettings>
}

export interface Run {
  snapshot: DisclosureSnapshot
  events: WorkflowEvent[]
  effects: EffectDescriptor[]
}

export function submitted(on = '2024-09-27'): DisclosureSnapshot {
  return newDisclosureCase({ submittedAt: at(on, '09:00') })
}

export function attempt(snapshot: DisclosureSnapshot, step: Step, cal: WorkingCalendar = calendar) {
  return transition(
    disclosureV1,
    snapshot,
    step.action,
    step.actor,
    step.input ?? {},
    at(step.on),
    cal,
    step.settings,
  )
}

/** Applies the steps in order; fails the test with the refusal if any step is refused. */
export function drive(
  start: DisclosureSnapshot,
  steps: readonly Step[],
  cal: WorkingCalendar = calendar,
): Run {
  let snapshot = start
  const events: WorkflowEvent[] = []
  const effects: EffectDescriptor[] = []
  for (const step of steps) {
    const result = attempt(snapshot, step, cal)
    if (!result.ok) throw new Error(`${step.action} on ${step.on} refused: ${JSON.stringify(result.refusal)}`)
    snapshot = result.snapshot
    events.push(...result.events)
    effects.push(...result.effects)
  }
  return { snapshot, events, effects }
}

/** The refusal of one step; fails the test if the step is accepted. */
export function refusalOf(
  snapshot: DisclosureSnapshot,
  step: Step,
  cal: WorkingCalendar = calendar,
): Refusal {
  const result = attempt(snapshot, step, cal)
  if (result.ok) throw new Error(`${step.action} on ${step.on} was accepted`)
  return result.refusal
}

export const receive = (on: string, receivedOn = on): Step => ({
  action: 'confirm-receipt',
  actor: registrar,
  input: { channel: 'online', receivedOn },
  on,
})

/** Received, accepted and assigned to `handler`, all on `on`. */
export function inProgress(on = '2024-09-27'): DisclosureSnapshot {
  return drive(submitted(on), [
    receive(on),
    { action: 'accept', actor: registrar, on },
    { action: 'assign', actor: registrar, input: { assigneeId: 'u-handler' }, on },
  ]).snapshot
}

const BASIS = ['《中华人民共和国政府信息公开条例》第三十六条']

/** Steps from a drafted reply to a closed case: review, approval, sending and delivery. */
export function replySteps(outcome: unknown, on: string, secrecyReviewed = true): Step[] {
  return [
    { action: 'draft-reply', actor: handler, input: { outcome, secrecyReviewed }, on },
    { action: 'submit-legal-review', actor: handler, on },
    { action: 'legal-approve', actor: legalReviewer, on },
    { action: 'approve', actor: approver, on },
    { action: 'send-reply', actor: registrar, on },
    { action: 'record-delivery', actor: registrar, input: { method: 'email', servedOn: on }, on },
  ]
}

export const refusalOutcome = (code: string) => ({ code, legalBasis: BASIS, reasons: '经审查，理由如下。' })
