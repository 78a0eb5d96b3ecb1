// The second factor's rules that need no TOTP arithmetic: who must have one, its parameters, the secret sealed at
// rest, typed codes normalised, and the single-use recovery codes. The codes themselves (otpauth) are in ./totp.ts,
// which the login and enrolment steps import on demand (a separate module of the Worker: scripts/worker-build.ts).
// The clock, the secret and the last accepted step are arguments; nothing here touches D1.
import type { PlatformRole, Role } from '../../db/schema'
import { randomBytes, sha256Hex } from '../lib/crypto'
import { decryptPii, encryptPii, type PiiKeyring } from '../lib/pii'

export const TOTP_PERIOD_S = 30
export const TOTP_DIGITS = 6
/** Codes of the step before and after the current one are accepted too (clock drift, a code typed late). */
export const TOTP_WINDOW = 1
export const TOTP_ISSUER = '政务公开平台'
export const RECOVERY_CODE_COUNT = 10

/** Roles whose accounts must have a second factor (等保 level 3: the admin, the auditor, the platform operator). */
export const MFA_REQUIRED_ROLES: readonly Role[] = ['admin', 'auditor']

export function mfaRequiredFor(roles: readonly { role: Role }[], platformRole: PlatformRole | null): boolean {
  return platformRole === 'operator' || roles.some((r) => MFA_REQUIRED_ROLES.includes(r.role))
}

const secretAad = (userId: string) => `totp:${userId}`

/** The secret as stored in users.totp_secret: AES-GCM under the personal-data keys, bound to the user's id. */
export async function sealTotpSecret(ring: PiiKeyring, userId: string, secret: string): Promise<string> {
  const { keyId, ciphertext } = await encryptPii(ring, secret, secretAad(userId))
  return `${keyId}.${ciphertext}`
}

export async function openTotpSecret(ring: PiiKeyring, userId: string, stored: string): Promise<string> {
  const dot = stored.indexOf('.')
  return decryptPii<string>(ring, stored.slice(0, dot), stored.slice(dot + 1), secretAad(userId))
}

/** The time step of an instant (ms). */
export function totpStep(now: number): number {
  return Math.floor(now / 1000 / TOTP_PERIOD_S)
}

/** A typed code with spaces removed; null when it is not six digits. */
export function normaliseTotpCode(input: string): string | null {
  const code = input.replace(/[\s\u3000-]/g, '')
  return /^\d{6}$/.test(code) ? code : null
}

export type TotpCheck = { ok: true; step: number } | { ok: false; reason: 'invalid' | 'replay' }

/** 32 symbols without look-alikes (no i, l, o, 1): five bits each. */
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz023456789'

/** One recovery code: 16 characters (80 bits) in groups of four, e.g. `k7mq-2xv9-…`. */
export function newRecoveryCode(): string {
  const bytes = randomBytes(16)
  let out = ''
  for (let i = 0; i < 16; i++) {
    out += RECOVERY_ALPHABET[bytes[i]! & 31]
    if (i % 4 === 3 && i < 15) out += '-'
  }
  return out
}

export function newRecoveryCodes(n = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: n }, newRecoveryCode)
}

/** A typed recovery code in its stored form (lower case, no separators); null when it cannot be one. */
export function normaliseRecoveryCode(input: string): string | null {
  const code = input.toLowerCase().replace(/[\s\u3000-]/g, '')
  return code.length === 16 && [...code].every((ch) => RECOVERY_ALPHABET.includes(ch)) ? code : null
}

/** What is stored of a recovery code: its SHA-256 (the codes are random and long, so no slow hash is needed). */
export function recoveryCodeHash(normalised: string): Promise<string> {
  return sha256Hex(`mfa-recovery:${normalised}`)
}
