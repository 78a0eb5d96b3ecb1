// Drive disclosure cases through the HTTP API at chosen instants (the test clock header).
import { env } from 'cloudflare:workers'
import { createDb } from '../../../db/client'
import { loadKeyring } from '../../../workers/lib/pii'
import { createSubmission } from '../../../workers/services/submissions'
import type { ReportColumn } from '../../../workflows/outcomes'
import { apiLogin, call, json } from '../helpers'

/** 10:00 China time on an ISO date, as epoch ms. */
export function at(date: string, hour = 10): number {
  return Date.parse(`${date}T${String(hour).padStart(2, '0')}:00:00+08:00`)
}

export type Who = 'registrar' | 'handler' | 'legal' | 'approver' | 'admin' | 'auditor' | 'operator'
const tokens = new Map<Who, string>()

export async function token(who: Who): Promise<string> {
  if (!tokens.has(who)) tokens.set(who, await apiLogin(`demo-${who}`))
  return tokens.get(who)!
}

export function resetTokens() {
  tokens.clear()
}

/** A submission + case as the submission pipeline writes it, at `submittedAt`. */
export async function newCase(
  submittedAt: number,
  opts: { agencyId?: string; email?: string; reportColumn?: ReportColumn; title?: string } = {},
) {
  const ring = await loadKeyring(env.PII_KEYS, env.PII_ACTIVE_KEY)
  return createSubmission(
    createDb(env.DB),
    { ring, secret: env.APP_SECRET },
    {
      agencyId: opts.agencyId ?? 'agency-demo',
      formVersionId: 'test-form',
      channel: 'online',
      data: { title: opts.title ?? '2024年财政预算执行情况' },
      pii: { name: '张三', phone: '13800138000', email: opts.email ?? 'zhang@example.cn' },
      reportColumn: opts.reportColumn ?? 'natural_person',
      title: opts.title ?? '2024年财政预算执行情况',
      idempotencyKey: null,
      bodyHash: crypto.randomUUID(),
    },
    submittedAt,
  )
}

export interface CaseDetail {
  id: string
  state: string
  version: number
  dueOn: string | null
  receivedOn: string | null
  outcome: string | null
  allowedActions: string[]
  clock: { replyDueOn: string | null; status: string; extended: boolean; excludedSpans: unknown[] }
  events: { seq: number; action: string; payload: Record<string, unknown> }[]
  snapshot: Record<string, unknown>
}

export async function detail(caseId: string, who: Who = 'admin', now?: number): Promise<CaseDetail> {
  const headers: Record<string, string> = { authorization: `Bearer ${await token(who)}` }
  if (now) headers['x-test-now'] = String(now)
  const res = await call(`/api/v1/cases/${caseId}`, { headers })
  if (res.status !== 200) throw new Error(`detail ${res.status}: ${await res.text()}`)
  return (await res.json()) as CaseDetail
}

/** POST an action with the case's current version (or `version`), at instant `now`. */
export async function act(
  caseId: string,
  who: Who,
  action: string,
  input: Record<string, unknown>,
  now: number,
  version?: number,
): Promise<Response> {
  const v = version ?? (await detail(caseId)).version
  return call(
    `/api/v1/cases/${caseId}/actions/${action}`,
    json({ version: v, ...input }, { token: await token(who), headers: { 'x-test-now': String(now) } }),
  )
}

/** Like `act` but throws unless the action succeeded. */
export async function ok(
  caseId: string,
  who: Who,
  action: string,
  input: Record<string, unknown>,
  now: number,
) {
  const res = await act(caseId, who, action, input, now)
  if (res.status !== 200) throw new Error(`${action} → ${res.status}: ${await res.text()}`)
  return (await res.json()) as { state: string; version: number }
}

/** A case submitted 2024-09-27 09:00 and received online that day at 11:00 by the registrar. */
export async function receivedCase() {
  const created = await newCase(at('2024-09-27', 9))
  await ok(
    created.caseId,
    'registrar',
    'confirm-receipt',
    { channel: 'online', receivedOn: '2024-09-27' },
    at('2024-09-27', 11),
  )
  return created
}

/** `receivedCase`, then a correction of 5 working days requested on 2024-10-08 (the window ends 2024-10-15). */
export async function caseInCorrection() {
  const created = await receivedCase()
  await ok(
    created.caseId,
    'registrar',
    'request-correction',
    { items: ['请补充'], windowWorkingDays: 5 },
    at('2024-10-08'),
  )
  return created
}

export async function errorCode(res: Response): Promise<string> {
  return ((await res.json()) as { error: { code: string } }).error.code
}

export async function eventCount(caseId: string): Promise<number> {
  const row = await env.DB.prepare('SELECT count(*) AS n FROM case_events WHERE case_id = ?')
    .bind(caseId)
    .first<{ n: number }>()
  return row?.n ?? 0
}

/** Confirm receipt (online, on `date`), accept and assign to demo-handler. */
export async function openAndAssign(caseId: string, date: string) {
  await ok(caseId, 'registrar', 'confirm-receipt', { channel: 'online', receivedOn: date }, at(date, 11))
  await ok(caseId, 'registrar', 'accept', {}, at(date, 12))
  await ok(caseId, 'registrar', 'assign', { assigneeId: 'user-demo-handler' }, at(date, 13))
}

export const SECRECY = { secrecyReviewed: true }
