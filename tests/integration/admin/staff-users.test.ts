// Staff accounts through the JSON API: 三员分立 — the auditor role is held alone, and set up by the platform
// operator, never by an agency admin.
import { describe, expect, it } from 'vitest'
import { apiLogin, call, json } from '../helpers'

const newUser = (username: string, roles: string[]) => ({
  username,
  displayName: 'x',
  password: 'a-long-enough-password',
  agencyId: 'agency-demo',
  roles,
})

describe('staff users', () => {
  it('refuse a user holding both the admin and the auditor role', async () => {
    const operator = await apiLogin('demo-operator')
    const both = await call(
      '/api/v1/users',
      json(newUser('demo-both-roles', ['admin', 'auditor']), { token: operator }),
    )
    expect(both.status).toBe(422)
    const alone = await call(
      '/api/v1/users',
      json(newUser('demo-auditor-alone', ['auditor']), { token: operator }),
    )
    expect(alone.status).toBe(201)
  })
})
