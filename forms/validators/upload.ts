// Upload checks: size cap, type allow-list, magic bytes against the declared type, safe display name.
import { formatMessage, type MessageKey, type MessageParams } from '../i18n'
import { stripInvisible } from './text'

/** File types a form may accept, by MIME type. */
export const FILE_TYPES = {
  'application/pdf': { label: 'PDF', extensions: ['pdf'] },
  'image/jpeg': { label: 'JPEG', extensions: ['jpg', 'jpeg'] },
  'image/png': { label: 'PNG', extensions: ['png'] },
  // 版式文档 (GB/T 33190), a ZIP package with OFD.xml at its root.
  'application/ofd': { label: 'OFD', extensions: ['ofd'] },
} as const satisfies Record<string, { label: string; extensions: readonly string[] }>

/** A MIME type from `FILE_TYPES`. */
export type FileType = keyof typeof FILE_TYPES

/** What a file field allows. */
export interface FileRules {
  readonly maxBytes: number
  readonly accept: readonly FileType[]
}

/** An upload as the edge received it; `bytes` may be just the head of the file, `size` is the total. */
export interface UploadInput {
  readonly filename: string
  readonly declaredType: string
  readonly bytes: Uint8Array
  readonly size: number
}

/** Accepted upload (with the sniffed type and a display name that is never a storage key) or the reason. */
export type UploadCheck =
  | { readonly ok: true; readonly type: FileType; readonly displayName: string; readonly size: number }
  | { readonly ok: false; readonly code: MessageKey; readonly message: string }

const TYPE_ALIASES: Readonly<Record<string, FileType>> = {
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'application/x-pdf': 'application/pdf',
  'image/x-png': 'image/png',
}

function startsWith(bytes: Uint8Array, signature: readonly number[]): boolean {
  return signature.length <= bytes.length && signature.every((byte, i) => bytes[i] === byte)
}

function containsAscii(bytes: Uint8Array, text: string): boolean {
  const needle = Array.from(text, (char) => char.charCodeAt(0))
  outer: for (let i = 0; i + needle.length <= bytes.length; i++) {
    for (let j = 0; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer
    return true
  }
  return false
}

/** Detects the file type from its first bytes; `undefined` when it is none of `FILE_TYPES`. */
export function sniffFileType(bytes: Uint8Array): FileType | undefined {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf' // %PDF-
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg'
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png'
  // A ZIP local file header, and the package's root entry named somewhere in the bytes we were given.
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) && containsAscii(bytes, 'OFD.xml')) return 'application/ofd'
  return undefined
}

function declaredFileType(declared: string): string {
  const base = declared.split(';')[0]?.trim().toLowerCase() ?? ''
  return TYPE_ALIASES[base] ?? base
}

/** Human-readable size for messages, e.g. `5 MB`. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Number((bytes / (1024 * 1024)).toFixed(1))} MB`
  if (bytes >= 1024) return `${Number((bytes / 1024).toFixed(1))} KB`
  return `${bytes} B`
}

/** Names of the allowed types for messages, e.g. `PDF、JPEG、PNG`. */
export function describeFileTypes(types: readonly FileType[]): string {
  return types.map((type) => FILE_TYPES[type].label).join('、')
}

/**
 * A name safe to display and to offer in Content-Disposition: last path segment only, no control,
 * bidi or reserved characters, no leading dots, at most 100 characters, with an extension that
 * matches the detected type. Never use it as a storage key.
 */
export function sanitiseFilename(filename: string, type?: FileType): string {
  const base = filename.split(/[/\\]/).pop() ?? ''
  let name = stripInvisible(base)
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cs}]/gu, '')
    .replace(/[<>:"|?*]/g, '_')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.]+|[\s.]+$/g, '')
  const dot = name.lastIndexOf('.')
  let stem = dot > 0 ? name.slice(0, dot) : name
  let extension = dot > 0 ? name.slice(dot + 1).toLowerCase() : ''
  if (type !== undefined && !(FILE_TYPES[type].extensions as readonly string[]).includes(extension)) {
    stem = name
    extension = FILE_TYPES[type].extensions[0]
  }
  if (stem === '') stem = formatMessage('file.defaultName')
  stem = Array.from(stem).slice(0, 90).join('').trim()
  name = extension === '' ? stem : `${stem}.${extension.slice(0, 8)}`
  return name
}

/** The allowed type a file claims to be, by its extension or else its declared MIME type (undefined: none). */
function claimedFileType(input: UploadInput, accept: readonly FileType[]): FileType | undefined {
  const dot = input.filename.lastIndexOf('.')
  const extension = dot >= 0 ? input.filename.slice(dot + 1).toLowerCase() : ''
  const byName = accept.find((type) => (FILE_TYPES[type].extensions as readonly string[]).includes(extension))
  if (byName !== undefined) return byName
  const declared = declaredFileType(input.declaredType)
  return accept.find((type) => type === declared)
}

function refuse(code: MessageKey, params?: MessageParams): UploadCheck {
  return { ok: false, code, message: formatMessage(code, params) }
}

/**
 * Checks one upload against a file field's rules. Order: empty, size cap, size consistency,
 * allowed type by content, declared type against content. The detected type is what to store.
 */
export function checkUpload(input: UploadInput, rules: FileRules): UploadCheck {
  const types = describeFileTypes(rules.accept)
  if (input.size <= 0 || input.bytes.length === 0) return refuse('file_empty')
  if (input.size > rules.maxBytes) return refuse('file_too_large', { max: formatBytes(rules.maxBytes) })
  if (input.bytes.length > input.size) return refuse('file_size_mismatch')
  const sniffed = sniffFileType(input.bytes)
  // A file named or declared as an allowed type whose bytes are not that type: say so, not "type not allowed".
  const claimed = claimedFileType(input, rules.accept)
  if (claimed !== undefined && sniffed !== claimed)
    return refuse('file_content_not_type', { type: FILE_TYPES[claimed].label })
  if (sniffed === undefined || !rules.accept.includes(sniffed))
    return refuse('file_type_not_allowed', { types })
  const declared = declaredFileType(input.declaredType)
  // Browsers do not know OFD and send a generic type for it.
  const genericOk =
    sniffed === 'application/ofd' && (declared === 'application/octet-stream' || declared === '')
  if (declared !== sniffed && !genericOk) return refuse('file_type_mismatch', { types })
  return { ok: true, type: sniffed, displayName: sanitiseFilename(input.filename, sniffed), size: input.size }
}
