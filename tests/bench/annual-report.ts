// Benchmark: the annual report for an agency with 100,000 cases (BENCH_CASES overrides), run by the real service
// (workers/services/reports/annual-report.ts) against D1 in workerd through the Miniflare Node API, next to the
// baseline a report without counters needs in the same run: reading every case of the agency and counting them
// (the pure annualTable3). Checks that both give the same Table 3 and exits non-zero if they differ.
// npx tsx tests/bench/annual-report.ts
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { drizzle } from 'drizzle-orm/d1'
import { Miniflare } from 'miniflare'
import * as schema from '../../db/schema'
import { APPLICANT_COLUMNS, OUTCOME_CODES, type OutcomeCode, table3RowFor } from '../../workflows/outcomes'
import { annualTable3, type ReportCase } from '../../workflows/reports/annual'

interface Row {
  id: string
  received_on: string
  decided_on: string | null
  outcome: string
  applicant_type: string
}

const CASES = Number(process.env.BENCH_CASES ?? 100_000)
const RUNS = 20
const YEAR = 2025
const AGENCY = 'agency-bench'

let seed = 0x2025_0101
function random(): number {
  seed ^= seed << 13
  seed ^= seed >>> 17
  seed ^= seed << 5
  return (seed >>> 0) / 0x1_0000_0000
}
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!
const day = (epochDay: number) => new Date(epochDay * 86_400_000).toISOString().slice(0, 10)

const mf = new Miniflare({
  modules: true,
  script: 'export default { fetch() { return new Response(null, { status: 404 }) } }',
  d1Databases: ['DB'],
  compatibilityDate: '2025-04-01',
})

try {
  const d1 = await mf.getD1Database('DB')
  const dir = path.join(import.meta.dirname, '../../db/migrations')
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()) {
    for (const statement of readFileSync(path.join(dir, file), 'utf8').split('--> statement-breakpoint')) {
      if (statement.trim()) await d1.prepare(statement).run()
    }
  }
  await d1
    .prepare(
      `INSERT INTO agencies (id, slug, name, kind, created_at) VALUES (?1, 'bench', '基准县人民政府', 'government', 0)`,
    )
    .bind(AGENCY)
    .run()
  await d1
    .prepare(`INSERT INTO calendar_years (year, source, confirmed_at, updated_at) VALUES (?1, 'bench', 1, 1)`)
    .bind(YEAR)
    .run()

  // Cases received 2023–2025, 85 % decided within 0–60 days; the counters follow by trigger on every insert.
  const start = Date.UTC(2023, 0, 1) / 86_400_000
  const span = 3 * 365
  const facts: ReportCase[] = []
  const inserted = performance.now()
  const CHUNK = 500
  for (let i = 0; i < CASES; i += CHUNK) {
    const values: string[] = []
    for (let k = i; k < Math.min(CASES, i + CHUNK); k++) {
      const received = start + Math.floor(random() * span)
      const decided = random() < 0.85 ? received + Math.floor(random() * 60) : null
      const column = pick(APPLICANT_COLUMNS).key
      const outcome = pick(OUTCOME_CODES)
      const id = `c${k}`
      facts.push({
        id,
        reference: id,
        column,
        receivedOn: day(received),
        decidedOn: decided === null ? null : day(decided),
        row: decided === null ? null : table3RowFor(outcome as OutcomeCode),
      })
      values.push(
        `('${id}', '${AGENCY}', 's${k}', 'disclosure', 2, 'closed', '${day(received)}', ${decided === null ? 'NULL' : `'${day(decided)}'`}, '{}', '${outcome}', '${column}', 0, 0)`,
      )
    }
    await d1
      .prepare(
        `INSERT INTO cases (id, agency_id, submission_id, workflow_id, workflow_version, state, received_on, decided_on, snapshot, outcome, applicant_type, created_at, updated_at) VALUES ${values.join(', ')}`,
      )
      .run()
  }
  const insertMs = performance.now() - inserted

  // The Worker's service, loaded at run time: its types belong to the workers project (workerd globals), not to
  // this Node script's; the slice used here is typed locally.
  const servicePath = '../../workers/services/reports/annual-report'
  const { annualReport } = (await import(servicePath)) as {
    annualReport: (
      db: unknown,
      auth: unknown,
      query: { agency: string; year: number; subAgencies: boolean },
      now: number,
    ) => Promise<{ table3: { rows: { key: string; cells: Record<string, number> }[] } }>
  }
  const db = drizzle(d1 as never, { schema })
  const auth = {
    user: { id: 'bench', username: 'bench', displayName: 'bench' },
    roles: [{ agencyId: AGENCY, role: 'admin' }],
  }
  const now = Date.UTC(2026, 1, 1)

  async function time<T>(fn: () => Promise<T>): Promise<{ result: T; ms: number[] }> {
    let result: T | undefined
    const ms: number[] = []
    for (let r = 0; r < RUNS; r++) {
      const t0 = performance.now()
      result = await fn()
      ms.push(performance.now() - t0)
    }
    return { result: result!, ms: ms.sort((a, b) => a - b) }
  }
  const median = (ms: number[]) => ms[Math.floor(ms.length / 2)]!

  const counters = await time(() =>
    annualReport(db, auth, { agency: AGENCY, year: YEAR, subAgencies: false }, now),
  )
  const counterRows = await d1
    .prepare(
      `SELECT count(*) AS n FROM report_counts WHERE agency_id = ?1 AND received_year <= ?2 AND (decided_year = 0 OR decided_year >= ?2 - 1)`,
    )
    .bind(AGENCY, YEAR)
    .first<{ n: number }>()
  const countersMeta = await d1
    .prepare(
      `SELECT agency_id, received_year, decided_year, applicant_type, outcome, n FROM report_counts WHERE agency_id = ?1 AND received_year <= ?2 AND (decided_year = 0 OR decided_year >= ?2 - 1) AND n > 0`,
    )
    .bind(AGENCY, YEAR)
    .all()

  // Baseline: read every case of the agency (the columns the report needs) and count them.
  const baseline = await time(async () => {
    const all = await d1
      .prepare(`SELECT id, received_on, decided_on, outcome, applicant_type FROM cases WHERE agency_id = ?1`)
      .bind(AGENCY)
      .all<Row>()
    return {
      meta: all.meta,
      table: annualTable3(
        all.results.map((c: Row) => ({
          id: c.id,
          reference: c.id,
          column: c.applicant_type as ReportCase['column'],
          receivedOn: c.received_on,
          decidedOn: c.decided_on,
          row: c.decided_on === null ? null : table3RowFor(c.outcome as OutcomeCode),
        })),
        YEAR,
      ),
    }
  })

  // Equality: the counters' Table 3 against the full recount, cell by cell.
  const recount = baseline.result.table.lines
  const keyOf: Record<string, string> = {
    new: 'new',
    carriedIn: 'carried_in',
    resultsTotal: 'results_total',
    carriedOut: 'carried_out',
  }
  const contract: Record<string, string> = {
    natural_person: 'natural_person',
    commercial_enterprise: 'commercial',
    research_institution: 'research',
    public_welfare_organization: 'social_welfare',
    legal_service_institution: 'legal_services',
    other_organization: 'other',
    total: 'total',
  }
  let mismatches = 0
  for (const [line, cells] of Object.entries(recount)) {
    const row = counters.result.table3.rows.find((r) => r.key === (keyOf[line] ?? line))
    for (const [col, n] of Object.entries(cells)) if (row?.cells[contract[col]!] !== n) mismatches++
  }
  const sanity = annualTable3(facts, YEAR).lines.new.total
  console.log(
    `annual report, ${CASES.toLocaleString('en')} cases of one agency (inserted in ${(insertMs / 1000).toFixed(1)} s, counters kept by trigger)`,
  )
  console.log(
    `  service with counters: median ${median(counters.ms).toFixed(1)} ms, p90 ${counters.ms[Math.floor(RUNS * 0.9)]!.toFixed(1)} ms over ${RUNS} runs; counter rows read: ${countersMeta.meta.rows_read ?? '?'} (${counterRows?.n} counters for the two years)`,
  )
  console.log(
    `  baseline full recount: median ${median(baseline.ms).toFixed(1)} ms, p90 ${baseline.ms[Math.floor(RUNS * 0.9)]!.toFixed(1)} ms; rows read: ${baseline.result.meta.rows_read ?? '?'}`,
  )
  console.log(
    `  Table 3 cells differing between the two: ${mismatches} (一 total ${recount.new.total}, generated ${sanity})`,
  )
  if (mismatches > 0 || sanity !== recount.new.total) process.exitCode = 1
} finally {
  await mf.dispose()
}
