import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { browserLogin, call } from '../helpers'
import { at, newCase } from '../workflow/case-helpers'

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
    // Fixed legal dates in a loaded year, so the result does not depend on the day the suite runs.
    const today = '2025-06-03'
    const { caseId } = await newCase(at(today, 9))
    const { cookie, csrf } = await browserLogin('demo-registrar')
    const ok = await call(`/admin/cases/${caseId}/actions/confirm-receipt`, {
      method: 'POST',
      headers: {
        cookie,
        'content-type': 'application/x-www-form-urlencoded',
        'x-test-now': String(at(today, 11)),
      },
      body: new URLSearchParams({
        _csrf: csrf,
        version: '1',
        channel: 'online',
        receivedOn: today,
      }).toString(),
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

  it('answer an inherited property name as an action with 404, not 500', async () => {
    const { caseId } = await newCase(Date.now())
    const { cookie, csrf } = await browserLogin('demo-registrar')
    const res = await call(`/admin/cases/${caseId}/actions/constructor`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: `_csrf=${encodeURIComponent(csrf)}&version=1`,
    })
    expect(res.status).toBe(404)
  })

  it('answer 404 for another agency’s case', async () => {
    const { cookie } = await browserLogin('demo-registrar')
    expect((await call('/admin/cases/not-a-case', { headers: { cookie } })).status).toBe(404)
  })
})

describe('a whole case through the staff pages', () => {
  // A fixed legal clock (2025 is a loaded year), so the deadline guards never depend on the day the suite runs.
  const DAY = '2025-06-03'
  const today = () => DAY
  let tick = 0
  const now = () => at(DAY, 10) + ++tick * 60_000

  async function act(who: string, caseId: string, action: string, fields: Record<string, string>) {
    const { cookie, csrf } = await browserLogin(who)
    const row = await env.DB.prepare('SELECT version FROM cases WHERE id = ?')
      .bind(caseId)
      .first<{ version: number }>()
    const res = await call(`/admin/cases/${caseId}/actions/${action}`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', 'x-test-now': String(now()) },
      body: new URLSearchParams({ _csrf: csrf, version: String(row!.version), ...fields }).toString(),
    })
    if (res.status !== 303)
      throw new Error(
        `${action} → ${res.status}: ${(await res.text()).match(/error-summary[\s\S]{0,600}/)?.[0]}`,
      )
  }

  it('drafts a partial disclosure with the reply form and closes the case', async () => {
    const { caseId } = await newCase(at(DAY, 9))
    await act('demo-registrar', caseId, 'confirm-receipt', { channel: 'online', receivedOn: today() })
    await act('demo-registrar', caseId, 'accept', {})
    await act('demo-registrar', caseId, 'assign', { assigneeId: 'user-demo-handler' })
    const { cookie } = await browserLogin('demo-handler')
    const page = await (await call(`/admin/cases/${caseId}`, { headers: { cookie } })).text()
    expect(page).toContain('答复类型')
    expect(page).toContain('部分公开')
    await act('demo-handler', caseId, 'draft-reply', {
      code: 'partially_disclosed',
      legalBasis: '《中华人民共和国政府信息公开条例》第三十七条',
      reasons: '涉及个人隐私的部分不予公开',
      howToObtain: '随答复书邮寄',
      disclosedParts: '预算总表\n支出明细',
      withheldParts: '供应商联系人信息',
      ground: 'withheld_third_party_rights',
      secrecyReviewed: 'true',
    })
    await act('demo-handler', caseId, 'submit-legal-review', {})
    await act('demo-legal', caseId, 'legal-approve', {})
    await act('demo-approver', caseId, 'approve', {})
    await act('demo-registrar', caseId, 'send-reply', {})
    await act('demo-registrar', caseId, 'record-delivery', { method: 'email', servedOn: today() })
    const row = await env.DB.prepare('SELECT state, outcome, snapshot FROM cases WHERE id = ?')
      .bind(caseId)
      .first<{
        state: string
        outcome: string
        snapshot: string
      }>()
    expect([row!.state, row!.outcome]).toEqual(['closed', 'partially_disclosed'])
    const outcome = (
      JSON.parse(row!.snapshot) as {
        outcome: { disclosedParts: unknown[]; withheldParts: { ground: string }[] }
      }
    ).outcome
    expect(outcome.disclosedParts).toHaveLength(2)
    expect(outcome.withheldParts[0]!.ground).toBe('withheld_third_party_rights')
  })

  it('issues a fee notice from its form, checking the amount', async () => {
    const { caseId } = await newCase(at(DAY, 9))
    await act('demo-registrar', caseId, 'confirm-receipt', { channel: 'online', receivedOn: today() })
    await act('demo-registrar', caseId, 'accept', {})
    await act('demo-registrar', caseId, 'assign', { assigneeId: 'user-demo-handler' })
    await expect(
      act('demo-handler', caseId, 'issue-fee-notice', {
        method: 'per_page',
        count: '250',
        amountYuan: '100',
      }),
    ).rejects.toThrow(/409/)
    await act('demo-handler', caseId, 'issue-fee-notice', {
      method: 'per_page',
      count: '250',
      amountYuan: '4700',
    })
    const row = await env.DB.prepare('SELECT state FROM cases WHERE id = ?')
      .bind(caseId)
      .first<{ state: string }>()
    expect(row?.state).toBe('fee_pending')
  })
})
