// Staff accounts through the JSON API: 三员分立 — the auditor role is held alone.
import { describe, expect, it } from 'vitest'
import { apiLogin, call, json } from '../helpers'

describe('staff users', () => {
  it('refuse a user holding both the admin and the auditor role', async () => {
    const token = await apiLogin('demo-admin')
    const res = await call(
      '/api/v1/users',
      json(
        {
          username: 'both-roles',
          displayName: 'x',
          password: 'a-long-enough-password',
          agencyId: 'agency-demo',
          roles: ['admin', 'auditor'],
        },
        { token },
      ),
    )
    expect(res.status).toBe(422)
    const alone = await call(
      '/api/v1/users',
      json(
        {
          username: 'auditor-alone',
          displayName: 'x',
          password: 'a-long-enough-password',
          agencyId: 'agency-demo',
          roles: ['auditor'],
        },
        { token },
      ),
    )
    expect(alone.status).toBe(201)
  })
})
