// The optional proof-of-work: per agency, signed with the deployment secret, expiring on the request clock, and
// on the HTML flow bound to one form token.
import { solveChallenge } from 'altcha-lib/v1'
import { describe, expect, it } from 'vitest'
import { AppError } from '../../../workers/errors'
import {
  apiChallenge,
  POW_MAX_NUMBER,
  powChallenge,
  powRequired,
  powSolved,
} from '../../../workers/services/proof-of-work'

const SECRET = 'unit-test-secret-0123456789abcdef0123456789'
const T0 = Date.parse('2026-11-20T10:00:00+08:00')
const ON = { settings: JSON.stringify({ proofOfWork: true }) }
const OFF = { settings: JSON.stringify({}) }

/** Solve a challenge as the browser does and encode the payload it posts. */
async function solved(challengeJson: string): Promise<string> {
  const c = JSON.parse(challengeJson) as {
    algorithm: string
    challenge: string
    salt: string
    signature: string
  }
  const solution = await solveChallenge(c.challenge, c.salt, c.algorithm, 50_000).promise
  const { algorithm, challenge, salt, signature } = c
  return btoa(JSON.stringify({ algorithm, challenge, number: solution!.number, salt, signature }))
}

describe('proof-of-work', () => {
  it('is off unless the agency turned it on (also for unreadable settings)', async () => {
    expect(powRequired(OFF)).toBe(false)
    expect(powRequired({ settings: 'not json' })).toBe(false)
    expect(powRequired({ settings: JSON.stringify({ proofOfWork: 'yes' }) })).toBe(false)
    expect(await powChallenge({ secret: SECRET, now: T0 }, OFF)).toBeNull()
    expect(await powSolved({ secret: SECRET, now: T0 }, OFF, '')).toBe(true)
    await expect(apiChallenge({ secret: SECRET, now: T0 }, OFF)).rejects.toMatchObject({ code: 'not_found' })
    await expect(apiChallenge({ secret: SECRET, now: T0 }, OFF)).rejects.toBeInstanceOf(AppError)
  })

  // One solve (about 25,000 digests) for the whole file: the API's own round trip is in the integration tests.
  it('accepts a solution within 30 minutes by the request clock, only for the form token it is bound to', async () => {
    const deps = { secret: SECRET, now: T0 }
    const payload = await solved((await powChallenge(deps, ON, 'nonce-a'))!)
    expect(await powSolved({ ...deps, now: T0 + 29 * 60_000 }, ON, payload, 'nonce-a')).toBe(true)
    expect(await powSolved({ ...deps, now: T0 + 31 * 60_000 }, ON, payload, 'nonce-a')).toBe(false)
    expect(await powSolved(deps, ON, payload, 'nonce-b')).toBe(false)
    // Not as an (unbound) API solution either, and not under another deployment secret.
    expect(await powSolved(deps, ON, payload)).toBe(false)
    expect(await powSolved({ ...deps, secret: `${SECRET}-other` }, ON, payload, 'nonce-a')).toBe(false)
  })

  it('refuses an empty, oversized or unreadable payload', async () => {
    const deps = { secret: SECRET, now: T0 }
    expect(await powSolved(deps, ON, '')).toBe(false)
    expect(await powSolved(deps, ON, 'not base64 json')).toBe(false)
    expect(await powSolved(deps, ON, 'x'.repeat(2001))).toBe(false)
  })

  it('gives the JSON API an unbound challenge of the same difficulty, expiring in 30 minutes', async () => {
    const challenge = JSON.parse(await apiChallenge({ secret: SECRET, now: T0 }, ON)) as {
      maxnumber: number
      salt: string
    }
    expect(challenge.maxnumber).toBe(POW_MAX_NUMBER)
    const params = new URLSearchParams(challenge.salt.split('?')[1])
    expect(params.get('bind')).toBe('api')
    expect(Number(params.get('expires')) * 1000).toBe(T0 + 30 * 60_000)
  })
})
