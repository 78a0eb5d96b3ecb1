// `npm run admin:sql`: prints the SQL that bootstraps a real deployment, applied with
// `npx wrangler d1 execute DB --remote --file admin.sql`:
//   a top-level agency (if missing) and its first admin:
//     ADMIN_PASSWORD=… npm run -s admin:sql -- --agency slug --agency-name 名称 --username slug-admin > admin.sql
//   the platform operator (the national holiday calendar; belongs to no agency, never an agency admin):
//     ADMIN_PASSWORD=… npm run -s admin:sql -- --operator --username ops > operator.sql
// The account is always new: an existing username makes the SQL fail (UNIQUE constraint), and no role is ever
// granted to an account this SQL did not create.
import { hashPassword } from '../workers/auth/password'
import { passwordProblem } from '../workers/auth/password-policy'

declare const process: { argv: string[]; env: Record<string, string | undefined>; exit(code: number): never }

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? process.argv[i + 1] : undefined
}

function flag(name: string): boolean {
  return process.argv.includes(`--${name}`)
}

function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`
}

const USERNAME = /^[a-z0-9][a-z0-9._-]{2,63}$/

function checkPassword(password: string, username: string): void {
  const problem = passwordProblem(password, username)
  if (problem === 'too_short') throw new Error('ADMIN_PASSWORD must be at least 12 characters')
  if (problem) throw new Error(`ADMIN_PASSWORD is not acceptable (${problem}): choose a long, uncommon one`)
}

/**
 * The new user row, failing loudly on an existing username (plain INSERT: "UNIQUE constraint failed"), and a
 * role statement that only applies to that very row (matched by its freshly salted hash), so even a runner that
 * carries on after the failure grants nothing to an existing account.
 */
function newUserStatements(input: {
  userId: string
  username: string
  displayName: string
  hash: string
  homeAgencyId: string
  platformRole: string | null
  now: number
}): string[] {
  const role = input.platformRole === null ? 'NULL' : sqlString(input.platformRole)
  return [
    `-- Fails with "UNIQUE constraint failed: users.username" if ${input.username} exists: choose another username.`,
    `INSERT INTO users (id, username, display_name, password_hash, home_agency_id, platform_role, created_at, updated_at) VALUES (${sqlString(input.userId)}, ${sqlString(input.username)}, ${sqlString(input.displayName)}, ${sqlString(input.hash)}, ${sqlString(input.homeAgencyId)}, ${role}, ${input.now}, ${input.now});`,
  ]
}

/** The statements for a top-level agency and its first admin, every value quoted. */
export async function adminSql(input: {
  agencySlug: string
  agencyName: string
  username: string
  displayName: string
  password: string
  now: number
}): Promise<string> {
  if (!/^[a-z0-9-]{2,40}$/.test(input.agencySlug)) throw new Error('--agency must be 2–40 of a-z, 0-9, -')
  if (!USERNAME.test(input.username)) throw new Error('--username must be 3–64 of a-z, 0-9, . _ -')
  // A tenant's usernames live in its own namespace (as for users created in the app).
  if (!input.username.startsWith(`${input.agencySlug}-`))
    throw new Error(`--username must begin with the agency slug: ${input.agencySlug}-…`)
  checkPassword(input.password, input.username)
  const agencyId = `agency-${input.agencySlug}`
  const userId = `user-${input.username}`
  const hash = await hashPassword(input.password)
  return [
    `INSERT OR IGNORE INTO agencies (id, slug, name, kind, created_at) VALUES (${sqlString(agencyId)}, ${sqlString(input.agencySlug)}, ${sqlString(input.agencyName)}, 'government', ${input.now});`,
    ...newUserStatements({
      userId,
      username: input.username,
      displayName: input.displayName,
      hash,
      homeAgencyId: agencyId,
      platformRole: null,
      now: input.now,
    }),
    `INSERT INTO user_roles (user_id, agency_id, role) SELECT id, ${sqlString(agencyId)}, 'admin' FROM users WHERE id = ${sqlString(userId)} AND password_hash = ${sqlString(hash)};`,
    '',
  ].join('\n')
}

/** The statements for a platform operator: a user of no agency with the deployment-level operator role. */
export async function operatorSql(input: {
  username: string
  displayName: string
  password: string
  now: number
}): Promise<string> {
  if (!USERNAME.test(input.username)) throw new Error('--username must be 3–64 of a-z, 0-9, . _ -')
  checkPassword(input.password, input.username)
  const hash = await hashPassword(input.password)
  return [
    ...newUserStatements({
      userId: `user-${input.username}`,
      username: input.username,
      displayName: input.displayName,
      hash,
      homeAgencyId: '',
      platformRole: 'operator',
      now: input.now,
    }),
    '',
  ].join('\n')
}

const isMain = process.argv[1]?.endsWith('admin-sql.ts')
if (isMain) {
  const password = process.env.ADMIN_PASSWORD ?? ''
  const agencySlug = arg('agency') ?? ''
  try {
    console.log(
      flag('operator')
        ? await operatorSql({
            username: arg('username') ?? 'operator',
            displayName: arg('name') ?? '平台运营者',
            password,
            now: Date.now(),
          })
        : await adminSql({
            agencySlug,
            agencyName: arg('agency-name') ?? agencySlug,
            username: arg('username') ?? `${agencySlug}-admin`,
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
