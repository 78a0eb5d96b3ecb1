import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { apiLogin, bearer, call, countRows, json } from '../helpers'
import { openPage, PERSON } from './form-helpers'

const API = '/api/v1/agencies/demo/forms/disclosure'

const BODY = {
  applicantType: 'natural_person',
  name: '李四',
  idDocument: { type: 'resident_id', number: '11010519491231002X' },
  informationDescription: '示范县2025年政府工作报告',
  carrier: 'electronic',
  deliveryMethod: 'email',
  phone: '13800138000',
  email: 'li@example.cn',
  declaration: true,
}

let nextClient = 1

function submit(body: unknown, key?: string, extra: Record<string, string> = {}) {
  // A fresh client address per call, so the per-address rate limit only bites where a test wants it.
  const headers: Record<string, string> = { 'cf-connecting-ip': `198.51.100.${nextClient++ % 250}`, ...extra }
  if (key) headers['idempotency-key'] = key
  return call(`${API}/submissions`, json(body, { headers }))
}

async function issuesOf(res: Response) {
  return ((await res.json()) as { error: { code: string; issues: { path: string; message: string }[] } })
    .error
}

describe('forms JSON API', () => {
  it('publishes the definition as JSON Schema with the required fields', async () => {
    const res = await call(API)
    expect(res.status).toBe(200)
    const body = (await res.json()) as {
      version: number
      schema: { properties: Record<string, unknown> }
      pages: unknown[]
    }
    // v2 (issue 14): the same answers on seven pages (the applicant type, then a person's or an organisation's).
    expect(body.version).toBe(2)
    expect(Object.keys(body.schema.properties)).toEqual(
      expect.arrayContaining(['applicantType', 'phone', 'informationDescription']),
    )
    expect(body.pages).toHaveLength(7)
  })

  it('accepts a valid submission (201) and opens a case awaiting confirmation', async () => {
    const res = await submit(BODY, 'portal-key-0001')
    expect(res.status).toBe(201)
    const body = (await res.json()) as { reference: string; queryCode: string; status: string }
    expect(body.reference).toMatch(/^\d{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/)
    expect(body.queryCode).toMatch(/^[2-9A-HJ-NP-Z]{6}$/)
    expect(body.status).toBe('submitted')
  })

  it('replays an Idempotency-Key with the original reference, and refuses a different body under it', async () => {
    const a = await submit(BODY, 'portal-key-0002')
    const before = await countRows('submissions')
    const b = await submit(BODY, 'portal-key-0002')
    expect(b.status).toBe(200)
    expect(await b.json()).toEqual(await a.json())
    const c = await submit({ ...BODY, informationDescription: '另一项信息' }, 'portal-key-0002')
    expect(c.status).toBe(422)
    expect((await issuesOf(c)).code).toBe('idempotency_conflict')
    expect(await countRows('submissions')).toBe(before)
  })

  it.each([
    ['empty body', {}, 'applicantType'],
    ['too long', { ...BODY, informationDescription: '长'.repeat(2001) }, 'informationDescription'],
    ['wrong type', { ...BODY, phone: 13800138000 }, 'phone'],
    ['script in a name', { ...BODY, name: '"><img src=x onerror=alert(1)>' }, 'name'],
    ['javascript: URL as a name', { ...BODY, name: 'javascript:alert(1)' }, 'name'],
    [
      'bad ID checksum',
      { ...BODY, idDocument: { type: 'resident_id', number: '110105194912310021' } },
      'idDocument.number',
    ],
    [
      'impossible birth date',
      { ...BODY, idDocument: { type: 'resident_id', number: '110105199902300010' } },
      'idDocument.number',
    ],
    ['unknown field', { ...BODY, isAdmin: true }, 'isAdmin'],
    ['email delivery without e-mail', { ...BODY, email: undefined }, 'email'],
    [
      'bad USCC',
      {
        ...BODY,
        applicantType: 'organisation',
        orgCategory: 'commercial',
        orgName: '某公司',
        uscc: '91350100M000100Y44',
        agentName: '王五',
        agentIdDocument: { type: 'resident_id', number: '11010519491231002X' },
      },
      'uscc',
    ],
  ])('refuses %s with 422 naming the field, writing nothing', async (_name, body, path) => {
    const before = await countRows('submissions')
    const cases = await countRows('cases')
    const res = await submit(body)
    expect(res.status).toBe(422)
    const err = await issuesOf(res)
    expect(err.issues.map((i) => i.path)).toContain(path)
    expect(err.issues.every((i) => /[\u4e00-\u9fff]/.test(i.message))).toBe(true)
    expect(await countRows('submissions')).toBe(before)
    expect(await countRows('cases')).toBe(cases)
  })

  it('normalises full-width digits and a lower-case x in the ID number', async () => {
    const res = await submit({
      ...BODY,
      idDocument: { type: 'resident_id', number: '１１０１０５１９４９１２３１００２x' },
    })
    expect(res.status).toBe(201)
  })

  it('strips zero-width and right-to-left override characters and stores formulas as typed', async () => {
    const res = await submit({ ...BODY, informationDescription: '=HYPERLINK("x")\u200b报告\u202e' })
    expect(res.status).toBe(201)
    const row = await env.DB.prepare(
      'SELECT data FROM submissions ORDER BY submitted_at DESC LIMIT 1',
    ).first<{ data: string }>()
    const data = JSON.parse(row!.data) as { informationDescription: string }
    expect(data.informationDescription).toBe('=HYPERLINK("x")报告')
  })

  it('rejects malformed JSON, the wrong content type and an invalid Idempotency-Key', async () => {
    const bad = await call(`${API}/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{',
    })
    expect(bad.status).toBe(400)
    const form = await call(`${API}/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'x',
    })
    expect(form.status).toBe(415)
    expect((await submit(BODY, 'bad key with spaces')).status).toBe(422)
  })

  it('rate-limits submissions per client address', async () => {
    let last = 0
    for (let i = 0; i < 12; i++) {
      last = (
        await submit({ ...BODY, informationDescription: `第${i}项` }, undefined, {
          'cf-connecting-ip': '203.0.113.9',
        })
      ).status
    }
    expect(last).toBe(429)
  })
})

const PNG = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3,
])

function upload(bytes: Uint8Array, name: string, type: string) {
  const form = new FormData()
  form.append('file', new File([bytes], name, { type }))
  return call(`${API}/attachments`, { method: 'POST', body: form })
}

describe('attachments', () => {
  it('stores an upload under a server key, links it on submission, and serves it only to staff as a download', async () => {
    const up = await upload(PNG, '../../etc/身份证.png', 'image/png')
    expect(up.status).toBe(201)
    const { id, filename } = (await up.json()) as { id: string; filename: string }
    expect(filename).not.toContain('/')
    const res = await submit({ ...BODY, attachments: [id] })
    expect(res.status).toBe(201)
    const row = await env.DB.prepare('SELECT r2_key, submission_id FROM attachments WHERE id = ?')
      .bind(id)
      .first<{
        r2_key: string
        submission_id: string | null
      }>()
    expect(row!.r2_key).toBe(`attachments/agency-demo/${id}`)
    expect(row!.submission_id).not.toBeNull()
    // Encrypted at rest (issue 11): the stored object is not the file, and not even its PNG signature survives.
    const stored = new Uint8Array(await (await env.FILES.get(row!.r2_key))!.arrayBuffer())
    expect(stored.length).toBe(PNG.length + 12 + 16)
    expect(Buffer.from(stored).includes(Buffer.from(PNG.slice(0, 8)))).toBe(false)
    expect((await call(`/api/v1/attachments/${id}`)).status).toBe(401)
    const token = await apiLogin('demo-registrar')
    const dl = await call(`/api/v1/attachments/${id}`, bearer(token))
    expect(dl.status).toBe(200)
    expect(dl.headers.get('content-disposition')).toMatch(/^attachment;/)
    expect(dl.headers.get('x-content-type-options')).toBe('nosniff')
    expect(dl.headers.get('content-security-policy')).toMatch(/^sandbox;/)
    expect(new Uint8Array(await dl.arrayBuffer())).toEqual(PNG)
    const audit = await env.DB.prepare(
      `SELECT count(*) AS n FROM audit_log WHERE action = 'attachment.downloaded' AND target = ?`,
    )
      .bind(id)
      .first<{ n: number }>()
    expect(audit?.n).toBe(1)
    // An attachment already linked cannot be attached to another submission.
    expect((await submit({ ...BODY, attachments: [id] })).status).toBe(422)
  })

  it('refuses mislabelled and oversized files', async () => {
    expect((await upload(PNG, 'scan.pdf', 'application/pdf')).status).toBe(422)
    const html = new TextEncoder().encode('<html><script>alert(1)</script></html>')
    expect((await upload(html, 'x.png', 'image/png')).status).toBe(422)
    const big = new Uint8Array(6 * 1024 * 1024)
    big.set(PNG)
    expect((await upload(big, 'big.png', 'image/png')).status).toBe(422)
  })
})

describe('embedding', () => {
  it('frames form routes only from the agency allow-list; admin stays unframable', async () => {
    const token = await apiLogin('demo-admin')
    const put = await call('/api/v1/agencies/agency-demo/settings', {
      ...json(
        {
          embedOrigins: ['https://portal.example.gov.cn', 'http://127.0.0.1:9000/'],
          disclosure: { legalReview: true },
        },
        { token },
      ),
      method: 'PUT',
    })
    expect(put.status).toBe(200)
    const { res: page } = await openPage(
      '/demo/forms/disclosure?embed=1&parent=https://portal.example.gov.cn',
    )
    const csp = page.headers.get('content-security-policy')!
    expect(csp).toMatch(/frame-ancestors https:\/\/portal\.example\.gov\.cn http:\/\/127\.0\.0\.1:9000(;|$)/)
    expect(page.headers.get('x-frame-options')).toBeNull()
    const html = await page.text()
    expect(html).toContain('data-parent-origin="https://portal.example.gov.cn"')
    expect(html).toContain('class="embedded"')
    // A parent that is not on the list is not talked to.
    const { html: other } = await openPage('/demo/forms/disclosure?embed=1&parent=https://evil.example')
    expect(other).not.toContain('data-parent-origin')
    const admin = await call('/admin/login')
    expect(admin.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
    expect(admin.headers.get('x-frame-options')).toBe('DENY')
  })

  it('refuses a malformed origin in the allow-list', async () => {
    const token = await apiLogin('demo-admin')
    const res = await call('/api/v1/agencies/agency-demo/settings', {
      ...json({ embedOrigins: ["https://a.example 'unsafe-inline'"], disclosure: {} }, { token }),
      method: 'PUT',
    })
    expect(res.status).toBe(422)
  })

  it('serves embed.js cross-origin, with the origin-checked handshake', async () => {
    const res = await call('/embed.js')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/javascript/)
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin')
    const js = await res.text()
    expect(js).toContain('e.origin !== origin')
    expect(js).toContain('govforms:ack')
  })

  it('answers CORS only for allow-listed portal origins', async () => {
    const ok = await call(API, { headers: { origin: 'https://portal.example.gov.cn' } })
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://portal.example.gov.cn')
    const no = await call(API, { headers: { origin: 'https://evil.example' } })
    expect(no.headers.get('access-control-allow-origin')).toBeNull()
  })
})

void PERSON
