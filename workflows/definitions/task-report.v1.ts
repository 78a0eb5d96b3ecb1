// Task progress report workflow v1 (任务落实情况报送): filed → accepted, or returned with comments → filed again.
// PUBLISHED: frozen — change it only as v2.
import { DEFAULT_CLOCK_SETTINGS } from '../clock/types'
import { createWorkflow, defineWorkflow } from '../engine'
import {
  type TaskReportSettings,
  type TaskReportSnapshot,
  taskReportImplementations,
} from './task-report-implementations'

const zh = (text: string) => ({ 'zh-CN': text })
const IN_REVIEW = ['submitted', 'resubmitted']

const TASK_REPORT_V1 = {
  id: 'task-report',
  version: 1,
  label: zh('任务落实情况报送'),
  initialState: 'draft',
  states: {
    draft: { label: zh('填写中'), publicLabel: zh('填写中') },
    submitted: { label: zh('已报送，待审核'), publicLabel: zh('已报送') },
    returned: { label: zh('已退回修改'), publicLabel: zh('已退回') },
    resubmitted: { label: zh('已重新报送，待审核'), publicLabel: zh('已报送') },
    accepted: { label: zh('审核通过'), publicLabel: zh('审核通过'), final: true },
  },
  actions: {
    submit: {
      label: zh('报送'),
      from: ['draft'],
      to: 'submitted',
      roles: ['task_reporter'],
      input: 'fileInput',
      updates: ['recordFiler'],
      effects: ['notifyCoordinators'],
    },
    accept: {
      label: zh('审核通过'),
      from: IN_REVIEW,
      to: 'accepted',
      roles: ['task_coordinator'],
      guards: ['notOwnReport'],
      input: 'acceptInput',
      updates: ['recordComment'],
      effects: ['notifyReporters'],
    },
    return: {
      label: zh('退回修改'),
      from: IN_REVIEW,
      to: 'returned',
      roles: ['task_coordinator'],
      guards: ['notOwnReport'],
      input: 'returnInput',
      updates: ['recordReturn'],
      effects: ['notifyReporters'],
    },
    resubmit: {
      label: zh('修改后重新报送'),
      from: ['returned'],
      to: 'resubmitted',
      roles: ['task_reporter'],
      input: 'fileInput',
      updates: ['recordFiler'],
      effects: ['notifyCoordinators'],
    },
  },
}

/** The frozen task-report workflow definition, version 1. */
export const taskReportV1Definition = defineWorkflow(TASK_REPORT_V1)

/** Version 1 bound to its implementations. */
export const taskReportV1 = createWorkflow<TaskReportSnapshot, TaskReportSettings>({
  definition: taskReportV1Definition,
  implementations: taskReportImplementations,
  defaultSettings: DEFAULT_CLOCK_SETTINGS,
})

export type TaskReportAction = keyof typeof TASK_REPORT_V1.actions
export type TaskReportState = keyof typeof TASK_REPORT_V1.states
