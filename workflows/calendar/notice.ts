// Reads the State Council's yearly holiday notice (国务院办公厅关于YYYY年部分节假日安排的通知) into calendar rows, with checks.
import * as OpenCC from 'opencc-js/t2cn'
import { addCalendarDays, dayNumber, dayOfWeek, isValidIsoDate, yearOf } from './iso-date'
import type { CalendarDay, IsoDate } from './types'

/** Longest notice accepted, in UTF-16 code units (a real notice is under 1,000). */
export const MAX_NOTICE_CHARS = 20_000

/** What a warning is about; `blocking` ones must be fixed before the year can be imported. */
export type NoticeWarningCode =
  | 'weekday_mismatch' // blocking: the weekday in the note is not the date's. { date, stated: '四', actual: '五' }
  | 'day_count_mismatch' // blocking: 共N天 / 放假N天 is not the number of days in the range. { from, to, stated, actual }
  | 'makeup_not_weekend' // blocking: a 上班 day that is Mon–Fri. { date }
  | 'duplicate_date' // blocking: a date given a second time (anywhere). { date }
  | 'outside_year' // blocking: a date not in the import year. { date }
  | 'invalid_date' // blocking: a day the calendar does not have, e.g. 2月30日. { month, day }
  | 'unread_text' // not blocking: a sentence in a section that was not understood; listed, not used. {}

/** One finding about the notice; the edge words it from `code` and `params`. */
export interface NoticeWarning {
  code: NoticeWarningCode
  blocking: boolean
  /** Section (holiday) name it belongs to; '' outside sections. */
  section: string
  /** The source sentence it concerns (after normalisation). */
  text: string
  params: Record<string, string | number>
}

/** One numbered holiday paragraph of the notice ("二、春节：…"). */
export interface NoticeSection {
  /** The holiday as written, simplified: '元旦', '春节', '国庆节、中秋节'. */
  name: string
  /** Days off, in order of the text. */
  holidays: IsoDate[]
  /** 调休 make-up working days (上班), in order of the text. */
  workdays: IsoDate[]
  /** The "共N天" / "放假N天" figure, if any (the first one when there are several). */
  statedDays: number | null
}

/** A notice as read: its rows, and everything that needs a second look. */
export interface ParsedNotice {
  /** Year named in the title or preamble ("关于2026年部分节假日安排", "现将2026年元旦、春节…"), if any. */
  statedYear: number | null
  sections: NoticeSection[]
  /** Sorted by date; each date once (first occurrence wins). Holidays are named by their section name; make-up days `${section}调休上班`. */
  days: CalendarDay[]
  warnings: NoticeWarning[]
  /** Sentences outside every holiday section (title, preamble, closing, signature), so nothing is dropped silently. */
  ignored: string[]
}

/** Why a text could not be read as a notice at all. */
export type NoticeError =
  | { code: 'empty' }
  | { code: 'too_long'; max: number }
  | { code: 'year_mismatch'; stated: number; expected: number }
  | { code: 'no_sections' }

const BLOCKING: Record<NoticeWarningCode, boolean> = {
  weekday_mismatch: true,
  day_count_mismatch: true,
  makeup_not_weekend: true,
  duplicate_date: true,
  outside_year: true,
  invalid_date: true,
  unread_text: false,
}

// The longest real holiday is nine days; a longer range is a misreading, and the cap bounds the output.
const MAX_RANGE_DAYS = 31
// Index = dayOfWeek (0 = Sunday), as the notices write it after 周/星期.
const WEEKDAY_CHARS = '日一二三四五六'

// Numbered heading: only at the start of the text or after whitespace, 。 or ;, and the name must touch the
// colon, so that "(农历正月初七、周二)" inside a sentence is never taken for "七、…".
const SECTION_RE =
  /(?<=^|[\s。;])[一二三四五六七八九十]{1,3}[、.][^\S\n]*(\p{Script=Han}{1,20}(?:、\p{Script=Han}{1,20}){0,5}):/gu
// Only the title and the preamble name the notice's year; the signature date is the year before.
const STATED_YEAR_RES = [/(?<!\d)(\d{4})\s*年\s*部分节假日安排/g, /现将\s*(\d{4})\s*年/g]
const DATE_RE = /(?:(\d{4})年)?(?:(\d{1,2})月)?(\d{1,2})日(?:\(([^()]*)\))?/y
const RANGE_RE = /至|到|[-~〜—–―]{1,2}/y
const LIST_RE = /[、和及]/y
const VERB_RE = /放假|补休|上班/y
const TAIL_RE =
  /不调休|调休|公休|与(?:周末|周[六日天]|星期[六日天])连休|共?(\d{1,3}|[一二三四五六七八九十两]{1,3})天/y
const WEEKDAY_RE = /(?:周|星期|礼拜)([一二三四五六日天])/
// A month and day with no year before it: the signature date ("2025年11月4日") does not count.
const BARE_MONTH_DAY_RE = /(?<![\d年])\d{1,2}月\d{1,2}日/

interface DateRef {
  year: number
  month: number
  day: number
  // The weekday the note states, as one of WEEKDAY_CHARS, or null when the note names none.
  weekday: string | null
}

interface Item {
  from: DateRef
  to: DateRef | null
}

type Clause =
  | { kind: 'days'; off: boolean; items: Item[]; counts: number[] }
  | { kind: 'modifier'; counts: number[] }

interface ResolvedItem {
  // Endpoints with their ISO date, or null when the calendar has no such day.
  ends: { ref: DateRef; iso: IsoDate | null }[]
  // Every day the item covers, or null when an endpoint is invalid.
  dates: IsoDate[] | null
}

interface ResolvedClause {
  off: boolean
  items: ResolvedItem[]
  counts: number[]
}

let toSimplified: ((text: string) => string) | undefined

function normalise(text: string): string {
  // NFKC folds full-width digits and punctuation (（）：，；．) to ASCII, so one grammar reads both widths.
  const folded = text.normalize('NFKC').replace(/\r\n?|[\u2028\u2029\v\f]/g, '\n')
  // Building the converter loads its dictionaries, so only the first notice pays for it.
  toSimplified ??= OpenCC.Converter({ from: 't', to: 'cn' })
  return toSimplified(folded)
}

function display(sentence: string): string {
  return sentence.replace(/\s+/g, ' ').trim()
}

function compact(sentence: string): string {
  // Chinese has no word spaces, so any whitespace is layout from pasting.
  return sentence.replace(/\s+/g, '')
}

// A line break inside a date or a range is layout from a PDF copy, not the end of a sentence.
const CONTINUES_BEFORE = new Set('0123456789月至到、,-—')
const CONTINUES_AFTER = new Set('月日至到、,(放上共天调休')

function continuesAcross(text: string, i: number, depth: number): boolean {
  if (depth > 0) return true
  let before = i - 1
  while (before >= 0 && /\s/.test(text[before] ?? '')) before--
  let after = i + 1
  while (after < text.length && /\s/.test(text[after] ?? '')) after++
  return CONTINUES_BEFORE.has(text[before] ?? '') || CONTINUES_AFTER.has(text[after] ?? '')
}

// Splits at 。, line breaks and ; (outside parentheses); a stray "(" cannot swallow the next sentence.
function splitSentences(text: string): string[] {
  const out: string[] = []
  let depth = 0
  let start = 0
  for (let i = 0; i <= text.length; i++) {
    const c = text[i]
    if (c === '(') depth++
    else if (c === ')') depth = Math.max(0, depth - 1)
    else if (
      c === undefined ||
      c === '。' ||
      (c === '\n' && !continuesAcross(text, i, depth)) ||
      (c === ';' && depth === 0)
    ) {
      const sentence = display(text.slice(start, i))
      if (sentence) out.push(sentence)
      start = i + 1
      depth = 0
    }
  }
  return out
}

// Commas inside a note ("(农历除夕,周二)") do not end a clause.
function splitClauses(sentence: string): string[] {
  const out: string[] = []
  let depth = 0
  let start = 0
  for (let i = 0; i <= sentence.length; i++) {
    const c = sentence[i]
    if (c === '(') depth++
    else if (c === ')') depth = Math.max(0, depth - 1)
    else if (c === undefined || (c === ',' && depth === 0)) {
      const clause = compact(sentence.slice(start, i))
      if (clause) out.push(clause)
      start = i + 1
    }
  }
  return out
}

function matchAt(re: RegExp, text: string, pos: number): RegExpExecArray | null {
  re.lastIndex = pos
  return re.exec(text)
}

function chineseNumber(text: string): number {
  if (/^\d+$/.test(text)) return Number(text)
  const m = /^([一二三四五六七八九两]?)(十?)([一二三四五六七八九两]?)$/.exec(text)
  if (!m) return Number.NaN
  const [, tens = '', ten = '', units = ''] = m
  const digit = (c: string): number => (c === '两' ? 2 : '一二三四五六七八九'.indexOf(c) + 1)
  if (!ten) return tens && !units ? digit(tens) : Number.NaN
  return (tens ? digit(tens) : 1) * 10 + (units ? digit(units) : 0)
}

function noteWeekday(note: string | undefined): string | null {
  const m = note === undefined ? null : WEEKDAY_RE.exec(note)
  if (!m?.[1]) return null
  return m[1] === '天' ? '日' : m[1]
}

// A date without a month takes the previous date's; a range end in an earlier month is in the next year.
function readDate(
  clause: string,
  pos: number,
  prev: DateRef | null,
  year: number,
  rangeEnd: boolean,
): { ref: DateRef; end: number } | null {
  const m = matchAt(DATE_RE, clause, pos)
  if (!m) return null
  const [, y, mo, d = '', note] = m
  const month = mo !== undefined ? Number(mo) : prev?.month
  if (month === undefined) return null
  let refYear = year
  if (y !== undefined) refYear = Number(y)
  else if (prev) refYear = rangeEnd && mo !== undefined && month < prev.month ? prev.year + 1 : prev.year
  return { ref: { year: refYear, month, day: Number(d), weekday: noteWeekday(note) }, end: pos + m[0].length }
}

function readTail(clause: string, pos: number, counts: number[]): boolean {
  let at = pos
  while (at < clause.length) {
    const m = matchAt(TAIL_RE, clause, at)
    if (!m) return false
    if (m[1] !== undefined) {
      const n = chineseNumber(m[1])
      if (Number.isNaN(n)) return false
      counts.push(n)
    }
    at += m[0].length
  }
  return true
}

// Grammar of one clause: date [至 date] {、 date [至 date]} (放假|补休|上班) {tail}, or tail words alone.
function parseClause(clause: string, year: number): Clause | null {
  const items: Item[] = []
  let pos = 0
  let prev: DateRef | null = null
  for (;;) {
    const from = readDate(clause, pos, prev, year, false)
    if (!from) {
      if (items.length > 0) return null // a 、 with no date after it
      break
    }
    pos = from.end
    prev = from.ref
    let to: DateRef | null = null
    const sep = matchAt(RANGE_RE, clause, pos)
    if (sep) {
      const end = readDate(clause, pos + sep[0].length, prev, year, true)
      if (!end) return null
      pos = end.end
      prev = end.ref
      to = end.ref
    }
    items.push({ from: from.ref, to })
    const list = matchAt(LIST_RE, clause, pos)
    if (!list) break
    pos += list[0].length
  }
  const counts: number[] = []
  if (items.length === 0) return readTail(clause, 0, counts) ? { kind: 'modifier', counts } : null
  const verb = matchAt(VERB_RE, clause, pos)
  if (!verb) return null
  const off = verb[0] !== '上班'
  pos += verb[0].length
  if (off ? !readTail(clause, pos, counts) : pos !== clause.length) return null
  return { kind: 'days', off, items, counts }
}

function isoOf(ref: DateRef): IsoDate | null {
  const iso = `${String(ref.year).padStart(4, '0')}-${String(ref.month).padStart(2, '0')}-${String(ref.day).padStart(2, '0')}`
  return isValidIsoDate(iso) ? iso : null
}

function resolveItem(item: Item): ResolvedItem | null {
  const ends = [item.from, ...(item.to ? [item.to] : [])].map((ref) => ({ ref, iso: isoOf(ref) }))
  const first = ends[0]?.iso
  const last = ends[ends.length - 1]?.iso
  if (!first || !last) return { ends, dates: null }
  const span = dayNumber(last) - dayNumber(first)
  // A reversed or month-long range is not something we understood; better unread than wrong.
  if (span < 0 || span >= MAX_RANGE_DAYS) return null
  return { ends, dates: Array.from({ length: span + 1 }, (_, i) => addCalendarDays(first, i)) }
}

// The whole sentence or nothing: a half-understood sentence could add days the notice does not give.
function readSentence(sentence: string, year: number): ResolvedClause[] | null {
  const clauses: ResolvedClause[] = []
  for (const text of splitClauses(sentence)) {
    const clause = parseClause(text, year)
    if (!clause) return null
    if (clause.kind === 'modifier') {
      if (clause.counts.length === 0) continue
      // "共8天" belongs to the days off before it in the same sentence.
      const target = clauses.findLast((c) => c.off)
      if (!target) return null
      target.counts.push(...clause.counts)
      continue
    }
    const items: ResolvedItem[] = []
    for (const item of clause.items) {
      const resolved = resolveItem(item)
      if (!resolved) return null
      items.push(resolved)
    }
    clauses.push({ off: clause.off, items, counts: clause.counts })
  }
  return clauses
}

function findStatedYears(source: string): { index: number; year: number }[] {
  const found: { index: number; year: number }[] = []
  for (const re of STATED_YEAR_RES) {
    for (const m of source.matchAll(re)) found.push({ index: m.index, year: Number(m[1]) })
  }
  return found.sort((a, b) => a.index - b.index)
}

interface Heading {
  name: string
  start: number
  bodyStart: number
}

function findHeadings(source: string): Heading[] {
  return [...source.matchAll(SECTION_RE)].map((m) => ({
    name: m[1] ?? '',
    start: m.index,
    bodyStart: m.index + m[0].length,
  }))
}

interface Reading {
  sentence: string
  // null when the sentence was not understood.
  clauses: ResolvedClause[] | null
}

// The closing paragraph and signature follow the last section with no heading of their own, so the last section
// ends with its last sentence that gives dates or names a day; if none does, all of it stays to be reported.
function splitTrailer(readings: Reading[]): { body: Reading[]; trailer: string[] } {
  const last = readings.findLastIndex(
    (r) => (r.clauses !== null && r.clauses.length > 0) || BARE_MONTH_DAY_RE.test(compact(r.sentence)),
  )
  if (last < 0) return { body: readings, trailer: [] }
  return { body: readings.slice(0, last + 1), trailer: readings.slice(last + 1).map((r) => r.sentence) }
}

interface Collector {
  year: number
  warnings: NoticeWarning[]
  // First occurrence of each date.
  days: Map<IsoDate, CalendarDay>
}

function warn(
  out: Collector,
  code: NoticeWarningCode,
  section: string,
  text: string,
  params: NoticeWarning['params'],
): void {
  out.warnings.push({ code, blocking: BLOCKING[code], section, text, params })
}

// Checks one understood clause and records its days.
function applyClause(out: Collector, section: NoticeSection, sentence: string, clause: ResolvedClause): void {
  const dates: IsoDate[] = []
  let complete = true
  for (const item of clause.items) {
    for (const { ref, iso } of item.ends) {
      if (!iso) {
        warn(out, 'invalid_date', section.name, sentence, { month: ref.month, day: ref.day })
        continue
      }
      const actual = WEEKDAY_CHARS[dayOfWeek(iso)] ?? ''
      if (ref.weekday !== null && ref.weekday !== actual) {
        warn(out, 'weekday_mismatch', section.name, sentence, { date: iso, stated: ref.weekday, actual })
      }
    }
    if (item.dates) dates.push(...item.dates)
    else complete = false
  }
  const from = dates[0]
  const to = dates[dates.length - 1]
  if (clause.off) {
    section.statedDays ??= clause.counts[0] ?? null
    for (const stated of clause.counts) {
      // Without every endpoint the count cannot be checked; invalid_date already blocks.
      if (complete && from && to && stated !== dates.length) {
        warn(out, 'day_count_mismatch', section.name, sentence, { from, to, stated, actual: dates.length })
      }
    }
  }
  const list = clause.off ? section.holidays : section.workdays
  const name = clause.off ? section.name : `${section.name}调休上班`
  for (const date of dates) {
    list.push(date)
    if (yearOf(date) !== out.year) warn(out, 'outside_year', section.name, sentence, { date })
    const dow = dayOfWeek(date)
    if (!clause.off && dow >= 1 && dow <= 5) warn(out, 'makeup_not_weekend', section.name, sentence, { date })
    if (out.days.has(date)) warn(out, 'duplicate_date', section.name, sentence, { date })
    else out.days.set(date, { date, isWorkday: !clause.off, name })
  }
}

/** Parse a holiday notice for `year`. Never throws on any string input. */
export function parseHolidayNotice(
  text: string,
  year: number,
): { ok: true; value: ParsedNotice } | { ok: false; error: NoticeError } {
  if (text.trim() === '') return { ok: false, error: { code: 'empty' } }
  if (text.length > MAX_NOTICE_CHARS) return { ok: false, error: { code: 'too_long', max: MAX_NOTICE_CHARS } }
  const source = normalise(text)

  const stated = findStatedYears(source)
  const mismatch = stated.find((s) => s.year !== year)
  if (mismatch) return { ok: false, error: { code: 'year_mismatch', stated: mismatch.year, expected: year } }

  const headings = findHeadings(source)
  const ignored = splitSentences(source.slice(0, headings[0]?.start ?? source.length))
  const sections: NoticeSection[] = []
  const out: Collector = { year, warnings: [], days: new Map() }
  let understood = false
  headings.forEach((heading, h) => {
    const next = headings[h + 1]
    let readings: Reading[] = splitSentences(
      source.slice(heading.bodyStart, next?.start ?? source.length),
    ).map((sentence) => ({ sentence, clauses: readSentence(sentence, year) }))
    if (!next) {
      const { body, trailer } = splitTrailer(readings)
      readings = body
      ignored.push(...trailer)
    }
    const section: NoticeSection = { name: heading.name, holidays: [], workdays: [], statedDays: null }
    sections.push(section)
    for (const { sentence, clauses } of readings) {
      if (!clauses) warn(out, 'unread_text', section.name, sentence, {})
      for (const clause of clauses ?? []) {
        understood = true
        applyClause(out, section, sentence, clause)
      }
    }
  })

  // A heading alone ("一、背景：…") is no holiday section: something must have been read as dates.
  if (!understood) return { ok: false, error: { code: 'no_sections' } }
  return {
    ok: true,
    value: {
      statedYear: stated[0]?.year ?? null,
      sections,
      days: [...out.days.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)),
      warnings: out.warnings,
      ignored,
    },
  }
}
