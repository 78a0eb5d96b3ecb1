// A minimal ZIP writer (PKWARE APPNOTE 6.3: local headers, central directory, end record; DEFLATE or stored, no
// ZIP64) for parts that are compressed once and written many times: the letter template's fixed parts are deflated
// once per isolate (./docx.ts), each letter deflates only its own two parts. fflate's zipSync would deflate all.
import { deflateSync } from 'fflate'

export interface ZipEntry {
  name: Uint8Array
  crc: number
  size: number
  /** Raw DEFLATE data. */
  data: Uint8Array
}

const CRC_TABLE = (() => {
  const table = new Int32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    table[n] = c
  }
  return table
})()

export function crc32(bytes: Uint8Array): number {
  let c = -1
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 255]! ^ (c >>> 8)
  return ~c >>> 0
}

/** A part compressed as fflate's zipSync does by default (level 6). */
export function zipEntry(name: string, content: Uint8Array): ZipEntry {
  return {
    name: new TextEncoder().encode(name),
    crc: crc32(content),
    size: content.length,
    data: deflateSync(content),
  }
}

/** MS-DOS time and date of an instant (local fields of a UTC clock, as Workers have no time zone). */
function dosStamp(at: Date): [number, number] {
  const time = (at.getUTCHours() << 11) | (at.getUTCMinutes() << 5) | (at.getUTCSeconds() >> 1)
  const date =
    ((Math.max(at.getUTCFullYear(), 1980) - 1980) << 9) | ((at.getUTCMonth() + 1) << 5) | at.getUTCDate()
  return [time, date]
}

/** The archive of the entries, in order, stamped with `at`. */
export function zipEntries(entries: readonly ZipEntry[], at: Date): Uint8Array {
  const [time, date] = dosStamp(at)
  let localBytes = 0
  let centralBytes = 0
  for (const e of entries) {
    localBytes += 30 + e.name.length + e.data.length
    centralBytes += 46 + e.name.length
  }
  const out = new Uint8Array(localBytes + centralBytes + 22)
  const view = new DataView(out.buffer)
  const offsets: number[] = []
  let p = 0
  /** The fields local and central headers share, from "version needed" to the name's length. */
  const common = (e: ZipEntry) => {
    view.setUint16(p, 20, true) // version needed: 2.0 (DEFLATE)
    view.setUint16(p + 2, 0, true) // flags
    view.setUint16(p + 4, 8, true) // method: DEFLATE
    view.setUint16(p + 6, time, true)
    view.setUint16(p + 8, date, true)
    view.setUint32(p + 10, e.crc, true)
    view.setUint32(p + 14, e.data.length, true)
    view.setUint32(p + 18, e.size, true)
    view.setUint16(p + 22, e.name.length, true)
    view.setUint16(p + 24, 0, true) // extra field length
    p += 26
  }
  for (const e of entries) {
    offsets.push(p)
    view.setUint32(p, 0x04034b50, true)
    p += 4
    common(e)
    out.set(e.name, p)
    p += e.name.length
    out.set(e.data, p)
    p += e.data.length
  }
  const centralStart = p
  entries.forEach((e, i) => {
    view.setUint32(p, 0x02014b50, true)
    view.setUint16(p + 4, 20, true) // version made by
    p += 6
    common(e)
    view.setUint16(p, 0, true) // comment length
    view.setUint16(p + 2, 0, true) // disk number
    view.setUint16(p + 4, 0, true) // internal attributes
    view.setUint32(p + 6, 0, true) // external attributes
    view.setUint32(p + 10, offsets[i]!, true)
    p += 14
    out.set(e.name, p)
    p += e.name.length
  })
  view.setUint32(p, 0x06054b50, true)
  view.setUint16(p + 8, entries.length, true)
  view.setUint16(p + 10, entries.length, true)
  view.setUint32(p + 12, centralBytes, true)
  view.setUint32(p + 16, centralStart, true)
  return out
}
