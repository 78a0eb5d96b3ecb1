// Which URLs the platform may send requests to (agency webhooks, e-mail and SMS gateways): https only, no
// credentials in the URL, and never a host that names this machine, a private network or a cloud metadata service
// in any spelling (`127.1`, `2130706433`, `0x7f000001`, `[::1]`, `[::ffff:7f00:1]` all parse to a blocked address).
// A public host name that resolves to a private address cannot be seen from a Worker; on Cloudflare such requests
// do not reach private networks anyway, and self-hosted deployments keep the egress firewall (SECURITY.md).
import { isPublicAddress, parseIp } from './ip'

/** Why a URL is refused, or null when it may be used. */
export type OutboundProblem = 'invalid' | 'scheme' | 'credentials' | 'host'

/** Names that always mean this machine or a private network, whatever DNS says. */
const PRIVATE_SUFFIXES = ['localhost', 'local', 'internal', 'intranet', 'lan', 'home.arpa', 'localdomain']

function privateName(host: string): boolean {
  const name = host.replace(/\.$/, '').toLowerCase()
  // A single label (`metadata`, `intranet-gw`) is resolved through a search domain: a private name.
  if (!name.includes('.')) return true
  return PRIVATE_SUFFIXES.some((suffix) => name === suffix || name.endsWith(`.${suffix}`))
}

/** Check one outbound URL; see the file comment. */
export function outboundUrlProblem(text: string): OutboundProblem | null {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return 'invalid'
  }
  if (url.protocol !== 'https:') return 'scheme'
  if (url.username || url.password) return 'credentials'
  const host = url.hostname
  if (!host) return 'invalid'
  // The URL parser has already turned decimal, hex and short IPv4 forms into a dotted quad.
  const ip = parseIp(host)
  if (ip) return isPublicAddress(ip) ? null : 'host'
  // Anything that looks numeric but did not parse as an address is not a name either.
  if (/^[0-9.]+$/.test(host) || host.startsWith('[')) return 'host'
  return privateName(host) ? 'host' : null
}

/** Throw (a delivery failure, retried then dead-lettered like any other) when `text` may not be requested. */
export function assertOutboundUrl(text: string): void {
  const problem = outboundUrlProblem(text)
  if (problem) throw new Error(`outbound URL refused (${problem})`)
}
