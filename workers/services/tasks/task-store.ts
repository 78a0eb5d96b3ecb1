// Writing tasks and their units in bulk: each statement carries its rows as one JSON parameter (json_each), so an
// import of hundreds of tasks is a handful of statements in one batch, within D1's per-query parameter limit.
// The batch goes to D1 directly: drizzle's batch cannot carry a raw statement with parameters.
import { and, eq, type SQL, sql } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import { SQLiteAsyncDialect } from 'drizzle-orm/sqlite-core'
import type { Db } from '../../../db/client'
import { taskPlanEvents, taskPlans } from '../../../db/schema'
import { shanghaiDate } from '../../../workflows/calendar'
import type { Milestone, ResolvedUnit } from '../../../workflows/tasks'
import { AppError } from '../../errors'
import { newId } from '../../lib/crypto'

/** A raw SQL statement for `commitBatch`. */
export interface RawStatement {
  raw: SQL
}

/** What `commitBatch` runs: drizzle query builders and raw statements. */
export type Statement = BatchItem<'sqlite'> | RawStatement

const dialect = new SQLiteAsyncDialect()

/** A milestone as stored: the parser's, or one a person set where the parser could not read the text. */
export type StoredMilestone = Milestone & { manual?: true }

/** A task row to insert or update by (plan, key). JSON columns are passed already encoded. */
export interface TaskWrite {
  id: string
  planId: string
  key: string
  position: number
  groupName: string | null
  seq: number | null
  name: string
  content: string
  carrier: string
  deadlineText: string
  milestones: string
  dueOn: string | null
  leadUnits: string
  responsibleUnits: string
  sourceRow: number | null
  now: number
}

export interface UnitRow {
  taskId: string
  agencyId: string
  role: 'lead' | 'responsible'
}

/** The last complete-by date of a task (else its last start-by date), for sorting and the ledger. */
export function dueOnOf(milestones: readonly Milestone[]): string | null {
  const dated = (kind: 'start' | 'complete') =>
    milestones
      .flatMap((m) => (m.kind === kind ? [m.by] : []))
      .sort()
      .at(-1) ?? null
  return dated('complete') ?? dated('start')
}

/** The agencies that report on a task: lead units, then responsible ones; an agency named as both is lead. */
export function unitAssignments(
  taskId: string,
  lead: readonly ResolvedUnit[],
  responsible: readonly ResolvedUnit[],
): UnitRow[] {
  const roles = new Map<string, 'lead' | 'responsible'>()
  for (const unit of lead) for (const id of unit.agencyIds) roles.set(id, 'lead')
  for (const unit of responsible)
    for (const id of unit.agencyIds) if (!roles.has(id)) roles.set(id, 'responsible')
  return [...roles].map(([agencyId, role]) => ({ taskId, agencyId, role }))
}

/** Insert tasks, or update those whose (plan, key) exists (their version goes up, their id stays). */
export function upsertTasksStatement(rows: readonly TaskWrite[]): RawStatement {
  return raw(sql`
    INSERT INTO tasks (id, plan_id, key, position, group_name, seq, name, content, carrier, deadline_text,
      milestones, due_on, lead_units, responsible_units, source_row, version, created_at, updated_at)
    SELECT json_extract(value, '$.id'), json_extract(value, '$.planId'), json_extract(value, '$.key'),
      json_extract(value, '$.position'), json_extract(value, '$.groupName'), json_extract(value, '$.seq'),
      json_extract(value, '$.name'), json_extract(value, '$.content'), json_extract(value, '$.carrier'),
      json_extract(value, '$.deadlineText'), json_extract(value, '$.milestones'), json_extract(value, '$.dueOn'),
      json_extract(value, '$.leadUnits'), json_extract(value, '$.responsibleUnits'),
      json_extract(value, '$.sourceRow'), 1, json_extract(value, '$.now'), json_extract(value, '$.now')
    FROM json_each(${JSON.stringify(rows)}) WHERE true
    ON CONFLICT (plan_id, key) DO UPDATE SET position = excluded.position, group_name = excluded.group_name,
      seq = excluded.seq, name = excluded.name, content = excluded.content, carrier = excluded.carrier,
      deadline_text = excluded.deadline_text, milestones = excluded.milestones, due_on = excluded.due_on,
      lead_units = excluded.lead_units, responsible_units = excluded.responsible_units,
      source_row = excluded.source_row, version = tasks.version + 1, updated_at = excluded.updated_at`)
}

/**
 * Insert task units (or refresh existing ones). Every row's next reminder date becomes today, so the reminder job
 * looks at the unit's periods again. `set-role` replaces the role; `keep-role` keeps a unit already on the task
 * as it is (a mapping adds an agency without demoting a lead unit).
 */
export function unitRowsStatement(
  rows: readonly UnitRow[],
  now: number,
  mode: 'set-role' | 'keep-role',
): RawStatement {
  const today = shanghaiDate(now)
  const role = mode === 'set-role' ? sql`excluded.role` : sql`task_units.role`
  return raw(sql`
    INSERT INTO task_units (task_id, agency_id, role, next_reminder_on, created_at)
    SELECT json_extract(value, '$.taskId'), json_extract(value, '$.agencyId'), json_extract(value, '$.role'),
      ${today}, ${now}
    FROM json_each(${JSON.stringify(rows)}) WHERE true
    ON CONFLICT (task_id, agency_id) DO UPDATE SET role = ${role}, next_reminder_on = excluded.next_reminder_on`)
}

/** Remove the units of `taskIds` that are not in `keep` (their reports stay; the unit no longer owes any). */
export function pruneUnitsStatement(taskIds: readonly string[], keep: readonly UnitRow[]): RawStatement {
  const pairs = keep.map((row) => `${row.taskId}\u0000${row.agencyId}`)
  return raw(sql`
    DELETE FROM task_units
    WHERE task_id IN (SELECT value FROM json_each(${JSON.stringify(taskIds)}))
      AND task_id || char(0) || agency_id NOT IN (SELECT value FROM json_each(${JSON.stringify(pairs)}))`)
}

/**
 * The two statements every change to a plan's tasks carries: its event (seq = the next plan version, unique, so a
 * concurrent change of the same plan fails the whole batch) and the plan's version.
 */
export function planChangeStatements(
  db: Db,
  plan: { id: string; version: number },
  change: { action: string; actorId: string | null; payload: Record<string, unknown>; now: number },
): Statement[] {
  const seq = plan.version + 1
  return [
    db.insert(taskPlanEvents).values({
      id: newId(),
      planId: plan.id,
      seq,
      action: change.action,
      actorId: change.actorId,
      payload: JSON.stringify(change.payload),
      at: change.now,
    }),
    db
      .update(taskPlans)
      .set({ version: seq, updatedAt: change.now })
      .where(and(eq(taskPlans.id, plan.id), eq(taskPlans.version, plan.version))),
  ]
}

/** Whether a failed batch lost a race on a unique index (a concurrent change): a 409, with nothing written. */
export function isUniqueViolation(err: unknown): boolean {
  return /UNIQUE constraint failed/i.test(
    `${String(err)} ${String((err as { cause?: unknown })?.cause ?? '')}`,
  )
}

function raw(query: SQL): RawStatement {
  return { raw: query }
}

/** Run the statements as one D1 batch (all or nothing); a lost race on a unique index is a 409. */
export async function commitBatch(db: Db, statements: Statement[]): Promise<void> {
  if (statements.length === 0) return
  const prepared = statements.map((statement) => {
    const query =
      'raw' in statement
        ? dialect.sqlToQuery(statement.raw)
        : (statement as unknown as { toSQL(): { sql: string; params: unknown[] } }).toSQL()
    return db.$client.prepare(query.sql).bind(...query.params)
  })
  try {
    await db.$client.batch(prepared)
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('conflict')
    throw err
  }
}
