// Reads a 完成时限 cell into milestones for the plan's year; what is not understood is returned as `unparsed`.
import { foldWithMap } from './normalise'

/** How often a recurring task reports. */
export type Recurrence = 'month' | 'quarter' | 'half-year' | 'year'

/** One phrase of a 完成时限 cell, read for the plan's year. `text` quotes the cell as written. */
export type Milestone =
  | { kind: 'start' | 'complete'; by: string; text: string }
  | { kind: 'recurring'; every: Recurrence; text: string }
  | { kind: 'ongoing' | 'unparsed'; text: string }

type Found =
  | { kind: 'date'; by: string }
  | { kind: 'recurring'; every: Recurrence }
  | { kind: 'ongoing' }
  | { kind: 'invalid' }

interface Match {
  start: number
  end: number
  found: Found
}

// Year prefixes: "2023年", "今年" (the plan's year), "次年"/"明年" (the year after).
const YEAR = String.raw`(?<![\dxX])(?:(\d{4})年|(今|本|当|同)年|(次|明|翌)年)?`
const BEFORE = '(?:前|之前|以前)?'
const CN_QUARTER: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, '1': 1, '2': 2, '3': 3, '4': 4 }
const EVERY: Record<string, Recurrence> = {
  月: 'month',
  月度: 'month',
  季: 'quarter',
  季度: 'quarter',
  半年: 'half-year',
  年: 'year',
  年度: 'year',
}

/**
 * Each reader is tried at every position; the first that matches there wins, so longer forms come first.
 * A reader returns null to pass, or what it found (an impossible date such as 2月30日 is `invalid`).
 */
const READERS: { pattern: RegExp; read: (m: RegExpExecArray, year: number) => Found | null }[] = [
  {
    // 2023-06-30, 2023/6/30, 2023.6.30 (also what the xlsx reader makes of a date-formatted cell).
    pattern: /(?<![\dxX])(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})日?/y,
    read: (m) => dateOf(Number(m[1]), Number(m[2]), Number(m[3])),
  },
  {
    // Recurring: 每月, 每个月, 每季度, 按季, 每半年, 每年, 每年度, 按月, 逐月.
    pattern: /(?:每个?|按|逐)(半年|季度?|月度?|年度?)/y,
    read: (m) => ({ kind: 'recurring', every: EVERY[m[1] ?? ''] ?? 'year' }),
  },
  {
    // 6月30日前, 2023年6月30号
    pattern: new RegExp(`${YEAR}(\\d{1,2})月(\\d{1,2})[日号]${BEFORE}`, 'y'),
    read: (m, year) => dateOf(yearOf(m, year), Number(m[4]), Number(m[5])),
  },
  {
    // 6月上旬 / 中旬 / 下旬: by the 10th, the 20th, the last day.
    pattern: new RegExp(`${YEAR}(\\d{1,2})月(上|中|下)旬(?:末)?${BEFORE}`, 'y'),
    read: (m, year) => {
      const y = yearOf(m, year)
      const month = Number(m[4])
      const day = m[5] === '上' ? 10 : m[5] === '中' ? 20 : lastDay(y, month)
      return dateOf(y, month, day)
    },
  },
  {
    // 7月底前, 2023年8月底, 10月末, 10月底之前, 9月份底前
    pattern: new RegExp(`${YEAR}(\\d{1,2})月份?(?:底|末)${BEFORE}`, 'y'),
    read: (m, year) => monthEnd(yearOf(m, year), Number(m[4])),
  },
  {
    // A bare month ("9月完成", "2023年9月") is read as the end of that month. "7月前", "7月初" and "7月中"
    // say something else and are left alone.
    pattern: new RegExp(`${YEAR}(\\d{1,2})月份?(?![前之以初中上下旬\\d日号])`, 'y'),
    read: (m, year) => monthEnd(yearOf(m, year), Number(m[4])),
  },
  {
    // 年底前, 2023年底前, 今年底, 年内, 年度内, 本年度内, 年末
    pattern: /(?<![\dxX])(?:(\d{4})|(今|本|当|同)|(次|明|翌))?年度?(?:底|末|内)(?:前|之前|以前)?/y,
    read: (m, year) => dateOf(yearOf(m, year), 12, 31),
  },
  {
    // 上半年 / 下半年 (end of June / end of December)
    pattern: new RegExp(`${YEAR}(上|下)半年(?:末|底)?${BEFORE}`, 'y'),
    read: (m, year) => monthEnd(yearOf(m, year), m[4] === '上' ? 6 : 12),
  },
  {
    // 前三季度: by the end of the third quarter.
    pattern: new RegExp(`${YEAR}前(一|二|三|1|2|3)(?:个)?季度?(?:末|底)?${BEFORE}`, 'y'),
    read: (m, year) => monthEnd(yearOf(m, year), (CN_QUARTER[m[4] ?? ''] ?? 0) * 3),
  },
  {
    // 第一季度末, 一季度, 第2季度底前
    pattern: new RegExp(`${YEAR}第?(一|二|三|四|1|2|3|4)季度?(?:末|底)?${BEFORE}`, 'y'),
    read: (m, year) => monthEnd(yearOf(m, year), (CN_QUARTER[m[4] ?? ''] ?? 0) * 3),
  },
  {
    // 长期推进, 长期坚持, 持续推进, 持续, 常态化, 常年
    pattern: /长期|持续|常态化|常年/y,
    read: () => ({ kind: 'ongoing' }),
  },
]

// Words that may stand before a phrase without changing it ("力争年底前完成", "于年底前", "到2023年底").
const LEADING_FILLER = /^(?:于|在|应于|须于|应在|须在|力争|确保|争取|务必|原则上|最迟|截至|截止|到|在|并)+$/
// A segment that is only a verb belongs to the phrase before it ("年底前 完成").
const VERB_ONLY = /^(?:完成|启动|开始|前|推进|实施|落实|到位|办结|实现)+$/
const START_VERB = /启动|开始|着手|部署|动员/
const COMPLETE_VERB = /完成|建成|办结|到位|实现/
// Separators between phrases in one cell; a separator ends whatever phrase came before it.
const SEPARATOR = /[\s,，;；。、()（）[\]【】]+/g

/**
 * Parses a 完成时限 cell for a plan year into milestones, in the order they appear.
 *
 * "7月底前" is the last day of July of `planYear`; "年底前" is 12-31; a year in the text ("2024年3月底前")
 * overrides the plan year. A date phrase is `start` when 启动/开始 follows it, otherwise `complete`.
 * 每月/每季度/每半年/每年 are `recurring`; 长期/持续/常态化 are `ongoing`. Every other piece of text
 * (及时, 定期, 第一时间, 7月前, 1个月内, …) is returned as `unparsed`, never guessed. An empty cell gives [].
 */
export function parseDeadline(text: string, planYear: number): Milestone[] {
  if (!Number.isInteger(planYear) || planYear < 1900 || planYear > 2999) {
    throw new RangeError(`Plan year out of range: ${planYear}`)
  }
  // Spaces inside a date ("2015年7月14 日") are not separators.
  const folded = foldWithMap(text)
  const { text: source, sourceIndex } = joinDateSpaces(folded.text, folded.sourceIndex)
  const quote = (start: number, end: number) =>
    text.slice(sourceIndex[start] ?? text.length, sourceIndex[end] ?? text.length).trim()

  const milestones: Milestone[] = []
  // The phrase the next verb-only segment may attach to.
  let open: { index: number; start: number; end: number; found: Found } | null = null
  for (const segment of segments(source)) {
    const matches = scan(source, segment.start, segment.end, planYear)
    const body = source.slice(segment.start, segment.end)
    if (matches.length === 0) {
      if (open && VERB_ONLY.test(body)) {
        open.end = segment.end
        milestones[open.index] = toMilestone(
          open.found,
          source.slice(open.start, open.end),
          quote(open.start, open.end),
        )
      } else {
        milestones.push({ kind: 'unparsed', text: quote(segment.start, segment.end) })
        open = null
      }
      continue
    }
    let first = matches[0]?.start ?? segment.start
    const leading = source.slice(segment.start, first)
    if (leading !== '') {
      if (LEADING_FILLER.test(leading)) first = segment.start
      else milestones.push({ kind: 'unparsed', text: quote(segment.start, first) })
    }
    for (let i = 0; i < matches.length; i++) {
      const match = matches[i] as Match
      const next = matches[i + 1]
      let start = i === 0 ? first : match.start
      let end = next ? next.start : segment.end
      const found = match.found
      // "每年1月底前": a date right after a recurrence says when in the period; it is not a second milestone.
      if (found.kind === 'recurring' && next?.found.kind === 'date' && next.start === match.end) {
        i++
        end = matches[i + 1]?.start ?? segment.end
      }
      start = Math.min(start, match.start)
      milestones.push(toMilestone(found, source.slice(match.end, end), quote(start, end)))
      open = { index: milestones.length - 1, start, end, found }
    }
  }
  return milestones
}

function toMilestone(found: Found, body: string, text: string): Milestone {
  switch (found.kind) {
    case 'date': {
      const kind = START_VERB.test(body) && !COMPLETE_VERB.test(body) ? 'start' : 'complete'
      return { kind, by: found.by, text }
    }
    case 'recurring':
      return { kind: 'recurring', every: found.every, text }
    case 'ongoing':
      return { kind: 'ongoing', text }
    case 'invalid':
      return { kind: 'unparsed', text }
  }
}

function scan(source: string, from: number, to: number, planYear: number): Match[] {
  const matches: Match[] = []
  const segment = source.slice(0, to)
  let i = from
  while (i < to) {
    let hit: Match | null = null
    for (const reader of READERS) {
      reader.pattern.lastIndex = i
      const m = reader.pattern.exec(segment)
      if (!m || m[0] === '') continue
      const found = reader.read(m, planYear)
      if (!found) continue
      hit = { start: i, end: i + m[0].length, found }
      break
    }
    if (hit) {
      matches.push(hit)
      i = hit.end
    } else {
      i++
    }
  }
  return matches
}

function segments(source: string): { start: number; end: number }[] {
  const result: { start: number; end: number }[] = []
  let start = 0
  for (const separator of source.matchAll(SEPARATOR)) {
    if (separator.index > start) result.push({ start, end: separator.index })
    start = separator.index + separator[0].length
  }
  if (start < source.length) result.push({ start, end: source.length })
  return result
}

function joinDateSpaces(text: string, sourceIndex: number[]): { text: string; sourceIndex: number[] } {
  let out = ''
  const index: number[] = []
  for (let i = 0; i < text.length; i++) {
    const char = text[i] ?? ''
    if (/\s/.test(char)) {
      const before = text.slice(0, i).trimEnd().at(-1) ?? ''
      const after = text.slice(i).trimStart()[0] ?? ''
      if (
        /[\d年月日号]/.test(before) &&
        /[\d年月日号]/.test(after) &&
        (/\d/.test(before) || /\d/.test(after))
      ) {
        continue
      }
    }
    out += char
    index.push(sourceIndex[i] ?? 0)
  }
  index.push(sourceIndex[text.length] ?? 0)
  return { text: out, sourceIndex: index }
}

function yearOf(m: RegExpExecArray, planYear: number): number {
  if (m[1]) return Number(m[1])
  if (m[3]) return planYear + 1
  return planYear
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

function lastDay(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
  return month === 2 && leap ? 29 : (MONTH_DAYS[month - 1] ?? 0)
}

function monthEnd(year: number, month: number): Found {
  if (month < 1 || month > 12) return { kind: 'invalid' }
  return dateOf(year, month, lastDay(year, month))
}

function dateOf(year: number, month: number, day: number): Found {
  if (year < 1900 || year > 2999 || month < 1 || month > 12 || day < 1 || day > lastDay(year, month)) {
    return { kind: 'invalid' }
  }
  const pad = (n: number) => String(n).padStart(2, '0')
  return { kind: 'date', by: `${year}-${pad(month)}-${pad(day)}` }
}
