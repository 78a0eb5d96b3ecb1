// The write path appends events at positions handed out inside the transition's batch, and a sealer hashes them onto
// the agency's chain later: concurrent writers never contend, unsealed events are reported (with the sealing lag)
// until sealed, concurrent sealers do not corrupt the chain, and holes or forged hashes in the unsealed tail show.
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { createDb } from '../../../db/client'
import {
  sealAgencyChain,
  sealAllChains,
  UNSEALED,
  verifyAgencyChain,
} from '../../../workers/services/case-store'
import { at, newCase } from './case-helpers'

const AGENCY = 'agency-demo'
const db = createDb(env.DB)
const submittedAt = at('2024-09-27', 9)
const now = at('2024-09-27', 10)

async function positions() {
  return (await env.DB.prepare(
    `SELECT count(*) AS n, count(DISTINCT chain_seq) AS d, max(chain_seq) AS m,
            sum(hash = '') AS unsealed FROM case_events WHERE agency_id = ?`,
  )
    .bind(AGENCY)
    .first<{ n: number; d: number; m: number; unsealed: number }>())!
}

async function burst(n: number) {
  const settled = await Promise.allSettled(Array.from({ length: n }, () => newCase(submittedAt)))
  expect(settled.filter((s) => s.status === 'rejected')).toEqual([])
}

describe('sealing the case-event chain', () => {
  it('appends a burst at gapless positions, reports it unsealed with its lag, then seals it', async () => {
    await sealAllChains(db, now)
    const before = await verifyAgencyChain(db, AGENCY, now)
    expect(before).toMatchObject({ ok: true, unsealed: { events: 0, lagMs: null } })

    await burst(12)
    const p = await positions()
    expect(p).toEqual({ n: p.m, d: p.m, m: before.eventsChecked + 12, unsealed: 12 })
    expect(await verifyAgencyChain(db, AGENCY, now)).toEqual({
      agencyId: AGENCY,
      ok: true,
      eventsChecked: before.eventsChecked,
      firstProblem: null,
      unsealed: { events: 12, oldestAt: submittedAt, lagMs: now - submittedAt },
    })

    // The cron's sealing pass hashes them; everything verifies.
    expect(await sealAllChains(db, now)).toBe(12)
    expect((await positions()).unsealed).toBe(0)
    expect(await verifyAgencyChain(db, AGENCY, now)).toMatchObject({
      ok: true,
      eventsChecked: before.eventsChecked + 12,
      unsealed: { events: 0, oldestAt: null, lagMs: null },
    })
    const head = await env.DB.prepare('SELECT chain_seq, appended_seq FROM audit_heads WHERE agency_id = ?')
      .bind(AGENCY)
      .first<{ chain_seq: number; appended_seq: number }>()
    expect(head).toEqual({ chain_seq: p.m, appended_seq: p.m })
  })

  it('lets parallel sealers seal each event exactly once, and a later edit of a sealed event is found', async () => {
    await burst(8)
    const sealedCounts = await Promise.all([1, 2, 3].map(() => sealAgencyChain(db, AGENCY, now)))
    expect(sealedCounts.reduce((a, b) => a + b, 0)).toBe(8)
    const result = await verifyAgencyChain(db, AGENCY, now)
    expect(result).toMatchObject({ ok: true, unsealed: { events: 0 } })

    const last = (await env.DB.prepare(
      'SELECT id, chain_seq, payload FROM case_events WHERE agency_id = ? ORDER BY chain_seq DESC LIMIT 1',
    )
      .bind(AGENCY)
      .first<{ id: string; chain_seq: number; payload: string }>())!
    await env.DB.prepare('UPDATE case_events SET payload = ? WHERE id = ?')
      .bind('{"forged":true}', last.id)
      .run()
    try {
      expect((await verifyAgencyChain(db, AGENCY, now)).firstProblem).toEqual({
        chainSeq: last.chain_seq,
        eventId: last.id,
        problem: 'hash_mismatch',
      })
    } finally {
      await env.DB.prepare('UPDATE case_events SET payload = ? WHERE id = ?')
        .bind(last.payload, last.id)
        .run()
    }
  })

  it('finds a deleted unsealed tail and a hash forged past the sealed head, and never seals across a hole', async () => {
    await sealAllChains(db, now)
    await burst(3)
    const tail = (await env.DB.prepare(
      'SELECT * FROM case_events WHERE agency_id = ? ORDER BY chain_seq DESC LIMIT 3',
    )
      .bind(AGENCY)
      .all<Record<string, string | number | null>>())!.results
    const [newest, middle] = tail as [Record<string, string | number | null>, Record<string, string | number>]
    expect(newest.hash).toBe(UNSEALED)

    const restore = async (row: Record<string, string | number | null>) => {
      const cols = Object.keys(row)
      await env.DB.prepare(
        `INSERT INTO case_events (${cols.join(', ')}) VALUES (${cols.map((_, i) => `?${i + 1}`).join(', ')})`,
      )
        .bind(...cols.map((c) => row[c]))
        .run()
    }

    // The newest unsealed event deleted: the append counter still counts it.
    await env.DB.prepare('DELETE FROM case_events WHERE id = ?').bind(newest.id).run()
    expect((await verifyAgencyChain(db, AGENCY, now)).firstProblem).toEqual({
      chainSeq: newest.chain_seq,
      eventId: null,
      problem: 'gap',
    })
    await restore(newest)

    // A hash written past the sealed head (not by the sealer, which moves the head with it).
    await env.DB.prepare('UPDATE case_events SET hash = ? WHERE id = ?').bind('f'.repeat(64), middle.id).run()
    expect((await verifyAgencyChain(db, AGENCY, now)).firstProblem).toMatchObject({
      chainSeq: middle.chain_seq,
      problem: 'prev_mismatch',
    })
    await env.DB.prepare(`UPDATE case_events SET hash = '' WHERE id = ?`).bind(middle.id).run()

    // A hole inside the unsealed tail: the sealer stops before it, the verifier names the event after it.
    await env.DB.prepare('DELETE FROM case_events WHERE id = ?').bind(middle.id).run()
    expect(await sealAgencyChain(db, AGENCY, now)).toBe(1)
    expect((await verifyAgencyChain(db, AGENCY, now)).firstProblem).toEqual({
      chainSeq: newest.chain_seq,
      eventId: newest.id,
      problem: 'gap',
    })

    // With the event back the rest seals and the chain verifies again.
    await restore(middle)
    expect(await sealAgencyChain(db, AGENCY, now)).toBe(2)
    expect(await verifyAgencyChain(db, AGENCY, now)).toMatchObject({ ok: true, unsealed: { events: 0 } })
  })
})
