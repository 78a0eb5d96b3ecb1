// Helpers for driving the Worker through its fetch handler, as a browser or an API client would.
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { DEFAULT_DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../../db/seed/demo'
import { TOTP_PERIOD_S, totpCode, totpStep } from '../../workers/auth/totp'
import type { Bindings } from '../../workers/env'
import worker from '../../workers/index'

export const BASE = 'https://gov.example.cn'

/**
 * A request as it arrives from the Cloudflare edge (`request.cf` present, so CF-Connecting-IP is trusted as the
 * client address); `viaCloudflare: false` sends it as a self-hosted runtime would receive it.
 *
 * The Worker's default export handles it directly, as the runtime calls it, and the request arrives as the runtime
 * delivers one: a body of known length (text, form data, bytes) with its Content-Length, a stream without. Not
 * through the `exports.default` binding: @cloudflare/vitest-pool-workers 0.15.1 wraps that entrypoint's prototype in
 * one more Proxy for every request, so each request was slower than the one before (hundreds a file; thousands a
 * run). tests/integration/foundation/app-shell.test.ts still sends requests through the binding.
 */
export async function call(
  path: string,
  init: RequestInit & { viaCloudflare?: boolean } = {},
): Promise<Response> {
  const { viaCloudflare = true, ...rest } = init
  const edge = viaCloudflare ? { cf: { colo: 'TEST' } } : {}
  const url = `${BASE}${path}`
  let request = new Request(url, { redirect: 'manual', ...edge, ...rest } as RequestInit)
  if (request.body && !(rest.body instanceof ReadableStream) && !request.headers.has('content-length')) {
    const bytes = await request.arrayBuffer()
    const headers = new Headers(request.headers)
    headers.set('content-length', String(bytes.byteLength))
    request = new Request(url, { redirect: 'manual', ...edge, ...rest, headers, body: bytes } as RequestInit)
  }
  const ctx = createExecutionContext()
  const response = await worker.fetch(request, env as unknown as Bindings, ctx)
  await waitOnExecutionContext(ctx)
  return response
}

export function json(body: unknown, init: RequestInit & { token?: string } = {}): RequestInit {
  const headers = new Headers(init.headers)
  headers.set('content-type', 'application/json')
  if (init.token) headers.set('authorization', `Bearer ${init.token}`)
  return { method: 'POST', ...init, headers, body: JSON.stringify(body) }
}

/**
 * For an account with a second factor (the seeded demo admin, auditor and operator: DEMO_TOTP_SECRET): a code the
 * server has not used yet and the test clock to send it at. Each code works once, so a test logging one account in
 * many times within 30 s is moved on to the next time step (at most a few minutes ahead of `now`).
 */
export async function secondFactorAt(
  username: string,
  now: number | undefined,
  secret = DEMO_TOTP_SECRET,
): Promise<{ code: string; at: number } | null> {
  const row = await env.DB.prepare('SELECT totp_enrolled_at, totp_last_step FROM users WHERE username = ?')
    .bind(username)
    .first<{ totp_enrolled_at: number | null; totp_last_step: number | null }>()
  if (!row || row.totp_enrolled_at === null) return null
  const base = now ?? Date.now()
  const step = Math.max(totpStep(base) - 1, (row.totp_last_step ?? 0) + 1)
  const at = step > totpStep(base) + 1 ? step * TOTP_PERIOD_S * 1000 : base
  return { code: totpCode(secret, step * TOTP_PERIOD_S * 1000), at }
}

/** Log in for a bearer token; `now` (the test clock) lets a test act at instants after today. */
export async function apiLogin(
  username: string,
  password = DEFAULT_DEMO_PASSWORD,
  now?: number,
): Promise<string> {
  const mfa = await secondFactorAt(username, now)
  const clock = mfa?.at ?? now
  const headers: Record<string, string> = clock === undefined ? {} : { 'x-test-now': String(clock) }
  const credentials = mfa ? { username, password, totp: mfa.code } : { username, password }
  const res = await call('/api/v1/auth/login', json(credentials, { headers }))
  if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${await res.text()}`)
  const body = (await res.json()) as { token: string }
  return body.token
}

export function bearer(token: string, init: RequestInit = {}): RequestInit {
  const headers = new Headers(init.headers)
  headers.set('authorization', `Bearer ${token}`)
  return { ...init, headers }
}

/** Pick `name=value` of one Set-Cookie header (ignoring attributes). */
export function cookieFrom(res: Response, name: string): string | null {
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(';')
    if (pair?.startsWith(`${name}=`)) return pair
  }
  return null
}

/** Log in through the HTML form like a browser: returns the session cookie pair and the CSRF token. */
export async function browserLogin(
  username: string,
  password = DEFAULT_DEMO_PASSWORD,
  now?: number,
): Promise<{ cookie: string; csrf: string; setCookie: string }> {
  const mfa = await secondFactorAt(username, now)
  const at = mfa?.at ?? now
  const clock: Record<string, string> = at === undefined ? {} : { 'x-test-now': String(at) }
  const page = await call('/admin/login', { headers: clock })
  const loginCookie = cookieFrom(page, '__Host-login')!
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!
  const res = await call('/admin/login', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: loginCookie, ...clock },
    body: new URLSearchParams({ _csrf: csrf, username, password }).toString(),
  })
  if (res.status !== 303) throw new Error(`browser login failed: ${res.status}`)
  let setCookie = res.headers.getSetCookie().find((l) => l.startsWith('__Host-session='))!
  if (mfa) {
    // The password opened a session that may only enter the code; the code replaces it with the real one.
    const pending = setCookie.split(';')[0]!
    const codePage = await call('/admin/login/code', { headers: { cookie: pending, ...clock } })
    const pendingCsrf = /name="_csrf" value="([^"]+)"/.exec(await codePage.text())![1]!
    const verified = await call('/admin/login/code', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: pending, ...clock },
      body: new URLSearchParams({ _csrf: pendingCsrf, code: mfa.code }).toString(),
    })
    if (verified.status !== 303) throw new Error(`second factor failed: ${verified.status}`)
    setCookie = verified.headers.getSetCookie().find((l) => l.startsWith('__Host-session='))!
  }
  const cookie = setCookie.split(';')[0]!
  let dash = await call('/admin/', { headers: { cookie, ...clock } })
  // A session whose password an admin reset is sent to choose a new one first.
  if (dash.status === 303) dash = await call(dash.headers.get('location')!, { headers: { cookie, ...clock } })
  const sessionCsrf = /name="_csrf" value="([^"]+)"/.exec(await dash.text())![1]!
  return { cookie, csrf: sessionCsrf, setCookie }
}

export async function countRows(table: string): Promise<number> {
  const row = await env.DB.prepare(`SELECT count(*) AS n FROM ${table}`).first<{ n: number }>()
  return row?.n ?? 0
}
