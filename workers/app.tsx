// The Hono application: middleware order, route mounting and the single error mapping.
import { type Context, Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import * as z from 'zod'
import zodZhCN from 'zod/v4/locales/zh-CN.js'
import type { AppEnv } from './env'
import { AppError, errorEnvelope, toAppError } from './errors'
import { allowedMethods } from './lib/routes'
import { staffAccess } from './middleware/access'
import { requestContext } from './middleware/request-context'
import { securityHeaders } from './middleware/security-headers'
import { admin } from './routes/admin'
import { adminAccount } from './routes/admin-account'
import { adminAudit } from './routes/admin-audit'
import { adminCalendar } from './routes/admin-calendar'
import { adminCases } from './routes/admin-cases'
import { adminIntake } from './routes/admin-intake'
import { adminLetters } from './routes/admin-letters'
import { adminMfa } from './routes/admin-mfa'
import { adminPlans } from './routes/admin-plans'
import { adminReports } from './routes/admin-reports'
import { adminSettings } from './routes/admin-settings'
import { apiApplicant } from './routes/api-applicant'
import { apiAudit } from './routes/api-audit'
import { apiAuth } from './routes/api-auth'
import { apiCalendar } from './routes/api-calendar'
import { apiCases } from './routes/api-cases'
import { apiForms } from './routes/api-forms'
import { apiIntake } from './routes/api-intake'
import { apiLetters } from './routes/api-letters'
import { apiReports } from './routes/api-reports'
import { apiStaff } from './routes/api-staff'
import { apiTasks } from './routes/api-tasks'
import { clientScripts } from './routes/client-scripts'
import { formPages } from './routes/form-pages'
import { health } from './routes/health'
import { home } from './routes/home'
import { openapi } from './routes/openapi'
import { tracking } from './routes/tracking'
import { APP_CSS } from './static/app-css'
import { FAVICON_SVG } from './static/favicon'
import { ErrorPage } from './views/layout'

// zod: Chinese messages for users, and no JIT code generation (Workers and our CSP forbid eval).
// Only the zh-CN locale: `z.locales.zhCN()` would bundle all of zod's locales (a quarter of the Worker, gzip).
z.config({ ...zodZhCN(), jitless: true })

function wantsJson(path: string, accept: string | undefined): boolean {
  return path.startsWith('/api/') || (accept ?? '').includes('application/json')
}

export function createApp() {
  const app = new Hono<AppEnv>({ strict: false })
  // The staff guard runs before any route: mount order below cannot open a staff page.
  app.use('*', requestContext, securityHeaders, staffAccess)

  app.route('/', health)
  app.get('/static/app.css', (c) => {
    c.header('Cache-Control', 'public, max-age=3600')
    return c.body(APP_CSS, 200, { 'Content-Type': 'text/css; charset=utf-8' })
  })
  // Browsers ask for /favicon.ico whatever the page links: both answer with the SVG icon.
  app.get('/favicon.svg', favicon)
  app.get('/favicon.ico', favicon)
  app.route('/', clientScripts)
  app.route('/', home)

  app.route('/', tracking)
  app.route('/api/v1', openapi)
  app.route('/api/v1/auth', apiAuth)
  app.route('/api/v1', apiCalendar)
  app.route('/api/v1', apiStaff)
  app.route('/api/v1', apiCases)
  app.route('/api/v1', apiLetters)
  app.route('/api/v1', apiAudit)
  app.route('/api/v1', apiReports)
  app.route('/api/v1', apiApplicant)
  app.route('/api/v1', apiTasks)
  app.route('/api/v1', apiIntake)
  app.route('/admin', admin)
  app.route('/admin', adminAccount)
  app.route('/admin', adminMfa)
  app.route('/admin/calendar', adminCalendar)
  app.route('/admin/audit', adminAudit)
  app.route('/admin/agencies', adminSettings)
  app.route('/admin/cases', adminCases)
  app.route('/admin/intake', adminIntake)
  app.route('/admin/letters', adminLetters)
  app.route('/admin/plans', adminPlans)
  app.route('/admin/reports', adminReports)
  app.route('/api/v1', apiForms)
  app.route('/', formPages)

  // Returned, not thrown: an unmatched path then goes back through the middleware (security headers included).
  app.notFound((c) => {
    const allow = allowedMethods(app.routes, c.req.path)
    if (allow.length === 0) return errorResponse(c, new AppError('not_found'))
    c.header('Allow', allow.join(', '))
    return errorResponse(c, new AppError('method_not_allowed'))
  })

  app.onError((err, c) => {
    if (!(err instanceof AppError) && !(err instanceof HTTPException && err.status < 500)) {
      // Internals stay in the log, keyed by request id; the client gets the generic message.
      const requestId = c.get('requestId') ?? 'unknown'
      console.error(JSON.stringify({ requestId, ...loggableError(err) }))
    }
    return errorResponse(c, toAppError(err))
  })
  return app
}

/**
 * What of an unexpected error goes to the log: its message and stack, and its cause's message, without the bound
 * parameters a failed query carries (they can be personal data: names, contact details, ID numbers).
 */
export function loggableError(err: Error): { error: string; cause?: string; stack?: string } {
  const clean = (text: string) => text.replace(/\nparams: [\s\S]*?(?=\n\s+at |$)/g, '\nparams: (omitted)')
  const cause = err.cause instanceof Error ? clean(String(err.cause)) : undefined
  return {
    error: clean(String(err)),
    ...(cause ? { cause } : {}),
    ...(err.stack ? { stack: clean(err.stack) } : {}),
  }
}

function favicon(c: Context<AppEnv>): Response {
  c.header('Cache-Control', 'public, max-age=86400')
  return c.body(FAVICON_SVG, 200, { 'Content-Type': 'image/svg+xml' })
}

/** The error as JSON for the API (or a client asking for JSON), else as an accessible page. */
function errorResponse(c: Context<AppEnv>, appError: AppError): Response {
  const requestId = c.get('requestId') ?? 'unknown'
  const retryAfter = appError.details?.retryAfterSeconds
  if (typeof retryAfter === 'number') c.header('Retry-After', String(retryAfter))
  if (wantsJson(c.req.path, c.req.header('accept'))) {
    return c.json(errorEnvelope(appError, requestId), appError.status as 400)
  }
  return c.html(
    <ErrorPage
      nonce={c.get('nonce')}
      status={appError.status}
      message={appError.message}
      requestId={requestId}
    />,
    appError.status as 400,
  ) as unknown as Response
}
