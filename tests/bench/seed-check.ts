// Checks that the bench's bulk seed (triggers dropped, their work done once per table) leaves exactly the rows the
// migrations' triggers give (npx tsx tests/bench/seed-check.ts): two D1 databases in one Miniflare, the same demo
// seed, then SEED_CHECK_SIZE cases (3,000; in two steps, so the second continues numbering and counters) seeded each
// way; the schema and every table the seed touches are compared row by row, SQLite's quick_check run, the search index by content, by MATCH and by FTS5's own
// integrity check. Prints both seeding times.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Log, LogLevel, Miniflare } from 'miniflare'
import { positiveInt } from './env'
import { type D1Like, migrateAndSeedDemo, seedCases } from './seed'

const SIZE = positiveInt('SEED_CHECK_SIZE', 3_000)
const TABLES: [string, string][] = [
  // The schema: the bulk seed drops and recreates triggers and indexes from their own SQL.
  ['sqlite_master', 'type, name'],
  ['cases', 'id'],
  ['submissions', 'id'],
  ['case_counts', 'agency_id, state, assignee_id'],
  ['report_counts', 'agency_id, received_year, decided_year, applicant_type, outcome'],
  ['report_monthly', 'agency_id, month, channel, applicant_type'],
  ['case_remedies', 'case_id, remedy_id'],
  ['search_slots', 'slot'],
  ['case_search_docs', 'doc'],
  ['case_search', 'rowid'],
]
const TERMS = ['补偿安置', '（第1234号）', '危旧房改造', 'B00000']

async function main(): Promise<number> {
  const dir = mkdtempSync(path.join(tmpdir(), 'gov-seed-check-'))
  const mf = new Miniflare({
    log: new Log(LogLevel.WARN),
    cf: false,
    modules: true,
    script: 'export default { fetch() { return new Response("") } }',
    d1Databases: { BULK: 'bulk', TRIGGERS: 'triggers' },
    d1Persist: path.join(dir, 'd1'),
  })
  try {
    const now = Date.UTC(2026, 10, 1)
    const dbs = {
      bulk: (await mf.getD1Database('BULK')) as unknown as D1Like,
      triggers: (await mf.getD1Database('TRIGGERS')) as unknown as D1Like,
    }
    for (const [mode, db] of Object.entries(dbs) as ['bulk' | 'triggers', D1Like][]) {
      await migrateAndSeedDemo(db, now)
      const t0 = performance.now()
      const half = Math.floor(SIZE / 2)
      await seedCases(db, 0, half, '2026-11-01', mode)
      await seedCases(db, half, SIZE, '2026-11-01', mode)
      console.log(`${mode}: ${SIZE} cases in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
    }
    const differences: string[] = []
    for (const [table, order] of TABLES) {
      // (Not rootpage: where a table or index starts in the file differs with the order it was built in.)
      const columns =
        table === 'case_search' ? 'rowid, *' : table === 'sqlite_master' ? 'type, name, tbl_name, sql' : '*'
      const sql = `SELECT ${columns} FROM ${table} ORDER BY ${order}`
      const [a, b] = await Promise.all([dbs.bulk, dbs.triggers].map((db) => db.prepare(sql).all<unknown>()))
      const [x, y] = [JSON.stringify(a!.results), JSON.stringify(b!.results)]
      console.log(`${table}: ${a!.results.length} rows ${x === y ? 'identical' : 'DIFFER'}`)
      if (x !== y) differences.push(table)
    }
    // Each database is well formed (D1 allows quick_check, not integrity_check).
    for (const db of Object.values(dbs)) {
      const check = await db.prepare('PRAGMA quick_check').all<{ quick_check: string }>()
      if (check.results[0]?.quick_check !== 'ok') differences.push('quick_check')
    }
    for (const term of TERMS) {
      const sql = `SELECT rowid FROM case_search WHERE case_search MATCH ?1 ORDER BY rowid`
      const [a, b] = await Promise.all(
        [dbs.bulk, dbs.triggers].map((db) => db.prepare(sql).bind(`"${term}"`).all<{ rowid: number }>()),
      )
      const same = JSON.stringify(a!.results) === JSON.stringify(b!.results)
      console.log(`MATCH "${term}": ${a!.results.length} documents ${same ? 'identical' : 'DIFFER'}`)
      if (!same) differences.push(`MATCH ${term}`)
    }
    for (const db of Object.values(dbs)) {
      await db.prepare("INSERT INTO case_search (case_search) VALUES ('integrity-check')").run()
    }
    console.log('FTS5 integrity-check: ok on both')
    if (differences.length > 0) {
      console.error(`DIFFER: ${differences.join(', ')}`)
      return 1
    }
    return 0
  } finally {
    await mf.dispose()
    rmSync(dir, { recursive: true, force: true })
  }
}

process.exitCode = await main()
