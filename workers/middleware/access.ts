// The one guard for staff routes. Everything under /admin and /api/v1 needs a staff session (and, for a cookie
// session, the CSRF token on state changes) unless this file lists it as public — deny by default, decided
// before any route runs, so neither mount order nor a forgotten check in a new route can open a staff page.
import { except } from 'hono/combine'
import { matchedRoutes } from 'hono/route'
import { authenticate, csrfProtection, requireStaff } from './auth'

/** Path prefixes that belong to staff unless listed in PUBLIC_ROUTES. */
export const STAFF_PREFIXES = ['/admin', '/api/v1'] as const

/**
 * The routes under a staff prefix that anyone may call: login, the citizen-facing JSON API (forms, submissions,
 * tracking), the public calendar and deadline, and the API description. HEAD is treated as GET.
 */
export const PUBLIC_ROUTES: readonly { methods: readonly string[]; path: RegExp }[] = [
  { methods: ['GET', 'POST'], path: /^\/admin\/login$/ },
  { methods: ['POST'], path: /^\/api\/v1\/auth\/login$/ },
  { methods: ['GET'], path: /^\/api\/v1\/(deadline|calendar|calendar\/[^/]+|openapi\.json|track)$/ },
  { methods: ['POST'], path: /^\/api\/v1\/track\/(withdraw|recover|receipt-copy|letters\/[^/]+)$/ },
  {
    methods: ['GET', 'OPTIONS'],
    path: /^\/api\/v1\/agencies\/[^/]+\/forms\/[^/]+(\/challenge|\/submissions|\/attachments)?$/,
  },
  { methods: ['POST'], path: /^\/api\/v1\/agencies\/[^/]+\/forms\/[^/]+\/(submissions|attachments)$/ },
]

function underStaffPrefix(path: string): boolean {
  return STAFF_PREFIXES.some((p) => path === p || path.startsWith(`${p}/`))
}

/** Whether a request may go through without a staff session. */
export function isPublicRoute(method: string, rawPath: string): boolean {
  const path = rawPath.length > 1 ? rawPath.replace(/\/+$/, '') : rawPath
  if (!underStaffPrefix(path)) return true
  const m = method === 'HEAD' ? 'GET' : method
  return PUBLIC_ROUTES.some((r) => r.methods.includes(m) && r.path.test(path))
}

/**
 * Staff guard, registered once before every route: resolves the caller under the staff prefixes, then demands a
 * staff member (401 for the API, the login page for HTML) and the CSRF token for every route not listed public.
 */
export const staffAccess = except(
  (c) => !underStaffPrefix(c.req.path),
  authenticate,
  except(
    // A path no route answers stays a plain 404 (or 405) for everyone.
    (c) => isPublicRoute(c.req.method, c.req.path) || !matchedRoutes(c).some((r) => r.method !== 'ALL'),
    requireStaff,
    csrfProtection,
  ),
)
