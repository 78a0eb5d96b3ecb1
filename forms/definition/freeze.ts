// Canonical JSON and SHA-256 of a definition, so a published version is stored and shown byte for byte.
import { canonicalJson, deepFreeze, sha256Hex } from '../../workflows/support/canonical'
import type { FormDefinition, FormDefinitionInput } from './meta-schema'
import { parseDefinition } from './parse-definition'

export { canonicalJson }

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
