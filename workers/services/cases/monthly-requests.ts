// 国办函〔2020〕109号 charges per request cumulatively per applicant per calendar month: the requests already counted
// this month are the applicant's other disclosure applications to the same agency received earlier in the month,
// matched on the keyed hash of the normalised ID number or USCC (cases.applicant_key), never on plaintext. The
// service fills the fee notice's `priorCount` with it before the engine runs; staff no longer type it.
import { and, asc, eq, gte, lte, ne } from 'drizzle-orm'
import type { Db } from '../../../db/client'
import { cases, submissions } from '../../../db/schema'
import type { CaseRow } from './case-row'

export interface MonthlyRequests {
  /** The calendar month (YYYY-MM) of this case's day of receipt. */
  month: string
  /** Requests of this applicant already counted this month, before this one. */
  count: number
  /** The applications counted, earliest first. */
  cases: { id: string; reference: string; receivedOn: string }[]
}

type Counted = Pick<CaseRow, 'id' | 'agencyId' | 'workflowId' | 'applicantKey' | 'receivedOn' | 'createdAt'>

/**
 * The applicant's earlier requests to the case's agency in the calendar month of its receipt (received before it,
 * or the same day and registered earlier). Null when it cannot be counted: not a disclosure case, not yet received,
 * or opened before applicant keys were stored (no ID number or USCC on record).
 */
export async function earlierRequestsThisMonth(db: Db, row: Counted): Promise<MonthlyRequests | null> {
  if (row.workflowId !== 'disclosure' || !row.applicantKey || !row.receivedOn) return null
  const month = row.receivedOn.slice(0, 7)
  const candidates = await db
    .select({
      id: cases.id,
      reference: submissions.reference,
      receivedOn: cases.receivedOn,
      createdAt: cases.createdAt,
    })
    .from(cases)
    .innerJoin(submissions, eq(submissions.id, cases.submissionId))
    .where(
      and(
        eq(cases.agencyId, row.agencyId),
        eq(cases.applicantKey, row.applicantKey),
        gte(cases.receivedOn, `${month}-01`),
        lte(cases.receivedOn, row.receivedOn),
        eq(cases.workflowId, 'disclosure'),
        ne(cases.id, row.id),
      ),
    )
    .orderBy(asc(cases.receivedOn), asc(cases.createdAt), asc(cases.id))
    .all()
  const earlier = candidates.filter(
    (c) =>
      c.receivedOn! < row.receivedOn! ||
      c.createdAt < row.createdAt ||
      (c.createdAt === row.createdAt && c.id < row.id),
  )
  return {
    month,
    count: earlier.length,
    cases: earlier.map((c) => ({ id: c.id, reference: c.reference, receivedOn: c.receivedOn! })),
  }
}

/**
 * The action input as the engine gets it: a per-request fee notice carries the computed count of this month's
 * earlier requests, whatever the caller sent (0 where it cannot be counted, see earlierRequestsThisMonth).
 */
export async function withComputedInputs(
  db: Db,
  row: Counted,
  action: string,
  body: unknown,
): Promise<unknown> {
  if (action !== 'issue-fee-notice' || typeof body !== 'object' || body === null) return body
  const input = body as Record<string, unknown>
  if (input.method !== 'per_request') return body
  const counted = await earlierRequestsThisMonth(db, row)
  return { ...input, priorCount: counted?.count ?? 0 }
}
