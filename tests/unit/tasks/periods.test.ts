import { describe, expect, it } from 'vitest'
import { parseDeadline } from '../../../workflows/tasks/deadlines'
import { currentPeriod, reportingPeriods } from '../../../workflows/tasks/periods'

const periodsOf = (deadline: string, year = 2024) =>
  reportingPeriods(parseDeadline(deadline, year), year).map((p) => [p.key, p.startsOn, p.dueOn, p.milestones])

describe('reportingPeriods', () => {
  it.each([
    [
      '每季度发布',
      [
        ['2024-Q1', '2024-01-01', '2024-03-31', []],
        ['2024-Q2', '2024-04-01', '2024-06-30', []],
        ['2024-Q3', '2024-07-01', '2024-09-30', []],
        ['2024-Q4', '2024-10-01', '2024-12-31', []],
      ],
    ],
    [
      '每半年',
      [
        ['2024-H1', '2024-01-01', '2024-06-30', []],
        ['2024-H2', '2024-07-01', '2024-12-31', []],
      ],
    ],
    ['每年', [['2024-Y', '2024-01-01', '2024-12-31', []]]],
    ['长期推进', [['2024-Y', '2024-01-01', '2024-12-31', []]]],
    ['及时', [['2024-Y', '2024-01-01', '2024-12-31', []]]],
    ['', [['2024-Y', '2024-01-01', '2024-12-31', []]]],
    ['7月底前', [['D2024-07-31', '2024-01-01', '2024-07-31', ['complete']]]],
    [
      '9月底前启动 年底前完成 长期推进',
      [
        ['D2024-09-30', '2024-01-01', '2024-09-30', ['start']],
        ['D2024-12-31', '2024-10-01', '2024-12-31', ['complete']],
      ],
    ],
  ])('%s', (deadline, expected) => {
    expect(periodsOf(deadline)).toEqual(expected)
  })

  it('gives twelve monthly periods, the last day of February in a leap year', () => {
    const periods = reportingPeriods(parseDeadline('每月', 2024), 2024)
    expect(periods).toHaveLength(12)
    expect(periods[1]).toMatchObject({ key: '2024-M02', index: 2, dueOn: '2024-02-29' })
    expect(reportingPeriods(parseDeadline('每月', 2023), 2023)[1]?.dueOn).toBe('2023-02-28')
  })

  it('lets a quarter carry a milestone due the same day instead of adding a period', () => {
    expect(periodsOf('每季度 年底前完成').map(([key, , , milestones]) => [key, milestones])).toEqual([
      ['2024-Q1', []],
      ['2024-Q2', []],
      ['2024-Q3', []],
      ['2024-Q4', ['complete']],
    ])
  })

  it('adds a milestone between quarters as its own period', () => {
    expect(periodsOf('每季度 8月底前完成').map(([key]) => key)).toEqual([
      '2024-Q1',
      '2024-Q2',
      'D2024-08-31',
      '2024-Q3',
      '2024-Q4',
    ])
  })

  it('keeps a milestone dated in another year on its own date', () => {
    expect(periodsOf('2024年3月底前', 2023)).toEqual([
      ['D2024-03-31', '2023-01-01', '2024-03-31', ['complete']],
    ])
  })

  it('picks the first period not yet due as the current one, else the last', () => {
    const periods = reportingPeriods(parseDeadline('每季度', 2024), 2024)
    expect(currentPeriod(periods, '2024-05-10')?.key).toBe('2024-Q2')
    expect(currentPeriod(periods, '2024-06-30')?.key).toBe('2024-Q2')
    expect(currentPeriod(periods, '2025-02-01')?.key).toBe('2024-Q4')
    expect(currentPeriod([], '2025-02-01')).toBeNull()
  })
})
