// Personal data at rest: AES-256-GCM via WebCrypto with versioned keys (key id stored beside each ciphertext).
import { fromBase64Url, randomBytes, toBase64Url } from './crypto'

export interface PiiKeyring {
  activeKeyId: string
  keys: Map<string, CryptoKey>
}

const keyringCache = new Map<string, PiiKeyring>()

/** Parse `PII_KEYS` (JSON: key id → base64url 32-byte key) and `PII_ACTIVE_KEY`; throws if misconfigured. */
export async function loadKeyring(
  keysJson: string | undefined,
  activeKeyId: string | undefined,
): Promise<PiiKeyring> {
  const cacheKey = `${activeKeyId}|${keysJson}`
  const cached = keyringCache.get(cacheKey)
  if (cached) return cached
  if (!keysJson || !activeKeyId) throw new Error('PII_KEYS and PII_ACTIVE_KEY must be configured')
  const raw = JSON.parse(keysJson) as Record<string, string>
  const keys = new Map<string, CryptoKey>()
  for (const [id, b64] of Object.entries(raw)) {
    const bytes = fromBase64Url(b64)
    if (bytes.length !== 32) throw new Error(`PII key ${id} must be 32 bytes`)
    keys.set(id, await crypto.subtle.importKey('raw', bytes, 'AES-GCM', false, ['encrypt', 'decrypt']))
  }
  if (!keys.has(activeKeyId)) throw new Error(`PII_ACTIVE_KEY ${activeKeyId} is not in PII_KEYS`)
  const ring = { activeKeyId, keys }
  keyringCache.set(cacheKey, ring)
  return ring
}

/** Encrypt bytes with the active key: iv (12 bytes) then the AES-GCM ciphertext; `aad` binds it to its row. */
export async function encryptBytes(
  ring: PiiKeyring,
  data: Uint8Array,
  aad: string,
): Promise<{ keyId: string; bytes: Uint8Array }> {
  const iv = randomBytes(12)
  const key = ring.keys.get(ring.activeKeyId)!
  const sealed = new Uint8Array(
    await crypto.subtle.encrypt(
      { name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(aad) },
      key,
      data,
    ),
  )
  const out = new Uint8Array(iv.length + sealed.length)
  out.set(iv)
  out.set(sealed, iv.length)
  return { keyId: ring.activeKeyId, bytes: out }
}

/** Decrypt what `encryptBytes` wrote under `keyId`; throws on a wrong key, row or any changed byte. */
export async function decryptBytes(
  ring: PiiKeyring,
  keyId: string,
  bytes: Uint8Array,
  aad: string,
): Promise<Uint8Array> {
  const key = ring.keys.get(keyId)
  if (!key) throw new Error(`PII key ${keyId} is not configured`)
  const plain = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: bytes.slice(0, 12), additionalData: new TextEncoder().encode(aad) },
    key,
    bytes.slice(12),
  )
  return new Uint8Array(plain)
}

/** Encrypt a JSON value; `aad` binds the ciphertext to its row (e.g. the submission id). */
export async function encryptPii(
  ring: PiiKeyring,
  value: unknown,
  aad: string,
): Promise<{ keyId: string; ciphertext: string }> {
  const sealed = await encryptBytes(ring, new TextEncoder().encode(JSON.stringify(value)), aad)
  return { keyId: sealed.keyId, ciphertext: toBase64Url(sealed.bytes) }
}

export async function decryptPii<T>(
  ring: PiiKeyring,
  keyId: string,
  ciphertext: string,
  aad: string,
): Promise<T> {
  const plain = await decryptBytes(ring, keyId, fromBase64Url(ciphertext), aad)
  return JSON.parse(new TextDecoder().decode(plain)) as T
}

/** Mask for display: keep the first 6 and last 4 of an ID (110105********002X), 3+4 of a phone (138****5678). */
export function maskIdNumber(value: string): string {
  return value.length <= 10
    ? '*'.repeat(value.length)
    : `${value.slice(0, 6)}${'*'.repeat(value.length - 10)}${value.slice(-4)}`
}

export function maskPhone(value: string): string {
  return value.length < 7
    ? '*'.repeat(value.length)
    : `${value.slice(0, 3)}${'*'.repeat(value.length - 7)}${value.slice(-4)}`
}

export function maskEmail(value: string): string {
  const [user = '', domain = ''] = value.split('@')
  return `${user.slice(0, 1)}***@${domain}`
}
