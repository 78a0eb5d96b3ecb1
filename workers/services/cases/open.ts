// The one way a disclosure case begins, whether a submission opens it or a transfer hands it to another agency:
// a snapshot awaiting confirmation of receipt, its derived columns and its first event in the agency's chain.
import type { WorkingCalendar } from '../../../workflows/calendar'
import {
  CURRENT_DISCLOSURE_VERSION,
  DEFAULT_DISCLOSURE_SETTINGS,
  type DisclosureSettings,
  type DisclosureSnapshot,
  newDisclosureCase,
} from '../../../workflows/definitions'
import { newId } from '../../lib/crypto'
import type { CaseWrite, NewEvent } from '../case-store'
import { caseColumns } from './case-row'

/** A new case's snapshot, before the registrar confirms receipt. */
export function newCaseSnapshot(submittedAt: number): DisclosureSnapshot {
  return newDisclosureCase({ submittedAt, workflowVersion: CURRENT_DISCLOSURE_VERSION })
}

export interface OpenCaseInput {
  caseId?: string
  agencyId: string
  submissionId: string
  /** Annual-report Table 3 column of the applicant. */
  applicantType: string
  title: string
  /** When the request reached this agency: submitted, or handed over by a transfer. */
  now: number
  calendar: WorkingCalendar
  settings?: DisclosureSettings
  /** The case's first event (seq 1 in the agency's hash chain): how the request came in. */
  firstEvent: Pick<NewEvent, 'action' | 'actorKind' | 'actorId' | 'payload'>
}

/**
 * The one way a case begins: a snapshot awaiting confirmation of receipt, its derived columns, and its first
 * event, as a write for `commitTransition` (alone, or alongside the transition that opens it).
 */
export function openCase(input: OpenCaseInput): CaseWrite & { caseId: string } {
  const fresh = newCaseSnapshot(input.now)
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
      workflowId: snapshot.workflowId,
      workflowVersion: CURRENT_DISCLOSURE_VERSION,
      applicantType: input.applicantType,
      title: input.title.slice(0, 200),
    },
  }
}
