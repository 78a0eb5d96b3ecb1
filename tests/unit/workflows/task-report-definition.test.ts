import { describe, expect, it } from 'vitest'
import { buildCalendar } from '../../../workflows/calendar'
import {
  newTaskReport,
  type TaskReportSnapshot,
  taskReportV1,
  taskReportWorkflow,
} from '../../../workflows/definitions'
import { type Actor, allowedActions, definitionFingerprint, transition } from '../../../workflows/engine'

// The published task-report workflow v1. If this fails, the definition changed: publish task-report.v2.ts.
const TASK_REPORT_V1_FINGERPRINT = '7847530af41b2f977197c1b0b39b7c745fc2c46df8cb998117eca05a488fe233'

const calendar = buildCalendar([])
const NOW = Date.parse('2024-07-02T02:00:00Z')
const reporter: Actor = { kind: 'staff', id: 'u-reporter', roles: ['task_reporter'] }
const coordinator: Actor = { kind: 'staff', id: 'u-office', roles: ['task_coordinator'] }
const DATA = { data: { status: 'in_progress', progress: '已开设专栏' } }

function act(snapshot: TaskReportSnapshot, action: string, actor: Actor, input: unknown = {}) {
  return transition(taskReportV1, snapshot, action, actor, input, NOW, calendar)
}

function run(steps: [string, Actor, unknown][]): TaskReportSnapshot {
  let snapshot = newTaskReport()
  for (const [action, actor, input] of steps) {
    const result = act(snapshot, action, actor, input)
    if (!result.ok) throw new Error(`${action}: ${result.refusal.code} ${result.refusal.message}`)
    snapshot = result.snapshot
  }
  return snapshot
}

describe('task-report workflow v1', () => {
  it('is pinned by its fingerprint and found by version', async () => {
    expect(await definitionFingerprint(taskReportV1.definition)).toBe(TASK_REPORT_V1_FINGERPRINT)
    expect(taskReportWorkflow(1)).toBe(taskReportV1)
    expect(taskReportWorkflow(2)).toBeUndefined()
  })

  it('runs filed → returned with a comment → filed again → accepted', () => {
    const filed = act(newTaskReport(), 'submit', reporter, DATA)
    expect(filed.ok && [filed.snapshot.state, filed.snapshot.version, filed.snapshot.submittedBy]).toEqual([
      'submitted',
      1,
      'u-reporter',
    ])
    expect(filed.ok && filed.effects).toEqual([
      { kind: 'notify', template: 'task_report_submitted', to: { role: 'task_coordinator' } },
    ])
    const returned = act(run([['submit', reporter, DATA]]), 'return', coordinator, { comment: '请补充网址' })
    expect(
      returned.ok && [returned.snapshot.state, returned.snapshot.comment, returned.snapshot.returns],
    ).toEqual(['returned', '请补充网址', 1])
    expect(returned.ok && returned.effects).toEqual([
      { kind: 'notify', template: 'task_report_returned', to: { staffId: 'u-reporter' } },
    ])
    const done = run([
      ['submit', reporter, DATA],
      ['return', coordinator, { comment: '请补充网址' }],
      ['resubmit', reporter, DATA],
      ['accept', coordinator, {}],
    ])
    expect([done.state, done.version, done.comment, done.returns]).toEqual(['accepted', 4, null, 1])
  })

  it.each([
    ['a return without a comment', [['submit', reporter, DATA]], 'return', coordinator, {}, 'invalid_input'],
    [
      'a unit accepting its own report',
      [['submit', reporter, DATA]],
      'accept',
      reporter,
      {},
      'role_not_allowed',
    ],
    ['the office filing for a unit', [], 'submit', coordinator, DATA, 'role_not_allowed'],
    [
      'filing again before a return',
      [['submit', reporter, DATA]],
      'resubmit',
      reporter,
      DATA,
      'not_allowed_in_state',
    ],
    ['a report without answers', [], 'submit', reporter, {}, 'invalid_input'],
    [
      'acting on an accepted report',
      [
        ['submit', reporter, DATA],
        ['accept', coordinator, {}],
      ],
      'return',
      coordinator,
      { comment: 'x' },
      'case_closed',
    ],
  ] as [string, [string, Actor, unknown][], string, Actor, unknown, string][])(
    'refuses %s',
    (_what, steps, action, actor, input, code) => {
      const result = act(run(steps), action, actor, input)
      expect(result.ok ? 'ok' : result.refusal.code).toBe(code)
    },
  )

  it('keeps a person who holds both roles from reviewing the report they filed', () => {
    const both: Actor = { kind: 'staff', id: 'u-both', roles: ['task_reporter', 'task_coordinator'] }
    const filed = run([['submit', both, DATA]])
    expect(allowedActions(taskReportV1, filed, both)).toEqual([])
    expect(allowedActions(taskReportV1, filed, coordinator)).toEqual(['accept', 'return'])
    const result = act(filed, 'accept', both, {})
    expect(result.ok ? 'ok' : result.refusal.code).toBe('guard_failed')
  })
})
