// Public surface of disclosure cases at the edge. Commands change a case (commands.ts: apply an action; open.ts:
// the one way a case begins; transfer.ts: the receiving agency's case), queries read them (queries.ts), the staff
// case page builds its forms from the input hints (case-page.ts, action-forms.ts). Persistence and the audit chain
// are in ../case-store.ts, the agency settings JSON in ../agency-settings.ts.

export { staffActor } from './actor'
export { actOnCaseFromForm, type CasePage, casePage } from './case-page'
export {
  type CaseRow,
  caseColumns,
  deadlineOf,
  decisionNotice,
  snapshotOf,
  workflowFor,
} from './case-row'
export {
  type ActionOutcome,
  type ApplyActionInput,
  actOnCase,
  applyCaseAction,
  BULK_ASSIGN_MAX,
  bulkAssign,
} from './commands'
export {
  agencyHandlers,
  CASE_SORTS,
  type CaseListFilters,
  CursorSchema,
  type ListDeps,
  listCases,
  MIN_SEARCH_LENGTH,
  SEARCH_MATCH_CAP,
} from './list'
export { newCaseSnapshot, type OpenCaseInput, openCase } from './open'
export { caseDetail, loadAgencyCase, loadAgencyCaseForAction } from './queries'
export { refusalError } from './refusals'
export { QUEUES, type QueueCount, workbenchQueues } from './workbench'
