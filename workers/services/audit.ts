// The audit trail as staff may check it: an agency's chains (case events and the staff audit log) verified for its
// auditors and admins; the staff audit log read and exported by its auditors (三员分立: not by the admins whose
// actions it records). The platform's own chain (the national calendar, unknown usernames) is the operator's.

import { eq, inArray } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { users } from '../../db/schema'
import { type AuthContext, hasRole, isOperator, scopedAgencyIds } from '../auth/sessions'
import { AppError } from '../errors'
import { messages } from '../i18n/zh-CN'
import { shanghaiDateTime } from '../lib/time'
import { agencyIdOf } from './agencies'
import {
  type AuditLogVerification,
  auditLogRows,
  PLATFORM_CHAIN,
  recordAudit,
  sealAuditChain,
  verifyAuditLog,
} from './audit-log'
import { type ChainVerification, sealAgencyChain, verifyAgencyChain } from './case-store'

export type AuditVerification = Omit<ChainVerification, 'agencyId'> & {
  agencyId: string | null
  /** The staff audit log's own chain; `ok` above is true only when both chains verify. */
  auditLog: AuditLogVerification
}

/**
 * Verify an agency's chains, named by id or slug (404 outside the caller's agencies); without an agency, the
 * platform chain, for the operator. What was appended to the chains is sealed first, so what is reported unsealed is
 * only what arrived meanwhile.
 */
export async function verifyAuditChain(
  db: Db,
  auth: AuthContext,
  agencyRef: string | undefined,
  now: number,
): Promise<AuditVerification> {
  if (agencyRef === undefined) {
    if (!isOperator(auth)) throw new AppError('forbidden')
    await sealAuditChain(db, PLATFORM_CHAIN, now)
    const auditLog = await verifyAuditLog(db, null, now)
    return {
      agencyId: null,
      ok: auditLog.ok,
      eventsChecked: 0,
      firstProblem: null,
      unsealed: { events: 0, oldestAt: null, lagMs: null },
      auditLog,
    }
  }
  const agencyId = await agencyIdOf(db, agencyRef)
  if (!scopedAgencyIds(auth).includes(agencyId)) throw new AppError('not_found')
  if (!hasRole(auth, agencyId, 'auditor', 'admin')) throw new AppError('forbidden')
  await sealAgencyChain(db, agencyId, now)
  await sealAuditChain(db, agencyId, now)
  const events = await verifyAgencyChain(db, agencyId, now)
  const auditLog = await verifyAuditLog(db, agencyId, now)
  return { ...events, ok: events.ok && auditLog.ok, auditLog }
}

export interface AuditQuery {
  /** Agency id or slug; omitted: the platform chain (operator only). */
  agency?: string | undefined
  action?: string | undefined
  /** Username or user id of the actor. */
  actor?: string | undefined
  /** Legal days (Asia/Shanghai), inclusive. */
  from?: string | undefined
  to?: string | undefined
  before?: number | undefined
  limit: number
}

export interface AuditRowView {
  id: number
  seq: number | null
  at: string
  agencyId: string | null
  actorId: string | null
  actor: string | null
  action: string
  target: string | null
  ip: string | null
  payload: unknown
}

/** The chain the caller may read: an agency where they are auditor, or the platform's for the operator. */
async function readableChain(
  db: Db,
  auth: AuthContext,
  agencyRef: string | undefined,
): Promise<string | null> {
  if (agencyRef === undefined) {
    if (!isOperator(auth)) throw new AppError('forbidden')
    return null
  }
  const agencyId = await agencyIdOf(db, agencyRef)
  if (!scopedAgencyIds(auth).includes(agencyId)) throw new AppError('not_found')
  if (!hasRole(auth, agencyId, 'auditor')) throw new AppError('forbidden')
  return agencyId
}

const dayStart = (d: string) => Date.parse(`${d}T00:00:00+08:00`)

/** A page of the audit log, newest first, with actors named; `nextBefore` continues it. */
export async function readAuditLog(
  db: Db,
  auth: AuthContext,
  query: AuditQuery,
): Promise<{ agencyId: string | null; items: AuditRowView[]; nextBefore: number | null }> {
  const agencyId = await readableChain(db, auth, query.agency)
  let actorId = query.actor
  if (actorId) {
    const named = await db
      .select({ id: users.id })
      .from(users)
      .where(eq(users.username, actorId.toLowerCase()))
      .get()
    if (named) actorId = named.id
  }
  const rows = await auditLogRows(db, agencyId, {
    action: query.action,
    actorId,
    from: query.from ? dayStart(query.from) : undefined,
    to: query.to ? dayStart(query.to) + 86_400_000 - 1 : undefined,
    before: query.before,
    limit: query.limit + 1,
  })
  const page = rows.slice(0, query.limit)
  const ids = [...new Set(page.flatMap((r) => (r.actorId ? [r.actorId] : [])))]
  const names =
    ids.length === 0
      ? new Map<string, string>()
      : new Map(
          (
            await db
              .select({ id: users.id, username: users.username })
              .from(users)
              .where(inArray(users.id, ids))
              .all()
          ).map((u) => [u.id, u.username]),
        )
  const items = page.map((r) => ({
    id: r.id,
    seq: r.seq,
    at: new Date(r.at).toISOString(),
    agencyId: r.agencyId,
    actorId: r.actorId,
    actor: r.actorId ? (names.get(r.actorId) ?? r.actorId) : null,
    action: r.action,
    target: r.target,
    ip: r.ip,
    payload: JSON.parse(r.payload) as unknown,
  }))
  return { agencyId, items, nextBefore: rows.length > query.limit ? (page.at(-1)?.id ?? null) : null }
}

/** At most this many rows in one export (narrow the dates for more). */
export const MAX_EXPORT_ROWS = 10_000

/** The filtered audit log as CSV (formula-escaped, UTF-8 with BOM for spreadsheet programs); the export is audited. */
export async function exportAuditLog(
  db: Db,
  auth: AuthContext,
  query: Omit<AuditQuery, 'limit' | 'before'>,
  request: { ip: string; now: number },
): Promise<string> {
  const { agencyId, items } = await readAuditLog(db, auth, { ...query, limit: MAX_EXPORT_ROWS })
  await recordAudit(db, {
    agencyId,
    actorId: auth.user.id,
    action: 'audit.exported',
    payload: { ...query, rows: items.length },
    ip: request.ip,
    at: request.now,
  })
  const h = messages.audit.columns
  // papaparse is imported on first use: a separate module of the Worker (scripts/worker-build.ts).
  const { default: Papa } = await import('papaparse')
  const csv = Papa.unparse(
    {
      fields: [h.at, h.actor, h.action, h.target, h.ip, h.payload, h.seq],
      data: items.map((r) => [
        shanghaiDateTime(Date.parse(r.at)),
        r.actor ?? '',
        r.action,
        r.target ?? '',
        r.ip ?? '',
        JSON.stringify(r.payload),
        r.seq ?? '',
      ]),
    },
    { escapeFormulae: true },
  )
  return `\uFEFF${csv}\r\n`
}
