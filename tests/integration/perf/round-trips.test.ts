// The hot paths' D1 round trips, counted statement by statement (the bench counts the same at the binding): an action
// reads its case, the applicant's submission and the closed report years in one batch, and its agency from the
// per-isolate cache that the request's calendar stamp query confirms — and a change of the agency's settings made
// anywhere (here: straight in D1, as another isolate would) is seen by the very next request.
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { json } from '../helpers'
import { faultyD1, send } from '../proofs/faults'
import { at, newCase, token } from '../workflow/case-helpers'

const AGENCY = 'agency-demo'
const NOW = at('2025-05-06', 11)

/** confirm-receipt (it signs the 登记回执, so it needs the agency's letter settings and the applicant) on a new case. */
async function confirmReceipt() {
  const { caseId } = await newCase(at('2025-05-06', 9))
  const counting = faultyD1(env.DB, Number.POSITIVE_INFINITY, 'error')
  const res = await send(
    `/api/v1/cases/${caseId}/actions/confirm-receipt`,
    json(
      { version: 1, channel: 'online', receivedOn: '2025-05-06' },
      { token: await token('registrar'), headers: { 'x-test-now': String(NOW) } },
    ),
    { DB: counting.db },
  )
  expect(res.status).toBe(200)
  const letter = (await env.DB.prepare('SELECT number FROM letters WHERE case_id = ?1 AND number IS NOT NULL')
    .bind(caseId)
    .first()) as { number: string } | null
  return { trace: counting.state.trace, number: letter?.number ?? '' }
}

const readsOf = (trace: string[], table: string) =>
  trace.filter((q) => !q.startsWith('batch:') && new RegExp(`from "${table}"`).test(q))

describe('a workflow action', () => {
  let settingsBefore: string
  beforeAll(async () => {
    const row = (await env.DB.prepare('SELECT settings FROM agencies WHERE id = ?1')
      .bind(AGENCY)
      .first()) as {
      settings: string
    }
    settingsBefore = row.settings
    await confirmReceipt() // this isolate has now read the agency under the current revision
  })

  it('reads its case, submission and closed years in one batch and its agency from the isolate (5 round trips)', async () => {
    const { trace } = await confirmReceipt()
    const caseBatch = trace.find((q) => q.startsWith('batch:') && q.includes('from "cases"'))
    expect(caseBatch).toContain('from "submissions"')
    expect(caseBatch).toContain('from "report_closures"')
    expect(readsOf(trace, 'submissions')).toEqual([])
    expect(readsOf(trace, 'report_closures')).toEqual([])
    expect(trace.filter((q) => q.includes('from "agencies"'))).toEqual([])
    // The revisions that confirm the cache come in the calendar stamp query, not a query of their own.
    expect(trace.filter((q) => q.includes('cache_revisions'))).toHaveLength(1)
    expect(trace.find((q) => q.includes('cache_revisions'))).toContain('calendar_years')
    // session, calendar stamps (+ revisions), case batch, 文号 hold, the transition's batch
    expect(trace.length).toBeLessThanOrEqual(5)
  })

  it('sees a settings change made in another isolate on the next request', async () => {
    const prefix = '缓存验证'
    expect((await confirmReceipt()).number).not.toContain(prefix)
    const settings = JSON.parse(settingsBefore) as { letters?: Record<string, unknown> }
    // Straight in D1, bypassing every service: only the trigger-kept revision can tell this isolate.
    await env.DB.prepare('UPDATE agencies SET settings = ?1 WHERE id = ?2')
      .bind(JSON.stringify({ ...settings, letters: { ...settings.letters, numberPrefix: prefix } }), AGENCY)
      .run()
    try {
      const after = await confirmReceipt()
      expect(after.number).toContain(prefix)
      expect(after.trace.filter((q) => q.includes('from "agencies"'))).toHaveLength(1)
    } finally {
      await env.DB.prepare('UPDATE agencies SET settings = ?1 WHERE id = ?2')
        .bind(settingsBefore, AGENCY)
        .run()
    }
    // Restored, and seen as restored at once.
    expect((await confirmReceipt()).number).not.toContain(prefix)
  })
})
