import { describe, expect, it } from 'vitest'
import {
  DUMMY_PASSWORD_HASH,
  hashPassword,
  PBKDF2_ITERATIONS,
  verifyPassword,
} from '../../../workers/auth/password'

describe('password hashing', () => {
  it('verifies the right password and rejects a wrong one', async () => {
    const hash = await hashPassword('correct horse battery staple')
    expect(await verifyPassword('correct horse battery staple', hash)).toBe(true)
    expect(await verifyPassword('correct horse battery stapler', hash)).toBe(false)
  })

  it('uses PBKDF2-SHA256 with at least 100k iterations and a per-user salt', async () => {
    const a = await hashPassword('same')
    const b = await hashPassword('same')
    expect(a).not.toBe(b)
    const [scheme, iterations] = a.split('$')
    expect(scheme).toBe('pbkdf2-sha256')
    expect(Number(iterations)).toBe(PBKDF2_ITERATIONS)
    expect(PBKDF2_ITERATIONS).toBeGreaterThanOrEqual(100_000)
  })

  it('treats malformed stored hashes and the dummy hash as non-matching', async () => {
    for (const stored of [
      '',
      'plain',
      'md5$1$a$b',
      'pbkdf2-sha256$abc$AA$AA',
      'pbkdf2-sha256$9999999$AA$AA',
    ]) {
      expect(await verifyPassword('x', stored)).toBe(false)
    }
    expect(await verifyPassword('', DUMMY_PASSWORD_HASH)).toBe(false)
  })
})
