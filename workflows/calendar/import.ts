// Parses a year of exceptional dates from JSON, CSV or ICS (as published by holiday-calendar feeds) and validates it.
import { addCalendarDays, dayOfWeek, isValidIsoDate, yearOf } from './iso-date'
import type { CalendarDay, IsoDate } from './types'

export type CalendarImportFormat = 'json' | 'csv' | 'ics'

export interface CalendarImportIssue {
  /** 1-based line (CSV/ICS) or entry index (JSON); 0 for the whole input. */
  line: number
  message: string
}

export type CalendarImportResult =
  | { ok: true; days: CalendarDay[] }
  | { ok: false; issues: CalendarImportIssue[] }

const OFF_WORDS = new Set(['休', 'holiday', 'off', '0', 'false', '假'])
const ON_WORDS = new Set(['班', 'workday', 'work', 'on', '1', 'true', '调休上班'])
const MAX_DAYS_PER_YEAR = 120
const MAX_NAME = 40

function parseKind(raw: string): boolean | null {
  const v = raw.trim().toLowerCase()
  if (OFF_WORDS.has(v)) return false
  if (ON_WORDS.has(v)) return true
  return null
}

/** Check a year's rows: valid dates inside `year`, each date once, names present, no no-op 调休 on a weekday. */
export function validateCalendarDays(
  year: number,
  days: readonly CalendarDay[],
  /** Source line of each day, for messages; defaults to its 1-based position. */
  lines?: readonly number[],
): CalendarImportIssue[] {
  const issues: CalendarImportIssue[] = []
  const seen = new Set<IsoDate>()
  if (days.length > MAX_DAYS_PER_YEAR)
    issues.push({ line: 0, message: `一年最多登记 ${MAX_DAYS_PER_YEAR} 个特殊日期` })
  days.forEach((d, i) => {
    const line = lines?.[i] ?? i + 1
    if (!isValidIsoDate(d.date)) {
      issues.push({ line, message: `日期“${String(d.date).slice(0, 20)}”无效，应为 YYYY-MM-DD` })
      return
    }
    if (yearOf(d.date) !== year) issues.push({ line, message: `${d.date} 不属于 ${year} 年` })
    if (seen.has(d.date)) issues.push({ line, message: `${d.date} 重复出现` })
    seen.add(d.date)
    const name = d.name.trim()
    if (!name || name.length > MAX_NAME)
      issues.push({ line, message: `${d.date} 的名称须为 1–${MAX_NAME} 个字` })
    const dow = dayOfWeek(d.date)
    if (d.isWorkday && dow >= 1 && dow <= 5) {
      issues.push({ line, message: `${d.date} 本是工作日，无需登记为调休上班日` })
    }
  })
  return issues
}

function finish(
  year: number,
  days: CalendarDay[],
  issues: CalendarImportIssue[],
  lines: number[],
): CalendarImportResult {
  const all = [...issues, ...validateCalendarDays(year, days, lines)].sort((a, b) => a.line - b.line)
  if (all.length > 0) return { ok: false, issues: all }
  return { ok: true, days: [...days].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)) }
}

function parseJson(year: number, text: string): CalendarImportResult {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return { ok: false, issues: [{ line: 0, message: '不是有效的 JSON' }] }
  }
  const list = Array.isArray(value) ? value : (value as { days?: unknown })?.days
  if (!Array.isArray(list))
    return { ok: false, issues: [{ line: 0, message: 'JSON 应为日期数组或含 days 数组的对象' }] }
  const days: CalendarDay[] = []
  const lines: number[] = []
  const issues: CalendarImportIssue[] = []
  list.forEach((entry, i) => {
    const e = entry as { date?: unknown; isWorkday?: unknown; name?: unknown }
    if (typeof e?.date !== 'string' || typeof e.isWorkday !== 'boolean' || typeof e.name !== 'string') {
      issues.push({ line: i + 1, message: '每项须含 date（字符串）、isWorkday（布尔值）、name（字符串）' })
      return
    }
    days.push({ date: e.date, isWorkday: e.isWorkday, name: e.name })
    lines.push(i + 1)
  })
  return finish(year, days, issues, lines)
}

function parseCsv(year: number, text: string): CalendarImportResult {
  const days: CalendarDay[] = []
  const lines: number[] = []
  const issues: CalendarImportIssue[] = []
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/^\uFEFF/, '').trim()
    if (!line || line.startsWith('#')) return
    const [date = '', kind = '', ...rest] = line.split(',').map((c) => c.trim().replace(/^"|"$/g, ''))
    if (i === 0 && !isValidIsoDate(date) && /date|日期/i.test(date)) return // header row
    const isWorkday = parseKind(kind)
    if (isWorkday === null) {
      issues.push({ line: i + 1, message: `第二列应为“休”或“班”，而不是“${kind.slice(0, 10)}”` })
      return
    }
    const name = rest.join(',').trim() || (isWorkday ? '调休上班' : '休假')
    days.push({ date, isWorkday, name })
    lines.push(i + 1)
  })
  return finish(year, days, issues, lines)
}

function icsDate(value: string): IsoDate | null {
  const m = /(\d{4})(\d{2})(\d{2})/.exec(value)
  if (!m) return null
  const iso = `${m[1]}-${m[2]}-${m[3]}`
  return isValidIsoDate(iso) ? iso : null
}

function parseIcs(year: number, text: string): CalendarImportResult {
  // Unfold continuation lines (RFC 5545 §3.1) before reading properties.
  const source = text.replace(/\r?\n[ \t]/g, '').split(/\r?\n/)
  const days: CalendarDay[] = []
  const lines: number[] = []
  const issues: CalendarImportIssue[] = []
  let event: { start?: string; end?: string; summary?: string; line: number } | null = null
  source.forEach((line, i) => {
    if (line === 'BEGIN:VEVENT') event = { line: i + 1 }
    else if (line === 'END:VEVENT' && event) {
      const ev = event as { start?: string; end?: string; summary?: string; line: number }
      event = null
      const start = ev.start ? icsDate(ev.start) : null
      const summary = ev.summary ?? ''
      const kind = /[(（]\s*班\s*[)）]|调休上班|补班/.test(summary)
        ? true
        : /[(（]\s*休\s*[)）]|放假|休/.test(summary)
          ? false
          : null
      if (!start || kind === null) {
        issues.push({ line: ev.line, message: '无法识别该事件的日期或“休/班”标记' })
        return
      }
      // DTEND of an all-day event is exclusive; a missing DTEND means one day.
      const end = ev.end ? icsDate(ev.end) : addCalendarDays(start, 1)
      if (!end || end <= start) {
        issues.push({ line: ev.line, message: '事件的结束日期无效' })
        return
      }
      const name =
        summary
          .replace(/[(（][^)）]*[)）]/g, '')
          .replace(/\\,/g, ',')
          .trim() || (kind ? '调休上班' : '休假')
      for (let d = start, n = 0; d < end && n < 60; d = addCalendarDays(d, 1), n++) {
        if (yearOf(d) !== year) continue
        days.push({ date: d, isWorkday: kind, name: kind ? `${name}调休上班` : name })
        lines.push(ev.line)
      }
    } else if (event) {
      const [prop = '', ...rest] = line.split(':')
      const value = rest.join(':')
      const key = prop.split(';')[0]
      if (key === 'DTSTART') event.start = value
      else if (key === 'DTEND') event.end = value
      else if (key === 'SUMMARY') event.summary = value
    }
  })
  return finish(year, days, issues, lines)
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
