// Public tracking by reference + query code: status, public timeline and deadline (nothing internal), and the
// applicant's withdrawal. An unknown reference and a wrong code are the same 404. Wrong codes are counted per
// reference (whether it exists or not): after a few, each try must wait longer, then the reference is locked.
import { asc, eq, inArray, sql } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { agencies, caseEvents, cases, lookupFailures, submissions } from '../../db/schema'
import { type PartialCount, shanghaiDate, type WorkingCalendar } from '../../workflows/calendar'
import { type ClockEvent, type ClockState, computeClock } from '../../workflows/clock'
import { AppError } from '../errors'
import { messages } from '../i18n/zh-CN'
import { timingSafeEqual } from '../lib/crypto'
import { addressKey, enforceRateLimit, rateLimited } from '../lib/rate-limit'
import { normaliseReference, QUERY_CODE_PATTERN, REFERENCE_PATTERN } from '../lib/reference'
import { agencyWorkflowSettings } from './agency-settings'
import { agencyCalendar } from './calendar'
import { applyCaseAction, type CaseRow, deadlineOf, decisionNotice, snapshotOf, workflowFor } from './cases'
import { applicantLetterFile, applicantLetters } from './letters/letters'
import { queryCodeHash } from './submissions'
import type { FileStore } from './uploads'

/** A span of days not counted toward the deadline, and why (for the plain-words explanation). */
export interface PublicPause {
  from: string
  /** The last day not counted so far (today's, while the pause is still open). */
  to: string
  reason: 'third_party' | 'other_agency' | 'fee' | 'awaiting_correction'
  workingDays: number
  closed: boolean
}

/** Where the deadline comes from: the day it counts from, the working days, an extension, an agency-set date. */
export interface DeadlineBasis {
  /** Day 0 of the count (the corrected application's receipt after a 补正). */
  countsFrom: string
  restartedAfterCorrection: boolean
  workingDays: number
  extendedBy: number | null
  /** Art. 35: the date the agency set and told the applicant. */
  agencySetDate: string | null
}

export interface PublicStatus {
  reference: string
  /** The agency handling the request now (after a transfer, the receiving one). */
  agencyName: string
  /** What was asked for (the request's summary). */
  subject: string
  status: string
  state: string
  submittedAt: string
  receivedOn: string | null
  dueOn: string | null
  /** What `dueOn` is: the statutory reply deadline, or the agency's own target (with its label). */
  deadline: { kind: 'statutory' | 'agency_target'; label: string }
  /** The decision notice a workflow gives in the case itself (Art. 41 correction requests), once decided. */
  notice: string | null
  /** Set when the deadline cannot be computed because a calendar year is not published yet. */
  dueOnUnconfirmedYear: number | null
  /**
   * While the deadline runs into a year not published yet: the working days counted so far and those left
   * (`countedDays`, `remainingWorkingDays`, `missingYear`, `countedThrough`). Never an estimated date.
   */
  pendingDeadline: PartialCount | null
  paused: boolean
  /** Working days left until `dueOn` (negative when overdue); null without a running deadline. */
  workingDaysLeft: number | null
  /** How the deadline is reached; null before receipt and once closed. */
  basis: DeadlineBasis | null
  /** Each span not counted toward the deadline (consultation, fee, 补正). */
  pauses: PublicPause[]
  /**
   * 补正: what must be corrected and by when; once the correction is in, the day it arrived (the 20 working days
   * then run from it).
   */
  correction: { items: string[]; dueOn: string; receivedOn: string | null } | null
  closed: boolean
  /** Whether the applicant may still withdraw (until a reply is sent). */
  canWithdraw: boolean
  timeline: { at: string; date: string; label: string }[]
  /** The signed letters issued to the applicant, downloadable with the same reference + code. */
  letters: { id: string; title: string; number: string | null; issuedOn: string | null }[]
}

/**
 * Tries per reference. The query code has 30 bits, so guessing must be slow whatever the number of addresses:
 * after `freeFailures` wrong codes each try waits 1 s, 2 s, 4 s … after the last; after `lockAfter` the reference
 * is locked for `lockMs`. Failures are forgotten `forgetMs` after the last one; the right code clears them.
 */
export const REFERENCE_GUARD = {
  freeFailures: 5,
  lockAfter: 10,
  lockMs: 3_600_000,
  forgetMs: 24 * 3_600_000,
} as const

/** How long a key with `failures` wrong codes must wait after its last one. */
function failureWaitMs(failures: number): number {
  const g = REFERENCE_GUARD
  if (failures >= g.lockAfter) return g.lockMs
  return failures >= g.freeFailures ? 1000 * 2 ** (failures - g.freeFailures) : 0
}

/**
 * Count one try at `key`, atomically and before the code is checked (so a burst of parallel tries cannot all pass
 * the check): the time still to wait (0: the try may go ahead). The try counts as a failure until the code proves
 * right.
 */
async function claimTry(db: Db, key: string, now: number): Promise<number> {
  const g = REFERENCE_GUARD
  const f = lookupFailures
  const forgotten = sql`${now} - ${f.lastAt} >= ${g.forgetMs}`
  const wait = sql`(CASE WHEN ${f.failures} >= ${g.lockAfter} THEN ${g.lockMs}
    WHEN ${f.failures} >= ${g.freeFailures} THEN 1000 * (1 << (${f.failures} - ${g.freeFailures})) ELSE 0 END)`
  const row = await db
    .insert(f)
    .values({ key, failures: 1, lastAt: now })
    .onConflictDoUpdate({
      target: f.key,
      set: { failures: sql`CASE WHEN ${forgotten} THEN 1 ELSE ${f.failures} + 1 END`, lastAt: now },
      setWhere: sql`${forgotten} OR ${now} >= ${f.lastAt} + ${wait}`,
    })
    .returning({ failures: f.failures })
    .get()
  if (row) return 0
  const held = await db.select().from(f).where(eq(f.key, key)).get()
  return held ? Math.max(1000, held.lastAt + failureWaitMs(held.failures) - now) : 1000
}

/** Find the submission for a reference + code pair. Unknown reference and wrong code are the same 404. */
export async function findTracked(db: Db, secret: string, referenceIn: string, codeIn: string, now: number) {
  const reference = normaliseReference(referenceIn)
  const code = normaliseReference(codeIn)
  const notFound = new AppError('not_found', { message: messages.tracking.notFound })
  if (!REFERENCE_PATTERN.test(reference) || !QUERY_CODE_PATTERN.test(code)) throw notFound
  // Counted by the reference as typed, never by whether it exists: a locked reference answers alike either way.
  const key = `track:${reference}`
  const wait = await claimTry(db, key, now)
  if (wait > 0) throw rateLimited(wait, messages.tracking.tooManyWrongCodes)
  const sub = await db.select().from(submissions).where(eq(submissions.reference, reference)).get()
  // Compute the HMAC even for an unknown reference so both answers take the same time.
  const presented = await queryCodeHash(secret, reference, code)
  if (!sub || !timingSafeEqual(presented, sub.queryCodeHash)) throw notFound
  await db.delete(lookupFailures).where(eq(lookupFailures.key, key))
  return sub
}

/** The case currently handling a submission (after a transfer, the receiving agency's). */
export async function activeCase(db: Db, submissionId: string): Promise<CaseRow> {
  const rows = await db
    .select()
    .from(cases)
    .where(eq(cases.submissionId, submissionId))
    .orderBy(asc(cases.createdAt))
    .all()
  const open = rows.filter((r) => r.state !== 'transferred')
  const row = open.at(-1) ?? rows.at(-1)
  if (!row) throw new AppError('not_found')
  return row
}

export async function publicStatus(
  db: Db,
  sub: typeof submissions.$inferSelect,
  calendar: WorkingCalendar,
  now: number,
): Promise<PublicStatus> {
  const allCases = await db
    .select()
    .from(cases)
    .where(eq(cases.submissionId, sub.id))
    .orderBy(asc(cases.createdAt))
    .all()
  const row = await activeCase(db, sub.id)
  const events = await db
    .select({ action: caseEvents.action, at: caseEvents.at, payload: caseEvents.payload })
    .from(caseEvents)
    .where(
      inArray(
        caseEvents.caseId,
        allCases.map((c) => c.id),
      ),
    )
    .orderBy(asc(caseEvents.at), asc(caseEvents.seq))
    .all()
  const labels = messages.publicTimeline as Record<string, string>
  const timeline = events
    .filter((e) => labels[e.action] !== undefined)
    .map((e) => ({ at: new Date(e.at).toISOString(), date: shanghaiDate(e.at), label: labels[e.action]! }))
  const snapshot = snapshotOf(row)
  const { settings } = await agencyWorkflowSettings(db, row.agencyId, row.workflowId)
  const local = await agencyCalendar(db, calendar, row.agencyId)
  const clock = computeClock(snapshot.clockEvents, local, settings, shanghaiDate(now))
  const workflow = workflowFor(row)
  const stateDef = workflow.definition.states[row.state]
  const closed = stateDef?.final === true
  const agency = await db
    .select({ name: agencies.name })
    .from(agencies)
    .where(eq(agencies.id, row.agencyId))
    .get()
  return {
    reference: sub.reference,
    agencyName: agency?.name ?? '',
    subject: row.title,
    status: stateDef?.publicLabel['zh-CN'] ?? row.state,
    state: row.state,
    submittedAt: new Date(sub.submittedAt).toISOString(),
    receivedOn: snapshot.receipt?.receivedOn ?? row.receivedOn,
    dueOn: clock.replyDueOn,
    deadline: deadlineOf(row.workflowId),
    notice: decisionNotice(snapshot),
    dueOnUnconfirmedYear: clock.unconfirmed?.year ?? null,
    pendingDeadline: clock.pendingDeadline,
    paused: clock.status === 'paused' || clock.status === 'awaiting_correction',
    workingDaysLeft: closed || !clock.replyDueOn ? null : clock.workingDaysLeft,
    basis: closed ? null : deadlineBasis(snapshot.clockEvents, clock, settings.replyWorkingDays),
    pauses: clock.excludedSpans.map((p) => ({
      from: p.from,
      to: p.to,
      reason: p.reason,
      workingDays: p.workingDays,
      closed: p.closed,
    })),
    correction: snapshot.correction
      ? {
          items: [...snapshot.correction.items],
          dueOn: snapshot.correction.dueOn,
          receivedOn: snapshot.correction.receivedOn,
        }
      : null,
    closed,
    canWithdraw: workflow.definition.actions.withdraw?.from.includes(row.state) ?? false,
    timeline,
    letters: (await applicantLetters(db, sub.id)).map((l) => ({
      id: l.id,
      title: l.title,
      number: l.number,
      issuedOn: l.issuedOn,
    })),
  }
}

/** Where the deadline comes from, read off the clock and its events; null before the clock starts. */
function deadlineBasis(
  events: readonly ClockEvent[],
  clock: ClockState,
  workingDays: number,
): DeadlineBasis | null {
  if (!clock.receivedOn) return null
  const extended = events.find((e) => e.type === 'extended')
  const setDate = events.findLast((e) => e.type === 'agency-set-date')
  return {
    countsFrom: clock.receivedOn,
    restartedAfterCorrection:
      clock.originalReceivedOn !== null && clock.receivedOn !== clock.originalReceivedOn,
    workingDays,
    extendedBy: clock.extended && extended?.type === 'extended' ? extended.workingDays : null,
    agencySetDate: setDate?.type === 'agency-set-date' ? setDate.dueOn : null,
  }
}

/** Lookups (and withdrawals) per client address in a window: a wrong pair and an unknown reference count alike. */
export const TRACK_RATE = { limit: 20, windowMs: 10 * 60_000 }

interface TrackInput {
  /** The deployment secret the query codes are keyed with. */
  secret: string
  /** The client address the lookups are limited by. */
  clientIp: string
  reference: string
  code: string
  now: number
  calendar: WorkingCalendar
}

/** The public status of the request a reference + code pair names (404 for an unknown pair). */
export async function trackRequest(db: Db, input: TrackInput): Promise<PublicStatus> {
  await enforceRateLimit(db, addressKey('track', input.clientIp), TRACK_RATE, input.now)
  const sub = await findTracked(db, input.secret, input.reference, input.code, input.now)
  return publicStatus(db, sub, input.calendar, input.now)
}

/** One of the applicant's signed letters as its stored .docx (the same reference + code and rate limit as a lookup). */
export async function trackedLetterFile(db: Db, files: FileStore, input: TrackInput & { letterId: string }) {
  await enforceRateLimit(db, addressKey('track', input.clientIp), TRACK_RATE, input.now)
  const sub = await findTracked(db, input.secret, input.reference, input.code, input.now)
  return applicantLetterFile(db, files, sub.id, input.letterId)
}

/** The applicant withdraws the request (until a reply is sent); returns the status after it. */
export async function withdrawRequest(
  db: Db,
  input: TrackInput & { reason: string | undefined },
): Promise<PublicStatus> {
  await enforceRateLimit(db, addressKey('track', input.clientIp), TRACK_RATE, input.now)
  const sub = await findTracked(db, input.secret, input.reference, input.code, input.now)
  const row = await activeCase(db, sub.id)
  await applyCaseAction(db, {
    row,
    action: 'withdraw',
    actor: { kind: 'applicant' },
    body: input.reason ? { reason: input.reason } : {},
    expectedVersion: row.version,
    now: input.now,
    calendar: input.calendar,
  })
  return publicStatus(db, sub, input.calendar, input.now)
}
