// Security headers on every response. CSP uses a per-request nonce; framing is refused unless a route
// (the embeddable forms) set an agency's allow-list of portal origins in `frameAncestors`.
import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../env'

const ONE_YEAR = 31_536_000

export const securityHeaders = createMiddleware<AppEnv>(async (c, next) => {
  await next()
  const nonce = c.get('nonce')
  const ancestors = c.get('frameAncestors')
  const frameAncestors = ancestors.length > 0 ? ancestors.join(' ') : "'none'"
  // A download is never rendered as a page of this origin, even if a browser ignores `attachment`.
  const download = /^\s*attachment/i.test(c.res.headers.get('Content-Disposition') ?? '')
  const csp = [
    ...(download ? ['sandbox'] : []),
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors}`,
  ].join('; ')
  const h = c.res.headers
  h.set('Content-Security-Policy', csp)
  if (ancestors.length === 0) h.set('X-Frame-Options', 'DENY')
  else h.delete('X-Frame-Options')
  h.set('Strict-Transport-Security', `max-age=${ONE_YEAR}; includeSubDomains`)
  h.set('X-Content-Type-Options', 'nosniff')
  if (!h.has('Referrer-Policy')) h.set('Referrer-Policy', 'strict-origin-when-cross-origin')
  h.set('Cross-Origin-Opener-Policy', ancestors.length > 0 ? 'unsafe-none' : 'same-origin')
  h.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()')
  if (!h.has('Cache-Control')) h.set('Cache-Control', 'no-store')
})
