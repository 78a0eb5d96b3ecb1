// The working-day calendar at the edge: loads calendar_days/calendar_years into the pure calendar (cached per
// isolate, keyed by the tables' last change), and the admin operations that edit a year.
import { and, eq, inArray, isNull, sql } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { agencies, auditLog, calendarDays, calendarYears } from '../../db/schema'
import {
  buildCalendar,
  type CalendarDay,
  type CalendarYearData,
  type WorkingCalendar,
} from '../../workflows/calendar'
import {
  type CalendarImportFormat,
  type CalendarImportIssue,
  parseCalendarImport,
  validateCalendarDays,
} from '../../workflows/calendar/import'
import { parseHolidayNotice } from '../../workflows/calendar/notice'
import type { AuthContext } from '../auth/sessions'
import { AppError } from '../errors'
import { messages } from '../i18n/zh-CN'

export interface CalendarYearView {
  year: number
  source: string
  confirmed: boolean
  confirmedAt: string | null
  confirmedBy: string | null
  updatedAt: string
  days: CalendarDay[]
}

let cache: { stamp: string; calendar: WorkingCalendar } | null = null

/** A cheap fingerprint of the calendar tables: every edit bumps its year's updated_at. */
async function calendarStamp(db: Db): Promise<string> {
  const row = await db
    .select({
      updated: sql<number>`coalesce(max(${calendarYears.updatedAt}), 0)`,
      years: sql<number>`count(*)`,
      confirmed: sql<number>`count(${calendarYears.confirmedAt})`,
    })
    .from(calendarYears)
    .get()
  return `${row?.updated ?? 0}:${row?.years ?? 0}:${row?.confirmed ?? 0}`
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

/** The calendar built from every confirmed year; rebuilt only when the tables changed. */
export async function loadCalendar(db: Db): Promise<WorkingCalendar> {
  const stamp = await calendarStamp(db)
  if (cache?.stamp === stamp) return cache.calendar
  const calendar = buildCalendar(await readYears(db))
  cache = { stamp, calendar }
  return calendar
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
 * The calendar is national and shared by every agency of the deployment, so only an admin of a
 * top-level agency (no parent) may change it.
 */
export async function isCalendarAdmin(db: Db, actor: AuthContext): Promise<boolean> {
  const adminOf = actor.roles.filter((r) => r.role === 'admin').map((r) => r.agencyId)
  if (adminOf.length === 0) return false
  const root = await db
    .select({ id: agencies.id })
    .from(agencies)
    .where(and(inArray(agencies.id, adminOf), isNull(agencies.parentId)))
    .get()
  return root !== undefined
}

export async function assertCalendarAdmin(db: Db, actor: AuthContext): Promise<void> {
  if (!(await isCalendarAdmin(db, actor))) throw new AppError('forbidden')
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
  change: { years: number[]; reason: string; now: number },
) => Promise<unknown>

/** Replace a whole year (import or edit) atomically, audit it, then let listeners recompute open deadlines. */
export async function putCalendarYear(
  db: Db,
  actor: AuthContext,
  input: PutYearInput,
  now: number,
  onChange?: CalendarChangeListener,
): Promise<CalendarYearView> {
  await assertCalendarAdmin(db, actor)
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
  await db.batch([
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
    db.insert(auditLog).values({
      actorId: actor.user.id,
      action: 'calendar.year_replaced',
      target: String(input.year),
      payload: JSON.stringify({ days: input.days.length, confirmed: confirm, source: input.source }),
      at: now,
    }),
  ])
  await onChange?.(db, { years: [input.year], reason: messages.calendar.recomputeReason(input.year), now })
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
function previewNotice(year: number, text: string): ImportPreview {
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

/** What an import would write, without writing anything: the parsed days and what to check. */
export function previewCalendarImport(year: number, format: ImportFormat, text: string): ImportPreview {
  if (format === 'notice') return previewNotice(year, text)
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

/** The import preview for a calendar admin; writes nothing. */
export async function previewCalendarYear(
  db: Db,
  actor: AuthContext,
  input: { year: number; format: ImportFormat; text: string },
): Promise<ImportPreview> {
  await assertCalendarAdmin(db, actor)
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
  await assertCalendarAdmin(db, actor)
  const preview = previewCalendarImport(input.year, input.format, input.text)
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
  return putCalendarYear(db, actor, putInput, now, onChange)
}

/** Add or change one date of a loaded year. */
export async function putCalendarDay(
  db: Db,
  actor: AuthContext,
  day: CalendarDay,
  now: number,
  onChange?: CalendarChangeListener,
): Promise<CalendarYearView> {
  const year = Number(day.date.slice(0, 4))
  const current = await getCalendarYear(db, year)
  const days = [...current.days.filter((d) => d.date !== day.date), day]
  return putCalendarYear(db, actor, { year, days, source: current.source }, now, onChange)
}

export async function deleteCalendarDay(
  db: Db,
  actor: AuthContext,
  date: string,
  now: number,
  onChange?: CalendarChangeListener,
): Promise<CalendarYearView> {
  const year = Number(date.slice(0, 4))
  const current = await getCalendarYear(db, year)
  if (!current.days.some((d) => d.date === date)) throw new AppError('not_found')
  const days = current.days.filter((d) => d.date !== date)
  return putCalendarYear(db, actor, { year, days, source: current.source }, now, onChange)
}

export async function setYearConfirmed(
  db: Db,
  actor: AuthContext,
  year: number,
  confirmed: boolean,
  now: number,
  onChange?: CalendarChangeListener,
): Promise<CalendarYearView> {
  const current = await getCalendarYear(db, year)
  return putCalendarYear(
    db,
    actor,
    { year, days: current.days, source: current.source, confirmed },
    now,
    onChange,
  )
}
