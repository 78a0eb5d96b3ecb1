// Engine types: actors, snapshots, named implementations, refusals and the transition result.
import type { z } from 'zod'
import type { CalendarYearNotLoaded, IsoDate, WorkingCalendar } from '../calendar/types'
import type { ClockEvent, ClockSettings, ClockState } from '../clock/types'
import type { WorkflowDefinition } from './definition'

/** Roles that report on the annual task table (重点任务分解表): the office that issues it, and the units. */
export const TASK_ROLES = ['task_coordinator', 'task_reporter'] as const

/**
 * Staff roles within an agency. `auditor` is read-only: no definition may grant it an action. The task roles
 * give no access to disclosure cases.
 */
export const ROLES = [
  'registrar',
  'handler',
  'legal_reviewer',
  'approver',
  'admin',
  'auditor',
  ...TASK_ROLES,
] as const
export type Role = (typeof ROLES)[number]
export type TaskRole = (typeof TASK_ROLES)[number]

/** Who an action may be granted to: a staff role, the applicant, or the system (timer sweep). */
export const PERMISSIONS = [...ROLES, 'applicant', 'system'] as const
export type Permission = (typeof PERMISSIONS)[number]

/** The party performing an action. Applicants and the system carry no staff id. */
export type Actor =
  | { kind: 'staff'; id: string; roles: readonly Role[] }
  | { kind: 'applicant' }
  | { kind: 'system' }

/** The fields every case snapshot has; a workflow extends it with its own data. Must stay JSON-serialisable. */
export interface EngineSnapshot {
  workflowId: string
  workflowVersion: number
  state: string
  /** Optimistic-concurrency version: +1 per transition (equals the case_events seq). */
  version: number
  clockEvents: readonly ClockEvent[]
  /** Clock as of the last transition; null before the first one. Recompute with computeClock to read it later. */
  clock: ClockState | null
}

/** Everything a guard, resolver or update may look at. Pure data plus the injected calendar. */
export interface ActionContext<S extends EngineSnapshot, O extends ClockSettings> {
  readonly action: string
  /** The case before the action (inside updates: after the preceding updates), clock refreshed as of `today`. */
  readonly snapshot: S
  /** The clock recomputed as of `today`, before the action. */
  readonly clock: ClockState
  readonly actor: Actor
  /** The input as parsed by the action's input schema. */
  readonly input: unknown
  /** The instant of the action (epoch ms). */
  readonly now: number
  /** The legal date of `now` in Asia/Shanghai. */
  readonly today: IsoDate
  readonly calendar: WorkingCalendar
  readonly settings: O
}

/** A guard or update verdict: pass, a refusal message, or a calendar year the answer depends on. */
export type Verdict =
  | { ok: true }
  | { ok: false; message: string }
  | { ok: false; calendar: CalendarYearNotLoaded }

/**
 * A named guard. `snapshot` guards depend on the case and actor only, so `allowedActions` evaluates them too;
 * `context` guards also see the input, the date and the calendar.
 */
export type Guard<S extends EngineSnapshot, O extends ClockSettings> =
  | { readonly needs: 'snapshot'; readonly check: (snapshot: S, actor: Actor) => Verdict }
  | { readonly needs: 'context'; readonly check: (ctx: ActionContext<S, O>) => Verdict }

/** Computes the target state of an action whose `to` is `{ resolver }`. */
export type Resolver<S extends EngineSnapshot, O extends ClockSettings> = (ctx: ActionContext<S, O>) => string

/** Result of a named update: a shallow patch of the snapshot and extra fields for the event payload. */
export type UpdateResult<S extends EngineSnapshot> =
  | { ok: true; patch: Partial<S>; payload?: Record<string, unknown> }
  | { ok: false; calendar: CalendarYearNotLoaded }

/** A named, pure snapshot update (xstate's `assign`). */
export type Update<S extends EngineSnapshot, O extends ClockSettings> = (
  ctx: ActionContext<S, O>,
) => UpdateResult<S>

/** Who a notification goes to. */
export type Recipient = 'applicant' | { staffId: string } | { role: Role }

/** A side effect described as data; the edge turns it into outbox rows or letters in the transition's batch. */
export type EffectDescriptor =
  | { kind: 'notify'; template: string; to: Recipient; data?: Record<string, unknown> }
  /** `issue`: generate and send a notice now; `draft`: (re)generate an editable draft; `sign`: freeze the signed copy. */
  | { kind: 'letter'; letter: string; operation: 'issue' | 'draft' | 'sign'; data?: Record<string, unknown> }
  | { kind: 'outbox'; topic: string; payload: Record<string, unknown> }

/** The append-only record of one transition (a case_events row without the hash chain). */
export interface WorkflowEvent {
  action: string
  fromState: string
  toState: string
  actorKind: Actor['kind']
  actorId: string | null
  payload: Record<string, unknown>
  /** Instant of the action (epoch ms). */
  at: number
}

/** What a named effect sees: the action context plus the resulting snapshot and event. */
export interface EffectContext<S extends EngineSnapshot, O extends ClockSettings>
  extends ActionContext<S, O> {
  readonly next: S
  readonly event: WorkflowEvent
}

/** A named effect builder. */
export type Effect<S extends EngineSnapshot, O extends ClockSettings> = (
  ctx: EffectContext<S, O>,
) => readonly EffectDescriptor[]

/** The implementations a definition refers to by name. */
export interface WorkflowImplementations<S extends EngineSnapshot, O extends ClockSettings> {
  readonly inputs: Readonly<Record<string, z.ZodType>>
  readonly guards: Readonly<Record<string, Guard<S, O>>>
  readonly resolvers: Readonly<Record<string, Resolver<S, O>>>
  readonly updates: Readonly<Record<string, Update<S, O>>>
  readonly effects: Readonly<Record<string, Effect<S, O>>>
}

/** A definition bound to its implementations and default settings: what `transition` interprets. */
export interface Workflow<S extends EngineSnapshot, O extends ClockSettings> {
  readonly definition: WorkflowDefinition
  readonly implementations: WorkflowImplementations<S, O>
  readonly defaultSettings: O
}

export type RefusalCode =
  | 'unknown_action'
  | 'not_allowed_in_state'
  | 'role_not_allowed'
  | 'invalid_input'
  | 'guard_failed'
  | 'case_closed'
  | 'calendar_year_not_loaded'

/** One field problem of a refused input. */
export interface InputIssue {
  path: (string | number)[]
  message: string
  code: string
}

/** Why an action was refused; `message` is shown to staff (zh-CN). */
export interface Refusal {
  code: RefusalCode
  message: string
  issues?: InputIssue[]
  /** The guard that failed (guard_failed, or calendar_year_not_loaded raised by a guard). */
  guard?: string
  /** The calendar year that is missing or unconfirmed (calendar_year_not_loaded). */
  year?: number
}

export type TransitionResult<S extends EngineSnapshot> =
  | { ok: true; snapshot: S; events: WorkflowEvent[]; effects: EffectDescriptor[] }
  | { ok: false; refusal: Refusal }
