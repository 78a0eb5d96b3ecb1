// Public surface of the task-table core (重点任务分解表): read a table, key its tasks, read deadlines and units;
// reporting periods, reminders and the ledger (工作台账).
export { type AgencyNode, mergeUnitGroups, rootOf, subtree, treeUnits } from './agency-units'
export { type Milestone, parseDeadline, type Recurrence } from './deadlines'
export type { TableFileError } from './grid'
export {
  buildLedger,
  type Ledger,
  type LedgerCell,
  type LedgerRates,
  type LedgerReport,
  type LedgerTask,
  ledgerCell,
  PROGRESS_STATUSES,
  type ProgressStatus,
  type ReportState,
} from './ledger'
export { matchKey } from './normalise'
export { currentPeriod, type PeriodKind, type ReportingPeriod, reportingPeriods } from './periods'
export {
  type ImportPreview,
  type PreviewContext,
  type PreviewMessage,
  type PreviewMessageCode,
  type PreviewRow,
  type PreviewTask,
  previewTaskImport,
} from './preview'
export {
  DEFAULT_REMINDER_LEAD_DAYS,
  type ReminderInput,
  remindersDue,
  type TaskReminder,
  type TaskReminderKind,
} from './reminders'
export {
  DEFAULT_MAX_ROWS,
  parseSeq,
  type ReadTableOptions,
  type RowProblem,
  type RowProblemCode,
  readTaskTableCsv,
  readTaskTableFile,
  readTaskTableXlsx,
  type TableNotice,
  type TableNoticeCode,
  type TaskColumn,
  type TaskRow,
  type TaskTable,
  type TaskTableResult,
} from './table'
export { type TaskKeyParts, taskKey } from './task-key'
export {
  type Agency,
  buildUnitDirectory,
  type RememberedUnits,
  type ResolvedUnit,
  resolveUnits,
  splitUnits,
  type UnitDirectory,
  type UnitGroups,
  type UnitMention,
  type UnitResolution,
  type UnitRole,
  unitsInBrackets,
} from './units'
