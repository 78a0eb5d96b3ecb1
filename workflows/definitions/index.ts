// Public surface of the workflow definitions: disclosure v1 and v2 (case model, settings, inputs, letters) and task-report v1.
import type { Workflow } from '../engine'
import { currentVersionOf } from './case-workflows'
import { disclosureV1 } from './disclosure.v1'
import { disclosureV2 } from './disclosure.v2'
import type { DisclosureSettings, DisclosureSnapshot } from './disclosure-case'
import { taskReportV1 } from './task-report.v1'
import type { TaskReportSettings, TaskReportSnapshot } from './task-report-implementations'

export { caseNextTimer, caseRemindersDue } from './case-timers'
export { supplementedClockEvents } from './clock-supplements'
export {
  type DisclosureAction,
  type DisclosureState,
  disclosureV1,
  disclosureV1Definition,
} from './disclosure.v1'
export { disclosureV2, disclosureV2Definition } from './disclosure.v2'
export {
  type CaseOutcome,
  type ClosureOutcome,
  CONSULTATION_KINDS,
  type ConsultationKind,
  type ConsultationRecord,
  type CorrectionRecord,
  DEFAULT_DISCLOSURE_SETTINGS,
  DELIVERY_METHODS,
  type DeliveryMethod,
  type DisclosureFlags,
  type DisclosureSettings,
  type DisclosureSnapshot,
  disclosureSettingsSchema,
  type FeeRecord,
  LETTER_KINDS,
  type LetterKind,
  newDisclosureCase,
  OPINION_POSITIONS,
  type OpinionPosition,
  RECEIPT_CHANNELS,
  type ReceiptChannel,
  type RemedyRecord,
  type SignOff,
} from './disclosure-case'
export {
  disclosureInputForms,
  disclosureInputs,
  type InputFieldHint,
  type InputForm,
  type InputOptionSet,
  type InputWidget,
  type ReplyOutcome,
  replyOutcomeSchema,
  WITHHOLDING_GROUNDS,
} from './disclosure-inputs'
export {
  type CaseTimer,
  CONFIRM_RECEIPT_WORKING_DAYS,
  clockRemindersDue,
  nextClockTimer,
  nextTimer,
  overdueWeek,
  type ReminderKind,
  receiptConfirmationDue,
  remindersDue,
  reviewDueNow,
  type TimerKind,
  upcomingTimers,
} from './disclosure-timers'
export { DUE_DATE_REMINDERS, dealtWithReminderKinds, type ReminderCase } from './staff-reminders'

export {
  type TaskReportAction,
  type TaskReportState,
  taskReportV1,
  taskReportV1Definition,
} from './task-report.v1'
export {
  newTaskReport,
  type TaskReportSettings,
  type TaskReportSnapshot,
  taskReportInputs,
} from './task-report-implementations'

const DISCLOSURE_VERSIONS: Readonly<Record<number, Workflow<DisclosureSnapshot, DisclosureSettings>>> = {
  1: disclosureV1,
  2: disclosureV2,
}

/** The disclosure workflow version a case is pinned to, or undefined for a version this build does not have. */
export function disclosureWorkflow(
  version: number,
): Workflow<DisclosureSnapshot, DisclosureSettings> | undefined {
  return Object.hasOwn(DISCLOSURE_VERSIONS, version) ? DISCLOSURE_VERSIONS[version] : undefined
}

/** The version new cases start on. */

const TASK_REPORT_VERSIONS: Readonly<Record<number, Workflow<TaskReportSnapshot, TaskReportSettings>>> = {
  1: taskReportV1,
}

/** The task-report workflow version a report is pinned to, or undefined for one this build does not have. */
export function taskReportWorkflow(
  version: number,
): Workflow<TaskReportSnapshot, TaskReportSettings> | undefined {
  return Object.hasOwn(TASK_REPORT_VERSIONS, version) ? TASK_REPORT_VERSIONS[version] : undefined
}

/** The version new task reports start on. */
export const CURRENT_TASK_REPORT_VERSION = 1

export const CURRENT_DISCLOSURE_VERSION = currentVersionOf('disclosure')

export {
  caseInputForms,
  caseWorkflow,
  currentVersionOf,
  deadlineKindOf,
  type InitialReceipt,
  newWorkflowCase,
  workflowIdOfForm,
} from './case-workflows'
export { RECEIPT_RULES, receiptDateRefusal } from './receipt-rules'
export {
  DEFAULT_TARGET_WORKING_DAYS,
  RECORD_CORRECTION_ID,
  type RecordCorrectionSettings,
  type RecordCorrectionSnapshot,
  recordCorrectionSettings,
  recordCorrectionV1,
  recordCorrectionV1Definition,
} from './record-correction.v1'
