// The sheet as the readers hand it over: cell text by row and column, plus the merged ranges.

/** A rectangle of merged cells; rows are 1-based sheet rows, columns 0-based. Inclusive. */
export interface CellRange {
  top: number
  left: number
  bottom: number
  right: number
}

/** One sheet row that has at least one cell; `cells[c]` is the text of column c ('' when empty). */
export interface GridRow {
  row: number
  cells: string[]
}

export interface SheetGrid {
  name: string
  /** Ascending by `row`; rows with no cell at all are absent. */
  rows: GridRow[]
  merges: CellRange[]
}

/** Why a file could not be read as a table at all. */
export type TableFileError =
  | { code: 'file_too_large'; size: number; max: number }
  | { code: 'unpacked_too_large'; part: string; max: number }
  | { code: 'not_a_spreadsheet' }
  | { code: 'legacy_or_encrypted_workbook' }
  | { code: 'unknown_text_encoding' }
  | { code: 'no_sheet' }
  | { code: 'too_many_rows'; rows: number; max: number }
  | { code: 'header_not_found'; searchedRows: number }

export type GridResult = { ok: true; sheets: SheetGrid[] } | { ok: false; error: TableFileError }

/** "AB12" → { row: 12, column: 27 }; null for anything else. */
export function parseCellAddress(address: string): { row: number; column: number } | null {
  const match = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/.exec(address.trim())
  if (!match) return null
  let column = 0
  for (const letter of (match[1] ?? '').toUpperCase()) column = column * 26 + (letter.charCodeAt(0) - 64)
  return { row: Number(match[2]), column: column - 1 }
}

/** "A1:D3" (or a single "B2") → a range; null when malformed. */
export function parseRange(ref: string): CellRange | null {
  const [from, to = from] = ref.split(':')
  const a = parseCellAddress(from ?? '')
  const b = parseCellAddress(to ?? '')
  if (!a || !b) return null
  return {
    top: Math.min(a.row, b.row),
    bottom: Math.max(a.row, b.row),
    left: Math.min(a.column, b.column),
    right: Math.max(a.column, b.column),
  }
}
