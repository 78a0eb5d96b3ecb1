// Conditions are a small operator tree over earlier answers, evaluated by one pure function (never eval).
import { z } from 'zod'

/** A value a condition compares with. */
export type ConditionValue = string | number | boolean | null

/**
 * `field` names an earlier field, or a part of a composite one (`idDocument.type`).
 * On a multi-choice answer `eq` means "includes" and `in` means "includes any of".
 */
export type Condition =
  | { readonly op: 'eq' | 'neq'; readonly field: string; readonly value: ConditionValue }
  | { readonly op: 'in' | 'notIn'; readonly field: string; readonly value: readonly ConditionValue[] }
  | { readonly op: 'truthy'; readonly field: string }
  | { readonly op: 'and' | 'or'; readonly args: readonly Condition[] }
  | { readonly op: 'not'; readonly args: readonly [Condition] }

/** Field references: a field name, optionally with one part name. */
export const FIELD_REF = /^[a-z][A-Za-z0-9]{0,63}(\.[a-z][A-Za-z0-9]{0,63})?$/

const conditionValueSchema = z.union([z.string().max(200), z.number(), z.boolean(), z.null()])
const fieldRefSchema = z.string().regex(FIELD_REF)

/** Structural shape of a condition; references are checked against the definition separately. */
export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.discriminatedUnion('op', [
    z.strictObject({ op: z.enum(['eq', 'neq']), field: fieldRefSchema, value: conditionValueSchema }),
    z.strictObject({
      op: z.enum(['in', 'notIn']),
      field: fieldRefSchema,
      value: z.array(conditionValueSchema).min(1).max(100),
    }),
    z.strictObject({ op: z.literal('truthy'), field: fieldRefSchema }),
    z.strictObject({ op: z.enum(['and', 'or']), args: z.array(conditionSchema).min(1).max(20) }),
    z.strictObject({ op: z.literal('not'), args: z.tuple([conditionSchema]) }),
  ]),
)

/** Reads a possibly dotted reference out of the answers. */
export function readAnswer(values: Readonly<Record<string, unknown>>, ref: string): unknown {
  const [head = '', part] = ref.split('.')
  const value = Object.hasOwn(values, head) ? values[head] : undefined
  if (part === undefined) return value
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined
  return Object.hasOwn(value, part) ? (value as Record<string, unknown>)[part] : undefined
}

function isTruthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0
  return value !== undefined && value !== null && value !== false && value !== ''
}

function matches(actual: unknown, expected: ConditionValue): boolean {
  return Array.isArray(actual) ? actual.includes(expected) : actual === expected
}

/** Evaluates a condition against answers; unanswered or hidden fields read as `undefined`. Total: never throws. */
export function evaluateCondition(condition: Condition, values: Readonly<Record<string, unknown>>): boolean {
  switch (condition.op) {
    case 'eq':
      return matches(readAnswer(values, condition.field), condition.value)
    case 'neq':
      return !matches(readAnswer(values, condition.field), condition.value)
    case 'in': {
      const actual = readAnswer(values, condition.field)
      return condition.value.some((candidate) => matches(actual, candidate))
    }
    case 'notIn': {
      const actual = readAnswer(values, condition.field)
      return !condition.value.some((candidate) => matches(actual, candidate))
    }
    case 'truthy':
      return isTruthy(readAnswer(values, condition.field))
    case 'and':
      return condition.args.every((arg) => evaluateCondition(arg, values))
    case 'or':
      return condition.args.some((arg) => evaluateCondition(arg, values))
    case 'not':
      return !evaluateCondition(condition.args[0], values)
  }
}

/** Every `(field, value)` a condition mentions, for reference checks. */
export function conditionLeaves(
  condition: Condition,
): { readonly field: string; readonly values: readonly ConditionValue[] }[] {
  switch (condition.op) {
    case 'eq':
    case 'neq':
      return [{ field: condition.field, values: [condition.value] }]
    case 'in':
    case 'notIn':
      return [{ field: condition.field, values: condition.value }]
    case 'truthy':
      return [{ field: condition.field, values: [] }]
    default:
      return condition.args.flatMap(conditionLeaves)
  }
}

/** Nesting depth of a condition (a leaf is 1). */
export function conditionDepth(condition: Condition): number {
  return 'args' in condition ? 1 + Math.max(...condition.args.map(conditionDepth)) : 1
}
