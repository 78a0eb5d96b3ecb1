// The hot paths' D1 round trips, counted statement by statement (the bench counts the same at the binding): an action
// reads its case, the applicant's submission and the closed report years in one query, and its agency from the
// per-isolate cache that the request's calendar stamp query confirms; a JSON submission confirms the stamps first,
// takes its agency and form from that cache, and counts and checks its abuse limits inside its one write batch. A change made anywhere (here: straight in D1, as another isolate would)
// is seen by the very next request.
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { addressKey } from '../../../workers/lib/rate-limit'
import { FORM_PRESSURE, SUBMIT_RATE } from '../../../workers/services/intake'
import { fillToCheck, hiddenFields, PERSON } from '../forms/form-helpers'
import { countRows, json } from '../helpers'
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

  it('reads its case, submission and closed years in one query and its agency from the isolate (5 round trips)', async () => {
    const { trace } = await confirmReceipt()
    const caseRead = readsOf(trace, 'cases')
    expect(caseRead).toHaveLength(1)
    expect(caseRead[0]).toContain('left join "submissions"')
    expect(caseRead[0]).toContain('FROM "report_closures"')
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

/** A valid resident ID number (GB 11643 check digit), unique per `n`. */
function residentId(n: number): string {
  const birth = new Date(Date.UTC(1950, 0, 1) + n * 86_400_000).toISOString().slice(0, 10)
  const body = `110105${birth.replaceAll('-', '')}123`
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  const sum = [...body].reduce((s, d, i) => s + Number(d) * weights[i]!, 0)
  return body + '10X98765432'[sum % 11]!
}

let submitted = 0
const PORTAL = 'https://portal.round-trips.example.cn'

/** A JSON submission from `ip` (by default a new address each), expected to answer `status`. */
async function submitJson(ip?: string, status = 201) {
  const n = ++submitted
  const now = at('2025-05-07', 9) + n * 60_000
  const counting = faultyD1(env.DB, Number.POSITIVE_INFINITY, 'error')
  const res = await send(
    '/api/v1/agencies/demo/forms/disclosure/submissions',
    {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        origin: PORTAL,
        'x-test-now': String(now),
        'cf-connecting-ip': ip ?? `10.77.0.${n}`,
      },
      body: JSON.stringify({
        applicantType: 'natural_person',
        name: '李四',
        idDocument: { type: 'resident_id', number: residentId(9000 + n) },
        informationDescription: `示范县2025年政府工作报告（往返计数第${n}份）`,
        carrier: 'electronic',
        deliveryMethod: 'email',
        phone: '13800138000',
        email: 'li@example.cn',
        declaration: true,
      }),
    },
    { DB: counting.db },
  )
  expect(res.status, await res.clone().text()).toBe(status)
  return {
    now,
    res,
    trace: counting.state.trace,
    allowOrigin: res.headers.get('access-control-allow-origin'),
  }
}

describe('a JSON submission', () => {
  beforeAll(async () => {
    // The first stores the built-in forms (a write to form_versions: a new revision); the second reads the agency
    // and the form under the revisions that stay.
    await submitJson()
    await submitJson()
  })

  it('confirms the stamps first and reads neither agency nor form again (one round trip less)', async () => {
    const { trace } = await submitJson()
    expect(trace[0]).toContain('cache_revisions')
    expect(trace[0]).toContain('local_calendar_days')
    expect(trace.filter((q) => q.includes('calendar_years'))).toHaveLength(1)
    expect(trace.filter((q) => q.includes('from "agencies"') || q.includes('from "form_versions"'))).toEqual(
      [],
    )
  })

  it('counts and checks its abuse limits inside its one write batch (2 round trips: stamps, batch)', async () => {
    const { trace } = await submitJson()
    expect(trace).toHaveLength(2)
    const batch = trace[1]!
    expect(batch).toMatch(/^batch: /)
    // Address hit + check, applicant hit + check, the form's pressure checked before its hit, then the writes.
    expect(batch.match(/insert into "rate_limits"/g)).toHaveLength(3)
    expect(batch.match(/insert into "limit_checks"/g)).toHaveLength(3)
    expect(batch.indexOf('limit_checks')).toBeLessThan(batch.indexOf('insert into "submissions"'))
    // No idempotency lookup before it: the (agency, key) index refuses a known key inside the batch.
    expect(trace[0]).not.toContain('submissions')
  })

  const countOf = async (key: string, windowMs: number, now: number) =>
    (
      (await env.DB.prepare('SELECT count FROM rate_limits WHERE key = ?1 AND window_start = ?2')
        .bind(key, now - (now % windowMs))
        .first()) as { count: number } | null
    )?.count ?? 0

  it('is refused by its own batch over the address limit: 429, nothing written, nothing counted', async () => {
    const ip = '10.78.0.1'
    const key = addressKey('submit', ip)
    const next = at('2025-05-07', 9) + (submitted + 1) * 60_000
    await env.DB.prepare('INSERT INTO rate_limits (key, window_start, count) VALUES (?1, ?2, ?3)')
      .bind(key, next - (next % SUBMIT_RATE.windowMs), SUBMIT_RATE.limit)
      .run()
    const before = await countRows('submissions')
    const pressure = await countOf(`submit-form:${AGENCY}:disclosure`, FORM_PRESSURE.windowMs, next)
    const { trace, res, now } = await submitJson(ip, 429)
    expect(now).toBe(next)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('rate_limited')
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(trace).toHaveLength(2)
    expect(await countRows('submissions')).toBe(before)
    expect(await countOf(key, SUBMIT_RATE.windowMs, now)).toBe(SUBMIT_RATE.limit)
    expect(await countOf(`submit-form:${AGENCY}:disclosure`, FORM_PRESSURE.windowMs, now)).toBe(pressure)
  })

  it('is refused by its own batch while the form is under pressure: proof-of-work asked for, nothing written', async () => {
    const key = `submit-form:${AGENCY}:disclosure`
    const next = at('2025-05-07', 9) + (submitted + 1) * 60_000
    const windowStart = next - (next % FORM_PRESSURE.windowMs)
    const before = await countRows('submissions')
    const held = await countOf(key, FORM_PRESSURE.windowMs, next)
    await env.DB.prepare(
      'INSERT INTO rate_limits (key, window_start, count) VALUES (?1, ?2, ?3) ON CONFLICT DO UPDATE SET count = excluded.count',
    )
      .bind(key, windowStart, FORM_PRESSURE.threshold)
      .run()
    try {
      const { trace, res, now } = await submitJson(undefined, 422)
      expect(now).toBe(next)
      expect(JSON.stringify(await res.json())).toContain('pow_required')
      expect(trace).toHaveLength(2)
      expect(await countRows('submissions')).toBe(before)
      expect(await countOf(key, FORM_PRESSURE.windowMs, now)).toBe(FORM_PRESSURE.threshold)
    } finally {
      await env.DB.prepare('UPDATE rate_limits SET count = ?1 WHERE key = ?2 AND window_start = ?3')
        .bind(held, key, windowStart)
        .run()
    }
  })

  it('sees a change of its agency made in another isolate on the next request', async () => {
    expect((await submitJson()).allowOrigin).toBeNull()
    const before = (await env.DB.prepare('SELECT embed_origins AS o FROM agencies WHERE id = ?1')
      .bind(AGENCY)
      .first()) as { o: string }
    await env.DB.prepare('UPDATE agencies SET embed_origins = ?1 WHERE id = ?2')
      .bind(JSON.stringify([...(JSON.parse(before.o) as string[]), PORTAL]), AGENCY)
      .run()
    try {
      const after = await submitJson()
      expect(after.allowOrigin).toBe(PORTAL)
      expect(after.trace.filter((q) => q.includes('from "agencies"'))).toHaveLength(1)
    } finally {
      await env.DB.prepare('UPDATE agencies SET embed_origins = ?1 WHERE id = ?2')
        .bind(before.o, AGENCY)
        .run()
    }
    expect((await submitJson()).allowOrigin).toBeNull()
  })
})

describe('an HTML form submission', () => {
  const PATH = '/demo/forms/disclosure'
  let day = 0

  /** Walk a new draft to its check page, then submit it through the counting D1. */
  async function submitHtml() {
    day++
    const { html, now } = await fillToCheck(PATH, PERSON, at('2025-05-08', 9) + day * 86_400_000)
    const body = new URLSearchParams(hiddenFields(html))
    body.set('_nav', 'submit')
    const counting = faultyD1(env.DB, Number.POSITIVE_INFINITY, 'error')
    const res = await send(
      PATH,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-test-now': String(now + 5_000) },
        body: body.toString(),
      },
      { DB: counting.db },
    )
    expect(res.status).toBe(303)
    return counting.state.trace
  }

  beforeAll(async () => {
    await submitHtml() // the calendar, agency and form are now this isolate's, under the current revisions
  })

  it('takes agency and form from the isolate and closes its draft in the one write batch (4 round trips)', async () => {
    const trace = await submitHtml()
    expect(trace[0]).toContain('cache_revisions')
    expect(trace.filter((q) => q.includes('from "agencies"') || q.includes('from "form_versions"'))).toEqual(
      [],
    )
    const batch = trace.at(-1)!
    expect(batch).toMatch(/^batch: /)
    expect(batch).toContain('insert into "limit_checks"')
    expect(batch).toContain('update "form_drafts" set "data"')
    // stamps (+ revisions), the page-post limit, the draft, the batch
    expect(trace).toHaveLength(4)
  })
})
