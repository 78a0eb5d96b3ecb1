// Workflow definitions as data: the zod schema, freezing on publication, and the fingerprint that pins a version.

import * as z from 'zod'
import { canonicalJson, deepFreeze, sha256Hex } from '../support/canonical'
import { PERMISSIONS } from './types'

const stateName = z.string().regex(/^[a-z][a-z0-9_]*$/, 'state names are snake_case')
const actionName = z.string().regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, 'action names are kebab-case')
const implementationName = z.string().regex(/^[a-z][A-Za-z0-9]*$/, 'implementation names are camelCase')
const localized = z.strictObject({ 'zh-CN': z.string().trim().min(1) })

/** Clock status a state implies; entering a `stopped` state stops a running clock. */
export const CLOCK_STATUSES = ['not_started', 'running', 'paused', 'awaiting_correction', 'stopped'] as const

const stateSchema = z.strictObject({
  label: localized,
  // Shown on the public tracking page, so internal steps can share one public label.
  publicLabel: localized,
  final: z.boolean().optional(),
  clock: z.enum(CLOCK_STATUSES).optional(),
})

const actionSchema = z.strictObject({
  label: localized,
  from: z.array(stateName).min(1),
  // A state, a named resolver, or absent for an action that stays in its state (xstate's targetless transition).
  to: z.union([stateName, z.strictObject({ resolver: implementationName })]).optional(),
  roles: z.array(z.enum(PERMISSIONS)).min(1),
  guards: z.array(implementationName).default([]),
  input: implementationName,
  updates: z.array(implementationName).default([]),
  effects: z.array(implementationName).default([]),
})

function duplicates(values: readonly string[]): string[] {
  return values.filter((value, index) => values.indexOf(value) !== index)
}

/** Zod schema of a workflow definition, including cross-references between states and actions. */
export const workflowDefinitionSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z][a-z0-9-]*$/),
    version: z.int().min(1),
    label: localized,
    initialState: stateName,
    states: z.record(stateName, stateSchema),
    actions: z.record(actionName, actionSchema),
  })
  .superRefine((def, ctx) => {
    const states = new Set(Object.keys(def.states))
    if (!states.has(def.initialState)) {
      ctx.addIssue({ code: 'custom', path: ['initialState'], message: `unknown state ${def.initialState}` })
    }
    for (const [name, action] of Object.entries(def.actions)) {
      const path = ['actions', name]
      action.from.forEach((from, i) => {
        if (!states.has(from))
          ctx.addIssue({ code: 'custom', path: [...path, 'from', i], message: `unknown state ${from}` })
      })
      if (typeof action.to === 'string' && !states.has(action.to)) {
        ctx.addIssue({ code: 'custom', path: [...path, 'to'], message: `unknown state ${action.to}` })
      }
      if (action.roles.includes('auditor')) {
        ctx.addIssue({ code: 'custom', path: [...path, 'roles'], message: 'auditor is read-only' })
      }
      for (const key of ['from', 'roles', 'guards', 'updates', 'effects'] as const) {
        for (const dup of duplicates(action[key])) {
          ctx.addIssue({ code: 'custom', path: [...path, key], message: `duplicate ${dup}` })
        }
      }
    }
  })

type DeepReadonly<T> = T extends (infer E)[]
  ? readonly DeepReadonly<E>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T

/** A parsed, frozen workflow definition. */
export type WorkflowDefinition = DeepReadonly<z.output<typeof workflowDefinitionSchema>>
export type StateDefinition = WorkflowDefinition['states'][string]
export type ActionDefinition = WorkflowDefinition['actions'][string]

/** Thrown when a definition or its wiring is invalid: a programmer error caught at startup, never user input. */
export class WorkflowDefinitionError extends Error {
  constructor(
    message: string,
    readonly problems: readonly string[],
  ) {
    super(`${message}: ${problems.join('; ')}`)
    this.name = 'WorkflowDefinitionError'
  }
}

/** Validates raw definition data and returns it normalised (defaults filled) and deeply frozen. */
export function defineWorkflow(raw: unknown): WorkflowDefinition {
  const parsed = workflowDefinitionSchema.safeParse(raw)
  if (!parsed.success) {
    throw new WorkflowDefinitionError(
      'Invalid workflow definition',
      parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
    )
  }
  return deepFreeze(parsed.data)
}

/** SHA-256 (hex) of the definition's canonical JSON: pins a published version so any edit is detected. */
export async function definitionFingerprint(definition: WorkflowDefinition): Promise<string> {
  return sha256Hex(canonicalJson(definition))
}

export { canonicalJson }
