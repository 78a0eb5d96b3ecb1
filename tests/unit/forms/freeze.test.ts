import { describe, expect, it } from 'vitest'
import {
  canonicalJson,
  definitionHash,
  disclosureV1,
  freezeDefinition,
  parseDefinition,
} from '../../../forms'
import { sampleDefinition } from './fixtures'

// The published disclosure application v1. If this fails, the published definition changed:
// publish a new version (disclosure.v2.ts) instead of editing v1.
const DISCLOSURE_V1_HASH = '8bf835dff8b69aa7c2daff4074f63feb337e327d39d9cc14729d6daea98819f0'

function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys)
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([key, item]) => [key, reverseKeys(item)]),
    )
  }
  return value
}

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined properties', () => {
    expect(canonicalJson({ b: 1, a: [{ d: true, c: null }], e: undefined, f: '中' })).toBe(
      '{"a":[{"c":null,"d":true}],"b":1,"f":"中"}',
    )
  })

  it('refuses values JSON cannot carry', () => {
    expect(() => canonicalJson(Number.NaN)).toThrow(TypeError)
    expect(() => canonicalJson({ a: () => 1 })).toThrow(TypeError)
    expect(() => canonicalJson(10n)).toThrow(TypeError)
  })
})

describe('freezeDefinition and definitionHash', () => {
  it('pins the hash of the published disclosure application v1', async () => {
    expect(await definitionHash(disclosureV1)).toBe(DISCLOSURE_V1_HASH)
  })

  it('does not depend on key order', async () => {
    expect(await definitionHash(reverseKeys(disclosureV1))).toBe(await definitionHash(disclosureV1))
  })

  it('treats an omitted default and the explicit default alike', async () => {
    const explicit = parseDefinition(sampleDefinition())
    expect(await definitionHash(explicit)).toBe(await definitionHash(sampleDefinition()))
  })

  it('changes when any wording changes', async () => {
    const edited = structuredClone(sampleDefinition())
    edited.title = { 'zh-CN': '示例表单（修订）' }
    expect(await definitionHash(edited)).not.toBe(await definitionHash(sampleDefinition()))
  })

  it('round-trips through the stored JSON to the same hash', async () => {
    const frozen = await freezeDefinition(disclosureV1)
    expect(frozen.hash).toMatch(/^[0-9a-f]{64}$/)
    const reloaded = await freezeDefinition(JSON.parse(frozen.json))
    expect(reloaded.hash).toBe(frozen.hash)
    expect(reloaded.json).toBe(frozen.json)
  })

  it('deep-freezes the definition it returns', async () => {
    const { definition } = await freezeDefinition(disclosureV1)
    expect(Object.isFrozen(definition)).toBe(true)
    expect(Object.isFrozen(definition.pages[0]?.fields[0]?.label)).toBe(true)
    expect(() => {
      ;(definition.pages[0]!.title as Record<string, string>)['zh-CN'] = '篡改'
    }).toThrow(TypeError)
  })

  it('does not freeze the caller’s object', async () => {
    const input = sampleDefinition()
    await freezeDefinition(input)
    expect(Object.isFrozen(input)).toBe(false)
  })
})
