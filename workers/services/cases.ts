// Disclosure cases at the edge: load (agency-scoped), run an action through the pure engine, persist the result
// with its events, outbox rows and letters in one batch, and present a case to staff.
import { and, asc, eq, inArray, isNull, lt, or, type SQL, sql } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import { z } from 'zod'
import type { Db } from '../../db/client'
import { caseEvents, cases, letters, submissions, userRoles, users } from '../../db/schema'
import { shanghaiDate, type WorkingCalendar } from '../../workflows/calendar'
import { computeClock } from '../../workflows/clock'
import {
  type DisclosureSettings,
  type DisclosureSnapshot,
  disclosureWorkflow,
  LETTER_KINDS,
  newDisclosureCase,
  nextTimer,
} from '../../workflows/definitions'
import {
  type Actor,
  allowedActions,
  type EffectDescriptor,
  type Refusal,
  transition,
} from '../../workflows/engine'
import { type AuthContext, scopedAgencyIds } from '../auth/sessions'
import { AppError } from '../errors'
import { agencyDisclosureSettings } from './agency-settings'
import { type CaseColumns, commitTransition, type NewOutboxRow } from './case-store'

/** @deprecated import from './agency-settings' (kept for modules that still import them from here). */
export { agencyDisclosureSettings, ConfigurableDisclosureSettings } from './agency-settings'

export type CaseRow = typeof cases.$inferSelect

export function workflowFor(row: Pick<CaseRow, 'workflowId' | 'workflowVersion'>) {
  const wf = row.workflowId === 'disclosure' ? disclosureWorkflow(row.workflowVersion) : undefined
  // A case pinned to a version this build lacks must never be processed with another version.
  if (!wf)
    throw new Error(`Workflow ${row.workflowId} v${row.workflowVersion} is not available in this build`)
  return wf
}

function parseSnapshot(row: CaseRow): DisclosureSnapshot {
  return JSON.parse(row.snapshot) as DisclosureSnapshot
}

export function caseColumns(
  s: DisclosureSnapshot,
  final: boolean,
  calendar: WorkingCalendar,
  settings: DisclosureSettings,
  now: number,
  closedAt: number | null,
): CaseColumns {
  const today = shanghaiDate(now)
  const clock = s.clock ?? computeClock(s.clockEvents, calendar, settings, today)
  return {
    state: s.state,
    receivedOn: s.receipt?.receivedOn ?? null,
    dueOn: clock.replyDueOn,
    duePendingYear: final ? null : (clock.pendingDeadline?.missingYear ?? null),
    nextTimerOn: final ? null : (nextTimer(s, clock, calendar, settings, today)?.on ?? null),
    assigneeId: s.assigneeId,
    outcome: s.outcome?.code ?? null,
    closedAt: final ? (closedAt ?? now) : null,
  }
}

/** Builds the case row and first event for a new submission; the caller adds them to the submission batch. */
export function newCaseSnapshot(submittedAt: number): DisclosureSnapshot {
  return newDisclosureCase({ submittedAt })
}

export async function loadAgencyCase(db: Db, agencyIds: string[], id: string): Promise<CaseRow> {
  if (agencyIds.length === 0) throw new AppError('not_found')
  const row = await db
    .select()
    .from(cases)
    .where(and(eq(cases.id, id), inArray(cases.agencyId, agencyIds)))
    .get()
  if (!row) throw new AppError('not_found')
  return row
}

export function staffActor(auth: AuthContext, agencyId: string): Actor {
  return {
    kind: 'staff',
    id: auth.user.id,
    roles: auth.roles.filter((r) => r.agencyId === agencyId).map((r) => r.role),
  }
}

export function refusalError(refusal: Refusal): AppError {
  switch (refusal.code) {
    case 'unknown_action':
      return new AppError('unknown_action', { message: refusal.message })
    case 'role_not_allowed':
      return new AppError('forbidden', { message: refusal.message })
    case 'invalid_input':
      return new AppError('validation_failed', {
        message: refusal.message,
        issues: (refusal.issues ?? []).map((i) => ({
          path: i.path.join('.'),
          code: i.code,
          message: i.message,
        })),
      })
    case 'calendar_year_not_loaded':
      return new AppError('calendar_year_not_loaded', {
        message: `${refusal.year} 年的节假日安排尚未载入或尚未确认，无法计算期限。`,
        details: { year: refusal.year },
      })
    case 'not_allowed_in_state':
      return new AppError('not_allowed_in_state', { message: refusal.message })
    case 'case_closed':
      return new AppError('case_closed', { message: refusal.message })
    case 'guard_failed':
      return new AppError('guard_failed', {
        message: refusal.message,
        ...(refusal.guard ? { details: { guard: refusal.guard } } : {}),
      })
  }
}

function recipientKey(to: Extract<EffectDescriptor, { kind: 'notify' }>['to'], row: CaseRow): string {
  if (to === 'applicant') return `applicant:${row.submissionId}`
  if ('staffId' in to) return `staff:${to.staffId}`
  return `role:${row.agencyId}:${to.role}`
}

/** Turn effect descriptors into outbox rows and letter drafts, all keyed so a replay writes nothing twice. */
function materialiseEffects(
  db: Db,
  row: CaseRow,
  effects: readonly EffectDescriptor[],
  seq: number,
  now: number,
): { outbox: NewOutboxRow[]; extra: BatchItem<'sqlite'>[] } {
  const out: NewOutboxRow[] = []
  const extra: BatchItem<'sqlite'>[] = []
  effects.forEach((e, i) => {
    if (e.kind === 'notify') {
      const recipient = recipientKey(e.to, row)
      out.push({
        kind: e.template,
        audience: e.to === 'applicant' ? 'applicant' : 'staff',
        recipient,
        payload: { caseId: row.id, template: e.template, ...(e.data ?? {}) },
        dedupId: `case:${row.id}:${seq}:${i}:${e.template}`,
      })
    } else if (e.kind === 'outbox') {
      out.push({
        kind: e.topic,
        audience: 'webhook',
        recipient: `agency:${row.agencyId}`,
        payload: { caseId: row.id, ...e.payload },
        dedupId: `case:${row.id}:${seq}:${i}:${e.topic}`,
      })
    } else {
      const title = (LETTER_KINDS as Record<string, string>)[e.letter] ?? e.letter
      extra.push(
        db.insert(letters).values({
          id: `${row.id}:${seq}:${i}`,
          agencyId: row.agencyId,
          caseId: row.id,
          kind: e.letter,
          draft: JSON.stringify({ title, operation: e.operation, data: e.data ?? {}, eventSeq: seq }),
          createdAt: now,
          updatedAt: now,
        }),
      )
    }
  })
  return { outbox: out, extra }
}

/** Only an enabled handler of the case's own agency may be assigned a case. */
async function assertAssignable(db: Db, agencyId: string, body: unknown) {
  const id = (body as { assigneeId?: unknown } | null)?.assigneeId
  if (typeof id !== 'string') return // the input schema reports the missing field
  const ok = await db
    .select({ id: users.id })
    .from(userRoles)
    .innerJoin(users, eq(users.id, userRoles.userId))
    .where(
      and(
        eq(userRoles.userId, id),
        eq(userRoles.agencyId, agencyId),
        eq(userRoles.role, 'handler'),
        isNull(users.disabledAt),
      ),
    )
    .get()
  if (!ok) {
    throw new AppError('validation_failed', {
      issues: [{ path: 'assigneeId', code: 'not_a_handler', message: '请选择本机关在职的承办人' }],
    })
  }
}

export interface ActionOutcome {
  version: number
  state: string
  snapshot: DisclosureSnapshot
}

/**
 * Apply one action to a case and persist it. `expectedVersion` is the version the caller saw: a mismatch is a
 * 409 before anything runs, and a race lost during the write is a 409 with nothing written.
 */
export async function applyCaseAction(
  db: Db,
  input: {
    row: CaseRow
    action: string
    actor: Actor
    body: unknown
    expectedVersion: number
    now: number
    calendar: WorkingCalendar
    /**
     * Statements to commit with the transition (e.g. the receiving agency's new case on transfer), built only
     * once the engine has accepted the action, so role and state refusals come first.
     */
    extra?: () => Promise<BatchItem<'sqlite'>[]>
  },
): Promise<ActionOutcome> {
  const { row, now, calendar } = input
  if (row.version !== input.expectedVersion) throw new AppError('conflict')
  if (input.action === 'assign') await assertAssignable(db, row.agencyId, input.body)
  const workflow = workflowFor(row)
  const { overrides, settings } = await agencyDisclosureSettings(db, row.agencyId)
  const snapshot = parseSnapshot(row)
  const result = transition(
    workflow,
    snapshot,
    input.action,
    input.actor,
    input.body,
    now,
    calendar,
    overrides,
  )
  if (!result.ok) throw refusalError(result.refusal)
  const next = result.snapshot
  const final = workflow.definition.states[next.state]?.final === true
  const seq = row.version + 1
  const effects = materialiseEffects(db, row, result.effects, seq, now)
  const version = await commitTransition(db, {
    caseId: row.id,
    agencyId: row.agencyId,
    expectedVersion: row.version,
    snapshot: next,
    columns: caseColumns(next, final, calendar, settings, now, row.closedAt),
    events: result.events.map((e) => ({
      action: e.action,
      actorKind: e.actorKind,
      actorId: e.actorId,
      fromState: e.fromState,
      toState: e.toState,
      payload: e.payload,
      at: e.at,
    })),
    outbox: effects.outbox,
    extra: [...effects.extra, ...((await input.extra?.()) ?? [])],
    now,
  })
  return { version, state: next.state, snapshot: next }
}

export interface CaseListFilters {
  state?: string | undefined
  assignee?: string | undefined
  dueBefore?: string | undefined
  overdue?: boolean | undefined
  applicantType?: string | undefined
  q?: string | undefined
  cursor?: string | undefined
  limit: number
}

const sortKey = sql<string>`coalesce(${cases.dueOn}, '9999-12-31') || '|' || ${cases.id}`

export const CursorSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}\|[A-Za-z0-9:_-]{1,80}$/)

/** Agency-scoped case list ordered by due date (undated last), with a keyset cursor. */
export async function listCases(db: Db, auth: AuthContext, f: CaseListFilters, now: number) {
  const scope = scopedAgencyIds(auth)
  if (scope.length === 0) return { items: [], nextCursor: null }
  const today = shanghaiDate(now)
  const where: SQL[] = [inArray(cases.agencyId, scope)]
  if (f.state) where.push(eq(cases.state, f.state))
  if (f.assignee) where.push(eq(cases.assigneeId, f.assignee === 'me' ? auth.user.id : f.assignee))
  if (f.dueBefore) where.push(lt(cases.dueOn, f.dueBefore))
  if (f.overdue) where.push(lt(cases.dueOn, today), isNull(cases.closedAt))
  if (f.applicantType) where.push(eq(cases.applicantType, f.applicantType))
  if (f.q) {
    const pattern = `%${f.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`
    where.push(
      or(
        sql`${cases.title} LIKE ${pattern} ESCAPE '\\'`,
        sql`${submissions.reference} LIKE ${pattern} ESCAPE '\\'`,
      )!,
    )
  }
  if (f.cursor) where.push(sql`${sortKey} > ${f.cursor}`)
  const rows = await db
    .select({
      id: cases.id,
      agencyId: cases.agencyId,
      reference: submissions.reference,
      state: cases.state,
      version: cases.version,
      receivedOn: cases.receivedOn,
      dueOn: cases.dueOn,
      duePendingYear: cases.duePendingYear,
      assigneeId: cases.assigneeId,
      outcome: cases.outcome,
      applicantType: cases.applicantType,
      title: cases.title,
      createdAt: cases.createdAt,
      closedAt: cases.closedAt,
      sortKey,
    })
    .from(cases)
    .innerJoin(submissions, eq(submissions.id, cases.submissionId))
    .where(and(...where))
    .orderBy(asc(sortKey))
    .limit(f.limit + 1)
    .all()
  const page = rows.slice(0, f.limit)
  const items = page.map(({ sortKey: _k, ...r }) => ({
    ...r,
    overdue: r.closedAt === null && r.dueOn !== null && r.dueOn < today,
    createdAt: new Date(r.createdAt).toISOString(),
    closedAt: r.closedAt === null ? null : new Date(r.closedAt).toISOString(),
  }))
  return { items, nextCursor: rows.length > f.limit ? (page.at(-1)?.sortKey ?? null) : null }
}

/** Everything staff see of one case: snapshot, allowed actions for this user, the clock explained, the events. */
export async function caseDetail(
  db: Db,
  auth: AuthContext,
  id: string,
  now: number,
  calendar: WorkingCalendar,
) {
  const row = await loadAgencyCase(db, scopedAgencyIds(auth), id)
  const workflow = workflowFor(row)
  const { settings } = await agencyDisclosureSettings(db, row.agencyId)
  const snapshot = parseSnapshot(row)
  const today = shanghaiDate(now)
  const clock = computeClock(snapshot.clockEvents, calendar, settings, today)
  const actor = staffActor(auth, row.agencyId)
  const allowed = allowedActions(workflow, { ...snapshot, clock }, actor)
  const [submission, events, letterRows] = await db.batch([
    db
      .select({
        reference: submissions.reference,
        submittedAt: submissions.submittedAt,
        channel: submissions.channel,
      })
      .from(submissions)
      .where(eq(submissions.id, row.submissionId)),
    db.select().from(caseEvents).where(eq(caseEvents.caseId, row.id)).orderBy(asc(caseEvents.seq)),
    db
      .select({
        id: letters.id,
        kind: letters.kind,
        number: letters.number,
        signedAt: letters.signedAt,
        createdAt: letters.createdAt,
      })
      .from(letters)
      .where(eq(letters.caseId, row.id)),
  ])
  const stateDef = workflow.definition.states[row.state]
  return {
    id: row.id,
    agencyId: row.agencyId,
    reference: submission[0]?.reference ?? null,
    submittedAt: submission[0] ? new Date(submission[0].submittedAt).toISOString() : null,
    workflow: { id: row.workflowId, version: row.workflowVersion },
    state: row.state,
    stateLabel: stateDef?.label['zh-CN'] ?? row.state,
    version: row.version,
    receivedOn: row.receivedOn,
    dueOn: row.dueOn,
    assigneeId: row.assigneeId,
    outcome: row.outcome,
    applicantType: row.applicantType,
    title: row.title,
    closed: row.closedAt !== null,
    clock,
    allowedActions: allowed,
    snapshot,
    letters: letterRows.map((l) => ({ ...l, createdAt: new Date(l.createdAt).toISOString() })),
    events: events.map((e) => ({
      seq: e.seq,
      action: e.action,
      actorKind: e.actorKind,
      actorId: e.actorId,
      fromState: e.fromState,
      toState: e.toState,
      payload: JSON.parse(e.payload) as unknown,
      at: new Date(e.at).toISOString(),
    })),
  }
}
