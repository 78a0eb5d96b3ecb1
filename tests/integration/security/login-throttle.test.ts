// Login throttling an attacker cannot turn against the real user: wrong passwords from elsewhere never lock the
// user out of their own address, while guessing slows down per address, per username and address, and per username.
import { describe, expect, it } from 'vitest'
import { DEFAULT_DEMO_PASSWORD } from '../../../db/seed/demo'
import { LOGIN_THROTTLE } from '../../../workers/auth/login'
import { call, json } from '../helpers'

function login(username: string, password: string, ip: string, now: number) {
  return call(
    '/api/v1/auth/login',
    json({ username, password }, { headers: { 'cf-connecting-ip': ip, 'x-test-now': String(now) } }),
  )
}

describe('login throttling', () => {
  it('five wrong passwords from anywhere do not lock the real user out', async () => {
    const t0 = Date.UTC(2030, 0, 1)
    const attempts: number[] = []
    for (let i = 0; i < 5; i++)
      attempts.push((await login('demo-registrar', `w-${i}`, '203.0.113.66', t0)).status)
    for (let i = 0; i < 5; i++) {
      attempts.push((await login('demo-registrar', `w-${i}`, `203.0.113.${70 + i}`, t0)).status)
    }
    // The attacker's own address soon has to wait; nobody else does.
    expect(attempts).toEqual([401, 401, 401, 429, 429, 401, 401, 401, 401, 401])
    // The real user, from their own address, at the same instant.
    expect((await login('demo-registrar', DEFAULT_DEMO_PASSWORD, '198.51.100.5', t0)).status).toBe(200)
  })

  it('slows a username guessed from many addresses, but not for an address the user works from', async () => {
    const t0 = Date.UTC(2030, 1, 1)
    // The user worked from their office address earlier.
    expect((await login('demo-approver', DEFAULT_DEMO_PASSWORD, '198.51.100.9', t0)).status).toBe(200)
    const attack = t0 + 60_000
    const guesses: number[] = []
    for (let i = 0; i < 30; i++) {
      guesses.push((await login('demo-approver', `guess-${i}`, `192.0.2.${i + 1}`, attack)).status)
    }
    // After the free failures every further guess, from whatever address, waits.
    const free = LOGIN_THROTTLE.usernameFreeFailures
    expect(guesses).toEqual([...Array(free).fill(401), ...Array(30 - free).fill(429)])
    // A 31st guess from a fresh address must wait; so would the user from a new address…
    expect((await login('demo-approver', 'guess-x', '192.0.2.200', attack)).status).toBe(429)
    expect((await login('demo-approver', DEFAULT_DEMO_PASSWORD, '192.0.2.201', attack)).status).toBe(429)
    // …but not from the office, and never longer than the cap.
    expect((await login('demo-approver', DEFAULT_DEMO_PASSWORD, '198.51.100.9', attack)).status).toBe(200)
    const later = attack + LOGIN_THROTTLE.usernameMaxDelayMs
    expect((await login('demo-approver', DEFAULT_DEMO_PASSWORD, '192.0.2.201', later)).status).toBe(200)
  })

  it('makes one address wait longer after each failure for one username', async () => {
    const t0 = Date.UTC(2030, 2, 1)
    const ip = '203.0.113.90'
    for (let i = 0; i < LOGIN_THROTTLE.pairFreeFailures; i++) {
      expect((await login('demo-legal', `wrong-${i}`, ip, t0)).status).toBe(401)
    }
    expect((await login('demo-legal', 'wrong-x', ip, t0 + 500)).status).toBe(429)
    expect((await login('demo-legal', 'wrong-y', ip, t0 + 1_000)).status).toBe(401)
    // One more failure: now 2 s.
    expect((await login('demo-legal', DEFAULT_DEMO_PASSWORD, ip, t0 + 2_500)).status).toBe(429)
    expect((await login('demo-legal', DEFAULT_DEMO_PASSWORD, ip, t0 + 3_000)).status).toBe(200)
  })

  it('stops an address trying many usernames', async () => {
    const t0 = Date.UTC(2030, 3, 1)
    const ip = '203.0.113.99'
    for (let i = 0; i < LOGIN_THROTTLE.maxPerAddress; i++) {
      expect((await login(`demo-nobody-${i}`, 'whatever-password', ip, t0 + i)).status).toBe(401)
    }
    expect((await login('demo-handler', DEFAULT_DEMO_PASSWORD, ip, t0 + 100)).status).toBe(429)
    expect((await login('demo-handler', DEFAULT_DEMO_PASSWORD, '203.0.113.100', t0 + 100)).status).toBe(200)
  })
})
