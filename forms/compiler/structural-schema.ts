// The JSON shape of a submission as zod (types only, unknown keys rejected), annotated for JSON Schema.
import * as z from 'zod'
import type { Field } from '../definition/meta-schema'
import { localise } from '../i18n'

/** Registry of JSON Schema annotations, private to one compiled form. */
export type SchemaNotes = z.core.$ZodRegistry<Record<string, unknown>>

/** The JSON-shaped input object of a set of fields. */
export type InputSchema = z.ZodObject<Record<string, z.ZodOptional<z.ZodType>>, z.core.$strict>

// Structural caps keep absurd payloads cheap to reject; the definition's own limits are rule issues.
const MAX_ITEMS = 50

function annotate<T extends z.ZodType>(schema: T, notes: SchemaNotes, meta: Record<string, unknown>): T {
  notes.add(schema, meta)
  return schema
}

function alwaysRequired(fields: readonly Field[]): string[] {
  return fields
    .filter((field) => field.required === true && field.visibleWhen === undefined)
    .map((f) => f.name)
}

function fieldNotes(field: Field, locale: string): Record<string, unknown> {
  const notes: Record<string, unknown> = { title: localise(field.label, locale) }
  if (field.help !== undefined) notes.description = localise(field.help, locale)
  if (field.pii) notes['x-pii'] = true
  if (field.visibleWhen !== undefined) notes['x-visibleWhen'] = field.visibleWhen
  if (typeof field.required === 'object') notes['x-requiredWhen'] = field.required
  return notes
}

function fieldShape(field: Field, notes: SchemaNotes, locale: string): z.ZodType {
  const base = fieldNotes(field, locale)
  switch (field.kind) {
    case 'text': {
      const limits =
        field.format === 'uscc' ? {} : field.format === 'postcode' ? {} : { maxLength: field.maxLength }
      const format =
        field.format === 'plain' || field.format === 'name'
          ? {}
          : field.format === 'url'
            ? { format: 'uri' }
            : { 'x-format': field.format }
      return annotate(z.string(), notes, { ...base, ...limits, ...format })
    }
    case 'textarea':
    case 'hidden':
      return annotate(z.string(), notes, { ...base, maxLength: field.maxLength })
    case 'choice':
      return annotate(z.string(), notes, { ...base, enum: field.options.map((option) => option.value) })
    case 'multi-choice': {
      const item = annotate(z.string(), notes, { enum: field.options.map((option) => option.value) })
      return annotate(z.array(item).max(MAX_ITEMS * 4), notes, { ...base, uniqueItems: true })
    }
    case 'date':
      return annotate(z.string(), notes, { ...base, format: 'date' })
    case 'phone':
      return annotate(z.string(), notes, { ...base, 'x-format': 'phone' })
    case 'email':
      return annotate(z.string(), notes, { ...base, format: 'email' })
    case 'id-document': {
      const type = annotate(z.string(), notes, { enum: [...field.types] })
      const shape = z.strictObject({ type: type.optional(), number: z.string().optional() })
      return annotate(shape, notes, { ...base, required: ['type', 'number'] })
    }
    case 'address': {
      const optional = z.string().optional()
      const shape = z.strictObject({ region: optional, detail: optional, postcode: optional })
      return annotate(shape, notes, { ...base, required: ['region', 'detail'] })
    }
    case 'file': {
      const list = z.array(z.string()).max(MAX_ITEMS)
      return annotate(list, notes, {
        ...base,
        maxItems: field.maxFiles,
        'x-accept': field.accept,
        'x-maxBytes': field.maxBytes,
      })
    }
    case 'consent':
      return annotate(z.boolean(), notes, field.required ? { ...base, const: true } : base)
    case 'group': {
      const item = buildInputSchema(field.fields, notes, locale)
      const min = field.min ?? (field.required === true ? 1 : undefined)
      return annotate(z.array(item).max(MAX_ITEMS), notes, {
        ...base,
        maxItems: field.max,
        ...(min !== undefined ? { minItems: min } : {}),
      })
    }
  }
}

/**
 * A strict zod object with every field optional, so a missing answer surfaces as a rule issue with a
 * proper message; the JSON Schema still lists fields that are always required.
 */
export function buildInputSchema(fields: readonly Field[], notes: SchemaNotes, locale: string): InputSchema {
  const shape: Record<string, z.ZodOptional<z.ZodType>> = {}
  for (const field of fields) shape[field.name] = fieldShape(field, notes, locale).optional()
  const required = alwaysRequired(fields)
  return annotate(z.strictObject(shape), notes, required.length > 0 ? { required } : {})
}
