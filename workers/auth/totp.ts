// The TOTP second factor (RFC 6238: HMAC-SHA1, 6 digits, 30 s steps) through `otpauth`: new secrets, the
// `otpauth://` URI, codes and their check. Imported on demand by the login and enrolment steps (services/mfa.ts);
// the rest of the second factor (./second-factor.ts) is re-exported here for scripts and tests.
import { HOTP, Secret, TOTP } from 'otpauth'
import {
  normaliseTotpCode,
  TOTP_DIGITS,
  TOTP_ISSUER,
  TOTP_PERIOD_S,
  TOTP_WINDOW,
  type TotpCheck,
  totpStep,
} from './second-factor'

export * from './second-factor'

/** A new random secret (160 bits, as RFC 4226 recommends), base32 as authenticator apps expect. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32
}

/** The `otpauth://` URI an authenticator app reads from the QR code. */
export function otpauthUri(secretBase32: string, username: string): string {
  return new TOTP({
    issuer: TOTP_ISSUER,
    label: username,
    secret: Secret.fromBase32(secretBase32),
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_S,
  }).toString()
}

/** The code of a secret at an instant (tests and the demo use it; the server only verifies). */
export function totpCode(secretBase32: string, now: number): string {
  return TOTP.generate({
    secret: Secret.fromBase32(secretBase32),
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_S,
    timestamp: now,
  })
}

/**
 * Check a code at `now` within ±TOTP_WINDOW steps. A code of a step at or before `lastStep` (the last one accepted)
 * is refused as a replay: each code works once, and an older one never after a newer one.
 */
export function checkTotp(
  secretBase32: string,
  input: string,
  now: number,
  lastStep: number | null,
): TotpCheck {
  const code = normaliseTotpCode(input)
  if (!code) return { ok: false, reason: 'invalid' }
  const counter = totpStep(now)
  const delta = HOTP.validate({
    token: code,
    secret: Secret.fromBase32(secretBase32),
    digits: TOTP_DIGITS,
    counter,
    window: TOTP_WINDOW,
  })
  if (delta === null) return { ok: false, reason: 'invalid' }
  const step = counter + delta
  if (lastStep !== null && step <= lastStep) return { ok: false, reason: 'replay' }
  return { ok: true, step }
}
