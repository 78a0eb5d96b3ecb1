// Per test file: a fresh database (the real migrations, then the demo seed) and an empty R2 bucket.
//
// The workers project runs its files one after another in one workerd (`isolate: false` in vitest.config.ts) rather
// than starting a new workerd and reloading the Worker for each file (~2.5 s a file), so storage is shared between
// files: this setup wipes what the previous file left (every table, view and trigger, and every stored file) before
// migrating and seeding, and each file starts from the same state as in its own runtime.
import { applyD1Migrations } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { DEFAULT_DEMO_PASSWORD, seedDemo } from '../../db/seed/demo'

interface RunnerModule {
  file?: string | null
  evaluated: boolean
  promise?: unknown
  exports?: unknown
}
interface ModuleRunner {
  transport?: { invoke?: unknown }
  evaluatedModules?: { idToModuleMap: Map<string, RunnerModule> }
}

function moduleRunner(): ModuleRunner | undefined {
  return (globalThis as { __vitest_mocker__?: { moduleRunner?: ModuleRunner } }).__vitest_mocker__
    ?.moduleRunner
}

/**
 * The pool (@cloudflare/vitest-pool-workers 0.15.1) wraps the module runner's transport again for every file a
 * reused runtime runs, so each later import goes through one more Durable Object round trip per file already run
 * (fixed upstream in @cloudflare/vitest-plugin 1.4.5). Keep the first wrapper and ignore the later ones.
 */
function keepFirstTransportWrapper(runner: ModuleRunner | undefined): void {
  const transport = runner?.transport
  if (!transport || typeof transport.invoke !== 'function') return
  if (Object.getOwnPropertyDescriptor(transport, 'invoke')?.set) return
  const first = transport.invoke
  Object.defineProperty(transport, 'invoke', { configurable: true, get: () => first, set: () => {} })
}

const TESTS_DIR = new URL('..', import.meta.url).pathname
const SETUP_FILE = new URL(import.meta.url).pathname

/**
 * Test helpers keep per-file state at module level (cached login tokens, case versions): have every module under
 * tests/ evaluated afresh for each file, as in a runtime of its own. The Worker's own modules stay loaded.
 */
function freshTestModules(runner: ModuleRunner | undefined): void {
  for (const [id, node] of runner?.evaluatedModules?.idToModuleMap ?? []) {
    const file = node.file ?? id
    if (!file.startsWith(TESTS_DIR) || file === SETUP_FILE) continue
    node.promise = undefined
    node.exports = undefined
    node.evaluated = false
  }
}

/** Drop everything the previous file left in D1 (the migrations table too) and empty the R2 bucket. */
async function wipeStorage(): Promise<void> {
  const objects = await env.DB.prepare(
    `SELECT type, name FROM sqlite_master
     WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'
     ORDER BY type = 'view' DESC, sql LIKE 'CREATE VIRTUAL TABLE%' DESC, rowid`,
  ).all<{ type: string; name: string }>()
  if (objects.results.length > 0) {
    // One transaction; foreign keys are checked at its end, when every table is gone. Dropping a table drops its
    // indexes and triggers and its row in sqlite_sequence; a full-text table drops its shadow tables (so it goes
    // first, and they are then already gone).
    await env.DB.batch([
      env.DB.prepare('PRAGMA defer_foreign_keys = on'),
      ...objects.results.map((o) =>
        env.DB.prepare(
          `DROP ${o.type === 'view' ? 'VIEW' : 'TABLE'} IF EXISTS "${o.name.replaceAll('"', '""')}"`,
        ),
      ),
    ])
  }
  for (;;) {
    const listed = await env.FILES.list({ limit: 1000 })
    if (listed.objects.length === 0) break
    await env.FILES.delete(listed.objects.map((o) => o.key))
  }
}

const runner = moduleRunner()
keepFirstTransportWrapper(runner)
freshTestModules(runner)
await wipeStorage()
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS)
await seedDemo(env.DB, {
  password: DEFAULT_DEMO_PASSWORD,
  passwordHash: env.TEST_DEMO_PASSWORD_HASH,
  now: Date.now(),
  // The demo admin, auditor and operator get the demo TOTP secret (tests/integration/helpers.ts computes codes).
  piiKeys: { keys: env.PII_KEYS, activeKey: env.PII_ACTIVE_KEY },
})
