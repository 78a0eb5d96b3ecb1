// `npm run db:seed`: seeds the LOCAL D1 (the same state `wrangler dev` uses) through wrangler's platform proxy.
// Refuses to run against anything but local development.
import { getPlatformProxy } from 'wrangler'

// Node globals used here (this file is type-checked with the Workers types, not Node's).
declare const process: { env: Record<string, string | undefined>; exit(code: number): never }

import {
  DEFAULT_DEMO_PASSWORD,
  DEMO_MFA_USERNAMES,
  DEMO_OPERATOR,
  DEMO_TOTP_SECRET,
  DEMO_USERS,
  seedDemo,
} from './seed/demo'

const password = process.env.DEMO_PASSWORD || DEFAULT_DEMO_PASSWORD
if (process.env.CLOUDFLARE_ENV === 'production' || process.env.NODE_ENV === 'production') {
  console.error('Refusing to seed demo data in production.')
  process.exit(1)
}
const proxy = await getPlatformProxy<{ DB: D1Database; PII_KEYS?: string; PII_ACTIVE_KEY?: string }>({
  configPath: 'wrangler.toml',
  persist: true,
})
const piiKeys = { keys: proxy.env.PII_KEYS, activeKey: proxy.env.PII_ACTIVE_KEY }
try {
  await seedDemo(proxy.env.DB, { password, now: Date.now(), piiKeys })
} finally {
  await proxy.dispose()
}
const users = [...DEMO_USERS.map((u) => u.username), DEMO_OPERATOR.username].join(', ')
console.log(`\nSeeded agency "demo" (示范县人民政府) with staff: ${users}`)
console.log(`Demo password: ${password}   (set DEMO_PASSWORD to change it)`)
if (piiKeys.keys && piiKeys.activeKey) {
  console.log(`Two-step verification (TOTP) for ${DEMO_MFA_USERNAMES.join(', ')}: add the secret`)
  console.log(`  ${DEMO_TOTP_SECRET}`)
  console.log('to an authenticator app (time-based, 6 digits, 30 s), or print the current code with')
  console.log('  npm run -s demo:code\n')
} else {
  console.log(`${DEMO_MFA_USERNAMES.join(', ')} set up two-step verification at their first login.\n`)
}
