// The working-day calendar at the edge: loads calendar_days/calendar_years into the pure calendar (cached per
// isolate, keyed by the tables' last change), with each agency's local rules on top for its own cases; the
// platform operator's operations on the national calendar and an agency admin's on its local rules.
import { and, eq, inArray, sql } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { calendarDays, calendarYears, localCalendarDays } from '../../db/schema'
import {
  buildCalendar,
  type CalendarDay,
  type CalendarYearData,
  type WorkingCalendar,
} from '../../workflows/calendar'
import type { CalendarImportFormat } from '../../workflows/calendar/import'
import { type CalendarImportIssue, validateCalendarDays } from '../../workflows/calendar/year-days'
import { type AuthContext, hasRole, isOperator, scopedAgencyIds } from '../auth/sessions'
import { AppError } from '../errors'
import { messages } from '../i18n/zh-CN'
import { type AgencyNode, agencyIdOf, agencyTree, ancestorsOf } from './agencies'
import { type AuditEntry, commitAudited } from './audit-log'
import {
  invalidateCalendars,
  LOCAL_STAMP,
  localRulesCache,
  NATIONAL_STAMP,
  nationalCalendarCache,
  REVISIONS_STAMP,
} from './calendar-cache'
import { noteRevisions } from './entity-cache'

export interface CalendarYearView {
  year: number
  source: string
  confirmed: boolean
  confirmedAt: string | null
  confirmedBy: string | null
  updatedAt: string
  days: CalendarDay[]
}

/**
 * The local rules' stamp, read in the same query as the national one by a request that will need both (an action,
 * a submission, a case page): the next `loadLocalRules` of that request (same `db`) uses it instead of a query.
 */
const localStampsRead = new WeakMap<Db, string>()

/** The national stamp read ahead by `readCalendarStampsAhead`, for the request's next `loadCalendar` (same `db`). */
const nationalStampsRead = new WeakMap<Db, string>()

/** The national and local stamps and the cache revisions, in one query; recorded for the request (same `db`). */
async function readAllStamps(db: Db): Promise<string> {
  const row = await db.get<{ stamp: string; local: string; revisions: string }>(
    sql`SELECT ${NATIONAL_STAMP} AS stamp, ${LOCAL_STAMP} AS local, ${REVISIONS_STAMP} AS revisions`,
  )
  if (!row) return ''
  localStampsRead.set(db, row.local)
  // The cached agency and form rows are confirmed by the same query (entity-cache.ts).
  noteRevisions(db, row.revisions)
  return row.stamp
}

/**
 * For a request that will need an agency's calendar but first reads rows the isolate caches (a submission: its
 * agency and form): confirm the calendars' stamps and the cache revisions now, in one query; the request's
 * `loadCalendar` then uses that stamp instead of reading it again.
 */
export async function readCalendarStampsAhead(db: Db): Promise<void> {
  nationalStampsRead.set(db, await readAllStamps(db))
}

/** The national calendar's stamp (see calendar-cache.ts), and the local rules' with it when asked. */
async function calendarStamp(db: Db, withLocal: boolean): Promise<string> {
  const ahead = nationalStampsRead.get(db)
  if (ahead !== undefined && (!withLocal || localStampsRead.has(db))) {
    nationalStampsRead.delete(db) // once, like the local stamp
    return ahead
  }
  if (!withLocal) {
    const row = await db.get<{ stamp: string }>(sql`SELECT ${NATIONAL_STAMP} AS stamp`)
    return row?.stamp ?? ''
  }
  return readAllStamps(db)
}

async function readYears(db: Db, years?: number[]): Promise<CalendarYearData[]> {
  const yearRows = await db
    .select()
    .from(calendarYears)
    .where(years ? inArray(calendarYears.year, years) : undefined)
    .all()
  const dayRows = await db
    .select()
    .from(calendarDays)
    .where(years ? inArray(calendarDays.year, years) : undefined)
    .orderBy(calendarDays.date)
    .all()
  return yearRows.map((y) => ({
    year: y.year,
    confirmed: y.confirmedAt !== null,
    days: dayRows
      .filter((d) => d.year === y.year)
      .map((d) => ({ date: d.date, isWorkday: d.isWorkday, name: d.name })),
  }))
}

/**
 * The calendar built from every confirmed year; rebuilt only when the tables changed. `withLocalRules`: the request
 * goes on to an agency's calendar (`agencyCalendar`), so the local rules' stamp is confirmed in the same query.
 */
export async function loadCalendar(
  db: Db,
  options: { maxAgeMs?: number; withLocalRules?: boolean } = {},
): Promise<WorkingCalendar> {
  return nationalCalendarCache.get(
    () => calendarStamp(db, options.withLocalRules === true),
    async () => buildCalendar(await readYears(db)),
    options.maxAgeMs,
  )
}

export async function getCalendarYear(db: Db, year: number): Promise<CalendarYearView> {
  const row = await db.select().from(calendarYears).where(eq(calendarYears.year, year)).get()
  if (!row) throw new AppError('not_found', { message: messages.calendar.yearNotLoaded(year) })
  const days = await db
    .select()
    .from(calendarDays)
    .where(eq(calendarDays.year, year))
    .orderBy(calendarDays.date)
    .all()
  return {
    year: row.year,
    source: row.source,
    confirmed: row.confirmedAt !== null,
    confirmedAt: row.confirmedAt === null ? null : new Date(row.confirmedAt).toISOString(),
    confirmedBy: row.confirmedBy,
    updatedAt: new Date(row.updatedAt).toISOString(),
    days: days.map((d) => ({ date: d.date, isWorkday: d.isWorkday, name: d.name })),
  }
}

export async function listCalendarYears(db: Db) {
  return db
    .select({
      year: calendarYears.year,
      source: calendarYears.source,
      confirmedAt: calendarYears.confirmedAt,
    })
    .from(calendarYears)
    .orderBy(calendarYears.year)
    .all()
}

/**
 * The national calendar is shared by every agency of the deployment, so it belongs to the deployment's platform
 * operator: no agency admin, of whatever agency, may change or (un)confirm it.
 */
export function isCalendarOperator(actor: AuthContext): boolean {
  return isOperator(actor)
}

export function assertCalendarOperator(actor: AuthContext): void {
  if (!isCalendarOperator(actor)) throw new AppError('forbidden', { message: messages.calendar.operatorOnly })
}

/** Why open deadlines are being recomputed: who changed what (named on every case's recompute event). */
export interface RecomputeCause {
  actorId: string
  /** The national calendar (the operator) or one agency's local rules (its admin). */
  scope: 'national' | 'local'
  agencyId: string | null
  /** The audit action of the change, e.g. `calendar.year_replaced`, `calendar.local_day_set`. */
  change: string
  years: number[]
  /** The changed date, for a single-day change. */
  date?: string
}

export interface PutYearInput {
  year: number
  days: CalendarDay[]
  source: string
  /** Mark the year confirmed (usable for deadlines) or not; omitted keeps the current state. */
  confirmed?: boolean
}

export type CalendarChangeListener = (
  db: Db,
  change: { years: number[]; reason: string; now: number; cause: RecomputeCause },
) => Promise<unknown>

/** Replace a whole year (import or edit) atomically, audit it, then let listeners recompute open deadlines. */
export async function putCalendarYear(
  db: Db,
  actor: AuthContext,
  input: PutYearInput,
  now: number,
  onChange?: CalendarChangeListener,
  change: { action: string; date?: string } = { action: 'calendar.year_replaced' },
): Promise<CalendarYearView> {
  assertCalendarOperator(actor)
  const issues = validateCalendarDays(input.year, input.days)
  if (issues.length > 0) {
    throw new AppError('validation_failed', {
      issues: issues.map((i) => ({
        path: i.at ? `days.${i.at.n - 1}` : 'days',
        code: i.code,
        message: importIssueMessage(i),
      })),
    })
  }
  const existing = await db.select().from(calendarYears).where(eq(calendarYears.year, input.year)).get()
  const confirm = input.confirmed ?? existing?.confirmedAt != null
  const confirmedAt = confirm ? (existing?.confirmedAt ?? now) : null
  const confirmedBy = confirm ? (existing?.confirmedBy ?? actor.user.id) : null
  // A national change is the platform's: its audit row belongs to no agency, the operator is its actor.
  const audit: AuditEntry = {
    agencyId: null,
    actorId: actor.user.id,
    action: change.action,
    target: change.date ?? String(input.year),
    payload: { year: input.year, days: input.days.length, confirmed: confirm, source: input.source },
    at: now,
  }
  await commitAudited(
    db,
    [
      db
        .insert(calendarYears)
        .values({ year: input.year, source: input.source, confirmedAt, confirmedBy, updatedAt: now })
        .onConflictDoUpdate({
          target: calendarYears.year,
          set: { source: input.source, confirmedAt, confirmedBy, updatedAt: now },
        }),
      // Replace the year's rows in the same batch (atomic); one statement, whatever the number of days.
      db.delete(calendarDays).where(eq(calendarDays.year, input.year)),
      ...input.days.map((d) =>
        db
          .insert(calendarDays)
          .values({
            date: d.date,
            year: input.year,
            isWorkday: d.isWorkday,
            name: d.name.trim(),
            source: input.source,
            updatedAt: now,
          })
          .onConflictDoUpdate({
            target: calendarDays.date,
            set: { isWorkday: d.isWorkday, name: d.name.trim(), source: input.source, updatedAt: now },
          }),
      ),
    ],
    [audit],
  )
  invalidateCalendars()
  await onChange?.(db, {
    years: [input.year],
    reason: messages.calendar.recomputeReason(input.year),
    now,
    cause: {
      actorId: actor.user.id,
      scope: 'national',
      agencyId: null,
      change: change.action,
      years: [input.year],
      ...(change.date ? { date: change.date } : {}),
    },
  })
  return getCalendarYear(db, input.year)
}

export type ImportFormat = CalendarImportFormat | 'notice'

export interface ImportWarning {
  code: string
  message: string
  /** A blocking warning must be fixed in the text before the import is accepted. */
  blocking: boolean
  /** The holiday section it belongs to ('' outside sections). */
  section: string
  /** The source sentence it concerns. */
  text: string
  date?: string
}

export interface ImportPreview {
  year: number
  days: CalendarDay[]
  warnings: ImportWarning[]
  /** Text of the notice that was not used (title, preamble, closing), so nothing is dropped silently. */
  ignored: string[]
}

/** One import problem in words: where (line, entry or event), then what. */
function importIssueMessage(issue: CalendarImportIssue): string {
  const t = messages.calendar
  const what = t.importIssues[issue.code](issue.params)
  return issue.at ? `${t.importPlaces[issue.at.unit](issue.at.n)}：${what}` : what
}

function importIssues(issues: { path: string; code: string; message: string }[]): AppError {
  return new AppError('validation_failed', { issues })
}

/** Parse a notice: its errors become a 422; its checks become warnings (blocking or not). */
async function previewNotice(year: number, text: string): Promise<ImportPreview> {
  const { parseHolidayNotice } = await import('../../workflows/calendar/notice')
  const parsed = parseHolidayNotice(text, year)
  const t = messages.calendar
  if (!parsed.ok) {
    const e = parsed.error
    const message =
      e.code === 'too_long'
        ? t.noticeErrors.too_long(e.max)
        : e.code === 'year_mismatch'
          ? t.noticeErrors.year_mismatch(e.stated, e.expected)
          : t.noticeErrors[e.code]
    throw importIssues([{ path: 'text', code: `notice_${e.code}`, message }])
  }
  const warnings: ImportWarning[] = parsed.value.warnings.map((w) => {
    const date = typeof w.params.date === 'string' ? w.params.date : undefined
    return {
      code: w.code,
      message: t.noticeWarnings[w.code](w.params),
      blocking: w.blocking,
      section: w.section,
      text: w.text,
      ...(date ? { date } : {}),
    }
  })
  // The general rules of a calendar year (names, count, no 调休 on a weekday) apply as well; the notice's own
  // checks already name the same faults more precisely, so they are only added when those found nothing.
  if (!warnings.some((w) => w.blocking)) {
    for (const issue of validateCalendarDays(year, parsed.value.days)) {
      warnings.push({
        code: issue.code,
        message: importIssueMessage(issue),
        blocking: true,
        section: '',
        text: '',
      })
    }
  }
  return { year, days: parsed.value.days, warnings, ignored: parsed.value.ignored }
}

/**
 * What an import would write, without writing anything: the parsed days and what to check. The file readers
 * (ical.js, papaparse) and the notice reader (OpenCC) are imported here, on first use: the Worker's build makes
 * them a separate module that a cold start does not parse (scripts/worker-build.ts).
 */
export async function previewCalendarImport(
  year: number,
  format: ImportFormat,
  text: string,
): Promise<ImportPreview> {
  if (format === 'notice') return previewNotice(year, text)
  const { parseCalendarImport } = await import('../../workflows/calendar/import')
  const parsed = parseCalendarImport(year, format, text)
  if (!parsed.ok) {
    throw importIssues(
      parsed.issues.map((i) => ({
        path: i.at ? `${i.at.unit}.${i.at.n}` : 'file',
        code: i.code,
        message: importIssueMessage(i),
      })),
    )
  }
  return { year, days: parsed.days, warnings: [], ignored: [] }
}

/** The import preview for the platform operator; writes nothing. */
export async function previewCalendarYear(
  actor: AuthContext,
  input: { year: number; format: ImportFormat; text: string },
): Promise<ImportPreview> {
  assertCalendarOperator(actor)
  return previewCalendarImport(input.year, input.format, input.text)
}

/** Import a whole year; a blocking warning refuses the import and nothing is written. */
export async function importCalendarYear(
  db: Db,
  actor: AuthContext,
  input: { year: number; format: ImportFormat; text: string; source: string; confirmed?: boolean },
  now: number,
  onChange?: CalendarChangeListener,
): Promise<CalendarYearView> {
  assertCalendarOperator(actor)
  const preview = await previewCalendarImport(input.year, input.format, input.text)
  const blocking = preview.warnings.filter((w) => w.blocking)
  if (blocking.length > 0) {
    throw importIssues(
      blocking.map((w) => ({
        path: 'text',
        code: w.code,
        message: w.text ? `${w.message}：“${w.text}”` : w.message,
      })),
    )
  }
  const putInput: PutYearInput = { year: input.year, days: preview.days, source: input.source }
  if (input.confirmed !== undefined) putInput.confirmed = input.confirmed
  return putCalendarYear(db, actor, putInput, now, onChange, { action: 'calendar.year_imported' })
}

/** Add or change one date of a loaded year. */
export async function putCalendarDay(
  db: Db,
  actor: AuthContext,
  day: CalendarDay,
  now: number,
  onChange?: CalendarChangeListener,
): Promise<CalendarYearView> {
  assertCalendarOperator(actor)
  const year = Number(day.date.slice(0, 4))
  const current = await getCalendarYear(db, year)
  const days = [...current.days.filter((d) => d.date !== day.date), day]
  return putCalendarYear(db, actor, { year, days, source: current.source }, now, onChange, {
    action: 'calendar.day_set',
    date: day.date,
  })
}

export async function deleteCalendarDay(
  db: Db,
  actor: AuthContext,
  date: string,
  now: number,
  onChange?: CalendarChangeListener,
): Promise<CalendarYearView> {
  assertCalendarOperator(actor)
  const year = Number(date.slice(0, 4))
  const current = await getCalendarYear(db, year)
  if (!current.days.some((d) => d.date === date)) throw new AppError('not_found')
  const days = current.days.filter((d) => d.date !== date)
  return putCalendarYear(db, actor, { year, days, source: current.source }, now, onChange, {
    action: 'calendar.day_deleted',
    date,
  })
}

export async function setYearConfirmed(
  db: Db,
  actor: AuthContext,
  year: number,
  confirmed: boolean,
  now: number,
  onChange?: CalendarChangeListener,
): Promise<CalendarYearView> {
  assertCalendarOperator(actor)
  const current = await getCalendarYear(db, year)
  return putCalendarYear(
    db,
    actor,
    { year, days: current.days, source: current.source, confirmed },
    now,
    onChange,
    { action: confirmed ? 'calendar.year_confirmed' : 'calendar.year_unconfirmed' },
  )
}

export interface LocalDayView {
  agencyId: string
  agencyName: string
  date: string
  isWorkday: boolean
  name: string
}

/** Every agency's local rules and the agency tree, as of one stamp of the two tables. */
export interface LocalRules {
  /** The rules that apply to an agency's cases: its own and its ancestors', the nearest agency's rule first. */
  rulesFor(agencyId: string): LocalDayView[]
  /** The national calendar with the agency's rules on top (the national one itself when none apply). */
  calendarFor(national: WorkingCalendar, agencyId: string): WorkingCalendar
}

const derived = new WeakMap<WorkingCalendar, Map<string, WorkingCalendar>>()

async function localStamp(db: Db): Promise<string> {
  const read = localStampsRead.get(db)
  if (read !== undefined) {
    localStampsRead.delete(db) // once: a later call in the request (after a write) confirms it again
    return read
  }
  const row = await db.get<{ stamp: string }>(sql`SELECT ${LOCAL_STAMP} AS stamp`)
  return row?.stamp ?? ''
}

function buildLocalRules(
  tree: ReadonlyMap<string, AgencyNode>,
  rows: (typeof localCalendarDays.$inferSelect)[],
): LocalRules {
  const byAgency = new Map<string, (typeof localCalendarDays.$inferSelect)[]>()
  for (const r of rows) byAgency.set(r.agencyId, [...(byAgency.get(r.agencyId) ?? []), r])
  const rulesFor = (agencyId: string): LocalDayView[] => {
    const seen = new Set<string>()
    const out: LocalDayView[] = []
    for (const a of ancestorsOf(tree, agencyId)) {
      for (const r of byAgency.get(a.id) ?? []) {
        // A sub-agency's own rule for a date wins over its parent's.
        if (seen.has(r.date)) continue
        seen.add(r.date)
        out.push({ agencyId: a.id, agencyName: a.name, date: r.date, isWorkday: r.isWorkday, name: r.name })
      }
    }
    return out.sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0))
  }
  return {
    rulesFor,
    calendarFor(national, agencyId) {
      const rules = rulesFor(agencyId)
      if (rules.length === 0) return national
      const key = JSON.stringify(rules)
      let perNational = derived.get(national)
      if (!perNational) {
        perNational = new Map()
        derived.set(national, perNational)
      }
      let calendar = perNational.get(key)
      if (!calendar) {
        calendar = national.withLocalDays(
          rules.map((r) => ({
            date: r.date,
            isWorkday: r.isWorkday,
            name: messages.calendar.localDayName(r.name, r.agencyName),
          })),
        )
        perNational.set(key, calendar)
      }
      return calendar
    },
  }
}

/** The local rules of every agency; reloaded only when a rule or the set of agencies changed. */
export async function loadLocalRules(db: Db, options: { maxAgeMs?: number } = {}): Promise<LocalRules> {
  return localRulesCache.get(
    () => localStamp(db),
    async () => {
      const [tree, rows] = await Promise.all([agencyTree(db), db.select().from(localCalendarDays).all()])
      return buildLocalRules(tree, rows)
    },
    options.maxAgeMs,
  )
}

/**
 * The calendar of one agency's cases: the national calendar with the local rules of the agency and its ancestors.
 * Every clock of a case is computed with its agency's calendar.
 */
export async function agencyCalendar(
  db: Db,
  national: WorkingCalendar,
  agencyId: string,
  options: { maxAgeMs?: number } = {},
) {
  return (await loadLocalRules(db, options)).calendarFor(national, agencyId)
}

/** The local rules in force for an agency (its own and inherited), for any of its staff. */
export async function listLocalDays(db: Db, actor: AuthContext, agencyRef: string) {
  const agencyId = await agencyIdOf(db, agencyRef)
  if (!scopedAgencyIds(actor).includes(agencyId)) throw new AppError('not_found')
  return (await loadLocalRules(db)).rulesFor(agencyId)
}

async function localAdminAgency(db: Db, actor: AuthContext, agencyRef: string): Promise<AgencyNode> {
  const agencyId = await agencyIdOf(db, agencyRef)
  if (!scopedAgencyIds(actor).includes(agencyId)) throw new AppError('not_found')
  if (!hasRole(actor, agencyId, 'admin')) throw new AppError('forbidden')
  const agency = (await agencyTree(db)).get(agencyId)
  if (!agency) throw new AppError('not_found')
  return agency
}

/** Write one local rule change and its audit row (the agency's own chain), then recompute open deadlines. */
async function commitLocalChange(
  db: Db,
  actor: AuthContext,
  agency: AgencyNode,
  change: { action: string; date: string; statement: Parameters<typeof commitAudited>[1][number] },
  payload: Record<string, unknown>,
  now: number,
  onChange?: CalendarChangeListener,
) {
  const year = Number(change.date.slice(0, 4))
  await commitAudited(
    db,
    [change.statement],
    [
      {
        agencyId: agency.id,
        actorId: actor.user.id,
        action: change.action,
        target: change.date,
        payload,
        at: now,
      },
    ],
  )
  invalidateCalendars()
  await onChange?.(db, {
    years: [year],
    reason: messages.calendar.localRecomputeReason(agency.name, change.date),
    now,
    cause: {
      actorId: actor.user.id,
      scope: 'local',
      agencyId: agency.id,
      change: change.action,
      years: [year],
      date: change.date,
    },
  })
}

/** An agency admin adds or changes a local rule for the agency (and so its sub-agencies). */
export async function putLocalDay(
  db: Db,
  actor: AuthContext,
  agencyRef: string,
  day: CalendarDay,
  now: number,
  onChange?: CalendarChangeListener,
): Promise<LocalDayView[]> {
  const agency = await localAdminAgency(db, actor, agencyRef)
  const year = Number(day.date.slice(0, 4))
  const issues = validateCalendarDays(year, [day])
  if (issues.length > 0) {
    throw new AppError('validation_failed', {
      issues: issues.map((i) => ({ path: 'date', code: i.code, message: importIssueMessage(i) })),
    })
  }
  const name = day.name.trim()
  const row = { isWorkday: day.isWorkday, name, updatedBy: actor.user.id, updatedAt: now }
  const statement = db
    .insert(localCalendarDays)
    .values({ agencyId: agency.id, date: day.date, year, ...row })
    .onConflictDoUpdate({ target: [localCalendarDays.agencyId, localCalendarDays.date], set: row })
  await commitLocalChange(
    db,
    actor,
    agency,
    { action: 'calendar.local_day_set', date: day.date, statement },
    { isWorkday: day.isWorkday, name },
    now,
    onChange,
  )
  return listLocalDays(db, actor, agency.id)
}

export async function deleteLocalDay(
  db: Db,
  actor: AuthContext,
  agencyRef: string,
  date: string,
  now: number,
  onChange?: CalendarChangeListener,
): Promise<LocalDayView[]> {
  const agency = await localAdminAgency(db, actor, agencyRef)
  const where = and(eq(localCalendarDays.agencyId, agency.id), eq(localCalendarDays.date, date))
  const existing = await db.select().from(localCalendarDays).where(where).get()
  if (!existing) throw new AppError('not_found')
  await commitLocalChange(
    db,
    actor,
    agency,
    { action: 'calendar.local_day_deleted', date, statement: db.delete(localCalendarDays).where(where) },
    { isWorkday: existing.isWorkday, name: existing.name },
    now,
    onChange,
  )
  return listLocalDays(db, actor, agency.id)
}
