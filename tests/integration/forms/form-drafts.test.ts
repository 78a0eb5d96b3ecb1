// The citizen form's server-side draft (issue 14): POST → 303 → GET under an unguessable id in the URL, answers
// encrypted at rest, 7-day expiry with a plain page and a fresh start, cron purge, 更改 straight back to the check
// page, condition-driven routing without JavaScript, and inconsistent choices refused.
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { createDb } from '../../../db/client'
import { runScheduled } from '../../../workers/index'
import { DRAFT_TTL_MS } from '../../../workers/services/form-drafts'
import { RESUME_LINK_RATE } from '../../../workers/services/form-flow'
import { resolverFromEnv } from '../../../workers/services/notify-env'
import { deliverOutbox, type OutboundMessage } from '../../../workers/services/outbox'
import { call } from '../helpers'
import { draftOf, fillToCheck, follow, openPage, PERSON, pageOf, postPage, T0 } from './form-helpers'

const PATH = '/demo/forms/disclosure'
const at = (now: number) => ({ headers: { 'x-test-now': String(now) } })

/** Answer the current page with `answers` and follow the 303; returns the next page. */
async function next(html: string, answers: Record<string, string>, now: number) {
  const res = await postPage(PATH, html, answers, 'next', now)
  expect(res.status).toBe(303)
  return follow(res, now)
}

async function draftRows(): Promise<Record<string, unknown>[]> {
  return (await env.DB.prepare('SELECT * FROM form_drafts').all()).results
}

describe('form drafts', () => {
  it('answers every page POST with 303 to a GET that shows the saved answers again (Back, reload)', async () => {
    const first = await openPage(PATH, T0)
    const type = await next(first.html, PERSON, T0 + 1_000)
    expect(type.url).toMatch(/[?&]p=applicant(&|$)/)
    const person = await next(type.html, PERSON, T0 + 2_000)
    expect(pageOf(person.html)).toBe('request')
    // Back to an earlier page's URL (what the browser's Back does), and a reload: the answers are there.
    for (const url of [type.url, type.url]) {
      const again = await call(url, at(T0 + 3_000))
      expect(again.status).toBe(200)
      const html = await again.text()
      expect(html).toContain('value="张三"')
      expect(html).toContain('value="11010519491231002X"')
    }
    expect((await call(first.url, at(T0 + 3_000))).status).toBe(200)
    expect(await (await call(first.url, at(T0 + 3_000))).text()).toMatch(/value="natural_person"\s+checked/)
    // The in-page "返回上一步" saves this page first, then goes back.
    const back = await postPage(PATH, person.html, { informationDescription: '半截' }, 'back', T0 + 4_000)
    expect(back.status).toBe(303)
    expect(back.headers.get('location')).toMatch(/[?&]p=applicant(&|$)/)
    const request = await call(person.url, at(T0 + 5_000))
    expect(await request.text()).toContain('半截')
    // Draft pages are never cached and never leak their URL.
    expect(request.headers.get('cache-control')).toBe('no-store')
    expect(request.headers.get('referrer-policy')).toBe('no-referrer')
  })

  it('keeps answers encrypted at rest under the hash of an unguessable id', async () => {
    const { html } = await fillToCheck(PATH, { ...PERSON, phone: '13912345678' })
    const id = draftOf(html)
    expect(id).toMatch(/^[0-9a-z]+\.[\w-]{22}\.[\w-]{22}$/)
    const rows = await draftRows()
    const dump = JSON.stringify(rows)
    for (const secret of [
      '13912345678',
      '11010519491231002X',
      'zhang@example.cn',
      '张三',
      '示范县2025年财政预算',
    ]) {
      expect(dump).not.toContain(secret)
    }
    // Only the id's SHA-256 is stored: the table alone opens no draft.
    expect(dump).not.toContain(id)
    expect(dump).not.toContain(id.split('.')[1]!)
    const mine = rows.find((r) => r.id_hash !== undefined && (r.key_id as string) === 't1')
    expect(mine).toBeDefined()
    // Two visitors never share a draft.
    const a = (await call(PATH)).headers.get('location')
    const b = (await call(PATH)).headers.get('location')
    expect(a).not.toBe(b)
  })

  it('answers 404 for a forged, mangled or other form’s id; a fresh id we issued is an empty first page', async () => {
    const { html, url } = await fillToCheck(PATH)
    const id = draftOf(html)
    const [issued, nonce] = id.split('.')
    for (const wrong of [`${issued}.${nonce}.AAAAAAAAAAAAAAAAAAAAAA`, 'nonsense', `${id}x`]) {
      expect((await call(`${PATH}?d=${encodeURIComponent(wrong)}`, at(T0 + 60_000))).status).toBe(404)
    }
    // Signed for the disclosure form: not an id of the record-correction form.
    expect((await call(`/demo/forms/record-correction?d=${id}`, at(T0 + 60_000))).status).toBe(404)
    expect(url).toContain('p=_check')
    const fresh = await openPage(PATH, T0)
    expect(fresh.res.status).toBe(200)
    expect(fresh.html).not.toMatch(/checked/)
  })

  it('expires 7 days after the last save: a plain page offering a fresh start; the cron removes the row', async () => {
    const start = T0 + 30 * 24 * 3_600_000
    const { html, url, now } = await fillToCheck(PATH, PERSON, start)
    const saved = now
    expect((await call(url, at(saved + DRAFT_TTL_MS - 60_000))).status).toBe(200)
    const expired = await call(url, at(saved + DRAFT_TTL_MS + 1))
    expect(expired.status).toBe(410)
    const page = await expired.text()
    expect(page).toContain('填写内容已过期')
    expect(page).toContain('href="/demo/forms/disclosure"')
    expect(page).not.toContain('张三')
    // Posting to an expired draft says the same, and never submits.
    expect((await postPage(PATH, html, {}, 'submit', saved + DRAFT_TTL_MS + 1)).status).toBe(410)
    const hash = async () =>
      (await env.DB.prepare('SELECT count(*) AS n FROM form_drafts WHERE updated_at = ?').bind(saved).first<{
        n: number
      }>())!.n
    expect(await hash()).toBe(1)
    await runScheduled(env, saved + DRAFT_TTL_MS + 1)
    expect(await hash()).toBe(0)
    // Purged (or never saved) and past its time: still "expired", not a blank form.
    expect((await call(url, at(saved + DRAFT_TTL_MS + 2))).status).toBe(410)
  })

  it('更改 on the check page edits one answer and returns straight to it', async () => {
    const { html, now } = await fillToCheck(PATH)
    const change = /href="([^"]*p=request[^"]*c=1[^"]*)#f-documentNumber"/
      .exec(html)?.[1]
      ?.replace(/&amp;/g, '&')
    expect(change).toBeTruthy()
    const edit = await call(change!, at(now + 1_000))
    const editHtml = await edit.text()
    expect(editHtml).toContain('name="_change" value="1"')
    expect(editHtml).toContain('保存并返回检查页面')
    const done = await postPage(
      PATH,
      editHtml,
      { ...PERSON, documentNumber: '示政发〔2025〕9号' },
      'next',
      now + 2_000,
    )
    expect(done.headers.get('location')).toMatch(/[?&]p=_check(&|$)/)
    expect((await follow(done, now + 2_000)).html).toContain('示政发〔2025〕9号')
  })

  it('a change that makes new pages necessary walks only those, then returns to the check page', async () => {
    const { html, now } = await fillToCheck(PATH)
    const href = /href="([^"]*p=applicant-type[^"]*c=1[^"]*)#/.exec(html)![1]!.replace(/&amp;/g, '&')
    const typePage = await (await call(href, at(now + 1_000))).text()
    const org = await next(typePage, { applicantType: 'organisation' }, now + 2_000)
    expect(pageOf(org.html)).toBe('organisation')
    expect(org.html).toContain('name="_change" value="1"')
    const back = await next(
      org.html,
      {
        orgCategory: 'research',
        orgName: '示范研究院',
        uscc: '91350100M000100Y43',
        agentName: '王五',
        'agentIdDocument.type': 'resident_id',
        'agentIdDocument.number': '11010519491231002X',
      },
      now + 3_000,
    )
    expect(pageOf(back.html)).toBe('_check')
    expect(back.html).toContain('示范研究院')
    expect(back.html).not.toContain('张三')
  })

  it('routes by the definition’s conditions without JavaScript: an organisation never sees the person page', async () => {
    const first = await openPage(PATH, T0)
    expect(first.html).not.toContain('仅在适用时填写')
    const org = await next(first.html, { applicantType: 'organisation' }, T0 + 1_000)
    expect(pageOf(org.html)).toBe('organisation')
    expect(org.html).toContain('第 2 步，共 6 步')
    expect(org.html).not.toContain('申请人姓名')
    expect(org.html).not.toContain('仅在适用时填写')
  })

  it('refuses 纸质 with 电子邮件, linked from the error summary; marks （选填） by the answers so far', async () => {
    let { html } = await openPage(PATH, T0)
    let now = T0
    while (pageOf(html) !== 'delivery') {
      now += 1_000
      ;({ html } = await next(html, PERSON, now))
    }
    const res = await postPage(PATH, html, { carrier: 'paper', deliveryMethod: 'email' }, 'next', now + 1_000)
    expect(res.status).toBe(422)
    const page = await res.text()
    expect(page).toContain('href="#f-deliveryMethod"')
    expect(page).toContain('获取信息的方式不能选择“电子邮件”')
    // Post, then the contact page: 电子邮箱 is optional (not e-mail delivery), 通信地址 is not (post).
    const contact = await next(page, { carrier: 'paper', deliveryMethod: 'post' }, now + 2_000)
    expect(contact.html).toMatch(/电子邮箱<span class="optional">（选填）/)
    expect(contact.html).not.toMatch(/通信地址<span class="optional">/)
    expect(contact.html).not.toMatch(/\smaxlength=/)
    expect(contact.html).toContain('data-counter-for="f-email"')
    // Each hint directly under its label, tied by aria-describedby.
    expect(contact.html).toMatch(
      /<label for="f-phone">联系电话<\/label><span class="hint field-help" id="f-phone-hint">/,
    )
    expect(contact.html).toMatch(/id="f-phone"[^>]*aria-describedby="f-phone-hint/)
  })

  it('a submitted draft shows its reference, and a repeated submit the same receipt', async () => {
    const { html, url, now } = await fillToCheck(PATH)
    const first = await postPage(PATH, html, {}, 'submit', now + 5_000)
    expect(first.status).toBe(303)
    const again = await postPage(PATH, html, {}, 'submit', now + 6_000)
    expect(again.headers.get('location')).toBe(first.headers.get('location'))
    const reference = /receipt\/([^?]+)/.exec(first.headers.get('location')!)![1]!
    const view = await call(url, at(now + 7_000))
    expect(view.status).toBe(200)
    const text = await view.text()
    expect(text).toContain('此申请已提交')
    expect(text).toContain(reference)
    expect(text).not.toContain('张三')
  })

  it('shows a resume link on every page; saving keeps the typed answers without checking them', async () => {
    const first = await openPage(PATH, T0)
    const id = draftOf(first.html)
    expect(first.html).toContain(`https://gov.example.cn/demo/forms/disclosure?d=${id}`)
    const type = await next(first.html, PERSON, T0 + 1_000)
    const save = await postPage(PATH, type.html, { name: '张' }, 'save', T0 + 2_000)
    expect(save.headers.get('location')).toMatch(/saved=1/)
    const saved = (await follow(save, T0 + 2_000)).html
    expect(saved).toContain('已保存')
    expect(saved).toContain('value="张"')
    // The resume link (no page) picks up where the draft left off.
    const resume = await call(`${PATH}?d=${id}`, at(T0 + 3 * 24 * 3_600_000))
    expect(resume.status).toBe(303)
    expect(resume.headers.get('location')).toMatch(/p=applicant(&|$)/)
  })

  it('e-mails the resume link: the address and link kept only in the encrypted draft, read at delivery', async () => {
    const first = await openPage(PATH, T0)
    const id = draftOf(first.html)
    const type = await next(first.html, PERSON, T0 + 1_000)
    // A bad address comes back on the same page, linked from the error summary; what was typed is saved.
    const bad = await postPage(
      PATH,
      type.html,
      { name: '王五', _resumeEmail: 'not-an-address' },
      'send-link',
      T0 + 2_000,
    )
    expect(bad.status).toBe(422)
    const badHtml = await bad.text()
    expect(badHtml).toContain('href="#f-_resumeEmail"')
    expect(badHtml).toContain('请输入有效的电子邮箱地址')
    expect(badHtml).toContain('value="王五"')
    expect(badHtml).toContain('value="not-an-address"')
    const email = 'wang.wu@example.cn'
    const sent = await postPage(
      PATH,
      type.html,
      { name: '王五', _resumeEmail: email },
      'send-link',
      T0 + 3_000,
    )
    expect(sent.status).toBe(303)
    expect(sent.headers.get('location')).toMatch(/saved=1&sent=1/)
    const shown = (await follow(sent, T0 + 3_000)).html
    expect(shown).toContain(`继续填写的链接将发送到 ${email}`)
    expect(shown).toContain('value="王五"')
    // The row names the draft by its hash only: no address, no link, no id.
    const row = await env.DB.prepare("SELECT * FROM outbox WHERE kind = 'draft_resume_link'").first<{
      recipient: string
      payload: string
    }>()
    const dump = JSON.stringify(row)
    for (const secret of [email, id, id.split('.')[1]!]) expect(dump).not.toContain(secret)
    expect(row!.recipient).toMatch(/^draft-email:[0-9a-f]{64}$/)
    // Delivery reads the link from the draft and e-mails it to the address asked for; the link resumes the draft.
    const mails: OutboundMessage[] = []
    const transports = { email: { send: async (m: OutboundMessage) => void mails.push(m) } }
    const db = createDb(env.DB)
    await deliverOutbox(db, T0 + 4_000, resolverFromEnv(db, env, T0 + 4_000), transports)
    expect(mails).toHaveLength(1)
    expect(mails[0]!.to).toBe(email)
    expect(mails[0]!.subject).toContain('政府信息公开申请')
    const link = /https?:\/\/\S+/.exec(mails[0]!.body)![0]
    expect(link).toBe(`https://gov.example.cn${PATH}?d=${id}`)
    expect(mails[0]!.body).toContain('2026-11-27前打开下面的链接')
    const resumed = await call(link.replace('https://gov.example.cn', ''), at(T0 + 86_400_000))
    expect(resumed.status).toBe(303)
    expect(resumed.headers.get('location')).toMatch(/p=applicant(&|$)/)
    // At most RESUME_LINK_RATE.draft links per draft per day.
    for (let i = 1; i < RESUME_LINK_RATE.draft.limit; i++) {
      const again = await postPage(PATH, type.html, { _resumeEmail: email }, 'send-link', T0 + 5_000 + i)
      expect(again.status).toBe(303)
    }
    const over = await postPage(PATH, type.html, { _resumeEmail: email }, 'send-link', T0 + 6_000)
    expect(over.status).toBe(429)
  })

  it('sends no resume link once the draft is submitted', async () => {
    const { html, now } = await fillToCheck(PATH, PERSON, T0 + 7 * 86_400_000)
    const queued = await postPage(PATH, html, { _resumeEmail: 'late@example.cn' }, 'send-link', now + 1_000)
    expect(queued.status).toBe(303)
    expect(queued.headers.get('location')).toMatch(/p=_check&sent=1/)
    expect((await follow(queued, now + 1_000)).html).toContain('继续填写的链接将发送到 late@example.cn')
    expect((await postPage(PATH, html, {}, 'submit', now + 5_000)).status).toBe(303)
    const mails: OutboundMessage[] = []
    const transports = { email: { send: async (m: OutboundMessage) => void mails.push(m) } }
    const db = createDb(env.DB)
    await deliverOutbox(db, now + 6_000, resolverFromEnv(db, env, now + 6_000), transports)
    expect(mails.filter((m) => m.to === 'late@example.cn')).toEqual([])
  })
})
