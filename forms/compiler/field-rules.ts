// Per-kind answer rules: normalise one (structurally typed) answer or explain what is wrong with it.
import type { Field, LeafField } from '../definition/meta-schema'
import { formatMessage, localise, type MessageKey, type MessageParams } from '../i18n'
import { type Check, fail, pass } from '../validators/check'
import { validateDate } from '../validators/date'
import { validateEmail } from '../validators/email'
import { type IdDocumentType, validateIdNumber } from '../validators/id-document'
import { validatePhone } from '../validators/phone'
import { normaliseCode, normaliseText } from '../validators/text'
import { validateUrl } from '../validators/url'
import { validateUscc } from '../validators/uscc'
import type { AddressValue, FieldValue, IdDocumentValue } from './values'

/** Settings that come from the request, not from the definition. */
export interface RuleContext {
  /** Today in Asia/Shanghai, `YYYY-MM-DD`. */
  readonly today: string
  readonly locale: string
}

/** An issue before its path is rendered; `key` is the message key. */
export interface RawIssue {
  readonly path: readonly (string | number)[]
  readonly field: string
  readonly key: MessageKey
  readonly params: MessageParams
}

/** A field's normalised answer (`undefined` = not answered) and any issues. */
export interface Outcome {
  readonly value: FieldValue | undefined
  readonly issues: readonly RawIssue[]
}

const ATTACHMENT_ID = /^[A-Za-z0-9_-]{1,128}$/
const ADDRESS_LIMITS = { region: 100, detail: 200 } as const

/** The message used when a required field has no answer. */
export function requiredKey(field: Field): MessageKey {
  switch (field.kind) {
    case 'choice':
    case 'multi-choice':
      return 'required.choose'
    case 'file':
      return 'required.upload'
    case 'consent':
      return 'required.consent'
    case 'group':
      return 'too_few'
    default:
      return 'required'
  }
}

/** Builds an issue for `field`, with its label available to the message as `{label}`. */
export function fieldIssue(
  field: Field,
  path: readonly (string | number)[],
  key: MessageKey,
  label: string,
  params?: MessageParams,
): RawIssue {
  return { path, field: field.name, key, params: { label, ...params } }
}

function fromCheck<T extends FieldValue | undefined>(
  field: Field,
  path: readonly (string | number)[],
  label: string,
  check: Check<T>,
): Outcome {
  return check.ok
    ? { value: check.value, issues: [] }
    : { value: undefined, issues: [fieldIssue(field, path, check.code, label, check.params)] }
}

function blank(value: unknown): boolean {
  return value === undefined || (typeof value === 'string' && value.trim() === '')
}

function checkName(raw: string, maxLength: number, minLength: number | undefined): Check<string | undefined> {
  const text = normaliseText(raw, { maxLength, minLength, rejectMarkup: true })
  if (!text.ok || text.value === undefined) return text
  // A name needs at least one letter of some script; digits and punctuation alone are not a name.
  return /\p{L}/u.test(text.value) ? text : fail('name_format')
}

function checkPostcode(raw: string): Check<string | undefined> {
  const code = normaliseCode(raw)
  if (code === '') return pass(undefined)
  return /^\d{6}$/.test(code) ? pass(code) : fail('postcode_format')
}

function idDocument(
  field: Extract<Field, { kind: 'id-document' }>,
  raw: { type?: string; number?: string },
  path: readonly (string | number)[],
  context: RuleContext,
): Outcome {
  const typeLabel = formatMessage('part.idType', {}, context.locale)
  const numberLabel = formatMessage('part.idNumber', {}, context.locale)
  const type = raw.type?.trim() ?? ''
  const number = raw.number ?? ''
  if (type === '' && blank(number)) return { value: undefined, issues: [] }
  const issues: RawIssue[] = []
  if (type === '') issues.push(fieldIssue(field, [...path, 'type'], 'required.choose', typeLabel))
  else if (!(field.types as readonly string[]).includes(type)) {
    issues.push(fieldIssue(field, [...path, 'type'], 'invalid_option', typeLabel))
  }
  if (blank(number)) issues.push(fieldIssue(field, [...path, 'number'], 'required', numberLabel))
  if (issues.length > 0) return { value: undefined, issues }
  const checked =
    number.length > 64
      ? fail<string>('too_long', { max: 64 })
      : validateIdNumber(type as IdDocumentType, number, context)
  if (!checked.ok) {
    return {
      value: undefined,
      issues: [fieldIssue(field, [...path, 'number'], checked.code, numberLabel, checked.params)],
    }
  }
  const value: IdDocumentValue = { type: type as IdDocumentType, number: checked.value }
  return { value, issues: [] }
}

function address(
  field: Extract<Field, { kind: 'address' }>,
  raw: { region?: string; detail?: string; postcode?: string },
  path: readonly (string | number)[],
  context: RuleContext,
): Outcome {
  if (blank(raw.region) && blank(raw.detail) && blank(raw.postcode)) return { value: undefined, issues: [] }
  const issues: RawIssue[] = []
  const parts: Partial<AddressValue> = {}
  for (const part of ['region', 'detail'] as const) {
    const label = formatMessage(part === 'region' ? 'part.region' : 'part.detail', {}, context.locale)
    const text = normaliseText(raw[part] ?? '', { maxLength: ADDRESS_LIMITS[part], rejectMarkup: true })
    if (!text.ok) issues.push(fieldIssue(field, [...path, part], text.code, label, text.params))
    else if (text.value === undefined) issues.push(fieldIssue(field, [...path, part], 'required', label))
    else parts[part] = text.value
  }
  const postcode = checkPostcode(raw.postcode ?? '')
  if (!postcode.ok) {
    const label = formatMessage('part.postcode', {}, context.locale)
    issues.push(fieldIssue(field, [...path, 'postcode'], postcode.code, label))
  } else if (postcode.value !== undefined) parts.postcode = postcode.value
  if (issues.length > 0) return { value: undefined, issues }
  return { value: parts as AddressValue, issues: [] }
}

function choices(
  field: Extract<Field, { kind: 'multi-choice' }>,
  raw: readonly string[],
  path: readonly (string | number)[],
  label: string,
): Outcome {
  const picked = [...new Set(raw.map((value) => value.trim()).filter((value) => value !== ''))]
  if (picked.length === 0) return { value: undefined, issues: [] }
  const allowed = new Set(field.options.map((option) => option.value))
  if (!picked.every((value) => allowed.has(value))) {
    return { value: undefined, issues: [fieldIssue(field, path, 'invalid_option', label)] }
  }
  if (field.minSelected !== undefined && picked.length < field.minSelected) {
    return {
      value: undefined,
      issues: [fieldIssue(field, path, 'too_few', label, { min: field.minSelected })],
    }
  }
  if (field.maxSelected !== undefined && picked.length > field.maxSelected) {
    return {
      value: undefined,
      issues: [fieldIssue(field, path, 'too_many', label, { max: field.maxSelected })],
    }
  }
  // Keep the definition's option order so stored answers compare and display consistently.
  return {
    value: field.options.map((option) => option.value).filter((value) => picked.includes(value)),
    issues: [],
  }
}

function files(
  field: Extract<Field, { kind: 'file' }>,
  raw: readonly string[],
  path: readonly (string | number)[],
  label: string,
): Outcome {
  const ids = [...new Set(raw.map((value) => value.trim()).filter((value) => value !== ''))]
  if (ids.length === 0) return { value: undefined, issues: [] }
  if (!ids.every((id) => ATTACHMENT_ID.test(id))) {
    return { value: undefined, issues: [fieldIssue(field, path, 'file_reference', label)] }
  }
  if (ids.length > field.maxFiles) {
    return {
      value: undefined,
      issues: [fieldIssue(field, path, 'too_many.files', label, { max: field.maxFiles })],
    }
  }
  return { value: ids, issues: [] }
}

/**
 * Normalises one answer of a leaf field. `raw` has already passed the structural schema, so its
 * JavaScript type matches the kind; an unanswered field yields `value: undefined` and no issue
 * (requiredness is decided by the caller, which knows visibility).
 */
export function checkLeafAnswer(
  field: LeafField,
  raw: unknown,
  path: readonly (string | number)[],
  context: RuleContext,
): Outcome {
  const label = localise(field.label, context.locale)
  if (raw === undefined) return { value: undefined, issues: [] }
  switch (field.kind) {
    case 'text': {
      const text = raw as string
      if (field.format === 'name')
        return fromCheck(field, path, label, checkName(text, field.maxLength, field.minLength))
      if (field.format === 'postcode') return fromCheck(field, path, label, checkPostcode(text))
      if (field.format === 'url') return fromCheck(field, path, label, validateUrl(text, field.maxLength))
      if (field.format === 'uscc') {
        return normaliseCode(text) === ''
          ? { value: undefined, issues: [] }
          : fromCheck(field, path, label, validateUscc(text))
      }
      return fromCheck(field, path, label, normaliseText(text, field))
    }
    case 'textarea':
      return fromCheck(field, path, label, normaliseText(raw as string, { ...field, multiline: true }))
    case 'hidden':
      return fromCheck(
        field,
        path,
        label,
        normaliseText(raw as string, { maxLength: field.maxLength, rejectMarkup: true }),
      )
    case 'choice': {
      const value = (raw as string).trim()
      if (value === '') return { value: undefined, issues: [] }
      const valid = field.options.some((option) => option.value === value)
      return valid
        ? { value, issues: [] }
        : { value: undefined, issues: [fieldIssue(field, path, 'invalid_option', label)] }
    }
    case 'multi-choice':
      return choices(field, raw as string[], path, label)
    case 'date':
      return fromCheck(field, path, label, validateDate(raw as string, { ...field, today: context.today }))
    case 'id-document':
      return idDocument(field, raw as { type?: string; number?: string }, path, context)
    case 'phone':
      return fromCheck(field, path, label, validatePhone(raw as string, field.accept))
    case 'email':
      return fromCheck(field, path, label, validateEmail(raw as string))
    case 'address':
      return address(field, raw as { region?: string }, path, context)
    case 'file':
      return files(field, raw as string[], path, label)
    case 'consent':
      return { value: raw === true ? true : undefined, issues: [] }
  }
}

/** Whether a raw group item carries any answer at all (blank items are dropped, not validated). */
export function isBlankAnswer(raw: unknown): boolean {
  if (raw === undefined || raw === null || raw === false) return true
  if (typeof raw === 'string') return raw.trim() === ''
  if (Array.isArray(raw)) return raw.every(isBlankAnswer)
  if (typeof raw === 'object') return Object.values(raw).every(isBlankAnswer)
  return false
}
