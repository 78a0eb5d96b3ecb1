// The workbench queues: how many cases wait in each queue the user's roles work, read from the maintained counters
// (`case_counts`, kept by triggers in the statement writing each case) and, for the two date queues, an index range
// count on `cases_list_open_due_idx` bounded by the cases it counts (never a COUNT(*) over an agency's cases).
import type { Db } from '../../../db/client'
import { shanghaiDate, type WorkingCalendar } from '../../../workflows/calendar'
import type { Role } from '../../../workflows/engine/types'
import type { AuthContext } from '../../auth/sessions'
import { dueSoonBound, listScope } from './list'

export const QUEUE_KEYS = [
  'submitted',
  'received',
  'mine',
  'legal_review',
  'awaiting_approval',
  'approved',
  'awaiting_correction',
  'consulting',
  'due_soon',
  'overdue',
] as const
export type QueueKey = (typeof QUEUE_KEYS)[number]

interface QueueDef {
  roles: readonly Role[]
  /** The state counted, or a date queue. */
  state?: string
  /** Only cases assigned to the user. */
  mine?: boolean
  /** The case list's query for the same cases. */
  list: string
}

const CASE_ROLES: readonly Role[] = ['registrar', 'handler', 'legal_reviewer', 'approver', 'admin']

/** Each queue: who works it (the actions of its state), what it counts, and its filtered list. */
export const QUEUES: Record<QueueKey, QueueDef> = {
  submitted: { roles: ['registrar', 'admin'], state: 'submitted', list: 'state=submitted' },
  received: { roles: ['registrar', 'admin'], state: 'received', list: 'state=received' },
  mine: { roles: ['handler'], state: 'in_progress', mine: true, list: 'state=in_progress&mine=true' },
  legal_review: { roles: ['legal_reviewer'], state: 'legal_review', list: 'state=legal_review' },
  awaiting_approval: { roles: ['approver'], state: 'awaiting_approval', list: 'state=awaiting_approval' },
  approved: { roles: ['registrar', 'handler', 'admin'], state: 'approved', list: 'state=approved' },
  awaiting_correction: {
    roles: ['registrar', 'handler', 'admin'],
    state: 'awaiting_correction',
    list: 'state=awaiting_correction',
  },
  consulting: { roles: ['handler', 'admin'], state: 'consulting', list: 'state=consulting' },
  due_soon: { roles: CASE_ROLES, list: 'dueSoon=true' },
  overdue: { roles: CASE_ROLES, list: 'overdue=true' },
}

export interface QueueCount {
  key: QueueKey
  count: number
  href: string
}

/** The queues the user works, with their counts (summed over the agencies where they hold a role of the queue). */
export async function workbenchQueues(
  db: Db,
  auth: AuthContext,
  now: number,
  calendar: WorkingCalendar | undefined,
): Promise<QueueCount[]> {
  const scope = listScope(auth, undefined)
  const worksIn = (q: QueueDef) =>
    scope.filter((a) => auth.roles.some((r) => r.agencyId === a && q.roles.includes(r.role)))
  const keys = QUEUE_KEYS.filter((k) => worksIn(QUEUES[k]).length > 0)
  if (keys.length === 0) return []
  const today = shanghaiDate(now)
  const dated = scope.filter((a) => worksIn(QUEUES.overdue).includes(a))
  const bounds = await Promise.all(dated.map((a) => dueSoonBound(db, calendar, a, today)))
  const d1 = db.$client
  const marks = scope.map(() => '?').join(', ')
  const [counters, ...dates] = await d1.batch<{
    agencyId: string
    state: string
    assigneeId: string
    n: number
  }>([
    d1
      .prepare(
        `SELECT agency_id AS agencyId, state, assignee_id AS assigneeId, n FROM case_counts
         WHERE agency_id IN (${marks}) AND n > 0`,
      )
      .bind(...scope),
    ...dated.flatMap((a, i) => [
      d1
        .prepare(
          `SELECT ? AS agencyId, 'overdue' AS state, '' AS assigneeId, count(*) AS n FROM cases INDEXED BY cases_list_open_due_idx
           WHERE agency_id = ? AND closed_at IS NULL AND due_key < ?`,
        )
        .bind(a, a, today),
      d1
        .prepare(
          `SELECT ? AS agencyId, 'due_soon' AS state, '' AS assigneeId, count(*) AS n FROM cases INDEXED BY cases_list_open_due_idx
           WHERE agency_id = ? AND closed_at IS NULL AND due_key >= ? AND due_key <= ?`,
        )
        .bind(a, a, today, bounds[i]!),
    ]),
  ])
  const rows = [...(counters?.results ?? []), ...dates.flatMap((d) => d.results)]
  return keys.map((key) => {
    const q = QUEUES[key]
    const agencies = new Set(worksIn(q))
    const state = q.state ?? key
    const count = rows
      .filter(
        (r) => agencies.has(r.agencyId) && r.state === state && (!q.mine || r.assigneeId === auth.user.id),
      )
      .reduce((sum, r) => sum + r.n, 0)
    return { key, count, href: `/admin/cases?${q.list}` }
  })
}
