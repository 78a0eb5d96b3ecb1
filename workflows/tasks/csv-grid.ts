// Reads CSV text (any delimiter papaparse detects) into the same grid the xlsx reader makes, without merges.
import Papa from 'papaparse'
import type { GridResult, GridRow } from './grid'

/**
 * Splits CSV text into rows; the row number is the record number, which is the sheet row a spreadsheet
 * program shows for the file even when a quoted cell spans several lines.
 */
export function readCsvGrid(text: string, maxRows: number): GridResult {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text
  const rows: GridRow[] = []
  let tooMany = 0
  let record = 0
  Papa.parse<string[]>(source, {
    skipEmptyLines: false,
    step: (result, parser) => {
      record++
      const cells = result.data.map((cell) => cell ?? '')
      if (!cells.some((cell) => cell.trim() !== '')) return
      if (record > maxRows) {
        tooMany = record
        parser.abort()
        return
      }
      rows.push({ row: record, cells })
    },
  })
  if (tooMany) return { ok: false, error: { code: 'too_many_rows', rows: tooMany, max: maxRows } }
  return { ok: true, sheets: [{ name: '', rows, merges: [] }] }
}
