// The annual report from a year of cases built through the workflow API: every cell of Tables 3 and 4, every
// self-check (and its explanation when broken), carry-over into the next year, sub-agencies, drill-down, the
// .xlsx and CSV exports read back, and the bad-input answers.
import { env } from 'cloudflare:workers'
import { strFromU8, unzipSync } from 'fflate'
import Papa from 'papaparse'
import { beforeAll, describe, expect, it } from 'vitest'
import { createDb } from '../../../db/client'
import { sealAllAuditChains } from '../../../workers/services/audit-log'
import { readXlsxGrid } from '../../../workflows/tasks/xlsx-grid'
import { browserLogin, call } from '../helpers'
import { at, newCase, ok, openAndAssign, token } from '../workflow/case-helpers'
import { type BuiltYear, buildYear, COLUMNS, CONTRACT, EXPECTED_TABLE4_2025 } from './report-year'

interface Report {
  year: number
  fees: { n: number; yuan: number }
  tasks: { planId: string; tasks: number } | null
  agencies: { id: string }[]
  table3: {
    columns: { key: string }[]
    rows: { key: string; label: string; cells: Record<string, number> }[]
  }
  table4: { groups: { key: string; cells: Record<string, number> }[] }
  checks: {
    key: string
    ok: boolean
    failures: { column: string; left: number; right: number }[]
    cases: { id: string; reference: string; why: string; explanation: string }[]
  }[]
}

const LINE_KEYS = [
  'new',
  'carried_in',
  '1',
  '2',
  '3.1',
  '3.2',
  '3.3',
  '3.4',
  '3.5',
  '3.6',
  '3.7',
  '3.8',
  '4.1',
  '4.2',
  '4.3',
  '5.1',
  '5.2',
  '5.3',
  '5.4',
  '5.5',
  '6.1',
  '6.2',
  '6.3',
  'results_total',
  'carried_out',
]
const COLUMN_KEYS = [...COLUMNS.map((c) => CONTRACT[c]), 'total']
const LEAVES = LINE_KEYS.slice(2, 23)

async function get(path: string, now = at('2026-01-15')) {
  return call(path, {
    headers: { authorization: `Bearer ${await token('admin')}`, 'x-test-now': String(now) },
  })
}

async function report(query: string, now?: number): Promise<Report> {
  const res = await get(`/api/v1/reports/annual?${query}`, now)
  if (res.status !== 200) throw new Error(`report ${res.status}: ${await res.text()}`)
  return (await res.json()) as Report
}

function cellsOf(r: Report): Record<string, Record<string, number>> {
  return Object.fromEntries(r.table3.rows.map((row) => [row.key, row.cells]))
}

let built: BuiltYear

beforeAll(async () => {
  built = await buildYear()
}, 240_000)

describe('annual report Table 3 and Table 4 (2025)', { timeout: 60_000 }, () => {
  it('has every line in the official order with exactly the contract columns', async () => {
    const r = await report('agency=demo&year=2025')
    expect(r.table3.rows.map((row) => row.key)).toEqual(LINE_KEYS)
    expect(r.table3.columns.map((c) => c.key)).toEqual([
      'natural_person',
      'commercial',
      'research',
      'social_welfare',
      'legal_services',
      'other',
      'total',
    ])
    for (const row of r.table3.rows) expect(Object.keys(row.cells).sort()).toEqual([...COLUMN_KEYS].sort())
    expect(r.table3.rows[0]!.label).toBe('一、本年新收政府信息公开申请数量')
    expect(r.table3.rows.find((row) => row.key === '3.3')!.label).toBe('3.危及“三安全一稳定”')
  })

  it('counts every cell as the cases built through the workflow say', async () => {
    const r = await report('agency=demo&year=2025')
    const want = built.expected2025
    // Results total = the leaves; totals = the six columns.
    const resultsTotal: Record<string, number> = {}
    for (const leaf of LEAVES)
      for (const [col, n] of Object.entries(want[leaf] ?? {}))
        resultsTotal[col] = (resultsTotal[col] ?? 0) + n
    want.results_total = resultsTotal
    const cells = cellsOf(r)
    for (const line of LINE_KEYS) {
      const expectedRow = Object.fromEntries(
        COLUMN_KEYS.map((col) => [
          col,
          col === 'total'
            ? Object.values(want[line] ?? {}).reduce((a, b) => a + b, 0)
            : (want[line]?.[col] ?? 0),
        ]),
      )
      expect({ line, cells: cells[line] }).toEqual({ line, cells: expectedRow })
    }
    // Every leaf row and every applicant column is exercised by the data.
    for (const leaf of LEAVES) expect(cells[leaf]!.total, leaf).toBeGreaterThan(0)
    for (const col of COLUMN_KEYS) expect(cells.new![col], col).toBeGreaterThan(0)
    expect(cells['3.8']!.total).toBe(2) // administrative query + the special regime (default row)
    expect(cells['4.1']!.total).toBe(2) // not exist + the transfer (Art. 36(5) at the sender)
  })

  it('counts Table 4 from the remedies by group and result as of the year end', async () => {
    const r = await report('agency=demo&year=2025')
    expect(Object.fromEntries(r.table4.groups.map((g) => [g.key, g.cells]))).toEqual(EXPECTED_TABLE4_2025)
  })

  it('passes every self-check on consistent data', async () => {
    const r = await report('agency=demo&year=2025')
    expect(r.checks.map((c) => [c.key, c.ok])).toEqual([
      ['balance', true],
      ['results_sum', true],
      ['columns_sum', true],
      ['carry_over', true],
    ])
  })

  it('carries 四 of 2025 into 二 of 2026, column by column', async () => {
    const [y2025, y2026] = [
      await report('agency=demo&year=2025', at('2026-03-01')),
      await report('agency=demo&year=2026', at('2026-03-01')),
    ]
    expect(cellsOf(y2026).carried_in).toEqual(cellsOf(y2025).carried_out)
    expect(cellsOf(y2026).carried_in).toMatchObject({ ...built.expected2026Partial.carriedIn, total: 3 })
    expect(cellsOf(y2026)['1']).toMatchObject({ ...built.expected2026Partial.row1, total: 1 })
    expect(y2026.checks.every((c) => c.ok)).toBe(true)
    // 2024 sees the cases received then: two carried into 2025 (二 of 2025).
    const y2024 = await report('agency=demo&year=2024', at('2026-03-01'))
    expect(cellsOf(y2024).carried_out).toEqual(cellsOf(y2025).carried_in)
  })

  it('includes the sub-agencies on request: the transferred request counts again where it was received', async () => {
    const own = await report('agency=demo&year=2025')
    const all = await report('agency=demo&year=2025&subAgencies=true')
    expect(all.agencies.map((a) => a.id)).toEqual(
      expect.arrayContaining(['agency-demo', 'agency-demo-nrb', 'agency-demo-edu']),
    )
    expect(cellsOf(all).new!.total).toBe(cellsOf(own).new!.total! + 1)
    expect(cellsOf(all).carried_out!.total).toBe(cellsOf(own).carried_out!.total! + 1)
    expect(all.checks.every((c) => c.ok)).toBe(true)
  })

  it('follows the agency’s special-regime row setting', async () => {
    await env.DB.prepare(
      `UPDATE agencies SET settings = json_set(settings, '$.reports', json('{"specialRegimeRow":"5.5"}')) WHERE id = 'agency-demo'`,
    ).run()
    try {
      const cells = cellsOf(await report('agency=demo&year=2025'))
      expect(cells['3.8']!.total).toBe(1)
      expect(cells['5.5']!.total).toBe(2)
    } finally {
      await env.DB.prepare(
        `UPDATE agencies SET settings = json_remove(settings, '$.reports') WHERE id = 'agency-demo'`,
      ).run()
    }
  })

  it('links each cell to its cases (drill-down)', async () => {
    const res = await get(
      '/api/v1/reports/annual/cases?agency=demo&year=2025&line=carried_out&column=research',
    )
    expect(res.status).toBe(200)
    const body = (await res.json()) as { items: { id: string }[] }
    expect(body.items.map((i) => i.id)).toEqual([built.ids.carriedInOpen])
    const row41 = (await (
      await get('/api/v1/reports/annual/cases?agency=demo&year=2025&line=4.1&column=total')
    ).json()) as { items: { id: string }[] }
    expect(row41.items.map((i) => i.id).sort()).toEqual([built.ids.not_exist, built.ids.transfer].sort())
    // Every cell's list is as long as the cell.
    const r = await report('agency=demo&year=2025')
    for (const row of r.table3.rows.filter((x) => ['new', '3.8', 'results_total'].includes(x.key))) {
      const list = (await (
        await get(`/api/v1/reports/annual/cases?agency=demo&year=2025&line=${row.key}&column=total&limit=500`)
      ).json()) as { items: unknown[] }
      expect(list.items).toHaveLength(row.cells.total!)
    }
  })

  it('links each Table 4 cell to its cases (drill-down), the list as long as the cell', async () => {
    const pending = (await (
      await get(
        '/api/v1/reports/annual/remedy-cases?agency=demo&year=2025&group=reconsideration&result=pending',
      )
    ).json()) as { items: { id: string }[] }
    // Filed in 2025: one still pending, one decided only in 2026 (尚未审结 at the year's end).
    expect(pending.items.map((i) => i.id).sort()).toEqual(
      [built.ids.repeat_request, built.ids.not_exist].sort(),
    )
    const r = await report('agency=demo&year=2025')
    for (const g of r.table4.groups) {
      for (const [result, n] of Object.entries(g.cells)) {
        const list = (await (
          await get(
            `/api/v1/reports/annual/remedy-cases?agency=demo&year=2025&group=${g.key}&result=${result}`,
          )
        ).json()) as { items: unknown[] }
        expect(list.items, `${g.key} ${result}`).toHaveLength(n)
      }
    }
    expect(
      (await get('/api/v1/reports/annual/remedy-cases?agency=demo&year=2025&group=x&result=total')).status,
    ).toBe(422)
  })

  it('explains a broken balance with the case that causes it', async () => {
    const id = built.ids.withheld_security_stability!
    await env.DB.prepare(`UPDATE cases SET outcome = 'no-such-outcome' WHERE id = ?`).bind(id).run()
    try {
      const r = await report('agency=demo&year=2025')
      const balance = r.checks.find((c) => c.key === 'balance')!
      expect(balance.ok).toBe(false)
      expect(balance.failures.map((f) => f.column)).toContain('total')
      expect(balance.cases).toEqual([
        // (the request withdrawn before its receipt was confirmed is rightly outside the table: not listed)
        {
          id,
          reference: built.references.withheld_security_stability,
          why: 'no_outcome_row',
          explanation: expect.stringContaining('办理结果'),
        },
      ])
      expect(cellsOf(r)['3.3']!.total).toBe(0)
    } finally {
      await env.DB.prepare(`UPDATE cases SET outcome = 'withheld_security_stability' WHERE id = ?`)
        .bind(id)
        .run()
    }
    expect((await report('agency=demo&year=2025')).checks.every((c) => c.ok)).toBe(true)
  })

  it('keeps the counters equal to a full recount of the cases', async () => {
    const counters = await env.DB.prepare(
      `SELECT agency_id, received_year, decided_year, applicant_type, outcome, n FROM report_counts WHERE n <> 0
       ORDER BY 1, 2, 3, 4, 5`,
    ).all()
    const recount = await env.DB.prepare(
      `SELECT agency_id, CAST(substr(received_on, 1, 4) AS INTEGER) AS received_year,
         CASE WHEN decided_on IS NULL THEN 0 ELSE CAST(substr(decided_on, 1, 4) AS INTEGER) END AS decided_year,
         applicant_type, CASE WHEN decided_on IS NULL THEN '' ELSE coalesce(outcome, '') END AS outcome, count(*) AS n
       FROM cases WHERE received_on IS NOT NULL GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`,
    ).all()
    expect(counters.results).toEqual(recount.results)
    expect(counters.results.length).toBeGreaterThan(10)
    // decided_on is the snapshot's day of the 办理结果, written with the transition.
    const drift = await env.DB.prepare(
      `SELECT count(*) AS n FROM cases WHERE decided_on IS NOT json_extract(snapshot, '$.decidedOn')`,
    ).first<{ n: number }>()
    expect(drift?.n).toBe(0)
  })
})

describe('annual report exports', { timeout: 60_000 }, () => {
  it('exports .xlsx with the official merged cells and the same numbers', async () => {
    const r = await report('agency=demo&year=2025')
    const res = await get('/api/v1/reports/annual?agency=demo&year=2025&format=xlsx')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('spreadsheetml')
    const grid = readXlsxGrid(new Uint8Array(await res.arrayBuffer()), {
      maxPartBytes: 5_000_000,
      maxRows: 1000,
    })
    if (!grid.ok) throw new Error(JSON.stringify(grid.error))
    const [t3, t4] = grid.sheets
    expect(t3!.name).toBe('表三')
    const byLabel = new Map(
      t3!.rows.map((row) => [row.cells.slice(0, 3).filter(Boolean).at(-1), row.cells.slice(3)]),
    )
    for (const row of r.table3.rows) {
      const cells = byLabel.get(row.label)
      expect(cells, row.label).toBeDefined()
      expect(cells!.map(Number)).toEqual(r.table3.columns.map((c) => row.cells[c.key]))
    }
    // Merged: the balance note (3×3), 申请人情况 (7 wide), 法人或其他组织 (5 wide), 三、本年度办理结果 (22 tall).
    expect(t3!.merges).toEqual(
      expect.arrayContaining([
        { top: 1, left: 0, bottom: 3, right: 2 },
        { top: 1, left: 3, bottom: 1, right: 9 },
        { top: 2, left: 4, bottom: 2, right: 8 },
        { top: 6, left: 0, bottom: 27, right: 0 },
        { top: 8, left: 1, bottom: 15, right: 1 },
      ]),
    )
    expect(t3!.rows.find((row) => row.row === 6)!.cells[0]).toBe('三、本年度办理结果')
    expect(t4!.name).toBe('表四')
    const numbers = t4!.rows.find((row) => row.row === 4)!.cells.map(Number)
    expect(numbers).toEqual(
      r.table4.groups.flatMap((g) =>
        ['upheld', 'corrected', 'other', 'pending', 'total'].map((k) => g.cells[k]),
      ),
    )
    expect(t4!.merges).toEqual(expect.arrayContaining([{ top: 1, left: 5, bottom: 1, right: 14 }]))
  })

  it('exports CSV with the same numbers', async () => {
    const r = await report('agency=demo&year=2025')
    const res = await get('/api/v1/reports/annual?agency=demo&year=2025&format=csv')
    expect(res.status).toBe(200)
    const text = (await res.text()).replace(/^\uFEFF/, '')
    const rows = Papa.parse<string[]>(text.trim()).data
    for (const row of r.table3.rows) {
      const line = rows.find((x) => x[0]!.endsWith(row.label))
      expect(line, row.label).toBeDefined()
      expect(line!.slice(1).map(Number)).toEqual(r.table3.columns.map((c) => row.cells[c.key]))
    }
  })
})

describe('annual report bad input', () => {
  it('refuses a future year, a year without a calendar, a foreign agency and bad parameters', async () => {
    const future = await get('/api/v1/reports/annual?agency=demo&year=2027')
    expect(future.status).toBe(422)
    expect(((await future.json()) as { error: { message: string } }).error.message).toContain('2027')
    const noCalendar = await get('/api/v1/reports/annual?agency=demo&year=2023')
    expect(noCalendar.status).toBe(409)
    expect(await noCalendar.json()).toMatchObject({
      error: { code: 'calendar_year_not_loaded', details: { missingYear: 2023 } },
    })
    for (const agency of ['demo-nrb', 'agency-demo-nrb', 'nowhere']) {
      const res = await get(`/api/v1/reports/annual?agency=${agency}&year=2025`)
      expect(res.status, agency).toBe(404)
    }
    for (const q of [
      'agency=demo&year=abc',
      'agency=demo',
      'year=2025',
      'agency=demo&year=2025&format=pdf',
    ]) {
      const res = await get(`/api/v1/reports/annual?${q}`)
      expect(res.status, q).toBe(422)
    }
    const badCell = await get('/api/v1/reports/annual/cases?agency=demo&year=2025&line=9.9&column=total')
    expect(badCell.status).toBe(422)
    expect((await call('/api/v1/reports/annual?agency=demo&year=2025')).status).toBe(401)
  })
})

describe('annual report staff page', { timeout: 60_000 }, () => {
  it('shows Tables 3 and 4 with the official labels, merged cells, drill-down links and the checks', async () => {
    const { cookie } = await browserLogin('demo-admin', undefined, at('2026-01-15'))
    const headers = { cookie, 'x-test-now': String(at('2026-01-15')) }
    const dash = await (await call('/admin/', { headers })).text()
    expect(dash).toContain('href="/admin/reports/annual"')
    const list = await (await call('/admin/cases?state=closed', { headers })).text()
    expect(list).toContain('/api/v1/reports/register?format=xlsx&amp;state=closed')
    const res = await call('/admin/reports/annual?agency=demo&year=2025', { headers })
    expect(res.status).toBe(200)
    const html = await res.text()
    for (const text of [
      '申请人情况',
      '法人或其他组织',
      '三、本年度办理结果',
      '（七）总计',
      '四、结转下年度继续办理',
      '尚未审结',
      '未经复议直接起诉',
      '复议后起诉',
    ])
      expect(html, text).toContain(text)
    expect(html).toContain('rowspan="22"') // 三、本年度办理结果 spans its 21 rows and （七）
    expect(html).toContain('colspan="7"') // 申请人情况
    expect(html).toContain(
      '/admin/reports/annual/cases?agency=demo&amp;year=2025&amp;line=4.1&amp;column=total',
    )
    expect(html).toContain('format=xlsx')
    expect(html).not.toContain('class="failed"')
    const cell = await call(
      '/admin/reports/annual/cases?agency=demo&year=2025&line=carried_out&column=research',
      {
        headers,
      },
    )
    expect(cell.status).toBe(200)
    expect(await cell.text()).toContain(built.references.carriedInOpen!)
  })

  it('answers bad input on the page with an error summary', async () => {
    const { cookie } = await browserLogin('demo-admin', undefined, at('2026-01-15'))
    const headers = { cookie, 'x-test-now': String(at('2026-01-15')) }
    for (const [query, status, text] of [
      ['agency=demo&year=2027', 422, '2027 年尚未到来'],
      ['agency=demo&year=2023', 409, '2023 年的节假日安排'],
      ['agency=demo&year=abc', 422, '四位数的年度'],
      ['agency=demo-edu&year=2025', 404, '找不到'],
    ] as const) {
      const res = await call(`/admin/reports/annual?${query}`, { headers })
      expect(res.status, query).toBe(status)
      const html = await res.text()
      expect(html).toContain('error-summary')
      expect(html).toContain(text)
      expect(html).toContain('<title>错误：')
    }
  })
})

describe('request register (依申请公开台账)', { timeout: 60_000 }, () => {
  const HOSTILE = '=HYPERLINK("https://evil.example/","点我")'

  async function registerCsvRows(query: string, who: 'admin' | 'auditor' = 'admin') {
    const res = await call(`/api/v1/reports/register?format=csv&${query}`, {
      headers: { authorization: `Bearer ${await token(who)}`, 'x-test-now': String(at('2026-01-15')) },
    })
    return res
  }

  it('exports the filtered case list in the office columns, applicants masked, hostile text neutralised', async () => {
    const hostile = await newCase(at('2025-08-01', 9), { title: HOSTILE })
    const res = await registerCsvRows('')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-disposition')).toContain('attachment')
    const rows = Papa.parse<string[]>((await res.text()).replace(/^\uFEFF/, '').trim()).data
    expect(rows[0]).toEqual([
      '编号',
      '申请人',
      '申请日期',
      '收到日期',
      '内容',
      '状态',
      '承办人',
      '答复期限',
      '答复日期',
      '答复结果',
      '是否延期',
      '是否按期',
      '复议诉讼',
    ])
    const total = await env.DB.prepare(
      `SELECT count(*) AS n FROM cases WHERE agency_id = 'agency-demo'`,
    ).first<{
      n: number
    }>()
    expect(rows).toHaveLength(total!.n + 1)
    const byRef = new Map(rows.map((r) => [r[0], r]))
    expect(byRef.get(hostile.reference)![4]).toBe(`'${HOSTILE}`)
    expect(byRef.get(hostile.reference)![1]).toBe('张*')
    const secret = byRef.get(built.references.withheld_state_secret)!
    expect(secret.slice(2, 13)).toEqual([
      '2025-03-03',
      '2025-03-03',
      '申请公开withheld_state_secret相关信息',
      '已答复',
      '承办人（演示）',
      expect.stringMatching(/^2025-/),
      '2025-03-20',
      '不予公开：属于国家秘密',
      '否',
      '是',
      '行政复议（2025-04-01，结果维持）',
    ])
    expect(byRef.get(built.references.lateOpen)![11]).toBe('未答复')
    // Filters are the case list's.
    const closedOnly = Papa.parse<string[]>(
      (await (await registerCsvRows('state=closed')).text()).trim(),
    ).data
    expect(closedOnly.slice(1).every((r) => r[5] === '已办结')).toBe(true)
    expect(closedOnly.length).toBeGreaterThan(1)
  })

  it('writes .xlsx whose hostile text is a plain text cell, never a formula', async () => {
    const res = await call('/api/v1/reports/register?format=xlsx&q=HYPERLINK', {
      headers: { authorization: `Bearer ${await token('admin')}` },
    })
    expect(res.status).toBe(200)
    const bytes = new Uint8Array(await res.arrayBuffer())
    const grid = readXlsxGrid(bytes, { maxPartBytes: 5_000_000, maxRows: 10_000 })
    if (!grid.ok) throw new Error(JSON.stringify(grid.error))
    expect(grid.sheets[0]!.rows).toHaveLength(2)
    expect(grid.sheets[0]!.rows[1]!.cells[4]).toBe(HOSTILE)
    const files = unzipSync(bytes)
    const sheet = strFromU8(files['xl/worksheets/sheet1.xml']!)
    expect(sheet).not.toContain('<f>')
  })

  it('shows names only to case roles that ask, and audits it', async () => {
    const before = await env.DB.prepare(
      `SELECT count(*) AS n FROM audit_log WHERE action = 'pii.register_exported'`,
    ).first<{ n: number }>()
    const revealed = await registerCsvRows('reveal=true&q=HYPERLINK')
    expect(revealed.status).toBe(200)
    expect(await revealed.text()).toContain(',张三,')
    const after = await env.DB.prepare(
      `SELECT count(*) AS n FROM audit_log WHERE action = 'pii.register_exported'`,
    ).first<{ n: number }>()
    expect(after!.n).toBe(before!.n + 1)
    // In the agency's chain of the staff audit log, not outside it (hashed by the sealer, here at the latest).
    await sealAllAuditChains(createDb(env.DB), Date.now())
    const row = await env.DB.prepare(
      `SELECT agency_id, seq, hash FROM audit_log WHERE action = 'pii.register_exported' ORDER BY id DESC LIMIT 1`,
    ).first<{ agency_id: string | null; seq: number | null; hash: string | null }>()
    expect(row!.agency_id).not.toBeNull()
    expect(row!.seq).not.toBeNull()
    expect(row!.hash).toMatch(/^[0-9a-f]{64}$/)
    expect((await registerCsvRows('reveal=true', 'auditor')).status).toBe(403)
    const pdf = await call('/api/v1/reports/register?format=pdf', {
      headers: { authorization: `Bearer ${await token('admin')}` },
    })
    expect(pdf.status).toBe(422)
  })
})

describe('annual report .docx', { timeout: 60_000 }, () => {
  it('writes the text draft with the numbers and both tables with their merged cells', async () => {
    // A fee paid in 2025 and the year's task plan: the draft states both.
    const f = await newCase(at('2025-08-01', 9), { reportColumn: 'natural_person' })
    await openAndAssign(f.caseId, '2025-08-01')
    await ok(
      f.caseId,
      'handler',
      'issue-fee-notice',
      { method: 'per_page', count: 250, amountYuan: 4700 },
      at('2025-08-04'),
    )
    await ok(
      f.caseId,
      'registrar',
      'record-fee-notice-receipt',
      { receivedOn: '2025-08-05' },
      at('2025-08-05'),
    )
    await ok(
      f.caseId,
      'registrar',
      'record-payment',
      { paidOn: '2025-08-08', amountYuan: 4700 },
      at('2025-08-08'),
    )
    await env.DB.prepare(
      `INSERT INTO task_plans (id, agency_id, year, title, status, created_at, updated_at) VALUES ('plan-demo-2025', 'agency-demo', 2025, '2025年政务公开工作要点分解', 'published', 0, 0)`,
    ).run()
    // The summary is there for whoever may read the plan (here the admin also coordinates the tasks) …
    const r0 = await report('agency=demo&year=2025')
    expect(r0.tasks).toBeNull()
    await env.DB.prepare(
      `INSERT INTO user_roles (user_id, agency_id, role) SELECT id, 'agency-demo', 'task_coordinator' FROM users WHERE username = 'demo-admin'`,
    ).run()
    const r = await report('agency=demo&year=2025')
    expect(r.fees).toEqual({ n: 1, yuan: 4700 })
    expect(r.tasks).toMatchObject({ planId: 'plan-demo-2025', tasks: 0 })
    const res = await get('/api/v1/reports/annual?agency=demo&year=2025&format=docx')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('wordprocessingml')
    const xml = strFromU8(unzipSync(new Uint8Array(await res.arrayBuffer()))['word/document.xml']!)
    const total = (key: string) => r.table3.rows.find((row) => row.key === key)!.cells.total
    expect(xml).toContain(`共新收政府信息公开申请${total('new')}件，上年结转${total('carried_in')}件`)
    expect(xml).toContain(`结转下年度继续办理${total('carried_out')}件`)
    expect(xml).toContain('被申请行政复议5件、被提起行政诉讼3件，其中被纠错2件')
    expect(xml).toContain('收取信息处理费1件，共计4700元')
    expect(xml).toContain('本年度《2025年政务公开工作要点分解》共分解任务0项')
    expect(xml.match(/<w:tbl>/g)).toHaveLength(2)
    expect(xml).toContain('<w:gridSpan w:val="7"/>') // 申请人情况
    expect(xml).toContain('三、本年度办理结果')
    expect((xml.match(/<w:vMerge w:val="restart"\/>/g) ?? []).length).toBeGreaterThan(5)
  })
})
