// The citizen flow's signed values. One-time form tokens (`issuedAt.nonce.mac`, signed for one agency's form) carry
// the HTML flow without a cookie, enforce the minimum fill time on submit, and their nonce becomes the
// submission's idempotency key. Receipt link keys let the applicant reopen their receipt.
import { hmacSha256, randomToken, timingSafeEqual, toBase64Url } from '../lib/crypto'

/** Minimum time between showing a form and accepting it: bots post instantly, people do not. */
export const MIN_FILL_MS = 3_000
const MAX_TOKEN_AGE_MS = 24 * 3_600_000
/** Tolerated clock skew for a token that claims to come from the future. */
const MAX_SKEW_MS = 60_000
const MAX_NONCE_LENGTH = 40

async function mac(secret: string, message: string): Promise<string> {
  return toBase64Url(await hmacSha256(secret, message))
}

/** A new token for the form identified by `scope` (agency and form). */
export async function issueFormToken(secret: string, scope: string, now: number): Promise<string> {
  const nonce = randomToken(16)
  const body = `${now.toString(36)}.${nonce}`
  return `${body}.${await mac(secret, `${scope}|${body}`)}`
}

/** The nonce part of a form token (unverified; for binding a challenge to the token shown on the page). */
export function tokenNonce(token: string): string {
  return token.split('.')[1]?.slice(0, MAX_NONCE_LENGTH) ?? ''
}

export type TokenCheck =
  | { ok: true; nonce: string }
  | { ok: false; reason: 'invalid' | 'too_fast' | 'expired' }

/** Verify a form token; `minFill` applies the minimum fill time (on the final submit, not between pages). */
export async function checkFormToken(
  secret: string,
  scope: string,
  token: string,
  now: number,
  options: { minFill: boolean },
): Promise<TokenCheck> {
  const [issued, nonce, signature] = token.split('.')
  if (!issued || !nonce || !signature || nonce.length > MAX_NONCE_LENGTH)
    return { ok: false, reason: 'invalid' }
  if (!timingSafeEqual(signature, await mac(secret, `${scope}|${issued}.${nonce}`)))
    return { ok: false, reason: 'invalid' }
  const issuedAt = Number.parseInt(issued, 36)
  if (!Number.isFinite(issuedAt) || issuedAt > now + MAX_SKEW_MS) return { ok: false, reason: 'invalid' }
  if (options.minFill && now - issuedAt < MIN_FILL_MS) return { ok: false, reason: 'too_fast' }
  if (now - issuedAt > MAX_TOKEN_AGE_MS) return { ok: false, reason: 'expired' }
  return { ok: true, nonce }
}

/** The receipt link's key: an HMAC of the reference (unguessable; the query code never appears in a URL). */
export function receiptKey(secret: string, reference: string): Promise<string> {
  return mac(secret, `receipt|${reference}`)
}
