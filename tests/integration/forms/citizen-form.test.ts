import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { RECEIPT_LINK_TTL_MS } from '../../../workers/services/form-flow'
import { call, countRows } from '../helpers'
import { fillToCheck, follow, openPage, PERSON, postPage, submitForm, T0 } from './form-helpers'

const PATH = '/demo/forms/disclosure'

describe('citizen disclosure form (HTML, no JavaScript needed)', () => {
  it('serves the first page under a new draft id, with labels, a honeypot and no external resources', async () => {
    const start = await call(PATH)
    expect(start.status).toBe(303)
    expect(start.headers.get('location')).toMatch(
      /^\/demo\/forms\/disclosure\?d=[0-9a-z]+\.[\w-]{22}\.[\w-]{22}$/,
    )
    const { res, html } = await follow(start, Date.now())
    expect(res.status).toBe(200)
    expect(html).toContain('<title>申请人类型 - 政府信息公开申请')
    expect(html).toContain('申请人类型')
    expect(html).toMatch(/name="_draft" value="[^"]+"/)
    expect(html).toContain('name="website"')
    expect(html).not.toMatch(/https?:\/\/(?!gov\.example\.cn)/)
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
  })

  it('shows a focused error summary, 错误： title, field messages and keeps typed values', async () => {
    const first = await openPage(PATH, T0)
    const type = await postPage(PATH, first.html, { applicantType: 'natural_person' }, 'next', T0 + 500)
    expect(type.status).toBe(303)
    const person = await follow(type, T0 + 500)
    expect(person.html).toContain('<title>申请人信息 - 政府信息公开申请')
    const res = await postPage(
      PATH,
      person.html,
      {
        name: '<script>alert(1)</script>',
        'idDocument.type': 'resident_id',
        'idDocument.number': '110105194912310021',
      },
      'next',
      T0 + 1000,
    )
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(html).toMatch(/<title>错误：/)
    expect(html).toContain('class="error-summary"')
    expect(html).toContain('autofocus')
    expect(html).toContain('href="#f-idDocument-number"')
    expect(html).toContain('校验')
    expect(html).toContain('value="110105194912310021"')
    expect(html).not.toContain('<script>alert(1)</script>')
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
  })

  it('walks every page to check-your-answers, showing the answers', async () => {
    const { html } = await fillToCheck(PATH)
    expect(html).toContain('提交前请检查您的申请')
    expect(html).toContain('示范县2025年财政预算执行情况报告')
    expect(html).toContain('电子邮件')
    expect(html).toContain('居民身份证')
  })

  it('submits: 303 to a printable receipt with reference and query code; tracking then works', async () => {
    const before = await countRows('submissions')
    const { res, now } = await submitForm(PATH)
    expect(res.status).toBe(303)
    const location = res.headers.get('location')!
    const m = /\/receipt\/(\d{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4})\?k=([A-Za-z0-9_-]{43})$/.exec(location)
    expect(m).not.toBeNull()
    const at = (ms: number) => ({ headers: { 'x-test-now': String(ms) } })
    const receipt = await call(location, at(now + 1_000))
    expect(receipt.status).toBe(200)
    const html = await receipt.text()
    expect(html).toContain(m![1]!)
    const code = /<strong class="reference">([2-9A-HJ-NP-Z]{6})<\/strong>/.exec(html)![1]!
    // The query code is shown on the page, never carried in a URL.
    expect(location).not.toContain(code)
    expect((await call(location.replace(/k=[^&]+/, 'k=AAAA'), at(now + 2_000))).status).toBe(404)
    expect(receipt.headers.get('referrer-policy')).toBe('no-referrer')
    // The link expires (issue 11): two hours after the submission it no longer shows the query code.
    expect((await call(location, at(now + RECEIPT_LINK_TTL_MS - 1_000))).status).toBe(200)
    const expired = await call(location, at(now + RECEIPT_LINK_TTL_MS + 1_000))
    expect(expired.status).toBe(410)
    const expiredHtml = await expired.text()
    expect(expiredHtml).toContain('此链接已过期')
    expect(expiredHtml).not.toContain(code)
    expect(await countRows('submissions')).toBe(before + 1)
    const track = await call(`/api/v1/track?reference=${m![1]}&code=${code}`)
    expect(track.status).toBe(200)
    expect(((await track.json()) as { status: string }).status).toBe('已提交，待确认收到')
    // The case waits for the registrar (Art. 31): no deadline runs yet.
    const row = await env.DB.prepare(
      'SELECT state, due_on FROM cases ORDER BY created_at DESC LIMIT 1',
    ).first<{ state: string; due_on: string | null }>()
    expect(row).toEqual({ state: 'submitted', due_on: null })
  })

  it('stores personal data encrypted (no plaintext ID, phone or e-mail in the row)', async () => {
    await submitForm(PATH, { ...PERSON, phone: '13912345678' })
    const row = await env.DB.prepare(
      'SELECT data, pii, pii_key_id FROM submissions ORDER BY submitted_at DESC LIMIT 1',
    ).first<{
      data: string
      pii: string
      pii_key_id: string
    }>()
    expect(row!.pii_key_id).toBe('t1')
    for (const secret of ['13912345678', '11010519491231002X', 'zhang@example.cn', '张三']) {
      expect(row!.data + row!.pii).not.toContain(secret)
    }
    expect(row!.data).toContain('示范县2025年财政预算执行情况报告')
  })

  it('is idempotent: the same page submitted twice gives the same reference and one submission', async () => {
    const { html, now } = await fillToCheck(PATH)
    const before = await countRows('submissions')
    const a = await postPage(PATH, html, {}, 'submit', now + 5_000)
    const b = await postPage(PATH, html, {}, 'submit', now + 6_000)
    expect(a.status).toBe(303)
    expect(b.status).toBe(303)
    expect(b.headers.get('location')).toBe(a.headers.get('location'))
    expect(await countRows('submissions')).toBe(before + 1)
  })

  it('refuses a submission faster than a person could fill it, and a filled honeypot', async () => {
    const before = await countRows('submissions')
    const { html } = await fillToCheck(PATH, PERSON, T0)
    // Submit within the minimum fill time of the draft id.
    const fast = await postPage(PATH, html, {}, 'submit', T0 + 1_000)
    expect(fast.status).toBe(422)
    expect(await fast.text()).toContain('提交过快')
    const bot = await postPage(PATH, html, {}, 'submit', T0 + 60_000, [['website', 'http://spam.example']])
    expect(bot.status).toBe(422)
    expect(await countRows('submissions')).toBe(before)
  })

  it('rejects a forged draft id', async () => {
    const { html, now } = await fillToCheck(PATH)
    const forged = html.replace(
      /name="_draft" value="([^".]+)\.([^".]+)\.([^"]+)"/,
      'name="_draft" value="$1.$2.AAAAAAAAAAAAAAAAAAAAAA"',
    )
    expect(forged).not.toBe(html)
    const res = await postPage(PATH, forged, {}, 'submit', now + 5_000)
    expect(res.status).toBe(422)
  })

  it('submits the answers saved in the draft: fields posted with the submit change nothing', async () => {
    const { html, now } = await fillToCheck(PATH)
    const res = await postPage(PATH, html, { phone: '123', name: '李四' }, 'submit', now + 5_000)
    expect(res.status).toBe(303)
    const row = await env.DB.prepare(
      'SELECT data FROM submissions ORDER BY submitted_at DESC LIMIT 1',
    ).first<{
      data: string
    }>()
    expect(row!.data).toContain('示范县2025年财政预算执行情况报告')
  })

  it('answers 404 for an unknown agency or form', async () => {
    expect((await call('/nowhere/forms/disclosure')).status).toBe(404)
    expect((await call('/demo/forms/nothing')).status).toBe(404)
  })
})
