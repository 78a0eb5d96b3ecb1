// Every registered route, enumerated from the app itself: staff routes refuse an anonymous caller and (for state
// changes) a cookie session without its own CSRF token; the public ones are exactly the list below.
import { describe, expect, it } from 'vitest'
import { createApp } from '../../../workers/app'
import { isPublicRoute } from '../../../workers/middleware/access'
import { browserLogin, call } from '../helpers'

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/** Routes anyone may call. A new public route must be added here on purpose. */
const EXPECTED_PUBLIC = [
  'GET /healthz',
  'GET /static/app.css',
  'GET /static/form.js',
  'GET /static/case-queue.js',
  'GET /embed.js',
  'GET /',
  'GET /api/v1/track',
  'POST /api/v1/track/withdraw',
  'GET /track',
  'POST /track',
  'POST /track/withdraw',
  'POST /track/letters/:id',
  'POST /api/v1/track/letters/:id',
  'POST /api/v1/track/recover',
  'POST /api/v1/track/receipt-copy',
  'GET /api/v1/openapi.json',
  'POST /api/v1/auth/login',
  'GET /api/v1/deadline',
  'GET /api/v1/calendar',
  'GET /api/v1/calendar/:year',
  'GET /admin/login',
  'POST /admin/login',
  'OPTIONS /api/v1/agencies/:agency/forms/:form/*',
  'GET /api/v1/agencies/:agency/forms/:form',
  'GET /api/v1/agencies/:agency/forms/:form/challenge',
  'POST /api/v1/agencies/:agency/forms/:form/submissions',
  'POST /api/v1/agencies/:agency/forms/:form/attachments',
  'GET /:agency/forms/:form',
  'POST /:agency/forms/:form',
  'GET /:agency/forms/:form/receipt/:reference',
  'POST /:agency/forms/:form/receipt/:reference/copy',
  'GET /track/recover',
  'POST /track/recover',
  'GET /favicon.svg',
  'GET /favicon.ico',
]

const SAMPLES = ['2026', '2026-12-10', 'disable', 'submissions', 'demo', 'x1']

/** A concrete path for a route pattern: each parameter gets a sample value its constraint accepts. */
function concrete(pattern: string): string {
  return pattern
    .replace(/:([A-Za-z0-9_]+)(?:\{((?:[^{}]|\{[^{}]*\})+)\})?/g, (_m, _name: string, re?: string) => {
      if (!re) return SAMPLES.at(-1)!
      const value = SAMPLES.find((s) => new RegExp(`^(?:${re})$`).test(s))
      if (!value) throw new Error(`no sample value for {${re}} in ${pattern}`)
      return value
    })
    .replace('*', 'submissions')
}

const routes = createApp()
  .routes.filter((r) => r.method !== 'ALL')
  .map((r) => ({ method: r.method, pattern: r.path, path: concrete(r.path) }))
const staffRoutes = routes.filter((r) => !isPublicRoute(r.method, r.path))

function send(route: { method: string; path: string }, headers: Record<string, string>, body?: string) {
  const init: RequestInit = { method: route.method, headers }
  if (body !== undefined && route.method !== 'GET') init.body = body
  return call(route.path, init)
}

describe('the staff guard, over every registered route', () => {
  it('finds the routes of every area, and exactly the expected public ones', () => {
    expect(routes.length).toBeGreaterThan(50)
    expect(staffRoutes.length).toBeGreaterThan(30)
    const publicRoutes = routes.filter((r) => isPublicRoute(r.method, r.path))
    expect(publicRoutes.map((r) => `${r.method} ${r.pattern}`).sort()).toEqual([...EXPECTED_PUBLIC].sort())
  })

  it('refuses every staff route to an anonymous caller: 401 for the API, the login page for HTML', async () => {
    const open: string[] = []
    for (const route of staffRoutes) {
      const res = await send(route, { 'content-type': 'application/json' }, '{}')
      const api = route.path.startsWith('/api/')
      const refused = api
        ? res.status === 401 &&
          ((await res.json()) as { error: { code: string } }).error.code === 'unauthenticated'
        : res.status === 303 && (res.headers.get('location') ?? '').startsWith('/admin/login')
      if (!refused) open.push(`${route.method} ${route.path} → ${res.status}`)
    }
    expect(open).toEqual([])
  })

  it('refuses every staff state change made with a session cookie but a missing or foreign CSRF token', async () => {
    const admin = await browserLogin('demo-admin')
    const other = await browserLogin('demo-handler')
    const changes = staffRoutes.filter((r) => STATE_CHANGING.has(r.method))
    expect(changes.length).toBeGreaterThan(15)
    const open: string[] = []
    for (const route of changes) {
      const api = route.path.startsWith('/api/')
      const form = { cookie: admin.cookie, 'content-type': 'application/x-www-form-urlencoded' }
      const attempts = api
        ? [
            send(route, { cookie: admin.cookie, 'content-type': 'application/json' }, '{}'),
            send(
              route,
              { cookie: admin.cookie, 'content-type': 'application/json', 'x-csrf-token': other.csrf },
              '{}',
            ),
          ]
        : [send(route, form, ''), send(route, form, `_csrf=${encodeURIComponent(other.csrf)}`)]
      for (const res of await Promise.all(attempts)) {
        const text = await res.text()
        if (res.status !== 403 || !(api ? text.includes('csrf_failed') : text.includes('表单已失效'))) {
          open.push(`${route.method} ${route.path} → ${res.status}`)
        }
      }
    }
    expect(open).toEqual([])
    // Two requests per state-changing route, well over a hundred: more than the default 5 s on a busy machine.
  }, 30_000)

  it("answers the citizen form API's CORS preflight without a session on the form's own paths only", async () => {
    // The OPTIONS route is registered on a wildcard (EXPECTED_PUBLIC lists it, classified by its sample path
    // …/submissions); the guard lets a preflight through for the paths the form API serves and asks for a session
    // on any other path under the wildcard.
    const base = '/api/v1/agencies/demo/forms/disclosure'
    const preflight = (path: string) =>
      call(path, {
        method: 'OPTIONS',
        headers: { origin: 'https://example.org', 'access-control-request-method': 'POST' },
      })
    for (const tail of ['/submissions', '/attachments', '/challenge']) {
      expect((await preflight(`${base}${tail}`)).status, tail).toBe(204)
    }
    expect((await preflight(`${base}/not-a-form-path`)).status).toBe(401)
  })
})

describe('errors on paths no route answers', () => {
  it.each(['/nonexistent', '/track/x', '/api/v1/no-such-thing', '/admin/no-such-page'])(
    'answers %s with 404 and the same security headers as every page',
    async (path) => {
      const res = await call(path)
      expect(res.status).toBe(404)
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'")
      expect(res.headers.get('x-frame-options')).toBe('DENY')
      expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/)
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    },
  )

  it('answers a known path with the wrong method with 405, its own code and an Allow header', async () => {
    const res = await call('/api/v1/cases', { method: 'DELETE' })
    expect(res.status).toBe(405)
    expect(res.headers.get('allow')).toBe('GET, HEAD')
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('method_not_allowed')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
  })
})
