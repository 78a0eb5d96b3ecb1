import { describe, expect, it } from 'vitest'
import { parseDeadline } from '../../../workflows/tasks/deadlines'
import { reportingPeriods } from '../../../workflows/tasks/periods'
import { remindersDue } from '../../../workflows/tasks/reminders'

const quarterly = reportingPeriods(parseDeadline('每季度', 2024), 2024)
const due = (today: string, reported: string[] = [], since = '2024-01-01') => {
  const result = remindersDue({ periods: quarterly, reported: new Set(reported), today, since })
  return { due: result.due.map((r) => `${r.kind}:${r.period.key}`), nextOn: result.nextOn }
}

describe('remindersDue', () => {
  it.each([
    // [today, reminders due, next day to look]
    ['2024-03-01', [], '2024-03-24'],
    ['2024-03-24', ['due_soon:2024-Q1'], '2024-04-01'],
    ['2024-03-31', ['due_soon:2024-Q1'], '2024-04-01'],
    ['2024-04-01', ['overdue:2024-Q1'], '2024-06-23'],
    ['2024-06-25', ['overdue:2024-Q1', 'due_soon:2024-Q2'], '2024-07-01'],
  ])('on %s', (today, reminders, nextOn) => {
    expect(due(today)).toEqual({ due: reminders, nextOn })
  })

  it('says nothing about a period the unit has reported', () => {
    expect(due('2024-04-01', ['2024-Q1'])).toEqual({ due: [], nextOn: '2024-06-23' })
  })

  it('reminds of nothing once every period is reported or overdue', () => {
    expect(due('2025-01-05', ['2024-Q1', '2024-Q2', '2024-Q3'])).toEqual({
      due: ['overdue:2024-Q4'],
      nextOn: null,
    })
    expect(due('2025-01-05', ['2024-Q1', '2024-Q2', '2024-Q3', '2024-Q4'])).toEqual({ due: [], nextOn: null })
  })

  it('does not remind of periods already past when the unit got the task', () => {
    expect(due('2024-08-01', [], '2024-07-15')).toEqual({ due: [], nextOn: '2024-09-23' })
  })

  it('honours another lead time', () => {
    const result = remindersDue({
      periods: quarterly,
      reported: new Set(),
      today: '2024-03-01',
      since: '2024-01-01',
      leadDays: 30,
    })
    expect(result.due.map((r) => r.kind)).toEqual(['due_soon'])
  })
})
