// The pure engine on a toy workflow: definition schema, wiring, fingerprint, refusals, purity, allowed actions.
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import type { ClockSettings } from '../../../workflows/clock/types'
import { DEFAULT_CLOCK_SETTINGS } from '../../../workflows/clock/types'
import {
  allow,
  allowedActions,
  canonicalJson,
  createWorkflow,
  defineWorkflow,
  definitionFingerprint,
  deny,
  type EngineSnapshot,
  transition,
  WorkflowDefinitionError,
  type WorkflowImplementations,
} from '../../../workflows/engine'
import { at, calendar } from './support'

const zh = (text: string) => ({ 'zh-CN': text })

const toyData = {
  id: 'toy',
  version: 1,
  label: zh('示例'),
  initialState: 'open',
  states: {
    open: { label: zh('进行中'), publicLabel: zh('进行中') },
    done: { label: zh('已完成'), publicLabel: zh('已完成'), final: true },
  },
  actions: {
    note: {
      label: zh('备注'),
      from: ['open', 'done'],
      roles: ['handler'],
      input: 'noteInput',
      updates: ['countNote'],
    },
    finish: {
      label: zh('完成'),
      from: ['open'],
      to: { resolver: 'toDone' },
      roles: ['approver', 'system'],
      guards: ['notLocked', 'longEnough'],
      input: 'noteInput',
      effects: ['announce'],
    },
  },
}

interface Toy extends EngineSnapshot {
  notes: number
  locked: boolean
}

const toyImplementations: WorkflowImplementations<Toy, ClockSettings> = {
  inputs: { noteInput: z.strictObject({ text: z.string().min(2) }) },
  guards: {
    notLocked: { needs: 'snapshot', check: (snapshot) => (snapshot.locked ? deny('已锁定') : allow) },
    longEnough: {
      needs: 'context',
      check: (ctx) => ((ctx.input as { text: string }).text.length >= 3 ? allow : deny('太短')),
    },
  },
  resolvers: { toDone: () => 'done' },
  updates: {
    countNote: (ctx) => ({ ok: true, patch: { notes: ctx.snapshot.notes + 1 }, payload: { n: 1 } }),
  },
  effects: { announce: (ctx) => [{ kind: 'outbox', topic: 'toy.done', payload: { at: ctx.event.at } }] },
}

const toy = createWorkflow({
  definition: defineWorkflow(toyData),
  implementations: toyImplementations,
  defaultSettings: DEFAULT_CLOCK_SETTINGS,
})

const start: Toy = {
  workflowId: 'toy',
  workflowVersion: 1,
  state: 'open',
  version: 4,
  clockEvents: [],
  clock: null,
  notes: 0,
  locked: false,
}
const handler = { kind: 'staff', id: 'h', roles: ['handler'] } as const
const approver = { kind: 'staff', id: 'a', roles: ['approver'] } as const
const now = at('2024-10-08')

describe('definition schema', () => {
  it('fills defaults and freezes the definition deeply', () => {
    const definition = defineWorkflow(toyData)
    expect(definition.actions.note?.guards).toEqual([])
    expect(Object.isFrozen(definition.actions.note?.from)).toBe(true)
  })

  it.each([
    ['an unknown from state', { ...toyData, actions: { x: { ...toyData.actions.note, from: ['nowhere'] } } }],
    ['an unknown target', { ...toyData, actions: { x: { ...toyData.actions.note, to: 'nowhere' } } }],
    ['an unknown initial state', { ...toyData, initialState: 'nowhere' }],
    ['an auditor grant', { ...toyData, actions: { x: { ...toyData.actions.note, roles: ['auditor'] } } }],
    ['an unknown role', { ...toyData, actions: { x: { ...toyData.actions.note, roles: ['janitor'] } } }],
    ['a duplicate guard', { ...toyData, actions: { x: { ...toyData.actions.note, guards: ['a', 'a'] } } }],
    ['a non-kebab action name', { ...toyData, actions: { Note: toyData.actions.note } }],
    ['an unknown key', { ...toyData, extra: true }],
    [
      'a state without a public label',
      { ...toyData, states: { ...toyData.states, open: { label: zh('x') } } },
    ],
  ])('rejects %s', (_, raw) => {
    expect(() => defineWorkflow(raw)).toThrow(WorkflowDefinitionError)
  })

  it('refuses to bind a definition that names a missing implementation', () => {
    expect(() =>
      createWorkflow({
        definition: defineWorkflow(toyData),
        implementations: { ...toyImplementations, guards: {} },
        defaultSettings: DEFAULT_CLOCK_SETTINGS,
      }),
    ).toThrow(/finish: missing guards.notLocked/)
  })
})

describe('fingerprint', () => {
  it('does not depend on key order', () => {
    expect(canonicalJson({ b: 1, a: [{ d: null, c: 'x' }] })).toBe('{"a":[{"c":"x","d":null}],"b":1}')
  })

  it('changes when anything in the definition changes', async () => {
    const base = await definitionFingerprint(defineWorkflow(toyData))
    const relabelled = defineWorkflow({ ...toyData, label: zh('示例二') })
    expect(base).toMatch(/^[0-9a-f]{64}$/)
    expect(await definitionFingerprint(relabelled)).not.toBe(base)
    expect(await definitionFingerprint(defineWorkflow(structuredClone(toyData)))).toBe(base)
  })
})

describe('transition', () => {
  it('applies updates, bumps the version and records the event', () => {
    const result = transition(toy, start, 'note', handler, { text: 'hi' }, now, calendar)
    expect(result).toMatchObject({
      ok: true,
      snapshot: { state: 'open', version: 5, notes: 1 },
      events: [
        { action: 'note', fromState: 'open', toState: 'open', actorKind: 'staff', actorId: 'h', at: now },
      ],
    })
    if (result.ok) expect(result.events[0]?.payload).toEqual({ text: 'hi', n: 1 })
  })

  it('resolves the target by name and runs effects on the result', () => {
    const result = transition(toy, start, 'finish', { kind: 'system' }, { text: 'done' }, now, calendar)
    expect(result).toMatchObject({
      ok: true,
      snapshot: { state: 'done' },
      effects: [{ kind: 'outbox', topic: 'toy.done', payload: { at: now } }],
      events: [{ actorKind: 'system', actorId: null }],
    })
  })

  it('is pure: the same call gives the same result and leaves the snapshot untouched', () => {
    const frozen = Object.freeze(structuredClone(start))
    const a = transition(toy, frozen, 'note', handler, { text: 'hi' }, now, calendar)
    const b = transition(toy, frozen, 'note', handler, { text: 'hi' }, now, calendar)
    expect(a).toEqual(b)
    expect(frozen).toEqual(start)
  })

  it.each([
    ['unknown_action', 'explode', handler, { text: 'hi' }],
    ['unknown_action', 'constructor', handler, { text: 'hi' }],
    ['unknown_action', '__proto__', handler, { text: 'hi' }],
    ['role_not_allowed', 'finish', handler, { text: 'done' }],
    ['role_not_allowed', 'note', { kind: 'applicant' }, { text: 'hi' }],
    ['invalid_input', 'note', handler, { text: 'x' }],
    ['invalid_input', 'note', handler, { text: 'hi', extra: 1 }],
    ['guard_failed', 'finish', approver, { text: 'ab' }],
  ] as const)('refuses with %s (%s)', (code, action, actor, input) => {
    const result = transition(toy, start, action, actor, input, now, calendar)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.refusal.code).toBe(code)
  })

  it('reports input issues by path, in Chinese', () => {
    const result = transition(toy, start, 'note', handler, { text: 1 }, now, calendar)
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.refusal.issues?.[0]?.path).toEqual(['text'])
    expect(result.refusal.issues?.[0]?.message).toMatch(/[\u4e00-\u9fff]/)
  })

  it('names the guard that failed', () => {
    const result = transition(
      toy,
      { ...start, locked: true },
      'finish',
      approver,
      { text: 'done' },
      now,
      calendar,
    )
    expect(result).toEqual({
      ok: false,
      refusal: { code: 'guard_failed', message: '已锁定', guard: 'notLocked' },
    })
  })

  it('refuses actions a final state does not allow as case_closed, and allows those it does', () => {
    const done = { ...start, state: 'done' }
    const refused = transition(toy, done, 'finish', approver, { text: 'done' }, now, calendar)
    expect(refused.ok || refused.refusal.code).toBe('case_closed')
    expect(transition(toy, done, 'note', handler, { text: 'hi' }, now, calendar).ok).toBe(true)
  })

  it('throws on a case pinned to another version: a programmer error, not a refusal', () => {
    expect(() =>
      transition(toy, { ...start, workflowVersion: 2 }, 'note', handler, {}, now, calendar),
    ).toThrow(WorkflowDefinitionError)
  })
})

describe('allowedActions', () => {
  it('filters by state, role and snapshot guards', () => {
    expect(allowedActions(toy, start, approver)).toEqual(['finish'])
    expect(allowedActions(toy, { ...start, locked: true }, approver)).toEqual([])
    expect(allowedActions(toy, start, handler)).toEqual(['note'])
    expect(allowedActions(toy, { ...start, state: 'done' }, approver)).toEqual([])
  })
})
