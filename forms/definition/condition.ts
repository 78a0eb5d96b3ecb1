// Conditions are a small operator tree over earlier answers, evaluated by one pure function (never eval). No
// imports: the browser script bundles this same module (workers/client/form.ts) for the progressive reveal.

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

/**
 * The answers a condition reads, from form fields as posted: `name` → its value (several values → a list) and
 * `name.part` → that part of a composite answer. The server (answers carried in the page) and the browser (the
 * live form) build the scope the same way.
 */
export function answersFromFields(
  fields: Iterable<readonly [string, readonly string[]]>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, values] of fields) {
    const value = values.length > 1 ? [...values] : values[0]
    const [head = '', part] = key.split('.')
    if (part === undefined) out[key] = value
    else out[head] = { ...((out[head] as Record<string, unknown> | undefined) ?? {}), [part]: value }
  }
  return out
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
