// Every test file starts from the migrated, seeded database and an empty bucket, although the workers project runs
// its files one after another in one runtime (tests/integration/setup.ts resets storage before each file). The first
// test looks at the state this file started from (vitest runs files longest first once it has their durations, so
// this short one usually comes after files that log in, submit, upload and act on cases); the second leaves all of
// that behind itself, resets, and checks again, so the reset is proven whatever the order.
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { DEMO_OPERATOR, DEMO_USERS } from '../../../db/seed/demo'
import { apiLogin } from '../helpers'
import { resetStorage } from '../storage'
import { newCase } from '../workflow/case-helpers'

const count = async (table: string) =>
  (await env.DB.prepare(`SELECT count(*) AS n FROM ${table}`).first<{ n: number }>())?.n ?? -1

async function expectSeedOnly(): Promise<void> {
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
}

describe('storage at the start of a test file', () => {
  it('holds the seed and nothing else: every migration once, no cases, sessions, events or files', async () => {
    await expectSeedOnly()
  })

  it('is reset to that, whatever a file left behind', async () => {
    await apiLogin('demo-registrar')
    await env.FILES.put('left-behind', 'x')
    await newCase(Date.now())
    expect(await count('sessions')).toBe(1)
    expect(await count('cases')).toBe(1)
    await resetStorage()
    await expectSeedOnly()
    // And what this file leaves behind, for the next file's setup to remove.
    await apiLogin('demo-registrar')
    await env.FILES.put('left-behind', 'x')
  })
})
