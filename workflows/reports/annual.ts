// The annual report's Tables 3 and 4 (国办公开办函〔2021〕30号) from case facts, with the self-checks the format
// implies. Pure: the edge reads the rows (or counters) and passes them in.
import type { IsoDate } from '../calendar/types'
import {
  APPLICANT_COLUMNS,
  REMEDY_RESULTS,
  type RemedyResult,
  type ReportColumn,
  TABLE3_ROWS,
  TABLE4_GROUPS,
  type Table3RowKey,
  type Table4Group,
} from '../outcomes'

export type Table3Column = ReportColumn | 'total'
export const TABLE3_COLUMNS: readonly Table3Column[] = [...APPLICANT_COLUMNS.map((c) => c.key), 'total']

/** One request as the report sees it. */
export interface ReportCase {
  id: string
  reference: string
  column: ReportColumn
  /** 收到申请之日; null when the request was never received (e.g. withdrawn before confirmation). */
  receivedOn: IsoDate | null
  /** Day the 办理结果 was given; null while open. */
  decidedOn: IsoDate | null
  /** The Table 3 row of its outcome; null when a decided case has no outcome row (a data fault). */
  row: Table3RowKey | null
}

/** One 行政复议 or 行政诉讼 against the agency. */
export interface ReportRemedy {
  caseId: string
  group: Table4Group
  filedOn: IsoDate
  result: RemedyResult
  decidedOn: IsoDate | null
}

export type Cells = Record<Table3Column, number>
export type Table3Line = 'new' | 'carriedIn' | Table3RowKey | 'resultsTotal' | 'carriedOut'

export interface Table3 {
  lines: Record<Table3Line, Cells>
  /** The cases behind each cell (drill-down), by line and column. */
  cases: Record<Table3Line, Partial<Record<Table3Column, string[]>>>
}

export type Table4 = Record<Table4Group, Record<RemedyResult | 'total', number>>

export interface ReportCheck {
  key: 'balance' | 'results_sum' | 'columns_sum' | 'carry_over' | 'closed_unchanged'
  ok: boolean
  /** Column by column, where it does not hold. */
  failures: { column: Table3Column; left: number; right: number }[]
  /** The cases that explain a failure (or that the report had to leave out). */
  cases: {
    id: string
    reference: string
    why: 'no_outcome_row' | 'decided_without_receipt' | 'decided_before_receipt' | 'recorded_after_closing'
  }[]
}

function zero(): Cells {
  return Object.fromEntries(TABLE3_COLUMNS.map((c) => [c, 0])) as Cells
}

const LINES: readonly Table3Line[] = [
  'new',
  'carriedIn',
  ...TABLE3_ROWS.map((r) => r.key),
  'resultsTotal',
  'carriedOut',
]

/**
 * Table 3 for `year`: 一 received in the year; 二 received before it and not decided before it; 三 decided in it,
 * by outcome row, and （七） their total; 四 received by its end and not decided by its end.
 */
export function annualTable3(cases: readonly ReportCase[], year: number): Table3 {
  const start = `${year}-01-01`
  const end = `${year}-12-31`
  const lines = Object.fromEntries(LINES.map((l) => [l, zero()])) as Record<Table3Line, Cells>
  const drill = Object.fromEntries(LINES.map((l) => [l, {}])) as Table3['cases']
  const add = (line: Table3Line, c: ReportCase) => {
    for (const col of [c.column, 'total'] as const) {
      lines[line][col]++
      const ids = drill[line][col] ?? []
      ids.push(c.id)
      drill[line][col] = ids
    }
  }
  for (const c of cases) {
    if (c.receivedOn === null) continue
    if (c.receivedOn >= start && c.receivedOn <= end) add('new', c)
    const decidedBefore = c.decidedOn !== null && c.decidedOn < start
    if (c.receivedOn < start && !decidedBefore) add('carriedIn', c)
    if (c.decidedOn !== null && c.decidedOn >= start && c.decidedOn <= end && c.row !== null) {
      add(c.row, c)
      add('resultsTotal', c)
    }
    if (c.receivedOn <= end && (c.decidedOn === null || c.decidedOn > end)) add('carriedOut', c)
  }
  return { lines, cases: drill }
}

/** Table 4 for `year`: remedies filed in the year, by group and result as of the year's end (later: 尚未审结). */
export function annualTable4(remedies: readonly ReportRemedy[], year: number): Table4 {
  const start = `${year}-01-01`
  const end = `${year}-12-31`
  const table = Object.fromEntries(
    TABLE4_GROUPS.map((g) => [g.key, Object.fromEntries([...REMEDY_RESULTS, 'total'].map((r) => [r, 0]))]),
  ) as Table4
  for (const r of remedies) {
    if (r.filedOn < start || r.filedOn > end) continue
    const result: RemedyResult = r.decidedOn !== null && r.decidedOn <= end ? r.result : 'pending'
    table[r.group][result]++
    table[r.group].total++
  }
  return table
}

function columnFailures(left: (c: Table3Column) => number, right: (c: Table3Column) => number) {
  return TABLE3_COLUMNS.filter((c) => left(c) !== right(c)).map((column) => ({
    column,
    left: left(column),
    right: right(column),
  }))
}

export type ReportFault = ReportCheck['cases'][number]

/**
 * Cases that make the report's arithmetic fail, among those received or decided in `year`: decided without an
 * outcome row, decided without a day of receipt, or decided before it was received.
 */
export function reportFaults(cases: readonly ReportCase[], year: number): ReportFault[] {
  const start = `${year}-01-01`
  const end = `${year}-12-31`
  const inYear = (d: IsoDate | null) => d !== null && d >= start && d <= end
  const faults: ReportFault[] = []
  for (const c of cases) {
    const decidedInYear = inYear(c.decidedOn)
    if (decidedInYear && c.row === null)
      faults.push({ id: c.id, reference: c.reference, why: 'no_outcome_row' })
    if (decidedInYear && c.receivedOn === null)
      faults.push({ id: c.id, reference: c.reference, why: 'decided_without_receipt' })
    if (
      (decidedInYear || inYear(c.receivedOn)) &&
      c.decidedOn !== null &&
      c.receivedOn !== null &&
      c.decidedOn < c.receivedOn
    )
      faults.push({ id: c.id, reference: c.reference, why: 'decided_before_receipt' })
  }
  return faults
}

/**
 * The self-checks beside the tables: 一 + 二 = 三(七) + 四 per column; (七) = the 21 leaf rows; 总计 = the six
 * columns; and, given last year's table, this year's 二 = last year's 四. Faulty cases are named.
 */
export function annualChecks(
  table: Table3,
  cases: readonly ReportCase[],
  year: number,
  previous?: Table3,
): ReportCheck[] {
  return checkTable3(table.lines, reportFaults(cases, year), previous?.lines)
}

/** The self-checks over the lines of Table 3, explained by `faults` (see reportFaults). */
export function checkTable3(
  l: Record<Table3Line, Cells>,
  faults: readonly ReportFault[],
  previous?: Record<Table3Line, Cells>,
): ReportCheck[] {
  const balance = columnFailures(
    (c) => l.new[c] + l.carriedIn[c],
    (c) => l.resultsTotal[c] + l.carriedOut[c],
  )
  const leafSum = columnFailures(
    (c) => l.resultsTotal[c],
    (c) => TABLE3_ROWS.reduce((sum, r) => sum + l[r.key][c], 0),
  )
  const columnsSum = LINES.flatMap((line) => {
    const six = APPLICANT_COLUMNS.reduce((sum, col) => sum + l[line][col.key], 0)
    return six === l[line].total ? [] : [{ column: 'total' as const, left: l[line].total, right: six }]
  })
  const checks: ReportCheck[] = [
    { key: 'balance', ok: balance.length === 0, failures: balance, cases: balance.length ? [...faults] : [] },
    { key: 'results_sum', ok: leafSum.length === 0, failures: leafSum, cases: [] },
    { key: 'columns_sum', ok: columnsSum.length === 0, failures: columnsSum, cases: [] },
  ]
  if (previous) {
    const carry = columnFailures(
      (c) => l.carriedIn[c],
      (c) => previous.carriedOut[c],
    )
    checks.push({
      key: 'carry_over',
      ok: carry.length === 0,
      failures: carry,
      cases: carry.length ? [...faults] : [],
    })
  }
  return checks
}

/** Received cases of one kind, as the counters keep them (see db `report_counts`). */
export interface ReportCount {
  receivedYear: number
  /** Year the 办理结果 was given; null while open. */
  decidedYear: number | null
  column: ReportColumn
  /** Table 3 row of the outcome; null while open or when a decided case has no outcome row. */
  row: Table3RowKey | null
  n: number
}

/**
 * Table 3's lines for `year` from counters instead of cases: the same numbers as annualTable3 over the cases the
 * counters summarise (a year boundary is all the lines ask of a date), read in time proportional to the counters.
 */
export function annualTable3FromCounts(
  counts: readonly ReportCount[],
  year: number,
): Record<Table3Line, Cells> {
  const lines = Object.fromEntries(LINES.map((l) => [l, zero()])) as Record<Table3Line, Cells>
  const add = (line: Table3Line, c: ReportCount) => {
    lines[line][c.column] += c.n
    lines[line].total += c.n
  }
  for (const c of counts) {
    if (c.n === 0) continue
    if (c.receivedYear === year) add('new', c)
    if (c.receivedYear < year && (c.decidedYear === null || c.decidedYear >= year)) add('carriedIn', c)
    if (c.decidedYear === year && c.row !== null) {
      add(c.row, c)
      add('resultsTotal', c)
    }
    if (c.receivedYear <= year && (c.decidedYear === null || c.decidedYear > year)) add('carriedOut', c)
  }
  return lines
}

/** The order of Table 3's lines: 一, 二, the 21 result rows, （七）, 四. */
export const TABLE3_LINES_IN_ORDER = LINES
