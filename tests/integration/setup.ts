// Per test file (storage is isolated per file): apply the real migrations, then the demo seed.
import { applyD1Migrations } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { DEFAULT_DEMO_PASSWORD, seedDemo } from '../../db/seed/demo'

await applyD1Migrations(env.DB, env.TEST_MIGRATIONS)
await seedDemo(env.DB, {
  password: DEFAULT_DEMO_PASSWORD,
  passwordHash: env.TEST_DEMO_PASSWORD_HASH,
  now: Date.now(),
  // The demo admin, auditor and operator get the demo TOTP secret (tests/integration/helpers.ts computes codes).
  piiKeys: { keys: env.PII_KEYS, activeKey: env.PII_ACTIVE_KEY },
})
