// The pure interpreter: binds a definition to named implementations and applies one action to a case snapshot.
import * as z from 'zod'
import zodZhCN from 'zod/v4/locales/zh-CN.js'
import { shanghaiDate } from '../calendar'
import type { CalendarYearNotLoaded, WorkingCalendar } from '../calendar/types'
import { computeClock } from '../clock'
import { type ClockSettings, DEFAULT_CLOCK_SETTINGS } from '../clock/types'
import { type ActionDefinition, type WorkflowDefinition, WorkflowDefinitionError } from './definition'
import type {
  ActionContext,
  Actor,
  EffectDescriptor,
  EngineSnapshot,
  InputIssue,
  Refusal,
  TransitionResult,
  Verdict,
  Workflow,
  WorkflowEvent,
  WorkflowImplementations,
} from './types'

/**
 * Binds a definition to its implementations. Throws WorkflowDefinitionError when the definition names a
 * guard, input schema, resolver, update or effect the implementations lack (caught at startup and in tests).
 */
export function createWorkflow<S extends EngineSnapshot, O extends ClockSettings>(options: {
  definition: WorkflowDefinition
  implementations: WorkflowImplementations<S, O>
  defaultSettings: O
}): Workflow<S, O> {
  const { definition, implementations } = options
  const problems: string[] = []
  const need = (kind: keyof WorkflowImplementations<S, O>, name: string, action: string) => {
    if (!Object.hasOwn(implementations[kind], name)) problems.push(`${action}: missing ${kind}.${name}`)
  }
  for (const [name, action] of Object.entries(definition.actions)) {
    need('inputs', action.input, name)
    for (const guard of action.guards) need('guards', guard, name)
    for (const update of action.updates) need('updates', update, name)
    for (const effect of action.effects) need('effects', effect, name)
    if (action.to !== undefined && typeof action.to !== 'string') need('resolvers', action.to.resolver, name)
  }
  if (problems.length > 0) {
    throw new WorkflowDefinitionError(
      `Workflow ${definition.id} v${definition.version} is not wired`,
      problems,
    )
  }
  return Object.freeze({ ...options })
}

/** A passing verdict. */
export const allow: Verdict = Object.freeze({ ok: true })

/** A failing verdict with a zh-CN message for staff. */
export function deny(message: string): Verdict {
  return { ok: false, message }
}

/** A verdict that cannot be given because a calendar year is missing or unconfirmed. */
export function calendarMissing(error: CalendarYearNotLoaded): Verdict {
  return { ok: false, calendar: error }
}

/**
 * Reads the part of an action's input an implementation relies on. The action's schema has already accepted
 * the input, so a failure here means the implementation is wired to the wrong action: a programmer error.
 */
export function readInput<T>(schema: z.ZodType<T>, ctx: { action: string; input: unknown }): T {
  const result = schema.safeParse(ctx.input)
  if (!result.success) {
    throw new WorkflowDefinitionError(`Implementation wired to ${ctx.action} cannot read its input`, [
      z.prettifyError(result.error),
    ])
  }
  return result.data
}

const zhCnErrors = zodZhCN().localeError

function actorId(actor: Actor): string | null {
  return actor.kind === 'staff' ? actor.id : null
}

function actorMayAct(action: ActionDefinition, actor: Actor): boolean {
  if (actor.kind === 'staff') return actor.roles.some((role) => action.roles.includes(role))
  return action.roles.includes(actor.kind)
}

function lookupAction(definition: WorkflowDefinition, action: string): ActionDefinition | undefined {
  return Object.hasOwn(definition.actions, action) ? definition.actions[action] : undefined
}

function assertSnapshotMatches(definition: WorkflowDefinition, snapshot: EngineSnapshot): void {
  if (snapshot.workflowId !== definition.id || snapshot.workflowVersion !== definition.version) {
    throw new WorkflowDefinitionError('Case is pinned to another workflow version', [
      `case ${snapshot.workflowId} v${snapshot.workflowVersion}, definition ${definition.id} v${definition.version}`,
    ])
  }
  if (!Object.hasOwn(definition.states, snapshot.state)) {
    throw new WorkflowDefinitionError('Case is in a state the definition lacks', [snapshot.state])
  }
}

function mergeSettings<O extends ClockSettings>(defaults: O, overrides: Partial<O> | undefined): O {
  const merged: O = { ...DEFAULT_CLOCK_SETTINGS, ...defaults }
  if (overrides) {
    for (const [key, value] of Object.entries(overrides)) {
      if (value !== undefined) Object.assign(merged, { [key]: value })
    }
  }
  return merged
}

const CLOCK_SETTING_KEYS = Object.keys(DEFAULT_CLOCK_SETTINGS) as (keyof ClockSettings)[]

// computeClock rejects keys it does not know, and workflow settings carry more than the clock's.
function clockSettingsOf(settings: ClockSettings): ClockSettings {
  const picked: ClockSettings = { ...DEFAULT_CLOCK_SETTINGS }
  for (const key of CLOCK_SETTING_KEYS) picked[key] = settings[key]
  return picked
}

function refuse(refusal: Refusal): { ok: false; refusal: Refusal } {
  return { ok: false, refusal }
}

function calendarRefusal(error: CalendarYearNotLoaded, guard?: string): { ok: false; refusal: Refusal } {
  return refuse({
    code: 'calendar_year_not_loaded',
    message: `${error.year}年工作日历尚未加载或未确认，无法计算期限，请联系管理员导入并确认该年度日历`,
    year: error.year,
    ...(guard === undefined ? {} : { guard }),
  })
}

function inputPayload(data: unknown): Record<string, unknown> {
  return data !== null && typeof data === 'object' && !Array.isArray(data) ? { ...data } : { input: data }
}

function toIssues(error: z.ZodError): InputIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map((segment) => (typeof segment === 'number' ? segment : String(segment))),
    message: issue.message,
    code: issue.code,
  }))
}

/**
 * Applies `action` by `actor` with `input` at instant `now` to the case. Pure: the same arguments always give
 * the same result, nothing is mutated, and side effects come back as descriptors for the edge to persist.
 * Legal dates derive from `now` in Asia/Shanghai; the clock is recomputed from the clock events before the
 * guards run and again after the transition. Throws only on programmer errors (a case pinned to another
 * version, miswired implementations).
 */
export function transition<S extends EngineSnapshot, O extends ClockSettings>(
  workflow: Workflow<S, O>,
  snapshot: S,
  action: string,
  actor: Actor,
  input: unknown,
  now: number,
  calendar: WorkingCalendar,
  settings?: Partial<O>,
): TransitionResult<S> {
  const { definition, implementations } = workflow
  assertSnapshotMatches(definition, snapshot)
  const actionDef = lookupAction(definition, action)
  if (!actionDef) return refuse({ code: 'unknown_action', message: `未知的操作：${action}` })

  const stateDef = definition.states[snapshot.state]
  const actionLabel = actionDef.label['zh-CN']
  if (!actionDef.from.includes(snapshot.state)) {
    const stateLabel = stateDef?.label['zh-CN'] ?? snapshot.state
    return stateDef?.final
      ? refuse({ code: 'case_closed', message: `案件已终结（${stateLabel}），不能再执行“${actionLabel}”` })
      : refuse({
          code: 'not_allowed_in_state',
          message: `案件当前为“${stateLabel}”，不能执行“${actionLabel}”`,
        })
  }
  if (!actorMayAct(actionDef, actor)) {
    return refuse({ code: 'role_not_allowed', message: `您的角色无权执行“${actionLabel}”` })
  }

  const schema = implementations.inputs[actionDef.input]
  if (!schema) throw new WorkflowDefinitionError('Missing input schema', [actionDef.input])
  const parsed = schema.safeParse(input ?? {}, { error: zhCnErrors })
  if (!parsed.success) {
    return refuse({
      code: 'invalid_input',
      message: `“${actionLabel}”的填写内容有误，请检查后重新提交`,
      issues: toIssues(parsed.error),
    })
  }

  const merged = mergeSettings(workflow.defaultSettings, settings)
  const today = shanghaiDate(now)
  const clockSettings = clockSettingsOf(merged)
  const clock = computeClock(snapshot.clockEvents, calendar, clockSettings, today)
  const base: ActionContext<S, O> = {
    action,
    snapshot: { ...snapshot, clock },
    clock,
    actor,
    input: parsed.data,
    now,
    today,
    calendar,
    settings: merged,
  }

  for (const name of actionDef.guards) {
    const guard = implementations.guards[name]
    if (!guard) throw new WorkflowDefinitionError('Missing guard', [name])
    const verdict = guard.needs === 'snapshot' ? guard.check(base.snapshot, actor) : guard.check(base)
    if (verdict.ok) continue
    if ('calendar' in verdict) return calendarRefusal(verdict.calendar, name)
    return refuse({ code: 'guard_failed', message: verdict.message, guard: name })
  }

  const toState = resolveTarget(workflow, actionDef, base)
  let draft: S = base.snapshot
  let payload = inputPayload(parsed.data)
  for (const name of actionDef.updates) {
    const update = implementations.updates[name]
    if (!update) throw new WorkflowDefinitionError('Missing update', [name])
    const result = update({ ...base, snapshot: draft })
    if (!result.ok) return calendarRefusal(result.calendar)
    draft = { ...draft, ...result.patch }
    if (result.payload) payload = { ...payload, ...result.payload }
  }

  let clockEvents = draft.clockEvents
  const started = clockEvents.some((event) => event.type === 'received')
  const stopped = clockEvents.at(-1)?.type === 'stopped'
  if (definition.states[toState]?.clock === 'stopped' && started && !stopped) {
    clockEvents = [...clockEvents, { type: 'stopped', on: today }]
  }
  const next: S = {
    ...draft,
    state: toState,
    version: snapshot.version + 1,
    clockEvents,
    clock: computeClock(clockEvents, calendar, clockSettings, today),
  }
  const event: WorkflowEvent = {
    action,
    fromState: snapshot.state,
    toState,
    actorKind: actor.kind,
    actorId: actorId(actor),
    payload,
    at: now,
  }
  const effects: EffectDescriptor[] = []
  for (const name of actionDef.effects) {
    const effect = implementations.effects[name]
    if (!effect) throw new WorkflowDefinitionError('Missing effect', [name])
    effects.push(...effect({ ...base, next, event }))
  }
  return { ok: true, snapshot: next, events: [event], effects }
}

function resolveTarget<S extends EngineSnapshot, O extends ClockSettings>(
  workflow: Workflow<S, O>,
  actionDef: ActionDefinition,
  ctx: ActionContext<S, O>,
): string {
  if (actionDef.to === undefined) return ctx.snapshot.state
  if (typeof actionDef.to === 'string') return actionDef.to
  const resolver = workflow.implementations.resolvers[actionDef.to.resolver]
  if (!resolver) throw new WorkflowDefinitionError('Missing resolver', [actionDef.to.resolver])
  const target = resolver(ctx)
  if (!Object.hasOwn(workflow.definition.states, target)) {
    throw new WorkflowDefinitionError(`Resolver ${actionDef.to.resolver} chose an unknown state`, [target])
  }
  return target
}

/**
 * Actions `actor` may attempt on the case now, in definition order: the state allows them, the actor's role is
 * granted, and every snapshot guard passes. Guards that need input, date or calendar are left to `transition`.
 */
export function allowedActions<S extends EngineSnapshot, O extends ClockSettings>(
  workflow: Workflow<S, O>,
  snapshot: S,
  actor: Actor,
): string[] {
  const { definition, implementations } = workflow
  assertSnapshotMatches(definition, snapshot)
  return Object.entries(definition.actions)
    .filter(([, action]) => action.from.includes(snapshot.state) && actorMayAct(action, actor))
    .filter(([, action]) =>
      action.guards.every((name) => {
        const guard = implementations.guards[name]
        return guard?.needs !== 'snapshot' || guard.check(snapshot, actor).ok
      }),
    )
    .map(([name]) => name)
}
