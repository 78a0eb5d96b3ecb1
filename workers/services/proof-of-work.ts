// Self-hosted proof-of-work (ALTCHA v1 format via altcha-lib): per agency and off by default because it needs
// JavaScript, and switched on for a form automatically while it is under pressure. On the HTML flow a challenge is
// bound to the page's form token; every solution is single-use (spent in D1 until its challenge expires).

import { createChallenge, extractParams, verifySolution } from 'altcha-lib/v1'
import type { Db } from '../../db/client'
import { spentTokens } from '../../db/schema'
import { AppError } from '../errors'
import { messages } from '../i18n/zh-CN'
import { parseAgencySettings } from './agency-settings'
import type { AgencyRow } from './forms'

/** Difficulty: about 25,000 SHA-256 hashes on average, well under a second in a browser. */
export const POW_MAX_NUMBER = 50_000
const CHALLENGE_TTL_MS = 30 * 60_000
/** What an unbound (JSON API) challenge is bound to. */
const API_BINDING = 'api'
const MAX_PAYLOAD_LENGTH = 2000

export interface PowDeps {
  /** The deployment secret (a derived key signs the challenges). */
  secret: string
  now: number
}

/** Whether a challenge is required: the agency turned it on, or its form is under pressure right now. */
export function powRequired(agency: Pick<AgencyRow, 'settings'>, underPressure = false): boolean {
  return underPressure || parseAgencySettings(agency.settings).proofOfWork === true
}

function hmacKey(secret: string): string {
  return `${secret}:pow`
}

/**
 * A fresh challenge as JSON, signed and valid 30 minutes, or null when the agency does not require one. `bind`
 * is the form token's nonce on the HTML flow; empty for the JSON API.
 */
export async function powChallenge(
  deps: PowDeps,
  agency: Pick<AgencyRow, 'settings'>,
  bind = '',
  underPressure = false,
): Promise<string | null> {
  if (!powRequired(agency, underPressure)) return null
  const challenge = await createChallenge({
    hmacKey: hmacKey(deps.secret),
    maxnumber: POW_MAX_NUMBER,
    expires: new Date(deps.now + CHALLENGE_TTL_MS),
    params: { bind: bind || API_BINDING },
  })
  return JSON.stringify(challenge)
}

/** `GET …/challenge` of the JSON API: a challenge, or 404 when the agency does not use proof-of-work. */
export async function apiChallenge(
  deps: PowDeps,
  agency: Pick<AgencyRow, 'settings'>,
  underPressure = false,
): Promise<string> {
  const challenge = await powChallenge(deps, agency, '', underPressure)
  if (!challenge) throw new AppError('not_found', { message: messages.form.powNotEnabled })
  return challenge
}

/** Whether `payload` solves an unexpired challenge of ours bound to `bind` (always true when not required). */
export async function powSolved(
  deps: PowDeps,
  agency: Pick<AgencyRow, 'settings'>,
  payload: string,
  bind = '',
  underPressure = false,
): Promise<boolean> {
  if (!powRequired(agency, underPressure)) return true
  if (!payload || payload.length > MAX_PAYLOAD_LENGTH) return false
  try {
    // Expiry is checked against the request clock (the library would read the wall clock).
    if (!(await verifySolution(payload, hmacKey(deps.secret), false))) return false
    const params = extractParams(payload)
    const expires = Number(params.expires)
    return params.bind === (bind || API_BINDING) && Number.isFinite(expires) && expires * 1000 >= deps.now
  } catch {
    return false
  }
}

/**
 * Spend a verified solution: true the first time, false for a replay. Keyed by the challenge itself (not the
 * payload's spelling), kept until the challenge would have expired anyway.
 */
export async function spendPowSolution(db: Db, payload: string, now: number): Promise<boolean> {
  let challenge: unknown
  let expires = Number.NaN
  try {
    challenge = (JSON.parse(atob(payload)) as { challenge?: unknown }).challenge
    expires = Number(extractParams(payload).expires) * 1000
  } catch {
    return false
  }
  if (typeof challenge !== 'string' || !challenge) return false
  const spent = await db
    .insert(spentTokens)
    .values({
      key: `pow:${challenge}`,
      expiresAt: Number.isFinite(expires) ? expires : now + CHALLENGE_TTL_MS,
    })
    .onConflictDoNothing()
    .returning({ key: spentTokens.key })
    .get()
  return spent !== undefined
}
