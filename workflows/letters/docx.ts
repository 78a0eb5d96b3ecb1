// A letter as a .docx in the layout of a Chinese official document (GB/T 9704-2012): A4, 37/35/28/26 mm margins,
// title in 2号小标宋, body in 3号仿宋 on a fixed line pitch, first lines indented two characters, page numbers.
import { AlignmentType, Document, Footer, LineRuleType, Packer, PageNumber, Paragraph, TextRun } from 'docx'
import type { LetterDocument } from './types'

const MM = 56.6929 // twips per millimetre
const twips = (mm: number) => Math.round(mm * MM)

/** Font names as GB/T 9704 gives them; Word substitutes its own 仿宋 / 宋体 where these are not installed. */
export const LETTER_FONTS = {
  title: '方正小标宋简体',
  body: '仿宋_GB2312',
  /** Latin letters and digits. */
  latin: 'Times New Roman',
  pageNumber: '宋体',
} as const

const SIZE = { title: 44, body: 32, pageNumber: 28 } // half-points: 2号 22pt, 3号 16pt, 4号 14pt
const LINE = 579 // 28.95 pt: 22 lines in the 225 mm type area
const INDENT = SIZE.body * 20 // two characters of 3号, in twips

function run(text: string, kind: 'title' | 'body', extra: { bold?: boolean } = {}): TextRun {
  const eastAsia = kind === 'title' ? LETTER_FONTS.title : LETTER_FONTS.body
  return new TextRun({
    text,
    size: SIZE[kind],
    font: { ascii: LETTER_FONTS.latin, hAnsi: LETTER_FONTS.latin, eastAsia },
    ...extra,
  })
}

function para(
  text: string,
  options: {
    kind?: 'title' | 'body'
    align?: 'left' | 'center' | 'right'
    indent?: boolean
    rightChars?: number
  } = {},
): Paragraph {
  const alignment =
    options.align === 'center'
      ? AlignmentType.CENTER
      : options.align === 'right'
        ? AlignmentType.RIGHT
        : AlignmentType.JUSTIFIED
  return new Paragraph({
    alignment,
    spacing: { line: LINE, lineRule: LineRuleType.EXACT },
    indent: {
      ...(options.indent ? { firstLine: INDENT } : {}),
      ...(options.rightChars ? { right: options.rightChars * SIZE.body * 10 } : {}),
    },
    children: [run(text, options.kind ?? 'body')],
  })
}

/** The letter as a Word document (.docx bytes). Text goes in as runs, so the library escapes it for XML. */
export async function letterDocx(doc: LetterDocument): Promise<Uint8Array> {
  const body: Paragraph[] = []
  for (const p of doc.paragraphs) {
    const lines = p.items ? p.items.map((item, i) => `${i + 1}. ${item}`) : [p.text]
    for (const line of lines) body.push(para(line, { indent: true }))
  }
  const document = new Document({
    creator: doc.agency,
    title: `${doc.title} ${doc.number}`,
    sections: [
      {
        properties: {
          page: {
            size: { width: twips(210), height: twips(297) },
            margin: { top: twips(37), bottom: twips(35), left: twips(28), right: twips(26) },
          },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [
                  new TextRun({
                    children: ['— ', PageNumber.CURRENT, ' —'],
                    size: SIZE.pageNumber,
                    font: { ascii: LETTER_FONTS.pageNumber, eastAsia: LETTER_FONTS.pageNumber },
                  }),
                ],
              }),
            ],
          }),
        },
        children: [
          para(doc.agency, { kind: 'title', align: 'center' }),
          para(doc.title, { kind: 'title', align: 'center' }),
          para(doc.number, { align: 'center' }),
          para(''),
          para(doc.addressee, { align: 'left' }),
          ...body,
          para(''),
          para(doc.agency, { align: 'right', rightChars: 4 }),
          para(doc.dateLine, { align: 'right', rightChars: 4 }),
          para(doc.seal, { align: 'right', rightChars: 4 }),
          ...doc.contact.map((line) => para(line, { align: 'left' })),
        ],
      },
    ],
  })
  return new Uint8Array(await Packer.toArrayBuffer(document))
}
