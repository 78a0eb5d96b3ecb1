// 转办: moving a request to another agency of the deployment. The receiving agency opens its own case on the same
// submission through the one create path, awaiting its own confirmation of receipt (its clock starts on its own
// day of receipt), committed in the same batch as the sender's transition.
import { and, eq } from 'drizzle-orm'
import type { Db } from '../../../db/client'
import { agencies, cases } from '../../../db/schema'
import type { WorkingCalendar } from '../../../workflows/calendar'
import type { DisclosureSnapshot } from '../../../workflows/definitions'
import type { Actor } from '../../../workflows/engine'
import { AppError } from '../../errors'
import { messages } from '../../i18n/zh-CN'
import { agencyCalendar } from '../calendar'
import type { CaseWrite } from '../case-store'
import { mayTransferTo } from '../transfer-targets'
import type { CaseRow } from './case-row'
import { openCase } from './open'

const t = messages.cases.errors

/** The first event of a case opened by a transfer (staff trail: 收到转办的申请). */
export const TRANSFERRED_IN = 'transferred-in'

/**
 * Check the target agency and build the receiving case. For the receiving agency the application arrives now: its
 * "confirm within 1 working day" flag and its receipt date count from here.
 */
export async function receivingCase(
  db: Db,
  input: {
    row: CaseRow
    transfer: NonNullable<DisclosureSnapshot['transfer']>
    actor: Actor
    now: number
    calendar: WorkingCalendar
  },
): Promise<CaseWrite> {
  const { row, transfer, actor, now, calendar } = input
  const target = await db.select().from(agencies).where(eq(agencies.id, transfer.toAgencyId)).get()
  // An agency this one may not transfer to is answered like an unknown one: nothing about other tenants leaks.
  if (!target || target.id === row.agencyId || !(await mayTransferTo(db, row.agencyId, target.id))) {
    throw new AppError('validation_failed', {
      issues: [{ path: 'toAgencyId', code: 'unknown_agency', message: t.transferUnknownAgency }],
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
        { path: 'toAgencyId', code: 'already_handled', message: t.transferAlreadyHandled(target.name) },
      ],
    })
  }
  if (transfer.toAgencyName !== target.name) {
    throw new AppError('validation_failed', {
      issues: [{ path: 'toAgencyName', code: 'mismatch', message: t.transferNameMismatch(target.name) }],
    })
  }
  return openCase({
    agencyId: target.id,
    submissionId: row.submissionId,
    applicantType: row.applicantType,
    title: row.title,
    applicantKey: row.applicantKey,
    now,
    // The receiving agency's clock runs on its own calendar (its local rules, not the sender's).
    calendar: await agencyCalendar(db, calendar, target.id),
    firstEvent: {
      action: TRANSFERRED_IN,
      actorKind: actor.kind,
      actorId: actor.kind === 'staff' ? actor.id : null,
      payload: { fromAgencyId: row.agencyId, fromCaseId: row.id, reason: transfer.reason },
    },
  })
}
