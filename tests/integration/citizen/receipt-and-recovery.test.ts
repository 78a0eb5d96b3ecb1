// The citizen's receipt after submitting (issue 14): it shows even when the address has used up its tracking
// lookups, its copies go by SMS and e-mail through the outbox (no code in any URL, none stored in a row), a lost
// code is replaced through the contact on file (rate limited, audited, the old one stops working), and tracking
// explains the deadline's rule and each pause.
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { createDb } from '../../../db/client'
import { resolverFromEnv } from '../../../workers/services/notify-env'
import { deliverOutbox, type OutboundMessage, type Transport } from '../../../workers/services/outbox'
import { RECOVERY_RATE } from '../../../workers/services/receipt'
import { TRACK_RATE } from '../../../workers/services/tracking'
import { submitForm } from '../forms/form-helpers'
import { call } from '../helpers'
import { at, newCase, ok, openAndAssign } from '../workflow/case-helpers'

const PATH = '/demo/forms/disclosure'
const db = () => createDb(env.DB)

let ipCounter = 40
function nextIp(): string {
  ipCounter++
  return `198.51.100.${ipCounter}`
}

function form(path: string, fields: Record<string, string>, ip: string, now: number) {
  return call(path, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'cf-connecting-ip': ip,
      'x-test-now': String(now),
    },
    body: new URLSearchParams(fields).toString(),
  })
}

function trackApi(reference: string, code: string, ip: string, now: number) {
  const qs = new URLSearchParams({ reference, code })
  return call(`/api/v1/track?${qs}`, { headers: { 'cf-connecting-ip': ip, 'x-test-now': String(now) } })
}

/** Deliver the pending outbox with recording gateways; returns what each sent. */
async function deliver(now: number): Promise<{ sms: OutboundMessage[]; email: OutboundMessage[] }> {
  const sent = { sms: [] as OutboundMessage[], email: [] as OutboundMessage[] }
  const recorder = (list: OutboundMessage[]): Transport => ({
    async send(m) {
      list.push(m)
    },
  })
  const transports = { sms: recorder(sent.sms), email: recorder(sent.email) }
  await deliverOutbox(db(), now, resolverFromEnv(db(), env, now), transports)
  return sent
}

async function outboxRows(recipientSuffix: string) {
  return (
    await env.DB.prepare(
      'SELECT kind, recipient, payload FROM outbox WHERE recipient LIKE ? ORDER BY created_at',
    )
      .bind(`%:${recipientSuffix}`)
      .all<{ kind: string; recipient: string; payload: string }>()
  ).results
}

describe('the receipt right after submission', () => {
  it('shows even when the address has used up its tracking lookups, once, and closes after 30 minutes', async () => {
    const { res, now } = await submitForm(PATH)
    const location = res.headers.get('location')!
    // The form's pages come from the test address; use the tracking limit up from it.
    const ip = '127.0.0.1'
    for (let i = 0; i <= TRACK_RATE.limit; i++) await trackApi('2026-AAAA-AAAA', 'AAAAAA', ip, now)
    expect((await trackApi('2026-AAAA-AAAA', 'AAAAAA', ip, now)).status).toBe(429)
    const receipt = await call(location, {
      headers: { 'cf-connecting-ip': ip, 'x-test-now': String(now + 1000) },
    })
    expect(receipt.status).toBe(200)
    expect(receipt.headers.get('cache-control')).toBe('no-store')
    expect(receipt.headers.get('referrer-policy')).toBe('no-referrer')
    const html = await receipt.text()
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true)
    expect(html).toMatch(/<strong class="reference">[2-9A-HJ-NP-Z]{6}<\/strong>/)
    // The page script moves the address bar to the link without its key: that address shows no code.
    const closedUrl = /data-receipt-closed-url="([^"]+)"/.exec(html)![1]!.replace(/&amp;/g, '&')
    expect(closedUrl).not.toContain('k=')
    const closed = await call(closedUrl, { headers: { 'x-test-now': String(now + 2000) } })
    expect(closed.status).toBe(200)
    const closedHtml = await closed.text()
    expect(closedHtml).toContain('回执页面已关闭')
    expect(closedHtml).not.toMatch(/<strong class="reference">[2-9A-HJ-NP-Z]{6}<\/strong>/)
    expect(closedHtml).toContain('href="/track/recover"')
    const late = await call(location, { headers: { 'x-test-now': String(now + 30 * 60_000 + 1000) } })
    expect(late.status).toBe(410)
  })

  it('sends one SMS copy (reference and tracking link, no code) and one e-mail copy (with the code)', async () => {
    const { res, now } = await submitForm(PATH)
    const location = res.headers.get('location')!
    const reference = /\/receipt\/([^?]+)/.exec(location)![1]!
    const key = new URL(location, 'https://x').searchParams.get('k')!
    const html = await (await call(location, { headers: { 'x-test-now': String(now + 1000) } })).text()
    const code = /<strong class="reference">([2-9A-HJ-NP-Z]{6})<\/strong>/.exec(html)![1]!
    expect(html).toContain('发送短信回执')
    expect(html).toContain('发送电子邮件回执')
    const ip = nextIp()
    const copy = `${PATH}/receipt/${reference}/copy`
    const sms = await form(copy, { k: key, channel: 'sms' }, ip, now + 2000)
    expect(sms.status).toBe(303)
    expect(sms.headers.get('location')).toContain('sent=sms')
    const shown = await call(sms.headers.get('location')!, { headers: { 'x-test-now': String(now + 2500) } })
    expect(await shown.text()).toContain('短信回执已安排发送')
    // Asking again queues nothing more; a wrong key is a 404 and queues nothing.
    expect((await form(copy, { k: key, channel: 'sms' }, ip, now + 3000)).status).toBe(303)
    expect((await form(copy, { k: 'AAAA', channel: 'email' }, ip, now + 3000)).status).toBe(404)
    expect((await form(copy, { k: key, channel: 'email' }, ip, now + 4000)).status).toBe(303)
    const sub = await env.DB.prepare('SELECT id FROM submissions WHERE reference = ?')
      .bind(reference)
      .first<{ id: string }>()
    const rows = await outboxRows(sub!.id)
    expect(rows.map((r) => r.kind)).toEqual(['receipt_copy_sms', 'receipt_copy_email'])
    // The code is never stored in an outbox row.
    for (const r of rows) expect(r.payload).not.toContain(code)
    const sent = await deliver(now + 5000)
    const smsSent = sent.sms.filter((m) => m.body.includes(reference))
    const mailSent = sent.email.filter((m) => m.body.includes(reference))
    expect(smsSent).toHaveLength(1)
    expect(mailSent).toHaveLength(1)
    expect(smsSent[0]!.to).toBe('13800138000')
    expect(mailSent[0]!.to).toBe('zhang@example.cn')
    const link = /https?:\/\/\S+/.exec(smsSent[0]!.body)![0]
    expect(link).toMatch(/\/track\?reference=/)
    expect(link).not.toContain(code)
    expect(smsSent[0]!.body).not.toContain(code)
    expect(mailSent[0]!.body).toContain(`查询码：${code}`)
    expect(/https?:\/\/\S+/.exec(mailSent[0]!.body)![0]).not.toContain(code)
  })
})

describe('lost query code', () => {
  it('sends a new code to the contact on file only; the old code stops working; audited', async () => {
    const c = await newCase(at('2024-09-27', 9))
    const ip = nextIp()
    const now = at('2024-09-30')
    // A contact that is not the one on file: the same answer, nothing changes, nothing is sent.
    const wrong = await form('/track/recover', { reference: c.reference, contact: '13900000000' }, ip, now)
    expect(wrong.status).toBe(200)
    const wrongHtml = await wrong.text()
    expect(wrongHtml).toContain('如果申请编号和联系方式与申请中填写的一致')
    expect(await outboxRows(c.submissionId)).toEqual([])
    expect((await trackApi(c.reference, c.queryCode, ip, now)).status).toBe(200)
    // The phone number on file, typed with the country code and spaces.
    const right = await form(
      '/track/recover',
      { reference: c.reference, contact: '+86 138 0013 8000' },
      ip,
      now,
    )
    expect(await right.text()).toBe(wrongHtml)
    const rows = await outboxRows(c.submissionId)
    expect(rows.map((r) => [r.kind, r.recipient])).toEqual([
      ['query_code_reset', `applicant-sms:${c.submissionId}`],
    ])
    const sent = await deliver(now + 1000)
    const message = sent.sms.find((m) => m.body.includes(c.reference))!
    const newCode = /查询码：([2-9A-HJ-NP-Z]{6})/.exec(message.body)![1]!
    expect(newCode).not.toBe(c.queryCode)
    expect(rows[0]!.payload).not.toContain(newCode)
    expect(/https?:\/\/\S+/.exec(message.body)![0]).not.toContain(newCode)
    expect(sent.email.filter((m) => m.body.includes(c.reference))).toEqual([])
    expect((await trackApi(c.reference, c.queryCode, ip, now + 2000)).status).toBe(404)
    expect((await trackApi(c.reference, newCode, ip, now + 3000)).status).toBe(200)
    const audit = await env.DB.prepare(
      "SELECT target, payload, ip FROM audit_log WHERE action = 'query_code.reset'",
    ).all<{ target: string; payload: string; ip: string }>()
    const mine = audit.results.filter((r) => r.target === c.submissionId)
    expect(mine).toHaveLength(1)
    expect(JSON.parse(mine[0]!.payload)).toEqual({ reference: c.reference, channel: 'sms' })
    expect(mine[0]!.ip).toBe(ip)
  })

  it('is rate limited per reference, saying how long to wait', async () => {
    const c = await newCase(at('2024-09-27', 9))
    const now = at('2024-09-30')
    for (let i = 0; i < RECOVERY_RATE.reference.limit; i++) {
      const res = await form(
        '/track/recover',
        { reference: c.reference, contact: 'x@example.cn' },
        nextIp(),
        now,
      )
      expect(res.status).toBe(200)
    }
    const limited = await form(
      '/track/recover',
      { reference: c.reference, contact: 'zhang@example.cn' },
      nextIp(),
      now,
    )
    expect(limited.status).toBe(429)
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(await limited.text()).toMatch(/请在 \d+ 分钟后再试/)
    expect(await outboxRows(c.submissionId)).toEqual([])
  })
})

describe('the same through the JSON API', () => {
  function json(path: string, body: unknown, ip: string, now: number) {
    return call(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'cf-connecting-ip': ip, 'x-test-now': String(now) },
      body: JSON.stringify(body),
    })
  }

  it('POST /track/receipt-copy queues one copy per channel for the reference and code; a wrong code queues nothing', async () => {
    const c = await newCase(at('2024-09-27', 9))
    const ip = nextIp()
    const now = at('2024-09-30')
    const path = '/api/v1/track/receipt-copy'
    const wrong = await json(path, { reference: c.reference, code: 'AAAAAA', channel: 'sms' }, ip, now)
    expect(wrong.status).toBe(404)
    const first = await json(path, { reference: c.reference, code: c.queryCode, channel: 'sms' }, ip, now)
    expect(first.status).toBe(202)
    expect(await first.json()).toEqual({ queued: true })
    const again = await json(path, { reference: c.reference, code: c.queryCode, channel: 'sms' }, ip, now)
    expect(await again.json()).toEqual({ queued: false })
    const bad = await json(path, { reference: c.reference, code: c.queryCode, channel: 'fax' }, ip, now)
    expect(bad.status).toBe(422)
    const extra = await json(
      path,
      { reference: c.reference, code: c.queryCode, channel: 'sms', to: 'x' },
      ip,
      now,
    )
    expect(extra.status).toBe(422)
    const rows = await outboxRows(c.submissionId)
    expect(rows.map((r) => [r.kind, r.recipient])).toEqual([
      ['receipt_copy_sms', `applicant-sms:${c.submissionId}`],
    ])
    const sent = await deliver(now + 1000)
    const sms = sent.sms.filter((m) => m.body.includes(c.reference))
    expect(sms.map((m) => m.to)).toEqual(['13800138000'])
    expect(sms[0]!.body).not.toContain(c.queryCode)
  })

  it('POST /track/recover answers 202 alike whatever the pair, sends only to the contact on file, and is rate limited', async () => {
    const c = await newCase(at('2024-09-27', 9))
    const now = at('2024-09-30')
    const path = '/api/v1/track/recover'
    const wrong = await json(path, { reference: c.reference, contact: '13900000000' }, nextIp(), now)
    expect(wrong.status).toBe(202)
    const unknown = await json(path, { reference: '2024-AAAA-AAAA', contact: '13900000000' }, nextIp(), now)
    expect(await unknown.json()).toEqual(await wrong.json())
    expect(await outboxRows(c.submissionId)).toEqual([])
    expect((await json(path, { reference: c.reference }, nextIp(), now)).status).toBe(422)
    const right = await json(path, { reference: c.reference, contact: 'zhang@example.cn' }, nextIp(), now)
    expect(right.status).toBe(202)
    expect((await outboxRows(c.submissionId)).map((r) => r.kind)).toEqual(['query_code_reset'])
    expect((await trackApi(c.reference, c.queryCode, nextIp(), now + 1000)).status).toBe(404)
    // Two asked so far for this reference: up to the per-reference limit, then 429 with the code.
    for (let i = 2; i < RECOVERY_RATE.reference.limit; i++) {
      expect(
        (await json(path, { reference: c.reference, contact: 'x@example.cn' }, nextIp(), now)).status,
      ).toBe(202)
    }
    const limited = await json(path, { reference: c.reference, contact: 'zhang@example.cn' }, nextIp(), now)
    expect(limited.status).toBe(429)
    expect(((await limited.json()) as { error: { code: string } }).error.code).toBe('rate_limited')
  })
})

describe('tracking explains', () => {
  it('shows the agency, the subject, the rule with its article, working days left and each pause', async () => {
    const c = await newCase(at('2024-09-27', 9), { title: '示范县2024年财政预算执行情况' })
    await openAndAssign(c.caseId, '2024-09-27')
    await ok(
      c.caseId,
      'handler',
      'consult-third-party',
      { consultee: '某公司', sentOn: '2024-10-09' },
      at('2024-10-09'),
    )
    await ok(
      c.caseId,
      'handler',
      'receive-opinion',
      { receivedOn: '2024-10-18', position: 'objects' },
      at('2024-10-18'),
    )
    const ip = nextIp()
    const res = await form('/track', { reference: c.reference, code: c.queryCode }, ip, at('2024-10-21'))
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('示范县人民政府')
    expect(html).toContain('示范县2024年财政预算执行情况')
    expect(html).toContain(
      '自收到申请之日（2024-09-27）起 20 个工作日内答复（《政府信息公开条例》第三十三条）',
    )
    expect(html).toContain('2024-11-11（还有 15 个工作日）')
    expect(html).toMatch(/2024-10-\d\d 至 2024-10-18（\d+ 个工作日）：征求第三方意见期间不计算在内/)
    // One lookup form only, and the code never shown in plain text beside the status.
    expect(html).not.toContain('action="/track" ')
    expect(html).not.toContain(`value="${c.queryCode}" autocomplete`)
    // Withdrawing asks for confirmation and says what it means.
    expect(html).toContain('已撤回的申请不能恢复')
    const unconfirmed = await form(
      '/track/withdraw',
      { reference: c.reference, code: c.queryCode },
      ip,
      at('2024-10-21'),
    )
    expect(unconfirmed.status).toBe(422)
    expect(await unconfirmed.text()).toContain('请勾选确认后再撤回申请')
    const status = (await (await trackApi(c.reference, c.queryCode, ip, at('2024-10-21'))).json()) as Record<
      string,
      unknown
    >
    expect(status.state).not.toBe('closed')
    const confirmed = await form(
      '/track/withdraw',
      { reference: c.reference, code: c.queryCode, confirm: 'yes' },
      ip,
      at('2024-10-21'),
    )
    expect(confirmed.status).toBe(200)
    expect(await confirmed.text()).toContain('您的申请已撤回')
  })

  it('says how long to wait when the address has used up its lookups', async () => {
    const ip = nextIp()
    const now = at('2024-10-21')
    for (let i = 0; i < TRACK_RATE.limit; i++) await trackApi('2026-AAAA-AAAA', 'AAAAAA', ip, now)
    const res = await form('/track', { reference: '2026-AAAA-AAAA', code: 'AAAAAA' }, ip, now)
    expect(res.status).toBe(429)
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/)
    expect(await res.text()).toMatch(/请在 \d+ 分钟后再试/)
  })
})
