// Disclosure request workflow v2: v1 with the replies that stand up (letters issue): a transfer is the Art. 36(5)
// reply, a lapse ends with its 终止办理告知书, 签发 freezes the reply (and tells an overridden third party), a direct
// lawsuit against a 复议前置 refusal needs a confirmation. New cases start on it; v1 cases stay on v1.
import { createWorkflow, defineWorkflow, type Role } from '../engine'
import { DISCLOSURE_V1, zh } from './disclosure.v1'
import {
  DEFAULT_DISCLOSURE_SETTINGS,
  type DisclosureSettings,
  type DisclosureSnapshot,
} from './disclosure-case'
import { disclosureImplementations } from './disclosure-implementations'

const v1 = DISCLOSURE_V1.actions

// The `admin` role configures; it works cases only where it also holds the case roles (issue: four-eyes review).
const a = Object.fromEntries(
  Object.entries(v1).map(([name, action]) => [
    name,
    { ...action, roles: action.roles.filter((role) => role !== 'admin') },
  ]),
) as unknown as { [K in keyof typeof v1]: Omit<(typeof v1)[K], 'roles'> & { roles: readonly Role[] } }

const DISCLOSURE_V2 = {
  ...DISCLOSURE_V1,
  version: 2,
  actions: {
    ...a,
    transfer: {
      ...a.transfer,
      // A transfer is a reply: the request must have been received (登记) first.
      from: ['received', 'in_progress'],
      input: 'transferReplyInput',
      updates: ['recordTransferReply'],
      effects: ['transferHandOff', 'transferReplyLetter'],
    },
    'request-correction': {
      ...a['request-correction'],
      guards: ['correctionNotRequested', 'correctionNoticeInTime'],
    },
    // No silent closures: a window that ends only flags the case and reminds the registrar.
    'correction-lapsed': {
      label: a['correction-lapsed'].label,
      from: ['awaiting_correction'],
      roles: ['system'],
      guards: ['lapseWindowOver'],
      input: 'emptyInput',
      updates: ['flagLapse'],
      effects: ['lapseReminder'],
    },
    'fee-lapsed': {
      label: a['fee-lapsed'].label,
      from: ['fee_pending'],
      roles: ['system'],
      guards: ['lapseWindowOver'],
      input: 'emptyInput',
      updates: ['flagLapse'],
      effects: ['lapseReminder'],
    },
    'confirm-lapse': {
      label: zh('确认视为放弃'),
      from: ['awaiting_correction', 'fee_pending'],
      to: 'closed',
      roles: ['registrar'],
      guards: ['lapseFlagged'],
      input: 'confirmLapseInput',
      updates: ['closeAsLapsedV2'],
      effects: ['closureLetter'],
    },
    'grant-more-time': {
      label: zh('有正当理由，重新给予期限'),
      from: ['awaiting_correction', 'fee_pending'],
      roles: ['registrar'],
      guards: ['lapseFlagged'],
      input: 'grantMoreTimeInput',
      updates: ['grantMoreTime'],
      effects: ['graceNotice'],
    },
    'record-consultee-receipt': {
      label: zh('登记对方收到征求意见书之日'),
      from: ['consulting'],
      roles: ['handler'],
      guards: ['actorIsAssignee', 'consulteeReceiptValid'],
      input: 'consulteeReceiptInput',
      updates: ['recordConsulteeReceipt'],
    },
    'issue-fee-notice': {
      ...a['issue-fee-notice'],
      guards: [...a['issue-fee-notice'].guards, 'feeWindowStatutory'],
      updates: ['recordFeeNoticeV2'],
    },
    'record-fee-notice-receipt': {
      label: zh('登记申请人收到收费通知之日'),
      from: ['fee_pending'],
      roles: ['registrar', 'handler'],
      guards: ['feeNoticeReceiptValid'],
      input: 'feeNoticeReceiptInput',
      updates: ['recordFeeNoticeReceipt'],
    },
    'submit-legal-review': { ...a['submit-legal-review'], updates: ['recordSubmissionV2'] },
    'legal-approve': {
      ...a['legal-approve'],
      guards: ['fourEyesLegal'],
      updates: ['recordLegalApprovalV2'],
    },
    'legal-return': { ...a['legal-return'], updates: ['recordReturnV2'] },
    return: { ...a.return, updates: ['recordReturnV2'] },
    'draft-reply': {
      ...a['draft-reply'],
      guards: ['actorIsAssignee', 'secrecyReviewedV2', 'outcomePrerequisitesV2', 'overrideJustified'],
      input: 'draftReplyInputV2',
      updates: ['recordDraftV2'],
    },
    approve: {
      ...a.approve,
      guards: ['fourEyesApproval'],
      updates: ['recordApprovalV2'],
      effects: ['replySignedV2'],
    },
    'record-remedy': {
      ...a['record-remedy'],
      guards: ['remedyValidV2', 'directLitigationConfirmed'],
      input: 'recordRemedyInputV2',
      updates: ['recordRemedyV2'],
    },
  },
} as const

/** The published, frozen definition data of disclosure v2. */
export const disclosureV2Definition = defineWorkflow(DISCLOSURE_V2)

/** Disclosure v2 bound to its implementations. */
export const disclosureV2 = createWorkflow<DisclosureSnapshot, DisclosureSettings>({
  definition: disclosureV2Definition,
  implementations: disclosureImplementations,
  defaultSettings: DEFAULT_DISCLOSURE_SETTINGS,
})
