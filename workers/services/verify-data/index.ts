// `npm run verify-data`: read a deployment's D1 (and R2, when given) and run the checks of ./checks.ts — every hash
// chain (after sealing the links waiting for it, unless told not to), every open case's deadlines against a
// recomputation, stored files against their rows, the outbox. Takes plain bindings, so the CLI runs it on the local or the remote database, and the tests inside workerd.
import { and, eq, gt, isNotNull, isNull, lt, or } from 'drizzle-orm'
import type { Db } from '../../../db/client'
import { agencies, attachments, auditLog, caseEvents, cases, jobs, letters, outbox } from '../../../db/schema'
import type { DisclosureSettings } from '../../../workflows/definitions'
import { agencyWorkflowSettings } from '../agency-settings'
import { verifyAuditLog } from '../audit-log'
import { loadCalendar, loadLocalRules } from '../calendar'
import { verifyAgencyChain } from '../case-store'
import { sealEverything } from '../sealing'
import {
  chainProblem,
  type DataProblem,
  dueDateProblem,
  type FileRef,
  fileProblems,
  outboxProblems,
  type StoredObject,
} from './checks'

export type { DataProblem, DataProblemKind } from './checks'

/** What the check reads of the object store (an R2 bucket). */
export interface ListableStore {
  list(options: { prefix: string; cursor?: string; limit?: number }): Promise<{
    objects: { key: string; uploaded: Date }[]
    truncated: boolean
    cursor?: string
  }>
}

/** The prefixes under which the platform stores objects (uploads, signed letters). */
export const STORE_PREFIXES = ['attachments/', 'letters/'] as const

export interface VerifyOptions {
  now: number
  /** A pending notification this long past its attempt time is stuck (the cron runs every 15 minutes). */
  stuckAfterMs: number
  /** An unnamed object younger than this may belong to a write in flight. */
  orphanGraceMs: number
  /** Seal appended case events before verifying (default); false verifies the database exactly as found. */
  seal?: boolean
}

export const DEFAULT_VERIFY_OPTIONS: Omit<VerifyOptions, 'now'> = {
  stuckAfterMs: 3_600_000,
  orphanGraceMs: 3_600_000,
}

export interface VerifyReport {
  ok: boolean
  problems: DataProblem[]
  checked: {
    caseChains: number
    caseEvents: number
    /** Case events appended but not yet sealed onto their chain (after sealing, only what arrived meanwhile). */
    unsealedEvents: number
    /** Staff audit-log rows appended but not yet sealed. */
    unsealedAuditRows: number
    /** Age in ms of the oldest unsealed event or row of any chain (the sealing lag), null when none waits. */
    sealingLagMs: number | null
    auditLogChains: number
    auditLogRows: number
    openCases: number
    fileRows: number
    storedObjects: number | null
    outboxRows: number
  }
  /** Things an operator should know that are not problems (e.g. storage not checked, a recompute still running). */
  notes: string[]
}

const PAGE = 200

async function chainAgencies(db: Db): Promise<string[]> {
  const ids = new Set<string>()
  for (const r of await db.select({ id: agencies.id }).from(agencies).all()) ids.add(r.id)
  for (const r of await db.selectDistinct({ id: caseEvents.agencyId }).from(caseEvents).all()) ids.add(r.id)
  const logged = await db
    .selectDistinct({ id: auditLog.agencyId })
    .from(auditLog)
    .where(isNotNull(auditLog.agencyId))
    .all()
  for (const r of logged) if (r.id) ids.add(r.id)
  return [...ids].sort()
}

/** Links still waiting for the sealer are not a problem: say how many and how old. */
function noteLag(report: VerifyReport, chain: string, waiting: number, lagMs: number | null) {
  if (lagMs === null) return
  report.checked.sealingLagMs = Math.max(report.checked.sealingLagMs ?? 0, lagMs)
  report.notes.push(`${chain}: ${waiting} not yet sealed (oldest ${Math.round(lagMs / 1000)} s old)`)
}

async function checkChains(db: Db, report: VerifyReport, options: VerifyOptions) {
  if (options.seal !== false) await sealEverything(db, options.now)
  const chains = await chainAgencies(db)
  for (const agencyId of chains) {
    const events = await verifyAgencyChain(db, agencyId, options.now)
    report.checked.caseChains++
    report.checked.caseEvents += events.eventsChecked
    report.checked.unsealedEvents += events.unsealed.events
    noteLag(report, `case events of ${agencyId}`, events.unsealed.events, events.unsealed.lagMs)
    const p = chainProblem('case_chain', `case events of ${agencyId}`, {
      ok: events.ok,
      firstProblem: events.firstProblem && {
        position: events.firstProblem.chainSeq,
        row: events.firstProblem.eventId,
        problem: events.firstProblem.problem,
      },
    })
    if (p) report.problems.push(p)
  }
  for (const agencyId of [...chains, null]) {
    const log = await verifyAuditLog(db, agencyId, options.now)
    report.checked.auditLogChains++
    report.checked.auditLogRows += log.rowsChecked
    report.checked.unsealedAuditRows += log.unsealed.rows
    noteLag(report, `audit log of ${agencyId ?? 'the platform'}`, log.unsealed.rows, log.unsealed.lagMs)
    const p = chainProblem('audit_log_chain', `audit log of ${agencyId ?? 'the platform'}`, {
      ok: log.ok,
      firstProblem: log.firstProblem && {
        position: log.firstProblem.seq,
        row: log.firstProblem.rowId,
        problem: log.firstProblem.problem,
      },
    })
    if (p) report.problems.push(p)
  }
}

async function checkDueDates(db: Db, report: VerifyReport) {
  const national = await loadCalendar(db)
  const locals = await loadLocalRules(db)
  const settingsCache = new Map<string, DisclosureSettings>()
  let after = ''
  for (;;) {
    const rows = await db
      .select()
      .from(cases)
      .where(and(isNull(cases.closedAt), gt(cases.id, after)))
      .orderBy(cases.id)
      .limit(PAGE)
      .all()
    for (const row of rows) {
      after = row.id
      report.checked.openCases++
      const key = `${row.agencyId}|${row.workflowId}`
      let settings = settingsCache.get(key)
      if (!settings) {
        settings = (await agencyWorkflowSettings(db, row.agencyId, row.workflowId)).settings
        settingsCache.set(key, settings)
      }
      const p = dueDateProblem(row, locals.calendarFor(national, row.agencyId), settings)
      if (p) report.problems.push(p)
    }
    if (rows.length < PAGE) break
  }
  const recompute = await db.select().from(jobs).where(eq(jobs.name, 'calendar-recompute')).get()
  if (recompute)
    report.notes.push(
      'a calendar recompute is still running (the cron carries it on); due-date differences may be its pending part',
    )
}

async function storedObjects(store: ListableStore): Promise<StoredObject[]> {
  const objects: StoredObject[] = []
  for (const prefix of STORE_PREFIXES) {
    let cursor: string | undefined
    do {
      const page = await store.list({ prefix, limit: 1000, ...(cursor ? { cursor } : {}) })
      for (const o of page.objects) objects.push({ key: o.key, uploaded: o.uploaded.getTime() })
      cursor = page.truncated ? page.cursor : undefined
    } while (cursor)
  }
  return objects
}

async function checkFiles(db: Db, store: ListableStore | null, report: VerifyReport, options: VerifyOptions) {
  const refs: FileRef[] = []
  for (const a of await db.select({ id: attachments.id, key: attachments.r2Key }).from(attachments).all())
    refs.push({ owner: `attachment ${a.id}`, key: a.key })
  const signed = await db
    .select({ id: letters.id, key: letters.fileKey })
    .from(letters)
    .where(isNotNull(letters.fileKey))
    .all()
  for (const l of signed) if (l.key) refs.push({ owner: `letter ${l.id}`, key: l.key })
  report.checked.fileRows = refs.length
  if (!store) {
    report.notes.push('file storage was not checked (no bucket given)')
    return
  }
  const objects = await storedObjects(store)
  report.checked.storedObjects = objects.length
  report.problems.push(...fileProblems(refs, objects, options.now, options.orphanGraceMs))
}

async function checkOutbox(db: Db, report: VerifyReport, options: VerifyOptions) {
  const rows = await db
    .select()
    .from(outbox)
    .where(
      or(
        eq(outbox.status, 'failed'),
        and(eq(outbox.status, 'pending'), lt(outbox.nextAttemptAt, options.now - options.stuckAfterMs)),
      ),
    )
    .all()
  report.checked.outboxRows = await db.$count(outbox)
  report.problems.push(...outboxProblems(rows, options.now, options.stuckAfterMs))
}

/** Run every check; `ok` is true only when none found a problem. */
export async function verifyData(
  db: Db,
  store: ListableStore | null,
  options: VerifyOptions,
): Promise<VerifyReport> {
  const report: VerifyReport = {
    ok: true,
    problems: [],
    checked: {
      caseChains: 0,
      caseEvents: 0,
      unsealedEvents: 0,
      unsealedAuditRows: 0,
      sealingLagMs: null,
      auditLogChains: 0,
      auditLogRows: 0,
      openCases: 0,
      fileRows: 0,
      storedObjects: null,
      outboxRows: 0,
    },
    notes: [],
  }
  await checkChains(db, report, options)
  await checkDueDates(db, report)
  await checkFiles(db, store, report, options)
  await checkOutbox(db, report, options)
  report.ok = report.problems.length === 0
  return report
}
