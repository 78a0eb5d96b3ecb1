import { env } from 'cloudflare:workers'
import { Webhook } from 'standardwebhooks'
import { describe, expect, it } from 'vitest'
import { createDb } from '../../../db/client'
import { databaseResolver, deliverOutbox, httpTransport } from '../../../workers/services/outbox'
import { apiLogin, call, json } from '../helpers'
import { at, newCase } from './case-helpers'

describe('agency webhooks', () => {
  it('are signed per Standard Webhooks with a secret generated for the agency', async () => {
    const token = await apiLogin('demo-admin')
    const res = await call('/api/v1/agencies/agency-demo/settings', {
      ...json(
        { embedOrigins: [], disclosure: {}, webhookUrl: 'https://hooks.example.gov.cn/gov' },
        { token },
      ),
      method: 'PUT',
    })
    const view = (await res.json()) as { readOnly: { webhookSecret: string } }
    const secret = view.readOnly.webhookSecret
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/)
    const audit = await env.DB.prepare(
      `SELECT payload FROM audit_log WHERE action = 'agency.settings_changed' ORDER BY id DESC`,
    ).first<{ payload: string }>()
    expect(audit!.payload).not.toContain(secret)

    const { caseId } = await newCase(at('2024-09-27', 9))
    // Put one webhook row in the outbox the way an effect does.
    await env.DB.prepare(
      `INSERT INTO outbox (id, agency_id, kind, channel, recipient, payload, status, attempts, next_attempt_at, dedup_id, created_at)
       VALUES ('wh-1', 'agency-demo', 'case.closed', 'webhook', 'agency:agency-demo', ?, 'pending', 0, 0, 'case:x:1:0:case.closed', 0)`,
    )
      .bind(JSON.stringify({ caseId, outcome: 'withdrawn' }))
      .run()
    const seen: { url: string; headers: Record<string, string>; body: string }[] = []
    const fetcher = (async (url: string, init: RequestInit) => {
      seen.push({ url, headers: init.headers as Record<string, string>, body: String(init.body) })
      return new Response(null, { status: 204 })
    }) as unknown as typeof fetch
    const db = createDb(env.DB)
    await deliverOutbox(
      db,
      Date.now(),
      databaseResolver(db, async () => null),
      { webhook: httpTransport(null, undefined, fetcher) },
    )
    const sent = seen.find((s) => s.headers['webhook-id'] === 'case:x:1:0:case.closed')!
    expect(sent.url).toBe('https://hooks.example.gov.cn/gov')
    expect(() => new Webhook(secret).verify(sent.body, sent.headers)).not.toThrow()
    expect(() => new Webhook(secret).verify(`${sent.body} `, sent.headers)).toThrow()
  })
})

describe('webhook URLs (issue 11, Fix 3)', () => {
  it.each([
    'https://127.0.0.1:18443/hook',
    'https://2130706433/hook',
    'https://0x7f000001/hook',
    'https://[::1]/hook',
    'https://169.254.169.254/latest',
    'https://user:pw@hooks.example.gov.cn/gov',
    'http://hooks.example.gov.cn/gov',
  ])('refuses %s when it is set (422, nothing stored)', async (url) => {
    const token = await apiLogin('demo-admin')
    const before = await env.DB.prepare("SELECT settings FROM agencies WHERE id = 'agency-demo'").first()
    const res = await call('/api/v1/agencies/agency-demo/settings', {
      ...json({ embedOrigins: [], disclosure: {}, webhookUrl: url }, { token }),
      method: 'PUT',
    })
    expect(res.status).toBe(422)
    const body = (await res.json()) as { error: { issues: { path: string; message: string }[] } }
    expect(body.error.issues[0]!.path).toBe('webhookUrl')
    expect(body.error.issues[0]!.message).toContain('内网')
    expect(await env.DB.prepare("SELECT settings FROM agencies WHERE id = 'agency-demo'").first()).toEqual(
      before,
    )
  })

  async function queueOne(id: string, webhookUrl: string) {
    await env.DB.prepare(
      "UPDATE agencies SET settings = json_set(settings, '$.webhookUrl', ?) WHERE id = 'agency-demo'",
    )
      .bind(webhookUrl)
      .run()
    await env.DB.prepare(
      `INSERT INTO outbox (id, agency_id, kind, channel, recipient, payload, status, attempts, next_attempt_at, dedup_id, created_at)
       VALUES (?, 'agency-demo', 'case.closed', 'webhook', 'agency:agency-demo', '{}', 'pending', 0, 0, ?, 0)`,
    )
      .bind(id, `dedup-${id}`)
      .run()
  }

  it('never connects to a private URL stored before the check, and never follows a redirect', async () => {
    const db = createDb(env.DB)
    const seen: { url: string; redirect: string | undefined }[] = []
    const fetcher = (async (url: string, init: RequestInit) => {
      seen.push({ url, redirect: init.redirect })
      return new Response(null, { status: 302, headers: { location: 'https://127.0.0.1/' } })
    }) as unknown as typeof fetch
    const transports = { webhook: httpTransport(null, undefined, fetcher) }
    await queueOne('wh-private', 'https://127.0.0.1:18443/hook')
    await deliverOutbox(
      db,
      Date.now(),
      databaseResolver(db, async () => null),
      transports,
    )
    expect(seen).toEqual([])
    const privateRow = await env.DB.prepare(
      "SELECT status, last_error FROM outbox WHERE id = 'wh-private'",
    ).first<{
      status: string
      last_error: string
    }>()
    expect(privateRow!.status).not.toBe('sent')
    expect(privateRow!.last_error).toContain('refused')
    expect(privateRow!.last_error).not.toContain('127.0.0.1')

    await queueOne('wh-redirect', 'https://hooks.example.gov.cn/moved')
    await deliverOutbox(
      db,
      Date.now(),
      databaseResolver(db, async () => null),
      transports,
    )
    expect(seen).toEqual([{ url: 'https://hooks.example.gov.cn/moved', redirect: 'manual' }])
    const moved = await env.DB.prepare("SELECT status FROM outbox WHERE id = 'wh-redirect'").first<{
      status: string
    }>()
    expect(moved!.status).not.toBe('sent')
  })
})
