import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { browserLogin, call } from '../helpers'
import { newCase } from '../workflow/case-helpers'

function post(path: string, cookie: string, fields: Record<string, string>) {
  return call(path, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  })
}

describe('staff case pages', () => {
  it('list the agency cases and show one with its clock, masked applicant and allowed actions', async () => {
    const { caseId, reference } = await newCase(Date.now())
    const { cookie } = await browserLogin('demo-registrar')
    const list = await (await call('/admin/cases', { headers: { cookie } })).text()
    expect(list).toContain(reference)
    const page = await call(`/admin/cases/${caseId}`, { headers: { cookie } })
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('待确认收到')
    expect(html).toContain('确认收到申请')
    expect(html).toContain('138****8000')
    expect(html).not.toContain('13800138000')
  })

  it('run an action from its form, and refuse a stale version with the error summary', async () => {
    const { caseId } = await newCase(Date.now())
    const { cookie, csrf } = await browserLogin('demo-registrar')
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)
    const ok = await post(`/admin/cases/${caseId}/actions/confirm-receipt`, cookie, {
      _csrf: csrf,
      version: '1',
      channel: 'online',
      receivedOn: today,
    })
    expect(ok.status).toBe(303)
    const row = await env.DB.prepare('SELECT state, received_on FROM cases WHERE id = ?')
      .bind(caseId)
      .first<{ state: string; received_on: string }>()
    expect(row).toEqual({ state: 'received', received_on: today })
    const stale = await post(`/admin/cases/${caseId}/actions/accept`, cookie, { _csrf: csrf, version: '1' })
    expect(stale.status).toBe(409)
    expect(await stale.text()).toContain('class="error-summary"')
  })

  it('reveal the applicant only on request and audit it', async () => {
    const { caseId } = await newCase(Date.now())
    const { cookie, csrf } = await browserLogin('demo-handler')
    const res = await post(`/admin/cases/${caseId}/reveal`, cookie, { _csrf: csrf })
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('13800138000')
    const audit = await env.DB.prepare(
      `SELECT count(*) AS n FROM audit_log WHERE action = 'pii.revealed' AND target = ?`,
    )
      .bind(caseId)
      .first<{ n: number }>()
    expect(audit?.n).toBe(1)
  })

  it('answer 404 for another agency’s case', async () => {
    const { cookie } = await browserLogin('demo-registrar')
    expect((await call('/admin/cases/not-a-case', { headers: { cookie } })).status).toBe(404)
  })
})
