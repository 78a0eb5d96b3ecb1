// Canonical JSON, SHA-256 and deep freezing: one home for what definitions, letters and the audit chain hash.

/**
 * Deterministic JSON: object keys sorted by UTF-16 code unit, no whitespace (the RFC 8785 shape for the values we
 * hold). `undefined` object members are dropped and `undefined` array items become null, as JSON.stringify does.
 * Non-finite numbers and non-JSON values throw.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: cannot encode ${value}`)
    return JSON.stringify(value)
  }
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, member]) => member !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`).join(',')}}`
  }
  throw new TypeError(`canonicalJson: cannot encode ${typeof value}`)
}

const encoder = new TextEncoder()

/** Lower-case hex SHA-256 of a UTF-8 string or of bytes (Web Crypto: Workers, browsers and Node alike). */
export async function sha256Hex(input: string | Uint8Array<ArrayBuffer>): Promise<string> {
  const data = typeof input === 'string' ? encoder.encode(input) : input
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', data))
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('')
}

/** Freeze a value and everything it holds, so published data cannot be changed by accident. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const child of Object.values(value)) deepFreeze(child)
  }
  return value
}
