// Public surface of the workflow definitions: disclosure v1 with its case model, settings, inputs and letters.
import type { Workflow } from '../engine'
import { disclosureV1 } from './disclosure.v1'
import { disclosureV2 } from './disclosure.v2'
import type { DisclosureSettings, DisclosureSnapshot } from './disclosure-case'

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
  nextTimer,
  overdueWeek,
  type ReminderKind,
  receiptConfirmationDue,
  remindersDue,
  reviewDueNow,
  type TimerKind,
  upcomingTimers,
} from './disclosure-timers'

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
export const CURRENT_DISCLOSURE_VERSION = 2
