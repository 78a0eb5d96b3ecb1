// Authentication (bearer token for the JSON API, `__Host-session` cookie for the admin UI) and CSRF protection.
import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { createMiddleware } from 'hono/factory'
import { mfaRequiredFor } from '../auth/second-factor'
import { resolveSession } from '../auth/sessions'
import type { AppEnv } from '../env'
import { AppError } from '../errors'
import { LIMITS, readBodyBytes } from '../lib/body'
import { clientAddress } from '../lib/client-address'
import { timingSafeEqual } from '../lib/crypto'

/** Cookie name without its `__Host-` prefix (hono adds the prefix and enforces its rules). */
export const SESSION_COOKIE = 'session'
export const CSRF_FIELD = '_csrf'
export const CSRF_HEADER = 'x-csrf-token'

/**
 * The client address from the runtime's trusted source only (lib/client-address.ts): CF-Connecting-IP on
 * Cloudflare, the configured TRUSTED_PROXY_HEADER when self-hosted, never a header any client could send.
 */
export function clientIp(c: Context<AppEnv>): string {
  return clientAddress({
    header: (name) => c.req.header(name),
    viaCloudflare: (c.req.raw as { cf?: unknown }).cf != null,
    trustedProxyHeader: c.env.TRUSTED_PROXY_HEADER,
  })
}

export function setSessionCookie(c: Context, token: string, expiresAt: number, now: number): void {
  setCookie(c, SESSION_COOKIE, token, {
    prefix: 'host',
    path: '/',
    secure: true,
    httpOnly: true,
    sameSite: 'Lax',
    maxAge: Math.floor((expiresAt - now) / 1000),
  })
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { prefix: 'host', path: '/', secure: true })
}

/** Resolve the caller. A bad bearer token is an error; a stale cookie is just "not logged in". */
export const authenticate = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header('authorization')
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(header)
    const auth = match ? await resolveSession(c.get('db'), match[1]!, 'bearer', c.get('now')) : null
    if (!auth) throw new AppError('unauthenticated')
    c.set('auth', auth)
  } else {
    const token = getCookie(c, SESSION_COOKIE, 'host')
    if (token) {
      const auth = await resolveSession(c.get('db'), token, 'cookie', c.get('now'))
      if (auth) c.set('auth', auth)
      else clearSessionCookie(c)
    }
  }
  await next()
})

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** Read `_csrf` from a form body without consuming the request the handler will read. */
async function formToken(c: Context): Promise<string | null> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
  if (type === 'application/x-www-form-urlencoded') {
    const bytes = await readBodyBytes(c.req.raw.clone(), LIMITS.form)
    return new URLSearchParams(new TextDecoder().decode(bytes)).get(CSRF_FIELD)
  }
  if (type === 'multipart/form-data') {
    const value = (await c.req.raw.clone().formData()).get(CSRF_FIELD)
    return typeof value === 'string' ? value : null
  }
  return null
}

/**
 * Every state-changing request made with the session cookie must carry the session's CSRF token
 * (form field `_csrf` or header `x-csrf-token`) and, when the browser sends one, a same-origin Origin.
 * Bearer requests carry no ambient credential, so they need neither.
 */
export const csrfProtection = createMiddleware<AppEnv>(async (c, next) => {
  const auth = c.get('auth')
  if (SAFE_METHODS.has(c.req.method) || !auth || auth.session.kind !== 'cookie') return next()
  const origin = c.req.header('origin')
  if (origin && origin !== new URL(c.req.url).origin) throw new AppError('csrf_failed')
  const presented = c.req.header(CSRF_HEADER) ?? (await formToken(c))
  if (!presented || !timingSafeEqual(presented, auth.session.csrfToken)) throw new AppError('csrf_failed')
  await next()
})

/** What a session whose password an admin reset may still do: choose a new one, see who it is, log out. */
const WHILE_PASSWORD_RESET = new Set([
  'GET /api/v1/auth/me',
  'POST /api/v1/auth/password',
  'POST /api/v1/auth/logout',
  'GET /admin/password',
  'POST /admin/password',
  'POST /admin/logout',
])

/** What a session waiting for its second-factor code may do: enter it, or give up. */
const WHILE_MFA_PENDING = new Set([
  'GET /admin/login/code',
  'POST /admin/login/code',
  'POST /admin/logout',
  'POST /api/v1/auth/logout',
])

/** What an account whose role requires a second factor may do before it has one: set it up, or log out. */
const WHILE_MFA_MISSING = new Set([
  'GET /api/v1/auth/me',
  'POST /api/v1/auth/logout',
  'POST /api/v1/auth/mfa/enrolment',
  'POST /api/v1/auth/mfa/enrolment/confirm',
  'GET /admin/account/mfa',
  'POST /admin/account/mfa/confirm',
  'POST /admin/logout',
])

/**
 * Require a logged-in staff member: 401 on the API, a redirect to the login page for HTML. After an admin reset
 * the password, the session may only choose a new one (403 `password_change_required`, or the change page). A
 * session of an account with a second factor counts only once its code was entered (401 `mfa_required`, or the
 * code page); an account whose role requires one (admin, auditor, operator) may do nothing before it is set up
 * (403 `mfa_enrolment_required`, or the enrolment page).
 */
export const requireStaff = createMiddleware<AppEnv>(async (c, next) => {
  const auth = c.get('auth')
  const api = c.req.path.startsWith('/api/')
  if (!auth) {
    if (api) throw new AppError('unauthenticated')
    const back = encodeURIComponent(c.req.path)
    return c.redirect(`/admin/login?next=${back}`, 303)
  }
  const path = c.req.path.length > 1 ? c.req.path.replace(/\/+$/, '') : c.req.path
  const route = `${c.req.method} ${path}`
  if (auth.user.mfaEnrolled && !auth.session.mfaVerified) {
    if (WHILE_MFA_PENDING.has(route)) return next()
    if (api) throw new AppError('mfa_required')
    if (c.req.method === 'GET') return c.redirect('/admin/login/code', 303)
    throw new AppError('mfa_required')
  }
  if (route === 'GET /admin/login/code') return c.redirect('/admin', 303)
  if (auth.user.mustChangePassword && !WHILE_PASSWORD_RESET.has(route)) {
    if (api) throw new AppError('password_change_required')
    if (c.req.method === 'GET') return c.redirect('/admin/password', 303)
    throw new AppError('password_change_required')
  }
  if (
    !auth.user.mfaEnrolled &&
    mfaRequiredFor(auth.roles, auth.user.platformRole) &&
    !WHILE_MFA_MISSING.has(route)
  ) {
    if (api) throw new AppError('mfa_enrolment_required')
    if (c.req.method === 'GET') return c.redirect('/admin/account/mfa', 303)
    throw new AppError('mfa_enrolment_required')
  }
  await next()
})

export function staff(c: Context<AppEnv>) {
  const auth = c.get('auth')
  if (!auth) throw new AppError('unauthenticated')
  return auth
}
