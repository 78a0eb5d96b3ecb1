// Canonical JSON and SHA-256 of a definition, so a published version is stored and shown byte for byte.
import type { FormDefinition, FormDefinitionInput } from './meta-schema'
import { parseDefinition } from './parse-definition'

/**
 * JSON with object keys sorted by UTF-16 code units and no whitespace (the RFC 8785 shape for the
 * values definitions hold). `undefined` properties are dropped; non-JSON values throw.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('canonicalJson: non-finite number')
    return JSON.stringify(value)
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`
  }
  throw new TypeError(`canonicalJson: cannot encode ${typeof value}`)
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('')
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const item of Object.values(value)) deepFreeze(item)
  }
  return value
}

/** A definition fixed for publication: the parsed data (deep-frozen), its canonical JSON and hash. */
export interface FrozenDefinition {
  readonly definition: FormDefinition
  readonly json: string
  /** Lower-case hex SHA-256 of `json`. */
  readonly hash: string
}

/**
 * Parses (applying defaults, so an omitted default and an explicit one hash alike), canonicalises and
 * hashes a definition. Store `json` and `hash`; re-freezing the stored JSON must give the same hash.
 */
export async function freezeDefinition(input: FormDefinitionInput | unknown): Promise<FrozenDefinition> {
  const definition = parseDefinition(input)
  const json = canonicalJson(definition)
  return { definition: deepFreeze(definition), json, hash: await sha256Hex(json) }
}

/** The SHA-256 (hex) of a definition's canonical JSON, after parsing and applying defaults. */
export async function definitionHash(input: FormDefinitionInput | unknown): Promise<string> {
  return (await freezeDefinition(input)).hash
}
