// Reads the sheets of an .xlsx (OOXML) workbook into cell text and merged ranges: fflate unzips, xmldom parses.
import { DOMParser, type Element, type Node, ParseError } from '@xmldom/xmldom'
import { type UnzipFileInfo, unzipSync } from 'fflate'
import { toIsoDate } from '../calendar/iso-date'
import {
  type CellRange,
  type GridResult,
  type GridRow,
  parseCellAddress,
  parseRange,
  type SheetGrid,
} from './grid'

/** Limits that keep a hostile workbook from exhausting the isolate. */
export interface XlsxLimits {
  /** Largest unpacked size of any one part (sheet XML, shared strings) in bytes. */
  maxPartBytes: number
  /** Highest row number read; a sheet with data below it is refused. */
  maxRows: number
}

const ELEMENT_NODE = 1
const TEXT_NODE = 3
const CDATA_SECTION_NODE = 4
// Serial 0 is 1899-12-30 in the 1900 date system (day number -25_569), 1904-01-01 in the 1904 one.
const EPOCH_1900 = -25_569
const EPOCH_1904 = -24_107
// Built-in number formats that show a date (the CJK ones are 27–36 and 50–58).
const DATE_FORMAT_IDS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54,
  55, 56, 57, 58,
])

class XlsxFormatError extends Error {}

/** True when the bytes start like a zip archive (every .xlsx does). */
export function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04
}

/**
 * Reads every visible worksheet of an .xlsx file. Cell values become text as shown: shared and inline
 * strings (phonetic runs dropped, `_x000D_` escapes decoded), numbers as stored, booleans as TRUE/FALSE,
 * date-formatted numbers as YYYY-MM-DD. Merged ranges are returned as they are; filling them is the
 * caller's business.
 */
export function readXlsxGrid(bytes: Uint8Array, limits: XlsxLimits): GridResult {
  if (!looksLikeZip(bytes)) return { ok: false, error: { code: 'not_a_spreadsheet' } }
  let oversized: string | null = null
  let files: Record<string, Uint8Array>
  try {
    files = unzipSync(bytes, {
      filter: (file: UnzipFileInfo) => {
        if (!isWantedPart(file.name)) return false
        if (file.originalSize > limits.maxPartBytes) {
          oversized ??= file.name
          return false
        }
        return true
      },
    })
  } catch {
    return { ok: false, error: { code: 'not_a_spreadsheet' } }
  }
  if (oversized)
    return { ok: false, error: { code: 'unpacked_too_large', part: oversized, max: limits.maxPartBytes } }
  const workbookXml = files['xl/workbook.xml']
  if (!workbookXml) return { ok: false, error: { code: 'not_a_spreadsheet' } }
  try {
    const decoder = new TextDecoder('utf-8')
    const xml = (name: string) => {
      const part = files[name]
      return part ? parseXml(decoder.decode(part)) : null
    }
    const workbook = xml('xl/workbook.xml') as Element
    const relations = readRelations(xml('xl/_rels/workbook.xml.rels'))
    const sharedStrings = readSharedStrings(xml('xl/sharedStrings.xml'))
    const dateStyles = readDateStyles(xml('xl/styles.xml'))
    const epoch = descendants(workbook, 'workbookPr').some((el) => truthy(el.getAttribute('date1904')))
      ? EPOCH_1904
      : EPOCH_1900
    const sheets: SheetGrid[] = []
    for (const sheet of descendants(workbook, 'sheet')) {
      const state = sheet.getAttribute('state')
      if (state === 'hidden' || state === 'veryHidden') continue
      const target = relations.get(attributeLocal(sheet, 'id') ?? '')
      const document = target ? xml(target) : null
      if (!document) continue
      const grid = readSheet(document, { sharedStrings, dateStyles, epoch, maxRows: limits.maxRows })
      if ('tooManyRows' in grid)
        return { ok: false, error: { code: 'too_many_rows', rows: grid.tooManyRows, max: limits.maxRows } }
      sheets.push({ name: sheet.getAttribute('name') ?? '', ...grid })
    }
    if (sheets.length === 0) return { ok: false, error: { code: 'no_sheet' } }
    return { ok: true, sheets }
  } catch (error) {
    // A part that is not well-formed XML, or not the XML a workbook has, makes the file unreadable as a whole.
    if (error instanceof XlsxFormatError || error instanceof ParseError) {
      return { ok: false, error: { code: 'not_a_spreadsheet' } }
    }
    throw error
  }
}

function isWantedPart(name: string): boolean {
  return (
    name === 'xl/workbook.xml' ||
    name === 'xl/_rels/workbook.xml.rels' ||
    name === 'xl/sharedStrings.xml' ||
    name === 'xl/styles.xml' ||
    /^xl\/worksheets\/[^/]+\.xml$/.test(name)
  )
}

function parseXml(text: string): Element {
  const document = new DOMParser({
    onError: (level, message) => {
      if (level !== 'warning') throw new XlsxFormatError(message)
    },
  }).parseFromString(text, 'text/xml')
  const root = document.documentElement
  if (!root) throw new XlsxFormatError('empty XML part')
  return root
}

function* childElements(parent: Node, localName?: string): Generator<Element> {
  for (let node = parent.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === ELEMENT_NODE && (!localName || (node as Element).localName === localName)) {
      yield node as Element
    }
  }
}

function descendants(root: Element, localName: string): Element[] {
  return Array.from(root.getElementsByTagNameNS('*', localName))
}

function attributeLocal(element: Element, localName: string): string | null {
  for (const attribute of Array.from(element.attributes)) {
    if (attribute.localName === localName && attribute.prefix) return attribute.value
  }
  return null
}

function truthy(value: string | null): boolean {
  return value === '1' || value === 'true'
}

function textOf(node: Node): string {
  let text = ''
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (child.nodeType === TEXT_NODE || child.nodeType === CDATA_SECTION_NODE) text += child.nodeValue ?? ''
    else if (child.nodeType === ELEMENT_NODE) text += textOf(child)
  }
  return text
}

// ST_Xstring escapes: "_x000D_" is a carriage return, "_x005F_" a literal underscore.
function unescapeXstring(text: string): string {
  return text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) =>
    String.fromCharCode(Number.parseInt(hex, 16)),
  )
}

function richText(element: Element): string {
  // A string item is one <t>, or runs <r><t>…</t></r>; <rPh> phonetic guides are not part of the value.
  let text = ''
  for (const child of childElements(element)) {
    if (child.localName === 't') text += textOf(child)
    else if (child.localName === 'r') for (const t of childElements(child, 't')) text += textOf(t)
  }
  return unescapeXstring(text).replace(/\r\n?/g, '\n')
}

function readRelations(root: Element | null): Map<string, string> {
  const targets = new Map<string, string>()
  if (!root) return targets
  for (const relation of descendants(root, 'Relationship')) {
    const id = relation.getAttribute('Id')
    const target = relation.getAttribute('Target')
    if (!id || !target) continue
    targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`)
  }
  return targets
}

function readSharedStrings(root: Element | null): string[] {
  if (!root) return []
  return Array.from(childElements(root, 'si'), richText)
}

function readDateStyles(root: Element | null): Set<number> {
  const dates = new Set<number>()
  if (!root) return dates
  const customDates = new Set<number>()
  for (const format of descendants(root, 'numFmt')) {
    if (isDateFormatCode(format.getAttribute('formatCode') ?? ''))
      customDates.add(Number(format.getAttribute('numFmtId')))
  }
  const cellXfs = descendants(root, 'cellXfs')[0]
  if (!cellXfs) return dates
  let index = 0
  for (const xf of childElements(cellXfs, 'xf')) {
    const id = Number(xf.getAttribute('numFmtId') ?? 0)
    if (DATE_FORMAT_IDS.has(id) || customDates.has(id)) dates.add(index)
    index++
  }
  return dates
}

function isDateFormatCode(code: string): boolean {
  // Quoted literals, escaped characters and [colour]/[locale] sections say nothing about dates.
  const bare = code.replace(/"[^"]*"|\\.|\[[^\]]*\]/g, '')
  return /[yd]/i.test(bare) || /m/i.test(bare.replace(/am\/pm|a\/p/gi, ''))
}

interface SheetContext {
  sharedStrings: string[]
  dateStyles: Set<number>
  epoch: number
  maxRows: number
}

function readSheet(root: Element, context: SheetContext): Omit<SheetGrid, 'name'> | { tooManyRows: number } {
  const rows: GridRow[] = []
  const sheetData = descendants(root, 'sheetData')[0]
  let rowNumber = 0
  if (sheetData) {
    for (const row of childElements(sheetData, 'row')) {
      rowNumber = Number(row.getAttribute('r') ?? rowNumber + 1)
      if (!Number.isInteger(rowNumber) || rowNumber < 1) throw new XlsxFormatError('bad row number')
      const cells: string[] = []
      let column = -1
      for (const cell of childElements(row, 'c')) {
        const address = parseCellAddress(cell.getAttribute('r') ?? '')
        column = address ? address.column : column + 1
        const text = cellText(cell, context)
        if (text === '') continue
        if (rowNumber > context.maxRows) return { tooManyRows: rowNumber }
        while (cells.length < column) cells.push('')
        cells[column] = text
      }
      if (cells.length > 0) rows.push({ row: rowNumber, cells })
    }
  }
  rows.sort((a, b) => a.row - b.row)
  const merges: CellRange[] = []
  for (const merge of descendants(root, 'mergeCell')) {
    const range = parseRange(merge.getAttribute('ref') ?? '')
    if (range && range.top <= context.maxRows) merges.push(range)
  }
  return { rows, merges }
}

function cellText(cell: Element, context: SheetContext): string {
  const type = cell.getAttribute('t') ?? 'n'
  const value = childElements(cell, 'v').next().value
  const raw = value ? textOf(value) : ''
  switch (type) {
    case 's':
      return context.sharedStrings[Number(raw)] ?? ''
    case 'inlineStr': {
      const inline = childElements(cell, 'is').next().value
      return inline ? richText(inline) : ''
    }
    case 'str':
      return unescapeXstring(raw).replace(/\r\n?/g, '\n')
    case 'b':
      return raw === '1' ? 'TRUE' : raw === '0' ? 'FALSE' : ''
    case 'e':
      return ''
    default: {
      if (raw === '') return ''
      const style = Number(cell.getAttribute('s') ?? 0)
      const serial = Number(raw)
      if (context.dateStyles.has(style) && Number.isFinite(serial) && serial >= 1 && serial < 2_958_466) {
        // Serials below 61 sit before the 1900 leap-year bug; no task table has such a date.
        return toIsoDate(context.epoch + Math.floor(serial))
      }
      return raw
    }
  }
}
