// Public surface of task reporting at the edge (重点任务分解表 → 任务填报 → 工作台账): plans (plans.ts), importing a
// table with preview and commit (imports.ts), tasks by hand (tasks.ts), units, groups and mappings (units.ts),
// one task's page (detail.ts), progress reports through the task-report form and workflow (reports.ts), the
// ledger and its .xlsx (ledger.ts), and the cron's reminders (reminders.ts). Who may do what is in access.ts.
export { coordinatorAgencies, reporterUnits } from './access'
export { evidenceFile, type PeriodView, type TaskDetail, taskDetail, uploadEvidence } from './detail'
export {
  type CommitResult,
  commitImport,
  getImport,
  type ImportRowView,
  type ImportView,
  pruneAbandonedImports,
  startImport,
} from './imports'
export {
  type CellView,
  type LedgerFilters,
  type LedgerTaskView,
  type LedgerView,
  ledgerWorkbook,
  percent,
  planLedger,
} from './ledger'
export { IMPORT_MAX_BYTES } from './limits'
export {
  type ImportPage,
  importPage,
  importUploadPage,
  mapImportUnits,
  type PlanPage,
  planPage,
  plansPage,
  type ReportPage,
  reportFormPage,
  reportPage,
  taskEditPage,
  taskPage,
  unitsPage,
} from './pages'
export { createPlan, getPlan, listAgencyPlans, myPlans, type PlanView, plannableAgencies } from './plans'
export { runTaskReminders, type TaskReminderSummary } from './reminders'
export {
  type ActInput,
  type AnswerIssues,
  actOnReport,
  actOnReportFromForm,
  type FileReportInput,
  fileReport,
  fileReportFromForm,
  type ReportEventView,
  type ReportView,
  reportEvents,
  reportView,
  taskReportForm,
} from './reports'
export {
  createTask,
  listTasks,
  storedMilestones,
  type TaskInput,
  type TaskView,
  taskInputOf,
  updateTask,
} from './tasks'
export { saveUnitGroup, saveUnitMapping, saveUnitMappings, type UnitView, unitSettings } from './units'
