// Tables 3 and 4 laid out as in 国办公开办函〔2021〕30号 — the merged header and label cells included — as one
// grid that the HTML page, the .xlsx and the .docx render (a covered position is null); the text draft's numbers.
import { REMEDY_RESULT_LABELS, TABLE3_LINES } from '../../../workflows/outcomes'
import { messages } from '../../i18n/zh-CN'
import type { AnnualReport } from './annual-report'

export interface GridCell {
  text: string
  colSpan?: number
  rowSpan?: number
  kind: 'header' | 'label' | 'number'
  /** The cell a number stands for (drill-down): Table 3 line and column, or Table 4 group and result. */
  cell?: { line: string; column: string }
}

export type Grid = (GridCell | null)[][]

const BALANCE_NOTE = '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）'

const header = (text: string, span: { colSpan?: number; rowSpan?: number } = {}): GridCell => ({
  text,
  kind: 'header',
  ...span,
})
const label = (text: string, span: { colSpan?: number; rowSpan?: number } = {}): GridCell => ({
  text,
  kind: 'label',
  ...span,
})

/** Table 3: 3 label columns, then 自然人, the five 法人或其他组织 columns and 总计. */
export function table3Grid(report: AnnualReport): Grid {
  const t = messages.reports
  const cols = report.table3.columns
  const grid: Grid = [
    [
      header(BALANCE_NOTE, { colSpan: 3, rowSpan: 3 }),
      null,
      null,
      header(t.applicantHeader, { colSpan: 7 }),
    ].concat(Array(6).fill(null)),
    [null, null, null, header(cols[0]!.label, { rowSpan: 2 }), header(t.legalPersonHeader, { colSpan: 5 })]
      .concat(Array(4).fill(null))
      .concat([header(cols[6]!.label, { rowSpan: 2 })]),
    [null, null, null, null, ...cols.slice(1, 6).map((c) => header(c.label)), null],
  ]
  const numbers = (key: string): GridCell[] => {
    const row = report.table3.rows.find((r) => r.key === key)!
    return cols.map((c) => ({
      text: String(row.cells[c.key] ?? 0),
      kind: 'number' as const,
      cell: { line: key, column: c.key },
    }))
  }
  const results = report.table3.rows.filter((r) => /^\d/.test(r.key))
  grid.push([label(TABLE3_LINES.newThisYear, { colSpan: 3 }), null, null, ...numbers('new')])
  grid.push([label(TABLE3_LINES.carriedIn, { colSpan: 3 }), null, null, ...numbers('carried_in')])
  const resultLines = results.length + 1
  results.forEach((row, i) => {
    const first = i === 0 ? label(TABLE3_LINES.results, { rowSpan: resultLines }) : null
    const sameGroup = results.filter((r) => r.group === row.group)
    if (sameGroup.length === 1) {
      grid.push([first, label(row.label, { colSpan: 2 }), null, ...numbers(row.key)])
      return
    }
    const groupCell = sameGroup[0] === row ? label(row.group!, { rowSpan: sameGroup.length }) : null
    grid.push([first, groupCell, label(row.label), ...numbers(row.key)])
  })
  grid.push([null, label(TABLE3_LINES.resultsTotal, { colSpan: 2 }), null, ...numbers('results_total')])
  grid.push([label(TABLE3_LINES.carriedOver, { colSpan: 3 }), null, null, ...numbers('carried_out')])
  return grid
}

/** Table 4: 行政复议 (5 columns), then 行政诉讼 未经复议直接起诉 and 复议后起诉 (5 each), one row of numbers. */
export function table4Grid(report: AnnualReport): Grid {
  const t = messages.reports
  const [reconsideration, direct, after] = report.table4.groups
  const resultHeaders = (rowSpan?: number) =>
    (['upheld', 'corrected', 'other', 'pending', 'total'] as const).map((k) =>
      header(k === 'total' ? '总计' : REMEDY_RESULT_LABELS[k], rowSpan ? { rowSpan } : {}),
    )
  const numbers = (g: AnnualReport['table4']['groups'][number]) =>
    (['upheld', 'corrected', 'other', 'pending', 'total'] as const).map(
      (k): GridCell => ({ text: String(g.cells[k]), kind: 'number', cell: { line: g.key, column: k } }),
    )
  return [
    [
      header(t.reconsiderationHeader, { colSpan: 5 }),
      null,
      null,
      null,
      null,
      header(t.litigationHeader, { colSpan: 10 }),
    ].concat(Array(9).fill(null)),
    [
      ...resultHeaders(2),
      header(t.litigationDirect, { colSpan: 5 }),
      null,
      null,
      null,
      null,
      header(t.litigationAfter, { colSpan: 5 }),
      null,
      null,
      null,
      null,
    ],
    [null, null, null, null, null, ...resultHeaders(), ...resultHeaders()],
    [...numbers(reconsideration!), ...numbers(direct!), ...numbers(after!)],
  ]
}

/** The numbers of the text draft, from the report itself. */
export function draftNumbers(report: AnnualReport) {
  const total = (key: string) => report.table3.rows.find((r) => r.key === key)?.cells.total ?? 0
  const sum = (prefix: string) =>
    report.table3.rows
      .filter((r) => r.key.startsWith(`${prefix}.`))
      .reduce((n, r) => n + (r.cells.total ?? 0), 0)
  const groups = Object.fromEntries(report.table4.groups.map((g) => [g.key, g.cells]))
  return {
    year: report.year,
    received: total('new'),
    carriedIn: total('carried_in'),
    decided: total('results_total'),
    disclosed: total('1'),
    partial: total('2'),
    withheld: sum('3'),
    unable: sum('4'),
    notProcessed: sum('5'),
    other: sum('6'),
    carriedOut: total('carried_out'),
    reconsideration: groups.reconsideration?.total ?? 0,
    litigation:
      (groups.litigation_direct?.total ?? 0) + (groups.litigation_after_reconsideration?.total ?? 0),
    corrected: report.table4.groups.reduce((n, g) => n + g.cells.corrected, 0),
    feesCount: report.fees.n,
    feesYuan: report.fees.yuan,
    tasks: report.tasks,
  }
}
