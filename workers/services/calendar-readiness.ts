// Warn before a holiday year is missing: the dashboard banner and a daily staff-inbox reminder to the platform
// operator (who loads the national calendar) and to every agency's admins, each counting the open cases whose reply
// deadline waits for that year.
import { and, count, eq, inArray } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { agencies, cases, outbox } from '../../db/schema'
import { shanghaiDate } from '../../workflows/calendar'
import { calendarYearNeeded } from '../../workflows/calendar/readiness'
import { newId } from '../lib/crypto'
import { loadCalendar } from './calendar'
import { OPERATORS_RECIPIENT } from './outbox'

export const CALENDAR_REMINDER_KIND = 'calendar_year_missing'
/** The operator's reminder: the whole deployment's waiting cases, and the link to import the year. */
export const NATIONAL_CALENDAR_REMINDER_KIND = 'calendar_year_missing_national'

export interface CalendarReadiness {
  /** The year to load and confirm. */
  year: number
  /** Open cases (in the given agencies) whose reply deadline waits for it. */
  openCases: number
}

/**
 * The missing year, if any, and how many open cases wait for it (one indexed count): in the given agencies, or in
 * every agency of the deployment (`'all'`, for the platform operator).
 */
export async function calendarReadiness(
  db: Db,
  agencyIds: readonly string[] | 'all',
  now: number,
): Promise<CalendarReadiness | null> {
  const calendar = await loadCalendar(db)
  const year = calendarYearNeeded(calendar.years, shanghaiDate(now))
  if (year === null) return null
  if (agencyIds !== 'all' && agencyIds.length === 0) return { year, openCases: 0 }
  const row = await db
    .select({ n: count() })
    .from(cases)
    .where(
      and(
        eq(cases.duePendingYear, year),
        agencyIds === 'all' ? undefined : inArray(cases.agencyId, [...agencyIds]),
      ),
    )
    .get()
  return { year, openCases: row?.n ?? 0 }
}

/**
 * One reminder a day to the platform operator (all open cases waiting) and per agency to its admins while the year
 * is missing (from 1 November for next year). Dedup ids carry the date, so running the cron every 15 minutes
 * writes each day's reminder once.
 */
export async function remindMissingCalendarYear(db: Db, now: number): Promise<number> {
  const calendar = await loadCalendar(db)
  const today = shanghaiDate(now)
  const year = calendarYearNeeded(calendar.years, today)
  if (year === null) return 0
  const [agencyRows, pending] = await db.batch([
    db.select({ id: agencies.id }).from(agencies),
    db
      .select({ agencyId: cases.agencyId, n: count() })
      .from(cases)
      .where(eq(cases.duePendingYear, year))
      .groupBy(cases.agencyId),
  ])
  const byAgency = new Map(pending.map((p) => [p.agencyId, p.n]))
  const rows: (typeof outbox.$inferInsert)[] = agencyRows.map((a) => ({
    id: newId(),
    agencyId: a.id,
    kind: CALENDAR_REMINDER_KIND,
    audience: 'staff',
    recipient: `role:${a.id}:admin`,
    payload: JSON.stringify({ year, openCases: byAgency.get(a.id) ?? 0, date: today }),
    dedupId: `calendar:${year}:missing:${today}:${a.id}`,
    nextAttemptAt: now,
    createdAt: now,
  }))
  rows.push({
    id: newId(),
    agencyId: null,
    kind: NATIONAL_CALENDAR_REMINDER_KIND,
    audience: 'staff',
    recipient: OPERATORS_RECIPIENT,
    payload: JSON.stringify({
      year,
      openCases: pending.reduce((sum, p) => sum + p.n, 0),
      date: today,
    }),
    dedupId: `calendar:${year}:missing:${today}:operators`,
    nextAttemptAt: now,
    createdAt: now,
  })
  const [first, ...rest] = rows.map((r) =>
    db.insert(outbox).values(r).onConflictDoNothing({ target: outbox.dedupId }),
  )
  if (!first) return 0
  await db.batch([first, ...rest])
  return rows.length
}
