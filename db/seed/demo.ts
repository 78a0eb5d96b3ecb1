// Idempotent seed for local development and tests only (never production): the `demo` county, its
// departments and township, one staff user per role (a task reporter per department and township), and the
// 2024–2026 holiday calendars.
import { hashPassword, verifyPassword } from '../../workers/auth/password'
import { sealTotpSecret } from '../../workers/auth/totp'
import { loadKeyring } from '../../workers/lib/pii'
import { DEMO_MFA_USERNAMES, DEMO_TOTP_SECRET } from './constants'
import { HOLIDAY_NOTICES, HOLIDAYS_CN } from './holidays-cn'

export { DEFAULT_DEMO_PASSWORD, DEMO_MFA_USERNAMES, DEMO_TOTP_SECRET } from './constants'

export const DEMO_AGENCIES = [
  { id: 'agency-demo', slug: 'demo', name: '示范县人民政府', kind: 'government', parentId: null },
  {
    id: 'agency-demo-nrb',
    slug: 'demo-nrb',
    name: '示范县自然资源局',
    kind: 'department',
    parentId: 'agency-demo',
  },
  {
    id: 'agency-demo-edu',
    slug: 'demo-edu',
    name: '示范县教育局',
    kind: 'department',
    parentId: 'agency-demo',
  },
  {
    id: 'agency-demo-town',
    slug: 'demo-town',
    name: '示范县城关镇人民政府',
    kind: 'township',
    parentId: 'agency-demo',
  },
] as const

/** One user per role; each holds its role in `agencyId` (the county government unless given). */
export const DEMO_USERS: readonly {
  username: string
  displayName: string
  role: string
  agencyId?: string
}[] = [
  { username: 'demo-registrar', displayName: '登记员（演示）', role: 'registrar' },
  { username: 'demo-handler', displayName: '承办人（演示）', role: 'handler' },
  { username: 'demo-legal', displayName: '法制审核员（演示）', role: 'legal_reviewer' },
  { username: 'demo-approver', displayName: '签发人（演示）', role: 'approver' },
  { username: 'demo-admin', displayName: '管理员（演示）', role: 'admin' },
  { username: 'demo-auditor', displayName: '审计员（演示）', role: 'auditor' },
  // Task reporting: the county's office runs the annual task table; each department and township reports on it.
  { username: 'demo-coordinator', displayName: '政务公开办（演示）', role: 'task_coordinator' },
  {
    username: 'demo-reporter-nrb',
    displayName: '自然资源局填报员（演示）',
    role: 'task_reporter',
    agencyId: 'agency-demo-nrb',
  },
  {
    username: 'demo-reporter-edu',
    displayName: '教育局填报员（演示）',
    role: 'task_reporter',
    agencyId: 'agency-demo-edu',
  },
  {
    username: 'demo-reporter-town',
    displayName: '城关镇填报员（演示）',
    role: 'task_reporter',
    agencyId: 'agency-demo-town',
  },
]

/** The deployment's platform operator (the national holiday calendar): no agency, no agency role. */
export const DEMO_OPERATOR = { username: 'demo-operator', displayName: '平台运营者（演示）' } as const

const DEMO_SETTINGS = {
  legalReviewRequired: true,
  dueSoonWorkingDays: 5,
  correctionWindowWorkingDays: 15,
}

export function demoUserId(username: string): string {
  return `user-${username}`
}

/** Seed the demo tenant; safe to run repeatedly (updates in place, re-hashes only a changed password). */
export async function seedDemo(
  db: D1Database,
  opts: {
    password: string
    now: number /** precomputed hash of `password` (tests) */
    passwordHash?: string
    /**
     * The deployment's personal-data keys (`PII_KEYS`, `PII_ACTIVE_KEY`): with them the accounts whose role requires
     * a second factor are enrolled with DEMO_TOTP_SECRET; without them they set one up at their first login.
     */
    piiKeys?: { keys: string | undefined; activeKey: string | undefined }
  },
): Promise<void> {
  const { now } = opts
  const statements: D1PreparedStatement[] = []
  for (const a of DEMO_AGENCIES) {
    statements.push(
      db
        .prepare(
          `INSERT INTO agencies (id, slug, name, kind, parent_id, embed_origins, letterhead, settings, created_at)
           VALUES (?1, ?2, ?3, ?4, ?5, '[]', ?6, ?7, ?8)
           ON CONFLICT(id) DO UPDATE SET slug = excluded.slug, name = excluded.name, kind = excluded.kind,
             parent_id = excluded.parent_id`,
        )
        .bind(
          a.id,
          a.slug,
          a.name,
          a.kind,
          a.parentId,
          JSON.stringify({ name: a.name, address: '示范县人民路1号', phone: '0000-1234567' }),
          JSON.stringify(DEMO_SETTINGS),
          now,
        ),
    )
  }
  const existing = await db
    .prepare(`SELECT id, password_hash FROM users WHERE username LIKE 'demo-%'`)
    .all<{ id: string; password_hash: string }>()
  const hashes = new Map(existing.results.map((r) => [r.id, r.password_hash]))
  const hashFor = async (id: string) => {
    const current = hashes.get(id)
    return (
      opts.passwordHash ??
      (current && (await verifyPassword(opts.password, current))
        ? current
        : await hashPassword(opts.password))
    )
  }
  for (const u of DEMO_USERS) {
    const id = demoUserId(u.username)
    const hash = await hashFor(id)
    const agencyId = u.agencyId ?? 'agency-demo'
    statements.push(
      db
        .prepare(
          `INSERT INTO users (id, username, display_name, password_hash, home_agency_id, created_at, updated_at)
           VALUES (?1, ?2, ?3, ?4, ?6, ?5, ?5)
           ON CONFLICT(id) DO UPDATE SET display_name = excluded.display_name, password_hash = excluded.password_hash,
             disabled_at = NULL`,
        )
        .bind(id, u.username, u.displayName, hash, now, agencyId),
      db
        .prepare(`INSERT OR IGNORE INTO user_roles (user_id, agency_id, role) VALUES (?1, ?3, ?2)`)
        .bind(id, u.role, agencyId),
    )
  }
  const operatorId = demoUserId(DEMO_OPERATOR.username)
  statements.push(
    db
      .prepare(
        `INSERT INTO users (id, username, display_name, password_hash, home_agency_id, platform_role, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, '', 'operator', ?5, ?5)
         ON CONFLICT(id) DO UPDATE SET display_name = excluded.display_name, password_hash = excluded.password_hash,
           home_agency_id = '', platform_role = 'operator', disabled_at = NULL`,
      )
      .bind(operatorId, DEMO_OPERATOR.username, DEMO_OPERATOR.displayName, await hashFor(operatorId), now),
  )
  if (opts.piiKeys?.keys && opts.piiKeys.activeKey) {
    const ring = await loadKeyring(opts.piiKeys.keys, opts.piiKeys.activeKey)
    for (const username of DEMO_MFA_USERNAMES) {
      const id = demoUserId(username)
      statements.push(
        db
          .prepare(
            `UPDATE users SET totp_secret = ?2, totp_enrolled_at = ?3, totp_last_step = NULL WHERE id = ?1`,
          )
          .bind(id, await sealTotpSecret(ring, id, DEMO_TOTP_SECRET), now),
      )
    }
  }
  statements.push(...calendarSeedStatements(db, now))
  await db.batch(statements)
}

/** The 2024–2026 State Council calendars, confirmed (they are published notices). */
export function calendarSeedStatements(db: D1Database, now: number): D1PreparedStatement[] {
  const out: D1PreparedStatement[] = []
  for (const [yearText, rows] of Object.entries(HOLIDAYS_CN)) {
    const year = Number(yearText)
    const source = HOLIDAY_NOTICES[year] ?? 'seed'
    out.push(
      db
        .prepare(
          `INSERT INTO calendar_years (year, source, confirmed_at, confirmed_by, updated_at) VALUES (?1, ?2, ?3, 'seed', ?3)
           ON CONFLICT(year) DO NOTHING`,
        )
        .bind(year, source, now),
    )
    for (const [date, isWorkday, name] of rows) {
      out.push(
        db
          .prepare(
            `INSERT INTO calendar_days (date, year, is_workday, name, source, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT(date) DO NOTHING`,
          )
          .bind(date, year, isWorkday ? 1 : 0, name, source, now),
      )
    }
  }
  return out
}
