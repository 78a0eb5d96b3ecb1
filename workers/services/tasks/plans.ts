// Plans: an agency's annual task table, created by its office (task_coordinator); listed for the office, and for a
// unit (task_reporter) only where one of its tasks is.
import { and, asc, count, desc, eq, inArray } from 'drizzle-orm'
import type { Db } from '../../../db/client'
import { agencies, taskPlans, tasks, taskUnits } from '../../../db/schema'
import type { AuthContext } from '../../auth/sessions'
import { AppError } from '../../errors'
import { messages } from '../../i18n/zh-CN'
import { newId } from '../../lib/crypto'
import { agencyIdOf } from '../agencies'
import { agencyForPlans, coordinatorAgencies, type PlanRow, planFor, reporterUnits } from './access'
import { isUniqueViolation } from './task-store'

const t = messages.tasks

export interface PlanView {
  id: string
  agencyId: string
  agencyName: string
  year: number
  title: string
  status: PlanRow['status']
  version: number
  taskCount: number
  createdAt: string
  updatedAt: string
  /** The caller runs the plan (else the caller reports on some of its tasks). */
  coordinates: boolean
}

async function views(db: Db, auth: AuthContext, rows: PlanRow[]): Promise<PlanView[]> {
  if (rows.length === 0) return []
  const ids = rows.map((r) => r.id)
  const [counts, names] = await db.batch([
    db
      .select({ planId: tasks.planId, n: count() })
      .from(tasks)
      .where(inArray(tasks.planId, ids))
      .groupBy(tasks.planId),
    db
      .select({ id: agencies.id, name: agencies.name })
      .from(agencies)
      .where(
        inArray(
          agencies.id,
          rows.map((r) => r.agencyId),
        ),
      ),
  ])
  const mine = coordinatorAgencies(auth)
  return rows.map((r) => ({
    id: r.id,
    agencyId: r.agencyId,
    agencyName: names.find((n) => n.id === r.agencyId)?.name ?? r.agencyId,
    year: r.year,
    title: r.title,
    status: r.status,
    version: r.version,
    taskCount: counts.find((c) => c.planId === r.id)?.n ?? 0,
    createdAt: new Date(r.createdAt).toISOString(),
    updatedAt: new Date(r.updatedAt || r.createdAt).toISOString(),
    coordinates: mine.includes(r.agencyId),
  }))
}

/** Plans with a task one of `units` reports on, optionally of one agency. */
async function plansReportedOn(db: Db, units: string[], agencyId?: string): Promise<PlanRow[]> {
  if (units.length === 0) return []
  const rows = await db
    .selectDistinct({ plan: taskPlans })
    .from(taskPlans)
    .innerJoin(tasks, eq(tasks.planId, taskPlans.id))
    .innerJoin(taskUnits, eq(taskUnits.taskId, tasks.id))
    .where(
      and(
        inArray(taskUnits.agencyId, units),
        ...(agencyId === undefined ? [] : [eq(taskPlans.agencyId, agencyId)]),
      ),
    )
    .all()
  return rows.map((r) => r.plan)
}

/** Create an agency's plan for a year (its office only); a second plan for the same year is a 409. */
export async function createPlan(
  db: Db,
  input: { auth: AuthContext; agencyRef: string; year: number; title: string; now: number },
): Promise<PlanView> {
  const agencyId = await agencyIdOf(db, input.agencyRef)
  agencyForPlans(input.auth, agencyId, 'coordinate', false)
  const row: PlanRow = {
    id: newId(),
    agencyId,
    year: input.year,
    title: input.title,
    status: 'draft',
    publishedAt: null,
    createdBy: input.auth.user.id,
    version: 0,
    createdAt: input.now,
    updatedAt: input.now,
  }
  try {
    await db.insert(taskPlans).values(row)
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('conflict', { message: t.errors.planExists(input.year) })
    throw err
  }
  return (await views(db, input.auth, [row]))[0]!
}

/** An agency's plans, newest year first: all of them for its office, those with the caller's tasks for a unit. */
export async function listAgencyPlans(
  db: Db,
  input: { auth: AuthContext; agencyRef: string },
): Promise<PlanView[]> {
  const agencyId = await agencyIdOf(db, input.agencyRef)
  const reported = await plansReportedOn(db, reporterUnits(input.auth), agencyId)
  const { coordinates } = agencyForPlans(input.auth, agencyId, 'read', reported.length > 0)
  const rows = coordinates
    ? await db
        .select()
        .from(taskPlans)
        .where(eq(taskPlans.agencyId, agencyId))
        .orderBy(desc(taskPlans.year))
        .all()
    : reported.sort((a, b) => b.year - a.year)
  return views(db, input.auth, rows)
}

/** Every plan the caller runs or reports on, newest year first (the plans page). */
export async function myPlans(db: Db, auth: AuthContext): Promise<PlanView[]> {
  const mine = coordinatorAgencies(auth)
  const own =
    mine.length === 0
      ? []
      : await db
          .select()
          .from(taskPlans)
          .where(inArray(taskPlans.agencyId, mine))
          .orderBy(asc(taskPlans.year))
          .all()
  const reported = await plansReportedOn(db, reporterUnits(auth))
  const all = new Map([...own, ...reported].map((p) => [p.id, p]))
  return views(
    db,
    auth,
    [...all.values()].sort((a, b) => b.year - a.year || a.agencyId.localeCompare(b.agencyId)),
  )
}

/** One plan for the caller (404 unless its office or a unit with a task in it). */
export async function getPlan(db: Db, input: { auth: AuthContext; planId: string }): Promise<PlanView> {
  const { plan } = await planFor(db, input.auth, input.planId, 'read')
  return (await views(db, input.auth, [plan]))[0]!
}

/** The agencies the caller may create plans for (the plans page's form). */
export async function plannableAgencies(db: Db, auth: AuthContext): Promise<{ id: string; name: string }[]> {
  const ids = coordinatorAgencies(auth)
  if (ids.length === 0) return []
  return db
    .select({ id: agencies.id, name: agencies.name })
    .from(agencies)
    .where(inArray(agencies.id, ids))
    .all()
}
