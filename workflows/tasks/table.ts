// Reads a 重点任务分解表 (.xlsx or .csv) into task rows: finds the header, fills merged cells, follows groups.
import { readCsvGrid } from './csv-grid'
import type { CellRange, GridRow, SheetGrid, TableFileError } from './grid'
import { cleanCell, foldText, matchKey } from './normalise'
import { taskKey } from './task-key'
import { looksLikeZip, readXlsxGrid } from './xlsx-grid'

/** The columns a task table can have. */
export type TaskColumn = 'seq' | 'name' | 'requirements' | 'carrier' | 'deadline' | 'lead' | 'responsible'

/** What is wrong with one row; the edge words it from `code` and `params`. */
export type RowProblemCode =
  | 'missing_task_name' // error: the row has content but no 任务名称. {}
  | 'duplicate_task' // error: same task key as an earlier row. { firstRow }
  | 'duplicate_seq' // warning: the 序号 was already used in this group. { seq, firstRow }
  | 'no_units' // warning: neither 牵头单位 nor 责任单位 given. {}

export interface RowProblem {
  code: RowProblemCode
  severity: 'error' | 'warning'
  params: Record<string, string | number>
}

/** Something about the table as a whole that the preview should show. */
export type TableNoticeCode =
  | 'column_ignored' // a headed column that is not a task column. { column, header }
  | 'duplicate_column' // a second column for the same field; the first one is used. { field, column, header }
  | 'header_repeated' // the header again further down (a page break in the source); skipped. { row }
  | 'sheets_not_read' // other visible sheets of the workbook, not read. { sheets }

export interface TableNotice {
  code: TableNoticeCode
  params: Record<string, string | number>
}

export interface TaskRow {
  /** Sheet row number (for CSV the record number), 1-based: what the user sees in a spreadsheet program. */
  row: number
  /**
   * The group heading as written: a heading row's text, the 任务类别 column, or — in a table grouped by
   * 牵头单位 (序号 restarting per group) — the lead unit cell. Null when the table has no groups.
   */
  group: string | null
  /** 序号 as a number (一、 and (3) too); null when empty or not a number. */
  seq: number | null
  /** The task columns as written (outer whitespace trimmed); merged cells are filled in; '' when absent. */
  cells: Record<TaskColumn, string>
  /** Position among rows sharing one merged 任务名称 cell (1, 2, …); null when the name is the row's own. */
  part: number | null
  /** See taskKey; null when the row has no task name. */
  key: string | null
  problems: RowProblem[]
}

export interface TaskTable {
  format: 'xlsx' | 'csv'
  /** Worksheet name ('' for CSV). */
  sheet: string
  headerRow: number
  /** 0-based column of each field found; `group` is the 任务类别 column when 任务名称 spans two columns. */
  columns: Partial<Record<TaskColumn | 'group', number>>
  rows: TaskRow[]
  notices: TableNotice[]
}

export type TaskTableResult = { ok: true; table: TaskTable } | { ok: false; error: TableFileError }

export interface ReadTableOptions {
  /** Largest accepted file, in bytes. */
  maxBytes: number
  /** Highest sheet row read (default 5,000: a task table has a few hundred). */
  maxRows?: number
}

/** Default for ReadTableOptions.maxRows. */
export const DEFAULT_MAX_ROWS = 5_000
// The header must be among the first rows; titles and notes above it are skipped.
const HEADER_SEARCH_ROWS = 30
// Columns beyond this are never task columns (and bound the merge index for hostile files).
const MAX_COLUMNS = 64

const HEADER_ALIASES: Record<TaskColumn, string[]> = {
  seq: ['序号', '编号', '序', '排序', 'no'],
  name: [
    '任务名称',
    '任务事项',
    '重点任务',
    '工作任务',
    '任务',
    '主要任务',
    '工作事项',
    '事项名称',
    '重点工作',
    '任务项目',
  ],
  requirements: [
    '具体任务内容',
    '工作要求',
    '任务内容',
    '具体内容',
    '工作内容',
    '具体任务',
    '具体工作要求',
    '主要内容',
    '具体措施',
    '工作措施',
    '任务要求',
    '具体要求',
    '工作任务及要求',
  ],
  carrier: ['公开载体', '公开渠道', '公开方式', '发布载体', '公开平台', '公开载体渠道'],
  deadline: [
    '完成时限',
    '完成时间',
    '时间要求',
    '时限要求',
    '时限',
    '完成期限',
    '时间节点',
    '时间安排',
    '进度安排',
  ],
  lead: ['牵头单位', '牵头部门', '牵头', '牵头责任单位'],
  responsible: [
    '责任单位',
    '责任部门',
    '配合单位',
    '配合部门',
    '责任主体',
    '参与单位',
    '协办单位',
    '落实单位',
    '责任单位部门',
  ],
}
const FIELD_BY_ALIAS = new Map<string, TaskColumn>(
  Object.entries(HEADER_ALIASES).flatMap(([field, aliases]) =>
    aliases.map((alias) => [matchKey(alias), field as TaskColumn] as const),
  ),
)
const TASK_COLUMNS: TaskColumn[] = [
  'seq',
  'name',
  'requirements',
  'carrier',
  'deadline',
  'lead',
  'responsible',
]

/**
 * Reads an uploaded file: .xlsx by its zip signature, anything else as CSV text (UTF-8 with or without BOM,
 * UTF-16 with BOM, or GB18030 as Excel saves CSV on Chinese Windows). Refuses an old binary .xls or an
 * encrypted workbook, and a file over `maxBytes`, before reading it.
 */
export function readTaskTableFile(bytes: Uint8Array, options: ReadTableOptions): TaskTableResult {
  if (bytes.length > options.maxBytes) {
    return { ok: false, error: { code: 'file_too_large', size: bytes.length, max: options.maxBytes } }
  }
  if (looksLikeZip(bytes)) return readTaskTableXlsx(bytes, options)
  // Compound File (OLE2): a legacy .xls, or an .xlsx saved with a password.
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) {
    return { ok: false, error: { code: 'legacy_or_encrypted_workbook' } }
  }
  const text = decodeText(bytes)
  if (text === null) return { ok: false, error: { code: 'unknown_text_encoding' } }
  // NUL or other C0 controls (besides tab and line breaks) mean binary data, not a table.
  if (hasBinaryControls(text)) return { ok: false, error: { code: 'not_a_spreadsheet' } }
  return readTaskTableCsv(text, options)
}

/** Reads .xlsx bytes: the first visible sheet that has a task header. */
export function readTaskTableXlsx(bytes: Uint8Array, options: ReadTableOptions): TaskTableResult {
  if (bytes.length > options.maxBytes) {
    return { ok: false, error: { code: 'file_too_large', size: bytes.length, max: options.maxBytes } }
  }
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS
  // XML compresses about 10:1, so 20× the file (at least 1 MB) is generous for a real part but stops a zip bomb.
  const grid = readXlsxGrid(bytes, { maxPartBytes: Math.max(options.maxBytes * 20, 1_000_000), maxRows })
  if (!grid.ok) return grid
  return tableFromSheets(grid.sheets, 'xlsx')
}

/** Reads CSV text (size counted in UTF-8 bytes). */
export function readTaskTableCsv(text: string, options: ReadTableOptions): TaskTableResult {
  const size = new TextEncoder().encode(text).length
  if (size > options.maxBytes)
    return { ok: false, error: { code: 'file_too_large', size, max: options.maxBytes } }
  const grid = readCsvGrid(text, options.maxRows ?? DEFAULT_MAX_ROWS)
  if (!grid.ok) return grid
  return tableFromSheets(grid.sheets, 'csv')
}

function hasBinaryControls(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) return true
  }
  return false
}

function decodeText(bytes: Uint8Array): string | null {
  const attempts: [string, Uint8Array][] = []
  if (bytes[0] === 0xff && bytes[1] === 0xfe) attempts.push(['utf-16le', bytes.subarray(2)])
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) attempts.push(['utf-16be', bytes.subarray(2)])
  else attempts.push(['utf-8', bytes], ['gb18030', bytes])
  for (const [encoding, data] of attempts) {
    try {
      return new TextDecoder(encoding, { fatal: true, ignoreBOM: false }).decode(data)
    } catch {
      // Not this encoding (or the runtime does not know it): try the next.
    }
  }
  return null
}

function tableFromSheets(sheets: SheetGrid[], format: 'xlsx' | 'csv'): TaskTableResult {
  for (const [index, sheet] of sheets.entries()) {
    const table = readTable(sheet, format)
    if (!table) continue
    const others = sheets.slice(index + 1).map((other) => other.name)
    if (others.length > 0)
      table.notices.push({ code: 'sheets_not_read', params: { sheets: others.join('、') } })
    return { ok: true, table }
  }
  return { ok: false, error: { code: 'header_not_found', searchedRows: HEADER_SEARCH_ROWS } }
}

/** Finds the merged range covering a cell in O(log n): ranges in one column do not overlap. */
class MergeIndex {
  private readonly byColumn = new Map<number, CellRange[]>()

  constructor(merges: readonly CellRange[]) {
    for (const range of merges) {
      if (range.top === range.bottom && range.left === range.right) continue
      for (let column = range.left; column <= Math.min(range.right, MAX_COLUMNS - 1); column++) {
        const list = this.byColumn.get(column)
        if (list) list.push(range)
        else this.byColumn.set(column, [range])
      }
    }
    for (const list of this.byColumn.values()) list.sort((a, b) => a.top - b.top)
  }

  at(row: number, column: number): CellRange | null {
    const list = this.byColumn.get(column)
    if (!list) return null
    let low = 0
    let high = list.length - 1
    let found: CellRange | null = null
    while (low <= high) {
      const middle = (low + high) >> 1
      const range = list[middle] as CellRange
      if (range.top <= row) {
        found = range
        low = middle + 1
      } else {
        high = middle - 1
      }
    }
    return found && found.bottom >= row ? found : null
  }
}

/** Cell values with merged ranges filled in from their top-left cell. */
class FilledSheet {
  private readonly cells = new Map<number, string[]>()
  private readonly merges: MergeIndex

  constructor(sheet: SheetGrid) {
    for (const row of sheet.rows) this.cells.set(row.row, row.cells)
    this.merges = new MergeIndex(sheet.merges)
  }

  own(row: number, column: number): string {
    return cleanCell(this.cells.get(row)?.[column] ?? '')
  }

  range(row: number, column: number): CellRange | null {
    return this.merges.at(row, column)
  }

  value(row: number, column: number): string {
    const range = this.merges.at(row, column)
    return range ? this.own(range.top, range.left) : this.own(row, column)
  }

  /** Identifies the cell a value comes from, so one merged cell is not counted twice. */
  origin(row: number, column: number): string {
    const range = this.merges.at(row, column)
    return range ? `${range.top}:${range.left}` : `${row}:${column}`
  }
}

function headerField(text: string): TaskColumn | null {
  return FIELD_BY_ALIAS.get(matchKey(text)) ?? null
}

function headerScore(sheet: FilledSheet, row: GridRow, width: number): number {
  const fields = new Set<TaskColumn>()
  for (let column = 0; column < width; column++) {
    const field = headerField(sheet.value(row.row, column))
    if (field) fields.add(field)
  }
  return fields.has('name') ? fields.size : 0
}

function readTable(grid: SheetGrid, format: 'xlsx' | 'csv'): TaskTable | null {
  const sheet = new FilledSheet(grid)
  const width = Math.min(
    MAX_COLUMNS,
    Math.max(0, ...grid.rows.map((row) => row.cells.length), ...grid.merges.map((range) => range.right + 1)),
  )
  // The header is the row naming most task columns (at least 任务名称 and one more); a header two rows
  // high (vertically merged cells) counts from its lower row.
  let headerIndex = -1
  let best = 1
  const searched = grid.rows.slice(0, HEADER_SEARCH_ROWS)
  for (const [index, row] of searched.entries()) {
    const score = headerScore(sheet, row, width)
    const previous = searched[index - 1]
    const continues = index - 1 === headerIndex && previous !== undefined && previous.row + 1 === row.row
    if (score > best || (score === best && score > 1 && continues)) {
      headerIndex = index
      best = score
    }
  }
  const header = grid.rows[headerIndex]
  if (!header) return null

  // A second header row under a spanning heading ("任务分工" over 牵头单位 | 责任单位) names the columns below it.
  const below = grid.rows[headerIndex + 1]
  const subHeader =
    below && below.row === header.row + 1 && isSubHeader(sheet, below, header, width) ? below : null
  const headerText = (column: number) => {
    const sub = subHeader ? sheet.own(subHeader.row, column) : ''
    return sub !== '' ? sub : sheet.value(header.row, column)
  }
  const notices: TableNotice[] = []
  const columns: Partial<Record<TaskColumn | 'group', number>> = {}
  const nameColumns: number[] = []
  for (let column = 0; column < width; column++) {
    const text = headerText(column)
    const field = headerField(text)
    if (field === 'name') {
      nameColumns.push(column)
    } else if (field && columns[field] === undefined) {
      columns[field] = column
    } else if (field) {
      notices.push({ code: 'duplicate_column', params: { field, column: column + 1, header: text } })
    } else if (text !== '') {
      notices.push({ code: 'column_ignored', params: { column: column + 1, header: text } })
    }
  }
  const lastHeader = subHeader ?? header
  const dataRows = grid.rows.slice(headerIndex + (subHeader ? 2 : 1))
  const firstName = nameColumns[0] as number
  // 任务名称 spanning two columns (merged, or followed by an unheaded column with content): the left one
  // holds the group (任务类别), the right one the task.
  const next = firstName + 1
  const nextUnheaded = headerText(next) === '' && dataRows.some((row) => sheet.own(row.row, next) !== '')
  if (nameColumns[1] === next || (nameColumns.length === 1 && nextUnheaded && columns.seq !== next)) {
    columns.group = firstName
    columns.name = next
  } else {
    columns.name = firstName
  }
  for (const column of nameColumns.slice(columns.group === undefined ? 1 : 2)) {
    notices.push({ code: 'duplicate_column', params: { field: 'name', column: column + 1, header: '' } })
  }

  const rows = readRows(sheet, header, dataRows, columns, notices)
  return { format, sheet: grid.name, headerRow: lastHeader.row, columns, rows, notices }
}

/** Every cell of the row is a column heading, and one of them is a task column the header row lacks. */
function isSubHeader(sheet: FilledSheet, row: GridRow, header: GridRow, width: number): boolean {
  let adds = false
  for (let column = 0; column < width; column++) {
    const text = sheet.own(row.row, column)
    if (text === '') continue
    const field = headerField(text)
    if (!field) return false
    if (headerField(sheet.value(header.row, column)) !== field) adds = true
  }
  return adds
}

type Columns = Partial<Record<TaskColumn | 'group', number>>

interface Segment {
  id: number
  seqs: Map<number, { row: number; origin: string }>
}

function readRows(
  sheet: FilledSheet,
  header: GridRow,
  dataRows: GridRow[],
  columns: Columns,
  notices: TableNotice[],
) {
  const mapped = Object.values(columns).sort((a, b) => a - b)
  const firstColumn = mapped[0] ?? 0
  const headerName = sheet.value(header.row, columns.name as number)
  const cellsOf = (row: number): Record<TaskColumn, string> => {
    const cells = {} as Record<TaskColumn, string>
    for (const field of TASK_COLUMNS) {
      const column = columns[field]
      cells[field] = column === undefined ? '' : sheet.value(row, column)
    }
    return cells
  }

  // First pass: sort rows into headings, repeated headers and candidate task rows.
  const candidates: GridRow[] = []
  const headings = new Map<number, string>()
  for (const row of dataRows) {
    const own = row.cells.map((_, column) => sheet.own(row.row, column))
    const filled = own.filter((text) => text !== '')
    if (filled.length === 0) continue
    if (
      sheet.value(row.row, columns.name as number) === headerName &&
      headerScore(sheet, row, Math.max(...mapped) + 1) >= 2
    ) {
      notices.push({ code: 'header_repeated', params: { row: row.row } })
      continue
    }
    const heading = headingText(sheet, row, own, mapped, firstColumn, columns)
    if (heading !== null) headings.set(row.row, heading)
    else candidates.push(row)
  }

  const leadColumn = columns.lead
  const seqOf = (row: GridRow) =>
    columns.seq === undefined ? null : parseSeq(sheet.value(row.row, columns.seq))
  const restarts = candidates.some((row, index) => index > 0 && seqOf(row) === 1)
  const leadMerged =
    leadColumn !== undefined &&
    candidates.some((row) => {
      const range = sheet.range(row.row, leadColumn)
      return range !== null && range.bottom > range.top
    })
  const mode =
    headings.size > 0
      ? 'heading'
      : columns.group !== undefined
        ? 'column'
        : leadColumn !== undefined && (restarts || leadMerged)
          ? 'lead'
          : null

  const rows: TaskRow[] = []
  const keys = new Map<string, number>()
  const parts = new Map<string, number>()
  let heading: string | null = null
  let previousGroup: string | null = null
  let previousLead = ''
  let segment: Segment = { id: 0, seqs: new Map() }
  const newSegment = () => {
    segment = { id: segment.id + 1, seqs: new Map() }
  }
  const isCandidate = new Set(candidates)
  for (const row of dataRows) {
    const headingHere = headings.get(row.row)
    if (headingHere !== undefined) {
      heading = headingHere
      newSegment()
      continue
    }
    if (!isCandidate.has(row)) continue
    const cells = cellsOf(row.row)
    const seq = seqOf(row)
    let group: string | null = null
    if (mode === 'heading') {
      group = heading
    } else if (mode === 'column') {
      // The 任务类别 column is a grouping column: an empty cell continues the group above.
      group = sheet.value(row.row, columns.group as number) || previousGroup
      if (group !== previousGroup) newSegment()
    } else if (mode === 'lead') {
      const restart = seq === 1 && segment.seqs.size > 0
      if (cells.lead === '' && !restart) cells.lead = previousLead
      if (restart || cells.lead !== previousLead) newSegment()
      group = cells.lead || null
      previousLead = cells.lead
    }
    previousGroup = group

    const problems: RowProblem[] = []
    if (seq !== null && columns.seq !== undefined) {
      const origin = sheet.origin(row.row, columns.seq)
      const first = segment.seqs.get(seq)
      if (first && first.origin !== origin) {
        problems.push({ code: 'duplicate_seq', severity: 'warning', params: { seq, firstRow: first.row } })
      } else if (!first) {
        segment.seqs.set(seq, { row: row.row, origin })
      }
    }

    let key: string | null = null
    let part: number | null = null
    if (cells.name === '') {
      problems.push({ code: 'missing_task_name', severity: 'error', params: {} })
    } else {
      const nameRange = sheet.range(row.row, columns.name as number)
      if (nameRange && nameRange.bottom > nameRange.top) {
        const origin = sheet.origin(row.row, columns.name as number)
        part = (parts.get(origin) ?? 0) + 1
        parts.set(origin, part)
      }
      key = taskKey({ group, lead: cells.lead, name: cells.name, part })
      const firstRow = keys.get(key)
      if (firstRow !== undefined) {
        problems.push({ code: 'duplicate_task', severity: 'error', params: { firstRow } })
      } else {
        keys.set(key, row.row)
      }
    }
    if (cells.lead === '' && cells.responsible === '') {
      problems.push({ code: 'no_units', severity: 'warning', params: {} })
    }
    rows.push({ row: row.row, group, seq, cells, part, key, problems })
  }
  return rows
}

/**
 * A group heading row: one merged cell across the task columns, or a single cell in the first column when
 * that column is not the task name (e.g. "一、省政府办公厅牵头" in the 序号 column) and is not a 序号.
 */
function headingText(
  sheet: FilledSheet,
  row: GridRow,
  own: string[],
  mapped: number[],
  firstColumn: number,
  columns: Columns,
): string | null {
  const valued = mapped.filter((column) => sheet.value(row.row, column) !== '')
  const first = valued[0]
  const range = first === undefined ? null : sheet.range(row.row, first)
  if (
    range &&
    range.top === row.row &&
    range.right > range.left &&
    valued.every((column) => sheet.range(row.row, column) === range)
  ) {
    return sheet.value(row.row, first as number)
  }
  const filled = own.flatMap((value, column) => (value === '' ? [] : [column]))
  if (
    filled.length === 1 &&
    (filled[0] ?? 0) <= firstColumn &&
    firstColumn !== columns.name &&
    firstColumn !== columns.group &&
    mapped.every((column) => column === filled[0] || sheet.value(row.row, column) === '')
  ) {
    const value = own[filled[0] ?? 0] ?? ''
    if (parseSeq(value) === null) return value
  }
  return null
}

const CN_DIGITS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 }

/** "3", "3.", "(3)", "三、", "（十二）" → the number; anything else → null. */
export function parseSeq(text: string): number | null {
  const match = /^[(]?\s*(\d{1,4}|[一二三四五六七八九十]{1,3})\s*[)]?\s*[、.,]?$/.exec(foldText(text).trim())
  if (!match) return null
  const value = match[1] ?? ''
  if (/^\d+$/.test(value)) return Number(value)
  // 十 = 10, 十二 = 12, 二十 = 20, 二十三 = 23.
  const [tens, ones] = value.includes('十') ? value.split('十') : ['', value]
  const t = value.includes('十') ? (tens === '' ? 1 : (CN_DIGITS[tens ?? ''] ?? Number.NaN)) : 0
  const o = ones === '' ? 0 : (CN_DIGITS[ones ?? ''] ?? Number.NaN)
  const number = t * 10 + o
  return Number.isNaN(number) || number === 0 ? null : number
}
