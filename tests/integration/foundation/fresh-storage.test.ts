// Every test file starts from the migrated, seeded database and an empty bucket, although the workers project runs
// its files one after another in one runtime (tests/integration/setup.ts wipes what the previous file left). Vitest
// runs files longest first once it has their durations, so this short one comes after files that log in, submit,
// upload and act on cases; it fails if any of that were still there.
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { DEMO_OPERATOR, DEMO_USERS } from '../../../db/seed/demo'
import { apiLogin } from '../helpers'

const count = async (table: string) =>
  (await env.DB.prepare(`SELECT count(*) AS n FROM ${table}`).first<{ n: number }>())?.n ?? -1

describe('storage at the start of a test file', () => {
  it('holds the seed and nothing else: every migration once, no cases, sessions, events or files', async () => {
    const migrations = await env.DB.prepare('SELECT name FROM d1_migrations ORDER BY id').all<{
      name: string
    }>()
    expect(migrations.results.map((m) => m.name)).toEqual(env.TEST_MIGRATIONS.map((m) => m.name))
    expect(await count('users')).toBe(DEMO_USERS.length + 1)
    expect(
      await env.DB.prepare('SELECT count(*) AS n FROM users WHERE username = ?')
        .bind(DEMO_OPERATOR.username)
        .first<{ n: number }>(),
    ).toEqual({ n: 1 })
    for (const table of [
      'cases',
      'submissions',
      'case_events',
      'sessions',
      'attachments',
      'outbox',
      'letters',
    ]) {
      expect({ table, rows: await count(table) }).toEqual({ table, rows: 0 })
    }
    expect((await env.FILES.list()).objects).toEqual([])
    // What this file leaves behind, for the next file's setup to remove.
    await apiLogin('demo-registrar')
    await env.FILES.put('left-behind', 'x')
    expect(await count('sessions')).toBe(1)
  })
})
