import { describe, expect, it } from 'vitest'
import {
  checkTotp,
  mfaRequiredFor,
  newRecoveryCodes,
  newTotpSecret,
  normaliseRecoveryCode,
  otpauthUri,
  recoveryCodeHash,
  totpCode,
  totpStep,
} from '../../../workers/auth/totp'

// RFC 6238 Appendix B: the SHA-1 test secret "12345678901234567890" (base32 below) at T = 59 s gives 94287082
// (8 digits); its last 6 digits are the 6-digit code.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'

describe('TOTP codes (RFC 6238)', () => {
  it('matches the RFC test vectors', () => {
    expect(totpCode(RFC_SECRET, 59_000)).toBe('287082')
    expect(totpCode(RFC_SECRET, 1_111_111_109_000)).toBe('081804')
    expect(totpCode(RFC_SECRET, 1_234_567_890_000)).toBe('005924')
  })

  it('accepts the codes of the step before and after, and no further', () => {
    const secret = newTotpSecret()
    const now = 1_800_000_015_000
    const step = totpStep(now)
    for (const d of [-1, 0, 1]) {
      expect(checkTotp(secret, totpCode(secret, now + d * 30_000), now, null)).toEqual({
        ok: true,
        step: step + d,
      })
    }
    for (const d of [-3, -2, 2, 3]) {
      expect(checkTotp(secret, totpCode(secret, now + d * 30_000), now, null)).toEqual({
        ok: false,
        reason: 'invalid',
      })
    }
  })

  it('refuses a replayed code and any code of an earlier step once a later one was used', () => {
    const secret = newTotpSecret()
    const now = 1_800_000_015_000
    const first = checkTotp(secret, totpCode(secret, now), now, null)
    expect(first.ok).toBe(true)
    const last = first.ok ? first.step : 0
    expect(checkTotp(secret, totpCode(secret, now), now + 5_000, last)).toEqual({
      ok: false,
      reason: 'replay',
    })
    expect(checkTotp(secret, totpCode(secret, now - 30_000), now, last)).toEqual({
      ok: false,
      reason: 'replay',
    })
    expect(checkTotp(secret, totpCode(secret, now + 30_000), now + 30_000, last)).toEqual({
      ok: true,
      step: last + 1,
    })
  })

  it('reads a code typed with spaces and refuses anything but six digits', () => {
    const secret = newTotpSecret()
    const now = 1_800_000_015_000
    const code = totpCode(secret, now)
    expect(checkTotp(secret, `${code.slice(0, 3)} ${code.slice(3)}`, now, null).ok).toBe(true)
    for (const bad of ['', '12345', '1234567', 'abcdef', `${code}0`]) {
      expect(checkTotp(secret, bad, now, null)).toEqual({ ok: false, reason: 'invalid' })
    }
  })

  it('puts issuer, account and secret into the otpauth URI', () => {
    const uri = new URL(otpauthUri('JBSWY3DPEHPK3PXP', 'demo-admin'))
    expect(uri.protocol).toBe('otpauth:')
    expect(uri.searchParams.get('secret')).toBe('JBSWY3DPEHPK3PXP')
    expect(uri.searchParams.get('digits')).toBe('6')
    expect(uri.searchParams.get('period')).toBe('30')
    expect(decodeURIComponent(uri.pathname)).toContain('demo-admin')
  })
})

describe('recovery codes', () => {
  it('are ten distinct 80-bit codes whose hash is all that is kept', async () => {
    const codes = newRecoveryCodes()
    expect(codes).toHaveLength(10)
    expect(new Set(codes).size).toBe(10)
    for (const c of codes) expect(c).toMatch(/^[a-z0-9]{4}(-[a-z0-9]{4}){3}$/)
    const normal = normaliseRecoveryCode(codes[0]!)!
    expect(normaliseRecoveryCode(` ${codes[0]!.toUpperCase().replace(/-/g, ' ')} `)).toBe(normal)
    const hash = await recoveryCodeHash(normal)
    expect(hash).toMatch(/^[0-9a-f]{64}$/)
    expect(hash).not.toContain(normal)
    expect(normaliseRecoveryCode('123456')).toBeNull()
    expect(normaliseRecoveryCode('iiii-llll-oooo-1111')).toBeNull()
  })
})

describe('who must have a second factor', () => {
  it('is the admin, the auditor and the platform operator; optional for the rest', () => {
    expect(mfaRequiredFor([{ role: 'admin' }], null)).toBe(true)
    expect(mfaRequiredFor([{ role: 'auditor' }], null)).toBe(true)
    expect(mfaRequiredFor([], 'operator')).toBe(true)
    expect(mfaRequiredFor([{ role: 'handler' }, { role: 'registrar' }], null)).toBe(false)
  })
})
