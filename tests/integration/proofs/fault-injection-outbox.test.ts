// Issue 11, Prove 1, for notifications: the outbox delivery run with its Nth D1 statement failing (before it runs,
// or after, its answer lost) and a gateway failing. Invariants: a fault never loses a message or marks one sent that
// was not handed to the gateway; later runs deliver every message; a message is handed over again only when the
// mark "sent" was lost, and then with the same dedup id (the gateway's Idempotency-Key), so the gateway keeps one.
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { createDb } from '../../../db/client'
import { deliverOutbox, type OutboundMessage, type RecipientResolver } from '../../../workers/services/outbox'
import { type FaultMode, faultyD1 } from './faults'

const NOW = Date.parse('2026-11-20T10:00:00+08:00')
const resolve: RecipientResolver = async () => [{ transport: 'gateway', to: 'gateway' }]

async function queue(prefix: string, n: number): Promise<string[]> {
  const ids = Array.from({ length: n }, (_, i) => `${prefix}-${i}`)
  await env.DB.batch(
    ids.map((id) =>
      env.DB.prepare(
        `INSERT INTO outbox (id, agency_id, kind, channel, recipient, payload, status, attempts, next_attempt_at, dedup_id, created_at)
         VALUES (?, 'agency-demo', 'generic', 'staff', 'gateway', '{"reference":"X"}', 'pending', 0, ?, ?, ?)`,
      ).bind(id, NOW, `fault-outbox:${id}`, NOW),
    ),
  )
  return ids
}

async function statuses(ids: string[]): Promise<string[]> {
  const rows = await env.DB.prepare(
    `SELECT status FROM outbox WHERE id IN (${ids.map(() => '?').join(',')}) ORDER BY id`,
  )
    .bind(...ids)
    .all<{ status: string }>()
  return rows.results.map((r) => r.status)
}

/** A gateway recording what it was handed; `failFirst` sends fail before succeeding. */
function gateway(failFirst = 0) {
  const handed: OutboundMessage[] = []
  let failures = failFirst
  return {
    handed,
    transport: {
      async send(m: OutboundMessage) {
        if (failures > 0) {
          failures--
          throw new Error('gateway down (injected)')
        }
        handed.push(m)
      },
    },
  }
}

/** Deliver until nothing of `ids` is pending (later runs later, past any back-off). */
async function drain(ids: string[], transport: { send(m: OutboundMessage): Promise<void> }) {
  for (let run = 1; run <= 20 && (await statuses(ids)).includes('pending'); run++) {
    await deliverOutbox(createDb(env.DB), NOW + run * 7 * 3_600_000, resolve, { gateway: transport })
  }
}

describe('outbox delivery under faults', () => {
  it('loses no message and hands a message over twice only with its dedup id, at every D1 fault point', async () => {
    // A clean run: how many statements a delivery of 3 messages takes.
    const clean = await queue('clean', 3)
    const probe = faultyD1(env.DB, Number.MAX_SAFE_INTEGER, 'error')
    const rec = gateway()
    await deliverOutbox(createDb(probe.db), NOW, resolve, { gateway: rec.transport })
    expect(await statuses(clean)).toEqual(['sent', 'sent', 'sent'])
    const statements = probe.state.n
    expect(statements).toBeGreaterThanOrEqual(4)
    let cells = 0
    let repeats = 0
    for (let n = 1; n <= statements; n++) {
      for (const mode of ['error', 'timeout'] as FaultMode[]) {
        const ids = await queue(`f${n}${mode}`, 3)
        const faulty = faultyD1(env.DB, n, mode)
        const first = gateway()
        await deliverOutbox(createDb(faulty.db), NOW, resolve, { gateway: first.transport }).catch(
          () => undefined,
        )
        expect(faulty.state.fired).toBe(true)
        // Nothing is marked sent that the gateway did not get.
        const mine = (m: OutboundMessage) => m.dedupId.startsWith(`fault-outbox:f${n}${mode}-`)
        const sentNow = (await statuses(ids)).filter((s) => s === 'sent').length
        expect(first.handed.filter(mine).length).toBeGreaterThanOrEqual(sentNow)
        const later = gateway()
        await drain(ids, later.transport)
        expect(await statuses(ids), `fault at ${n} (${mode})`).toEqual(['sent', 'sent', 'sent'])
        const all = [...first.handed, ...later.handed].filter(mine)
        // Every message reached the gateway; a repeat is only the one whose "sent" mark failed (the one statement
        // faulted), and it carries the same dedup id.
        expect(new Set(all.map((m) => m.dedupId)).size).toBe(3)
        expect(all.length).toBeLessThanOrEqual(4)
        if (all.length === 4) repeats++
        cells++
      }
    }
    expect(cells).toBe(statements * 2)
    // The "sent" marks were among the faulted statements: the at-least-once path was exercised.
    expect(repeats).toBeGreaterThan(0)
  })

  it('a failing gateway delays, never loses: the message goes once the gateway is back', async () => {
    const ids = await queue('down', 2)
    const rec = gateway(3)
    await drain(ids, rec.transport)
    expect(await statuses(ids)).toEqual(['sent', 'sent'])
    expect(
      rec.handed
        .filter((m) => m.dedupId.startsWith('fault-outbox:down-'))
        .map((m) => m.dedupId)
        .sort(),
    ).toEqual(['fault-outbox:down-0', 'fault-outbox:down-1'])
  })
})
