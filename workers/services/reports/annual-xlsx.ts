// The annual report as an .xlsx workbook to paste into the published report: 表三 and 表四 laid out as the official
// tables, merged cells included.

import type { Cell, SheetData } from 'write-excel-file/universal'
import { REMEDY_RESULT_LABELS } from '../../../workflows/outcomes'
import { messages } from '../../i18n/zh-CN'
import { toCsv } from '../../lib/csv'
import { loadXlsxWriter } from '../../lib/xlsx'
import type { AnnualReport } from './annual-report'
import { type Grid, table3Grid, table4Grid } from './layout'

function sheetData(grid: Grid): SheetData {
  return grid.map((row) =>
    row.map((cell): Cell => {
      if (cell === null) return null
      const span = {
        ...(cell.colSpan ? { columnSpan: cell.colSpan } : {}),
        ...(cell.rowSpan ? { rowSpan: cell.rowSpan } : {}),
      }
      if (cell.kind === 'number')
        return { value: Number(cell.text), type: Number, align: 'center', borderStyle: 'thin', ...span }
      return {
        value: cell.text,
        type: String,
        wrap: true,
        alignVertical: 'center',
        borderStyle: 'thin',
        ...(cell.kind === 'header' ? { fontWeight: 'bold', align: 'center' } : {}),
        ...span,
      }
    }),
  )
}

/** The report's Tables 3 and 4 as .xlsx bytes. */
export async function annualReportXlsx(report: AnnualReport): Promise<Uint8Array> {
  const t = messages.reports
  const writeXlsxFile = await loadXlsxWriter()
  const blob = await writeXlsxFile([
    {
      data: sheetData(table3Grid(report)),
      sheet: t.sheetTable3,
      columns: [{ width: 14 }, { width: 18 }, { width: 40 }, ...Array(7).fill({ width: 10 })],
    },
    { data: sheetData(table4Grid(report)), sheet: t.sheetTable4, columns: Array(15).fill({ width: 10 }) },
  ]).toBlob()
  return new Uint8Array(await blob.arrayBuffer())
}

/** The report as CSV: Table 3 (one line per row, its label path first), a blank line, then Table 4. */
export function annualReportCsv(report: AnnualReport): string {
  const t = messages.reports
  const rows: (string | number)[][] = [
    [t.table3Title, ...report.table3.columns.map((c) => c.label)],
    ...report.table3.rows.map((r) => [
      r.group && r.group !== r.label ? `${r.group} ${r.label}` : r.label,
      ...report.table3.columns.map((c) => r.cells[c.key] ?? 0),
    ]),
    [],
  ]
  rows.push([
    t.table4Title,
    ...report.table4.groups.flatMap((g) =>
      (['upheld', 'corrected', 'other', 'pending', 'total'] as const).map(
        (k) => `${g.label}：${k === 'total' ? '总计' : REMEDY_RESULT_LABELS[k]}`,
      ),
    ),
  ])
  rows.push([
    `${report.agency.name} ${report.year}`,
    ...report.table4.groups.flatMap((g) =>
      (['upheld', 'corrected', 'other', 'pending', 'total'] as const).map((k) => g.cells[k]),
    ),
  ])
  return toCsv(rows)
}
