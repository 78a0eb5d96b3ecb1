// `npm run bench:load` (issue 11, Prove 6): sustained load on loopback for a fixed period — citizens submitting the
// disclosure form (JSON API) while staff page, filter and search the case list — then proof that nothing was lost or
// doubled: every accepted submission is in D1 exactly once with exactly one case and is found by the public tracking
// API with its own query code, no row appeared that was not acknowledged, and the agency's audit chains verify
// through the product's own route (GET /api/v1/audit/verify, which runs whatever sealing the design requires first).
// The Worker is the one `npm run deploy` uploads (wrangler deploy --dry-run), under Miniflare's Node API.
//
// Environment: LOAD_SECONDS (30), LOAD_SUBMITTERS (10 connections), LOAD_STAFF (5 connections), LOAD_CASES (10000
// seeded cases under the lists). Exits non-zero on a lost, doubled or unacknowledged submission, a chain that does not
// verify, a 5xx, or more dropped requests than connections (the generator drops those in flight when the period
// ends; the Worker still answers them and they are counted). Refusals under contention (409, 429) are reported.
import { mkdtempSync, rmSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import path from 'node:path'
import type { Miniflare } from 'miniflare'
import { positiveInt } from './env'
import {
  type AutocannonRequest,
  type AutocannonResult,
  assertLoopback,
  autocannon,
  d1Stats,
  jsonSubmission,
  nextClientIp,
  type Stats,
  staffHeaders,
  staffLogin,
  startRuntime,
} from './harness'
import { seedCases } from './seed'
import { buildProduct } from './workers'

const SECONDS = positiveInt('LOAD_SECONDS', 30)
const SUBMITTERS = positiveInt('LOAD_SUBMITTERS', 10)
const STAFF = positiveInt('LOAD_STAFF', 5)
const CASES = positiveInt('LOAD_CASES', 10_000)

interface Accepted {
  reference: string
  queryCode: string
}

const failures: string[] = []
const stateDir = mkdtempSync(path.join(tmpdir(), 'gov-load-'))
let mf: Miniflare | null = null
function stopMiniflare(): Promise<void> {
  return mf?.dispose() ?? Promise.resolve()
}

const fmt = (n: number, digits = 0) =>
  Number.isFinite(n)
    ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : '—'

/** Status counts as `201 × 1,234, 409 × 3`. */
function statuses(r: AutocannonResult): string {
  return Object.entries(r.statusCodeStats)
    .map(([code, { count }]) => `${code} × ${fmt(count)}`)
    .join(', ')
}

async function main(): Promise<number> {
  const started = performance.now()
  process.stderr.write('building: wrangler deploy --dry-run\n')
  const product = buildProduct(path.join(stateDir, 'dist'))
  const runtime = await startRuntime(stateDir, product, null)
  mf = runtime.mf
  const { productUrl, db } = runtime
  assertLoopback(productUrl)
  process.stderr.write(`seeding ${fmt(CASES)} cases\n`)
  await seedCases(db, 0, CASES, '2026-11-01')
  const registrar = await staffLogin(productUrl, 'demo-registrar')
  const auditor = await staffLogin(productUrl, 'demo-auditor')

  // The staff mix: first pages in both orders, filters, a search, and keyset pages further on.
  const listPaths = [
    '',
    '&sort=received',
    '&overdue=true',
    '&state=in_progress',
    '&assignee=me',
    '&dueSoon=true',
  ]
  const queries = listPaths.map((q) => `/api/v1/cases?limit=20${q}`)
  queries.push(`/api/v1/cases?limit=20&q=${encodeURIComponent('补偿安置')}`)
  let cursor = ''
  for (let page = 0; page < 10; page++) {
    const res = await fetch(`${productUrl}/api/v1/cases?limit=20${cursor}`, {
      headers: staffHeaders(registrar),
    })
    const next = ((await res.json()) as { nextCursor: string | null }).nextCursor
    if (!next) break
    cursor = `&cursor=${encodeURIComponent(next)}`
    queries.push(`/api/v1/cases?limit=20${cursor}`)
  }

  const count = async () =>
    (await db
      .prepare(`SELECT (SELECT count(*) FROM submissions) AS s, (SELECT count(*) FROM cases) AS c`)
      .first<{ s: number; c: number }>())!
  const before = await count()
  await d1Stats(productUrl)

  const accepted: Accepted[] = []
  let unreadable = 0
  process.stderr.write(
    `load: ${SUBMITTERS} connections submitting and ${STAFF} listing for ${SECONDS} s on ${productUrl}\n`,
  )
  const t0 = performance.now()
  const [submitted, listed] = await Promise.all([
    autocannon({
      url: productUrl,
      connections: SUBMITTERS,
      duration: SECONDS,
      timeout: 30,
      requests: [
        {
          setupRequest: (req: AutocannonRequest) => ({ ...req, ...jsonSubmission() }),
          onResponse: (status: number, body: string) => {
            if (status !== 201) return
            try {
              const { reference, queryCode } = JSON.parse(body) as Accepted
              accepted.push({ reference, queryCode })
            } catch {
              unreadable++
            }
          },
        },
      ],
    }),
    autocannon({
      url: productUrl,
      connections: STAFF,
      duration: SECONDS,
      timeout: 30,
      headers: staffHeaders(registrar),
      requests: queries.map((p) => ({ method: 'GET', path: p })),
    }),
  ])
  // Let requests the load generator stopped waiting for finish before counting rows.
  let served: Stats = await d1Stats(productUrl)
  for (let waited = 0; served.inFlight > 0 && waited < 120; waited++) {
    await new Promise((resolve) => setTimeout(resolve, 500))
    const more = await d1Stats(productUrl)
    served = {
      ...more,
      requests: served.requests + more.requests,
      ok2xx: served.ok2xx + more.ok2xx,
      created201: served.created201 + more.created201,
    }
  }
  const elapsed = (performance.now() - t0) / 1000

  // ---- integrity ----
  const after = await count()
  const references = accepted.map((a) => a.reference)
  const distinct = new Set(references)
  if (unreadable > 0)
    failures.push(`${unreadable} accepted submissions answered without a readable reference`)
  if (distinct.size !== references.length) {
    failures.push(`${references.length - distinct.size} references were handed out twice`)
  }
  // The Worker's own count of 201s includes those the load generator stopped waiting for when the period ended: every
  // new row must be one of them, and every 201 a client read must be one of the rows (checked one by one below).
  if (after.s - before.s !== served.created201 || after.c - before.c !== served.created201) {
    failures.push(
      `the Worker answered 201 ${fmt(served.created201)} times, but ${fmt(after.s - before.s)} new submissions and ` +
        `${fmt(after.c - before.c)} new cases`,
    )
  }
  let storedOnce = 0
  // D1 binds at most 100 parameters per statement.
  for (let i = 0; i < references.length; i += 90) {
    const chunk = references.slice(i, i + 90)
    const { results } = await (
      db as unknown as {
        prepare(sql: string): {
          bind(...v: unknown[]): { all<T>(): Promise<{ results: T[] }> }
        }
      }
    )
      .prepare(
        `SELECT s.reference AS reference, count(DISTINCT s.id) AS submissions, count(c.id) AS cases
         FROM submissions s LEFT JOIN cases c ON c.submission_id = s.id
         WHERE s.reference IN (${chunk.map(() => '?').join(', ')}) GROUP BY s.reference`,
      )
      .bind(...chunk)
      .all<{ reference: string; submissions: number; cases: number }>()
    const rows = new Map(results.map((r) => [r.reference, r]))
    for (const reference of chunk) {
      const row = rows.get(reference)
      if (row?.submissions === 1 && row.cases === 1) storedOnce++
      else failures.push(`${reference}: ${row?.submissions ?? 0} submissions, ${row?.cases ?? 0} cases in D1`)
    }
  }
  // Each applicant finds their own request through the public API (their address differs, as in life).
  let tracked = 0
  for (const a of accepted) {
    const res = await fetch(
      `${productUrl}/api/v1/track?reference=${encodeURIComponent(a.reference)}&code=${encodeURIComponent(a.queryCode)}`,
      { headers: { 'x-real-ip': nextClientIp() } },
    )
    if (res.status === 200) tracked++
    else failures.push(`tracking ${a.reference}: ${res.status} ${(await res.text()).slice(0, 200)}`)
  }
  const verifyRes = await fetch(`${productUrl}/api/v1/audit/verify?agency=demo`, {
    headers: staffHeaders(auditor),
  })
  const verify = (await verifyRes.json()) as {
    ok?: boolean
    eventsChecked?: number
    auditLog?: { ok?: boolean }
  }
  if (verifyRes.status !== 200 || verify.ok !== true) {
    failures.push(`GET /api/v1/audit/verify?agency=demo: ${verifyRes.status} ${JSON.stringify(verify)}`)
  }

  for (const [label, r] of [
    ['submissions', submitted],
    ['staff lists', listed],
  ] as const) {
    const serverErrors = Object.entries(r.statusCodeStats)
      .filter(([code]) => Number(code) >= 500)
      .reduce((n, [, { count }]) => n + count, 0)
    // At the end of the period the generator drops the requests still in flight (one per connection at most):
    // those are counted as errors or timeouts; more than that is a failure.
    const connections = label === 'submissions' ? SUBMITTERS : STAFF
    if (serverErrors > 0 || r.errors + r.timeouts > connections) {
      failures.push(`${label}: ${statuses(r)}; ${r.errors} connection errors, ${r.timeouts} timeouts`)
    }
  }

  // ---- report ----
  const row = (label: string, r: AutocannonResult, connections: number) =>
    `| ${label} | ${connections} | ${fmt(r.requests.total)} | ${fmt(r.requests.total / SECONDS, 1)} | ${fmt(r.latency.p50)} | ${fmt(r.latency.p99)} | ${statuses(r)} | ${r.errors + r.timeouts} |`
  console.log(
    `\nnpm run bench:load — ${new Date().toISOString().slice(0, 16)}Z, node ${process.version}, ${cpus().length} × ` +
      `${cpus()[0]?.model ?? 'CPU'}; ${SECONDS} s on loopback, ${fmt(CASES)} seeded cases (half in the listed agency).\n`,
  )
  console.log('| stream | connections | requests | req/s | p50 ms | p99 ms | statuses | errors + timeouts |')
  console.log('|---|---|---|---|---|---|---|---|')
  console.log(row('JSON submissions (POST …/submissions)', submitted, SUBMITTERS))
  console.log(row('staff case lists (pages, filters, search)', listed, STAFF))
  console.log(
    `\nAfterwards (${fmt(elapsed, 1)} s including requests still in flight): the Worker answered 201 ` +
      `${fmt(served.created201)} times (${fmt(accepted.length)} read by the clients, the rest after the period ended) → ` +
      `${fmt(after.s - before.s)} new submissions and ${fmt(after.c - before.c)} new cases; ${fmt(distinct.size)} ` +
      `distinct references, ${fmt(storedOnce)} stored exactly once with one case, ${fmt(tracked)} found by ` +
      `GET /api/v1/track with their query code; audit verify (demo agency): ${verify.ok ? 'ok' : 'FAILED'}, ` +
      `${fmt(verify.eventsChecked ?? 0)} case events checked, staff audit log ${verify.auditLog?.ok ? 'ok' : 'FAILED'}.`,
  )
  console.log(`total ${fmt((performance.now() - started) / 1000)} s`)
  if (failures.length > 0) {
    console.error(`\nFAILED:\n${failures.slice(0, 50).join('\n')}${failures.length > 50 ? '\n…' : ''}`)
    return 1
  }
  return 0
}

let exitCode = 1
try {
  exitCode = await main()
} catch (error) {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error)
} finally {
  await stopMiniflare()
  rmSync(stateDir, { recursive: true, force: true })
}
process.exit(exitCode)
