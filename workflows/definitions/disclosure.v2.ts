// Disclosure request workflow v2: v1 with the replies that stand up (letters issue): a transfer is the Art. 36(5)
// reply, a lapse ends with its 终止办理告知书, 签发 freezes the reply (and tells an overridden third party), a direct
// lawsuit against a 复议前置 refusal needs a confirmation. New cases start on it; v1 cases stay on v1.
import { createWorkflow, defineWorkflow } from '../engine'
import { DISCLOSURE_V1 } from './disclosure.v1'
import {
  DEFAULT_DISCLOSURE_SETTINGS,
  type DisclosureSettings,
  type DisclosureSnapshot,
} from './disclosure-case'
import { disclosureImplementations } from './disclosure-implementations'

const a = DISCLOSURE_V1.actions

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
    'correction-lapsed': { ...a['correction-lapsed'], effects: ['closureLetter'] },
    'fee-lapsed': { ...a['fee-lapsed'], effects: ['closureLetter'] },
    'draft-reply': {
      ...a['draft-reply'],
      guards: ['actorIsAssignee', 'secrecyReviewedV2', 'outcomePrerequisitesV2', 'overrideJustified'],
      input: 'draftReplyInputV2',
      updates: ['recordDraftV2'],
    },
    approve: { ...a.approve, effects: ['replySignedV2'] },
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
