// Changing disclosure cases: run one action through the pure engine and persist the result (case, events, outbox
// rows, letter drafts; on a transfer also the receiving agency's new case) in one batch.
import { and, eq, isNull } from 'drizzle-orm'
import type { Db } from '../../../db/client'
import { letters, userRoles, users } from '../../../db/schema'
import { shanghaiDate, type WorkingCalendar } from '../../../workflows/calendar'
import { type ClockSettings, computeClock } from '../../../workflows/clock'
import { type DisclosureSnapshot, supplementedClockEvents } from '../../../workflows/definitions'
import { type Actor, transition } from '../../../workflows/engine'
import { type AuthContext, caseScopedAgencyIds } from '../../auth/sessions'
import { AppError } from '../../errors'
import { messages } from '../../i18n/zh-CN'
import { agencyWorkflowSettings, parseAgencySettings, workflowSettingsOf } from '../agency-settings'
import { agencyCalendar } from '../calendar'
import { type CaseWrite, commitTransition } from '../case-store'
import { agencyWithParent, type LetterDeps, letterContextOf } from '../letters/context'
import { releaseHolds } from '../letters/numbers'
import { planLetters } from '../letters/plan'
import { resolveDealtWithReminders } from '../outbox'
import { closedYearStatements } from '../reports/closing'
import { staffActor } from './actor'
import { type CaseRow, caseColumns, isFinalState, snapshotOf, workflowFor } from './case-row'
import { materialiseEffects } from './effects'
import { withComputedInputs } from './monthly-requests'
import { type CaseWithContext, loadAgencyCase, loadAgencyCaseForAction } from './queries'
import { refusalError } from './refusals'
import { receivingCase } from './transfer'

/** The engine's next snapshot with the clock events its published definition leaves out (and the clock again). */
function withSupplementedClock(
  before: DisclosureSnapshot,
  next: DisclosureSnapshot,
  calendar: WorkingCalendar,
  settings: ClockSettings,
  now: number,
): DisclosureSnapshot {
  const clockEvents = supplementedClockEvents(before, next)
  if (!clockEvents) return next
  return { ...next, clockEvents, clock: computeClock(clockEvents, calendar, settings, shanghaiDate(now)) }
}

/** Only an enabled handler of the case's own agency may be assigned a case. */
async function assertAssignable(db: Db, agencyId: string, body: unknown) {
  const id = (body as { assigneeId?: unknown } | null)?.assigneeId
  if (typeof id !== 'string') return // the input schema reports the missing field
  const ok = await db
    .select({ id: users.id })
    .from(userRoles)
    .innerJoin(users, eq(users.id, userRoles.userId))
    .where(
      and(
        eq(userRoles.userId, id),
        eq(userRoles.agencyId, agencyId),
        eq(userRoles.role, 'handler'),
        isNull(users.disabledAt),
      ),
    )
    .get()
  if (!ok) {
    throw new AppError('validation_failed', {
      issues: [{ path: 'assigneeId', code: 'not_a_handler', message: messages.cases.errors.notAHandler }],
    })
  }
}

export interface ActionOutcome {
  id: string
  version: number
  state: string
  snapshot: DisclosureSnapshot
}

export interface ApplyActionInput {
  row: CaseRow
  action: string
  actor: Actor
  body: unknown
  /** The version the caller saw. */
  expectedVersion: number
  now: number
  /** The national calendar; the case's agency's local rules are added here. */
  calendar: WorkingCalendar
  /** Keyring and file storage for the letters an action issues or signs (required when it does). */
  letters?: LetterDeps
  /** Read with the case (`loadAgencyCaseForAction`): then not read again here. */
  preloaded?: Omit<CaseWithContext, 'row'>
}

// Numbers are held before signing (letters/numbers.ts), so concurrent signings never share one; a hold that
// expired under a very slow signing and went to another letter is the only cause left: plan again and retry.
const LETTER_NUMBER_RETRIES = 2

/**
 * Apply one action to a case and persist it. A version mismatch is a 409 before anything runs; a race lost
 * during the write is a 409 with nothing written. Role and state refusals come before any other check.
 */
export async function applyCaseAction(db: Db, input: ApplyActionInput): Promise<ActionOutcome> {
  const { row, now } = input
  if (row.version !== input.expectedVersion) throw new AppError('conflict')
  // The case's clock runs on its agency's calendar: the national one with the agency's local rules.
  const calendar = await agencyCalendar(db, input.calendar, row.agencyId)
  if (input.action === 'assign') await assertAssignable(db, row.agencyId, input.body)
  const workflow = workflowFor(row)
  // The agency once: its settings for the engine and, when the action signs letters, its letterhead.
  const agency = await agencyWithParent(db, row.agencyId)
  const { overrides, settings } = workflowSettingsOf(parseAgencySettings(agency.settings), row.workflowId)
  const before = snapshotOf(row)
  // Values the service computes rather than trusts (the month's earlier requests of a fee notice).
  const body = await withComputedInputs(db, row, input.action, input.body)
  // The deployment's 复议前置 list travels with the agency's overrides (the engine reads it as a setting).
  const withDeployment = input.letters?.reconsiderationFirst
    ? { ...overrides, reconsiderationFirst: input.letters.reconsiderationFirst }
    : overrides
  const result = transition(workflow, before, input.action, input.actor, body, now, calendar, withDeployment)
  if (!result.ok) throw refusalError(result.refusal)
  const next = withSupplementedClock(before, result.snapshot, calendar, settings, now)
  const seq = row.version + 1
  const effects = materialiseEffects(row, result.effects, seq)
  // 转办: the receiving agency opens its own case in the same batch (its clock starts on its own receipt).
  const opened =
    next.transfer && !before.transfer
      ? [
          await receivingCase(db, {
            row,
            transfer: next.transfer,
            actor: input.actor,
            now,
            calendar: input.calendar,
          }),
        ]
      : []
  // 送达 of the reply is recorded against its signed letter too, in the same batch.
  const delivered =
    next.delivery && !before.delivery
      ? [
          db
            .update(letters)
            .set({
              delivery: JSON.stringify({
                method: next.delivery.method,
                servedOn: next.delivery.servedOn,
                applicantReceivedOn: next.delivery.applicantReceivedOn,
              }),
              updatedAt: now,
            })
            .where(and(eq(letters.caseId, row.id), eq(letters.kind, 'reply'), eq(letters.status, 'signed'))),
        ]
      : []
  const columns = caseColumns(next, isFinalState(row, next.state), calendar, settings, now, row.closedAt)
  // A closed year of the annual report: a change to its 一 is refused, any other change to its cells is a correction.
  const corrections = await closedYearStatements(db, {
    row,
    before,
    next,
    columns,
    action: input.action,
    actorId: input.actor.kind === 'staff' ? input.actor.id : null,
    now,
    agencySettings: agency.settings,
    ...(input.preloaded ? { closedYears: input.preloaded.closedYears } : {}),
  })
  const hasLetters = result.effects.some((e) => e.kind === 'letter')
  if (hasLetters && !input.letters) throw new Error(`Action ${input.action} issues letters: pass letter deps`)
  let version = 0
  for (let attempt = 0; ; attempt++) {
    const plan = hasLetters
      ? await planLetters(db, input.letters!, {
          row,
          next,
          effects: result.effects,
          seq,
          now,
          actorId: input.actor.kind === 'staff' ? input.actor.id : null,
          agency: letterContextOf(agency, input.letters!.reconsiderationFirst),
          ...(input.preloaded?.submission ? { submission: input.preloaded.submission } : {}),
        })
      : null
    const events = result.events.map((e, i) => ({
      action: e.action,
      actorKind: e.actorKind,
      actorId: e.actorId,
      fromState: e.fromState,
      toState: e.toState,
      // The audit chain covers each letter the action froze: its number and the SHA-256 of its bytes.
      payload:
        plan && plan.eventLetters.length > 0 && i === result.events.length - 1
          ? { ...e.payload, letters: plan.eventLetters }
          : e.payload,
      at: e.at,
    }))
    const final = isFinalState(row, next.state)
    const columns = caseColumns(next, final, calendar, settings, now, row.closedAt)
    // Reminders the case has now moved past clear themselves, in the same batch.
    const resolved = resolveDealtWithReminders(db, {
      caseId: row.id,
      snapshot: next,
      final,
      dueOn: columns.dueOn,
      now,
    })
    try {
      version = await commitTransition(db, {
        caseId: row.id,
        agencyId: row.agencyId,
        expectedVersion: row.version,
        snapshot: next,
        columns,
        events,
        outbox: effects.outbox,
        extra: [...(plan?.statements ?? []), ...delivered, resolved, ...corrections],
        alsoWrite: opened,
        now,
        ...(plan ? { extraConflict: plan.numbersTaken } : {}),
      })
      break
    } catch (err) {
      // Free the numbers this attempt held, for the next signing (a committed attempt has none left to free).
      await releaseHolds(db, plan?.holds ?? null)
      const retry =
        plan !== null &&
        attempt < LETTER_NUMBER_RETRIES &&
        err instanceof AppError &&
        err.code === 'conflict' &&
        (await plan.numbersTaken())
      if (!retry) throw err
    }
  }
  return { id: row.id, version, state: next.state, snapshot: next }
}

/** The request's input to an action: the version the caller saw and the action's fields. */
export interface PostedAction {
  expectedVersion: number
  body: Record<string, unknown>
}

export interface StaffActionInput {
  auth: AuthContext
  caseId: string
  action: string
  /** Reads the request body, called only once the case is known to be the user's: a foreign case is a 404 whatever was posted. */
  read: () => Promise<PostedAction>
  now: number
  calendar: WorkingCalendar
  letters: LetterDeps
}

/** A staff member acts on a case of their agencies (a foreign or unknown case is a 404). */
export async function actOnCase(db: Db, input: StaffActionInput): Promise<ActionOutcome> {
  const { row, ...preloaded } = await loadAgencyCaseForAction(
    db,
    caseScopedAgencyIds(input.auth),
    input.caseId,
  )
  const posted = await input.read()
  return applyCaseAction(db, {
    row,
    preloaded,
    action: input.action,
    actor: staffActor(input.auth, row.agencyId),
    body: posted.body,
    expectedVersion: posted.expectedVersion,
    now: input.now,
    calendar: input.calendar,
    letters: input.letters,
  })
}

/** Most cases one bulk assignment takes (a page of the list). */
export const BULK_ASSIGN_MAX = 50

/**
 * Assign several cases to one handler at once: each case gets its own 分办 event on the audit chain, and all commit in
 * one batch or none does (a case changed meanwhile is a 409 with nothing written; any refusal names its case).
 */
export async function bulkAssign(
  db: Db,
  input: {
    auth: AuthContext
    cases: { id: string; version: number }[]
    assigneeId: string
    now: number
    calendar: WorkingCalendar
  },
): Promise<{ assigned: { id: string; version: number }[] }> {
  const { auth, now } = input
  if (
    input.cases.length === 0 ||
    input.cases.length > BULK_ASSIGN_MAX ||
    new Set(input.cases.map((c) => c.id)).size !== input.cases.length
  ) {
    throw new AppError('validation_failed', {
      issues: [
        { path: 'cases', code: 'bulk_size', message: messages.cases.errors.bulkSize(BULK_ASSIGN_MAX) },
      ],
    })
  }
  const scope = caseScopedAgencyIds(auth)
  const writes: CaseWrite[] = []
  for (const want of input.cases) {
    const row = await loadAgencyCase(db, scope, want.id)
    if (row.version !== want.version) throw new AppError('conflict')
    await assertAssignable(db, row.agencyId, { assigneeId: input.assigneeId })
    const calendar = await agencyCalendar(db, input.calendar, row.agencyId)
    const { overrides, settings } = await agencyWorkflowSettings(db, row.agencyId, row.workflowId)
    const result = transition(
      workflowFor(row),
      snapshotOf(row),
      'assign',
      staffActor(auth, row.agencyId),
      { assigneeId: input.assigneeId },
      now,
      calendar,
      overrides,
    )
    if (!result.ok) {
      const err = refusalError(result.refusal)
      throw new AppError(err.code, {
        message: `${row.id}：${err.message}`,
        ...(err.issues ? { issues: err.issues } : {}),
        ...(err.details ? { details: err.details } : {}),
      })
    }
    const effects = materialiseEffects(row, result.effects, row.version + 1)
    writes.push({
      caseId: row.id,
      agencyId: row.agencyId,
      expectedVersion: row.version,
      snapshot: result.snapshot,
      columns: caseColumns(
        result.snapshot,
        isFinalState(row, result.snapshot.state),
        calendar,
        settings,
        now,
        row.closedAt,
      ),
      events: result.events.map((e) => ({ ...e })),
      outbox: effects.outbox,
    })
  }
  const [main, ...alsoWrite] = writes
  await commitTransition(db, { ...main!, alsoWrite, now })
  return { assigned: writes.map((w) => ({ id: w.caseId, version: w.expectedVersion + w.events.length })) }
}
