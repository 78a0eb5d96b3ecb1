import { describe, expect, it } from 'vitest'
import { parseDeadline } from '../../../workflows/tasks/deadlines'
import { buildLedger, type LedgerReport, type LedgerTask } from '../../../workflows/tasks/ledger'
import { reportingPeriods } from '../../../workflows/tasks/periods'

const task = (id: string, deadline: string, unitIds: string[]): LedgerTask => ({
  id,
  periods: reportingPeriods(parseDeadline(deadline, 2024), 2024),
  unitIds,
})

let next = 0
const report = (over: Partial<LedgerReport> & Pick<LedgerReport, 'taskId' | 'agencyId' | 'period'>) =>
  ({
    id: `r${++next}`,
    dueOn: '2024-03-31',
    state: 'submitted',
    progressStatus: 'in_progress',
    submittedOn: '2024-03-20',
    updatedAt: next,
    ...over,
  }) as LedgerReport

describe('buildLedger', () => {
  it('flags a unit late or overdue per period and counts on-time periods', () => {
    const tasks = [task('t1', '每季度', ['edu', 'town'])]
    const reports = [
      report({ taskId: 't1', agencyId: 'edu', period: '2024-Q1', submittedOn: '2024-03-31' }),
      report({
        taskId: 't1',
        agencyId: 'edu',
        period: '2024-Q2',
        dueOn: '2024-06-30',
        submittedOn: '2024-07-03',
      }),
      report({ taskId: 't1', agencyId: 'town', period: '2024-Q1', submittedOn: '2024-03-02' }),
    ]
    const ledger = buildLedger(tasks, reports, '2024-07-10')
    const [edu, town] = ledger.cells
    expect(edu).toMatchObject({ duePeriods: 2, onTimePeriods: 1, missing: [], onTime: false, overdue: false })
    expect(edu?.latest?.period).toBe('2024-Q2')
    expect(town).toMatchObject({
      duePeriods: 2,
      onTimePeriods: 1,
      missing: ['2024-Q2'],
      onTime: false,
      overdue: true,
    })
    expect(ledger.byTask.get('t1')).toMatchObject({
      assigned: 2,
      duePeriods: 4,
      onTimePeriods: 2,
      onTimeRate: 0.5,
    })
  })

  it('counts a task fulfilled only when the office accepted 已完成 or 长期推进', () => {
    const tasks = [
      task('a', '年底前完成', ['edu']),
      task('b', '长期推进', ['edu']),
      task('c', '每年', ['edu']),
    ]
    const reports = [
      report({
        taskId: 'a',
        agencyId: 'edu',
        period: 'D2024-12-31',
        state: 'accepted',
        progressStatus: 'completed',
      }),
      report({
        taskId: 'b',
        agencyId: 'edu',
        period: '2024-Y',
        state: 'accepted',
        progressStatus: 'ongoing',
      }),
      report({
        taskId: 'c',
        agencyId: 'edu',
        period: '2024-Y',
        state: 'returned',
        progressStatus: 'completed',
      }),
    ]
    const ledger = buildLedger(tasks, reports, '2024-06-01')
    expect(ledger.cells.map((cell) => [cell.taskId, cell.confirmed, cell.fulfilled])).toEqual([
      ['a', 'completed', true],
      ['b', 'ongoing', true],
      ['c', null, false],
    ])
    expect(ledger.byUnit.get('edu')).toMatchObject({
      assigned: 3,
      fulfilled: 2,
      completionRate: 2 / 3,
      byStatus: { completed: 2, ongoing: 1, in_progress: 0, not_started: 0, unreported: 0 },
    })
  })

  it('has no rates before anything is assigned or due', () => {
    const ledger = buildLedger([task('t', '每季度', ['edu'])], [], '2024-02-01')
    expect(ledger.total).toMatchObject({
      assigned: 1,
      completionRate: 0,
      onTimeRate: null,
      byStatus: { unreported: 1 },
    })
    expect(ledger.cells[0]?.onTime).toBeNull()
    expect(buildLedger([], [], '2024-02-01').total.completionRate).toBeNull()
  })

  it('leaves out reports of a unit the task does not list, and keeps those of a period the task no longer has', () => {
    const ledger = buildLedger(
      [task('t', '年底前完成', ['edu'])],
      [
        report({ taskId: 't', agencyId: 'nrb', period: 'D2024-12-31' }),
        report({
          taskId: 't',
          agencyId: 'edu',
          period: '2024-Q1',
          dueOn: '2024-03-31',
          submittedOn: '2024-03-30',
        }),
      ],
      '2024-05-01',
    )
    expect(ledger.cells.map((cell) => cell.agencyId)).toEqual(['edu'])
    expect(ledger.cells[0]).toMatchObject({ duePeriods: 1, onTimePeriods: 1, onTime: true })
  })
})
