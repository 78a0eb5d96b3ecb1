// Closing a year of the annual report: the frozen figures with who and when (audited), a change to the closed year's
// 一 refused, a late outcome and a late remedy recorded as corrections shown beside the published tables, the
// self-checks explaining the difference with those cases, reopening (audited), and the page's forms.
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { browserLogin, call, json } from '../helpers'
import { act, at, errorCode, newCase, ok, openAndAssign, SECRECY, token } from '../workflow/case-helpers'

const BASIS = ['《中华人民共和国政府信息公开条例》第三十六条']

interface Closure {
  status: string
  closedBy: string
  closedOn: string
  frozen: {
    table3: { key: string; cells: Record<string, number> }[]
    table4: { key: string; cells: Record<string, number> }[]
  }
  corrections: {
    caseId: string
    reference: string
    kind: string
    actor: string
    on: string
    changes: { text: string; line: string; column: string; delta: number }[]
  }[]
}
interface Report {
  table3: { rows: { key: string; cells: Record<string, number> }[] }
  table4: { groups: { key: string; cells: Record<string, number> }[] }
  checks: {
    key: string
    ok: boolean
    failures: unknown[]
    cases: { id: string; reference: string; why: string; explanation: string }[]
  }[]
  closure: Closure | null
}

async function post(path: string, body: unknown, who: 'admin' | 'handler', now: number) {
  return call(path, json(body, { token: await token(who), headers: { 'x-test-now': String(now) } }))
}

async function report(year: number, now: number): Promise<Report> {
  const res = await call(`/api/v1/reports/annual?agency=demo&year=${year}`, {
    headers: { authorization: `Bearer ${await token('admin')}`, 'x-test-now': String(now) },
  })
  if (res.status !== 200) throw new Error(`report ${res.status}: ${await res.text()}`)
  return (await res.json()) as Report
}

const cell = (r: Report, line: string, column: string) =>
  r.table3.rows.find((x) => x.key === line)!.cells[column]

async function reply(caseId: string, outcome: Record<string, unknown>, sentOn: string, now: string) {
  await ok(caseId, 'handler', 'draft-reply', { outcome, ...SECRECY }, at(now, 9))
  await ok(caseId, 'handler', 'submit-legal-review', {}, at(now, 10))
  await ok(caseId, 'approver', 'approve', {}, at(now, 11))
  await ok(caseId, 'registrar', 'send-reply', { sentOn }, at(now, 12))
}

const auditRows = async (action: string) =>
  (
    await env.DB.prepare('SELECT actor_id, target, payload FROM audit_log WHERE action = ? ORDER BY id')
      .bind(action)
      .all<{ actor_id: string; target: string; payload: string }>()
  ).results

let decided: { caseId: string; reference: string }
let open: { caseId: string; reference: string }
let forRemedy: { caseId: string; reference: string }

beforeAll(async () => {
  await env.DB.prepare(
    `UPDATE agencies SET settings = '{"disclosure":{"legalReview":false}}' WHERE id = 'agency-demo'`,
  ).run()
  decided = await newCase(at('2025-03-03', 9), { reportColumn: 'natural_person' })
  await openAndAssign(decided.caseId, '2025-03-03')
  await reply(
    decided.caseId,
    { code: 'disclosed', legalBasis: BASIS, howToObtain: '邮寄' },
    '2025-03-20',
    '2025-03-20',
  )
  forRemedy = await newCase(at('2025-06-03', 9), { reportColumn: 'research_institution' })
  await openAndAssign(forRemedy.caseId, '2025-06-03')
  await reply(
    forRemedy.caseId,
    { code: 'not_exist', legalBasis: BASIS, reasons: '经检索不存在' },
    '2025-06-20',
    '2025-06-20',
  )
  // Received at the end of 2025 and still open when the year is closed: 四 of 2025.
  open = await newCase(at('2025-12-29', 9), { reportColumn: 'commercial_enterprise' })
  await openAndAssign(open.caseId, '2025-12-29')
}, 120_000)

describe('closing a year of the annual report', { timeout: 60_000 }, () => {
  it('closes the year with who, when and the frozen figures, audited; closing again changes nothing', async () => {
    const res = await post(
      '/api/v1/reports/annual/close',
      { agency: 'demo', year: 2025 },
      'admin',
      at('2026-01-15'),
    )
    expect(res.status).toBe(200)
    const closure = (await res.json()) as Closure
    expect(closure.status).toBe('closed')
    expect(closure.closedOn).toBe('2026-01-15')
    expect(closure.closedBy).toBeTruthy()
    const frozen = Object.fromEntries(closure.frozen.table3.map((r) => [r.key, r.cells]))
    expect(frozen.new!.total).toBe(3)
    expect(frozen['1']!.natural_person).toBe(1)
    expect(frozen['4.1']!.research).toBe(1)
    expect(frozen.carried_out!.commercial).toBe(1)
    const audit = await auditRows('report.close')
    expect(audit).toHaveLength(1)
    expect(audit[0]!.target).toBe('agency-demo:2025')
    expect(JSON.parse(audit[0]!.payload)).toMatchObject({
      year: 2025,
      received: 3,
      decided: 2,
      carriedOut: 1,
    })
    const again = await post(
      '/api/v1/reports/annual/close',
      { agency: 'demo', year: 2025 },
      'admin',
      at('2026-01-16'),
    )
    expect(again.status).toBe(200)
    expect(((await again.json()) as Closure).closedOn).toBe('2026-01-15')
    expect(await auditRows('report.close')).toHaveLength(1)
    const r = await report(2025, at('2026-01-16'))
    expect(r.closure?.status).toBe('closed')
    expect(r.checks.find((c) => c.key === 'closed_unchanged')?.ok).toBe(true)
  })

  it('refuses to close a year not over, for a non-admin, a foreign agency, or with bad input', async () => {
    const notOver = await post(
      '/api/v1/reports/annual/close',
      { agency: 'demo', year: 2026 },
      'admin',
      at('2026-01-15'),
    )
    expect(notOver.status).toBe(422)
    expect(JSON.stringify(await notOver.json())).toContain('year_not_over')
    const handler = await post(
      '/api/v1/reports/annual/close',
      { agency: 'demo', year: 2025 },
      'handler',
      at('2026-01-15'),
    )
    expect(handler.status).toBe(403)
    const foreign = await post(
      '/api/v1/reports/annual/close',
      { agency: 'demo-edu', year: 2025 },
      'admin',
      at('2026-01-15'),
    )
    expect(foreign.status).toBe(404)
    const bad = await post(
      '/api/v1/reports/annual/close',
      { agency: 'demo', year: 'x' },
      'admin',
      at('2026-01-15'),
    )
    expect(bad.status).toBe(422)
    const noReason = await post(
      '/api/v1/reports/annual/reopen',
      { agency: 'demo', year: 2025, reason: ' ' },
      'admin',
      at('2026-01-15'),
    )
    expect(noReason.status).toBe(422)
  })

  it('records a reply sent within the closed year but recorded later as a correction, with case, date and actor', async () => {
    await reply(
      open.caseId,
      { code: 'disclosed', legalBasis: BASIS, howToObtain: '邮寄' },
      '2025-12-31',
      '2026-01-20',
    )
    const r = await report(2025, at('2026-01-21'))
    // The recount moves the case from 四 to （一）; the published table stays as it was.
    expect(cell(r, '1', 'commercial')).toBe(1)
    expect(cell(r, 'carried_out', 'commercial')).toBe(0)
    const published = Object.fromEntries(r.closure!.frozen.table3.map((x) => [x.key, x.cells]))
    expect(published.carried_out!.commercial).toBe(1)
    expect(published['1']!.commercial).toBe(0)
    const correction = r.closure!.corrections.find((c) => c.caseId === open.caseId)!
    expect(correction.kind).toBe('outcome')
    expect(correction.on).toBe('2026-01-20')
    expect(correction.actor).toBeTruthy()
    expect(correction.changes.map((c) => [c.line, c.column, c.delta])).toEqual([
      ['1', 'commercial_enterprise', 1],
      ['carriedOut', 'commercial_enterprise', -1],
    ])
    // The self-check names the case: its outcome was recorded after the year was closed.
    const check = r.checks.find((c) => c.key === 'closed_unchanged')!
    expect(check.ok).toBe(false)
    expect(check.cases).toContainEqual(
      expect.objectContaining({ id: open.caseId, reference: open.reference, why: 'recorded_after_closing' }),
    )
    expect(check.cases[0]!.explanation).toContain('2026-01-20')
    // 2026's 二 against 2025's 四 as published: one fewer, explained by the same case.
    const next = await report(2026, at('2026-01-21'))
    const carry = next.checks.find((c) => c.key === 'carry_over')!
    expect(carry.ok).toBe(false)
    expect(carry.cases.map((c) => c.id)).toContain(open.caseId)
  })

  it('records a remedy filed and decided within the closed year as a Table 4 correction', async () => {
    await ok(
      forRemedy.caseId,
      'handler',
      'record-remedy',
      {
        kind: 'reconsideration',
        filedOn: '2025-08-01',
        result: 'upheld',
        decidedOn: '2025-10-01',
        body: '示范市人民政府',
      },
      at('2026-01-22'),
    )
    const r = await report(2025, at('2026-01-22'))
    expect(r.table4.groups.find((g) => g.key === 'reconsideration')!.cells.upheld).toBe(1)
    expect(r.closure!.frozen.table4.find((g) => g.key === 'reconsideration')!.cells.upheld).toBe(0)
    const correction = r.closure!.corrections.find((c) => c.caseId === forRemedy.caseId)!
    expect(correction.kind).toBe('remedy')
    expect(correction.changes).toEqual([
      expect.objectContaining({ table: 4, line: 'reconsideration', column: 'upheld', delta: 1 }),
    ])
    expect(correction.changes[0]!.text).toContain('结果维持')
  })

  it('refuses a receipt dated in the closed year, and nothing is written', async () => {
    const late = await newCase(at('2025-12-31', 9), { reportColumn: 'natural_person' })
    const before = await env.DB.prepare('SELECT version FROM cases WHERE id = ?')
      .bind(late.caseId)
      .first<{ version: number }>()
    const res = await act(
      late.caseId,
      'registrar',
      'confirm-receipt',
      { channel: 'online', receivedOn: '2025-12-31' },
      at('2026-01-23'),
    )
    expect(res.status).toBe(409)
    expect(await errorCode(res)).toBe('report_year_closed')
    const after = await env.DB.prepare('SELECT version, received_on FROM cases WHERE id = ?')
      .bind(late.caseId)
      .first<{ version: number; received_on: string | null }>()
    expect(after).toEqual({ version: before!.version, received_on: null })
    // A receipt dated in the open year is fine.
    await ok(
      late.caseId,
      'registrar',
      'confirm-receipt',
      { channel: 'online', receivedOn: '2026-01-23' },
      at('2026-01-23', 11),
    )
  })

  it('refuses a paper application registered with a receipt date in the closed year, writing nothing', async () => {
    const count = async () =>
      (await env.DB.prepare('SELECT count(*) AS n FROM cases').first<{ n: number }>())!.n
    const before = await count()
    const body = {
      form: 'disclosure',
      channel: 'post',
      receivedOn: '2025-12-30',
      data: {
        applicantType: 'natural_person',
        name: '张三',
        idDocument: { type: 'resident_id', number: '11010519491231002X' },
        informationDescription: '2025年政府采购目录',
        carrier: 'paper',
        deliveryMethod: 'collect',
        phone: '13800138000',
        declaration: true,
      },
    }
    const intake = async (receivedOn: string) =>
      call(
        '/api/v1/agencies/demo/intake',
        json(
          { ...body, receivedOn },
          { token: await token('registrar'), headers: { 'x-test-now': String(at('2026-01-26')) } },
        ),
      )
    const refused = await intake('2025-12-30')
    expect(refused.status).toBe(409)
    expect(await errorCode(refused)).toBe('report_year_closed')
    expect(await count()).toBe(before)
    // Received in the open year: registered.
    expect((await intake('2026-01-23')).status).toBe(201)
  })

  it('shows the published tables, the recount and the correction lines on the page; reopening needs a reason and is audited', async () => {
    const now = at('2026-01-24')
    const { cookie, csrf } = await browserLogin('demo-admin', undefined, now)
    const headers = { cookie, 'x-test-now': String(now) }
    const html = await (await call('/admin/reports/annual?agency=demo&year=2025', { headers })).text()
    for (const text of [
      '关账后更正',
      '关账时公布的数字',
      open.reference,
      forRemedy.reference,
      '2026-01-20',
      '关账后登记的办理结果',
      '重新开账',
    ])
      expect(html, text).toContain(text)
    expect(html).toContain(
      '/admin/reports/annual/remedy-cases?agency=demo&amp;year=2025&amp;group=reconsideration&amp;result=upheld',
    )
    const form = (body: Record<string, string>) => ({
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf, agency: 'demo', year: '2025', ...body }).toString(),
    })
    const noReason = await call('/admin/reports/annual/reopen', form({ reason: '' }))
    expect(noReason.status).toBe(422)
    expect(await noReason.text()).toContain('请填写重新开账的理由')
    const reopened = await call('/admin/reports/annual/reopen', form({ reason: '补登漏报的申请' }))
    expect(reopened.status).toBe(303)
    const audit = await auditRows('report.reopen')
    expect(audit).toHaveLength(1)
    expect(JSON.parse(audit[0]!.payload)).toMatchObject({ year: 2025, reason: '补登漏报的申请' })
    // Open again: a receipt dated in 2025 goes through, and no correction is recorded for it.
    const late = await newCase(at('2025-12-30', 9), { reportColumn: 'natural_person' })
    await ok(
      late.caseId,
      'registrar',
      'confirm-receipt',
      { channel: 'online', receivedOn: '2025-12-30' },
      at('2026-01-24', 11),
    )
    const corrections = await env.DB.prepare('SELECT count(*) AS n FROM report_corrections WHERE case_id = ?')
      .bind(late.caseId)
      .first<{ n: number }>()
    expect(corrections!.n).toBe(0)
    // Closing again from the page freezes the new figures.
    const closed = await call('/admin/reports/annual/close', form({}))
    expect(closed.status).toBe(303)
    const r = await report(2025, at('2026-01-25'))
    expect(r.closure!.status).toBe('closed')
    expect(r.closure!.frozen.table3.find((x) => x.key === 'new')!.cells.total).toBe(4)
    expect(r.checks.find((c) => c.key === 'closed_unchanged')!.ok).toBe(true)
    expect(await auditRows('report.close')).toHaveLength(2)
  })
})
