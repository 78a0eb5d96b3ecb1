// Staff of a second agency for tenancy and transfer tests: rows inserted directly (demo-admin may not create
// users outside its agency) and a bearer session made the way the login route makes one.
import { env } from 'cloudflare:workers'
import { createDb } from '../../../db/client'
import type { Role } from '../../../db/schema'
import { createSession } from '../../../workers/auth/sessions'
import { mfaRequiredFor } from '../../../workers/auth/totp'
import { call, json } from '../helpers'

/** Create (once) a user holding `role` at `agencyId` and return a bearer token for it. */
export function foreignStaffToken(agencyId: string, role: Role, username: string): Promise<string> {
  return staffToken(agencyId, [role], username)
}

/** Create (once) a user holding every one of `roles` at `agencyId` and return a bearer token for it. */
export async function staffToken(
  agencyId: string,
  roles: readonly Role[],
  username: string,
): Promise<string> {
  const userId = `user-${username}`
  const now = Date.now()
  // An admin or auditor must have a second factor: this one enrolled (the secret is never used: the session is
  // made here, as the code page makes it once the code was right).
  const mfa = mfaRequiredFor(
    roles.map((role) => ({ role })),
    null,
  )
  await env.DB.batch([
    env.DB.prepare(
      `INSERT OR IGNORE INTO users (id, username, display_name, password_hash, home_agency_id, created_at, updated_at)
       VALUES (?1, ?2, ?3, 'not-a-login-hash', ?4, ?5, ?5)`,
    ).bind(userId, username, `${username}（测试）`, agencyId, now),
    ...(mfa
      ? [
          env.DB.prepare(
            `UPDATE users SET totp_secret = 'unused', totp_enrolled_at = ?2 WHERE id = ?1 AND totp_enrolled_at IS NULL`,
          ).bind(userId, now),
        ]
      : []),
    ...roles.map((role) =>
      env.DB.prepare('INSERT OR IGNORE INTO user_roles (user_id, agency_id, role) VALUES (?1, ?2, ?3)').bind(
        userId,
        agencyId,
        role,
      ),
    ),
  ])
  const session = await createSession(createDb(env.DB), {
    userId,
    kind: 'bearer',
    now,
    ip: null,
    userAgent: 'vitest',
    mfaAt: mfa ? now : null,
  })
  return session.token
}

/** GET a case as the holder of `token`. */
export function getCase(caseId: string, tokenValue: string, now?: number): Promise<Response> {
  const headers: Record<string, string> = { authorization: `Bearer ${tokenValue}` }
  if (now !== undefined) headers['x-test-now'] = String(now)
  return call(`/api/v1/cases/${caseId}`, { headers })
}

/** POST an action as the holder of `token` with an explicit version. */
export function postAction(
  caseId: string,
  tokenValue: string,
  action: string,
  body: Record<string, unknown>,
  now: number,
): Promise<Response> {
  return call(
    `/api/v1/cases/${caseId}/actions/${action}`,
    json(body, { token: tokenValue, headers: { 'x-test-now': String(now) } }),
  )
}

export interface CaseRowView {
  id: string
  agency_id: string
  state: string
  version: number
  due_on: string | null
  received_on: string | null
  closed_at: number | null
}

/** The case rows of one submission, oldest first. */
export async function casesOfSubmission(submissionId: string): Promise<CaseRowView[]> {
  const { results } = await env.DB.prepare(
    `SELECT id, agency_id, state, version, due_on, received_on, closed_at FROM cases
     WHERE submission_id = ? ORDER BY created_at, id`,
  )
    .bind(submissionId)
    .all<CaseRowView>()
  return results
}
