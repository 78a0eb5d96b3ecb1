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
    bind(...values: unknown[]): { run(): Promise<unknown>; first<T>(): Promise<T | null> }
    run(): Promise<unknown>
    first<T>(): Promise<T | null>
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
export async function seedCases(db: D1Like, from: number, to: number, lastDay: string): Promise<void> {
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
