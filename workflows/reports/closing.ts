// Closed years of the annual report: what one change to a case does to the tables of a closed (published) year.
// A change that moves a case's receipt into or out of a closed year (line 一) is refused; any other change to the
// closed year's cells (an outcome recorded late, a remedy filed or decided within the year but recorded after the
// closing) is allowed and recorded as a correction with the cells it moved. Pure: the edge reads and writes.
import type { IsoDate } from '../calendar/types'
import { type RemedyResult, type ReportColumn, type Table3RowKey, table4GroupFor } from '../outcomes'
import { annualTable3, annualTable4, type Table3Line } from './annual'

/** The facts of one case that the annual report counts. */
export interface CountedCase {
  column: ReportColumn
  receivedOn: IsoDate | null
  decidedOn: IsoDate | null
  /** Table 3 row of its outcome (null while open or when none can be given). */
  row: Table3RowKey | null
  remedies: readonly {
    kind: 'reconsideration' | 'litigation'
    litigationPath: 'direct' | 'after_reconsideration' | null
    filedOn: IsoDate
    result: RemedyResult
    decidedOn: IsoDate | null
  }[]
}

/** One cell a change moved: Table 3 by line and applicant column, Table 4 by group and result. */
export interface CellChange {
  table: 3 | 4
  line: string
  column: string
  delta: number
}

/** The non-zero cells one case contributes to a year's tables (the totals left out: they follow). */
export function caseCells(c: CountedCase, year: number): Map<string, CellChange> {
  const cells = new Map<string, CellChange>()
  const t3 = annualTable3(
    [
      {
        id: '',
        reference: '',
        column: c.column,
        receivedOn: c.receivedOn,
        decidedOn: c.decidedOn,
        row: c.row,
      },
    ],
    year,
  ).lines
  for (const [line, byColumn] of Object.entries(t3) as [Table3Line, Record<string, number>][]) {
    if (line === 'resultsTotal') continue
    const n = byColumn[c.column] ?? 0
    if (n) cells.set(`3|${line}|${c.column}`, { table: 3, line, column: c.column, delta: n })
  }
  const t4 = annualTable4(
    c.remedies.map((r) => ({
      caseId: '',
      group: table4GroupFor(
        r.kind === 'litigation'
          ? { kind: 'litigation', litigationPath: r.litigationPath ?? 'direct' }
          : { kind: 'reconsideration' },
      ),
      filedOn: r.filedOn,
      result: r.result,
      decidedOn: r.decidedOn,
    })),
    year,
  )
  for (const [group, byResult] of Object.entries(t4)) {
    for (const [result, n] of Object.entries(byResult)) {
      if (result !== 'total' && n)
        cells.set(`4|${group}|${result}`, { table: 4, line: group, column: result, delta: n })
    }
  }
  return cells
}

/** The cells of `year` that change from `before` to `after` (after − before), in a stable order. */
export function cellChanges(before: CountedCase, after: CountedCase, year: number): CellChange[] {
  const a = caseCells(before, year)
  const b = caseCells(after, year)
  const changes: CellChange[] = []
  for (const key of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    const delta = (b.get(key)?.delta ?? 0) - (a.get(key)?.delta ?? 0)
    if (delta !== 0) changes.push({ ...(b.get(key) ?? a.get(key))!, delta })
  }
  return changes
}

export type ClosedYearEffect =
  | { refused: false; corrections: { year: number; kind: 'outcome' | 'remedy'; changes: CellChange[] }[] }
  | { refused: true; year: number }

/**
 * What a change does to the closed years: refused when it would move line 一 (the requests received) of a closed
 * year; otherwise one correction per closed year whose cells it moves — `remedy` when only Table 4 moved.
 */
export function closedYearEffect(
  before: CountedCase,
  after: CountedCase,
  closedYears: readonly number[],
): ClosedYearEffect {
  const corrections: { year: number; kind: 'outcome' | 'remedy'; changes: CellChange[] }[] = []
  for (const year of [...closedYears].sort((x, y) => x - y)) {
    const changes = cellChanges(before, after, year)
    if (changes.length === 0) continue
    if (changes.some((c) => c.table === 3 && c.line === 'new')) return { refused: true, year }
    corrections.push({ year, kind: changes.some((c) => c.table === 3) ? 'outcome' : 'remedy', changes })
  }
  return { refused: false, corrections }
}
