// The ledger (工作台账): tasks × units with each unit's latest report, on-time and overdue flags, and the
// completion and on-time rates per unit, per task and overall. Pure: the edge loads rows and words the result.
import type { ReportingPeriod } from './periods'

/** 落实状态 a unit reports: 未启动 / 推进中 / 已完成 / 长期推进. */
export const PROGRESS_STATUSES = ['not_started', 'in_progress', 'completed', 'ongoing'] as const
export type ProgressStatus = (typeof PROGRESS_STATUSES)[number]

/** Where a report stands in its review (the task-report workflow's states after filing). */
export type ReportState = 'submitted' | 'returned' | 'resubmitted' | 'accepted'

export interface LedgerTask {
  id: string
  periods: readonly ReportingPeriod[]
  /** The agencies that report on the task (lead and responsible units), each once. */
  unitIds: readonly string[]
}

export interface LedgerReport {
  id: string
  taskId: string
  agencyId: string
  period: string
  /** Due date of the report's period (kept on the report, so a later change of milestones does not move it). */
  dueOn: string
  state: ReportState
  progressStatus: ProgressStatus
  /** Legal date (Asia/Shanghai) the report was first submitted. */
  submittedOn: string
  /** Instant of the last change (epoch ms): breaks ties between reports of one period. */
  updatedAt: number
}

/** One unit's standing on one task. */
export interface LedgerCell {
  taskId: string
  agencyId: string
  /** The report for the latest period reported (any state), or null when the unit has not reported. */
  latest: LedgerReport | null
  /** Status of the latest accepted report: what the office has confirmed. */
  confirmed: ProgressStatus | null
  /** Periods due by today (or already reported) and how many of them were reported on time. */
  duePeriods: number
  onTimePeriods: number
  /** Periods past their due date with no report. */
  missing: string[]
  /** All due periods reported on time: true; any late or missing: false; nothing due yet: null. */
  onTime: boolean | null
  overdue: boolean
  /** The office accepted a report saying 已完成 or 长期推进. */
  fulfilled: boolean
}

/** Counts behind the rates of a unit, a task or the whole plan. */
export interface LedgerRates {
  /** Task × unit pairs counted. */
  assigned: number
  fulfilled: number
  /** fulfilled ÷ assigned; null when nothing is assigned. */
  completionRate: number | null
  duePeriods: number
  onTimePeriods: number
  /** onTimePeriods ÷ duePeriods; null while nothing is due. */
  onTimeRate: number | null
  overdue: number
  /** Pairs by the latest reported status; `unreported` when the unit has not reported yet. */
  byStatus: Record<ProgressStatus | 'unreported', number>
}

export interface Ledger {
  cells: LedgerCell[]
  byTask: Map<string, LedgerRates>
  byUnit: Map<string, LedgerRates>
  total: LedgerRates
}

const FULFILLED: ReadonlySet<ProgressStatus> = new Set(['completed', 'ongoing'])

function later(a: LedgerReport, b: LedgerReport): boolean {
  return a.dueOn > b.dueOn || (a.dueOn === b.dueOn && a.updatedAt > b.updatedAt)
}

function emptyRates(): LedgerRates {
  return {
    assigned: 0,
    fulfilled: 0,
    completionRate: null,
    duePeriods: 0,
    onTimePeriods: 0,
    onTimeRate: null,
    overdue: 0,
    byStatus: { not_started: 0, in_progress: 0, completed: 0, ongoing: 0, unreported: 0 },
  }
}

function add(rates: LedgerRates, cell: LedgerCell): void {
  rates.assigned++
  if (cell.fulfilled) rates.fulfilled++
  rates.duePeriods += cell.duePeriods
  rates.onTimePeriods += cell.onTimePeriods
  if (cell.overdue) rates.overdue++
  rates.byStatus[cell.latest?.progressStatus ?? 'unreported']++
}

function finish(rates: LedgerRates): LedgerRates {
  rates.completionRate = rates.assigned === 0 ? null : rates.fulfilled / rates.assigned
  rates.onTimeRate = rates.duePeriods === 0 ? null : rates.onTimePeriods / rates.duePeriods
  return rates
}

/** One unit's cell of one task from its reports on that task. */
export function ledgerCell(
  task: LedgerTask,
  agencyId: string,
  reports: readonly LedgerReport[],
  today: string,
): LedgerCell {
  const byPeriod = new Map<string, LedgerReport>()
  let latest: LedgerReport | null = null
  let accepted: LedgerReport | null = null
  for (const report of reports) {
    const seen = byPeriod.get(report.period)
    if (!seen || report.submittedOn < seen.submittedOn) byPeriod.set(report.period, report)
    if (!latest || later(report, latest)) latest = report
    if (report.state === 'accepted' && (!accepted || later(report, accepted))) accepted = report
  }
  let duePeriods = 0
  let onTimePeriods = 0
  const missing: string[] = []
  const counted = new Set<string>()
  for (const period of task.periods) {
    const report = byPeriod.get(period.key)
    counted.add(period.key)
    if (report) {
      duePeriods++
      if (report.submittedOn <= period.dueOn) onTimePeriods++
    } else if (period.dueOn < today) {
      duePeriods++
      missing.push(period.key)
    }
  }
  // Reports for periods the task no longer has (its milestones changed) still count, by their own due dates.
  for (const [key, report] of byPeriod) {
    if (counted.has(key)) continue
    duePeriods++
    if (report.submittedOn <= report.dueOn) onTimePeriods++
  }
  const confirmed = accepted?.progressStatus ?? null
  return {
    taskId: task.id,
    agencyId,
    latest,
    confirmed,
    duePeriods,
    onTimePeriods,
    missing,
    onTime: duePeriods === 0 ? null : onTimePeriods === duePeriods,
    overdue: missing.length > 0,
    fulfilled: confirmed !== null && FULFILLED.has(confirmed),
  }
}

/** The ledger of a plan's tasks as of `today`; reports of units a task does not list are left out. */
export function buildLedger(
  tasks: readonly LedgerTask[],
  reports: readonly LedgerReport[],
  today: string,
): Ledger {
  const grouped = new Map<string, LedgerReport[]>()
  for (const report of reports) {
    const key = `${report.taskId}\u0000${report.agencyId}`
    const list = grouped.get(key)
    if (list) list.push(report)
    else grouped.set(key, [report])
  }
  const cells: LedgerCell[] = []
  const byTask = new Map<string, LedgerRates>()
  const byUnit = new Map<string, LedgerRates>()
  const total = emptyRates()
  for (const task of tasks) {
    const taskRates = emptyRates()
    for (const agencyId of new Set(task.unitIds)) {
      const cell = ledgerCell(task, agencyId, grouped.get(`${task.id}\u0000${agencyId}`) ?? [], today)
      cells.push(cell)
      add(taskRates, cell)
      add(total, cell)
      let unitRates = byUnit.get(agencyId)
      if (!unitRates) {
        unitRates = emptyRates()
        byUnit.set(agencyId, unitRates)
      }
      add(unitRates, cell)
    }
    byTask.set(task.id, finish(taskRates))
  }
  for (const rates of byUnit.values()) finish(rates)
  return { cells, byTask, byUnit, total: finish(total) }
}
