// The annual report as a Word document to paste into the published report: a draft of the 依申请公开 text with the
// numbers filled in, then Tables 3 and 4 with the official merged cells (the same grid as the page and the .xlsx).
// Imported on demand by the route (the docx library is a separate module of the Worker: scripts/worker-build.ts).
import {
  AlignmentType,
  Document,
  Packer,
  PageOrientation,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
} from 'docx'
import { messages } from '../../i18n/zh-CN'
import type { AnnualReport } from './annual-report'
import { draftNumbers, type Grid, table3Grid, table4Grid } from './layout'

const FONT = { ascii: 'FangSong', eastAsia: '仿宋' }

function text(value: string, options: { bold?: boolean; size?: number; center?: boolean } = {}) {
  return new Paragraph({
    alignment: options.center ? AlignmentType.CENTER : AlignmentType.LEFT,
    children: [
      new TextRun({ text: value, bold: options.bold ?? false, size: options.size ?? 21, font: FONT }),
    ],
  })
}

function gridTable(grid: Grid): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: grid.map(
      (row) =>
        new TableRow({
          children: row
            .filter((c) => c !== null)
            .map(
              (c) =>
                new TableCell({
                  children: [text(c.text, { bold: c.kind === 'header', center: c.kind !== 'label' })],
                  verticalAlign: VerticalAlign.CENTER,
                  ...(c.colSpan ? { columnSpan: c.colSpan } : {}),
                  ...(c.rowSpan ? { rowSpan: c.rowSpan } : {}),
                }),
            ),
        }),
    ),
  })
}

/** The report as .docx bytes (A4 landscape). */
export async function annualReportDocx(report: AnnualReport): Promise<Uint8Array> {
  const t = messages.reports
  const document = new Document({
    creator: report.agency.name,
    title: t.docxTitle(report.agency.name, report.year),
    sections: [
      {
        properties: { page: { size: { orientation: PageOrientation.LANDSCAPE } } },
        children: [
          text(t.docxTitle(report.agency.name, report.year), { bold: true, size: 32, center: true }),
          text(t.draftHeading, { bold: true, size: 24 }),
          text(t.draftText(draftNumbers(report)), { size: 24 }),
          text(t.table3Title, { bold: true, size: 24 }),
          gridTable(table3Grid(report)),
          text(t.table4Title, { bold: true, size: 24 }),
          gridTable(table4Grid(report)),
        ],
      },
    ],
  })
  return new Uint8Array(await Packer.toArrayBuffer(document))
}
