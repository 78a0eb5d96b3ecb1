// The annual report at the edge: Tables 3 and 4 for an agency (optionally with its sub-agencies) and a year, read
// from the trigger-kept counters (report_counts, case_remedies), the self-checks explained by the cases behind
// them, and the drill-down from a cell to its cases.
import { and, asc, eq, gt, gte, inArray, isNotNull, isNull, lt, lte, or, type SQL, sql } from 'drizzle-orm'
import type { Db } from '../../../db/client'
import {
  agencies,
  calendarYears,
  caseRemedies,
  cases,
  reportCounts,
  reportFees,
  submissions,
  taskPlans,
} from '../../../db/schema'
import { shanghaiDate } from '../../../workflows/calendar'
import {
  APPLICANT_COLUMNS,
  OUTCOME_CODES,
  type OutcomeCode,
  REMEDY_RESULTS,
  type RemedyResult,
  type ReportColumn,
  TABLE3_LINES,
  TABLE3_ROWS,
  TABLE4_GROUPS,
  type Table3RowKey,
  table3RowFor,
  table4GroupFor,
} from '../../../workflows/outcomes'
import {
  annualTable3FromCounts,
  annualTable4,
  type Cells,
  checkTable3,
  type ReportCheck,
  type ReportCount,
  type ReportFault,
  type ReportRemedy,
  TABLE3_LINES_IN_ORDER,
  type Table3Column,
  type Table3Line,
  type Table4,
} from '../../../workflows/reports/annual'
import { type AuthContext, scopedAgencyIds } from '../../auth/sessions'
import { AppError } from '../../errors'
import { messages } from '../../i18n/zh-CN'
import { parseAgencySettings } from '../agency-settings'
import { planLedger } from '../tasks/on-demand'
import { type ClosureView, closureOf } from './closing'

/** The JSON names of Table 3's columns (the public contract), by report column. */
export const CONTRACT_COLUMNS: Record<Table3Column, string> = {
  natural_person: 'natural_person',
  commercial_enterprise: 'commercial',
  research_institution: 'research',
  public_welfare_organization: 'social_welfare',
  legal_service_institution: 'legal_services',
  other_organization: 'other',
  total: 'total',
}
const COLUMN_OF_CONTRACT = Object.fromEntries(
  Object.entries(CONTRACT_COLUMNS).map(([k, v]) => [v, k as Table3Column]),
) as Record<string, Table3Column>

/** The JSON keys of Table 3's lines (leaf rows keep their report keys: `1`, `3.4`, …). */
const LINE_KEYS: Record<Table3Line, string> = Object.fromEntries(
  TABLE3_LINES_IN_ORDER.map((l) => [
    l,
    l === 'new'
      ? 'new'
      : l === 'carriedIn'
        ? 'carried_in'
        : l === 'resultsTotal'
          ? 'results_total'
          : l === 'carriedOut'
            ? 'carried_out'
            : l,
  ]),
) as Record<Table3Line, string>
const LINE_OF_KEY = Object.fromEntries(
  Object.entries(LINE_KEYS).map(([k, v]) => [v, k as Table3Line]),
) as Record<string, Table3Line>

/** The JSON keys accepted for a drill-down (line and column). */
export const REPORT_LINE_KEYS = Object.values(LINE_KEYS) as [string, ...string[]]
export const REPORT_COLUMN_KEYS = Object.values(CONTRACT_COLUMNS) as [string, ...string[]]

function lineLabel(line: Table3Line): { label: string; group: string | null } {
  switch (line) {
    case 'new':
      return { label: TABLE3_LINES.newThisYear, group: null }
    case 'carriedIn':
      return { label: TABLE3_LINES.carriedIn, group: null }
    case 'resultsTotal':
      return { label: TABLE3_LINES.resultsTotal, group: TABLE3_LINES.results }
    case 'carriedOut':
      return { label: TABLE3_LINES.carriedOver, group: null }
    default: {
      const row = TABLE3_ROWS.find((r) => r.key === line)!
      return { label: row.label, group: row.group }
    }
  }
}

export interface AnnualReportQuery {
  /** Agency id or slug. */
  agency: string
  year: number
  subAgencies: boolean
}

export interface ContractCells {
  [column: string]: number
}

export interface AnnualReport {
  agency: { id: string; name: string; slug: string }
  year: number
  subAgencies: boolean
  /** The agencies counted (the agency and, with subAgencies, every agency below it). */
  agencies: { id: string; name: string }[]
  table3: {
    columns: { key: string; label: string; group: string | null }[]
    rows: { key: string; label: string; group: string | null; cells: ContractCells }[]
  }
  table4: {
    groups: { key: string; label: string; cells: Record<RemedyResult | 'total', number> }[]
  }
  checks: {
    key: ReportCheck['key']
    label: string
    ok: boolean
    /** `line` names the row (or Table 4 group) where a check compares whole tables. */
    failures: { column: string; left: number; right: number; line?: string }[]
    cases: (ReportFault & { explanation: string })[]
  }[]
  /** Fees collected in the year (paid fee notices): how many and how many yuan. */
  fees: { n: number; yuan: number }
  /** The year's task ledger (重点任务分解表) of the agency, summarised; null without a plan the caller may read. */
  tasks: {
    planId: string
    title: string
    tasks: number
    assigned: number
    fulfilled: number
    completionText: string
    duePeriods: number
    onTimePeriods: number
    onTimeText: string
    overdue: number
  } | null
  /** The year's closing (the agency's own report only): who/when, the published figures and the corrections since. */
  closure: ClosureView | null
}

interface Scope {
  agency: { id: string; name: string; slug: string; parentId: string | null; settings: string }
  agencies: { id: string; name: string; settings: string }[]
}

/** The agency (404 outside the caller's agencies) and, with subAgencies, every agency below it. */
export async function reportScope(
  db: Db,
  auth: AuthContext,
  query: AnnualReportQuery,
  now: number,
): Promise<Scope> {
  // One round trip: the agency tree is small, and the year's calendar row.
  const [all, calendar] = await db.batch([
    db
      .select({
        id: agencies.id,
        name: agencies.name,
        slug: agencies.slug,
        parentId: agencies.parentId,
        settings: agencies.settings,
      })
      .from(agencies),
    db
      .select({ confirmedAt: calendarYears.confirmedAt })
      .from(calendarYears)
      .where(eq(calendarYears.year, query.year)),
  ])
  // By id or slug (as every agency parameter); a foreign agency is the same 404 as a missing one.
  const agency = all.find((a) => a.id === query.agency) ?? all.find((a) => a.slug === query.agency)
  if (!agency || !scopedAgencyIds(auth).includes(agency.id)) throw new AppError('not_found')
  const thisYear = Number(shanghaiDate(now).slice(0, 4))
  if (query.year > thisYear) {
    throw new AppError('validation_failed', {
      message: messages.reports.futureYear(query.year),
      issues: [{ path: 'year', code: 'future_year', message: messages.reports.futureYear(query.year) }],
    })
  }
  if (!calendar[0] || calendar[0].confirmedAt === null) {
    throw new AppError('calendar_year_not_loaded', {
      message: messages.reports.calendarMissing(query.year),
      details: { missingYear: query.year },
    })
  }
  const included = [agency]
  if (query.subAgencies) {
    for (let i = 0; i < included.length; i++) {
      for (const child of all) if (child.parentId === included[i]!.id) included.push(child)
    }
  }
  return { agency, agencies: included }
}

/**
 * The cases that cannot be counted as they stand: decided without a receipt (other than a withdrawal before it), without
 * an outcome, or before their receipt. Exactly the WHERE of the partial index `cases_report_fault_idx` (migration
 * 0004), so SQLite reads only those rows.
 */
// Only disclosure cases count (an Art. 41 correction request is not a 依申请公开 request).
const FAULT_CONDITION = sql`${cases.workflowId} = 'disclosure' AND (${cases.decidedOn} IS NOT NULL AND ((${cases.receivedOn} IS NULL AND ${cases.outcome} IS NOT 'withdrawn') OR ${cases.outcome} IS NULL OR ${cases.decidedOn} < ${cases.receivedOn}))`

const KNOWN_COLUMNS = new Set<string>(APPLICANT_COLUMNS.map((c) => c.key))
const KNOWN_OUTCOMES = new Set<string>(OUTCOME_CODES)

/** An applicant type the report does not know is counted under 其他 (never dropped from the balance). */
function columnOf(applicantType: string): ReportColumn {
  return KNOWN_COLUMNS.has(applicantType) ? (applicantType as ReportColumn) : 'other_organization'
}

/** Each agency's Table 3 row for an outcome code (the special regime row is the agency's setting). */
function rowResolver(scope: Scope): (agencyId: string, outcome: string | null) => Table3RowKey | null {
  const special = new Map(
    scope.agencies.map((a) => [a.id, parseAgencySettings(a.settings).reports?.specialRegimeRow]),
  )
  return (agencyId, outcome) => {
    if (!outcome || !KNOWN_OUTCOMES.has(outcome)) return null
    const specialRegimeRow = special.get(agencyId)
    return table3RowFor(outcome as OutcomeCode, specialRegimeRow ? { specialRegimeRow } : {})
  }
}

function contractCells(cells: Cells): ContractCells {
  return Object.fromEntries(Object.entries(cells).map(([c, n]) => [CONTRACT_COLUMNS[c as Table3Column], n]))
}

/** Table 3 and 4 with their self-checks for one agency (and optionally its sub-agencies) and year. */
export async function annualReport(
  db: Db,
  auth: AuthContext,
  query: AnnualReportQuery,
  now: number,
): Promise<AnnualReport> {
  const scope = await reportScope(db, auth, query, now)
  const ids = scope.agencies.map((a) => a.id)
  const year = query.year
  const start = `${year}-01-01`
  const end = `${year}-12-31`
  const rowFor = rowResolver(scope)
  // This year's and last year's lines need only cases open at, or decided after, the start of last year.
  const [countRows, remedyRows, faultRows] = await db.batch([
    db
      .select({
        agencyId: reportCounts.agencyId,
        receivedYear: reportCounts.receivedYear,
        decidedYear: reportCounts.decidedYear,
        applicantType: reportCounts.applicantType,
        outcome: reportCounts.outcome,
        n: reportCounts.n,
      })
      .from(reportCounts)
      .where(
        and(
          inArray(reportCounts.agencyId, ids),
          lte(reportCounts.receivedYear, year),
          or(eq(reportCounts.decidedYear, 0), gte(reportCounts.decidedYear, year - 1)),
          gt(reportCounts.n, 0),
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
    // The explanations: cases with a structural fault, through the partial index that holds only them.
    db
      .select({
        id: cases.id,
        agencyId: cases.agencyId,
        reference: submissions.reference,
        receivedOn: cases.receivedOn,
        decidedOn: cases.decidedOn,
        outcome: cases.outcome,
      })
      .from(cases)
      .innerJoin(submissions, eq(submissions.id, cases.submissionId))
      .where(
        and(
          inArray(cases.agencyId, ids),
          FAULT_CONDITION,
          or(
            and(gte(cases.decidedOn, start), lte(cases.decidedOn, end)),
            and(gte(cases.receivedOn, start), lte(cases.receivedOn, end)),
          ),
        ),
      )
      .orderBy(asc(cases.decidedOn))
      .limit(200),
  ])
  const counts: ReportCount[] = countRows.map((r) => ({
    receivedYear: r.receivedYear,
    decidedYear: r.decidedYear === 0 ? null : r.decidedYear,
    column: columnOf(r.applicantType),
    row: r.decidedYear === 0 ? null : rowFor(r.agencyId, r.outcome || null),
    n: r.n,
  }))
  // An outcome code this build does not know (data written by another version): rare, so looked up only when the
  // counters show a decided case without a row.
  if (counts.some((c) => c.decidedYear === year && c.row === null && c.n > 0)) {
    const unknown = await db
      .select({
        id: cases.id,
        agencyId: cases.agencyId,
        reference: submissions.reference,
        receivedOn: cases.receivedOn,
        decidedOn: cases.decidedOn,
        outcome: cases.outcome,
      })
      .from(cases)
      .innerJoin(submissions, eq(submissions.id, cases.submissionId))
      .where(
        and(
          inArray(cases.agencyId, ids),
          eq(cases.workflowId, 'disclosure'),
          gte(cases.decidedOn, start),
          lte(cases.decidedOn, end),
          isNotNull(cases.receivedOn),
          sql`${cases.outcome} NOT IN (${sql.join(
            OUTCOME_CODES.map((c) => sql`${c}`),
            sql`, `,
          )})`,
        ),
      )
      .limit(200)
      .all()
    faultRows.push(...unknown)
  }
  const lines = annualTable3FromCounts(counts, year)
  const previous = annualTable3FromCounts(counts, year - 1)
  const faults: ReportFault[] = []
  for (const c of faultRows) {
    const decidedInYear = c.decidedOn !== null && c.decidedOn >= start && c.decidedOn <= end
    if (decidedInYear && c.receivedOn !== null && rowFor(c.agencyId, c.outcome) === null)
      faults.push({ id: c.id, reference: c.reference, why: 'no_outcome_row' })
    // Withdrawn before anyone confirmed receipt: never received, rightly outside the table — not a fault.
    if (decidedInYear && c.receivedOn === null && c.outcome !== 'withdrawn')
      faults.push({ id: c.id, reference: c.reference, why: 'decided_without_receipt' })
    if (c.decidedOn !== null && c.receivedOn !== null && c.decidedOn < c.receivedOn)
      faults.push({ id: c.id, reference: c.reference, why: 'decided_before_receipt' })
  }
  const remedies: ReportRemedy[] = remedyRows.map((r) => ({
    caseId: r.caseId,
    group: table4GroupFor(
      r.kind === 'litigation'
        ? {
            kind: 'litigation',
            litigationPath: r.litigationPath === 'after_reconsideration' ? 'after_reconsideration' : 'direct',
          }
        : { kind: 'reconsideration' },
    ),
    filedOn: r.filedOn,
    result: (REMEDY_RESULTS as readonly string[]).includes(r.result) ? (r.result as RemedyResult) : 'other',
    decidedOn: r.decidedOn,
  }))
  const table4: Table4 = annualTable4(remedies, year)
  const checks = checkTable3(lines, faults, previous)
  // Closings concern the agency's own report: this year's (published figures, corrections) and last year's (its
  // published 四 is what this year's 二 must carry).
  const [closure, lastClosure] = query.subAgencies
    ? [null, null]
    : await Promise.all([closureOf(db, scope.agency.id, year), closureOf(db, scope.agency.id, year - 1)])
  const rows = TABLE3_LINES_IN_ORDER.map((line) => ({
    key: LINE_KEYS[line],
    ...lineLabel(line),
    cells: contractCells(lines[line]),
  }))
  const groups = TABLE4_GROUPS.map((g) => ({ key: g.key, label: g.label, cells: table4[g.key] }))
  const [fees, tasks] = await Promise.all([
    feesOf(db, ids, year),
    taskSummary(db, auth, scope.agency.id, year, now),
  ])
  const closingChecks: AnnualReport['checks'] = []
  if (closure?.status === 'closed') {
    const failures = frozenDifferences(closure, rows, groups)
    closingChecks.push({
      key: 'closed_unchanged',
      label: messages.reports.checkLabels.closed_unchanged,
      ok: failures.length === 0,
      failures,
      cases: failures.length ? correctionFaults(closure) : [],
    })
  }
  return {
    agency: { id: scope.agency.id, name: scope.agency.name, slug: scope.agency.slug },
    year,
    subAgencies: query.subAgencies,
    agencies: scope.agencies.map((a) => ({ id: a.id, name: a.name })),
    table3: {
      columns: [
        ...APPLICANT_COLUMNS.map((c) => ({ key: CONTRACT_COLUMNS[c.key], label: c.label, group: c.group })),
        { key: 'total', label: '总计', group: null },
      ],
      rows,
    },
    table4: { groups },
    checks: [
      ...checks.map((c) =>
        c.key === 'carry_over' && lastClosure?.status === 'closed'
          ? carryOverFromPublished(lastClosure, rows)
          : {
              key: c.key,
              label: messages.reports.checkLabels[c.key],
              ok: c.ok,
              failures: c.failures.map((f) => ({ ...f, column: CONTRACT_COLUMNS[f.column] })),
              cases: c.cases.map((f) => ({ ...f, explanation: messages.reports.faults[f.why] })),
            },
      ),
      ...closingChecks,
    ],
    fees,
    tasks,
    closure,
  }
}

/** Fees paid in the year: one report_fees row (primary key) per agency. */
async function feesOf(db: Db, ids: string[], year: number): Promise<AnnualReport['fees']> {
  const rows = await db
    .select({ n: reportFees.n, yuan: reportFees.yuan })
    .from(reportFees)
    .where(and(inArray(reportFees.agencyId, ids), eq(reportFees.year, year)))
    .all()
  return rows.reduce((a, r) => ({ n: a.n + r.n, yuan: a.yuan + r.yuan }), { n: 0, yuan: 0 })
}

/** The agency's task plan of the year through its ledger (as of now), if there is one the caller may read. */
async function taskSummary(
  db: Db,
  auth: AuthContext,
  agencyId: string,
  year: number,
  now: number,
): Promise<AnnualReport['tasks']> {
  const plan = await db
    .select({ id: taskPlans.id })
    .from(taskPlans)
    .where(and(eq(taskPlans.agencyId, agencyId), eq(taskPlans.year, year)))
    .get()
  if (!plan) return null
  try {
    const ledger = await planLedger(db, { auth, planId: plan.id, filters: {}, now })
    const r = ledger.total
    return {
      planId: plan.id,
      title: ledger.plan.title,
      tasks: ledger.tasks.length,
      assigned: r.assigned,
      fulfilled: r.fulfilled,
      completionText: r.completionText,
      duePeriods: r.duePeriods,
      onTimePeriods: r.onTimePeriods,
      onTimeText: r.onTimeText,
      overdue: r.overdue,
    }
  } catch (err) {
    if (err instanceof AppError && (err.code === 'not_found' || err.code === 'forbidden')) return null
    throw err
  }
}

/** The corrections recorded after a closing, as the faults that explain a difference from the published figures. */
function correctionFaults(closure: ClosureView): AnnualReport['checks'][number]['cases'] {
  return closure.corrections.map((c) => ({
    id: c.caseId,
    reference: c.reference,
    why: 'recorded_after_closing' as const,
    explanation: `${messages.reports.faults.recorded_after_closing}：${c.on}，${c.actor}，${c.changes.map((x) => x.text).join('；')}`,
  }))
}

/** Every cell where the published tables differ from the recount (Table 4 cells named by group). */
function frozenDifferences(
  closure: ClosureView,
  rows: AnnualReport['table3']['rows'],
  groups: AnnualReport['table4']['groups'],
): AnnualReport['checks'][number]['failures'] {
  const failures: AnnualReport['checks'][number]['failures'] = []
  for (const row of rows) {
    const published = closure.frozen.table3.find((r) => r.key === row.key)?.cells ?? {}
    for (const [column, n] of Object.entries(row.cells))
      if ((published[column] ?? 0) !== n)
        failures.push({ line: row.key, column, left: published[column] ?? 0, right: n })
  }
  for (const g of groups) {
    const published = (closure.frozen.table4.find((x) => x.key === g.key)?.cells ?? {}) as Record<
      string,
      number
    >
    for (const [result, n] of Object.entries(g.cells))
      if ((published[result] ?? 0) !== n)
        failures.push({ line: g.key, column: result, left: published[result] ?? 0, right: n })
  }
  return failures
}

/** This year's 二 against last year's 四 as published when last year is closed, explained by its corrections. */
function carryOverFromPublished(
  last: ClosureView,
  rows: AnnualReport['table3']['rows'],
): AnnualReport['checks'][number] {
  const carriedIn = rows.find((r) => r.key === 'carried_in')!.cells
  const published = last.frozen.table3.find((r) => r.key === 'carried_out')?.cells ?? {}
  const failures = Object.entries(carriedIn)
    .filter(([column, n]) => (published[column] ?? 0) !== n)
    .map(([column, n]) => ({ column, left: n, right: published[column] ?? 0 }))
  return {
    key: 'carry_over',
    label: messages.reports.checkLabels.carry_over,
    ok: failures.length === 0,
    failures,
    cases: failures.length ? correctionFaults(last) : [],
  }
}

export interface CellCasesQuery extends AnnualReportQuery {
  line: string
  column: string
  cursor?: string | undefined
  limit: number
}

/**
 * The cases behind one cell of Table 3 (drill-down), among the agencies the caller works in, ordered by id with a
 * keyset cursor. The conditions are the lines' definitions in SQL over the indexed columns.
 */
export async function annualReportCellCases(db: Db, auth: AuthContext, query: CellCasesQuery, now: number) {
  const scope = await reportScope(db, auth, query, now)
  const line = LINE_OF_KEY[query.line]
  const column = COLUMN_OF_CONTRACT[query.column]
  if (!line || !column) throw new AppError('validation_failed')
  const visible = new Set(scopedAgencyIds(auth))
  const ids = scope.agencies.map((a) => a.id).filter((id) => visible.has(id))
  const start = `${query.year}-01-01`
  const end = `${query.year}-12-31`
  const rowFor = rowResolver(scope)
  const where: SQL[] = [
    inArray(cases.agencyId, ids),
    eq(cases.workflowId, 'disclosure'),
    isNotNull(cases.receivedOn),
  ]
  if (column !== 'total') {
    where.push(
      column === 'other_organization'
        ? or(
            eq(cases.applicantType, column),
            sql`${cases.applicantType} NOT IN (${sql.join(
              APPLICANT_COLUMNS.map((c) => sql`${c.key}`),
              sql`, `,
            )})`,
          )!
        : eq(cases.applicantType, column),
    )
  }
  const decidedIn = and(gte(cases.decidedOn, start), lte(cases.decidedOn, end))!
  // Outcome codes that feed `rows`, per agency (the special regime row differs between agencies).
  const outcomeIn = (rows: (Table3RowKey | null)[] | 'any') =>
    or(
      ...ids.map((id) => {
        const codes = OUTCOME_CODES.filter((code) => {
          const row = rowFor(id, code)
          return row !== null && (rows === 'any' || rows.includes(row))
        })
        return and(eq(cases.agencyId, id), inArray(cases.outcome, codes.length ? codes : ['-']))!
      }),
    )!
  switch (line) {
    case 'new':
      where.push(gte(cases.receivedOn, start), lte(cases.receivedOn, end))
      break
    case 'carriedIn':
      where.push(lt(cases.receivedOn, start), or(isNull(cases.decidedOn), gte(cases.decidedOn, start))!)
      break
    case 'carriedOut':
      where.push(lte(cases.receivedOn, end), or(isNull(cases.decidedOn), gt(cases.decidedOn, end))!)
      break
    case 'resultsTotal':
      where.push(decidedIn, outcomeIn('any'))
      break
    default:
      where.push(decidedIn, outcomeIn([line]))
  }
  if (query.cursor) where.push(gt(cases.id, query.cursor))
  const rows = ids.length
    ? await db
        .select({
          id: cases.id,
          agencyId: cases.agencyId,
          reference: submissions.reference,
          title: cases.title,
          state: cases.state,
          applicantType: cases.applicantType,
          receivedOn: cases.receivedOn,
          decidedOn: cases.decidedOn,
          outcome: cases.outcome,
        })
        .from(cases)
        .innerJoin(submissions, eq(submissions.id, cases.submissionId))
        .where(and(...where))
        .orderBy(asc(cases.id))
        .limit(query.limit + 1)
        .all()
    : []
  const page = rows.slice(0, query.limit)
  return {
    line: query.line,
    column: query.column,
    label: lineLabel(line).label,
    items: page,
    nextCursor: rows.length > query.limit ? (page.at(-1)?.id ?? null) : null,
  }
}

export interface RemedyCellQuery extends AnnualReportQuery {
  group: string
  result: string
  cursor?: string | undefined
  limit: number
}

export const REPORT_GROUP_KEYS = TABLE4_GROUPS.map((g) => g.key) as [string, ...string[]]
export const REPORT_RESULT_KEYS = [...REMEDY_RESULTS, 'total'] as [string, ...string[]]

/**
 * The cases behind one cell of Table 4 (drill-down): the remedies filed in the year, of the group, with the result
 * they had at the year's end — the definitions of annualTable4 in SQL over case_remedies (agency_id, filed_on index).
 */
export async function annualReportRemedyCases(
  db: Db,
  auth: AuthContext,
  query: RemedyCellQuery,
  now: number,
) {
  const scope = await reportScope(db, auth, query, now)
  const group = TABLE4_GROUPS.find((g) => g.key === query.group)
  if (!group || !REPORT_RESULT_KEYS.includes(query.result)) throw new AppError('validation_failed')
  const visible = new Set(scopedAgencyIds(auth))
  const ids = scope.agencies.map((a) => a.id).filter((id) => visible.has(id))
  const end = `${query.year}-12-31`
  const r = caseRemedies
  const where: SQL[] = [
    inArray(r.agencyId, ids),
    gte(r.filedOn, `${query.year}-01-01`),
    lte(r.filedOn, end),
    group.key === 'reconsideration'
      ? sql`${r.kind} IS NOT 'litigation'`
      : group.key === 'litigation_direct'
        ? and(eq(r.kind, 'litigation'), eq(r.litigationPath, 'direct'))!
        : and(eq(r.kind, 'litigation'), sql`${r.litigationPath} IS NOT 'direct'`)!,
  ]
  const decided = and(isNotNull(r.decidedOn), lte(r.decidedOn, end))!
  if (query.result === 'pending')
    where.push(or(isNull(r.decidedOn), gt(r.decidedOn, end), eq(r.result, 'pending'))!)
  else if (query.result === 'other')
    where.push(decided, sql`${r.result} NOT IN ('upheld', 'corrected', 'pending')`)
  else if (query.result !== 'total') where.push(decided, eq(r.result, query.result))
  if (query.cursor) {
    const [caseId = '', remedyId = ''] = query.cursor.split('|')
    where.push(or(gt(r.caseId, caseId), and(eq(r.caseId, caseId), gt(r.remedyId, remedyId)))!)
  }
  const rows = ids.length
    ? await db
        .select({
          id: cases.id,
          remedyId: r.remedyId,
          reference: submissions.reference,
          title: cases.title,
          receivedOn: cases.receivedOn,
          decidedOn: cases.decidedOn,
          filedOn: r.filedOn,
          remedyDecidedOn: r.decidedOn,
          result: r.result,
        })
        .from(r)
        .innerJoin(cases, eq(cases.id, r.caseId))
        .innerJoin(submissions, eq(submissions.id, cases.submissionId))
        .where(and(...where))
        .orderBy(asc(r.caseId), asc(r.remedyId))
        .limit(query.limit + 1)
        .all()
    : []
  const page = rows.slice(0, query.limit)
  const last = page.at(-1)
  return {
    group: group.key,
    result: query.result,
    label: group.label,
    items: page,
    nextCursor: rows.length > query.limit && last ? `${last.id}|${last.remedyId}` : null,
  }
}
