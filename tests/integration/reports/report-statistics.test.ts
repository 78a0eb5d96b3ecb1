// Statistics from a year of cases built through the workflow API: monthly requests by channel and applicant type,
// the outcome mix, on-time rate and median working days, extension and correction rates, disputes and the rates
// reviewers and courts corrected the agency, the frequently requested information and its note to the
// proactive-disclosure list (audited, listed on a page); the SVG charts on the page.
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { browserLogin, call, json } from '../helpers'
import { at, newCase, ok, SECRECY, token } from '../workflow/case-helpers'

const BASIS = ['《中华人民共和国政府信息公开条例》第三十六条']
const DISCLOSED = { code: 'disclosed', legalBasis: BASIS, howToObtain: '邮寄' }
const plain = (code: string) => ({ code, legalBasis: BASIS, reasons: '依法说明的理由' })

interface Stats {
  months: string[]
  monthly: {
    byChannel: { key: string; values: number[] }[]
    byApplicant: { key: string; values: number[] }[]
    total: number[]
  }
  outcomes: { row: string; n: number }[]
  replies: Record<string, number | null>
  disputes: Record<string, number | null>
  frequent: {
    key: string
    title: string
    ids: string[]
    requests: number
    disclosed: number
    considerProactive: boolean
    noted: boolean
  }[]
}

async function receive(
  title: string,
  column: 'natural_person' | 'commercial_enterprise' | 'research_institution',
  channel: string,
  date: string,
) {
  const c = await newCase(at(date, 9), { reportColumn: column, title })
  await ok(c.caseId, 'registrar', 'confirm-receipt', { channel, receivedOn: date }, at(date, 11))
  await ok(c.caseId, 'registrar', 'accept', {}, at(date, 12))
  await ok(c.caseId, 'registrar', 'assign', { assigneeId: 'user-demo-handler' }, at(date, 13))
  return c
}

async function reply(caseId: string, outcome: Record<string, unknown>, day: string) {
  await ok(caseId, 'handler', 'draft-reply', { outcome, ...SECRECY }, at(day, 9))
  await ok(caseId, 'handler', 'submit-legal-review', {}, at(day, 10))
  await ok(caseId, 'approver', 'approve', {}, at(day, 11))
  await ok(caseId, 'registrar', 'send-reply', { sentOn: day }, at(day, 12))
}

async function stats(query = 'agency=demo&year=2025'): Promise<Stats> {
  const res = await call(`/api/v1/reports/statistics?${query}`, {
    headers: { authorization: `Bearer ${await token('admin')}`, 'x-test-now': String(at('2026-01-15')) },
  })
  if (res.status !== 200) throw new Error(`statistics ${res.status}: ${await res.text()}`)
  return (await res.json()) as Stats
}

const ids: Record<string, string> = {}

beforeAll(async () => {
  await env.DB.prepare(
    `UPDATE agencies SET settings = '{"disclosure":{"legalReview":false}}' WHERE id = 'agency-demo'`,
  ).run()
  // A: received Mon 3 March, replied Thu 20 March: 13 working days; two remedies.
  const a = await receive('申请公开2025年XX路拓宽工程征收补偿方案', 'natural_person', 'online', '2025-03-03')
  await reply(a.caseId, DISCLOSED, '2025-03-20')
  await ok(
    a.caseId,
    'handler',
    'record-remedy',
    {
      kind: 'reconsideration',
      filedOn: '2025-04-01',
      result: 'upheld',
      decidedOn: '2025-06-01',
      body: '示范市人民政府',
    },
    at('2025-06-02'),
  )
  await ok(
    a.caseId,
    'handler',
    'record-remedy',
    {
      kind: 'litigation',
      litigationPath: 'direct',
      filedOn: '2025-05-10',
      result: 'corrected',
      decidedOn: '2025-10-10',
    },
    at('2025-10-11'),
  )
  // B: 5 → 12 March: 5 working days.
  const b = await receive(
    '要求公开XX路拓宽工程的征收补偿方案',
    'commercial_enterprise',
    'online',
    '2025-03-05',
  )
  await reply(b.caseId, plain('not_exist'), '2025-03-12')
  // C: similar title (trigrams), in person, still open.
  const c = await receive('XX路拓宽工程房屋征收补偿方案', 'natural_person', 'in_person', '2025-04-01')
  // D: extended; 6 → 20 May: 10 working days.
  const d = await receive('2025年预算执行情况', 'research_institution', 'online', '2025-05-06')
  await ok(d.caseId, 'approver', 'extend', { reason: '需要协调多个部门' }, at('2025-05-07'))
  await reply(d.caseId, DISCLOSED, '2025-05-20')
  // E: asked to correct; 3 → 10 June: 5 working days.
  const e = await receive('区教育局招生计划', 'natural_person', 'registered_post', '2025-06-03')
  await ok(e.caseId, 'registrar', 'request-correction', { items: ['请明确年份'] }, at('2025-06-04'))
  await ok(e.caseId, 'registrar', 'receive-correction', { receivedOn: '2025-06-06' }, at('2025-06-06'))
  await reply(e.caseId, plain('other'), '2025-06-10')
  Object.assign(ids, { a: a.caseId, b: b.caseId, c: c.caseId, d: d.caseId, e: e.caseId })
}, 180_000)

describe('report statistics', { timeout: 60_000 }, () => {
  it('counts requests per month by channel and applicant type from the counters', async () => {
    const s = await stats()
    const values = (list: { key: string; values: number[] }[], key: string) =>
      list.find((x) => x.key === key)?.values
    const month = (m: Record<number, number>) => Array.from({ length: 12 }, (_, i) => m[i + 1] ?? 0)
    expect(values(s.monthly.byChannel, 'online')).toEqual(month({ 3: 2, 5: 1 }))
    expect(values(s.monthly.byChannel, 'in_person')).toEqual(month({ 4: 1 }))
    expect(values(s.monthly.byChannel, 'registered_post')).toEqual(month({ 6: 1 }))
    expect(values(s.monthly.byApplicant, 'natural_person')).toEqual(month({ 3: 1, 4: 1, 6: 1 }))
    expect(values(s.monthly.byApplicant, 'commercial_enterprise')).toEqual(month({ 3: 1 }))
    expect(values(s.monthly.byApplicant, 'research_institution')).toEqual(month({ 5: 1 }))
    expect(s.monthly.total).toEqual(month({ 3: 2, 4: 1, 5: 1, 6: 1 }))
    // The counters equal a recount of the cases.
    const recount = await env.DB.prepare(
      `SELECT substr(received_on, 1, 7) AS month, count(*) AS n FROM cases WHERE agency_id = 'agency-demo' AND received_on LIKE '2025-%' GROUP BY 1`,
    ).all<{ month: string; n: number }>()
    for (const r of recount.results) expect(s.monthly.total[Number(r.month.slice(5)) - 1], r.month).toBe(r.n)
  })

  it('gives the outcome mix, the on-time rate, the median working days and the extension and correction rates', async () => {
    const s = await stats()
    expect(Object.fromEntries(s.outcomes.map((o) => [o.row, o.n]))).toEqual({ '1': 2, '4.1': 1, '6.3': 1 })
    expect(s.replies).toMatchObject({
      replied: 4,
      onTime: 4,
      onTimeRate: 1,
      medianWorkingDays: 7.5, // 13, 5, 10, 5
      decided: 4,
      extended: 1,
      extensionRate: 0.25,
      correctionRequested: 1,
      correctionRate: 0.25,
    })
  })

  it('counts disputes and the rates reviewers and courts corrected the agency', async () => {
    const s = await stats()
    expect(s.disputes).toEqual({
      reconsideration: 1,
      litigation: 1,
      concluded: 2,
      corrected: 1,
      correctedRate: 0.5,
      litigationConcluded: 1,
      litigationLost: 1,
      lostRate: 1,
    })
  })

  it('groups similar request titles, flags them for proactive disclosure and notes them on the list (audited, once)', async () => {
    const s = await stats()
    const group = s.frequent[0]!
    expect([...group.ids].sort()).toEqual([ids.a, ids.b, ids.c].sort())
    expect(group).toMatchObject({ requests: 3, disclosed: 1, considerProactive: true, noted: false })
    expect(s.frequent.every((g) => g.requests >= 2)).toBe(true)
    const note = (groupKey: string) =>
      token('admin').then((t) =>
        call(
          '/api/v1/reports/proactive',
          json(
            { agency: 'demo', year: 2025, groupKey },
            { token: t, headers: { 'x-test-now': String(at('2026-01-15')) } },
          ),
        ),
      )
    const first = await note(group.key)
    expect(first.status).toBe(200)
    const noted = (await first.json()) as { id: string; title: string; requests: number }
    expect(noted).toMatchObject({ title: group.title, requests: 3 })
    const again = await note(group.key)
    expect(((await again.json()) as { id: string }).id).toBe(noted.id)
    const audit = await env.DB.prepare(
      `SELECT count(*) AS n FROM audit_log WHERE action = 'report.proactive_note'`,
    ).first<{ n: number }>()
    expect(audit!.n).toBe(1)
    expect((await note('no-such-group')).status).toBe(422)
    expect((await stats()).frequent[0]!.noted).toBe(true)
    const list = await call('/api/v1/reports/proactive?agency=demo', {
      headers: { authorization: `Bearer ${await token('admin')}` },
    })
    expect(((await list.json()) as { items: { id: string }[] }).items.map((i) => i.id)).toEqual([noted.id])
    const foreign = await call('/api/v1/reports/proactive?agency=demo-edu', {
      headers: { authorization: `Bearer ${await token('admin')}` },
    })
    expect(foreign.status).toBe(404)
  })

  it('draws the charts as inline SVG on the page and lists the proactive-disclosure notes', async () => {
    const now = at('2026-01-15')
    const { cookie } = await browserLogin('demo-admin', undefined, now)
    const headers = { cookie, 'x-test-now': String(now) }
    const res = await call('/admin/reports/statistics?agency=demo&year=2025', { headers })
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('<svg')
    expect(html).toContain('每月收到的申请（按渠道）')
    expect(html).toContain('网上申请（3）')
    expect(html).toContain('<dd id="median-days">7.5</dd>')
    expect(html).toContain('<dd id="lost-rate">100%</dd>')
    expect(html).toContain('建议考虑主动公开')
    expect(html).not.toContain('<script src=')
    const bad = await call('/admin/reports/statistics?agency=demo&year=2027', { headers })
    expect(bad.status).toBe(422)
    const list = await (await call('/admin/reports/proactive?agency=demo', { headers })).text()
    expect(list).toContain('主动公开建议清单')
    expect(list).toContain('征收补偿方案')
  })
})
