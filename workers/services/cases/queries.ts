// Reading disclosure cases for staff, always scoped to the user's agencies: one case and the detail (snapshot, clock
// explained, allowed actions, letters, trail). The list is list.ts.
import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import type { Db } from '../../../db/client'
import { caseEvents, cases, letters, reportClosures, submissions } from '../../../db/schema'
import { shanghaiDate, type WorkingCalendar } from '../../../workflows/calendar'
import { computeClock } from '../../../workflows/clock'
import { allowedActions } from '../../../workflows/engine'
import { type AuthContext, caseScopedAgencyIds } from '../../auth/sessions'
import { AppError } from '../../errors'
import { agencyWorkflowSettings } from '../agency-settings'
import { agencyCalendar } from '../calendar'
import { staffActor } from './actor'
import { type CaseRow, deadlineOf, decisionNotice, snapshotOf, workflowFor } from './case-row'
import { earlierRequestsThisMonth } from './monthly-requests'

/** A case of one of `agencyIds`; anything else (another agency's, or none) is the same 404. */
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

/** What an action reads with its case, so it need not read them one by one: the applicant's submission, closed years. */
export interface CaseWithContext {
  row: CaseRow
  /** The case's submission (letters address its applicant). */
  submission: typeof submissions.$inferSelect | null
  /** The years of the agency's annual report that are closed now (see reports/closing.ts). */
  closedYears: number[]
}

/**
 * `loadAgencyCase` for an action: the case, its submission (joined) and its agency's closed report years (a
 * subquery) in one statement, so one round trip; a foreign case reads nothing.
 */
export async function loadAgencyCaseForAction(
  db: Db,
  agencyIds: string[],
  id: string,
): Promise<CaseWithContext> {
  if (agencyIds.length === 0) throw new AppError('not_found')
  const found = await db
    .select({
      row: cases,
      submission: submissions,
      closedYears: sql<string>`(SELECT coalesce(json_group_array(${reportClosures.year}), '[]') FROM ${reportClosures} WHERE ${reportClosures.agencyId} = ${cases.agencyId} AND ${reportClosures.status} = 'closed')`,
    })
    .from(cases)
    .leftJoin(submissions, eq(submissions.id, cases.submissionId))
    .where(and(eq(cases.id, id), inArray(cases.agencyId, agencyIds)))
    .get()
  if (!found) throw new AppError('not_found')
  return {
    row: found.row,
    submission: found.submission,
    closedYears: JSON.parse(found.closedYears) as number[],
  }
}

/** Everything staff see of one case: snapshot, allowed actions for this user, the clock explained, the events. */
export async function caseDetail(
  db: Db,
  auth: AuthContext,
  id: string,
  now: number,
  calendar: WorkingCalendar,
) {
  const row = await loadAgencyCase(db, caseScopedAgencyIds(auth), id)
  const workflow = workflowFor(row)
  const { settings } = await agencyWorkflowSettings(db, row.agencyId, row.workflowId)
  const snapshot = snapshotOf(row)
  const today = shanghaiDate(now)
  const clock = computeClock(
    snapshot.clockEvents,
    await agencyCalendar(db, calendar, row.agencyId),
    settings,
    today,
  )
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
  // 国办函〔2020〕109号: the applicant's earlier requests this month, as a per-request fee notice counts them.
  const monthlyRequests = await earlierRequestsThisMonth(db, row)
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
    deadline: deadlineOf(row.workflowId),
    notice: decisionNotice(snapshot),
    assigneeId: row.assigneeId,
    outcome: row.outcome,
    applicantType: row.applicantType,
    title: row.title,
    closed: row.closedAt !== null,
    clock,
    monthlyRequests,
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
