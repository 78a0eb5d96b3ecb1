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
    expect(result.issues.map((i) => [i.at?.n, i.code])).toEqual([
      [2, 'invalid_date'],
      [3, 'duplicate_date'],
      [4, 'csv_kind'],
    ])
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
    expect(result.issues.map((i) => i.code)).toEqual(['outside_year', 'workday_on_weekday'])
  })

  it('rejects malformed JSON and JSON of the wrong shape', () => {
    expect(parseCalendarImport(2026, 'json', '{').ok).toBe(false)
    expect(parseCalendarImport(2026, 'json', '{"days": 3}').ok).toBe(false)
    expect(parseCalendarImport(2026, 'json', '[{"date": "2026-01-01"}]').ok).toBe(false)
  })

  it('keeps a quoted name with commas in one CSV cell (a split on commas broke it)', () => {
    const result = parseCalendarImport(
      2026,
      'csv',
      '2026-10-01,休,"国庆节, 中秋节"\n2026-10-10,班,"国庆节调休上班"',
    )
    expect(result.ok && result.days).toEqual([
      { date: '2026-10-01', isWorkday: false, name: '国庆节, 中秋节' },
      { date: '2026-10-10', isWorkday: true, name: '国庆节调休上班' },
    ])
  })

  it('numbers CSV lines as the file does, past a quoted line break', () => {
    const result = parseCalendarImport(2026, 'csv', '2026-01-01,休,"元旦\n（第一天）"\n\n2026-01-05,班,x')
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.issues.map((i) => [i.at, i.code])).toEqual([[{ unit: 'line', n: 4 }, 'workday_on_weekday']])
  })

  it('names a bad iCalendar event by its number, however the lines were folded', () => {
    const ics = [
      'BEGIN:VCALENDAR',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20260101',
      'SUMMARY:元旦',
      '  (休)',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20260215',
      'SUMMARY:春节（不明）',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\r\n')
    const result = parseCalendarImport(2026, 'ics', ics)
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.issues).toEqual([
      { at: { unit: 'event', n: 2 }, code: 'ics_event', params: { summary: '春节（不明）' } },
    ])
  })

  it('refuses a file that is not iCalendar, with the reason', () => {
    const result = parseCalendarImport(2026, 'ics', 'this is not a calendar')
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.issues[0]?.code).toBe('ics_syntax')
    expect(result.issues[0]?.at).toBeNull()
  })

  it.each<[string, 'ics' | 'csv' | 'json', string]>([
    ['an iCalendar with no events', 'ics', 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR'],
    ['a CSV with only a header', 'csv', 'date,type,name\n'],
    ['an empty JSON list', 'json', '[]'],
  ])('refuses %s instead of importing an empty year', (_case, format, text) => {
    const result = parseCalendarImport(2026, format, text)
    expect(result).toEqual({ ok: false, issues: [{ at: null, code: 'empty', params: {} }] })
  })
})
