// The registrar's intake page: the citizen form's questions on one page with channel, day of receipt and a scan;
// an accessible error summary keeps the answers; a registered application shows its reference and query code once.
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { browserLogin, call, countRows } from '../helpers'
import { at } from '../workflow/case-helpers'

const PDF = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x34, 0x0a])

function page(fields: Record<string, string>, csrf: string, scan = false): FormData {
  const form = new FormData()
  form.set('_csrf', csrf)
  for (const [k, v] of Object.entries(fields)) form.set(k, v)
  if (scan) form.set('_scan', new File([PDF], '申请书扫描件.pdf', { type: 'application/pdf' }))
  return form
}

const ORAL = {
  _channel: 'oral',
  _receivedOn: '2024-09-27',
  applicantType: 'natural_person',
  name: '赵六',
  'idDocument.type': 'resident_id',
  'idDocument.number': '11010519491231002X',
  informationDescription: '示范县2024年义务教育学校招生计划',
  carrier: 'paper',
  deliveryMethod: 'collect',
  phone: '13800138000',
  declaration: 'on',
}

describe('/admin/intake/{agency}', () => {
  it('renders the citizen form definition with the channel and day of receipt, for registrars only', async () => {
    const now = at('2024-09-27', 15)
    const registrar = await browserLogin('demo-registrar', undefined, now)
    const res = await call('/admin/intake/demo', {
      headers: { cookie: registrar.cookie, 'x-test-now': String(now) },
    })
    expect(res.status).toBe(200)
    const html = await res.text()
    for (const text of [
      '登记收到的申请',
      '口头提出，由工作人员代为填写',
      '收到申请之日',
      '所需政府信息的名称或内容描述',
      '申请更正政府信息记录',
    ]) {
      expect(html).toContain(text)
    }
    const handler = await browserLogin('demo-handler', undefined, now)
    const denied = await call('/admin/intake/demo', {
      headers: { cookie: handler.cookie, 'x-test-now': String(now) },
    })
    expect(denied.status).toBe(403)
  })

  it('shows every problem in an error summary linked to its field, keeps the answers and writes no case', async () => {
    const now = at('2024-09-27', 15)
    const { cookie, csrf } = await browserLogin('demo-registrar', undefined, now)
    const before = await countRows('cases')
    const res = await call('/admin/intake/demo?form=disclosure', {
      method: 'POST',
      headers: { cookie, 'x-test-now': String(now) },
      body: page({ ...ORAL, _channel: 'in_person', _receivedOn: '2024-09-28', phone: '' }, csrf),
    })
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(html).toContain('<title>错误：')
    expect(html).toContain('class="error-summary" role="alert"')
    expect(html).toContain('href="#intake-receivedOn"')
    expect(html).toContain('收到申请之日不能晚于今天（2024-09-27）：当面提交的，以提交之日为收到申请之日')
    expect(html).toContain('href="#f-phone"')
    expect(html).toContain('value="赵六"')
    expect(await countRows('cases')).toBe(before)
  })

  it('registers an oral application with its scan: received that day, entered by the registrar', async () => {
    const now = at('2024-09-27', 16)
    const { cookie, csrf } = await browserLogin('demo-registrar', undefined, now)
    const res = await call('/admin/intake/demo?form=disclosure', {
      method: 'POST',
      headers: { cookie, 'x-test-now': String(now) },
      body: page(ORAL, csrf, true),
    })
    expect(res.status).toBe(201)
    const html = await res.text()
    const reference = /id="intake-reference">([^<]+)</.exec(html)![1]!
    expect(/id="intake-query-code">([^<]+)</.exec(html)![1]).toMatch(/^\S{4,}$/)
    // Case A: received Fri 2024-09-27 → Wed 2024-10-30.
    expect(html).toContain('2024-10-30')
    const row = await env.DB.prepare(
      `SELECT s.id, s.channel, s.entered_by, c.state, c.received_on FROM submissions s JOIN cases c ON c.submission_id = s.id
       WHERE s.reference = ?`,
    )
      .bind(reference)
      .first<{ id: string; channel: string; entered_by: string; state: string; received_on: string }>()
    expect(row).toMatchObject({
      channel: 'oral',
      entered_by: 'user-demo-registrar',
      state: 'received',
      received_on: '2024-09-27',
    })
    const scans = await env.DB.prepare('SELECT filename FROM attachments WHERE submission_id = ?')
      .bind(row!.id)
      .all()
    expect(scans.results).toEqual([{ filename: '申请书扫描件.pdf' }])
  })
})
