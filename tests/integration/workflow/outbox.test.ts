// Outbox delivery: retries with backoff and a stable dedup id, gives up after MAX_ATTEMPTS, skips what no
// transport can carry, never blocks a transition; and the cron tick with no email gateway configured.
// deliverOutbox takes every due row, so each test routes only its own recipients (`test:<tag>:…`) and asserts
// only on its own rows; rows of other tests that the resolver does not know are simply skipped.
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { createDb } from '../../../db/client'
import { runScheduled } from '../../../workers/index'
import {
  deliverOutbox,
  MAX_ATTEMPTS,
  type OutboundMessage,
  type RecipientResolver,
  type Transport,
} from '../../../workers/services/outbox'
import { at, detail, newCase, ok, openAndAssign } from './case-helpers'

interface OutboxRow {
  id: string
  kind: string
  channel: string
  recipient: string
  status: string
  attempts: number
  next_attempt_at: number
  dedup_id: string
  last_error: string | null
  sent_at: number | null
}

const db = () => createDb(env.DB)

async function insertRow(tag: string, name: string, now: number, recipient = `test:${tag}:${name}`) {
  const id = crypto.randomUUID()
  await env.DB.prepare(
    `INSERT INTO outbox (id, agency_id, kind, channel, recipient, payload, status, attempts, next_attempt_at, dedup_id, created_at)
     VALUES (?1, 'agency-demo', 'generic', 'test', ?2, '{}', 'pending', 0, ?3, ?4, ?3)`,
  )
    .bind(id, recipient, now, `dedup:${tag}:${name}`)
    .run()
  return id
}

async function row(id: string): Promise<OutboxRow> {
  return (await env.DB.prepare('SELECT * FROM outbox WHERE id = ?').bind(id).first<OutboxRow>())!
}

/** Routes `test:<tag>:<name>` to the transport named in `routes[name]`; anything else has no route. */
function resolver(tag: string, routes: Record<string, string>): RecipientResolver {
  return async (r) => {
    const [kind, t, name = ''] = r.recipient.split(':')
    if (kind !== 'test' || t !== tag) return null
    const transport = routes[name]
    return transport ? [{ transport, to: `${name}@example.cn` }] : null
  }
}

/** A transport that fails its first `failures` sends, recording every message it was given. */
function flaky(failures: number): Transport & { sent: OutboundMessage[]; calls: number } {
  const ch = {
    sent: [] as OutboundMessage[],
    calls: 0,
    async send(message: OutboundMessage) {
      ch.calls++
      ch.sent.push(message)
      if (ch.calls <= failures) throw new Error(`gateway down (${ch.calls})`)
    },
  }
  return ch
}

describe('outbox delivery', () => {
  it('retries a failing transport with growing backoff, then delivers with the same dedup id', async () => {
    const t0 = at('2024-11-01', 9)
    const id = await insertRow('retry', 'a', t0)
    const ch = flaky(2)
    const routes = resolver('retry', { a: 'flaky' })

    await deliverOutbox(db(), t0, routes, { flaky: ch })
    let r = await row(id)
    expect(r).toMatchObject({ status: 'pending', attempts: 1, next_attempt_at: t0 + 60_000 })
    expect(r.last_error).toContain('gateway down (1)')

    // Not due yet: nothing is sent.
    await deliverOutbox(db(), t0 + 59_000, routes, { flaky: ch })
    expect(ch.calls).toBe(1)
    expect((await row(id)).attempts).toBe(1)

    await deliverOutbox(db(), t0 + 60_000, routes, { flaky: ch })
    r = await row(id)
    expect(r).toMatchObject({ status: 'pending', attempts: 2, next_attempt_at: t0 + 60_000 + 120_000 })

    const counts = await deliverOutbox(db(), t0 + 180_000, routes, { flaky: ch })
    expect(counts.sent).toBeGreaterThanOrEqual(1)
    r = await row(id)
    expect(r).toMatchObject({ status: 'sent', attempts: 3, sent_at: t0 + 180_000 })
    expect(ch.sent.map((m) => m.dedupId)).toEqual([r.dedup_id, r.dedup_id, r.dedup_id])
    expect(new Set(ch.sent.map((m) => m.to))).toEqual(new Set(['a@example.cn']))

    // Sent is final: a later run does not send it again.
    await deliverOutbox(db(), t0 + 10 * 3_600_000, routes, { flaky: ch })
    expect(ch.calls).toBe(3)
  })

  it(`gives up after ${MAX_ATTEMPTS} attempts and marks the row failed`, async () => {
    let now = at('2024-11-02', 9)
    const id = await insertRow('fail', 'a', now)
    const ch = flaky(Number.POSITIVE_INFINITY)
    const routes = resolver('fail', { a: 'down' })
    const delays: number[] = []
    for (let i = 1; i <= MAX_ATTEMPTS; i++) {
      await deliverOutbox(db(), now, routes, { down: ch })
      const r = await row(id)
      expect(r.attempts).toBe(i)
      if (i < MAX_ATTEMPTS) {
        expect(r.status).toBe('pending')
        delays.push(r.next_attempt_at - now)
        now = r.next_attempt_at
      } else {
        expect(r.status).toBe('failed')
        expect(r.last_error).toContain(`gateway down (${MAX_ATTEMPTS})`)
      }
    }
    // Exponential: every wait at least as long as the one before, and longer overall.
    for (let i = 1; i < delays.length; i++) expect(delays[i]!).toBeGreaterThanOrEqual(delays[i - 1]!)
    expect(delays.at(-1)!).toBeGreaterThan(delays[0]!)
    // Failed is final.
    await deliverOutbox(db(), now + 24 * 3_600_000, routes, { down: ch })
    expect(ch.calls).toBe(MAX_ATTEMPTS)
    expect((await row(id)).status).toBe('failed')
  })

  it('skips a row that no configured transport can carry', async () => {
    const now = at('2024-11-03', 9)
    const noRoute = await insertRow('skip', 'nobody', now)
    const unconfigured = await insertRow('skip', 'fax', now)
    const ch = flaky(0)
    await deliverOutbox(db(), now, resolver('skip', { fax: 'fax' }), { email: ch })
    expect(await row(noRoute)).toMatchObject({ status: 'skipped', attempts: 0 })
    expect(await row(unconfigured)).toMatchObject({ status: 'skipped', attempts: 0 })
    expect((await row(unconfigured)).last_error).toBeTruthy()
    expect(ch.calls).toBe(0)
  })

  it('does not let one failing row hold up the others', async () => {
    const now = at('2024-11-04', 9)
    const bad = await insertRow('mixed', 'bad', now)
    const good = await insertRow('mixed', 'good', now)
    const down = flaky(Number.POSITIVE_INFINITY)
    const up = flaky(0)
    await deliverOutbox(db(), now, resolver('mixed', { bad: 'down', good: 'up' }), { down, up })
    expect(await row(bad)).toMatchObject({ status: 'pending', attempts: 1 })
    expect(await row(good)).toMatchObject({ status: 'sent', attempts: 1 })
  })

  it('survives a row whose recipient cannot be resolved (e.g. undecryptable contact) and retries it', async () => {
    const now = at('2024-11-05', 9)
    const poison = await insertRow('poison', 'broken', now)
    const good = await insertRow('poison', 'good', now)
    const up = flaky(0)
    const base = resolver('poison', { good: 'up' })
    const throwing: RecipientResolver = async (r) => {
      if (r.recipient === 'test:poison:broken') throw new Error('cannot decrypt contact')
      return base(r)
    }
    await expect(deliverOutbox(db(), now, throwing, { up })).resolves.toBeDefined()
    expect(await row(good)).toMatchObject({ status: 'sent' })
    const p = await row(poison)
    expect(p).toMatchObject({ status: 'pending', attempts: 1 })
    expect(p.last_error).toContain('cannot decrypt contact')
    expect(p.next_attempt_at).toBeGreaterThan(now)
  })

  it('never blocks a transition: actions succeed while the transport fails', async () => {
    const { caseId } = await newCase(at('2024-11-06', 9))
    await ok(
      caseId,
      'registrar',
      'confirm-receipt',
      { channel: 'online', receivedOn: '2024-11-06' },
      at('2024-11-06', 10),
    )
    const pending = await env.DB.prepare(`SELECT * FROM outbox WHERE payload LIKE ? AND status = 'pending'`)
      .bind(`%${caseId}%`)
      .all<OutboxRow>()
    expect(pending.results.length).toBeGreaterThan(0)
    // Every row of this case goes to a transport that is down.
    const down = flaky(Number.POSITIVE_INFINITY)
    const mine = new Set(pending.results.map((r) => r.id))
    const toDown: RecipientResolver = async (r) => (mine.has(r.id) ? [{ transport: 'down', to: 'x' }] : null)
    await deliverOutbox(db(), at('2024-11-06', 11), toDown, { down })
    expect(down.calls).toBeGreaterThan(0)
    for (const id of mine) expect(await row(id)).toMatchObject({ status: 'pending', attempts: 1 })
    // The case moves on regardless.
    const res = await ok(caseId, 'registrar', 'accept', {}, at('2024-11-06', 12))
    expect(res.state).toBe('in_progress')
    expect((await detail(caseId)).state).toBe('in_progress')
  })
})

describe('the cron tick without an email gateway', () => {
  it('skips applicant notifications and delivers staff ones in-app', async () => {
    expect((env as { EMAIL_ENDPOINT?: string }).EMAIL_ENDPOINT).toBeUndefined()
    const { caseId } = await newCase(at('2024-11-07', 9))
    await openAndAssign(caseId, '2024-11-07') // receipt + acceptance to the applicant, assignment to the handler
    const mine = async () =>
      (
        await env.DB.prepare('SELECT * FROM outbox WHERE payload LIKE ? ORDER BY created_at, id')
          .bind(`%${caseId}%`)
          .all<OutboxRow>()
      ).results
    const before = await mine()
    expect(before.some((r) => r.recipient.startsWith('applicant:'))).toBe(true)
    expect(before.some((r) => r.recipient === 'staff:user-demo-handler')).toBe(true)
    expect(before.every((r) => r.status === 'pending')).toBe(true)

    // Other pending rows may be ahead in the queue; a few ticks drain it.
    for (let i = 0; i < 5 && (await mine()).some((r) => r.status === 'pending'); i++) {
      await runScheduled(env, at('2024-11-07', 15))
    }
    const after = await mine()
    for (const r of after.filter((x) => x.recipient.startsWith('applicant:'))) {
      expect(r).toMatchObject({ status: 'skipped', attempts: 0 })
    }
    for (const r of after.filter((x) => x.recipient.startsWith('staff:'))) {
      expect(r).toMatchObject({ status: 'sent', attempts: 1 })
      expect(r.sent_at).toBe(at('2024-11-07', 15))
    }
    // Webhooks with no URL configured are skipped too; nothing is left pending or failed.
    expect(after.filter((r) => r.status === 'pending' || r.status === 'failed')).toEqual([])
  })
})
