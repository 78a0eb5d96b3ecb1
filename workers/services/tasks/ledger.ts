// The plan's ledger (工作台账) for the office: tasks × units with each unit's latest report and flags, the rates per
// unit and per task, filters, the per-unit 落实情况 summary, and the same as a printable .xlsx. A unit sees only
// its own column.
import { asc, eq, inArray } from 'drizzle-orm'
import type { Cell, Row } from 'write-excel-file/universal'
import type { Db } from '../../../db/client'
import { taskReports, tasks, taskUnits } from '../../../db/schema'
import { shanghaiDate } from '../../../workflows/calendar'
import { taskReportV1Definition } from '../../../workflows/definitions'
import {
  buildLedger,
  type LedgerCell,
  type LedgerRates,
  type LedgerReport,
  type ProgressStatus,
  type ReportingPeriod,
  type ReportState,
} from '../../../workflows/tasks'
import type { AuthContext } from '../../auth/sessions'
import { messages } from '../../i18n/zh-CN'
import { loadXlsxWriter } from '../../lib/xlsx'
import { agencyIdOf } from '../agencies'
import { planFor } from './access'
import { periodsOfTask } from './tasks'
import { unitContext } from './units'

const t = messages.tasks
const L = messages.ledger

export interface LedgerFilters {
  unit?: string | undefined
  group?: string | undefined
  status?: ProgressStatus | 'unreported' | undefined
  overdue?: boolean | undefined
}

export interface RatesView extends LedgerRates {
  completionText: string
  onTimeText: string
}

export interface CellView {
  agencyId: string
  unitName: string
  role: 'lead' | 'responsible'
  /** The latest report's 落实状态, or `unreported`. */
  status: ProgressStatus | 'unreported'
  statusLabel: string
  /** The latest report's review state, null when the unit has not reported. */
  state: ReportState | null
  stateLabel: string | null
  /** The status the office accepted most recently. */
  confirmed: ProgressStatus | null
  lastReport: {
    id: string
    period: string
    periodLabel: string
    submittedOn: string
    progress: string
  } | null
  onTime: boolean | null
  /** Periods due by today (or already reported), and how many of them were reported on time. */
  duePeriods: number
  onTimePeriods: number
  overdue: boolean
  /** Labels of the periods past due without a report. */
  missing: string[]
  /** Every report of the unit on the task (drill-down), by period. */
  reports: { id: string; period: string; periodLabel: string; state: ReportState; stateLabel: string }[]
}

export interface LedgerTaskView {
  id: string
  group: string | null
  seq: number | null
  name: string
  requirements: string
  deadlineText: string
  dueOn: string | null
  rates: RatesView
  cells: CellView[]
}

export interface LedgerView {
  plan: { id: string; title: string; year: number; agencyId: string; agencyName: string }
  asOf: string
  filters: LedgerFilters
  groups: string[]
  units: { agencyId: string; name: string; rates: RatesView; summary: string }[]
  tasks: LedgerTaskView[]
  total: RatesView
}

export function percent(rate: number | null): string {
  return rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`
}

function ratesView(rates: LedgerRates): RatesView {
  return { ...rates, completionText: percent(rates.completionRate), onTimeText: percent(rates.onTimeRate) }
}

// The workflow's own state names (every version names these four states).
const stateLabel = (state: ReportState) => taskReportV1Definition.states[state]?.label['zh-CN'] ?? state

/** The ledger of a plan as of `now`, filtered; rates are the units' and tasks' own, whatever the filters show. */
export async function planLedger(
  db: Db,
  input: { auth: AuthContext; planId: string; filters: LedgerFilters; now: number },
): Promise<LedgerView> {
  const access = await planFor(db, input.auth, input.planId, 'read')
  const { plan } = access
  const today = shanghaiDate(input.now)
  const visible = (agencyId: string) => access.coordinates || access.units.includes(agencyId)
  const taskRows = await db
    .select()
    .from(tasks)
    .where(eq(tasks.planId, plan.id))
    .orderBy(asc(tasks.position))
    .all()
  const ids = taskRows.map((r) => r.id)
  const [unitRows, reportRows] =
    ids.length === 0
      ? [[], []]
      : await db.batch([
          db.select().from(taskUnits).where(inArray(taskUnits.taskId, ids)),
          db.select().from(taskReports).where(eq(taskReports.planId, plan.id)),
        ])
  const context = await unitContext(db, plan.agencyId)
  const name = (id: string) => context.names.get(id) ?? id
  const periods = new Map<string, ReportingPeriod[]>(taskRows.map((r) => [r.id, periodsOfTask(r, plan.year)]))
  const periodLabel = (taskId: string, key: string) => {
    const period = periods.get(taskId)?.find((p) => p.key === key)
    return period ? t.periodLabel(period) : key
  }
  const roles = new Map(unitRows.map((u) => [`${u.taskId}\u0000${u.agencyId}`, u.role]))
  const ledgerTasks = taskRows.map((r) => ({
    id: r.id,
    periods: periods.get(r.id) ?? [],
    unitIds: unitRows.filter((u) => u.taskId === r.id && visible(u.agencyId)).map((u) => u.agencyId),
  }))
  const reports: LedgerReport[] = reportRows
    .filter((r) => visible(r.agencyId))
    .map((r) => ({
      id: r.id,
      taskId: r.taskId,
      agencyId: r.agencyId,
      period: r.period,
      dueOn: r.dueOn,
      state: r.status,
      progressStatus: r.progressStatus as ProgressStatus,
      submittedOn: shanghaiDate(r.submittedAt ?? r.createdAt),
      updatedAt: r.updatedAt,
    }))
  const ledger = buildLedger(ledgerTasks, reports, today)
  const progressOf = new Map(reportRows.map((r) => [r.id, r.progress]))
  const cellView = (cell: LedgerCell): CellView => {
    const latest = cell.latest
    const status = latest?.progressStatus ?? 'unreported'
    return {
      agencyId: cell.agencyId,
      unitName: name(cell.agencyId),
      role: roles.get(`${cell.taskId}\u0000${cell.agencyId}`) ?? 'responsible',
      status,
      statusLabel: t.progressStatus[status] ?? status,
      state: latest?.state ?? null,
      stateLabel: latest ? stateLabel(latest.state) : null,
      confirmed: cell.confirmed,
      lastReport: latest
        ? {
            id: latest.id,
            period: latest.period,
            periodLabel: periodLabel(cell.taskId, latest.period),
            submittedOn: latest.submittedOn,
            progress: progressOf.get(latest.id) ?? '',
          }
        : null,
      onTime: cell.onTime,
      duePeriods: cell.duePeriods,
      onTimePeriods: cell.onTimePeriods,
      overdue: cell.overdue,
      missing: cell.missing.map((key) => periodLabel(cell.taskId, key)),
      reports: reports
        .filter((r) => r.taskId === cell.taskId && r.agencyId === cell.agencyId)
        .sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : 0))
        .map((r) => ({
          id: r.id,
          period: r.period,
          periodLabel: periodLabel(cell.taskId, r.period),
          state: r.state,
          stateLabel: stateLabel(r.state),
        })),
    }
  }
  const f = { ...input.filters, unit: input.filters.unit && (await agencyIdOf(db, input.filters.unit)) }
  const keep = (cell: CellView) =>
    (f.unit === undefined || cell.agencyId === f.unit) &&
    (f.status === undefined || cell.status === f.status) &&
    (!f.overdue || cell.overdue)
  const taskViews: LedgerTaskView[] = []
  for (const row of taskRows) {
    if (f.group !== undefined && row.groupName !== f.group) continue
    const cells = ledger.cells.filter((c) => c.taskId === row.id).map(cellView)
    const shown = cells.filter(keep)
    const filtering = f.unit !== undefined || f.status !== undefined || f.overdue
    if (filtering && shown.length === 0) continue
    taskViews.push({
      id: row.id,
      group: row.groupName,
      seq: row.seq,
      name: row.name,
      requirements: row.content,
      deadlineText: row.deadlineText,
      dueOn: row.dueOn,
      rates: ratesView(ledger.byTask.get(row.id)!),
      cells: shown,
    })
  }
  const unitOrder = context.tree.map((n) => n.id).filter((id) => ledger.byUnit.has(id))
  const units = unitOrder.map((agencyId) => {
    const rates = ledger.byUnit.get(agencyId)!
    const items = taskRows.flatMap((row) => {
      const cell = ledger.cells.find((c) => c.taskId === row.id && c.agencyId === agencyId)
      if (!cell) return []
      const view = cellView(cell)
      return [
        { seq: row.seq, name: row.name, status: view.statusLabel, progress: view.lastReport?.progress ?? '' },
      ]
    })
    return {
      agencyId,
      name: name(agencyId),
      rates: ratesView(rates),
      summary: L.unitSummary({
        unitName: name(agencyId),
        planTitle: plan.title,
        rates,
        completion: percent(rates.completionRate),
        onTime: percent(rates.onTimeRate),
        items,
      }),
    }
  })
  return {
    plan: {
      id: plan.id,
      title: plan.title,
      year: plan.year,
      agencyId: plan.agencyId,
      agencyName: name(plan.agencyId),
    },
    asOf: today,
    filters: f,
    groups: [...new Set(taskRows.flatMap((r) => (r.groupName === null ? [] : [r.groupName])))],
    units,
    tasks: taskViews,
    total: ratesView(ledger.total),
  }
}

const border = { borderStyle: 'thin', borderColor: '#000000' } as const
const text = (value: string | number | null, more: Record<string, unknown> = {}): Cell => ({
  value: value ?? '',
  wrap: true,
  alignVertical: 'top',
  ...border,
  ...more,
})

/**
 * The ledger as an .xlsx an office would print: the title and the date it counts to, a header row, one row per task
 * and unit with the task's cells merged down its units and the group merged down its tasks, wrapped text; and a
 * second sheet with each unit's rates and 落实情况 summary.
 */
export async function ledgerWorkbook(ledger: LedgerView): Promise<Uint8Array> {
  const grouped = ledger.tasks.some((task) => task.group !== null)
  const header = [
    ...(grouped ? [L.xlsx.group] : []),
    t.columns.seq,
    t.columns.name,
    t.columns.requirements,
    t.columns.deadline,
    t.columns.responsible,
    L.xlsx.status,
    L.xlsx.review,
    L.xlsx.lastReport,
    L.xlsx.onTime,
    L.xlsx.progress,
  ]
  const width = header.length
  const title: Row = [
    {
      value: L.xlsx.title(ledger.plan.title),
      columnSpan: width,
      fontWeight: 'bold',
      fontSize: 16,
      align: 'center',
      height: 32,
    },
    ...Array<null>(width - 1).fill(null),
  ]
  const subtitle: Row = [
    {
      value: L.xlsx.subtitle(
        ledger.asOf,
        ledger.tasks.length,
        ledger.total.completionText,
        ledger.total.onTimeText,
      ),
      columnSpan: width,
      align: 'right',
    },
    ...Array<null>(width - 1).fill(null),
  ]
  const rows: Row[] = [title, subtitle, header.map((h) => text(h, { fontWeight: 'bold', align: 'center' }))]
  const groupSpans = new Map<number, number>()
  ledger.tasks.forEach((task, i) => {
    const previous = ledger.tasks[i - 1]
    if (i === 0 || previous?.group !== task.group) groupSpans.set(i, 0)
    const start = [...groupSpans.keys()].at(-1)!
    groupSpans.set(start, groupSpans.get(start)! + Math.max(1, task.cells.length))
  })
  ledger.tasks.forEach((task, i) => {
    const cells = task.cells.length > 0 ? task.cells : [null]
    cells.forEach((cell, j) => {
      const span = (value: string | number | null, rows: number): Cell | null =>
        j === 0 ? text(value, rows > 1 ? { rowSpan: rows } : {}) : null
      const row: Row = []
      if (grouped) {
        const groupRows = groupSpans.get(i)
        row.push(
          j === 0 && groupRows !== undefined
            ? text(task.group ?? '', groupRows > 1 ? { rowSpan: groupRows } : {})
            : null,
        )
      }
      row.push(
        span(task.seq, cells.length),
        span(task.name, cells.length),
        span(task.requirements, cells.length),
        span(task.deadlineText, cells.length),
        text(cell?.unitName ?? ''),
        text(cell ? (cell.overdue ? `${cell.statusLabel}（${L.overdue}）` : cell.statusLabel) : ''),
        text(cell?.stateLabel ?? ''),
        text(cell?.lastReport ? `${cell.lastReport.submittedOn}（${cell.lastReport.periodLabel}）` : ''),
        text(cell ? (cell.onTime === null ? '—' : cell.onTime ? L.yes : L.no) : ''),
        text(cell?.lastReport?.progress ?? ''),
      )
      rows.push(row)
    })
  })
  const summaryHeader = [
    L.xlsx.unit,
    L.xlsx.assigned,
    t.progressStatus.completed!,
    t.progressStatus.ongoing!,
    t.progressStatus.in_progress!,
    t.progressStatus.not_started!,
    t.progressStatus.unreported!,
    L.xlsx.overdueCount,
    L.completionRate,
    L.onTimeRate,
    L.xlsx.summary,
  ]
  const summary: Row[] = [
    [
      {
        value: L.xlsx.summaryTitle(ledger.plan.title),
        columnSpan: summaryHeader.length,
        fontWeight: 'bold',
        fontSize: 14,
        align: 'center',
      },
      ...Array<null>(summaryHeader.length - 1).fill(null),
    ],
    summaryHeader.map((h) => text(h, { fontWeight: 'bold', align: 'center' })),
    ...ledger.units.map((u) => [
      text(u.name),
      text(u.rates.assigned),
      text(u.rates.byStatus.completed),
      text(u.rates.byStatus.ongoing),
      text(u.rates.byStatus.in_progress),
      text(u.rates.byStatus.not_started),
      text(u.rates.byStatus.unreported),
      text(u.rates.overdue),
      text(u.rates.completionText),
      text(u.rates.onTimeText),
      text(u.summary),
    ]),
  ]
  const writeXlsxFile = await loadXlsxWriter()
  const blob = await writeXlsxFile(
    [
      {
        data: rows,
        sheet: L.xlsx.sheet,
        orientation: 'landscape',
        columns: [...(grouped ? [{ width: 14 }] : []), 6, 24, 40, 14, 18, 12, 14, 18, 8, 40].map((w) =>
          typeof w === 'number' ? { width: w } : w,
        ),
        stickyRowsCount: 3,
      },
      {
        data: summary,
        sheet: L.xlsx.summarySheet,
        orientation: 'landscape',
        columns: [20, 8, 8, 8, 8, 8, 8, 8, 10, 10, 60].map((w) => ({ width: w })),
      },
    ],
    { fontFamily: '宋体', fontSize: 11 },
  ).toBlob()
  return new Uint8Array(await blob.arrayBuffer())
}
