// Turns application/x-www-form-urlencoded pairs into the typed shape the JSON API accepts.
import { FIELD_PARTS, type Field } from '../definition/meta-schema'
import { own } from './run-fields'

/** A decoded form body: each key maps to its value, or all its values when repeated. */
export type FormInput = Readonly<Record<string, string | readonly string[]>>

const MAX_GROUP_INDEX = 49
const CHECKED = new Set(['on', 'true', '1', 'yes'])
const UNCHECKED = new Set(['', 'off', 'false', '0', 'no'])

function list(raw: unknown): unknown {
  if (raw === undefined) return undefined
  if (typeof raw === 'string') return [raw]
  return raw
}

function consent(raw: unknown): unknown {
  if (typeof raw !== 'string') return raw
  const value = raw.trim().toLowerCase()
  if (CHECKED.has(value)) return true
  if (UNCHECKED.has(value)) return false
  return raw
}

function groupItems(name: string, input: Readonly<Record<string, unknown>>): Record<string, unknown>[] {
  const items: Record<string, unknown>[] = []
  const pattern = /^(\d{1,2})\]\.([a-z][A-Za-z0-9]*(?:\.[a-z][A-Za-z0-9]*)?)$/
  const prefix = `${name}[`
  for (const key of Object.keys(input)) {
    if (!key.startsWith(prefix)) continue
    const match = pattern.exec(key.slice(prefix.length))
    if (!match) continue
    const index = Number(match[1])
    if (index > MAX_GROUP_INDEX) continue
    while (items.length <= index) items.push({})
    items[index]![match[2]!] = input[key]
  }
  return items
}

/**
 * Coerces form pairs for `fields` into typed answers. Keys: `name` for simple fields; `name.part` for
 * composites (`idDocument.type`, `postalAddress.detail`); `group[i].name` and `group[i].name.part` for
 * group rows (i ≤ 49); a repeated key for multi-choice and files; a checkbox reads `on`/`true`/`1`/`yes`
 * as ticked. Keys the definition does not know (CSRF token, navigation buttons) are ignored.
 */
export function coerceFormInput(fields: readonly Field[], input: unknown): Record<string, unknown> {
  const source = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {}
  const out: Record<string, unknown> = {}
  for (const field of fields) {
    let value: unknown
    switch (field.kind) {
      case 'id-document':
      case 'address': {
        const parts: Record<string, unknown> = {}
        for (const part of FIELD_PARTS[field.kind]) {
          const raw = own(source, `${field.name}.${part}`)
          if (raw !== undefined) parts[part] = raw
        }
        value = Object.keys(parts).length > 0 ? parts : undefined
        break
      }
      case 'multi-choice':
      case 'file':
        value = list(own(source, field.name))
        break
      case 'consent':
        value = consent(own(source, field.name))
        break
      case 'group': {
        const items = groupItems(field.name, source).map((item) => coerceFormInput(field.fields, item))
        value = items.length > 0 ? items : undefined
        break
      }
      default:
        value = own(source, field.name)
    }
    if (value !== undefined) out[field.name] = value
  }
  return out
}
