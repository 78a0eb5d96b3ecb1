// Issue 11, Prove 2: concurrency. N parallel submissions under one idempotency key make one case; the cron run
// twice in parallel lapses a case once and writes each reminder once. (Two staff on one version: see
// tests/integration/workflow/concurrency.test.ts, one 200, one 409, one event.)
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { runScheduled } from '../../../workers/index'
import { call, json } from '../helpers'
import { at, eventCount, newCase, ok, openAndAssign } from '../workflow/case-helpers'

const API = '/api/v1/agencies/demo/forms/disclosure/submissions'
const BODY = {
  applicantType: 'natural_person',
  name: '孙八',
  idDocument: { type: 'resident_id', number: '11010519491231002X' },
  informationDescription: '示范县2025年政府采购目录',
  carrier: 'electronic',
  deliveryMethod: 'download',
  phone: '13800138000',
  declaration: true,
}

async function count(sql: string, ...args: unknown[]): Promise<number> {
  return (
    (
      await env.DB.prepare(sql)
        .bind(...args)
        .first<{ n: number }>()
    )?.n ?? 0
  )
}

describe('concurrency', () => {
  it('8 parallel submissions under one Idempotency-Key make exactly one submission and one case', async () => {
    const before = await count('SELECT count(*) AS n FROM submissions')
    const responses = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        call(
          API,
          json(BODY, {
            headers: { 'idempotency-key': 'parallel-key-0001', 'cf-connecting-ip': `192.0.2.${i + 1}` },
          }),
        ),
      ),
    )
    const statuses = responses.map((r) => r.status)
    expect(
      statuses.every((s) => s === 200 || s === 201),
      String(statuses),
    ).toBe(true)
    const references = new Set(
      await Promise.all(responses.map(async (r) => ((await r.json()) as { reference: string }).reference)),
    )
    expect(references.size).toBe(1)
    expect(await count('SELECT count(*) AS n FROM submissions')).toBe(before + 1)
    const reference = [...references][0]
    expect(
      await count(
        'SELECT count(*) AS n FROM cases c JOIN submissions s ON s.id = c.submission_id WHERE s.reference = ?',
        reference,
      ),
    ).toBe(1)
  })

  it('the cron run twice in parallel lapses a case once and writes each reminder once', async () => {
    const lapsing = await newCase(at('2024-09-27', 9))
    await ok(
      lapsing.caseId,
      'registrar',
      'confirm-receipt',
      { channel: 'online', receivedOn: '2024-09-27' },
      at('2024-09-27', 11),
    )
    await ok(
      lapsing.caseId,
      'registrar',
      'request-correction',
      { items: ['请补充'], windowWorkingDays: 5 },
      at('2024-10-08'),
    )
    const reminded = await newCase(at('2024-09-27', 9))
    await openAndAssign(reminded.caseId, '2024-09-27')
    const eventsBefore = await eventCount(lapsing.caseId)
    const outboxBefore = await count('SELECT count(*) AS n FROM outbox')

    const runs = await Promise.all([
      runScheduled(env, at('2024-10-24', 1)),
      runScheduled(env, at('2024-10-24', 1)),
    ])
    const lapses = runs.flatMap((r) => r.sweep?.actions ?? []).filter((a) => a.caseId === lapsing.caseId)
    expect(lapses).toEqual([{ caseId: lapsing.caseId, action: 'correction-lapsed' }])
    expect(await eventCount(lapsing.caseId)).toBe(eventsBefore + 1)
    // Each outbox row written once: no dedup id twice.
    const duplicates = await count(
      'SELECT count(*) AS n FROM (SELECT dedup_id FROM outbox GROUP BY dedup_id HAVING count(*) > 1)',
    )
    expect(duplicates).toBe(0)
    const reminders = await count(
      "SELECT count(*) AS n FROM outbox WHERE kind LIKE '%due%' AND payload LIKE ?",
      `%${reminded.caseId}%`,
    )
    expect(reminders).toBeGreaterThan(0)
    expect(await count('SELECT count(*) AS n FROM outbox')).toBeGreaterThan(outboxBefore)
    // A third run writes nothing new.
    const outboxAfter = await count('SELECT count(*) AS n FROM outbox')
    await runScheduled(env, at('2024-10-24', 2))
    expect(await count('SELECT count(*) AS n FROM outbox')).toBe(outboxAfter)
  })
})
