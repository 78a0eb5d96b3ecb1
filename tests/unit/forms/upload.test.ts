import { describe, expect, it } from 'vitest'
import { checkUpload, type FileRules, sanitiseFilename, sniffFileType } from '../../../forms'

const MB = 1024 * 1024
const rules: FileRules = { maxBytes: 5 * MB, accept: ['application/pdf', 'image/jpeg', 'image/png'] }

const bytes = (...parts: (number[] | string)[]): Uint8Array =>
  Uint8Array.from(
    parts.flatMap((part) => (typeof part === 'string' ? Array.from(part, (c) => c.charCodeAt(0)) : part)),
  )

const PDF = bytes('%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj')
const PNG = bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], [0, 0, 0, 13], 'IHDR')
const JPEG = bytes([0xff, 0xd8, 0xff, 0xe0, 0, 16], 'JFIF')
const OFD = bytes([0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0], 'OFD.xml', '<ofd:OFD/>')
const ZIP = bytes([0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0], 'word/document.xml')
const GIF = bytes('GIF89a')

const upload = (filename: string, declaredType: string, content: Uint8Array, size = content.length) =>
  checkUpload({ filename, declaredType, bytes: content, size }, rules)

describe('sniffFileType', () => {
  it.each([
    ['PDF', PDF, 'application/pdf'],
    ['PNG', PNG, 'image/png'],
    ['JPEG', JPEG, 'image/jpeg'],
    ['OFD', OFD, 'application/ofd'],
    ['a plain ZIP (e.g. docx)', ZIP, undefined],
    ['GIF', GIF, undefined],
    ['HTML', bytes('<html><script>alert(1)</script>'), undefined],
    ['nothing', new Uint8Array(), undefined],
    ['a truncated PNG signature', PNG.slice(0, 4), undefined],
  ])('detects %s', (_case, content, type) => {
    expect(sniffFileType(content)).toBe(type)
  })
})

describe('checkUpload', () => {
  it.each([
    ['a PDF', '申请书.pdf', 'application/pdf', PDF, 'application/pdf', '申请书.pdf'],
    ['a PNG', 'id-front.PNG', 'image/png', PNG, 'image/png', 'id-front.png'],
    ['a JPEG declared with the legacy image/jpg', 'photo.jpg', 'image/jpg', JPEG, 'image/jpeg', 'photo.jpg'],
    [
      'a JPEG with a charset parameter',
      'photo.jpeg',
      'image/jpeg; charset=binary',
      JPEG,
      'image/jpeg',
      'photo.jpeg',
    ],
  ])('accepts %s', (_case, filename, declared, content, type, displayName) => {
    expect(upload(filename, declared, content)).toEqual({ ok: true, type, displayName, size: content.length })
  })

  it('rejects PNG bytes named and declared as a PDF, saying the content is not PDF', () => {
    expect(upload('scan.pdf', 'application/pdf', PNG)).toMatchObject({
      ok: false,
      code: 'file_content_not_type',
      message:
        '文件名或类型表明这是PDF文件，但文件内容不是PDF格式（可能已损坏，或只是改了扩展名），请上传真实的PDF文件',
    })
  })

  it('rejects HTML renamed to .pdf, saying the content is not PDF (issue 14)', () => {
    expect(upload('invoice.pdf', 'application/pdf', bytes('<html><script>alert(1)</script>'))).toMatchObject({
      ok: false,
      code: 'file_content_not_type',
    })
    // Every allowed type is checked by its magic bytes, whatever the name or the declared type says.
    expect(upload('photo.jpg', 'application/octet-stream', PDF)).toMatchObject({
      code: 'file_content_not_type',
      message: expect.stringContaining('不是JPEG格式'),
    })
    expect(upload('photo.png', '', bytes('not a picture'))).toMatchObject({
      code: 'file_content_not_type',
      message: expect.stringContaining('不是PNG格式'),
    })
    expect(upload('notes.txt', 'text/plain', bytes('hello'))).toMatchObject({ code: 'file_type_not_allowed' })
  })

  it('rejects a type outside the allow-list even when declared honestly', () => {
    expect(upload('anim.gif', 'image/gif', GIF)).toMatchObject({ ok: false, code: 'file_type_not_allowed' })
    expect(upload('doc.ofd', 'application/ofd', OFD)).toMatchObject({
      ok: false,
      code: 'file_type_not_allowed',
    })
  })

  it('accepts OFD when the field allows it, even with a generic declared type', () => {
    const ofdRules: FileRules = { maxBytes: MB, accept: ['application/ofd'] }
    const input = { filename: '公文.ofd', bytes: OFD, size: OFD.length }
    expect(checkUpload({ ...input, declaredType: 'application/octet-stream' }, ofdRules)).toMatchObject({
      ok: true,
      type: 'application/ofd',
    })
    expect(checkUpload({ ...input, declaredType: 'application/pdf' }, ofdRules)).toMatchObject({
      ok: false,
      code: 'file_type_mismatch',
    })
  })

  it('rejects a file over the size cap, by declared total size', () => {
    expect(upload('big.pdf', 'application/pdf', PDF, 5 * MB + 1)).toMatchObject({
      ok: false,
      code: 'file_too_large',
      message: '文件大小不能超过5 MB',
    })
    expect(upload('edge.pdf', 'application/pdf', PDF, 5 * MB)).toMatchObject({ ok: true })
  })

  it('rejects empty files and sizes that contradict the bytes', () => {
    expect(upload('empty.pdf', 'application/pdf', new Uint8Array())).toMatchObject({
      ok: false,
      code: 'file_empty',
    })
    expect(upload('zero.pdf', 'application/pdf', PDF, 0)).toMatchObject({ ok: false, code: 'file_empty' })
    expect(upload('short.pdf', 'application/pdf', PDF, 3)).toMatchObject({
      ok: false,
      code: 'file_size_mismatch',
    })
  })

  it('gives a safe display name for a path-traversal name', () => {
    const result = upload('../../etc/passwd.pdf', 'application/pdf', PDF)
    expect(result).toMatchObject({ ok: true, displayName: 'passwd.pdf' })
  })
})

describe('sanitiseFilename', () => {
  it.each([
    ['Unix traversal', '../../../etc/passwd', 'passwd'],
    ['Windows traversal', '..\\..\\Windows\\win.ini', 'win.ini'],
    ['only dots', '..', '附件'],
    ['a hidden file', '.htaccess', 'htaccess'],
    ['control characters', 'scan\u0000\u001b.pdf', 'scan.pdf'],
    ['a right-to-left override hiding .exe', 'invoice\u202Efdp.exe', 'invoicefdp.exe'],
    ['reserved characters', 'a<b>:c"d|e?f*.pdf', 'a_b__c_d_e_f_.pdf'],
    ['runs of whitespace', '  身份证   正面 .png ', '身份证 正面.png'],
    ['an empty name', '', '附件'],
  ])('handles %s', (_case, input, output) => {
    expect(sanitiseFilename(input)).toBe(output)
  })

  it('fixes the extension to match the detected type', () => {
    expect(sanitiseFilename('scan', 'application/pdf')).toBe('scan.pdf')
    expect(sanitiseFilename('photo.exe', 'image/png')).toBe('photo.exe.png')
    expect(sanitiseFilename('IMG.JPEG', 'image/jpeg')).toBe('IMG.jpeg')
    expect(sanitiseFilename('../', 'application/pdf')).toBe('附件.pdf')
  })

  it('shortens very long names and keeps the extension', () => {
    const name = sanitiseFilename(`${'很'.repeat(300)}.pdf`, 'application/pdf')
    expect(Array.from(name)).toHaveLength(94)
    expect(name.endsWith('.pdf')).toBe(true)
  })
})
