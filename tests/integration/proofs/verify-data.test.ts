// Issue 11, Prove 7: the operator's data self-check (`npm run verify-data`) on a real database and bucket. A clean
// deployment passes; each kind of damage — an edited event, an edited audit row, a stored deadline that no longer
// matches its events or its calendar, a missing or an orphaned file, a stuck or failed notification — is named, and
// passes again once repaired.
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { createDb } from '../../../db/client'
import {
  type DataProblemKind,
  DEFAULT_VERIFY_OPTIONS,
  verifyData,
} from '../../../workers/services/verify-data'
import { call } from '../helpers'
import { at, newCase, openAndAssign } from '../workflow/case-helpers'

const PNG = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
])

async function upload(): Promise<string> {
  const form = new FormData()
  form.append('file', new File([PNG], 'id.png', { type: 'image/png' }))
  const res = await call('/api/v1/agencies/demo/forms/disclosure/attachments', { method: 'POST', body: form })
  expect(res.status).toBe(201)
  return ((await res.json()) as { id: string }).id
}

async function check(now = Date.now()) {
  return verifyData(createDb(env.DB), env.FILES, { ...DEFAULT_VERIFY_OPTIONS, now })
}

/** The problems found, as `kind subject`. */
async function found(now?: number): Promise<string[]> {
  return (await check(now)).problems.map((p) => `${p.kind} ${p.subject}`)
}

function sql(query: string, ...params: unknown[]) {
  return env.DB.prepare(query)
    .bind(...params)
    .run()
}

/** Change the national calendar behind the app's back (no recompute): what a hand edit of D1 would do. */
async function setHolidayBehindTheAppsBack(on: boolean) {
  if (on)
    await sql(
      `INSERT INTO calendar_days (date, year, is_workday, name, source, updated_at) VALUES ('2025-06-10', 2025, 0, '手改', 'manual', ?)`,
      Date.now(),
    )
  else await sql(`DELETE FROM calendar_days WHERE date = '2025-06-10'`)
  // The calendar is cached by the year's updated_at, as every real edit bumps it.
  await sql('UPDATE calendar_years SET updated_at = updated_at + 1 WHERE year = 2025')
}

let caseId = ''
let fileId = ''

describe('npm run verify-data', () => {
  beforeAll(async () => {
    caseId = (await newCase(at('2025-06-03', 9))).caseId
    await openAndAssign(caseId, '2025-06-03')
    await newCase(at('2025-06-04', 9)) // open, not yet received: no deadline
    fileId = await upload()
    // The cron delivered the notifications the cases wrote (no gateway in tests).
    await sql(`UPDATE outbox SET status = 'sent', sent_at = ?`, Date.now())
  })

  it('passes a clean deployment and counts what it read', async () => {
    const report = await check()
    expect(report.problems).toEqual([])
    expect(report.ok).toBe(true)
    expect(report.checked.caseEvents).toBeGreaterThan(3)
    expect(report.checked.auditLogRows).toBeGreaterThan(0)
    expect(report.checked.openCases).toBe(2)
    expect(report.checked.fileRows).toBeGreaterThan(0)
    expect(report.checked.storedObjects).toBe(report.checked.fileRows)
  })

  it('names an edited case event', async () => {
    const row = await env.DB.prepare('SELECT payload FROM case_events WHERE case_id = ? AND seq = 2')
      .bind(caseId)
      .first<{ payload: string }>()
    await sql(`UPDATE case_events SET payload = '{}' WHERE case_id = ? AND seq = 2`, caseId)
    const report = await check()
    expect(report.ok).toBe(false)
    expect(report.problems.map((p) => `${p.kind} ${p.subject}`)).toEqual([
      'case_chain case events of agency-demo',
    ])
    expect(report.problems[0]!.detail).toMatch(/^hash_mismatch at position \d+, row /)
    await sql('UPDATE case_events SET payload = ? WHERE case_id = ? AND seq = 2', row!.payload, caseId)
    expect(await found()).toEqual([])
  })

  it('names an edited staff audit-log row', async () => {
    const row = await env.DB.prepare(
      `SELECT id, actor_id FROM audit_log WHERE agency_id = 'agency-demo' AND seq IS NOT NULL ORDER BY seq LIMIT 1`,
    ).first<{ id: number; actor_id: string }>()
    await sql('UPDATE audit_log SET actor_id = ? WHERE id = ?', 'user-tampered', row!.id)
    expect(await found()).toEqual(['audit_log_chain audit log of agency-demo'])
    await sql('UPDATE audit_log SET actor_id = ? WHERE id = ?', row!.actor_id, row!.id)
    expect(await found()).toEqual([])
  })

  it('names a case whose stored deadline differs from its recomputed clock', async () => {
    const before = await env.DB.prepare('SELECT due_on, snapshot FROM cases WHERE id = ?')
      .bind(caseId)
      .first<{ due_on: string; snapshot: string }>()
    expect(before!.due_on).toBe('2025-07-01')
    // The indexed column edited.
    await sql(`UPDATE cases SET due_on = '2025-07-03' WHERE id = ?`, caseId)
    const report = await check()
    expect(report.problems.map((p) => `${p.kind} ${p.subject}`)).toEqual([`due_date_mismatch case ${caseId}`])
    expect(report.problems[0]!.detail).toBe('due_on 2025-07-03, recomputed 2025-07-01')
    await sql('UPDATE cases SET due_on = ? WHERE id = ?', before!.due_on, caseId)
    // The snapshot's clock edited.
    await sql(
      `UPDATE cases SET snapshot = json_set(snapshot, '$.clock.replyDueOn', '2025-07-09') WHERE id = ?`,
      caseId,
    )
    expect((await check()).problems.map((p) => p.detail)).toEqual([
      'snapshot: reply 2025-07-09, correction —, pause ends —, waiting for year —; recomputed: reply 2025-07-01, correction —, pause ends —, waiting for year —',
    ])
    await sql('UPDATE cases SET snapshot = ? WHERE id = ?', before!.snapshot, caseId)
    // The calendar edited without the recompute every real edit runs: the stored date is now a day early.
    await setHolidayBehindTheAppsBack(true)
    expect((await check()).problems.map((p) => p.detail)).toEqual([
      'snapshot: reply 2025-07-01, correction —, pause ends —, waiting for year —; recomputed: reply 2025-07-02, correction —, pause ends —, waiting for year —; due_on 2025-07-01, recomputed 2025-07-02',
    ])
    await setHolidayBehindTheAppsBack(false)
    expect(await found()).toEqual([])
  })

  it('names a row whose file is missing from storage, and a stored file no row names', async () => {
    const key = `attachments/agency-demo/${fileId}`
    const bytes = await (await env.FILES.get(key))!.arrayBuffer()
    await env.FILES.delete(key)
    expect(await found()).toEqual([`file_missing attachment ${fileId}`])
    await env.FILES.put(key, bytes)
    expect(await found()).toEqual([])

    await env.FILES.put('letters/agency-demo/stray.docx', new Uint8Array([1, 2, 3]))
    // Fresh: may be a letter whose signing batch is still running.
    expect(await found()).toEqual([])
    // An hour later it is an orphan.
    expect(await found(Date.now() + DEFAULT_VERIFY_OPTIONS.orphanGraceMs + 60_000)).toEqual([
      'file_orphan letters/agency-demo/stray.docx',
    ])
    await env.FILES.delete('letters/agency-demo/stray.docx')
    expect(await found()).toEqual([])
  })

  it('names a notification the cron left behind and one that failed its last retry', async () => {
    const now = Date.now()
    const row = (id: string, status: string, nextAttemptAt: number) =>
      sql(
        `INSERT INTO outbox (id, agency_id, kind, channel, recipient, payload, status, attempts, next_attempt_at, dedup_id, last_error, created_at)
         VALUES (?, 'agency-demo', 'case_received', 'applicant', 'case:x', '{}', ?, 3, ?, ?, 'gateway 502', ?)`,
        id,
        status,
        nextAttemptAt,
        `dedup-${id}`,
        now,
      )
    await row('ob-recent', 'pending', now - 10 * 60_000) // the next tick takes it
    await row('ob-stuck', 'pending', now - 2 * 3_600_000)
    await row('ob-failed', 'failed', now - 2 * 3_600_000)
    const report = await check(now)
    const kinds: DataProblemKind[] = report.problems.map((p) => p.kind)
    expect(report.problems.map((p) => `${p.kind} ${p.subject}`)).toEqual([
      'outbox_failed outbox ob-failed',
      'outbox_stuck outbox ob-stuck',
    ])
    expect(kinds).not.toContain('file_orphan')
    expect(report.problems[1]!.detail).toContain('3 attempt(s), last error: gateway 502')
    await sql(`DELETE FROM outbox WHERE id LIKE 'ob-%'`)
    expect(await found()).toEqual([])
  })
})
