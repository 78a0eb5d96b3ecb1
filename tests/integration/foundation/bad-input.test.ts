import { describe, expect, it } from 'vitest'
import { DEMO_USERS } from '../../../db/seed/demo'
import { apiLogin, bearer, call, countRows } from '../helpers'

const validUser = {
  username: 'demo-new-handler',
  displayName: '新承办人',
  password: 'a-long-enough-password',
  agencyId: 'agency-demo',
  roles: ['handler'],
}

async function post(token: string, body: BodyInit, headers: Record<string, string>) {
  return call('/api/v1/users', bearer(token, { method: 'POST', headers, body }))
}

async function errorOf(res: Response) {
  return ((await res.json()) as { error: { code: string; message: string; issues?: { path: string }[] } })
    .error
}

describe('bad input on JSON APIs writes nothing', () => {
  it('malformed JSON → 400 malformed_json', async () => {
    const token = await apiLogin('demo-admin')
    const before = await countRows('users')
    const res = await post(token, '{"username": "x",', { 'content-type': 'application/json' })
    expect(res.status).toBe(400)
    expect((await errorOf(res)).code).toBe('malformed_json')
    expect(await countRows('users')).toBe(before)
  })

  it('wrong content type → 415', async () => {
    const token = await apiLogin('demo-admin')
    const before = await countRows('users')
    const res = await post(token, JSON.stringify(validUser), { 'content-type': 'text/plain' })
    expect(res.status).toBe(415)
    expect((await errorOf(res)).code).toBe('unsupported_media_type')
    expect(await countRows('users')).toBe(before)
  })

  it('oversized body → 413, with or without Content-Length', async () => {
    const token = await apiLogin('demo-admin')
    const before = await countRows('users')
    const big = JSON.stringify({ ...validUser, displayName: 'x'.repeat(100_000) })
    const res = await post(token, big, { 'content-type': 'application/json' })
    expect(res.status).toBe(413)
    expect((await errorOf(res)).code).toBe('payload_too_large')
    const stream = new Blob([big]).stream()
    const chunked = await call(
      '/api/v1/users',
      bearer(token, { method: 'POST', headers: { 'content-type': 'application/json' }, body: stream }),
    )
    expect(chunked.status).toBe(413)
    expect(await countRows('users')).toBe(before)
  })

  it('unknown fields → 422 naming the field', async () => {
    const token = await apiLogin('demo-admin')
    const before = await countRows('users')
    const res = await post(token, JSON.stringify({ ...validUser, isSuperuser: true }), {
      'content-type': 'application/json',
    })
    expect(res.status).toBe(422)
    const err = await errorOf(res)
    expect(err.code).toBe('validation_failed')
    expect(JSON.stringify(err.issues)).toContain('isSuperuser')
    expect(await countRows('users')).toBe(before)
  })

  it('missing and wrong-typed fields → 422 with an issue per field, messages in Chinese', async () => {
    const token = await apiLogin('demo-admin')
    const before = await countRows('users')
    const res = await post(token, JSON.stringify({ username: 42, roles: ['king'] }), {
      'content-type': 'application/json',
    })
    expect(res.status).toBe(422)
    const err = await errorOf(res)
    const paths = err.issues!.map((i) => i.path)
    expect(paths).toEqual(
      expect.arrayContaining(['username', 'displayName', 'password', 'agencyId', 'roles.0']),
    )
    expect(err.message).toMatch(/有误/)
    expect(await countRows('users')).toBe(before)
    expect(await countRows('user_roles')).toBe(DEMO_USERS.length)
  })

  it('a valid body creates the user with its roles in one batch', async () => {
    const token = await apiLogin('demo-admin')
    const res = await post(token, JSON.stringify(validUser), { 'content-type': 'application/json' })
    expect(res.status).toBe(201)
    const again = await post(token, JSON.stringify(validUser), { 'content-type': 'application/json' })
    expect(again.status).toBe(422)
    expect(await apiLogin('demo-new-handler', validUser.password)).toBeTruthy()
  })

  it('malformed login JSON is a 400, not a 500', async () => {
    const res = await call('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'nope',
    })
    expect(res.status).toBe(400)
  })
})
