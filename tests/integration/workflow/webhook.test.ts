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
