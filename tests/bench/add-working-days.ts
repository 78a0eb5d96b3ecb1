// Benchmark: addWorkingDays over the 2024–2026 seed calendar against a naive day-by-day loop (npx tsx <this file>).
import { performance } from 'node:perf_hooks'
import { HOLIDAYS_CN } from '../../db/seed/holidays-cn'
import {
  addCalendarDays,
  buildCalendar,
  dayNumber,
  dayOfWeek,
  type IsoDate,
  toIsoDate,
} from '../../workflows/calendar'

const CALLS = 1_000_000
const NAIVE_CALLS = 100_000
const WARM_UP = 200_000

const years = Object.entries(HOLIDAYS_CN).map(([year, rows]) => ({
  year: Number(year),
  confirmed: true,
  days: rows.map(([date, isWorkday, name]) => ({ date, isWorkday, name })),
}))
const calendar = buildCalendar(years)

// The straightforward alternative: walk one calendar day at a time, looking each date up.
const rows = new Map(years.flatMap((y) => y.days.map((d) => [d.date, d.isWorkday] as const)))
function naiveAddWorkingDays(from: IsoDate, n: number): IsoDate {
  let day = from
  for (let counted = 0; counted < n; ) {
    day = addCalendarDays(day, 1)
    const weekday = dayOfWeek(day)
    if (rows.get(day) ?? (weekday !== 0 && weekday !== 6)) counted++
  }
  return day
}

// A fairer baseline: the same walk on integer day numbers, parsing and formatting only once per call.
const rowsByDay = new Map(years.flatMap((y) => y.days.map((d) => [dayNumber(d.date), d.isWorkday] as const)))
function naiveDayNumberLoop(from: IsoDate, n: number): IsoDate {
  let day = dayNumber(from)
  for (let counted = 0; counted < n; ) {
    day++
    const weekday = (day + 4) % 7
    if (rowsByDay.get(day) ?? (weekday !== 0 && weekday !== 6)) counted++
  }
  return toIsoDate(day)
}

// Deterministic inputs (xorshift32) so runs are comparable; dates up to 2026-09-30 keep n ≤ 60 inside 2026.
let seed = 0x2024_0927
function random(): number {
  seed ^= seed << 13
  seed ^= seed >>> 17
  seed ^= seed << 5
  return (seed >>> 0) / 0x1_0000_0000
}
const first = dayNumber('2024-01-01')
const span = dayNumber('2026-09-30') - first + 1
const inputCount = 1 << 16
const dates: IsoDate[] = []
const counts: number[] = []
for (let i = 0; i < inputCount; i++) {
  dates.push(toIsoDate(first + Math.floor(random() * span)))
  counts.push(1 + Math.floor(random() * 60))
}
const mask = inputCount - 1

function run(calls: number, add: (from: IsoDate, n: number) => unknown): number {
  let sink = 0
  const start = performance.now()
  for (let i = 0; i < calls; i++) {
    const result = add(dates[i & mask] as IsoDate, counts[i & mask] as number)
    if (result) sink++
  }
  const elapsed = performance.now() - start
  if (sink !== calls) throw new Error('a call returned nothing')
  return elapsed
}

function report(label: string, calls: number, elapsedMs: number): void {
  const ns = (elapsedMs * 1e6) / calls
  const perSecond = Math.round(calls / (elapsedMs / 1000))
  console.log(
    `${label.padEnd(32)} ${ns.toFixed(1).padStart(8)} ns/call  ${perSecond.toLocaleString('en')} calls/s`,
  )
}

for (let i = 0; i < inputCount; i++) {
  const fast = calendar.addWorkingDays(dates[i] as IsoDate, counts[i] as number)
  const expected = naiveAddWorkingDays(dates[i] as IsoDate, counts[i] as number)
  const viaDayNumbers = naiveDayNumberLoop(dates[i] as IsoDate, counts[i] as number)
  if (!fast.ok || fast.value !== expected || viaDayNumbers !== expected) {
    throw new Error(`Mismatch for ${dates[i]} + ${counts[i]}`)
  }
}

run(WARM_UP, (from, n) => calendar.addWorkingDays(from, n))
run(WARM_UP / 10, naiveAddWorkingDays)
run(WARM_UP / 10, naiveDayNumberLoop)
console.log(
  `node ${process.version}, TZ=${process.env.TZ ?? '(unset)'}, n in 1..60, dates 2024-01-01..2026-09-30`,
)
report(
  `addWorkingDays ×${CALLS.toLocaleString('en')}`,
  CALLS,
  run(CALLS, (from, n) => calendar.addWorkingDays(from, n)),
)
report(
  `naive day-number loop ×${NAIVE_CALLS.toLocaleString('en')}`,
  NAIVE_CALLS,
  run(NAIVE_CALLS, naiveDayNumberLoop),
)
report(
  `naive ISO-string loop ×${NAIVE_CALLS.toLocaleString('en')}`,
  NAIVE_CALLS,
  run(NAIVE_CALLS, naiveAddWorkingDays),
)
