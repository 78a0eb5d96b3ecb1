// A letter as a .docx in the layout of a Chinese official document (GB/T 9704-2012): A4, 37/35/28/26 mm margins,
// title in 2号小标宋, body in 3号仿宋 on a fixed line pitch, first lines indented two characters, page numbers.
import { AlignmentType, Document, Footer, LineRuleType, Packer, PageNumber, Paragraph, TextRun } from 'docx'
import { strToU8, unzipSync } from 'fflate'
import type { LetterDocument } from './types'
import { type ZipEntry, zipEntries, zipEntry } from './zip'

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

/** The body's lines: a paragraph's text, or its items numbered. */
const bodyLines = (doc: LetterDocument) =>
  doc.paragraphs.flatMap((p) => (p.items ? p.items.map((item, i) => `${i + 1}. ${item}`) : [p.text]))

/**
 * The letter as a Word document built by the docx library. Text goes in as runs, so the library escapes it for XML.
 * letterDocx below writes the same parts from a template this function made once; this is what it is checked against.
 */
export async function letterDocxFromLibrary(doc: LetterDocument): Promise<Uint8Array> {
  const body = bodyLines(doc).map((line) => para(line, { indent: true }))
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

// ---- The same document from a template (per isolate) ----
// Building the document with the library cost ~7 ms of the ~22 ms a confirm-receipt took in workerd (object tree,
// XML of every part, deflate of all 19 parts), most of it for parts that never change (styles, theme, settings,
// fonts, footer). Every letter is the same sequence of paragraphs in a few fixed formats, so the library renders one
// template letter per isolate whose texts are markers; its fixed parts are deflated once (./zip.ts). Each letter then
// joins the formats' XML around its own escaped texts, writes core.xml's title, creator and timestamps, and deflates
// only those two parts. The XML is byte for byte what the library writes (tests/unit/letters/docx-template.test.ts
// compares every part on random letters); the bytes hashed and stored are still the bytes served.

/** The paragraph formats a letter uses, in the order letterDocxFromLibrary lays them out. */
type Format = 'title' | 'centered' | 'blank' | 'left' | 'body' | 'signature'
const DOCUMENT = 'word/document.xml'
const CORE = 'docProps/core.xml'
const MARK = (name: string) => `LETTERMARK${name}END`

interface Template {
  /** document.xml before the first paragraph and after the last. */
  head: string
  tail: string
  /** Each format's paragraph XML before and after its text. */
  formats: Record<Format, [string, string]>
  /** core.xml around the title, the creator, and the two timestamps. */
  core: [string, string, string, string, string]
  /** The other parts, deflated once, in the library's order (document.xml and core.xml keep their places: null). */
  parts: (ZipEntry | typeof DOCUMENT | typeof CORE)[]
}

/** As the library escapes a text node or attribute (docx src/util/xml/stringify.ts `escapeAll`). */
const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '"': '&quot;',
  "'": '&apos;',
  '<': '&lt;',
  '>': '&gt;',
}
// biome-ignore lint/suspicious/noControlCharactersInRegex: the library drops the control characters XML 1.0 forbids
const ESCAPABLE = /[&"'<>\x00-\x08\x0B\x0C\x0E-\x1F]/g
export const escapeXml = (value: string) => value.replace(ESCAPABLE, (c) => ESCAPES[c] ?? '')

function split(xml: string, marker: string): [string, string] {
  const at = xml.indexOf(marker)
  if (at < 0 || xml.indexOf(marker, at + 1) >= 0) throw new Error(`docx template: ${marker} not found once`)
  return [xml.slice(0, at), xml.slice(at + marker.length)]
}

async function buildTemplate(): Promise<Template> {
  const marked: LetterDocument = {
    type: 'receipt_acknowledgement',
    variant: 'template',
    templateVersion: 0,
    agency: MARK('agency'),
    title: MARK('title'),
    number: MARK('number'),
    addressee: MARK('addressee'),
    paragraphs: [{ text: MARK('body') }],
    dateLine: MARK('date'),
    seal: MARK('seal'),
    contact: [MARK('contact')],
  }
  const files = unzipSync(await letterDocxFromLibrary(marked))
  const text = (path: string) => new TextDecoder().decode(files[path])
  const xml = text(DOCUMENT)
  const paragraphs = [...xml.matchAll(/<w:p>.*?<\/w:p>/gs)]
  const first = paragraphs[0]
  const last = paragraphs.at(-1)
  if (!first || !last || paragraphs.length !== 11) throw new Error('docx template: unexpected paragraphs')
  const at = (marker: string) => {
    const p = paragraphs.find((m) => m[0].includes(MARK(marker)))
    if (!p) throw new Error(`docx template: no paragraph with ${marker}`)
    return split(p[0], MARK(marker))
  }
  const blank = paragraphs[3]![0]
  const core = text(CORE)
  const [beforeTitle, rest1] = split(core, `${MARK('title')} ${MARK('number')}`)
  const [beforeCreator, rest2] = split(rest1, MARK('agency'))
  const stamps =
    /(<dcterms:created[^>]*>)[^<]*(<\/dcterms:created><dcterms:modified[^>]*>)[^<]*(<\/dcterms:modified>.*)$/s.exec(
      rest2,
    )
  if (!stamps) throw new Error('docx template: core.xml timestamps not found')
  return {
    head: xml.slice(0, first.index),
    tail: xml.slice(last.index + last[0].length),
    formats: {
      title: at('title'),
      centered: at('number'),
      // The blank line is a body paragraph without indent: its text is empty, so it splits at its empty run.
      blank: split(blank, '<w:t xml:space="preserve"></w:t>').map((s, i) =>
        i === 0 ? `${s}<w:t xml:space="preserve">` : `</w:t>${s}`,
      ) as [string, string],
      left: at('addressee'),
      body: at('body'),
      signature: at('date'),
    },
    core: [beforeTitle, beforeCreator, rest2.slice(0, stamps.index) + stamps[1]!, stamps[2]!, stamps[3]!],
    parts: Object.keys(files).map((path) =>
      path === DOCUMENT || path === CORE ? path : zipEntry(path, files[path]!),
    ),
  }
}

let template: Promise<Template> | null = null

/** The letter as a Word document (.docx bytes): the library's XML, from the per-isolate template. */
export async function letterDocx(doc: LetterDocument): Promise<Uint8Array> {
  // The library leaves out an empty creator; the template always has one.
  if (doc.agency === '') return letterDocxFromLibrary(doc)
  template ??= buildTemplate().catch((error: unknown) => {
    template = null
    throw error
  })
  const t = await template
  const p = (format: Format, text: string) => t.formats[format][0] + escapeXml(text) + t.formats[format][1]
  const xml = [
    t.head,
    p('title', doc.agency),
    p('title', doc.title),
    p('centered', doc.number),
    p('blank', ''),
    p('left', doc.addressee),
    ...bodyLines(doc).map((line) => p('body', line)),
    p('blank', ''),
    p('signature', doc.agency),
    p('signature', doc.dateLine),
    p('signature', doc.seal),
    ...doc.contact.map((line) => p('left', line)),
    t.tail,
  ].join('')
  const now = new Date().toISOString()
  const [beforeTitle, beforeCreator, beforeCreated, beforeModified, end] = t.core
  const core = `${beforeTitle}${escapeXml(`${doc.title} ${doc.number}`)}${beforeCreator}${escapeXml(doc.agency)}${beforeCreated}${now}${beforeModified}${now}${end}`
  const entries = t.parts.map((part) =>
    part === DOCUMENT
      ? zipEntry(DOCUMENT, strToU8(xml))
      : part === CORE
        ? zipEntry(CORE, strToU8(core))
        : part,
  )
  return zipEntries(entries, new Date(now))
}
