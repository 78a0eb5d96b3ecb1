// `npm run db:seed`: seeds the LOCAL D1 (the same state `wrangler dev` uses) through wrangler's platform proxy.
// Refuses to run against anything but local development.
import { getPlatformProxy } from 'wrangler'

// Node globals used here (this file is type-checked with the Workers types, not Node's).
declare const process: { env: Record<string, string | undefined>; exit(code: number): never }

import { DEFAULT_DEMO_PASSWORD, DEMO_OPERATOR, DEMO_USERS, seedDemo } from './seed/demo'

const password = process.env.DEMO_PASSWORD || DEFAULT_DEMO_PASSWORD
if (process.env.CLOUDFLARE_ENV === 'production' || process.env.NODE_ENV === 'production') {
  console.error('Refusing to seed demo data in production.')
  process.exit(1)
}
const proxy = await getPlatformProxy<{ DB: D1Database }>({ configPath: 'wrangler.toml', persist: true })
try {
  await seedDemo(proxy.env.DB, { password, now: Date.now() })
} finally {
  await proxy.dispose()
}
const users = [...DEMO_USERS.map((u) => u.username), DEMO_OPERATOR.username].join(', ')
console.log(`\nSeeded agency "demo" (示范县人民政府) with staff: ${users}`)
console.log(`Demo password: ${password}   (set DEMO_PASSWORD to change it)\n`)
