// The per-isolate caches of the national working-day calendar and of the agencies' local rules, and the stamps that
// validate them (see lib/stamped-cache.ts).
import { sql } from 'drizzle-orm'
import { agencies, cacheRevisions, calendarYears, localCalendarDays } from '../../db/schema'
import type { WorkingCalendar } from '../../workflows/calendar'
import { StampedCache } from '../lib/stamped-cache'
import type { LocalRules } from './calendar'

/** Every edit of a national year bumps its updated_at; adding, removing or (un)confirming a year changes the counts. */
export const NATIONAL_STAMP = sql<string>`(SELECT coalesce(max(${calendarYears.updatedAt}), 0) || ':' || count(*) || ':' || count(${calendarYears.confirmedAt}) FROM ${calendarYears})`

/** Local rules: their count, last and summed edit times, and the number of agencies (new agencies inherit rules). */
export const LOCAL_STAMP = sql<string>`(SELECT count(*) || ':' || coalesce(max(${localCalendarDays.updatedAt}), 0) || ':' || coalesce(total(${localCalendarDays.updatedAt}), 0) || ':' || (SELECT count(*) FROM ${agencies}) FROM ${localCalendarDays})`

/** The cached tables' revisions (services/entity-cache.ts), read with the local rules' stamp. */
export const REVISIONS_STAMP = sql<string>`(SELECT coalesce(group_concat(${cacheRevisions.name} || '=' || ${cacheRevisions.revision}), '') FROM ${cacheRevisions})`

export const nationalCalendarCache = new StampedCache<WorkingCalendar>()
export const localRulesCache = new StampedCache<LocalRules>()

/** After a calendar or local-rule write in this isolate. */
export function invalidateCalendars(): void {
  nationalCalendarCache.invalidate()
  localRulesCache.invalidate()
}
