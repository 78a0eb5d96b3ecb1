// Two projects: `unit` runs the pure core in Node (so it can also run under different TZ values),
// `workers` runs everything that touches bindings inside workerd with the real wrangler config.
import path from 'node:path'
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers'
import { defineConfig } from 'vitest/config'
import { DEFAULT_DEMO_PASSWORD } from './db/seed/constants'
import { fflateRedirect } from './scripts/fflate-sync-zip'
import { hashPassword } from './workers/auth/password'

export default defineConfig(async () => {
  const migrations = await readD1Migrations(path.join(import.meta.dirname, 'db/migrations'))
  // Hash the demo password once here rather than 6 × 100k PBKDF2 rounds in every test file.
  const demoPasswordHash = await hashPassword(DEFAULT_DEMO_PASSWORD)
  return {
    test: {
      projects: [
        {
          test: {
            name: 'unit',
            include: ['tests/unit/**/*.test.ts'],
            environment: 'node',
          },
        },
        {
          plugins: [
            // write-excel-file's fflate, as the Worker's build resolves it (scripts/fflate-sync-zip.ts).
            {
              name: 'fflate-sync-zip',
              enforce: 'pre',
              resolveId: (source: string, importer: string | undefined) => fflateRedirect(source, importer),
            },
            cloudflareTest({
              main: './workers/index.ts',
              wrangler: { configPath: './wrangler.toml' },
              miniflare: {
                bindings: {
                  TEST_MIGRATIONS: migrations,
                  TEST_DEMO_PASSWORD_HASH: demoPasswordHash,
                  APP_ENV: 'test',
                  // Test-only key material; production keys come from `wrangler secret put`.
                  PII_KEYS: JSON.stringify({ t1: 'dGVzdC1rZXktMDEyMzQ1Njc4OWFiY2RlZi0wMTIzNDU' }),
                  PII_ACTIVE_KEY: 't1',
                  APP_SECRET: 'test-app-secret-0123456789abcdef0123456789',
                },
              },
            }),
          ],
          // Binary fixtures (task tables) reach the workerd tests as data URLs: `import x from '….xlsx?inline'`.
          assetsInclude: ['**/*.xlsx'],
          test: {
            name: 'workers',
            include: ['tests/integration/**/*.test.ts'],
            setupFiles: ['./tests/integration/setup.ts'],
            // One workerd runs the files one after another (the Worker and its modules loaded once) instead of a new
            // runtime per file; tests/integration/setup.ts gives each file fresh storage.
            isolate: false,
            // A hang guard, not a speed check: journeys of many transitions take seconds on a busy 2-core machine.
            testTimeout: 30_000,
            // Hooks too: a beforeAll that logs in or drafts a letter may be the first to use a module the Worker
            // loads on demand (scripts/worker-build.ts), which vite then transforms (docx, otpauth) inside the hook.
            hookTimeout: 30_000,
          },
        },
        {
          // Real Chromium (/usr/bin/chromium) against a seeded `wrangler dev` started by the test itself.
          test: {
            name: 'e2e',
            include: ['tests/e2e/**/*.test.ts'],
            environment: 'node',
            testTimeout: 120_000,
            hookTimeout: 120_000,
            // One journey at a time: each starts its own wrangler dev (workerd) and Chromium, and several at once
            // on a small machine starve each other into hook timeouts.
            fileParallelism: false,
          },
        },
      ],
    },
  }
})
