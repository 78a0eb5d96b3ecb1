// The client's address, only from a source the client cannot write: Cloudflare's CF-Connecting-IP (set by the
// edge, which overwrites any value a client sent) when the request came through Cloudflare, or the header a
// trusted reverse proxy sets when self-hosted (TRUSTED_PROXY_HEADER). Anything else is one shared bucket.
import { normaliseIp } from './ip'

/** The address used when no trusted source names one: every such client shares the same limits. */
export const UNKNOWN_ADDRESS = 'unknown'

export interface AddressSource {
  /** A request header (case-insensitive), or undefined. */
  header(name: string): string | undefined
  /** Whether the runtime says the request came through the Cloudflare edge (`request.cf` is present). */
  viaCloudflare: boolean
  /** The header the self-hosting operator's reverse proxy sets to the client address; unset on Cloudflare. */
  trustedProxyHeader: string | undefined
}

/**
 * The client address, normalised. With a trusted proxy header configured, that header (for X-Forwarded-For the
 * last entry: the one the proxy appended); else CF-Connecting-IP, but only on Cloudflare; else UNKNOWN_ADDRESS.
 */
export function clientAddress(source: AddressSource): string {
  const configured = source.trustedProxyHeader?.trim().toLowerCase()
  let raw: string | undefined
  if (configured) {
    const value = source.header(configured)
    raw = configured === 'x-forwarded-for' ? value?.split(',').at(-1) : value
  } else if (source.viaCloudflare) {
    raw = source.header('cf-connecting-ip')
  }
  return (raw && normaliseIp(raw)) || UNKNOWN_ADDRESS
}
