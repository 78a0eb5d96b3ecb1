// Helpers for driving the Worker through its fetch handler, as a browser or an API client would.
import { env, exports } from 'cloudflare:workers'
import { DEFAULT_DEMO_PASSWORD } from '../../db/seed/demo'

export const BASE = 'https://gov.example.cn'

/**
 * A request as it arrives from the Cloudflare edge (`request.cf` present, so CF-Connecting-IP is trusted as the
 * client address); `viaCloudflare: false` sends it as a self-hosted runtime would receive it.
 */
export function call(path: string, init: RequestInit & { viaCloudflare?: boolean } = {}): Promise<Response> {
  const { viaCloudflare = true, ...rest } = init
  const edge = viaCloudflare ? { cf: { colo: 'TEST' } } : {}
  return exports.default.fetch(new Request(`${BASE}${path}`, { redirect: 'manual', ...edge, ...rest }))
}

export function json(body: unknown, init: RequestInit & { token?: string } = {}): RequestInit {
  const headers = new Headers(init.headers)
  headers.set('content-type', 'application/json')
  if (init.token) headers.set('authorization', `Bearer ${init.token}`)
  return { method: 'POST', ...init, headers, body: JSON.stringify(body) }
}

/** Log in for a bearer token; `now` (the test clock) lets a test act at instants after today. */
export async function apiLogin(
  username: string,
  password = DEFAULT_DEMO_PASSWORD,
  now?: number,
): Promise<string> {
  const headers: Record<string, string> = now === undefined ? {} : { 'x-test-now': String(now) }
  const res = await call('/api/v1/auth/login', json({ username, password }, { headers }))
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
  const clock: Record<string, string> = now === undefined ? {} : { 'x-test-now': String(now) }
  const page = await call('/admin/login', { headers: clock })
  const loginCookie = cookieFrom(page, '__Host-login')!
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!
  const res = await call('/admin/login', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: loginCookie, ...clock },
    body: new URLSearchParams({ _csrf: csrf, username, password }).toString(),
  })
  if (res.status !== 303) throw new Error(`browser login failed: ${res.status}`)
  const setCookie = res.headers.getSetCookie().find((l) => l.startsWith('__Host-session='))!
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
