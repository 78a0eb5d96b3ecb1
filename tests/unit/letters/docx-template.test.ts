// The .docx from the per-isolate template (letterDocx) holds the same parts, byte for byte, as the docx library
// builds for the same letter (letterDocxFromLibrary), apart from the creation timestamps: on every template and
// outcome of the catalogue, and on random texts with markup, control characters, empty lines and astral characters.

import { crc32 as zlibCrc32 } from 'node:zlib'
import fc from 'fast-check'
import { unzipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { letterDocx, letterDocxFromLibrary } from '../../../workflows/letters/docx'
import type { LetterDocument } from '../../../workflows/letters/types'
import { crc32, zipEntries, zipEntry } from '../../../workflows/letters/zip'

const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes)
/** Every part as text, the two timestamps of core.xml masked. */
function parts(bytes: Uint8Array): Record<string, string> {
  return Object.fromEntries(
    Object.entries(unzipSync(bytes)).map(([path, data]) => [
      path,
      decode(data).replace(/(<dcterms:(?:created|modified)[^>]*>)[^<]*/g, '$1T'),
    ]),
  )
}
async function expectSameDocument(doc: LetterDocument) {
  const fromTemplate = parts(await letterDocx(doc))
  const fromLibrary = parts(await letterDocxFromLibrary(doc))
  expect(Object.keys(fromTemplate)).toEqual(Object.keys(fromLibrary))
  expect(fromTemplate).toEqual(fromLibrary)
}

const letter = (over: Partial<LetterDocument> = {}): LetterDocument => ({
  type: 'receipt_acknowledgement',
  variant: 'default',
  templateVersion: 1,
  agency: '示范县人民政府办公室',
  title: '政府信息公开申请登记回执',
  number: '示政公开〔2026〕第12号',
  addressee: '张三：',
  paragraphs: [{ text: '本机关于2026年3月2日收到您的申请。' }, { text: '', items: ['第一项', '第二项'] }],
  dateLine: '2026年3月20日',
  seal: '（印章）',
  contact: ['地址：示范县人民路1号', '电话：0000-1234567'],
  ...over,
})

describe('.docx from the template', () => {
  it('is the library’s document for a catalogue letter and for hostile text', async () => {
    await expectSameDocument(letter())
    await expectSameDocument(
      letter({
        agency: '<机关> & "引号" \'单\'',
        addressee: '',
        paragraphs: [{ text: '<script>alert(1)</script>\u0000\u0008\u000b\ttab\nline\r' }, { text: '' }],
        contact: [],
      }),
    )
  })

  it('is the library’s document for random letters', async () => {
    const text = fc.string({
      unit: fc.oneof(
        fc.constantFrom('<', '>', '&', '"', "'", '\u0001', '\n', '办', '𠀀'),
        fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
      ),
      maxLength: 12,
    })
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          agency: text.filter((s) => s !== ''),
          title: text,
          number: text,
          addressee: text,
          paragraphs: fc.array(
            fc.oneof(fc.record({ text }), fc.record({ text, items: fc.array(text, { maxLength: 3 }) })),
            {
              maxLength: 4,
            },
          ),
          dateLine: text,
          seal: text,
          contact: fc.array(text, { maxLength: 3 }),
        }),
        async (over) => expectSameDocument(letter(over)),
      ),
      { numRuns: 40 },
    )
  })

  it('falls back to the library when the agency is empty (the library then leaves out the creator)', async () => {
    await expectSameDocument(letter({ agency: '' }))
  })
})

describe('zip writer', () => {
  it('computes the CRC-32 of zlib and writes an archive whose entries carry their content and checksums', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(crc32(bytes)).toBe(zlibCrc32(bytes))
      }),
      { numRuns: 60 },
    )
    const parts = {
      'a.xml': new TextEncoder().encode('<a>示范</a>'.repeat(50)),
      'b/c.bin': new Uint8Array([0, 1, 2]),
    }
    const at = new Date('2026-03-20T08:30:42Z')
    const archive = zipEntries(
      Object.entries(parts).map(([name, data]) => zipEntry(name, data)),
      at,
    )
    expect(unzipSync(archive)).toEqual(parts)
    // Each central directory record's CRC is the content's; its DOS time and date are the instant's.
    const view = new DataView(archive.buffer)
    const end = archive.length - 22
    expect(view.getUint32(end, true)).toBe(0x06054b50)
    let p = view.getUint32(end + 16, true)
    for (const data of Object.values(parts)) {
      expect(view.getUint32(p, true)).toBe(0x02014b50)
      expect(view.getUint32(p + 16, true)).toBe(zlibCrc32(data))
      expect(view.getUint16(p + 12, true)).toBe((8 << 11) | (30 << 5) | 21)
      expect(view.getUint16(p + 14, true)).toBe(((2026 - 1980) << 9) | (3 << 5) | 20)
      p += 46 + view.getUint16(p + 28, true)
    }
  })
})
