// Closing (关账) an agency's annual report for a year: the frozen figures with who and when, reopening, and the guard
// every case transition passes — a change to a closed year's 一 is refused, any other change to its cells is written
// as a correction in the transition's own batch (see workflows/reports/closing.ts).
import { and, asc, eq, inArray } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import type { Db } from '../../../db/client'
import { agencies, cases, reportClosures, reportCorrections, submissions, users } from '../../../db/schema'
import { shanghaiDate } from '../../../workflows/calendar'
import {
  type DisclosureSnapshot,
  disclosureV1Definition,
  disclosureV2Definition,
} from '../../../workflows/definitions'
import {
  APPLICANT_COLUMNS,
  OUTCOME_CODES,
  type OutcomeCode,
  REMEDY_RESULT_LABELS,
  type RemedyResult,
  type ReportColumn,
  TABLE3_ROWS,
  TABLE4_GROUPS,
  type Table3RowKey,
  table3RowFor,
} from '../../../workflows/outcomes'
import { type CellChange, type CountedCase, closedYearEffect } from '../../../workflows/reports/closing'
import { type AuthContext, hasRole, scopedAgencyIds } from '../../auth/sessions'
import { AppError } from '../../errors'
import { messages } from '../../i18n/zh-CN'
import { newId } from '../../lib/crypto'
import { parseAgencySettings } from '../agency-settings'
import { commitAudited } from '../audit-log'
import type { CaseColumns } from '../case-store'
import { type AnnualReport, annualReport } from './annual-report'

const t = messages.reports

/** The years of an agency's report that are closed now (reopened ones are open again). One PK-prefix read. */
export async function closedYearsOf(db: Db, agencyId: string): Promise<number[]> {
  const rows = await db
    .select({ year: reportClosures.year })
    .from(reportClosures)
    .where(and(eq(reportClosures.agencyId, agencyId), eq(reportClosures.status, 'closed')))
    .all()
  return rows.map((r) => r.year)
}

const KNOWN_COLUMNS = new Set<string>(APPLICANT_COLUMNS.map((c) => c.key))
const KNOWN_OUTCOMES = new Set<string>(OUTCOME_CODES)

function counted(
  s: Pick<DisclosureSnapshot, 'remedies'>,
  c: { receivedOn: string | null; decidedOn: string | null; outcome: string | null; applicantType: string },
  specialRegimeRow: Table3RowKey | undefined,
): CountedCase {
  const row =
    c.decidedOn && c.outcome && KNOWN_OUTCOMES.has(c.outcome)
      ? table3RowFor(c.outcome as OutcomeCode, specialRegimeRow ? { specialRegimeRow } : {})
      : null
  return {
    column: (KNOWN_COLUMNS.has(c.applicantType) ? c.applicantType : 'other_organization') as ReportColumn,
    receivedOn: c.receivedOn,
    decidedOn: c.decidedOn,
    row,
    remedies: (s.remedies ?? []).map((r) => ({
      kind: r.kind,
      litigationPath: r.litigationPath,
      filedOn: r.filedOn,
      result: r.result,
      decidedOn: r.decidedOn,
    })),
  }
}

export interface ClosedYearGuardInput {
  row: {
    id: string
    agencyId: string
    workflowId: string
    receivedOn: string | null
    decidedOn: string | null
    outcome: string | null
    applicantType: string
    version: number
  }
  before: DisclosureSnapshot
  next: DisclosureSnapshot
  columns: CaseColumns
  action: string
  actorId: string | null
  now: number
  /** The agency's closed years and settings when the caller read them already (else read here). */
  closedYears?: number[]
  agencySettings?: string
}

/**
 * The statements recording a transition's corrections to closed years (none when the agency has no closed year or
 * the change moves none of its cells); throws report_year_closed when it would move a closed year's 一.
 */
export async function closedYearStatements(
  db: Db,
  input: ClosedYearGuardInput,
): Promise<BatchItem<'sqlite'>[]> {
  const { row } = input
  if (row.workflowId !== 'disclosure') return []
  const years = input.closedYears ?? (await closedYearsOf(db, row.agencyId))
  if (years.length === 0) return []
  const settings =
    input.agencySettings ??
    (
      await db
        .select({ settings: agencies.settings })
        .from(agencies)
        .where(eq(agencies.id, row.agencyId))
        .get()
    )?.settings
  const special = parseAgencySettings(settings ?? '{}').reports?.specialRegimeRow
  const before = counted(input.before, row, special)
  const after = counted(
    input.next,
    {
      receivedOn: input.columns.receivedOn,
      decidedOn: input.columns.decidedOn,
      outcome: input.columns.outcome,
      applicantType: row.applicantType,
    },
    special,
  )
  const effect = closedYearEffect(before, after, years)
  if (effect.refused) {
    throw new AppError('report_year_closed', {
      message: t.yearClosedRefusal(effect.year),
      details: { closedYear: effect.year },
    })
  }
  return effect.corrections.map((c) =>
    db.insert(reportCorrections).values({
      id: newId(),
      agencyId: row.agencyId,
      year: c.year,
      caseId: row.id,
      eventSeq: row.version + 1,
      action: input.action,
      kind: c.kind,
      actorId: input.actorId,
      changes: JSON.stringify(c.changes),
      at: input.now,
    }),
  )
}

/** The frozen figures a closure keeps: Tables 3 and 4 exactly as the report showed them. */
export interface FrozenReport {
  table3: AnnualReport['table3']['rows']
  table4: AnnualReport['table4']['groups']
}

export interface CorrectionView {
  id: string
  caseId: string
  reference: string
  action: string
  kind: 'outcome' | 'remedy'
  actor: string
  at: number
  on: string
  changes: (CellChange & { text: string })[]
}

export interface ClosureView {
  status: 'closed' | 'reopened'
  closedBy: string
  closedAt: number
  closedOn: string
  reopenedBy: string | null
  reopenedAt: number | null
  reopenReason: string | null
  frozen: FrozenReport
  corrections: CorrectionView[]
}

const CONTRACT_COLUMN: Record<string, string> = {
  natural_person: 'natural_person',
  commercial_enterprise: 'commercial',
  research_institution: 'research',
  public_welfare_organization: 'social_welfare',
  legal_service_institution: 'legal_services',
  other_organization: 'other',
}
const LINE_KEY: Record<string, string> = {
  new: 'new',
  carriedIn: 'carried_in',
  carriedOut: 'carried_out',
}

/** A moved cell in words: which table line and column, and by how much. */
function changeText(c: CellChange): string {
  const sign = c.delta > 0 ? `+${c.delta}` : `−${-c.delta}`
  if (c.table === 4) {
    const group = TABLE4_GROUPS.find((g) => g.key === c.line)?.label ?? c.line
    return `表四 ${group}·${REMEDY_RESULT_LABELS[c.column as RemedyResult] ?? c.column} ${sign}`
  }
  const column = (t.columnLabels as Record<string, string>)[CONTRACT_COLUMN[c.column] ?? ''] ?? c.column
  const line =
    c.line === 'new'
      ? t.lineNames.new
      : c.line === 'carriedIn'
        ? t.lineNames.carriedIn
        : c.line === 'carriedOut'
          ? t.lineNames.carriedOut
          : (() => {
              const row = TABLE3_ROWS.find((r) => r.key === c.line)
              return row ? `${row.group}${row.group === row.label ? '' : row.label}` : c.line
            })()
  return `表三 ${line}·${column} ${sign}`
}

/** An action's name as staff know it (the newest disclosure version that has it), else its key. */
function actionLabel(action: string): string {
  for (const d of [disclosureV2Definition, disclosureV1Definition]) {
    const a = (d.actions as Record<string, { label?: { 'zh-CN'?: string } }>)[action]
    if (a?.label?.['zh-CN']) return a.label['zh-CN']
  }
  return action
}

/** The cell a Table 3 change stands for in the report's JSON (line key, contract column). */
export function contractCell(c: CellChange): { line: string; column: string } {
  return c.table === 3
    ? { line: LINE_KEY[c.line] ?? c.line, column: CONTRACT_COLUMN[c.column] ?? c.column }
    : { line: c.line, column: c.column }
}

/** The closure of an agency's year (null when never closed) with its corrections, newest last. */
export async function closureOf(db: Db, agencyId: string, year: number): Promise<ClosureView | null> {
  let [closure, corrections] = await db.batch([
    db
      .select()
      .from(reportClosures)
      .where(and(eq(reportClosures.agencyId, agencyId), eq(reportClosures.year, year))),
    // Read through report_corrections_agency_year_idx: only this agency's corrections of this year.
    db
      .select({
        id: reportCorrections.id,
        caseId: reportCorrections.caseId,
        reference: submissions.reference,
        action: reportCorrections.action,
        kind: reportCorrections.kind,
        actorId: reportCorrections.actorId,
        changes: reportCorrections.changes,
        at: reportCorrections.at,
      })
      .from(reportCorrections)
      .innerJoin(cases, eq(cases.id, reportCorrections.caseId))
      .innerJoin(submissions, eq(submissions.id, cases.submissionId))
      .where(and(eq(reportCorrections.agencyId, agencyId), eq(reportCorrections.year, year)))
      .orderBy(asc(reportCorrections.at), asc(reportCorrections.id)),
  ])
  const c = closure[0]
  if (!c) return null
  // Only the corrections since the latest closing (a reclosing froze the earlier ones into its figures).
  corrections = corrections.filter((r) => r.at >= c.closedAt)
  const people = [
    ...new Set([c.closedBy, c.reopenedBy, ...corrections.map((r) => r.actorId)].filter((x) => x !== null)),
  ] as string[]
  const names = new Map(
    people.length
      ? (
          await db
            .select({ id: users.id, name: users.displayName })
            .from(users)
            .where(inArray(users.id, people))
            .all()
        ).map((u) => [u.id, u.name])
      : [],
  )
  const who = (id: string | null) => (id === null ? t.systemActor : (names.get(id) ?? id))
  return {
    status: c.status,
    closedBy: who(c.closedBy),
    closedAt: c.closedAt,
    closedOn: shanghaiDate(c.closedAt),
    reopenedBy: c.reopenedBy ? who(c.reopenedBy) : null,
    reopenedAt: c.reopenedAt,
    reopenReason: c.reopenReason,
    frozen: JSON.parse(c.frozen) as FrozenReport,
    corrections: corrections.map((r) => ({
      id: r.id,
      caseId: r.caseId,
      reference: r.reference,
      action: actionLabel(r.action),
      kind: r.kind,
      actor: who(r.actorId),
      at: r.at,
      on: shanghaiDate(r.at),
      changes: (JSON.parse(r.changes) as CellChange[]).map((ch) => ({ ...ch, text: changeText(ch) })),
    })),
  }
}

function agencyFor(all: { id: string; slug: string }[], auth: AuthContext, agency: string) {
  const a = all.find((x) => x.id === agency) ?? all.find((x) => x.slug === agency)
  if (!a || !scopedAgencyIds(auth).includes(a.id)) throw new AppError('not_found')
  if (!hasRole(auth, a.id, 'admin')) throw new AppError('forbidden', { message: t.closeNotAdmin })
  return a
}

export interface CloseInput {
  auth: AuthContext
  agency: string
  year: number
  now: number
  ip: string | null
  /** The report as it stands (the agency alone, no sub-agencies): its tables are frozen. */
  report: AnnualReport
}

/**
 * Close the year: store the tables as they stand with who and when, audited, in one batch. A year not yet over
 * cannot be closed; closing a closed year again changes nothing (idempotent).
 */
export async function closeReportYear(db: Db, input: CloseInput): Promise<ClosureView> {
  const all = await db.select({ id: agencies.id, slug: agencies.slug }).from(agencies).all()
  const agency = agencyFor(all, input.auth, input.agency)
  const thisYear = Number(shanghaiDate(input.now).slice(0, 4))
  if (input.year >= thisYear) {
    const message = t.closeYearNotOver(input.year)
    throw new AppError('validation_failed', {
      message,
      issues: [{ path: 'year', code: 'year_not_over', message }],
    })
  }
  const existing = await closureOf(db, agency.id, input.year)
  if (existing?.status === 'closed') return existing
  const frozen: FrozenReport = { table3: input.report.table3.rows, table4: input.report.table4.groups }
  const values = {
    agencyId: agency.id,
    year: input.year,
    status: 'closed' as const,
    closedBy: input.auth.user.id,
    closedAt: input.now,
    frozen: JSON.stringify(frozen),
  }
  await commitAudited(
    db,
    [
      db
        .insert(reportClosures)
        .values(values)
        .onConflictDoUpdate({
          target: [reportClosures.agencyId, reportClosures.year],
          set: { ...values, reopenedBy: null, reopenedAt: null, reopenReason: null },
        }),
    ],
    [
      {
        agencyId: agency.id,
        actorId: input.auth.user.id,
        action: 'report.close',
        target: `${agency.id}:${input.year}`,
        payload: {
          year: input.year,
          received: input.report.table3.rows.find((r) => r.key === 'new')?.cells.total ?? 0,
          decided: input.report.table3.rows.find((r) => r.key === 'results_total')?.cells.total ?? 0,
          carriedOut: input.report.table3.rows.find((r) => r.key === 'carried_out')?.cells.total ?? 0,
          reclosed: existing !== null,
        },
        ip: input.ip,
        at: input.now,
      },
    ],
  )
  return (await closureOf(db, agency.id, input.year))!
}

/** Close an agency's year from its report as it stands now (the agency alone). */
export async function closeYear(
  db: Db,
  input: { auth: AuthContext; agency: string; year: number; now: number; ip: string | null },
): Promise<ClosureView> {
  const report = await annualReport(
    db,
    input.auth,
    { agency: input.agency, year: input.year, subAgencies: false },
    input.now,
  )
  return closeReportYear(db, { ...input, agency: report.agency.id, report })
}

/** Reopen a closed year (admin, with a reason, audited): changes are no longer refused or recorded as corrections. */
export async function reopenReportYear(
  db: Db,
  input: { auth: AuthContext; agency: string; year: number; reason: string; now: number; ip: string | null },
): Promise<ClosureView> {
  const all = await db.select({ id: agencies.id, slug: agencies.slug }).from(agencies).all()
  const agency = agencyFor(all, input.auth, input.agency)
  const existing = await closureOf(db, agency.id, input.year)
  if (!existing) throw new AppError('not_found', { message: t.notClosed(input.year) })
  if (existing.status === 'reopened') return existing
  await commitAudited(
    db,
    [
      db
        .update(reportClosures)
        .set({
          status: 'reopened',
          reopenedBy: input.auth.user.id,
          reopenedAt: input.now,
          reopenReason: input.reason,
        })
        .where(and(eq(reportClosures.agencyId, agency.id), eq(reportClosures.year, input.year))),
    ],
    [
      {
        agencyId: agency.id,
        actorId: input.auth.user.id,
        action: 'report.reopen',
        target: `${agency.id}:${input.year}`,
        payload: { year: input.year, reason: input.reason },
        ip: input.ip,
        at: input.now,
      },
    ],
  )
  return (await closureOf(db, agency.id, input.year))!
}
