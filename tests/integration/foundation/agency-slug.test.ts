// Every API parameter that names an agency takes its slug (what citizens and portals use) as well as its id.
import { describe, expect, it } from 'vitest'
import { apiLogin, bearer, call, json } from '../helpers'

describe('agency parameters accept the slug or the id', () => {
  it.each(['demo', 'agency-demo'])('GET /audit/verify?agency=%s verifies the demo chain', async (agency) => {
    const res = await call(`/api/v1/audit/verify?agency=${agency}`, bearer(await apiLogin('demo-auditor')))
    expect(res.status).toBe(200)
    expect(((await res.json()) as { ok: boolean }).ok).toBe(true)
  })

  it.each(['demo', 'agency-demo'])('GET /agencies/%s and its settings', async (agency) => {
    const token = await apiLogin('demo-admin')
    const one = await call(`/api/v1/agencies/${agency}`, bearer(token))
    expect(one.status).toBe(200)
    expect(((await one.json()) as { id: string }).id).toBe('agency-demo')
    const settings = await call(`/api/v1/agencies/${agency}/settings`, bearer(token))
    expect(settings.status).toBe(200)
  })

  it('PUTs settings back through the slug', async () => {
    const token = await apiLogin('demo-admin')
    const current = (await (await call('/api/v1/agencies/demo/settings', bearer(token))).json()) as Record<
      string,
      unknown
    >
    const res = await call('/api/v1/agencies/demo/settings', { ...json(current, { token }), method: 'PUT' })
    expect(res.status).toBe(200)
  })

  it('creates a user in an agency named by its slug', async () => {
    const token = await apiLogin('demo-admin')
    const res = await call(
      '/api/v1/users',
      json(
        {
          username: 'demo-slug-handler',
          displayName: '承办人（经别名创建）',
          password: 'a-long-enough-passphrase',
          agencyId: 'demo',
          roles: ['handler'],
        },
        { token },
      ),
    )
    expect(res.status).toBe(201)
    expect(((await res.json()) as { homeAgencyId: string }).homeAgencyId).toBe('agency-demo')
  })

  it('still answers 404 for an agency the caller does not belong to, by slug or id', async () => {
    const token = await apiLogin('demo-auditor')
    for (const agency of ['no-such-agency', 'agency-no-such']) {
      expect((await call(`/api/v1/audit/verify?agency=${agency}`, bearer(token))).status).toBe(404)
    }
  })
})
