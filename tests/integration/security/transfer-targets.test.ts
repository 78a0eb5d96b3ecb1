// Issue 11, Fix 7: transfers only to agencies the deployment allows for the sender (its own tenant, plus what the
// platform operator lists); the transfer list never shows the deployment's other tenants.
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { apiLogin, bearer, browserLogin, call, json } from '../helpers'
import { casesOfSubmission } from '../workflow/agency-staff'
import { act, at, eventCount, newCase, ok } from '../workflow/case-helpers'

const OTHER = { id: 'agency-other', slug: 'other', name: '另一县人民政府' }

await env.DB.prepare(
  `INSERT INTO agencies (id, slug, name, kind, parent_id, embed_origins, letterhead, settings, created_at)
   VALUES (?1, ?2, ?3, 'government', NULL, '[]', '{}', '{}', 0)`,
)
  .bind(OTHER.id, OTHER.slug, OTHER.name)
  .run()

const TO_OTHER = { toAgencyId: OTHER.id, toAgencyName: OTHER.name, reason: '应由另一县政府办理' }

async function received(date: string) {
  const c = await newCase(at(date, 9))
  await ok(c.caseId, 'registrar', 'confirm-receipt', { channel: 'online', receivedOn: date }, at(date, 11))
  return c
}

function putTargets(token: string, agency: string, targets: string[]) {
  return call(`/api/v1/agencies/${agency}/transfer-targets`, {
    ...json({ targets }, { token }),
    method: 'PUT',
  })
}

describe('transfer targets', () => {
  it('refuse a transfer to another tenant that is not listed, like an unknown agency, writing nothing', async () => {
    const c = await received('2024-09-27')
    const before = await eventCount(c.caseId)
    const res = await act(c.caseId, 'registrar', 'transfer', TO_OTHER, at('2024-10-08'))
    expect(res.status).toBe(422)
    const body = (await res.json()) as {
      error: { issues: { path: string; code: string; message: string }[] }
    }
    expect(body.error.issues).toEqual([
      expect.objectContaining({ path: 'toAgencyId', code: 'unknown_agency' }),
    ])
    // Nothing about the other tenant comes back, not even its name.
    expect(JSON.stringify(body)).not.toContain(OTHER.name)
    const unknown = await act(
      c.caseId,
      'registrar',
      'transfer',
      { ...TO_OTHER, toAgencyId: 'agency-nowhere' },
      at('2024-10-08'),
    )
    expect(((await unknown.json()) as typeof body).error.issues).toEqual(body.error.issues)
    expect(await eventCount(c.caseId)).toBe(before)
    expect(await casesOfSubmission(c.submissionId)).toHaveLength(1)
  })

  it('list only the own tenant for staff, on the API and on the case page', async () => {
    const token = await apiLogin('demo-registrar')
    const res = await call('/api/v1/agencies/agency-demo/transfer-targets', bearer(token))
    expect(res.status).toBe(200)
    const { items } = (await res.json()) as { items: { id: string; listed: boolean }[] }
    expect(items.map((i) => i.id).sort()).toEqual(['agency-demo-edu', 'agency-demo-nrb', 'agency-demo-town'])
    // Another tenant's list is not this user's to read.
    expect((await call(`/api/v1/agencies/${OTHER.id}/transfer-targets`, bearer(token))).status).toBe(404)
    const { caseId } = await received('2024-09-27')
    const { cookie } = await browserLogin('demo-registrar')
    const html = await (await call(`/admin/cases/${caseId}`, { headers: { cookie } })).text()
    expect(html).toContain('示范县自然资源局')
    expect(html).not.toContain(OTHER.name)
  })

  it('only the operator lists another tenant; then the transfer goes through and the list shows it', async () => {
    const admin = await apiLogin('demo-admin')
    const refused = await putTargets(admin, 'agency-demo', [OTHER.id])
    expect(refused.status).toBe(403)
    const operator = await apiLogin('demo-operator')
    expect((await putTargets(operator, 'agency-demo', ['agency-nowhere'])).status).toBe(422)
    const set = await putTargets(operator, 'agency-demo', [OTHER.slug])
    expect(set.status).toBe(200)
    const { items } = (await set.json()) as { items: { id: string; listed: boolean }[] }
    expect(items).toContainEqual(expect.objectContaining({ id: OTHER.id, listed: true }))
    const audit = await env.DB.prepare(
      "SELECT agency_id, actor_id, target FROM audit_log WHERE action = 'agency.transfer_targets_set'",
    ).first()
    expect(audit).toEqual({ agency_id: 'agency-demo', actor_id: 'user-demo-operator', target: 'agency-demo' })

    const c = await received('2024-09-27')
    const res = await act(c.caseId, 'registrar', 'transfer', TO_OTHER, at('2024-10-08'))
    expect(res.status).toBe(200)
    const rows = await casesOfSubmission(c.submissionId)
    expect(rows.map((r) => r.agency_id)).toEqual(['agency-demo', OTHER.id])

    // Listing is one way: the other tenant still cannot transfer to the demo county.
    const back = await call(`/api/v1/agencies/${OTHER.id}/transfer-targets`, bearer(operator))
    expect(((await back.json()) as { items: unknown[] }).items).toEqual([])
    // And the operator can take the listing away again.
    expect((await putTargets(operator, 'agency-demo', [])).status).toBe(200)
    const c2 = await received('2024-09-27')
    expect((await act(c2.caseId, 'registrar', 'transfer', TO_OTHER, at('2024-10-08'))).status).toBe(422)
  })
})
