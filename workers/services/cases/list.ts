// The staff case list: filters, full-text search and keyset pages that walk an index. Each agency in the caller's
// scope is one statement on `(agency_id, <key>, id)` (or its state / assignee / open-case variant), the pages merged
// here, so no statement sorts in a temporary B-tree or counts rows; a search starts from its matches (FTS5 trigram
// index, or the keyed hash of an applicant's name or ID number) and never walks the agency's cases.
import { and, eq, inArray, isNull } from 'drizzle-orm'
import * as z from 'zod'
import type { Db } from '../../../db/client'
import { userRoles, users } from '../../../db/schema'
import { shanghaiDate, type WorkingCalendar } from '../../../workflows/calendar'
import { type AuthContext, caseScopedAgencyIds } from '../../auth/sessions'
import { agencyWorkflowSettings } from '../agency-settings'
import { applicantSearchHashes } from './applicant-keys'
import { MIN_SEARCH_LENGTH, SEARCH_MATCH_CAP } from './search-limits'

export { MIN_SEARCH_LENGTH, SEARCH_MATCH_CAP } from './search-limits'

/** An agency's documents in the search index are numbered slot × 2^32 + n (migration 0014): its rowid range. */
const AGENCY_DOCS = `BETWEEN (SELECT slot FROM search_slots WHERE agency_id = ?) * 4294967296
  AND (SELECT slot FROM search_slots WHERE agency_id = ?) * 4294967296 + 4294967295`

export const CASE_SORTS = ['due', 'received'] as const
export type CaseSort = (typeof CASE_SORTS)[number]

export interface CaseListFilters {
  state?: string | undefined
  outcome?: string | undefined
  assignee?: string | undefined
  applicantType?: string | undefined
  channel?: string | undefined
  /** Only this agency of the caller's (id). */
  agency?: string | undefined
  receivedFrom?: string | undefined
  receivedTo?: string | undefined
  dueFrom?: string | undefined
  dueBefore?: string | undefined
  overdue?: boolean | undefined
  dueSoon?: boolean | undefined
  q?: string | undefined
  sort?: CaseSort | undefined
  cursor?: string | undefined
  limit: number
}

export interface ListDeps {
  /** The keyed-hash secret: lets the search box find an applicant by name or ID number (exact). */
  secret?: string | undefined
  /** Working days left and the due-soon bound. */
  calendar?: WorkingCalendar | undefined
}

/** `<sort key>|<case id>`: the sort key is a date, or 9999-12-31 for a case without one (listed last). */
export const CursorSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}\|[A-Za-z0-9:_-]{1,80}$/)

const UNDATED = '9999-12-31'

interface Row {
  id: string
  agencyId: string
  reference: string
  channel: string
  workflowId: string
  workflowVersion: number
  state: string
  version: number
  receivedOn: string | null
  dueOn: string | null
  duePendingYear: number | null
  assigneeId: string | null
  assigneeName: string | null
  outcome: string | null
  applicantType: string
  title: string
  createdAt: number
  closedAt: number | null
  sortKey: string
}

const COLUMNS = `c.id AS id, c.agency_id AS agencyId, s.reference AS reference, s.channel AS channel,
  c.workflow_id AS workflowId, c.workflow_version AS workflowVersion, c.state AS state, c.version AS version,
  c.received_on AS receivedOn, c.due_on AS dueOn, c.due_pending_year AS duePendingYear, c.assignee_id AS assigneeId,
  u.display_name AS assigneeName, c.outcome AS outcome, c.applicant_type AS applicantType, c.title AS title,
  c.created_at AS createdAt, c.closed_at AS closedAt`

/** The FTS5 query for a text: one phrase, quotes doubled, so operators and punctuation are taken literally. */
export function ftsPhrase(text: string): string {
  return `"${text.replace(/"/g, '""')}"`
}

export interface ListStatement {
  sql: string
  params: (string | number)[]
}

/** The statement for one agency's page (exported for the EXPLAIN QUERY PLAN tests). */
export function caseListStatement(
  agencyId: string,
  f: CaseListFilters & { assigneeId?: string | undefined; dueSoonBound?: string | undefined },
  today: string,
  searchHashes: string[],
  matchCap = SEARCH_MATCH_CAP,
): ListStatement {
  const key = f.sort === 'received' ? 'received_key' : 'due_key'
  const params: (string | number)[] = []
  const where: string[] = ['c.agency_id = ?']
  params.push(agencyId)
  const add = (cond: string, ...values: (string | number)[]) => {
    where.push(cond)
    params.push(...values)
  }
  if (f.state) add('c.state = ?', f.state)
  if (f.outcome) add('c.outcome = ?', f.outcome)
  if (f.assigneeId) add('c.assignee_id = ?', f.assigneeId)
  if (f.applicantType) add('c.applicant_type = ?', f.applicantType)
  if (f.channel) add('s.channel = ?', f.channel)
  if (f.receivedFrom) add('c.received_on >= ?', f.receivedFrom)
  if (f.receivedTo) add('c.received_on <= ?', f.receivedTo)
  if (f.dueFrom) add('c.due_on >= ?', f.dueFrom)
  if (f.dueBefore) add('c.due_on < ?', f.dueBefore)
  // The same bounds on the sort key, the index's column after the agency (and state or assignee): the page then
  // starts and stops inside the date range instead of walking every earlier case (an undated case's key, 9999-12-31,
  // is outside any range, as its NULL date is).
  if (key === 'received_key') {
    if (f.receivedFrom) add('c.received_key >= ?', f.receivedFrom)
    if (f.receivedTo) add('c.received_key <= ?', f.receivedTo)
  } else {
    if (f.dueFrom) add('c.due_key >= ?', f.dueFrom)
    if (f.dueBefore) add('c.due_key < ?', f.dueBefore)
  }
  const open = f.overdue || f.dueSoon
  if (open) where.push('c.closed_at IS NULL')
  if (f.overdue) add('c.due_key < ?', today)
  if (f.dueSoon) add('c.due_key >= ? AND c.due_key <= ?', today, f.dueSoonBound ?? today)
  if (f.cursor) {
    const cut = f.cursor.indexOf('|')
    add(`(c.${key}, c.id) > (?, ?)`, f.cursor.slice(0, cut), f.cursor.slice(cut + 1))
  }
  const q = f.q?.trim()
  if (q) {
    const head: (string | number)[] = []
    // Start from the matches: the trigram index (3+ characters), the applicant's keyed hashes (exact), the reference.
    const hits: string[] = [
      'SELECT c3.id FROM submissions s3 CROSS JOIN cases c3 ON c3.submission_id = s3.id WHERE s3.reference = ?',
    ]
    head.push(q.toUpperCase())
    if ([...q].length >= MIN_SEARCH_LENGTH) {
      // Only this agency's documents (its rowid range: FTS5 seeks there in each doclist), the newest first, capped.
      hits.push(
        `SELECT case_id FROM (SELECT case_id FROM case_search WHERE case_search MATCH ? AND rowid ${AGENCY_DOCS}
         ORDER BY rowid DESC LIMIT ?)`,
      )
      head.push(ftsPhrase(q), agencyId, agencyId, matchCap)
    }
    if (searchHashes.length > 0) {
      hits.push(
        `SELECT c2.id FROM applicant_keys k CROSS JOIN cases c2 ON c2.submission_id = k.submission_id AND c2.agency_id = k.agency_id
         WHERE k.agency_id = ? AND k.hash IN (${searchHashes.map(() => '?').join(', ')})`,
      )
      head.push(agencyId, ...searchHashes)
    }
    // The matches are filtered and sorted on the case rows alone (with the submission only for a channel filter);
    // the page's 21 then get their submission and assignee: a match costs its index entry and its case row.
    const sql = `WITH hits(id) AS (${hits.join(' UNION ')}),
      page(id, sortKey) AS (SELECT c.id, c.${key} FROM hits h CROSS JOIN cases c ON c.id = h.id
        ${f.channel ? 'CROSS JOIN submissions s ON s.id = c.submission_id' : ''}
        WHERE ${where.join(' AND ')} ORDER BY c.${key}, c.id LIMIT ?)
      SELECT ${COLUMNS}, p.sortKey AS sortKey FROM page p CROSS JOIN cases c ON c.id = p.id
      CROSS JOIN submissions s ON s.id = c.submission_id
      LEFT JOIN users u ON u.id = c.assignee_id
      ORDER BY p.sortKey, p.id`
    return { sql, params: [...head, ...params, f.limit + 1] }
  }
  // The index is named, so the plan is the same whatever the statistics say (EXPLAIN tests pin it).
  const index =
    f.sort === 'received'
      ? 'cases_list_received_idx'
      : f.state
        ? 'cases_list_state_due_idx'
        : f.assigneeId
          ? 'cases_list_assignee_due_idx'
          : open
            ? 'cases_list_open_due_idx'
            : 'cases_list_due_idx'
  const sql = `SELECT ${COLUMNS}, c.${key} AS sortKey FROM cases c INDEXED BY ${index}
    CROSS JOIN submissions s ON s.id = c.submission_id
    LEFT JOIN users u ON u.id = c.assignee_id
    WHERE ${where.join(' AND ')}
    ORDER BY c.${key}, c.id LIMIT ?`
  return { sql, params: [...params, f.limit + 1] }
}

/**
 * Whether an agency has more index matches for a text than a search lists (reads at most cap + 1 rowids of its
 * range); null when the text is too short for the index.
 */
export function searchOverflowStatement(
  agencyId: string,
  q: string | undefined,
  matchCap = SEARCH_MATCH_CAP,
) {
  const text = q?.trim()
  if (!text || [...text].length < MIN_SEARCH_LENGTH) return null
  return {
    sql: `SELECT count(*) > ? AS more FROM (SELECT rowid FROM case_search WHERE case_search MATCH ? AND rowid ${AGENCY_DOCS}
      LIMIT ?)`,
    params: [matchCap, ftsPhrase(text), agencyId, agencyId, matchCap + 1],
  }
}

/** The last day counted as "due soon" in an agency (today + its warning period in working days). */
export async function dueSoonBound(
  db: Db,
  calendar: WorkingCalendar | undefined,
  agencyId: string,
  today: string,
): Promise<string> {
  const { settings } = await agencyWorkflowSettings(db, agencyId, 'disclosure')
  const bound = calendar?.addWorkingDays(today, settings.dueSoonWorkingDays)
  // A year not loaded yet: every dated case up to the end of the known calendar is "soon" rather than none.
  return bound?.ok ? bound.value : `${today.slice(0, 4)}-12-31`
}

/** The agencies a list covers: the caller's case agencies, or the one asked for (none if it is not theirs). */
export function listScope(auth: AuthContext, agency: string | undefined): string[] {
  const scope = caseScopedAgencyIds(auth)
  return agency ? scope.filter((a) => a === agency) : scope
}

/** Agency-scoped case list in due-date (or receipt) order, undated last, with a keyset cursor. */
export async function listCases(
  db: Db,
  auth: AuthContext,
  f: CaseListFilters,
  now: number,
  deps: ListDeps = {},
) {
  const scope = listScope(auth, f.agency)
  if (scope.length === 0) return { items: [], nextCursor: null, searchCapped: false }
  const today = shanghaiDate(now)
  const assigneeId = f.assignee === 'me' ? auth.user.id : f.assignee
  const hashes = f.q && deps.secret ? await applicantSearchHashes(deps.secret, f.q) : []
  const statements = await Promise.all(
    scope.map(async (agencyId) => {
      const dueSoon = f.dueSoon ? await dueSoonBound(db, deps.calendar, agencyId, today) : undefined
      const s = caseListStatement(agencyId, { ...f, assigneeId, dueSoonBound: dueSoon }, today, hashes)
      return db.$client.prepare(s.sql).bind(...s.params)
    }),
  )
  const overflow = scope.flatMap((agencyId) => {
    const s = searchOverflowStatement(agencyId, f.q)
    return s ? [db.$client.prepare(s.sql).bind(...s.params)] : []
  })
  const results = await db.$client.batch<Row | { more: number }>([...statements, ...overflow])
  /** True when some agency had more matches than a search lists: the page asks for a narrower search. */
  const searchCapped = results
    .slice(statements.length)
    .some((r) => (r.results[0] as { more: number })?.more === 1)
  const rows = results
    .slice(0, statements.length)
    .flatMap((r) => r.results as Row[])
    .sort((a, b) =>
      a.sortKey === b.sortKey ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : a.sortKey < b.sortKey ? -1 : 1,
    )
    .slice(0, f.limit + 1)
  const page = rows.slice(0, f.limit)
  const items = page.map(({ sortKey: _k, ...r }) => {
    const open = r.closedAt === null
    const left = open && r.dueOn && deps.calendar ? deps.calendar.workingDaysBetween(today, r.dueOn) : null
    return {
      ...r,
      overdue: open && r.dueOn !== null && r.dueOn < today,
      /** Working days from today to the due date (negative when late), while the case is open and the calendar knows. */
      daysLeft: left?.ok ? left.value : null,
      createdAt: new Date(r.createdAt).toISOString(),
      closedAt: r.closedAt === null ? null : new Date(r.closedAt).toISOString(),
    }
  })
  const last = page.at(-1)
  return {
    items,
    nextCursor: rows.length > f.limit && last ? `${last.sortKey ?? UNDATED}|${last.id}` : null,
    searchCapped,
  }
}

/** The enabled handlers of some agencies (who a case may be assigned to), by name. */
export async function agencyHandlers(db: Db, agencyIds: string[]) {
  if (agencyIds.length === 0) return []
  return db
    .selectDistinct({ id: users.id, displayName: users.displayName })
    .from(userRoles)
    .innerJoin(users, eq(users.id, userRoles.userId))
    .where(
      and(inArray(userRoles.agencyId, agencyIds), eq(userRoles.role, 'handler'), isNull(users.disabledAt)),
    )
    .orderBy(users.displayName)
    .all()
}
