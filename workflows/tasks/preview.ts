// What each row of an imported task table becomes (milestones, units) and what needs a person, before anything is saved.
import { type Milestone, parseDeadline } from './deadlines'
import { matchKey } from './normalise'
import type { RowProblem, TaskTable } from './table'
import {
  type RememberedUnits,
  type ResolvedUnit,
  resolveUnits,
  type UnitDirectory,
  unitsInBrackets,
} from './units'

/** Messages the preview adds to the table's own row problems; the edge words them from code and params. */
export type PreviewMessageCode =
  | RowProblem['code']
  | 'deadline_unparsed' // warning: a 完成时限 phrase that needs a person to set it. { text }
  | 'unit_unmatched' // warning: a unit name that matches no agency; map it. { name }
  | 'unit_ambiguous' // warning: a unit name that several agencies share; pick one. { name }

export interface PreviewMessage {
  code: PreviewMessageCode
  severity: 'error' | 'warning'
  params: Record<string, string | number>
}

/** A task as the import would save it. Text fields are the cells as written. */
export interface PreviewTask {
  key: string
  group: string | null
  seq: number | null
  name: string
  requirements: string
  carrier: string
  deadlineText: string
  milestones: Milestone[]
  leadUnits: ResolvedUnit[]
  responsibleUnits: ResolvedUnit[]
}

export interface PreviewRow {
  row: number
  status: 'ok' | 'warning' | 'error'
  messages: PreviewMessage[]
  /** Null when the row has an error and would not be imported. */
  task: PreviewTask | null
}

export interface ImportPreview {
  rows: PreviewRow[]
  summary: {
    ok: number
    warning: number
    error: number
    /** Unit names to map before (or after) committing, each once, as first written. */
    unmatchedUnits: string[]
  }
}

export interface PreviewContext {
  planYear: number
  units: UnitDirectory
  remembered?: RememberedUnits
}

/**
 * Builds the import preview of a table: each row's milestones and units, with its problems. A row with an
 * error has no task; warnings (an unparsed deadline, an unknown unit, a duplicate 序号) leave the task in.
 * Where a table has no unit columns but the task text carries unit notes in brackets ("(县财政局牵头落实)",
 * as in 清水县's plan), those are used: 牵头 as lead units, the others as responsible units.
 */
export function previewTaskImport(table: TaskTable, context: PreviewContext): ImportPreview {
  const unmatched = new Map<string, string>()
  const rows = table.rows.map((row): PreviewRow => {
    const messages: PreviewMessage[] = []
    let lead: string | ResolvedUnit[] = row.cells.lead
    let responsible: string | ResolvedUnit[] = row.cells.responsible
    let problems = row.problems
    if (lead === '' && responsible === '') {
      const noted = unitsInBrackets(`${row.cells.name}\n${row.cells.requirements}`).units
      if (noted.length > 0) {
        lead = resolveUnits(
          noted.filter((unit) => unit.role === 'lead' || unit.role === null),
          context.units,
          context.remembered,
        ).units
        responsible = resolveUnits(
          noted.filter((unit) => unit.role === 'support'),
          context.units,
          context.remembered,
        ).units
        problems = problems.filter((problem) => problem.code !== 'no_units')
      }
    }
    messages.push(...problems)
    if (row.key === null || problems.some((problem) => problem.severity === 'error')) {
      return { row: row.row, status: 'error', messages, task: null }
    }
    const milestones = parseDeadline(row.cells.deadline, context.planYear)
    for (const milestone of milestones) {
      if (milestone.kind === 'unparsed') {
        messages.push({ code: 'deadline_unparsed', severity: 'warning', params: { text: milestone.text } })
      }
    }
    const resolve = (cell: string | ResolvedUnit[]) =>
      typeof cell === 'string' ? resolveUnits(cell, context.units, context.remembered).units : cell
    const leadUnits = resolve(lead)
    const responsibleUnits = resolve(responsible)
    for (const unit of [...leadUnits, ...responsibleUnits]) {
      if (unit.match !== 'unknown' && unit.match !== 'ambiguous') continue
      const code = unit.match === 'unknown' ? 'unit_unmatched' : 'unit_ambiguous'
      if (!messages.some((message) => message.code === code && message.params.name === unit.name)) {
        messages.push({ code, severity: 'warning', params: { name: unit.name } })
      }
      const key = matchKey(unit.name)
      if (!unmatched.has(key)) unmatched.set(key, unit.name)
    }
    const task: PreviewTask = {
      key: row.key,
      group: row.group,
      seq: row.seq,
      name: row.cells.name,
      requirements: row.cells.requirements,
      carrier: row.cells.carrier,
      deadlineText: row.cells.deadline,
      milestones,
      leadUnits,
      responsibleUnits,
    }
    return { row: row.row, status: messages.length > 0 ? 'warning' : 'ok', messages, task }
  })
  const count = (status: PreviewRow['status']) => rows.filter((row) => row.status === status).length
  return {
    rows,
    summary: {
      ok: count('ok'),
      warning: count('warning'),
      error: count('error'),
      unmatchedUnits: [...unmatched.values()],
    },
  }
}
