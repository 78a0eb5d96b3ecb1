// Hand-made .xlsx files for tests: raw OOXML parts zipped with fflate, to reach what a writer library never
// produces (rich-text runs, phonetic guides, cells without addresses, the 1904 date system, hidden sheets).
import { strToU8, zipSync } from 'fflate'

export interface RawSheet {
  name: string
  /** The children of <sheetData>, e.g. `<row r="1"><c r="A1" t="inlineStr"><is><t>序号</t></is></c></row>`. */
  rows: string
  /** Extra XML after </sheetData>, e.g. `<mergeCells><mergeCell ref="A1:C1"/></mergeCells>`. */
  after?: string
  state?: 'hidden' | 'veryHidden'
}

export interface RawWorkbook {
  sheets: RawSheet[]
  /** The children of <sst>. */
  sharedStrings?: string
  /** The whole styles part. */
  styles?: string
  date1904?: boolean
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'

/** Zips a minimal but valid workbook. */
export function rawXlsx(workbook: RawWorkbook): Uint8Array {
  const files: Record<string, Uint8Array> = {}
  const sheetEntries = workbook.sheets
    .map(
      (sheet, i) =>
        `<sheet name="${sheet.name}" sheetId="${i + 1}"${sheet.state ? ` state="${sheet.state}"` : ''} r:id="rId${i + 1}"/>`,
    )
    .join('')
  files['[Content_Types].xml'] = strToU8(
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
  )
  files['xl/workbook.xml'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${MAIN}" xmlns:r="${REL}">` +
      `${workbook.date1904 ? '<workbookPr date1904="1"/>' : ''}<sheets>${sheetEntries}</sheets></workbook>`,
  )
  files['xl/_rels/workbook.xml.rels'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${workbook.sheets
      .map(
        (_, i) =>
          `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
      )
      .join('')}</Relationships>`,
  )
  workbook.sheets.forEach((sheet, i) => {
    files[`xl/worksheets/sheet${i + 1}.xml`] = strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${MAIN}"><sheetData>${sheet.rows}</sheetData>${sheet.after ?? ''}</worksheet>`,
    )
  })
  if (workbook.sharedStrings !== undefined) {
    files['xl/sharedStrings.xml'] = strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${MAIN}">${workbook.sharedStrings}</sst>`,
    )
  }
  if (workbook.styles !== undefined) files['xl/styles.xml'] = strToU8(workbook.styles)
  return zipSync(files)
}

/** An inline-string cell. */
export function text(ref: string, value: string): string {
  return `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${escapeXml(value)}</t></is></c>`
}

/** A row of inline-string cells from column A on; '' leaves a cell out. */
export function row(number: number, values: string[]): string {
  const cells = values.map((value, i) =>
    value === '' ? '' : text(`${String.fromCharCode(65 + i)}${number}`, value),
  )
  return `<row r="${number}">${cells.join('')}</row>`
}

function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}
