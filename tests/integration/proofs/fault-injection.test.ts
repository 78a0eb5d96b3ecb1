// Issue 11, Prove 1: storage faults. A D1 wrapper fails (or "times out" after executing) the Nth statement of a
// request, for every N the request uses; R2 fails a write. The client always gets a clear 503 or 4xx (never a 500,
// never internals), no partial rows are left, and a retry with the same idempotency key
// succeeds exactly once. (Workflow actions: fault-injection-actions.test.ts.)
import { env } from 'cloudflare:workers'
import { describe, expect, it, vi } from 'vitest'
import { createDb } from '../../../db/client'
import type { Bindings } from '../../../workers/env'
import { toAppError } from '../../../workers/errors'
import { loadKeyring } from '../../../workers/lib/pii'
import { storeUpload } from '../../../workers/services/uploads'
import { json } from '../helpers'
import { clearFailure, faultyD1, partialRows, send } from './faults'

async function count(sql: string): Promise<number> {
  return (await env.DB.prepare(sql).first<{ n: number }>())?.n ?? 0
}

async function expectClearFailure(res: Response) {
  expect(await clearFailure(res)).toBeNull()
}

/** A valid resident ID number for `serial` (so the per-applicant limit never bites in the loop). */
function idNumber(serial: number): string {
  const body = `11010119900307${String(1000 + serial).slice(1)}`
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  let s = 0
  for (let i = 0; i < 17; i++) s += Number(body[i]) * w[i]!
  return body + '10X98765432'[s % 11]
}

function submission(serial: number) {
  return {
    applicantType: 'natural_person',
    name: '钱七',
    idDocument: { type: 'resident_id', number: idNumber(serial) },
    informationDescription: `示范县2025年决算（${serial}）`,
    carrier: 'electronic',
    deliveryMethod: 'download',
    phone: '13800138000',
    declaration: true,
  }
}

const API = '/api/v1/agencies/demo/forms/disclosure/submissions'
let client = 1

function submit(body: unknown, key: string, bindings: Partial<Bindings> = {}) {
  const headers = { 'idempotency-key': key, 'cf-connecting-ip': `192.0.2.${client++ % 250}` }
  return send(API, json(body, { headers }), bindings)
}

describe('fault injection: a submission', () => {
  for (const mode of ['error', 'timeout'] as const) {
    it(`fails cleanly at every statement (${mode}) and a retry with the same key makes exactly one case`, async () => {
      const logged: string[] = []
      const spy = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
        logged.push(args.map(String).join(' '))
      })
      let statements = 0
      for (let failAt = 1; failAt < 60; failAt++) {
        const key = `fault-${mode}-${failAt}`
        const body = submission(failAt + (mode === 'error' ? 0 : 100))
        const before = await count('SELECT count(*) AS n FROM submissions')
        const faulty = faultyD1(env.DB, failAt, mode)
        const res = await submit(body, key, { DB: faulty.db })
        if (!faulty.state.fired) {
          // Past the last statement: the request ran clean.
          expect(res.status).toBe(201)
          statements = failAt - 1
          break
        }
        if (res.status !== 201) await expectClearFailure(res)
        expect(await partialRows()).toBe(0)
        const after = await count('SELECT count(*) AS n FROM submissions')
        if (mode === 'error' || res.status !== 201) expect(after - before).toBeLessThanOrEqual(1)
        // The retry: one submission for the key, whatever the faulty attempt left.
        const retry = await submit(body, key)
        expect([200, 201]).toContain(retry.status)
        const again = await submit(body, key)
        expect(again.status).toBe(200)
        expect(((await again.json()) as { reference: string }).reference).toBe(
          ((await retry.json()) as { reference: string }).reference,
        )
        expect(await count('SELECT count(*) AS n FROM submissions')).toBe(before + 1)
        expect(await partialRows()).toBe(0)
      }
      spy.mockRestore()
      // The loop really covered every statement of the request.
      expect(statements).toBeGreaterThan(3)
      // Internals went to the log, keyed by request id, without the queries' parameters (personal data).
      expect(logged.length).toBeGreaterThan(0)
      expect(logged.join('\n')).not.toMatch(/params: (?!\(omitted\))/)
      expect(logged.join('\n')).not.toContain(idNumber(1))
    }, 120_000)
  }

  it('an R2 failure storing an upload is a clear 503 with no attachment row', async () => {
    const files = {
      put: async () => Promise.reject(new Error('R2 put failed (injected)')),
      get: async () => null,
      delete: async () => {},
    }
    const before = await count('SELECT count(*) AS n FROM attachments')
    const png = new Uint8Array([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
    ])
    const failure = await storeUpload(
      {
        db: createDb(env.DB),
        files,
        keyring: () => loadKeyring(env.PII_KEYS, env.PII_ACTIVE_KEY),
        now: Date.now(),
      },
      'agency-demo',
      new File([png], 'id.png', { type: 'image/png' }),
      { maxBytes: 1024, accept: ['image/png'] },
    ).catch((err: unknown) => err)
    // What the error handler answers with: 503, the generic message, nothing of the cause.
    const answer = toAppError(failure)
    expect(answer.status).toBe(503)
    expect(answer.message).toContain('服务暂时不可用')
    expect(answer.message).not.toContain('R2')
    expect(await count('SELECT count(*) AS n FROM attachments')).toBe(before)
  })
})

// Workflow actions: every action of every workflow, in fault-injection-actions.test.ts.
