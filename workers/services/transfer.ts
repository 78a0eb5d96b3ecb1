// 转办: moving a request to another agency of the deployment. The receiving agency gets a new case on the same
// submission, awaiting its own confirmation of receipt (its clock starts on its own day of receipt).
import { and, eq } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import type { Db } from '../../db/client'
import { agencies, cases } from '../../db/schema'
import { addCalendarDays, type WorkingCalendar } from '../../workflows/calendar'
import { CURRENT_DISCLOSURE_VERSION, receiptConfirmationDue } from '../../workflows/definitions'
import { AppError } from '../errors'
import { newId } from '../lib/crypto'
import { type CaseRow, newCaseSnapshot } from './cases'

/**
 * Validate the target agency and build the new case row to commit with the transfer. For the receiving agency
 * the application arrives now: its "confirm within 1 working day" flag and its receipt date count from here.
 */
export async function transferExtras(
  db: Db,
  row: CaseRow,
  input: Record<string, unknown>,
  now: number,
  calendar: WorkingCalendar,
) {
  const toAgencyId = typeof input.toAgencyId === 'string' ? input.toAgencyId : ''
  const target = toAgencyId
    ? await db.select().from(agencies).where(eq(agencies.id, toAgencyId)).get()
    : undefined
  if (!target || target.id === row.agencyId) {
    throw new AppError('validation_failed', {
      issues: [{ path: 'toAgencyId', code: 'unknown_agency', message: '请选择本平台内的其他机关' }],
    })
  }
  // One case per submission and agency (unique index): an agency that already had this request (e.g. a transfer
  // back to the sender) cannot open a second one. Say so here rather than losing the insert as a 409 conflict.
  const existing = await db
    .select({ id: cases.id })
    .from(cases)
    .where(and(eq(cases.submissionId, row.submissionId), eq(cases.agencyId, target.id)))
    .get()
  if (existing) {
    throw new AppError('validation_failed', {
      issues: [
        {
          path: 'toAgencyId',
          code: 'already_handled',
          message: `该申请已由“${target.name}”办理过，不能再次转至该机关`,
        },
      ],
    })
  }
  if (input.toAgencyName !== target.name) {
    throw new AppError('validation_failed', {
      issues: [{ path: 'toAgencyName', code: 'mismatch', message: `转至机关名称应为“${target.name}”` }],
    })
  }
  const snapshot = newCaseSnapshot(now)
  const confirmBy = receiptConfirmationDue(snapshot, calendar)
  const statement: BatchItem<'sqlite'> = db.insert(cases).values({
    id: newId(),
    agencyId: target.id,
    submissionId: row.submissionId,
    workflowId: 'disclosure',
    workflowVersion: CURRENT_DISCLOSURE_VERSION,
    state: snapshot.state,
    version: 0,
    snapshot: JSON.stringify(snapshot),
    nextTimerOn: confirmBy ? addCalendarDays(confirmBy, 1) : null,
    applicantType: row.applicantType,
    title: row.title,
    createdAt: now,
    updatedAt: now,
  })
  return [statement]
}
