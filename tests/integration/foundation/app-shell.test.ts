import { exports } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { BASE, call, json } from '../helpers'

describe('app shell', () => {
  it('reports version and D1 reachability on /healthz', async () => {
    const res = await call('/healthz')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ status: 'ok', version: '0.1.0', db: 'ok' })
  })

  it('answers through the runtime binding as through the helpers (the health check, a refused login)', async () => {
    // The helpers call the Worker's default export directly (see call()); this goes through the runtime's binding.
    const viaRuntime = (path: string, init: RequestInit = {}) =>
      exports.default.fetch(
        new Request(`${BASE}${path}`, { redirect: 'manual', cf: { colo: 'TEST' }, ...init }),
      )
    const health = await viaRuntime('/healthz')
    expect(health.status).toBe(200)
    expect(await health.json()).toEqual({ status: 'ok', version: '0.1.0', db: 'ok' })
    const login = await viaRuntime(
      '/api/v1/auth/login',
      json({ username: 'demo-registrar', password: 'wrong-password-123' }),
    )
    const direct = await call(
      '/api/v1/auth/login',
      json({ username: 'demo-registrar', password: 'wrong-password-123' }),
    )
    expect(login.status).toBe(direct.status)
    expect(((await login.json()) as { error: { code: string } }).error.code).toBe(
      ((await direct.json()) as { error: { code: string } }).error.code,
    )
  })

  it('answers unknown API paths with the JSON error envelope and a request id', async () => {
    const res = await call('/api/v1/no-such-thing')
    expect(res.status).toBe(404)
    const body = (await res.json()) as { error: { code: string; message: string; requestId: string } }
    expect(body.error.code).toBe('not_found')
    expect(body.error.message).toMatch(/找不到/)
    expect(body.error.requestId).toBe(res.headers.get('x-request-id'))
  })

  it('links the disclosure form of every agency and tracking from the home page', async () => {
    const html = await (await call('/')).text()
    expect(html).toContain('href="/demo/forms/disclosure"')
    expect(html).toContain('示范县教育局')
    expect(html).toContain('href="/track"')
  })

  it('answers unknown pages with an HTML error page in Chinese', async () => {
    const res = await call('/no-such-page')
    expect(res.status).toBe(404)
    expect(res.headers.get('content-type')).toMatch(/text\/html/)
    const html = await res.text()
    expect(html).toContain('lang="zh-CN"')
    expect(html).toContain('找不到')
  })

  it('echoes a well-formed caller request id and replaces a malformed one', async () => {
    const good = await call('/healthz', { headers: { 'x-request-id': 'abc-12345678' } })
    expect(good.headers.get('x-request-id')).toBe('abc-12345678')
    const bad = await call('/healthz', { headers: { 'x-request-id': '<script>alert(1)</script>' } })
    expect(bad.headers.get('x-request-id')).not.toContain('<')
  })

  it('sends the security headers on every response', async () => {
    for (const path of ['/', '/admin/login', '/api/v1/nope', '/healthz']) {
      const res = await call(path)
      const csp = res.headers.get('content-security-policy') ?? ''
      expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9_-]{16,}'/)
      expect(csp).toContain("frame-ancestors 'none'")
      expect(csp).toContain("object-src 'none'")
      expect(res.headers.get('x-frame-options')).toBe('DENY')
      const hsts = /max-age=(\d+)/.exec(res.headers.get('strict-transport-security') ?? '')
      expect(Number(hsts?.[1])).toBeGreaterThanOrEqual(31_536_000)
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin')
    }
  })

  it('uses a fresh CSP nonce per response', async () => {
    const nonce = async () =>
      /nonce-([^']+)/.exec((await call('/')).headers.get('content-security-policy') ?? '')?.[1]
    expect(await nonce()).not.toBe(await nonce())
  })

  it('never leaks a stack trace for an unexpected method on a known path', async () => {
    const res = await call('/healthz', { method: 'DELETE' })
    expect(res.status).toBeGreaterThanOrEqual(400)
    expect(res.status).toBeLessThan(500)
    expect(await res.text()).not.toMatch(/at .*\.ts:\d+/)
  })
})

describe('OpenAPI document', () => {
  it('describes the contract, with every disclosure action input generated from its schema', async () => {
    const res = await call('/api/v1/openapi.json')
    expect(res.status).toBe(200)
    const doc = (await res.json()) as {
      openapi: string
      paths: Record<string, unknown>
      components: { schemas: Record<string, unknown> }
    }
    expect(doc.openapi).toBe('3.1.0')
    for (const path of [
      '/deadline',
      '/track',
      '/cases',
      '/cases/{id}/actions/{action}',
      '/agencies/{agency}/forms/{form}/submissions',
    ]) {
      expect(Object.keys(doc.paths)).toContain(path)
    }
    for (const action of ['confirm-receipt', 'extend', 'draft-reply', 'record-remedy', 'withdraw']) {
      expect(Object.keys(doc.components.schemas)).toContain(`action.${action}`)
    }
  })
})
