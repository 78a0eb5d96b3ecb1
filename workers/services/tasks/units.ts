// The units a plan's tables can name: the agencies of its government's tree with their short names, the default
// and configured unit groups, and the names a person mapped (remembered per agency and applied to its plans).
import { and, eq, inArray, sql } from 'drizzle-orm'
import type { Db } from '../../../db/client'
import { agencies, taskPlans, tasks, taskUnitGroups, taskUnitMappings } from '../../../db/schema'
import {
  type AgencyNode,
  buildUnitDirectory,
  matchKey,
  mergeUnitGroups,
  type ResolvedUnit,
  rootOf,
  treeUnits,
  type UnitDirectory,
} from '../../../workflows/tasks'
import type { AuthContext } from '../../auth/sessions'
import { AppError } from '../../errors'
import { messages } from '../../i18n/zh-CN'
import { agencyIdOf } from '../agencies'
import { agencyForPlans } from './access'
import { commitBatch, planChangeStatements, type Statement, unitRowsStatement } from './task-store'

const t = messages.tasks

/** Everything an import or a hand edit needs to resolve unit names for plans of one agency. */
export interface UnitContext {
  agencyId: string
  /** The agencies of the government tree the agency belongs to, the root first. */
  tree: AgencyNode[]
  names: ReadonlyMap<string, string>
  directory: UnitDirectory
  remembered: Record<string, string>
  groups: { name: string; agencyIds: string[]; configured: boolean }[]
  mappings: { name: string; agencyId: string }[]
}

async function allAgencies(db: Db): Promise<AgencyNode[]> {
  return db
    .select({ id: agencies.id, name: agencies.name, kind: agencies.kind, parentId: agencies.parentId })
    .from(agencies)
    .all()
}

/** The unit context of `agencyId`'s plans. */
export async function unitContext(db: Db, agencyId: string): Promise<UnitContext> {
  const nodes = await allAgencies(db)
  const root = rootOf(agencyId, nodes)
  const { agencies: units, groups: defaults } = treeUnits(root, nodes)
  const inTree = new Set(units.map((u) => u.id))
  const [configuredRows, mappingRows] = await db.batch([
    db.select().from(taskUnitGroups).where(eq(taskUnitGroups.agencyId, agencyId)),
    db.select().from(taskUnitMappings).where(eq(taskUnitMappings.agencyId, agencyId)),
  ])
  const configured: Record<string, string[]> = {}
  for (const row of configuredRows) {
    const ids = parseIds(row.memberIds).filter((id) => inTree.has(id))
    if (ids.length > 0) configured[row.name] = ids
  }
  const remembered: Record<string, string> = {}
  const mappings: { name: string; agencyId: string }[] = []
  for (const row of mappingRows) {
    if (!inTree.has(row.mappedAgencyId)) continue
    remembered[row.name] = row.mappedAgencyId
    mappings.push({ name: row.name, agencyId: row.mappedAgencyId })
  }
  const groups = mergeUnitGroups(defaults, configured)
  const tree = nodes.filter((n) => inTree.has(n.id))
  tree.sort((a, b) => (a.id === root ? -1 : b.id === root ? 1 : 0))
  return {
    agencyId,
    tree,
    names: new Map(tree.map((n) => [n.id, n.name])),
    directory: buildUnitDirectory(units, groups),
    remembered,
    groups: Object.entries(groups).map(([name, agencyIds]) => ({
      name,
      agencyIds: [...agencyIds],
      configured: Object.hasOwn(configured, name),
    })),
    mappings,
  }
}

function parseIds(json: string): string[] {
  try {
    const value = JSON.parse(json) as unknown
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
  } catch {
    return []
  }
}

/** A unit of a task as the API shows it: one entry per agency (a group gives several), null when unmapped. */
export interface UnitView {
  name: string
  agencyId: string | null
  agencyName: string | null
  match: ResolvedUnit['match']
}

/** Resolved units as the contract lists them: names as written, one entry per agency they stand for. */
export function unitViews(units: readonly ResolvedUnit[], names: ReadonlyMap<string, string>): UnitView[] {
  return units.flatMap((unit): UnitView[] =>
    unit.agencyIds.length === 0
      ? [{ name: unit.name, agencyId: null, agencyName: null, match: unit.match }]
      : unit.agencyIds.map((id) => ({
          name: unit.name,
          agencyId: id,
          agencyName: names.get(id) ?? null,
          match: unit.match,
        })),
  )
}

/** The plans' agency as named in a path, for unit settings: its coordinator may change them. */
async function unitSettingsAgency(db: Db, auth: AuthContext, ref: string, need: 'read' | 'coordinate') {
  const agencyId = await agencyIdOf(db, ref)
  agencyForPlans(auth, agencyId, need, false)
  return agencyId
}

/** The unit groups (default and configured) and remembered mappings of an agency's plans. */
export async function unitSettings(db: Db, auth: AuthContext, agencyRef: string) {
  const agencyId = await unitSettingsAgency(db, auth, agencyRef, 'coordinate')
  const context = await unitContext(db, agencyId)
  return {
    agencyId,
    agencies: context.tree.map((n) => ({ id: n.id, name: n.name, kind: n.kind })),
    groups: context.groups.map((g) => ({
      name: g.name,
      configured: g.configured,
      agencies: g.agencyIds.map((id) => ({ id, name: context.names.get(id) ?? id })),
    })),
    mappings: context.mappings.map((m) => ({
      name: m.name,
      agencyId: m.agencyId,
      agencyName: context.names.get(m.agencyId) ?? m.agencyId,
    })),
  }
}

function assertInTree(context: UnitContext, ids: readonly string[], path: string): void {
  const unknown = ids.filter((id) => !context.names.has(id))
  if (unknown.length > 0) {
    throw new AppError('validation_failed', {
      issues: [{ path, code: 'unknown_agency', message: t.errors.unknownAgency(unknown.join('、')) }],
    })
  }
}

/** Configure a unit group of an agency's plans; no members removes the configured group (the default returns). */
export async function saveUnitGroup(
  db: Db,
  input: { auth: AuthContext; agencyRef: string; name: string; agencyIds: string[]; now: number },
) {
  const agencyId = await unitSettingsAgency(db, input.auth, input.agencyRef, 'coordinate')
  const context = await unitContext(db, agencyId)
  const ids = [...new Set(input.agencyIds)]
  assertInTree(context, ids, 'agencyIds')
  if (ids.length === 0) {
    await db
      .delete(taskUnitGroups)
      .where(and(eq(taskUnitGroups.agencyId, agencyId), eq(taskUnitGroups.name, input.name)))
  } else {
    await db
      .insert(taskUnitGroups)
      .values({
        agencyId,
        name: input.name,
        memberIds: JSON.stringify(ids),
        updatedBy: input.auth.user.id,
        updatedAt: input.now,
      })
      .onConflictDoUpdate({
        target: [taskUnitGroups.agencyId, taskUnitGroups.name],
        set: { memberIds: JSON.stringify(ids), updatedBy: input.auth.user.id, updatedAt: input.now },
      })
  }
  return { name: input.name, agencyIds: ids }
}

/** Units of one task cell with every unmatched `key` name now standing for `agencyId`. */
function remap(units: ResolvedUnit[], key: string, agencyId: string): ResolvedUnit[] | null {
  let changed = false
  const next = units.map((unit) => {
    if ((unit.match !== 'unknown' && unit.match !== 'ambiguous') || matchKey(unit.name) !== key) return unit
    changed = true
    const { candidates: _candidates, ...rest } = unit
    return { ...rest, match: 'remembered' as const, agencyIds: [agencyId] }
  })
  return changed ? next : null
}

/**
 * Map a unit name to an agency for the agency's plans: remembered for its next imports, and applied at once to
 * every task of its plans that names it unmatched (their units and reminders follow). `agencyId: null` forgets the
 * mapping (tasks already mapped keep their units).
 */
export async function saveUnitMapping(
  db: Db,
  input: { auth: AuthContext; agencyRef: string; name: string; agencyId: string | null; now: number },
): Promise<{ name: string; agencyId: string | null; tasksUpdated: number }> {
  const ownerId = await unitSettingsAgency(db, input.auth, input.agencyRef, 'coordinate')
  const key = matchKey(input.name)
  if (key === '') {
    throw new AppError('validation_failed', {
      issues: [{ path: 'name', code: 'required', message: t.errors.unitNameRequired }],
    })
  }
  if (input.agencyId === null) {
    await db
      .delete(taskUnitMappings)
      .where(and(eq(taskUnitMappings.agencyId, ownerId), eq(taskUnitMappings.nameKey, key)))
    return { name: input.name, agencyId: null, tasksUpdated: 0 }
  }
  const context = await unitContext(db, ownerId)
  assertInTree(context, [input.agencyId], 'agencyId')
  const target = input.agencyId
  const statements: Statement[] = [
    db
      .insert(taskUnitMappings)
      .values({
        agencyId: ownerId,
        nameKey: key,
        name: input.name,
        mappedAgencyId: target,
        updatedBy: input.auth.user.id,
        updatedAt: input.now,
      })
      .onConflictDoUpdate({
        target: [taskUnitMappings.agencyId, taskUnitMappings.nameKey],
        set: { mappedAgencyId: target, updatedBy: input.auth.user.id, updatedAt: input.now },
      }),
  ]
  const plans = await db.select().from(taskPlans).where(eq(taskPlans.agencyId, ownerId)).all()
  const rows =
    plans.length === 0
      ? []
      : await db
          .select()
          .from(tasks)
          .where(
            inArray(
              tasks.planId,
              plans.map((p) => p.id),
            ),
          )
          .all()
  const touched = new Map<string, number>()
  const unitRows: { taskId: string; agencyId: string; role: 'lead' | 'responsible' }[] = []
  for (const row of rows) {
    const lead = remap(JSON.parse(row.leadUnits) as ResolvedUnit[], key, target)
    const responsible = remap(JSON.parse(row.responsibleUnits) as ResolvedUnit[], key, target)
    if (!lead && !responsible) continue
    touched.set(row.planId, (touched.get(row.planId) ?? 0) + 1)
    statements.push(
      db
        .update(tasks)
        .set({
          ...(lead ? { leadUnits: JSON.stringify(lead) } : {}),
          ...(responsible ? { responsibleUnits: JSON.stringify(responsible) } : {}),
          version: sql`${tasks.version} + 1`,
          updatedAt: input.now,
        })
        .where(eq(tasks.id, row.id)),
    )
    unitRows.push({ taskId: row.id, agencyId: target, role: lead ? 'lead' : 'responsible' })
  }
  if (unitRows.length > 0) statements.push(unitRowsStatement(unitRows, input.now, 'keep-role'))
  for (const plan of plans) {
    const count = touched.get(plan.id)
    if (!count) continue
    statements.push(
      ...planChangeStatements(db, plan, {
        action: 'map-unit',
        actorId: input.auth.user.id,
        payload: { name: input.name, agencyId: target, tasks: count },
        now: input.now,
      }),
    )
  }
  await commitBatch(db, statements)
  return {
    name: input.name,
    agencyId: target,
    tasksUpdated: [...touched.values()].reduce((a, b) => a + b, 0),
  }
}

/** Map several names at once (the import preview's form); names left without an agency are skipped. */
export async function saveUnitMappings(
  db: Db,
  input: { auth: AuthContext; agencyRef: string; pairs: { name: string; agencyId: string }[]; now: number },
): Promise<number> {
  let tasksUpdated = 0
  for (const pair of input.pairs) {
    if (pair.agencyId === '') continue
    const saved = await saveUnitMapping(db, {
      auth: input.auth,
      agencyRef: input.agencyRef,
      name: pair.name,
      agencyId: pair.agencyId,
      now: input.now,
    })
    tasksUpdated += saved.tasksUpdated
  }
  return tasksUpdated
}
