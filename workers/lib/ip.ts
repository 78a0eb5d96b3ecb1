// IP addresses as bytes: parsing (IPv4 dotted quads, IPv6 with `::` and an embedded IPv4 tail), the /64 bucket
// an IPv6 client is rate limited by, and whether an address is a public unicast one (outbound URLs may only be).

/** An address as 4 (IPv4) or 16 (IPv6) bytes. */
export type IpBytes = Uint8Array

/** A strict dotted quad (`192.0.2.1`); URL parsing has already turned `2130706433` or `0x7f.1` into one. */
export function parseIPv4(text: string): IpBytes | null {
  const parts = text.split('.')
  if (parts.length !== 4) return null
  const out = new Uint8Array(4)
  for (const [i, part] of parts.entries()) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(part)) return null
    const n = Number(part)
    if (n > 255) return null
    out[i] = n
  }
  return out
}

/** IPv6 text (no brackets, no zone) to 16 bytes: `::`, leading zeros and an IPv4 tail (`::ffff:1.2.3.4`). */
export function parseIPv6(text: string): IpBytes | null {
  if (!/^[0-9a-fA-F:.]{2,45}$/.test(text)) return null
  let hex = text
  const lastColon = text.lastIndexOf(':')
  const tail = text.slice(lastColon + 1)
  if (tail.includes('.')) {
    // An IPv4 tail is the last two groups written in dotted form.
    const v4 = parseIPv4(tail)
    if (!v4) return null
    const word = (a: number, b: number) => ((a << 8) | b).toString(16)
    hex = `${text.slice(0, lastColon + 1)}${word(v4[0]!, v4[1]!)}:${word(v4[2]!, v4[3]!)}`
  }
  const halves = hex.split('::')
  if (halves.length > 2) return null
  const group = (g: string) => (/^[0-9a-fA-F]{1,4}$/.test(g) ? Number.parseInt(g, 16) : Number.NaN)
  const left = halves[0] ? halves[0].split(':').map(group) : []
  const right = halves.length === 2 && halves[1] ? halves[1].split(':').map(group) : []
  if ([...left, ...right].some(Number.isNaN)) return null
  const missing = 8 - left.length - right.length
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null
  const words = [...left, ...new Array<number>(missing).fill(0), ...right]
  const out = new Uint8Array(16)
  for (const [i, w] of words.entries()) {
    out[i * 2] = w >> 8
    out[i * 2 + 1] = w & 0xff
  }
  return out
}

/** Either family, IPv6 with or without brackets; null for anything else. */
export function parseIp(text: string): IpBytes | null {
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text
  return parseIPv4(bare) ?? (bare.includes(':') ? parseIPv6(bare) : null)
}

function ipv6Text(bytes: IpBytes, groups = 8): string {
  const words: string[] = []
  for (let i = 0; i < groups; i++) words.push(((bytes[i * 2]! << 8) | bytes[i * 2 + 1]!).toString(16))
  return words.join(':')
}

/** The canonical text of an address (IPv6 fully expanded groups without leading zeros), or null. */
export function normaliseIp(text: string): string | null {
  const bytes = parseIp(text.trim())
  if (!bytes) return null
  return bytes.length === 4 ? bytes.join('.') : ipv6Text(bytes)
}

/**
 * What a client is rate limited as: an IPv4 address itself, an IPv6 address by its /64 (one subscriber usually
 * holds a whole /64, so counting single IPv6 addresses would let one client rotate through 2^64 of them).
 */
export function addressBucket(address: string): string {
  const bytes = parseIp(address)
  if (!bytes) return address
  return bytes.length === 4 ? bytes.join('.') : `${ipv6Text(bytes, 4)}::/64`
}

/** An IPv4 range as [first octets, prefix length]. */
type V4Range = readonly [readonly number[], number]

/** IPv4 ranges no outbound request may reach: this network, private, CGNAT, loopback, link-local, special. */
const BLOCKED_V4: readonly V4Range[] = [
  [[0], 8],
  [[10], 8],
  [[100, 64], 10], // CGNAT (and Alibaba Cloud's metadata at 100.100.100.200)
  [[127], 8],
  [[169, 254], 16], // link-local, cloud metadata at 169.254.169.254
  [[172, 16], 12],
  [[192, 0, 0], 24],
  [[192, 0, 2], 24],
  [[192, 88, 99], 24],
  [[192, 168], 16],
  [[198, 18], 15],
  [[198, 51, 100], 24],
  [[203, 0, 113], 24],
  [[224], 4], // multicast
  [[240], 4], // reserved and broadcast
]

function inPrefix(bytes: IpBytes, prefix: readonly number[], bits: number, offset = 0): boolean {
  for (let bit = 0; bit < bits; bit++) {
    const byte = Math.floor(bit / 8)
    const mask = 0x80 >> (bit % 8)
    if (((bytes[offset + byte] ?? 0) & mask) !== ((prefix[byte] ?? 0) & mask)) return false
  }
  return true
}

function publicV4(bytes: IpBytes, offset = 0): boolean {
  return !BLOCKED_V4.some(([prefix, bits]) => inPrefix(bytes, prefix, bits, offset))
}

/** IPv6 prefixes (as bytes) whose last 4 bytes are an IPv4 address to judge instead. */
const EMBEDDED_V4: readonly [readonly number[], number][] = [
  [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff], 96], // IPv4-mapped ::ffff:a.b.c.d
  [[0, 0x64, 0xff, 0x9b], 96], // NAT64 64:ff9b::a.b.c.d
  [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 96], // IPv4-compatible ::a.b.c.d (and :: and ::1)
]

const BLOCKED_V6: readonly [readonly number[], number][] = [
  [[0xfc], 7], // unique local (fd00:ec2::254 is AWS's metadata)
  [[0xfe, 0x80], 10], // link-local
  [[0xfe, 0xc0], 10], // site-local (deprecated)
  [[0xff], 8], // multicast
  [[0x20, 0x01, 0x0d, 0xb8], 32], // documentation
  [[0x01, 0, 0, 0, 0, 0, 0, 0], 64], // discard-only
  [[0x20, 0x01, 0, 0], 23], // IETF protocol assignments (Teredo, ORCHID, …)
]

/** Whether an address is public unicast: neither of the above in either family, nor embedded in IPv6. */
export function isPublicAddress(bytes: IpBytes): boolean {
  if (bytes.length === 4) return publicV4(bytes)
  for (const [prefix, bits] of EMBEDDED_V4) if (inPrefix(bytes, prefix, bits)) return publicV4(bytes, 12)
  // 6to4 (2002::/16) carries an IPv4 address in bytes 2–5.
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return publicV4(bytes, 2)
  return !BLOCKED_V6.some(([prefix, bits]) => inPrefix(bytes, prefix, bits))
}
