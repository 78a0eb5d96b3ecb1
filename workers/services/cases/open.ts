// The one way a case begins, whatever opens it — a citizen's submission, a registrar's staff intake, a transfer from
// another agency — and whichever workflow it runs (disclosure, record-correction): a snapshot awaiting confirmation of
// receipt (or, at staff intake, already received on the day the registrar recorded), its derived columns and its
// first event in the agency's chain.
import type { WorkingCalendar } from '../../../workflows/calendar'
import {
  currentVersionOf,
  DEFAULT_DISCLOSURE_SETTINGS,
  type DisclosureSettings,
  type DisclosureSnapshot,
  type InitialReceipt,
  newWorkflowCase,
} from '../../../workflows/definitions'
import { newId } from '../../lib/crypto'
import type { CaseWrite, NewEvent } from '../case-store'
import { caseColumns } from './case-row'

/** A new disclosure case's snapshot, before the registrar confirms receipt. */
export function newCaseSnapshot(submittedAt: number): DisclosureSnapshot {
  return newWorkflowCase('disclosure', { submittedAt }) as DisclosureSnapshot
}

export interface OpenCaseInput {
  caseId?: string
  agencyId: string
  submissionId: string
  /** The workflow the case runs (default disclosure); it pins that workflow's current version. */
  workflowId?: string
  /** Annual-report Table 3 column of the applicant. */
  applicantType: string
  title: string
  /** Keyed hash of the applicant's normalised ID number or USCC (intake.applicantKey), if the answers carry one. */
  applicantKey?: string | null
  /** When the request reached this agency: submitted, or handed over by a transfer. */
  now: number
  calendar: WorkingCalendar
  settings?: DisclosureSettings
  /** Staff intake: the case is received on this day, recorded by this registrar (no confirmation step). */
  receipt?: InitialReceipt
  /** The case's first event (seq 1 in the agency's hash chain): how the request came in. */
  firstEvent: Pick<NewEvent, 'action' | 'actorKind' | 'actorId' | 'payload'>
}

/**
 * The one way a case begins: a snapshot awaiting confirmation of receipt (or received, at staff intake), its derived
 * columns, and its first event, as a write for `commitTransition` (alone, or alongside the transition that opens it).
 */
export function openCase(input: OpenCaseInput): CaseWrite & { caseId: string } {
  const workflowId = input.workflowId ?? 'disclosure'
  const fresh = newWorkflowCase(workflowId, {
    submittedAt: input.now,
    ...(input.receipt ? { receipt: input.receipt } : {}),
  }) as DisclosureSnapshot
  const snapshot: DisclosureSnapshot = { ...fresh, version: 1 }
  const settings = input.settings ?? DEFAULT_DISCLOSURE_SETTINGS
  return {
    caseId: input.caseId ?? newId(),
    agencyId: input.agencyId,
    expectedVersion: 0,
    snapshot,
    columns: caseColumns(snapshot, false, input.calendar, settings, input.now, null),
    events: [{ ...input.firstEvent, fromState: null, toState: snapshot.state, at: input.now }],
    create: {
      submissionId: input.submissionId,
      workflowId,
      workflowVersion: currentVersionOf(workflowId),
      applicantType: input.applicantType,
      title: input.title.slice(0, 200),
      applicantKey: input.applicantKey ?? null,
    },
  }
}
