// The one canonical JSON and hash: pinned by test vectors, so that existing audit-chain hashes and published
// definition hashes never change when the code around them does.
import { describe, expect, it } from 'vitest'
import { eventHash } from '../../../workers/services/case-store'
import { canonicalJson, deepFreeze, sha256Hex } from '../../../workflows/support/canonical'

describe('canonical JSON', () => {
  it('sorts keys, drops undefined members and writes undefined array items as null', () => {
    expect(canonicalJson({ b: [1, undefined, 'x'], a: { z: null, y: undefined } })).toBe(
      '{"a":{"z":null},"b":[1,null,"x"]}',
    )
  })

  it.each([Number.NaN, Number.POSITIVE_INFINITY, () => 1, Symbol('x'), 1n])('refuses %s', (value) => {
    expect(() => canonicalJson(value)).toThrow(TypeError)
  })
})

describe('hashes stay what they were', () => {
  it('hashes an audit-chain event exactly as before the modules were merged (test vector)', async () => {
    const fields = {
      id: 'ev-1',
      agencyId: 'agency-demo',
      caseId: 'case-1',
      seq: 1,
      chainSeq: 7,
      action: 'confirm-receipt',
      actorId: 'user-demo-registrar',
      actorKind: 'staff',
      fromState: 'submitted',
      toState: 'received',
      payload: JSON.stringify({ receivedOn: '2026-03-02', channel: 'online', note: '中文，“引号”' }),
      at: 1772416800000,
      prevHash: 'a'.repeat(64),
    }
    expect(await eventHash(fields)).toBe('04a545f0722c4a5df9a692a5d3e0c9c72d17c2f8a671b511dc4db932488b61db')
  })

  it('hashes strings and bytes alike', async () => {
    expect(await sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
    expect(await sha256Hex(new Uint8Array([0x61, 0x62, 0x63]))).toBe(await sha256Hex('abc'))
  })
})

describe('deepFreeze', () => {
  it('freezes nested objects and arrays', () => {
    const value = deepFreeze({ a: { b: [1, { c: 2 }] } })
    expect(Object.isFrozen(value.a.b[1])).toBe(true)
  })
})
