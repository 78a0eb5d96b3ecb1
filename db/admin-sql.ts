// `npm run admin:sql`: prints the SQL that creates a top-level agency (if missing) and its first admin, for
// bootstrapping a real deployment: `ADMIN_PASSWORD=… npm run -s admin:sql -- --agency slug --agency-name 名称
// --username admin > admin.sql && npx wrangler d1 execute DB --remote --file admin.sql`.
import { hashPassword } from '../workers/auth/password'

declare const process: { argv: string[]; env: Record<string, string | undefined>; exit(code: number): never }

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? process.argv[i + 1] : undefined
}

function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`
}

/** The statements, with every value quoted; ids derived from the slug and username so a re-run is a no-op. */
export async function adminSql(input: {
  agencySlug: string
  agencyName: string
  username: string
  displayName: string
  password: string
  now: number
}): Promise<string> {
  if (!/^[a-z0-9-]{2,40}$/.test(input.agencySlug)) throw new Error('--agency must be 2–40 of a-z, 0-9, -')
  if (!/^[a-z0-9][a-z0-9._-]{2,63}$/.test(input.username))
    throw new Error('--username must be 3–64 of a-z, 0-9, . _ -')
  if (input.password.length < 12) throw new Error('ADMIN_PASSWORD must be at least 12 characters')
  const agencyId = `agency-${input.agencySlug}`
  const userId = `user-${input.username}`
  const hash = await hashPassword(input.password)
  return [
    `INSERT OR IGNORE INTO agencies (id, slug, name, kind, created_at) VALUES (${sqlString(agencyId)}, ${sqlString(input.agencySlug)}, ${sqlString(input.agencyName)}, 'government', ${input.now});`,
    `INSERT OR IGNORE INTO users (id, username, display_name, password_hash, home_agency_id, created_at, updated_at) VALUES (${sqlString(userId)}, ${sqlString(input.username)}, ${sqlString(input.displayName)}, ${sqlString(hash)}, ${sqlString(agencyId)}, ${input.now}, ${input.now});`,
    `INSERT OR IGNORE INTO user_roles (user_id, agency_id, role) VALUES (${sqlString(userId)}, ${sqlString(agencyId)}, 'admin');`,
    '',
  ].join('\n')
}

const isMain = process.argv[1]?.endsWith('admin-sql.ts')
if (isMain) {
  const password = process.env.ADMIN_PASSWORD ?? ''
  const agencySlug = arg('agency') ?? ''
  try {
    console.log(
      await adminSql({
        agencySlug,
        agencyName: arg('agency-name') ?? agencySlug,
        username: arg('username') ?? 'admin',
        displayName: arg('name') ?? '管理员',
        password,
        now: Date.now(),
      }),
    )
  } catch (err) {
    console.error(String(err instanceof Error ? err.message : err))
    process.exit(1)
  }
}
