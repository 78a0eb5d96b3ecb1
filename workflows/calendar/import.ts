// Reads a year of exceptional dates from JSON, CSV (papaparse) or iCalendar (ical.js) and checks it. Problems are
// codes with their place and values; the edge words them from its catalogue.
import ICAL from 'ical.js'
import Papa from 'papaparse'
import { addCalendarDays, isValidIsoDate, yearOf } from './iso-date'
import type { CalendarDay, IsoDate } from './types'
import {
  type CalendarImportIssue,
  importIssue as issue,
  type CalendarImportPlace as Place,
  validateCalendarDays,
} from './year-days'

export {
  type CalendarImportIssue,
  type CalendarImportIssueCode,
  MAX_DAY_NAME,
  MAX_DAYS_PER_YEAR,
  validateCalendarDays,
} from './year-days'

export type CalendarImportFormat = 'json' | 'csv' | 'ics'

export type CalendarImportResult =
  | { ok: true; days: CalendarDay[] }
  | { ok: false; issues: CalendarImportIssue[] }

const OFF_WORDS = new Set(['休', 'holiday', 'off', '0', 'false', '假'])
const ON_WORDS = new Set(['班', 'workday', 'work', 'on', '1', 'true', '调休上班'])
// An all-day event longer than this is not a holiday; the cap also bounds the output.
const MAX_EVENT_DAYS = 60

function parseKind(raw: string): boolean | null {
  const v = raw.trim().toLowerCase()
  if (OFF_WORDS.has(v)) return false
  if (ON_WORDS.has(v)) return true
  return null
}

function placeOrder(p: Place): number {
  return p === null ? 0 : p.n
}

function finish(
  year: number,
  days: CalendarDay[],
  issues: CalendarImportIssue[],
  places: Place[],
): CalendarImportResult {
  // A file that names no day at all is refused, never imported as an empty year.
  if (days.length === 0 && issues.length === 0) return { ok: false, issues: [issue(null, 'empty')] }
  const all = [...issues, ...validateCalendarDays(year, days, places)].sort(
    (a, b) => placeOrder(a.at) - placeOrder(b.at),
  )
  if (all.length > 0) return { ok: false, issues: all }
  return { ok: true, days: [...days].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)) }
}

function parseJson(year: number, text: string): CalendarImportResult {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return { ok: false, issues: [issue(null, 'invalid_json')] }
  }
  const list = Array.isArray(value) ? value : (value as { days?: unknown })?.days
  if (!Array.isArray(list)) return { ok: false, issues: [issue(null, 'json_shape')] }
  const days: CalendarDay[] = []
  const places: Place[] = []
  const issues: CalendarImportIssue[] = []
  list.forEach((entry, i) => {
    const at: Place = { unit: 'entry', n: i + 1 }
    const e = entry as { date?: unknown; isWorkday?: unknown; name?: unknown }
    if (typeof e?.date !== 'string' || typeof e.isWorkday !== 'boolean' || typeof e.name !== 'string') {
      issues.push(issue(at, 'json_entry'))
      return
    }
    days.push({ date: e.date, isWorkday: e.isWorkday, name: e.name })
    places.push(at)
  })
  return finish(year, days, issues, places)
}

function parseCsv(year: number, text: string): CalendarImportResult {
  const source = text.replace(/^\uFEFF/, '')
  const days: CalendarDay[] = []
  const places: Place[] = []
  const issues: CalendarImportIssue[] = []
  // Line numbers follow the text itself: a quoted cell may hold a line break, so count them up to each row.
  let consumed = 0
  let line = 1
  let rowIndex = 0
  Papa.parse<string[]>(source, {
    skipEmptyLines: false,
    step(result) {
      const start = consumed
      consumed = result.meta.cursor
      const at: Place = { unit: 'line', n: line }
      for (let i = start; i < consumed && i < source.length; i++) if (source[i] === '\n') line++
      const row = result.data.map((c) => c.trim())
      const first = rowIndex++
      for (const e of result.errors) issues.push(issue(at, 'csv_syntax', { detail: e.message.slice(0, 80) }))
      if (row.every((c) => c === '') || row[0]?.startsWith('#')) return
      const [date = '', kind = '', ...rest] = row
      if (first === 0 && !isValidIsoDate(date) && /date|日期/i.test(date)) return // header row
      const isWorkday = parseKind(kind)
      if (isWorkday === null) {
        issues.push(issue(at, 'csv_kind', { value: kind.slice(0, 10) }))
        return
      }
      const name = rest.join(',').trim() || (isWorkday ? '调休上班' : '休假')
      days.push({ date, isWorkday, name })
      places.push(at)
    },
  })
  return finish(year, days, issues, places)
}

function kindOfSummary(summary: string): boolean | null {
  if (/[(（]\s*班\s*[)）]|调休上班|补班/.test(summary)) return true
  if (/[(（]\s*休\s*[)）]|放假|休/.test(summary)) return false
  return null
}

function isoOfTime(time: { year: number; month: number; day: number } | null | undefined): IsoDate | null {
  if (!time) return null
  const iso = `${String(time.year).padStart(4, '0')}-${String(time.month).padStart(2, '0')}-${String(time.day).padStart(2, '0')}`
  return isValidIsoDate(iso) ? iso : null
}

function parseIcs(year: number, text: string): CalendarImportResult {
  let root: ICAL.Component
  try {
    root = new ICAL.Component(ICAL.parse(text.replace(/^\uFEFF/, '')) as unknown[])
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err)
    return { ok: false, issues: [issue(null, 'ics_syntax', { detail: detail.slice(0, 120) })] }
  }
  const events = root.name === 'vevent' ? [root] : root.getAllSubcomponents('vevent')
  const days: CalendarDay[] = []
  const places: Place[] = []
  const issues: CalendarImportIssue[] = []
  events.forEach((component, i) => {
    const at: Place = { unit: 'event', n: i + 1 }
    const summary = String(component.getFirstPropertyValue('summary') ?? '')
    const startValue = component.getFirstPropertyValue('dtstart')
    const endValue = component.getFirstPropertyValue('dtend')
    const start = isoOfTime(startValue instanceof ICAL.Time ? startValue : null)
    const kind = kindOfSummary(summary)
    if (!start || kind === null) {
      issues.push(issue(at, 'ics_event', { summary: summary.slice(0, 40) }))
      return
    }
    // DTEND of an all-day event is exclusive; a missing DTEND means one day.
    const end = endValue
      ? isoOfTime(endValue instanceof ICAL.Time ? endValue : null)
      : addCalendarDays(start, 1)
    if (!end || end <= start) {
      issues.push(issue(at, 'ics_end', { summary: summary.slice(0, 40) }))
      return
    }
    const name = summary.replace(/[(（][^)）]*[)）]/g, '').trim() || (kind ? '调休上班' : '休假')
    for (let d = start, n = 0; d < end && n < MAX_EVENT_DAYS; d = addCalendarDays(d, 1), n++) {
      if (yearOf(d) !== year) continue
      days.push({ date: d, isWorkday: kind, name: kind ? `${name}调休上班` : name })
      places.push(at)
    }
  })
  return finish(year, days, issues, places)
}

/** Parse and validate one calendar year from an import file. */
export function parseCalendarImport(
  year: number,
  format: CalendarImportFormat,
  text: string,
): CalendarImportResult {
  if (format === 'json') return parseJson(year, text)
  if (format === 'csv') return parseCsv(year, text)
  return parseIcs(year, text)
}
