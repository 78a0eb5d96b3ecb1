// The statutory clock over HTTP: the public "explain this date" deadline API and the calendar year API.
import { Hono } from 'hono'
import * as z from 'zod'
import { isValidIsoDate, type PartialCount } from '../../workflows/calendar'
import type { AppEnv } from '../env'
import { AppError } from '../errors'
import { messages } from '../i18n/zh-CN'
import { parseWith, readJson } from '../lib/body'
import { PUBLIC_STAMP_MAX_AGE_MS } from '../lib/stamped-cache'
import { staff } from '../middleware/auth'
import {
  agencyCalendar,
  deleteCalendarDay,
  deleteLocalDay,
  getCalendarYear,
  importCalendarYear,
  listCalendarYears,
  listLocalDays,
  loadCalendar,
  previewCalendarYear,
  putCalendarDay,
  putCalendarYear,
  putLocalDay,
  setYearConfirmed,
} from '../services/calendar'
import { onCalendarChanged } from '../services/calendar-recompute'
import { agencyBySlug } from '../services/forms'
import type { ApiOperations } from './api-docs'

// Deadlines are computed for real legal days: far-future dates (9999-12-31) are bad input, not a crash.
const isoDate = z
  .string()
  .refine((d) => isValidIsoDate(d) && Number(d.slice(0, 4)) >= 2000 && Number(d.slice(0, 4)) <= 2100, {
    message: messages.calendar.dateOutOfRange,
  })
const yearParam = z.coerce.number().int().min(2000).max(2100)

const DeadlineQuery = z.strictObject({
  from: isoDate,
  workingDays: z.coerce.number().int(messages.calendar.workingDaysInteger).min(1).max(200),
  /** An agency (slug or id): its local holiday rules apply too, and are named in `skippedDays`. */
  agency: z.string().min(1).max(64).optional(),
})

const DayBody = z.strictObject({ isWorkday: z.boolean(), name: z.string().trim().min(1).max(40) })
const YearBody = z.strictObject({
  source: z.string().trim().min(1).max(200),
  confirmed: z.boolean().optional(),
  days: z.array(z.strictObject({ date: isoDate, isWorkday: z.boolean(), name: z.string().max(40) })).max(120),
})
const ConfirmBody = z.strictObject({ confirmed: z.boolean() })

/** Body of POST /calendar/{year}/import. */
const ImportBody = z.strictObject({
  format: z.enum(['json', 'csv', 'ics', 'notice']),
  text: z.string().min(1).max(200_000),
  // Only the real import records a source; a preview may be asked for before it is known.
  source: z.string().trim().min(1).max(200).optional(),
  confirmed: z.boolean().optional(),
  /** Parse and check only: returns the days and warnings and writes nothing. */
  preview: z.boolean().optional(),
})

/**
 * A missing or unconfirmed calendar year, as the client-facing error naming the year, with what is known: the
 * working days counted up to the last loaded day and those left (never an estimated date).
 */
export function calendarYearError(year: number, partial: PartialCount | null = null): AppError {
  return new AppError('calendar_year_not_loaded', {
    message: partial
      ? `${messages.errors.calendar_year_not_loaded}${messages.cases.pendingDeadline(partial)}。`
      : messages.errors.calendarYearNotLoaded(year),
    details: partial ? { year, ...partial } : { year },
  })
}

const LocalDayBody = z.strictObject({ isWorkday: z.boolean(), name: z.string().trim().min(1).max(40) })

export const apiCalendarOperations: ApiOperations = {
  'GET /deadline': { access: 'public', query: DeadlineQuery },
  'GET /calendar': { access: 'public' },
  'GET /calendar/:year': { access: 'public' },
  'PUT /calendar/:year': { access: 'staff', body: YearBody },
  'POST /calendar/:year/import': { access: 'staff', body: ImportBody },
  'POST /calendar/:year/confirm': { access: 'staff', body: ConfirmBody },
  'PUT /calendar/:year/days/:date': { access: 'staff', body: DayBody },
  'DELETE /calendar/:year/days/:date': { access: 'staff' },
  'GET /agencies/:agency/calendar/local': { access: 'staff' },
  'PUT /agencies/:agency/calendar/local/:date': { access: 'staff', body: LocalDayBody },
  'DELETE /agencies/:agency/calendar/local/:date': { access: 'staff' },
}

const sourceRequired = { path: 'source', code: 'required', message: messages.calendar.sourceRequired }

export const apiCalendar = new Hono<AppEnv>()
  .get('/deadline', async (c) => {
    const q = parseWith(DeadlineQuery, c.req.query())
    const db = c.get('db')
    // Informational and public: a calendar confirmed current within the last 30 s answers without a query.
    const fresh = { maxAgeMs: PUBLIC_STAMP_MAX_AGE_MS }
    const national = await loadCalendar(db, fresh)
    const calendar = q.agency
      ? await agencyCalendar(db, national, (await agencyBySlug(db, q.agency)).id, fresh)
      : national
    const result = calendar.explain(q.from, q.workingDays)
    if (!result.ok) throw calendarYearError(result.error.year, calendar.countTowards(q.from, q.workingDays))
    c.header('Cache-Control', 'public, max-age=300')
    return c.json(result.value)
  })
  .get('/calendar', async (c) => {
    const years = await listCalendarYears(c.get('db'))
    return c.json({
      items: years.map((y) => ({ year: y.year, source: y.source, confirmed: y.confirmedAt !== null })),
    })
  })
  .get('/calendar/:year', async (c) => {
    const year = parseWith(yearParam, c.req.param('year'))
    return c.json(await getCalendarYear(c.get('db'), year))
  })
  .put('/calendar/:year', async (c) => {
    const year = parseWith(yearParam, c.req.param('year'))
    const body = await readJson(c, YearBody)
    return c.json(
      await putCalendarYear(c.get('db'), staff(c), { year, ...body }, c.get('now'), onCalendarChanged),
    )
  })
  .post('/calendar/:year/import', async (c) => {
    const year = parseWith(yearParam, c.req.param('year'))
    const { preview, source, ...body } = await readJson(c, ImportBody)
    if (preview) return c.json(await previewCalendarYear(staff(c), { year, ...body }))
    if (!source) throw new AppError('validation_failed', { issues: [sourceRequired] })
    return c.json(
      await importCalendarYear(
        c.get('db'),
        staff(c),
        { year, source, ...body },
        c.get('now'),
        onCalendarChanged,
      ),
    )
  })
  .post('/calendar/:year/confirm', async (c) => {
    const year = parseWith(yearParam, c.req.param('year'))
    const body = await readJson(c, ConfirmBody)
    return c.json(
      await setYearConfirmed(c.get('db'), staff(c), year, body.confirmed, c.get('now'), onCalendarChanged),
    )
  })
  .put('/calendar/:year/days/:date', async (c) => {
    const year = parseWith(yearParam, c.req.param('year'))
    const date = parseWith(isoDate, c.req.param('date'))
    if (Number(date.slice(0, 4)) !== year) throw new AppError('not_found')
    const body = await readJson(c, DayBody)
    return c.json(
      await putCalendarDay(c.get('db'), staff(c), { date, ...body }, c.get('now'), onCalendarChanged),
    )
  })
  .delete('/calendar/:year/days/:date', async (c) => {
    const year = parseWith(yearParam, c.req.param('year'))
    const date = parseWith(isoDate, c.req.param('date'))
    if (Number(date.slice(0, 4)) !== year) throw new AppError('not_found')
    return c.json(await deleteCalendarDay(c.get('db'), staff(c), date, c.get('now'), onCalendarChanged))
  })
  .get('/agencies/:agency/calendar/local', async (c) =>
    c.json({ items: await listLocalDays(c.get('db'), staff(c), c.req.param('agency')) }),
  )
  .put('/agencies/:agency/calendar/local/:date', async (c) => {
    const date = parseWith(isoDate, c.req.param('date'))
    const body = await readJson(c, LocalDayBody)
    const items = await putLocalDay(
      c.get('db'),
      staff(c),
      c.req.param('agency'),
      { date, ...body },
      c.get('now'),
      onCalendarChanged,
    )
    return c.json({ items })
  })
  .delete('/agencies/:agency/calendar/local/:date', async (c) => {
    const date = parseWith(isoDate, c.req.param('date'))
    const items = await deleteLocalDay(
      c.get('db'),
      staff(c),
      c.req.param('agency'),
      date,
      c.get('now'),
      onCalendarChanged,
    )
    return c.json({ items })
  })
