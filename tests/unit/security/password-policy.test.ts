// Staff passwords: 12 characters at least, and nothing an attacker tries first.
import { describe, expect, it } from 'vitest'
import { passwordProblem } from '../../../workers/auth/password-policy'

describe('password policy', () => {
  it.each([
    ['short1!', 'too_short'],
    ['elevenchars', 'too_short'],
    ['密码密码密码密码密码密', 'too_short'],
    ['password1234', 'common'],
    ['Password1234', 'common'],
    ['P@ssw0rd2026!', 'common'],
    ['admin@123456', 'common'],
    ['Admin12345678', 'common'],
    ['woaini1314520', 'common'],
    ['qwertyuiopas', 'common'],
    ['abcdefghijkl', 'common'],
    ['rty987654321', 'common'],
    ['123456789012', 'common'],
    ['202620262026', 'common'],
    ['aaaaaaaaaaaa', 'common'],
    ['abababababab', 'common'],
    ['1qaz2wsx3edc', 'common'],
    ['zhengwu@2026!', 'common'],
  ])('refuses %s (%s)', (password, problem) => {
    expect(passwordProblem(password, 'demo-handler')).toBe(problem)
  })

  it('refuses a password containing the username', () => {
    expect(passwordProblem('xian-clerk-Spring!7', 'xian-clerk')).toBe('contains_username')
  })

  it.each([
    'demo-pass-2026',
    'a-long-enough-password',
    'correct horse battery staple',
    'Fgh-2026-xyz-9',
    '春眠不觉晓处处闻啼鸟夜来风雨声',
  ])('accepts %s', (password) => {
    expect(passwordProblem(password, 'demo-handler')).toBeNull()
  })
})
