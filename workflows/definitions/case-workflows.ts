// Every case workflow this build runs, by id and version: which form starts which workflow, the version new cases
// pin, a fresh case (awaiting receipt, or received at staff intake), the action forms' render hints, and whether the
// clock counts toward a statutory deadline or only the agency's own target.
import { shanghaiDate } from '../calendar'
import type { IsoDate } from '../calendar/types'
import type { ClockSettings } from '../clock/types'
import type { EngineSnapshot, Workflow } from '../engine'
import { disclosureV1 } from './disclosure.v1'
import { disclosureV2 } from './disclosure.v2'
import { newDisclosureCase, type ReceiptChannel } from './disclosure-case'
import { disclosureInputForms, type InputForm } from './disclosure-inputs'
import {
  newRecordCorrectionCase,
  RECORD_CORRECTION_ID,
  recordCorrectionInputForms,
  recordCorrectionV1,
} from './record-correction.v1'

// Each workflow's snapshot extends the engine's; the edge reads the shared fields (receipt, assignee, outcome).
type AnyWorkflow = Workflow<EngineSnapshot, ClockSettings>

/** A staff-recorded receipt a case may begin with (staff intake: no separate confirmation). */
export interface InitialReceipt {
  channel: ReceiptChannel
  receivedOn: IsoDate
  /** The registrar who entered it. */
  by: string
}

interface CaseWorkflowEntry {
  versions: Readonly<Record<number, AnyWorkflow>>
  /** The version new cases start on. */
  current: number
  /** `statutory`: the clock's date is a legal deadline; `agency_target`: the agency's own target, not a deadline. */
  deadline: 'statutory' | 'agency_target'
  newCase(options: { submittedAt: number; receipt?: InitialReceipt }): EngineSnapshot
}

// The disclosure version new cases pin (CURRENT_DISCLOSURE_VERSION).
const DISCLOSURE_CURRENT = 2

function disclosureCase(options: { submittedAt: number; receipt?: InitialReceipt }): EngineSnapshot {
  const fresh = newDisclosureCase({ submittedAt: options.submittedAt, workflowVersion: DISCLOSURE_CURRENT })
  const r = options.receipt
  if (!r) return fresh
  return {
    ...fresh,
    state: 'received',
    receipt: {
      channel: r.channel,
      receivedOn: r.receivedOn,
      confirmedBy: r.by,
      confirmedOn: shanghaiDate(options.submittedAt),
    },
    clockEvents: [{ type: 'received', on: r.receivedOn, channel: r.channel }],
  } as EngineSnapshot
}

const CASE_WORKFLOWS: Readonly<Record<string, CaseWorkflowEntry>> = {
  disclosure: {
    versions: { 1: disclosureV1, 2: disclosureV2 } as unknown as Record<number, AnyWorkflow>,
    current: DISCLOSURE_CURRENT,
    deadline: 'statutory',
    newCase: disclosureCase,
  },
  [RECORD_CORRECTION_ID]: {
    versions: { 1: recordCorrectionV1 } as unknown as Record<number, AnyWorkflow>,
    current: 1,
    deadline: 'agency_target',
    newCase: (options) => newRecordCorrectionCase(options),
  },
}

/** The workflow each form's submissions open a case on. */
const WORKFLOW_OF_FORM: Readonly<Record<string, string>> = {
  disclosure: 'disclosure',
  'record-correction': RECORD_CORRECTION_ID,
}

function entry(workflowId: string): CaseWorkflowEntry | undefined {
  return Object.hasOwn(CASE_WORKFLOWS, workflowId) ? CASE_WORKFLOWS[workflowId] : undefined
}

/** The workflow a case is pinned to, or undefined for an id or version this build does not have. */
export function caseWorkflow(workflowId: string, version: number): AnyWorkflow | undefined {
  const versions = entry(workflowId)?.versions
  return versions && Object.hasOwn(versions, version) ? versions[version] : undefined
}

/** The workflow a form's submissions start (every built-in form has one; others open disclosure cases). */
export function workflowIdOfForm(formSlug: string): string {
  return Object.hasOwn(WORKFLOW_OF_FORM, formSlug) ? WORKFLOW_OF_FORM[formSlug]! : 'disclosure'
}

/** A new case of the workflow's current version, awaiting receipt or already received. */
export function newWorkflowCase(
  workflowId: string,
  options: { submittedAt: number; receipt?: InitialReceipt },
): EngineSnapshot {
  const found = entry(workflowId)
  if (!found) throw new Error(`Unknown workflow ${workflowId}`)
  return found.newCase(options)
}

/** The version new cases of the workflow start on. */
export function currentVersionOf(workflowId: string): number {
  const found = entry(workflowId)
  if (!found) throw new Error(`Unknown workflow ${workflowId}`)
  return found.current
}

/** Whether the workflow's due date is a statutory deadline or the agency's own target. */
export function deadlineKindOf(workflowId: string): 'statutory' | 'agency_target' {
  return entry(workflowId)?.deadline ?? 'statutory'
}

/** Render hints of every action input of every workflow, by input name (shared names share one form). */
export const caseInputForms: Readonly<Record<string, InputForm>> = {
  ...disclosureInputForms,
  ...recordCorrectionInputForms,
}
