// The validation pass: walks fields in document order, skipping hidden ones and checking what is required.
import { evaluateCondition } from '../definition/condition'
import type { Field } from '../definition/meta-schema'
import { formatMessage, localise } from '../i18n'
import {
  checkLeafAnswer,
  fieldIssue,
  isBlankAnswer,
  type Outcome,
  type RawIssue,
  type RuleContext,
  requiredKey,
} from './field-rules'
import type { GroupItem, SubmissionData } from './values'

/** Reads an own property only, so a field named `constructor` never sees `Object.prototype`. */
export function own(record: unknown, key: string): unknown {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return undefined
  return Object.hasOwn(record, key) ? (record as Record<string, unknown>)[key] : undefined
}

function isRequired(field: Field, scope: Readonly<Record<string, unknown>>): boolean {
  return (
    field.required === true ||
    (typeof field.required === 'object' && evaluateCondition(field.required, scope))
  )
}

function missing(field: Field, path: readonly (string | number)[], context: RuleContext): RawIssue[] {
  const label = localise(field.label, context.locale)
  const part = (key: 'part.idType' | 'part.idNumber' | 'part.region' | 'part.detail') =>
    formatMessage(key, {}, context.locale)
  switch (field.kind) {
    case 'id-document':
      return [
        fieldIssue(field, [...path, 'type'], 'required.choose', part('part.idType')),
        fieldIssue(field, [...path, 'number'], 'required', part('part.idNumber')),
      ]
    case 'address':
      return [
        fieldIssue(field, [...path, 'region'], 'required', part('part.region')),
        fieldIssue(field, [...path, 'detail'], 'required', part('part.detail')),
      ]
    case 'group':
      return [fieldIssue(field, path, 'too_few', label, { min: Math.max(1, field.min ?? 1) })]
    default:
      return [fieldIssue(field, path, requiredKey(field), label)]
  }
}

function runGroup(
  field: Extract<Field, { kind: 'group' }>,
  raw: unknown,
  path: readonly (string | number)[],
  scope: Readonly<Record<string, unknown>>,
  context: RuleContext,
): Outcome {
  const items: GroupItem[] = []
  const issues: RawIssue[] = []
  const rawItems = Array.isArray(raw) ? raw : []
  rawItems.forEach((item, index) => {
    // Blank rows (an "add another" row left empty) are dropped; paths keep the submitted index.
    if (isBlankAnswer(item)) return
    const result = runFields(field.fields, item, { ...scope }, [...path, index], context)
    issues.push(...result.issues)
    items.push(result.data as GroupItem)
  })
  const label = localise(field.label, context.locale)
  if (items.length > field.max) issues.push(fieldIssue(field, path, 'too_many', label, { max: field.max }))
  // `min` binds whenever the group is shown; `required` without `min` means at least one row.
  if (field.min !== undefined && items.length < field.min) {
    issues.push(fieldIssue(field, path, 'too_few', label, { min: field.min }))
  }
  return { value: items.length > 0 ? items : undefined, issues }
}

/**
 * A chosen option whose own condition does not hold under the earlier answers (e.g. 电子邮件 after 纸质): refused
 * with an issue naming the option, never silently accepted or dropped.
 */
function unavailableOption(
  field: Field,
  outcome: Outcome,
  scope: Readonly<Record<string, unknown>>,
  path: readonly (string | number)[],
  context: RuleContext,
): Outcome | undefined {
  if ((field.kind !== 'choice' && field.kind !== 'multi-choice') || outcome.value === undefined)
    return undefined
  const chosen = new Set([outcome.value].flat())
  const bad = field.options.find(
    (o) => chosen.has(o.value) && o.visibleWhen !== undefined && !evaluateCondition(o.visibleWhen, scope),
  )
  if (!bad) return undefined
  const label = localise(field.label, context.locale)
  const issue = fieldIssue(field, path, 'option_unavailable', label, {
    option: localise(bad.label, context.locale),
  })
  return { value: undefined, issues: [issue] }
}

/**
 * Validates `fields` against `input`. `scope` holds the answers conditions may read (earlier pages,
 * earlier fields) and is extended as fields pass; hidden fields are removed from it and from the output.
 */
export function runFields(
  fields: readonly Field[],
  input: unknown,
  scope: Record<string, unknown>,
  prefix: readonly (string | number)[],
  context: RuleContext,
): { data: SubmissionData; issues: RawIssue[] } {
  const data: SubmissionData = {}
  const issues: RawIssue[] = []
  for (const field of fields) {
    if (field.visibleWhen !== undefined && !evaluateCondition(field.visibleWhen, scope)) {
      delete scope[field.name]
      continue
    }
    const path = [...prefix, field.name]
    const raw = own(input, field.name)
    const checked =
      field.kind === 'group'
        ? runGroup(field, raw, path, scope, context)
        : checkLeafAnswer(field, raw, path, context)
    const outcome = unavailableOption(field, checked, scope, path, context) ?? checked
    if (outcome.issues.length > 0) {
      issues.push(...outcome.issues)
      delete scope[field.name]
    } else if (outcome.value === undefined) {
      if (isRequired(field, scope)) issues.push(...missing(field, path, context))
      delete scope[field.name]
    } else {
      data[field.name] = outcome.value
      scope[field.name] = outcome.value
    }
  }
  return { data, issues }
}
