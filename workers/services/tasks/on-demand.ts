// Task reporting as the routes, the cron and the annual report call it: the same services as ./index.ts, each
// loading the task subsystem on its first call. Reading task tables needs OpenCC's dictionaries, xmldom, fflate and
// papaparse, and matching unit names needs OpenCC everywhere, so the whole subsystem is one separate module of the
// Worker (scripts/worker-build.ts) that a cold start of the citizen form or the case list never parses.
import type * as Tasks from './index'

export type * from './index'
export { IMPORT_MAX_BYTES } from './limits'

type Services = typeof Tasks
type AsyncService = {
  [K in keyof Services]: Services[K] extends (...args: never[]) => Promise<unknown> ? K : never
}[keyof Services]

/** The real service, imported on its first call (later calls find the module loaded). */
function onDemand<K extends AsyncService>(name: K): Services[K] {
  const call = async (...args: unknown[]) => {
    const service = (await import('./index'))[name] as (...a: unknown[]) => Promise<unknown>
    return service(...args)
  }
  return call as Services[K]
}

export const actOnReport = onDemand('actOnReport')
export const actOnReportFromForm = onDemand('actOnReportFromForm')
export const commitImport = onDemand('commitImport')
export const createPlan = onDemand('createPlan')
export const createTask = onDemand('createTask')
export const evidenceFile = onDemand('evidenceFile')
export const fileReport = onDemand('fileReport')
export const fileReportFromForm = onDemand('fileReportFromForm')
export const getImport = onDemand('getImport')
export const getPlan = onDemand('getPlan')
export const importPage = onDemand('importPage')
export const importUploadPage = onDemand('importUploadPage')
export const ledgerWorkbook = onDemand('ledgerWorkbook')
export const listAgencyPlans = onDemand('listAgencyPlans')
export const listTasks = onDemand('listTasks')
export const mapImportUnits = onDemand('mapImportUnits')
export const planLedger = onDemand('planLedger')
export const planPage = onDemand('planPage')
export const plansPage = onDemand('plansPage')
export const pruneAbandonedImports = onDemand('pruneAbandonedImports')
export const reportEvents = onDemand('reportEvents')
export const reportFormPage = onDemand('reportFormPage')
export const reportPage = onDemand('reportPage')
export const reportView = onDemand('reportView')
export const runTaskReminders = onDemand('runTaskReminders')
export const saveUnitGroup = onDemand('saveUnitGroup')
export const saveUnitMapping = onDemand('saveUnitMapping')
export const startImport = onDemand('startImport')
export const taskDetail = onDemand('taskDetail')
export const taskEditPage = onDemand('taskEditPage')
export const taskPage = onDemand('taskPage')
export const unitSettings = onDemand('unitSettings')
export const unitsPage = onDemand('unitsPage')
export const updateTask = onDemand('updateTask')
export const uploadEvidence = onDemand('uploadEvidence')
