// What every test file starts from: the real migrations and the demo seed in an otherwise empty D1, and an empty R2
// bucket. tests/integration/setup.ts runs it before each file (one runtime runs them all, so it first removes what the
// previous file left); tests/integration/foundation/fresh-storage.test.ts checks it.
import { applyD1Migrations } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { DEFAULT_DEMO_PASSWORD, seedDemo } from '../../db/seed/demo'

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

/** Wipe D1 and R2, then apply the migrations and the demo seed. */
export async function resetStorage(): Promise<void> {
  await wipeStorage()
  await applyD1Migrations(env.DB, env.TEST_MIGRATIONS)
  await seedDemo(env.DB, {
    password: DEFAULT_DEMO_PASSWORD,
    passwordHash: env.TEST_DEMO_PASSWORD_HASH,
    now: Date.now(),
    // The demo admin, auditor and operator get the demo TOTP secret (tests/integration/helpers.ts computes codes).
    piiKeys: { keys: env.PII_KEYS, activeKey: env.PII_ACTIVE_KEY },
  })
}
