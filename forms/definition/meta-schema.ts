// The meta-schema: what a form definition may contain, including cross-field rules zod shapes cannot express.
import * as z from 'zod'
import { formatMessage, type MessageKey, type MessageParams } from '../i18n'
import { isIsoDate } from '../validators/date'
import { ID_DOCUMENT_TYPES } from '../validators/id-document'
import { FILE_TYPES, type FileType } from '../validators/upload'
import { type Condition, conditionDepth, conditionLeaves } from './condition'

const MAX_CONDITION_DEPTH = 8
const MAX_FIELDS = 200

/** Field and page identifiers: camelCase, starting with a lower-case letter. */
export const FIELD_NAME = /^[a-z][A-Za-z0-9]{0,63}$/

/** Parts of composite fields, addressable as `name.part` in conditions and form keys. */
export const FIELD_PARTS = {
  'id-document': ['type', 'number'],
  address: ['region', 'detail', 'postcode'],
} as const

/** Field references in conditions: a field name, optionally with one part name. */
const FIELD_REF = /^[a-z][A-Za-z0-9]{0,63}(\.[a-z][A-Za-z0-9]{0,63})?$/

const conditionValueSchema = z.union([z.string().max(200), z.number(), z.boolean(), z.null()])
const fieldRefSchema = z.string().regex(FIELD_REF)

/** Structural shape of a condition; references are checked against the definition separately. */
const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
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

const i18nSchema = z.object({ 'zh-CN': z.string().trim().min(1).max(2000) }).catchall(z.string().max(2000))
const nameSchema = z.string().regex(FIELD_NAME)
const isoDateSchema = z.string().refine(isIsoDate, { message: formatMessage('definition.date_format') })
const optionSchema = z.strictObject({
  value: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/),
  label: i18nSchema,
  hint: i18nSchema.optional(),
  /** The option may only be chosen while this condition on earlier answers holds (e.g. 电子邮件 only for 电子数据). */
  visibleWhen: conditionSchema.optional(),
})
const fileTypeSchema = z.enum(Object.keys(FILE_TYPES) as [FileType, ...FileType[]])

const base = {
  name: nameSchema,
  label: i18nSchema,
  help: i18nSchema.optional(),
  /** `true`, `false`, or a condition on earlier answers. */
  required: z.union([z.boolean(), conditionSchema]).default(false),
  /** Personal information: encrypted at rest, masked on screen. Stated on every field on purpose. */
  pii: z.boolean(),
  visibleWhen: conditionSchema.optional(),
}

const textField = z.strictObject({
  ...base,
  kind: z.literal('text'),
  maxLength: z.int().min(1).max(1000).default(100),
  minLength: z.int().min(1).max(1000).optional(),
  /**
   * plain: any words (escaped on render); name: a person or organisation name, no markup; uscc, postcode: codes;
   * url: an http(s) web address.
   */
  format: z.enum(['plain', 'name', 'uscc', 'postcode', 'url']).default('plain'),
  autocomplete: z
    .string()
    .regex(/^[a-z0-9 -]{1,64}$/)
    .optional(),
})
const textareaField = z.strictObject({
  ...base,
  kind: z.literal('textarea'),
  maxLength: z.int().min(1).max(20000).default(2000),
  minLength: z.int().min(1).max(20000).optional(),
  rows: z.int().min(2).max(30).default(5),
})
const choiceField = z.strictObject({
  ...base,
  kind: z.literal('choice'),
  appearance: z.enum(['radio', 'select']).default('radio'),
  options: z.array(optionSchema).min(1).max(200),
})
const multiChoiceField = z.strictObject({
  ...base,
  kind: z.literal('multi-choice'),
  options: z.array(optionSchema).min(1).max(200),
  minSelected: z.int().min(1).optional(),
  maxSelected: z.int().min(1).optional(),
})
const dateField = z.strictObject({
  ...base,
  kind: z.literal('date'),
  min: isoDateSchema.optional(),
  max: isoDateSchema.optional(),
  notFuture: z.boolean().default(false),
})
const idDocumentField = z.strictObject({
  ...base,
  kind: z.literal('id-document'),
  types: z
    .array(z.enum(ID_DOCUMENT_TYPES))
    .min(1)
    .default([...ID_DOCUMENT_TYPES]),
})
const phoneField = z.strictObject({
  ...base,
  kind: z.literal('phone'),
  accept: z.enum(['mobile', 'landline', 'any']).default('any'),
})
const emailField = z.strictObject({ ...base, kind: z.literal('email') })
const addressField = z.strictObject({ ...base, kind: z.literal('address') })
const fileField = z.strictObject({
  ...base,
  kind: z.literal('file'),
  maxBytes: z
    .int()
    .min(1)
    .max(50 * 1024 * 1024),
  accept: z.array(fileTypeSchema).min(1),
  maxFiles: z.int().min(1).max(20).default(1),
})
const consentField = z.strictObject({
  ...base,
  kind: z.literal('consent'),
  // A consent box is only worth asking when it must be ticked.
  required: z.literal(true).default(true),
  /** Notice shown above the box (e.g. the PIPL processing notice). */
  statement: i18nSchema.optional(),
})
const hiddenField = z.strictObject({
  ...base,
  kind: z.literal('hidden'),
  maxLength: z.int().min(1).max(1000).default(200),
  /** The renderer may copy this query parameter into the field. */
  prefill: z.strictObject({ query: z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/) }).optional(),
})

const leafFieldSchema = z.discriminatedUnion('kind', [
  textField,
  textareaField,
  choiceField,
  multiChoiceField,
  dateField,
  idDocumentField,
  phoneField,
  emailField,
  addressField,
  fileField,
  consentField,
  hiddenField,
])

const groupField = z.strictObject({
  ...base,
  kind: z.literal('group'),
  /** Nested fields; conditions may reference earlier siblings and earlier top-level fields. */
  fields: z.array(leafFieldSchema).min(1).max(50),
  min: z.int().min(0).max(50).optional(),
  max: z.int().min(1).max(50).default(10),
  itemLabel: i18nSchema.optional(),
})

const fieldSchema = z.discriminatedUnion('kind', [...leafFieldSchema.options, groupField])

/** A field that is not a group. */
export type LeafField = z.output<typeof leafFieldSchema>
/** Any field of a definition. */
export type Field = z.output<typeof fieldSchema>
/** The `kind` of a field. */
export type FieldKind = Field['kind']
/** A field of a given kind. */
export type FieldOfKind<K extends FieldKind> = Extract<Field, { kind: K }>

type Issue = { path: (string | number)[]; key: MessageKey; params: MessageParams }

/** Where a field name was declared: top level, or inside the named group. */
type Known = ReadonlyMap<string, { readonly groupName: string | undefined }>

function checkConditionRefs(
  condition: Condition,
  owner: Field,
  scope: ReadonlyMap<string, Field>,
  known: Known,
  ownerGroup: string | undefined,
  path: (string | number)[],
  report: (issue: Issue) => void,
): void {
  if (conditionDepth(condition) > MAX_CONDITION_DEPTH) {
    report({
      path,
      key: 'definition.condition_too_deep',
      params: { name: owner.name, max: MAX_CONDITION_DEPTH },
    })
    return
  }
  for (const leaf of conditionLeaves(condition)) {
    const [head = '', part] = leaf.field.split('.')
    const target = scope.get(head)
    if (target === undefined) {
      // A later field is a forward reference; a field nested in a group is invisible from outside it.
      const declared = known.get(head)
      const key =
        declared !== undefined && (declared.groupName === undefined || declared.groupName === ownerGroup)
          ? 'definition.forward_field_ref'
          : 'definition.unknown_field_ref'
      report({ path, key, params: { name: owner.name, ref: leaf.field } })
      continue
    }
    if (part !== undefined) {
      const parts: readonly string[] =
        target.kind === 'id-document' || target.kind === 'address' ? FIELD_PARTS[target.kind] : []
      if (!parts.includes(part)) {
        report({ path, key: 'definition.unknown_sub_ref', params: { name: owner.name, ref: leaf.field } })
        continue
      }
    }
    let allowed: readonly unknown[] | undefined
    if ((target.kind === 'choice' || target.kind === 'multi-choice') && part === undefined) {
      allowed = target.options.map((option) => option.value)
    } else if (target.kind === 'id-document' && part === 'type') {
      allowed = target.types
    } else if (target.kind === 'consent') {
      allowed = [true, false]
    }
    for (const value of leaf.values) {
      if (allowed !== undefined && !allowed.includes(value)) {
        report({
          path,
          key: 'definition.invalid_condition_value',
          params: { name: owner.name, ref: leaf.field, value: String(value) },
        })
      }
    }
  }
}

function checkField(field: Field, path: (string | number)[], report: (issue: Issue) => void): void {
  const minMax = (min: number | undefined, max: number | undefined): void => {
    if (min !== undefined && max !== undefined && min > max) {
      report({ path, key: 'definition.min_exceeds_max', params: { name: field.name } })
    }
  }
  switch (field.kind) {
    case 'text':
    case 'textarea':
      minMax(field.minLength, field.maxLength)
      break
    case 'date':
      if (field.min !== undefined && field.max !== undefined && field.min > field.max) {
        report({ path, key: 'definition.min_exceeds_max', params: { name: field.name } })
      }
      break
    case 'multi-choice':
      minMax(field.minSelected, field.maxSelected)
      minMax(field.minSelected, field.options.length)
      break
    case 'group':
      minMax(field.min, field.max)
      break
  }
  if (field.kind === 'choice' || field.kind === 'multi-choice') {
    const seen = new Set<string>()
    for (const option of field.options) {
      if (seen.has(option.value)) {
        report({
          path,
          key: 'definition.duplicate_option',
          params: { name: field.name, value: option.value },
        })
      }
      seen.add(option.value)
    }
  }
}

const definitionShape = z.strictObject({
  slug: z.string().regex(/^[a-z][a-z0-9-]{0,63}$/),
  version: z.int().min(1),
  title: i18nSchema,
  description: i18nSchema.optional(),
  pages: z
    .array(
      z.strictObject({
        id: z.string().regex(/^[a-z][a-z0-9-]{0,63}$/),
        title: i18nSchema,
        description: i18nSchema.optional(),
        fields: z.array(fieldSchema).min(1),
      }),
    )
    .min(1),
  /** Extra names to treat as personal information, on top of fields marked `pii: true`. */
  piiFields: z.array(nameSchema).optional(),
})

/** The meta-schema every form definition must satisfy. */
export const formDefinitionSchema = definitionShape.superRefine((definition, ctx) => {
  const report = ({ path, key, params }: Issue): void => {
    ctx.addIssue({ code: 'custom', path, message: formatMessage(key, params), params: { key } })
  }
  const pageIds = new Set<string>()
  const known = new Map<string, { groupName: string | undefined }>()
  definition.pages.forEach((page, p) => {
    if (pageIds.has(page.id))
      report({ path: ['pages', p, 'id'], key: 'definition.duplicate_page', params: { id: page.id } })
    pageIds.add(page.id)
    page.fields.forEach((field, f) => {
      const entries: [Field, (string | number)[], string | undefined][] = [
        [field, ['pages', p, 'fields', f], undefined],
      ]
      if (field.kind === 'group') {
        field.fields.forEach((child, c) => {
          entries.push([child, ['pages', p, 'fields', f, 'fields', c], field.name])
        })
      }
      for (const [entry, path, groupName] of entries) {
        if (known.has(entry.name)) {
          report({ path: [...path, 'name'], key: 'definition.duplicate_field', params: { name: entry.name } })
        } else {
          known.set(entry.name, { groupName })
        }
        checkField(entry, path, report)
      }
    })
  })
  if (known.size > MAX_FIELDS)
    report({ path: [], key: 'definition.too_many_fields', params: { max: MAX_FIELDS } })

  // Conditions may only look back: top-level fields see earlier top-level fields; nested fields also
  // see earlier siblings. That rules out cycles and lets each page be validated on its own.
  const topLevel = new Map<string, Field>()
  definition.pages.forEach((page, p) => {
    page.fields.forEach((field, f) => {
      const path = ['pages', p, 'fields', f]
      const checkOwn = (
        owner: Field,
        scope: ReadonlyMap<string, Field>,
        group: string | undefined,
        ownerPath: (string | number)[],
      ): void => {
        if (owner.visibleWhen !== undefined) {
          const at = [...ownerPath, 'visibleWhen']
          checkConditionRefs(owner.visibleWhen, owner, scope, known, group, at, report)
        }
        if (typeof owner.required === 'object') {
          checkConditionRefs(owner.required, owner, scope, known, group, [...ownerPath, 'required'], report)
        }
        if (owner.kind === 'choice' || owner.kind === 'multi-choice') {
          owner.options.forEach((option, o) => {
            if (option.visibleWhen === undefined) return
            const at = [...ownerPath, 'options', o, 'visibleWhen']
            checkConditionRefs(option.visibleWhen, owner, scope, known, group, at, report)
          })
        }
      }
      checkOwn(field, topLevel, undefined, path)
      if (field.kind === 'group') {
        const siblings = new Map(topLevel)
        field.fields.forEach((child, c) => {
          checkOwn(child, siblings, field.name, [...path, 'fields', c])
          siblings.set(child.name, child)
        })
      }
      topLevel.set(field.name, field)
    })
  })

  definition.piiFields?.forEach((name, i) => {
    if (!known.has(name))
      report({ path: ['piiFields', i], key: 'definition.unknown_pii_field', params: { name } })
  })
})

/** A validated form definition, defaults applied. */
export type FormDefinition = z.output<typeof formDefinitionSchema>
/** A form definition as authored (defaults may be omitted). */
export type FormDefinitionInput = z.input<typeof formDefinitionSchema>
/** One page of a definition. */
export type FormPage = FormDefinition['pages'][number]
