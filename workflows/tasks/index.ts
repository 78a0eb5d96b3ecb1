// Public surface of the task-table core (重点任务分解表): read a table, key its tasks, read deadlines and units.
export { type Milestone, parseDeadline, type Recurrence } from './deadlines'
export type { TableFileError } from './grid'
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
