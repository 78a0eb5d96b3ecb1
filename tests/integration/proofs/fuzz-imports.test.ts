// Issue 11, Prove 3, for task-table imports (preview → commit), generated with fast-check:
// - tables whose cells carry markup, control and bidi characters, formula triggers, quotes, line breaks and huge
//   text, written as .csv and as .xlsx. Invariants: never a 5xx; a preview writes no task; each previewed task shows
//   its cells as the importer cleans them (no control characters); commit stores exactly what the preview showed; the preview and plan pages
//   never carry the markup unescaped; the ledger's .xlsx stays well-formed.
// - broken files: random bytes, truncated and bit-flipped workbooks, CSV with unbalanced quotes and ragged rows.
//   Invariants: a clear 4xx (or a preview), never a 5xx, and a refused file leaves no import record.
// Fixed seeds, bounded runs.
import { env } from 'cloudflare:workers'
import fc from 'fast-check'
import { unzipSync } from 'fflate'
import Papa from 'papaparse'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadXlsxWriter } from '../../../workers/lib/xlsx'
import { hasControlCharacters } from '../../../workflows/support/text'
import { cleanCell } from '../../../workflows/tasks/normalise'
import JIANGYANG_XLSX from '../../fixtures/tasks/jiangyang-2023.xlsx?inline'
import { browserLogin, call } from '../helpers'
import {
  api,
  at,
  bytesOf,
  count,
  expectJson,
  fileForm,
  type ImportPreview,
  newPlan,
} from '../tasks/task-helpers'
import {
  escapedTag,
  expectWellFormedOfficeFile,
  HOSTILE_FRAGMENTS,
  hostileTextOf,
  markerTag,
} from './hostile'

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
const HEADER = ['序号', '任务名称', '具体要求', '完成时限', '责任单位']

const hostileCell = hostileTextOf(
  [...HOSTILE_FRAGMENTS, ',', '"', '""', '\n', ';', '\t', '\ufeff', '_x0000_'],
  {
    maxLength: 20,
    maxParts: 4,
    huge: ['长'.repeat(30_000)],
  },
)

interface InputRow {
  name: string
  requirements: string
  deadline: string
  units: string
  tag: string | undefined
}

const inputRow: fc.Arbitrary<InputRow> = fc.record({
  name: fc.oneof(hostileCell, fc.constantFrom('', '推进政务公开')),
  requirements: hostileCell,
  deadline: fc.oneof(hostileCell, fc.constantFrom('年底前完成', '9月底前启动\n长期推进', '每季度')),
  units: fc.oneof(hostileCell, fc.constantFrom('县教育局', '各乡镇、县直各部门')),
  tag: fc.option(markerTag, { nil: undefined }),
})

/** The cell values of each row, the tag (if any) appended to the name and the requirements. */
function cellsOf(rows: InputRow[]): string[][] {
  return rows.map((r, i) => [
    String(i + 1),
    `${r.name}${r.tag ?? ''}`,
    `${r.requirements}${r.tag ?? ''}`,
    r.deadline,
    r.units,
  ])
}

async function xlsxOf(rows: string[][]): Promise<Uint8Array<ArrayBuffer>> {
  const writeXlsxFile = (await import('write-excel-file/universal')).default
  const sheet = [HEADER, ...rows].map((row) => row.map((value) => ({ value })))
  const blob = await writeXlsxFile(sheet).toBlob()
  return new Uint8Array(await blob.arrayBuffer())
}

const importsOf = (planId: string) =>
  count('SELECT count(*) AS n FROM task_imports WHERE plan_id = ?1', planId)
const tasksOf = (planId: string) => count('SELECT count(*) AS n FROM tasks WHERE plan_id = ?1', planId)

let office: { cookie: string }
let year = 2040

beforeAll(async () => {
  office = await browserLogin('demo-coordinator')
})

describe('.xlsx in workerd', () => {
  it('writes a workbook whose sheet is over 160 kB (fflate would hand it to a Web Worker, which workerd lacks)', async () => {
    const writeXlsxFile = await loadXlsxWriter()
    const rows = Array.from({ length: 400 }, (_, i) => [
      { value: `第${i}行` },
      { value: `${i}${'长'.repeat(300)}` },
    ])
    const blob = await writeXlsxFile(rows).toBlob()
    const bytes = new Uint8Array(await blob.arrayBuffer())
    expectWellFormedOfficeFile(bytes)
    expect(Math.max(...Object.values(unzipSync(bytes)).map((part) => part.length))).toBeGreaterThan(300_000)
  })
})

describe('fuzzing task-table imports', () => {
  it('hostile cells in .csv and .xlsx tables: previewed as cleaned, committed exactly, escaped on pages', async () => {
    const now = at('2024-06-20')
    let committed = 0
    let refused = 0
    let shown = 0
    await fc.assert(
      fc.asyncProperty(
        fc.array(inputRow, { minLength: 1, maxLength: 4 }),
        fc.constantFrom('csv', 'xlsx'),
        async (rows, format) => {
          const planId = await newPlan('demo', year++, '导入模糊测试')
          const cells = cellsOf(rows)
          const form =
            format === 'csv'
              ? fileForm(Papa.unparse([HEADER, ...cells]), '分解表.csv', 'text/csv')
              : fileForm(await xlsxOf(cells), '分解表.xlsx', XLSX_TYPE)
          const res = await api('coordinator', `/plans/${planId}/imports`, { form, now })
          expect(res.status).toBeLessThan(500)
          expect(await tasksOf(planId)).toBe(0)
          if (res.status !== 200) {
            refused++
            expect([413, 422]).toContain(res.status)
            expect(await importsOf(planId)).toBe(0)
            return
          }
          const preview = (await res.json()) as ImportPreview
          expect(await importsOf(planId)).toBe(1)
          for (const row of preview.rows) {
            if (!row.task) continue
            const texts = [row.task.name, row.task.requirements, row.task.deadlineText]
            for (const text of texts) expect(hasControlCharacters(text)).toBe(false)
            // A .csv file holds the cells exactly (an .xlsx writer drops what XML cannot carry).
            const input = cells[row.row - 2]
            if (format === 'csv' && input && cleanCell(input[1]!) !== '') {
              expect(texts).toEqual([cleanCell(input[1]!), cleanCell(input[2]!), cleanCell(input[3]!)])
            }
          }

          const page = await call(`/admin/plans/${planId}/imports/${preview.importId}`, {
            headers: { cookie: office.cookie },
          })
          expect(page.status).toBe(200)
          const html = await page.text()
          expect(html).not.toContain('<script>alert(1)')
          expect(html).not.toContain('<img src=x')
          expect(html).not.toMatch(/<i data-fz=/)

          const result = await expectJson<{ created: number }>(
            await api('coordinator', `/plans/${planId}/imports/${preview.importId}/commit`, {
              method: 'POST',
              now,
            }),
            200,
          )
          committed++
          const previewed = preview.rows.flatMap((r) => (r.task ? [r.task] : []))
          expect(result.created).toBe(previewed.length)
          const stored = await env.DB.prepare(
            'SELECT key, name, content, deadline_text AS deadlineText FROM tasks WHERE plan_id = ?1',
          )
            .bind(planId)
            .all<{ key: string; name: string; content: string; deadlineText: string }>()
          expect(stored.results.map((t) => [t.key, t.name, t.content, t.deadlineText]).sort()).toEqual(
            previewed.map((t) => [t.key, t.name, t.requirements, t.deadlineText]).sort(),
          )

          const plan = await call(`/admin/plans/${planId}`, { headers: { cookie: office.cookie } })
          expect(plan.status).toBe(200)
          const planHtml = await plan.text()
          expect(planHtml).not.toMatch(/<i data-fz=/)
          const tag = rows.find((r) => r.tag && previewed.length > 0)?.tag
          if (tag && planHtml.includes(escapedTag(tag))) shown++

          const ledger = await api('coordinator', `/plans/${planId}/ledger?format=xlsx`, { now })
          expect(ledger.status).toBe(200)
          expectWellFormedOfficeFile(new Uint8Array(await ledger.arrayBuffer()))
        },
      ),
      { seed: 20261206, numRuns: 16, endOnFailure: true },
    )
    expect(committed).toBeGreaterThan(5)
    expect(shown).toBeGreaterThan(0)
    expect(committed + refused).toBe(16)
  }, 300_000)

  it('broken files: a 4xx or a preview, never a 5xx, and a refused file leaves no import record', async () => {
    const workbook = bytesOf(JIANGYANG_XLSX)
    const planId = await newPlan('demo', 2099, '坏文件模糊测试')
    const brokenFile = fc.oneof(
      fc.uint8Array({ maxLength: 2_000 }).map((bytes) => ({ bytes, name: 'x.xlsx' })),
      fc
        .nat({ max: workbook.length - 1 })
        .map((cut) => ({ bytes: workbook.slice(0, cut), name: 'cut.xlsx' })),
      fc
        .array(fc.tuple(fc.nat({ max: workbook.length - 1 }), fc.integer({ min: 1, max: 255 })), {
          minLength: 1,
          maxLength: 8,
        })
        .map((flips) => {
          const bytes = workbook.slice()
          for (const [at, bits] of flips) bytes[at]! ^= bits
          return { bytes, name: 'flipped.xlsx' }
        }),
      fc
        .tuple(
          fc.array(fc.array(hostileCell, { maxLength: 9 }), { minLength: 1, maxLength: 6 }),
          fc.constantFrom('\n', '\r\n', '\r'),
        )
        .map(([records, eol]) => ({
          bytes: new TextEncoder().encode([HEADER.join(','), ...records.map((r) => r.join(','))].join(eol)),
          name: 'ragged.csv',
        })),
    )
    let previews = 0
    let refusals = 0
    await fc.assert(
      fc.asyncProperty(brokenFile, async ({ bytes, name }) => {
        const before = await importsOf(planId)
        const res = await api('coordinator', `/plans/${planId}/imports`, {
          form: fileForm(new Uint8Array(bytes), name),
        })
        const body = await res.text()
        expect(res.status, body).toBeLessThan(500)
        if (res.status === 200) {
          previews++
          expect(await importsOf(planId)).toBe(before + 1)
          return
        }
        refusals++
        expect([413, 422]).toContain(res.status)
        const error = JSON.parse(body) as { error: { code: string; message: string } }
        expect(error.error.message).toMatch(/\p{Script=Han}/u)
        expect(await importsOf(planId)).toBe(before)
      }),
      { seed: 20261207, numRuns: 40, endOnFailure: true },
    )
    expect(refusals).toBeGreaterThan(10)
    expect(await tasksOf(planId)).toBe(0)
    expect(previews + refusals).toBe(40)
  }, 300_000)
})
