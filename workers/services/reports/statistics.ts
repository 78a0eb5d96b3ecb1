// Statistics for an agency (optionally with its sub-agencies) and a year, and the proactive-disclosure list (Art.
// 44). What each query reads:
//  - requests per month by channel and applicant type: report_monthly (trigger-kept counters; ≤ 12 × channels ×
//    applicant types rows per agency), never cases;
//  - outcome mix: report_counts (the annual report's counters, rows of this year's decisions only);
//  - on-time rate, median working days to reply, extension and correction rates: one row per case decided in the
//    year, through cases_agency_decided_idx (the medians need each case's figure; nothing outside the year is read);
//  - disputes and correction rates: case_remedies filed in the year (case_remedies_agency_filed_idx);
//  - frequently requested information: id, title and outcome of each case received in the year
//    (cases_agency_received_idx), grouped in memory.
import { and, desc, eq, gte, inArray, isNotNull, lte, or, sql } from 'drizzle-orm'
import type { Db } from '../../../db/client'
import {
  agencies,
  caseRemedies,
  cases,
  proactiveNotes,
  reportCounts,
  reportMonthly,
} from '../../../db/schema'
import {
  APPLICANT_COLUMNS,
  OUTCOME_CODES,
  type OutcomeCode,
  TABLE3_ROWS,
  table3RowFor,
} from '../../../workflows/outcomes'
import {
  DEFAULT_MIN_REQUESTS,
  groupSimilarRequests,
  median,
  type RequestGroup,
  rate,
} from '../../../workflows/reports/statistics'
import { type AuthContext, scopedAgencyIds } from '../../auth/sessions'
import { AppError } from '../../errors'
import { messages } from '../../i18n/zh-CN'
import { newId } from '../../lib/crypto'
import { commitAudited } from '../audit-log'
import { agencyCalendar, loadCalendar } from '../calendar'
import { type AnnualReportQuery, reportScope } from './annual-report'

export interface StatisticsQuery extends AnnualReportQuery {
  minRequests?: number | undefined
}

export interface Statistics {
  agency: { id: string; name: string; slug: string }
  year: number
  subAgencies: boolean
  months: string[]
  /** Requests received per month: by channel and by applicant column (keys as stored). */
  monthly: {
    byChannel: { key: string; label: string; values: number[] }[]
    byApplicant: { key: string; label: string; values: number[] }[]
    total: number[]
  }
  outcomes: { row: string; label: string; n: number }[]
  replies: {
    /** Replies sent in the year (cases decided with a reply). */
    replied: number
    onTime: number
    onTimeRate: number | null
    /** Working days from receipt to reply (the agency's calendar); null when none or the calendar cannot say. */
    medianWorkingDays: number | null
    /** Cases decided in the year (received), those extended and those asked to correct their request. */
    decided: number
    extended: number
    extensionRate: number | null
    correctionRequested: number
    correctionRate: number | null
  }
  disputes: {
    reconsideration: number
    litigation: number
    /** Remedies filed in the year and concluded by its end; corrected among them (被纠错). */
    concluded: number
    corrected: number
    correctedRate: number | null
    /** Litigation concluded and lost (纠正) among it (败诉). */
    litigationConcluded: number
    litigationLost: number
    lostRate: number | null
  }
  frequent: (RequestGroup & { noted: boolean })[]
  minRequests: number
}

const channelLabel = (key: string) =>
  (messages.reports.channelLabels as Record<string, string>)[key] ?? messages.reports.channelLabels.unknown

export async function reportStatistics(
  db: Db,
  auth: AuthContext,
  query: StatisticsQuery,
  now: number,
): Promise<Statistics> {
  const scope = await reportScope(db, auth, query, now)
  const ids = scope.agencies.map((a) => a.id)
  const year = query.year
  const start = `${year}-01-01`
  const end = `${year}-12-31`
  const minRequests = query.minRequests ?? DEFAULT_MIN_REQUESTS
  const [monthRows, countRows, decidedRows, remedyRows, receivedRows, noted] = await db.batch([
    db
      .select()
      .from(reportMonthly)
      .where(
        and(
          inArray(reportMonthly.agencyId, ids),
          gte(reportMonthly.month, `${year}-01`),
          lte(reportMonthly.month, `${year}-12`),
        ),
      ),
    db
      .select({ agencyId: reportCounts.agencyId, outcome: reportCounts.outcome, n: reportCounts.n })
      .from(reportCounts)
      .where(and(inArray(reportCounts.agencyId, ids), eq(reportCounts.decidedYear, year))),
    db
      .select({
        agencyId: cases.agencyId,
        receivedOn: cases.receivedOn,
        decidedOn: cases.decidedOn,
        sentOn: sql<string | null>`json_extract(${cases.snapshot}, '$.reply.sentOn')`,
        replyDueOn: sql<string | null>`json_extract(${cases.snapshot}, '$.reply.replyDueOn')`,
        extended: sql<number>`json_extract(${cases.snapshot}, '$.extension') IS NOT NULL`,
        correction: sql<number>`coalesce(json_extract(${cases.snapshot}, '$.flags.correctionRequested'), 0)`,
      })
      .from(cases)
      .where(
        and(
          inArray(cases.agencyId, ids),
          gte(cases.decidedOn, start),
          lte(cases.decidedOn, end),
          eq(cases.workflowId, 'disclosure'),
          isNotNull(cases.receivedOn),
        ),
      ),
    db
      .select()
      .from(caseRemedies)
      .where(
        and(
          inArray(caseRemedies.agencyId, ids),
          gte(caseRemedies.filedOn, start),
          lte(caseRemedies.filedOn, end),
        ),
      ),
    db
      .select({ id: cases.id, title: cases.title, outcome: cases.outcome })
      .from(cases)
      .where(
        and(
          inArray(cases.agencyId, ids),
          gte(cases.receivedOn, start),
          lte(cases.receivedOn, end),
          eq(cases.workflowId, 'disclosure'),
        ),
      ),
    db
      .select({ groupKey: proactiveNotes.groupKey })
      .from(proactiveNotes)
      .where(eq(proactiveNotes.agencyId, scope.agency.id)),
  ])
  const months = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`)
  const tally = (key: (r: (typeof monthRows)[number]) => string) => {
    const by = new Map<string, number[]>()
    for (const r of monthRows) {
      if (r.n === 0) continue
      const values = by.get(key(r)) ?? Array(12).fill(0)
      values[Number(r.month.slice(5, 7)) - 1] += r.n
      by.set(key(r), values)
    }
    return by
  }
  const byChannel = tally((r) => r.channel || 'unknown')
  const knownColumns = new Set<string>(APPLICANT_COLUMNS.map((c) => c.key))
  const byApplicant = tally((r) =>
    knownColumns.has(r.applicantType) ? r.applicantType : 'other_organization',
  )
  const total = months.map((_, i) => [...byChannel.values()].reduce((n, v) => n + v[i]!, 0))

  // Outcome mix by Table 3 row (each agency's own special-regime row does not matter here: by outcome code's row).
  const known = new Set<string>(OUTCOME_CODES)
  const byRow = new Map<string, number>()
  for (const r of countRows) {
    if (!r.n || !known.has(r.outcome)) continue
    const row = table3RowFor(r.outcome as OutcomeCode)
    byRow.set(row, (byRow.get(row) ?? 0) + r.n)
  }

  // Working days receipt → reply, on each agency's calendar.
  const national = await loadCalendar(db)
  const calendars = new Map<string, Awaited<ReturnType<typeof agencyCalendar>>>()
  for (const id of new Set(decidedRows.map((r) => r.agencyId)))
    calendars.set(id, await agencyCalendar(db, national, id))
  const days: number[] = []
  let replied = 0
  let onTime = 0
  for (const r of decidedRows) {
    if (!r.sentOn || !r.receivedOn) continue
    replied++
    if (r.replyDueOn && r.sentOn <= r.replyDueOn) onTime++
    const n = calendars.get(r.agencyId)!.workingDaysBetween(r.receivedOn, r.sentOn)
    if (n.ok) days.push(n.value)
  }
  const extended = decidedRows.filter((r) => Number(r.extended) === 1).length
  const correctionRequested = decidedRows.filter((r) => Number(r.correction) === 1).length

  const concludedBy = (r: (typeof remedyRows)[number]) =>
    r.decidedOn !== null && r.decidedOn <= end && r.result !== 'pending'
  const litigation = remedyRows.filter((r) => r.kind === 'litigation')
  const concluded = remedyRows.filter(concludedBy)
  const corrected = concluded.filter((r) => r.result === 'corrected').length
  const litigationConcluded = litigation.filter(concludedBy)
  const litigationLost = litigationConcluded.filter((r) => r.result === 'corrected').length

  const notedKeys = new Set(noted.map((n) => n.groupKey))
  const frequent = groupSimilarRequests(
    receivedRows.map((r) => ({
      id: r.id,
      title: r.title,
      disclosed:
        r.outcome === 'disclosed' || r.outcome === 'partially_disclosed' || r.outcome === 'already_published',
    })),
    { minRequests },
  )
    .filter((g) => g.requests >= 2)
    .slice(0, 20)
    .map((g) => ({ ...g, noted: notedKeys.has(g.key) }))

  return {
    agency: { id: scope.agency.id, name: scope.agency.name, slug: scope.agency.slug },
    year,
    subAgencies: query.subAgencies,
    months,
    monthly: {
      byChannel: [...byChannel.entries()]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([key, values]) => ({ key, label: channelLabel(key), values })),
      byApplicant: APPLICANT_COLUMNS.filter((c) => byApplicant.has(c.key)).map((c) => ({
        key: c.key,
        label: c.label,
        values: byApplicant.get(c.key)!,
      })),
      total,
    },
    outcomes: TABLE3_ROWS.filter((r) => byRow.get(r.key)).map((r) => ({
      row: r.key,
      label: r.group === r.label ? r.label : `${r.group}${r.label}`,
      n: byRow.get(r.key)!,
    })),
    replies: {
      replied,
      onTime,
      onTimeRate: rate(onTime, replied),
      medianWorkingDays: median(days),
      decided: decidedRows.length,
      extended,
      extensionRate: rate(extended, decidedRows.length),
      correctionRequested,
      correctionRate: rate(correctionRequested, decidedRows.length),
    },
    disputes: {
      reconsideration: remedyRows.length - litigation.length,
      litigation: litigation.length,
      concluded: concluded.length,
      corrected,
      correctedRate: rate(corrected, concluded.length),
      litigationConcluded: litigationConcluded.length,
      litigationLost,
      lostRate: rate(litigationLost, litigationConcluded.length),
    },
    frequent,
    minRequests,
  }
}

export interface ProactiveNoteView {
  id: string
  groupKey: string
  title: string
  requests: number
  year: number
  caseIds: string[]
  note: string
  createdBy: string
  createdAt: number
}

/**
 * Note a group of frequently requested information on the agency's proactive-disclosure list (audited). The group
 * is found again from the year's statistics by its key; noting it twice keeps the first note (idempotent).
 */
export async function noteForProactiveDisclosure(
  db: Db,
  input: {
    auth: AuthContext
    agency: string
    year: number
    groupKey: string
    note: string
    now: number
    ip: string | null
  },
): Promise<ProactiveNoteView> {
  const stats = await reportStatistics(
    db,
    input.auth,
    { agency: input.agency, year: input.year, subAgencies: false, minRequests: 1 },
    input.now,
  )
  const group = stats.frequent.find((g) => g.key === input.groupKey)
  if (!group) {
    const message = messages.reports.proactiveGroupMissing
    throw new AppError('validation_failed', {
      message,
      issues: [{ path: 'groupKey', code: 'unknown_group', message }],
    })
  }
  const agencyId = stats.agency.id
  const existing = await proactiveOf(db, agencyId, group.key)
  if (existing) return existing
  const id = newId()
  await commitAudited(
    db,
    [
      db
        .insert(proactiveNotes)
        .values({
          id,
          agencyId,
          groupKey: group.key,
          title: group.title,
          requests: group.requests,
          year: input.year,
          caseIds: JSON.stringify(group.ids),
          note: input.note,
          createdBy: input.auth.user.id,
          createdAt: input.now,
        })
        .onConflictDoNothing(),
    ],
    [
      {
        agencyId,
        actorId: input.auth.user.id,
        action: 'report.proactive_note',
        target: id,
        payload: { year: input.year, title: group.title, requests: group.requests },
        ip: input.ip,
        at: input.now,
      },
    ],
  )
  return (await proactiveOf(db, agencyId, group.key))!
}

async function proactiveOf(db: Db, agencyId: string, groupKey: string): Promise<ProactiveNoteView | null> {
  const row = await db
    .select()
    .from(proactiveNotes)
    .where(and(eq(proactiveNotes.agencyId, agencyId), eq(proactiveNotes.groupKey, groupKey)))
    .get()
  return row ? { ...row, caseIds: JSON.parse(row.caseIds) as string[] } : null
}

/** The agency's proactive-disclosure list, newest first (an agency the caller may not see is a 404). */
export async function proactiveList(db: Db, auth: AuthContext, agency: string) {
  const agencyRow = await db
    .select({ id: agencies.id, name: agencies.name, slug: agencies.slug })
    .from(agencies)
    .where(or(eq(agencies.id, agency), eq(agencies.slug, agency)))
    .get()
  if (!agencyRow || !scopedAgencyIds(auth).includes(agencyRow.id)) throw new AppError('not_found')
  const rows = await db
    .select()
    .from(proactiveNotes)
    .where(eq(proactiveNotes.agencyId, agencyRow.id))
    .orderBy(desc(proactiveNotes.createdAt))
    .all()
  return { agency: agencyRow, items: rows.map((r) => ({ ...r, caseIds: JSON.parse(r.caseIds) as string[] })) }
}
