import { describe, expect, it } from 'vitest'
import { parseCalendarImport } from '../../../workflows/calendar/import'

describe('calendar import', () => {
  it('expands an ICS all-day range (DTEND exclusive) and reads 休/班 from the summary', () => {
    const ics = [
      'BEGIN:VCALENDAR',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20261001',
      'DTEND;VALUE=DATE:20261008',
      'SUMMARY:国庆节(休)',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20261010',
      'SUMMARY:国庆节(班)',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\n')
    const result = parseCalendarImport(2026, 'ics', ics)
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.days.filter((d) => !d.isWorkday).map((d) => d.date)).toEqual([
      '2026-10-01',
      '2026-10-02',
      '2026-10-03',
      '2026-10-04',
      '2026-10-05',
      '2026-10-06',
      '2026-10-07',
    ])
    expect(result.days.find((d) => d.date === '2026-10-10')).toEqual({
      date: '2026-10-10',
      isWorkday: true,
      name: '国庆节调休上班',
    })
  })

  it('unfolds folded ICS lines', () => {
    const ics = 'BEGIN:VEVENT\nDTSTART;VALUE=DATE:2026\n 0101\nSUMMARY:元旦(休)\nEND:VEVENT'
    const result = parseCalendarImport(2026, 'ics', ics)
    expect(result.ok && result.days.map((d) => d.date)).toEqual(['2026-01-01'])
  })

  it('reads CSV with or without a header, with 休/班 or holiday/workday', () => {
    const a = parseCalendarImport(
      2026,
      'csv',
      'date,type,name\n2026-01-01,休,元旦\n2026-01-04,班,元旦调休上班',
    )
    const b = parseCalendarImport(2026, 'csv', '\uFEFF2026-01-01,holiday,元旦\r\n2026-01-04,workday,调休')
    expect(a.ok && a.days).toHaveLength(2)
    expect(b.ok && b.days.map((d) => d.isWorkday)).toEqual([false, true])
  })

  it('reports every bad line by number and never returns a partial year', () => {
    const result = parseCalendarImport(
      2026,
      'csv',
      '2026-01-01,休,元旦\n2026-02-30,休,x\n2026-01-01,休,重复\nbad',
    )
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.issues.map((i) => i.line)).toEqual([2, 3, 4])
  })

  it('rejects dates outside the year and no-op make-up days on weekdays', () => {
    const result = parseCalendarImport(
      2026,
      'json',
      JSON.stringify([
        { date: '2025-12-31', isWorkday: false, name: 'x' },
        { date: '2026-03-03', isWorkday: true, name: '调休' },
      ]),
    )
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.issues.map((i) => i.message).join('|')).toMatch(/不属于 2026 年.*本是工作日/)
  })

  it('rejects malformed JSON and JSON of the wrong shape', () => {
    expect(parseCalendarImport(2026, 'json', '{').ok).toBe(false)
    expect(parseCalendarImport(2026, 'json', '{"days": 3}').ok).toBe(false)
    expect(parseCalendarImport(2026, 'json', '[{"date": "2026-01-01"}]').ok).toBe(false)
  })
})
