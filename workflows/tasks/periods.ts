// Reporting periods of a task, derived from its milestones for the plan's year: when each unit owes a progress report.
import type { Milestone, Recurrence } from './deadlines'

/** What a period is: one recurrence slot (month, quarter, half-year, year) or a dated milestone. */
export type PeriodKind = Recurrence | 'milestone'

/** One reporting period. Dates are ISO `YYYY-MM-DD` (Asia/Shanghai legal days). */
export interface ReportingPeriod {
  /** Stable identity within a task: `2024-M07`, `2024-Q3`, `2024-H1`, `2024-Y`, or `D2024-09-30` for a milestone. */
  key: string
  kind: PeriodKind
  year: number
  /** Month 1–12, quarter 1–4 or half 1–2; null for a year or a milestone. */
  index: number | null
  startsOn: string
  /** The report is due by the end of this day. */
  dueOn: string
  /** Start or complete milestones that fall due on `dueOn` (a quarter can carry "年底前完成"). */
  milestones: ('start' | 'complete')[]
}

const ORDER: Record<Recurrence, number> = { month: 0, quarter: 1, 'half-year': 2, year: 3 }
const pad = (n: number) => String(n).padStart(2, '0')

function monthEnd(year: number, month: number): string {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 31
  return `${year}-${pad(month)}-${pad(days)}`
}

function slots(every: Recurrence, year: number): ReportingPeriod[] {
  const months = { month: 1, quarter: 3, 'half-year': 6, year: 12 }[every]
  const prefix = { month: 'M', quarter: 'Q', 'half-year': 'H', year: 'Y' }[every]
  const periods: ReportingPeriod[] = []
  for (let index = 1; index * months <= 12; index++) {
    const last = index * months
    periods.push({
      key: every === 'year' ? `${year}-Y` : `${year}-${prefix}${every === 'month' ? pad(index) : index}`,
      kind: every,
      year,
      index: every === 'year' ? null : index,
      startsOn: `${year}-${pad(last - months + 1)}-01`,
      dueOn: monthEnd(year, last),
      milestones: [],
    })
  }
  return periods
}

/** The day after an ISO date. */
function nextDay(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  const next = new Date(Date.UTC(y, m - 1, d + 1))
  return next.toISOString().slice(0, 10)
}

/**
 * The reporting periods of a task in `planYear`, by due date:
 * - each recurrence (每月 / 每季度 / 每半年 / 每年) gives its slots in the plan year (every quarter: Q1–Q4,
 *   due on the last day of the quarter); several recurrences give all their slots;
 * - each dated milestone (启动 / 完成 by a date) gives a period due that day, unless a slot already falls due
 *   that day, which then carries the milestone;
 * - a task with neither (长期推进 only, or a deadline not understood) reports once, for the year.
 * A dated milestone in another year (2024年3月底前 in a 2023 plan) keeps its own date.
 */
export function reportingPeriods(milestones: readonly Milestone[], planYear: number): ReportingPeriod[] {
  const recurrences = [...new Set(milestones.flatMap((m) => (m.kind === 'recurring' ? [m.every] : [])))].sort(
    (a, b) => ORDER[a] - ORDER[b],
  )
  const byDue = new Map<string, ReportingPeriod>()
  for (const every of recurrences) {
    for (const period of slots(every, planYear)) {
      // The finer recurrence keeps the date (a quarter and a month both ending 03-31 are one report).
      if (!byDue.has(period.dueOn)) byDue.set(period.dueOn, period)
    }
  }
  for (const milestone of milestones) {
    if (milestone.kind !== 'start' && milestone.kind !== 'complete') continue
    const existing = byDue.get(milestone.by)
    if (existing) {
      if (!existing.milestones.includes(milestone.kind)) existing.milestones.push(milestone.kind)
      continue
    }
    byDue.set(milestone.by, {
      key: `D${milestone.by}`,
      kind: 'milestone',
      year: Number(milestone.by.slice(0, 4)),
      index: null,
      startsOn: milestone.by,
      dueOn: milestone.by,
      milestones: [milestone.kind],
    })
  }
  if (byDue.size === 0) return slots('year', planYear)
  const periods = [...byDue.values()].sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : 0))
  // A milestone period runs from the day after the period before it (or the plan year's first day).
  let previousDue: string | null = null
  for (const period of periods) {
    if (period.kind === 'milestone') {
      const from = previousDue === null ? `${planYear}-01-01` : nextDay(previousDue)
      period.startsOn = from <= period.dueOn ? from : period.dueOn
    }
    previousDue = period.dueOn
  }
  return periods
}

/** The period a report is most likely for on `today`: the first not yet due, else the last one. */
export function currentPeriod(periods: readonly ReportingPeriod[], today: string): ReportingPeriod | null {
  return periods.find((period) => period.dueOn >= today) ?? periods.at(-1) ?? null
}
