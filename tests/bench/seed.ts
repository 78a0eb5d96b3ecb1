// Seeding for `npm run bench`: the real migrations and demo seed, then N realistic cases generated inside SQLite (a
// recursive CTE per chunk, so 100k rows cost a few statements, not 100k round trips): five agencies, the demo agency
// holding half of them, every state and outcome of the disclosure workflow, applicant types, assignees and receipt
// dates spread over two years. The annual-report counters follow by the migrations' own triggers.
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { DEFAULT_DEMO_PASSWORD } from '../../db/seed/constants'
import { APPLICANT_COLUMNS, OUTCOME_CODES } from '../../workflows/outcomes'

/** The D1 surface the seeder uses (Miniflare's `getD1Database()` proxy). */
export interface D1Like {
  prepare(sql: string): {
    bind(...values: unknown[]): {
      run(): Promise<unknown>
      first<T>(): Promise<T | null>
      all<T>(): Promise<{ results: T[] }>
    }
    run(): Promise<unknown>
    first<T>(): Promise<T | null>
    all<T>(): Promise<{ results: T[] }>
  }
}

type SeedDemo = (
  db: unknown,
  opts: { password: string; now: number; piiKeys?: { keys: string; activeKey: string } },
) => Promise<void>

export const BENCH_AGENCIES = [
  'agency-demo',
  'agency-bench-1',
  'agency-bench-2',
  'agency-bench-3',
  'agency-bench-4',
]

const OPEN_STATES = [
  'submitted',
  'received',
  'awaiting_correction',
  'in_progress',
  'in_progress',
  'in_progress',
  'consulting',
  'fee_pending',
  'legal_review',
  'awaiting_approval',
  'approved',
]
const CLOSED_STATES = ['replied', 'replied', 'replied', 'closed', 'transferred']
/** Request descriptions (the search index holds them with the title and the reference). */
const DESCRIPTIONS = [
  '申请公开本单位近三年的政府采购合同及验收报告',
  '请提供本村集体土地征收的批准文件和补偿标准',
  '申请获取辖区内危旧房改造项目的立项批复',
  '请公开本县义务教育学校的学区划分依据',
  '申请公开某化工项目的环境影响报告书全本',
  '请提供本街道老旧小区加装电梯的资金使用明细',
]
const TITLES = [
  '年度财政预算执行情况',
  '征地补偿安置方案',
  '城市更新项目规划许可',
  '义务教育阶段招生划片',
  '环境影响评价审批文件',
  '政府投资项目资金拨付',
  '行政处罚决定书',
  '保障性住房分配名单',
]

/** Migrate and seed the demo; with the personal-data keys, the demo admin, auditor and operator get the demo TOTP. */
export async function migrateAndSeedDemo(
  db: D1Like,
  now: number,
  piiKeys?: { keys: string; activeKey: string },
): Promise<void> {
  const dir = path.join(import.meta.dirname, '../../db/migrations')
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()) {
    for (const statement of readFileSync(path.join(dir, file), 'utf8').split('--> statement-breakpoint')) {
      if (statement.trim()) await db.prepare(statement).run()
    }
  }
  // Imported through a computed specifier: the seed is typed against the Workers types, not this Node project's.
  const seedModule = '../../db/seed/demo'
  const { seedDemo } = (await import(seedModule)) as { seedDemo: SeedDemo }
  await seedDemo(db, { password: DEFAULT_DEMO_PASSWORD, now, ...(piiKeys ? { piiKeys } : {}) })
  for (const [i, id] of BENCH_AGENCIES.slice(1).entries()) {
    await db
      .prepare(
        `INSERT OR IGNORE INTO agencies (id, slug, name, kind, created_at) VALUES (?1, ?2, ?3, 'government', ?4)`,
      )
      .bind(id, `bench-${i + 1}`, `基准${i + 1}县人民政府`, now)
      .run()
  }
  await db
    .prepare(
      `CREATE TABLE IF NOT EXISTS bench_baseline (id TEXT PRIMARY KEY, agency_id TEXT NOT NULL, body TEXT NOT NULL,
       created_at INTEGER NOT NULL)`,
    )
    .run()
}

/**
 * Insert cases `from`..`to`-1 (ids `bench-<i>`) with their submissions. Case i belongs to the demo agency when i is
 * even, else to one of the four others; received on one of the 730 days up to `lastDay`; due 28 calendar days later;
 * closed cases (one in three) carry an outcome and a decision date.
 */
export async function seedCases(
  db: D1Like,
  from: number,
  to: number,
  lastDay: string,
  mode: 'bulk' | 'triggers' = 'bulk',
): Promise<void> {
  if (mode === 'bulk') return seedCasesBulk(db, from, to, lastDay)
  return insertCases(db, from, to, lastDay)
}

/**
 * The insert triggers on cases and submissions (migrations 0004–0014) and what each one adds per row. The bulk seed
 * drops them, inserts the rows, does their work once for all the new rows (below), and recreates them from their
 * own SQL. A trigger not listed here stops the bulk seed: its work would be missing.
 */
const INSERT_TRIGGERS = [
  'cases_counts_insert',
  'cases_remedies_insert',
  'cases_report_counts_insert',
  'cases_report_monthly_insert',
  'cases_search_insert',
  'submissions_search_insert',
]

/**
 * The same rows as `seedCases(…, 'triggers')` (tests/bench/seed-check.ts compares every table it touches), loaded
 * as a bulk load is: the secondary indexes of cases and submissions dropped and built again after, and the
 * triggers' work done in one statement each: counters grouped, documents numbered per agency in insertion order,
 * and the search index filled in document order in one INSERT … SELECT instead of one trigger run per case.
 */
async function seedCasesBulk(db: D1Like, from: number, to: number, lastDay: string): Promise<void> {
  const triggers = (
    await db
      .prepare(
        `SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ('cases', 'submissions')
         AND sql LIKE '%AFTER INSERT ON%' ORDER BY name`,
      )
      .all<{ name: string; sql: string }>()
  ).results
  const unknown = triggers.filter((t) => !INSERT_TRIGGERS.includes(t.name)).map((t) => t.name)
  if (unknown.length > 0 || triggers.length !== INSERT_TRIGGERS.length) {
    throw new Error(
      `bench seed: insert triggers ${triggers.map((t) => t.name).join(', ')} differ from the ones the bulk seed does the work of (${INSERT_TRIGGERS.join(', ')}); update tests/bench/seed.ts`,
    )
  }
  // The secondary indexes too: inserting rows in random key order into 18 indexes larger than the page cache is
  // what made seeding slow down as the tables grew; each index is built again once, by sorting.
  const indexes = (
    await db
      .prepare(
        `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('cases', 'submissions')
         AND sql IS NOT NULL ORDER BY name`,
      )
      .all<{ name: string; sql: string }>()
  ).results
  const first = await db.prepare('SELECT coalesce(max(rowid), 0) AS r FROM cases').first<{ r: number }>()
  for (const t of triggers) await db.prepare(`DROP TRIGGER \`${t.name}\``).run()
  for (const i of indexes) await db.prepare(`DROP INDEX \`${i.name}\``).run()
  try {
    await insertCases(db, from, to, lastDay)
    const fresh = `c.rowid > ${first!.r}`
    const run = (sql: string) => db.prepare(sql).run()
    // cases_counts_insert
    await run(`INSERT INTO case_counts (agency_id, state, assignee_id, n)
      SELECT c.agency_id, c.state, coalesce(c.assignee_id, ''), count(*) FROM cases c WHERE ${fresh}
      GROUP BY 1, 2, 3
      ON CONFLICT (agency_id, state, assignee_id) DO UPDATE SET n = n + excluded.n`)
    // cases_report_counts_insert
    await run(`INSERT INTO report_counts (agency_id, received_year, decided_year, applicant_type, outcome, n)
      SELECT c.agency_id, CAST(substr(c.received_on, 1, 4) AS INTEGER),
        CASE WHEN c.decided_on IS NULL THEN 0 ELSE CAST(substr(c.decided_on, 1, 4) AS INTEGER) END,
        c.applicant_type, CASE WHEN c.decided_on IS NULL THEN '' ELSE coalesce(c.outcome, '') END, count(*)
      FROM cases c WHERE ${fresh} AND c.received_on IS NOT NULL AND c.workflow_id = 'disclosure'
      GROUP BY 1, 2, 3, 4, 5
      ON CONFLICT (agency_id, received_year, decided_year, applicant_type, outcome) DO UPDATE SET n = n + excluded.n`)
    // cases_report_monthly_insert
    await run(`INSERT INTO report_monthly (agency_id, month, channel, applicant_type, n)
      SELECT c.agency_id, substr(c.received_on, 1, 7),
        coalesce(json_extract(c.snapshot, '$.receipt.channel'), (SELECT s.channel FROM submissions s WHERE s.id = c.submission_id), ''),
        c.applicant_type, count(*)
      FROM cases c WHERE ${fresh} AND c.received_on IS NOT NULL AND c.workflow_id = 'disclosure'
      GROUP BY 1, 2, 3, 4
      ON CONFLICT (agency_id, month, channel, applicant_type) DO UPDATE SET n = n + excluded.n`)
    // cases_remedies_insert: the seeded snapshots ('{}') have no remedies.
    const remedies = await db
      .prepare(
        `SELECT count(*) AS n FROM cases c WHERE ${fresh} AND json_array_length(c.snapshot, '$.remedies') > 0`,
      )
      .first<{ n: number }>()
    if (remedies?.n) throw new Error('bench seed: seeded cases with remedies need cases_remedies_insert')
    // cases_search_insert (the submission exists first, so submissions_search_insert found no case): each agency's
    // documents numbered on from its last one, in the order the cases were inserted.
    await run(
      `INSERT OR IGNORE INTO search_slots (agency_id) SELECT DISTINCT agency_id FROM cases c WHERE ${fresh}`,
    )
    await run(`INSERT INTO case_search_docs (doc, case_id)
      SELECT coalesce((SELECT x.doc FROM case_search_docs x
          WHERE x.doc BETWEEN sl.slot * 4294967296 AND sl.slot * 4294967296 + 4294967295 ORDER BY x.doc DESC LIMIT 1),
        sl.slot * 4294967296) + row_number() OVER (PARTITION BY c.agency_id ORDER BY c.rowid), c.id
      FROM cases c JOIN search_slots sl ON sl.agency_id = c.agency_id
      WHERE ${fresh} AND EXISTS (SELECT 1 FROM submissions s WHERE s.id = c.submission_id)`)
    await run(`INSERT INTO case_search (rowid, case_id, reference, subject, description, notes)
      SELECT d.doc, c.id, s.reference, c.title,
        coalesce(json_extract(s.data, '$.informationDescription'), json_extract(s.data, '$.recordDescription'), ''), ''
      FROM cases c JOIN case_search_docs d ON d.case_id = c.id JOIN submissions s ON s.id = c.submission_id
      WHERE ${fresh} ORDER BY d.doc`)
  } finally {
    for (const i of indexes) await db.prepare(i.sql).run()
    for (const t of triggers) await db.prepare(t.sql).run()
  }
}

async function insertCases(db: D1Like, from: number, to: number, lastDay: string): Promise<void> {
  const CHUNK = 5_000
  const json = (list: readonly string[]) => JSON.stringify(list)
  const handler = 'user-demo-handler'
  for (let start = from; start < to; start += CHUNK) {
    const end = Math.min(to, start + CHUNK)
    // h: a 31-bit hash of i, so neighbouring cases differ in every attribute.
    const series = `WITH RECURSIVE n(i) AS (SELECT CAST(?1 AS INTEGER) UNION ALL SELECT i + 1 FROM n WHERE i + 1 < CAST(?2 AS INTEGER)),
      g AS (SELECT i, ((i * 2654435761) % 2147483647) AS h FROM n),
      v AS (SELECT i, h,
        CASE WHEN i % 2 = 0 THEN 'agency-demo' ELSE json_extract(?3, '$[' || ((i / 2) % 4) || ']') END AS agency,
        date(?4, '-' || (h % 730) || ' days') AS received,
        (h / 730) % 3 = 0 AS closed,
        json_extract(?5, '$[' || ((h / 7) % 6) || ']') AS applicant,
        json_extract(?6, '$[' || ((h / 11) % 8) || ']') || '（第' || i || '号）' AS title,
        json_extract(?7, '$[' || ((h / 29) % 6) || ']') AS description
        FROM g)`
    const params = [start, end, json(BENCH_AGENCIES.slice(1)), lastDay]
    const applicants = json(APPLICANT_COLUMNS.map((c) => c.key))
    await db
      .prepare(
        `${series}
        INSERT INTO submissions (id, agency_id, form_version_id, channel, submitted_at, idempotency_key, body_hash,
          reference, query_code_hash, data, pii, pii_key_id, applicant_type, created_at)
        SELECT 'bench-' || i, agency, 'bench-form', 'online', unixepoch(received) * 1000, NULL, 'bench',
          'B' || substr('000000000' || i, -9), 'bench', json_object('informationDescription', description), '{}',
          't1', applicant, unixepoch(received) * 1000
        FROM v`,
      )
      .bind(...params, applicants, json(TITLES), json(DESCRIPTIONS))
      .run()
    await db
      .prepare(
        `${series}
        INSERT INTO cases (id, agency_id, submission_id, workflow_id, workflow_version, state, version, received_on,
          due_on, snapshot, assignee_id, outcome, applicant_type, title, decided_on, closed_at, created_at, updated_at)
        SELECT 'bench-' || i, agency, 'bench-' || i, 'disclosure', 2,
          CASE WHEN closed THEN json_extract(?8, '$[' || ((h / 13) % CAST(?9 AS INTEGER)) || ']')
               ELSE json_extract(?10, '$[' || ((h / 13) % CAST(?11 AS INTEGER)) || ']') END,
          3, received, date(received, '+28 days'), '{}',
          CASE WHEN (h / 17) % 4 = 0 THEN NULL ELSE ?12 END,
          CASE WHEN closed THEN json_extract(?13, '$[' || ((h / 19) % CAST(?14 AS INTEGER)) || ']') END,
          applicant, title,
          CASE WHEN closed THEN date(received, '+' || ((h / 23) % 40) || ' days') END,
          CASE WHEN closed THEN unixepoch(received) * 1000 + ((h / 23) % 40) * 86400000 END,
          unixepoch(received) * 1000, unixepoch(received) * 1000
        FROM v`,
      )
      .bind(
        ...params,
        applicants,
        json(TITLES),
        json(DESCRIPTIONS),
        json(CLOSED_STATES),
        CLOSED_STATES.length,
        json(OPEN_STATES),
        OPEN_STATES.length,
        handler,
        json(OUTCOME_CODES),
        OUTCOME_CODES.length,
      )
      .run()
  }
}
