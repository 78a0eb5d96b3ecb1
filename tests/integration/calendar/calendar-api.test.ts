import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { apiLogin, bearer, browserLogin, call, json } from '../helpers'

interface YearView {
  year: number
  confirmed: boolean
  source: string
  days: { date: string; isWorkday: boolean; name: string }[]
}

async function put(token: string, path: string, body: unknown, method = 'PUT') {
  return call(path, { ...json(body, { token }), method })
}

describe('calendar years API', () => {
  it('shows a seeded year publicly, with its source and confirmation', async () => {
    const res = await call('/api/v1/calendar/2025')
    expect(res.status).toBe(200)
    const body = (await res.json()) as YearView
    expect(body.confirmed).toBe(true)
    expect(body.source).toContain('2025')
    expect(body.days).toContainEqual({ date: '2025-01-26', isWorkday: true, name: '春节调休上班' })
    expect(body.days.filter((d) => d.date.startsWith('2025-10-0')).every((d) => !d.isWorkday)).toBe(true)
  })

  it('lists the loaded years', async () => {
    const body = (await (await call('/api/v1/calendar')).json()) as {
      items: { year: number; confirmed: boolean }[]
    }
    expect(body.items.map((y) => y.year)).toEqual([2024, 2025, 2026])
  })

  it('answers 404 for a year that is not loaded', async () => {
    expect((await call('/api/v1/calendar/2031')).status).toBe(404)
  })

  it('lets only the platform operator edit, and not anonymously', async () => {
    const handler = await apiLogin('demo-handler')
    const body = { source: 'x', days: [] }
    expect((await put(handler, '/api/v1/calendar/2027', body)).status).toBe(403)
    expect((await call('/api/v1/calendar/2027', { ...json(body), method: 'PUT' })).status).toBe(401)
  })

  it('loads a new year unconfirmed, refuses deadlines into it until confirmed, then answers', async () => {
    const operator = await apiLogin('demo-operator')
    const days = [
      { date: '2027-01-01', isWorkday: false, name: '元旦' },
      { date: '2027-01-02', isWorkday: false, name: '元旦' },
    ]
    const res = await put(operator, '/api/v1/calendar/2027', { source: '测试通知', days })
    expect(res.status).toBe(200)
    expect(((await res.json()) as YearView).confirmed).toBe(false)
    expect((await call('/api/v1/deadline?from=2026-12-10&workingDays=20')).status).toBe(409)
    const confirm = await put(operator, '/api/v1/calendar/2027/confirm', { confirmed: true }, 'POST')
    expect(confirm.status).toBe(200)
    const ok = await call('/api/v1/deadline?from=2026-12-10&workingDays=20')
    expect(ok.status).toBe(200)
    // 2026-12-10 Thu + 20 WD, with 2027-01-01 (Fri) off: Dec 11,14–18,21–25,28–31 = 15, Jan 4–8 = 20.
    expect(((await ok.json()) as { due: string }).due).toBe('2027-01-08')
  })

  it('rejects a duplicated date, a date of another year and a no-op 调休 on a weekday, writing nothing', async () => {
    const operator = await apiLogin('demo-operator')
    const before = await env.DB.prepare('SELECT count(*) AS n FROM calendar_days').first<{ n: number }>()
    for (const days of [
      [
        { date: '2024-10-01', isWorkday: false, name: '国庆节' },
        { date: '2024-10-01', isWorkday: false, name: '国庆节' },
      ],
      [{ date: '2025-01-01', isWorkday: false, name: '元旦' }],
      [{ date: '2024-10-08', isWorkday: true, name: '调休' }],
    ]) {
      const res = await put(operator, '/api/v1/calendar/2024', { source: 'x', days })
      expect(res.status).toBe(422)
    }
    const after = await env.DB.prepare('SELECT count(*) AS n FROM calendar_days').first<{ n: number }>()
    expect(after?.n).toBe(before?.n)
  })

  it('adds, changes and deletes a single date, and the deadline follows', async () => {
    const operator = await apiLogin('demo-operator')
    const before = (await (await call('/api/v1/deadline?from=2025-06-03&workingDays=5')).json()) as {
      due: string
    }
    expect(before.due).toBe('2025-06-10')
    const add = await put(operator, '/api/v1/calendar/2025/days/2025-06-05', {
      isWorkday: false,
      name: '临时休假',
    })
    expect(add.status).toBe(200)
    const moved = (await (await call('/api/v1/deadline?from=2025-06-03&workingDays=5')).json()) as {
      due: string
    }
    expect(moved.due).toBe('2025-06-11')
    const del = await call('/api/v1/calendar/2025/days/2025-06-05', bearer(operator, { method: 'DELETE' }))
    expect(del.status).toBe(200)
    const back = (await (await call('/api/v1/deadline?from=2025-06-03&workingDays=5')).json()) as {
      due: string
    }
    expect(back.due).toBe('2025-06-10')
  })

  it('imports a year from ICS, CSV and JSON', async () => {
    const operator = await apiLogin('demo-operator')
    const ics = [
      'BEGIN:VCALENDAR',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20280101',
      'DTEND;VALUE=DATE:20280102',
      'SUMMARY:元旦(休)',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20280205',
      'DTEND;VALUE=DATE:20280206',
      'SUMMARY:春节(班)',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\r\n')
    const a = await put(
      operator,
      '/api/v1/calendar/2028/import',
      { format: 'ics', text: ics, source: 'ICS' },
      'POST',
    )
    expect(a.status).toBe(200)
    expect(((await a.json()) as YearView).days).toEqual([
      { date: '2028-01-01', isWorkday: false, name: '元旦' },
      { date: '2028-02-05', isWorkday: true, name: '春节调休上班' },
    ])
    const csv = 'date,type,name\n2029-01-01,休,元旦\n'
    const b = await put(
      operator,
      '/api/v1/calendar/2029/import',
      { format: 'csv', text: csv, source: 'CSV' },
      'POST',
    )
    expect(b.status).toBe(200)
    const j = JSON.stringify({ days: [{ date: '2030-01-01', isWorkday: false, name: '元旦' }] })
    const c = await put(
      operator,
      '/api/v1/calendar/2030/import',
      { format: 'json', text: j, source: 'JSON' },
      'POST',
    )
    expect(c.status).toBe(200)
  })

  it('reports import errors by line and writes nothing', async () => {
    const operator = await apiLogin('demo-operator')
    const res = await put(
      operator,
      '/api/v1/calendar/2031/import',
      { format: 'csv', text: '2031-01-01,休,元旦\n2031-13-01,休,坏日期\n2031-01-02,maybe,x', source: 'CSV' },
      'POST',
    )
    expect(res.status).toBe(422)
    const err = ((await res.json()) as { error: { issues: { message: string }[] } }).error
    expect(err.issues.map((i) => i.message).join()).toMatch(/第 2 行.*第 3 行|第 3 行.*第 2 行/)
    expect((await call('/api/v1/calendar/2031')).status).toBe(404)
  })

  it('writes every edit to the audit log: a national change belongs to no agency, the operator its actor', async () => {
    const operator = await apiLogin('demo-operator')
    await put(operator, '/api/v1/calendar/2025/days/2025-06-06', { isWorkday: false, name: '测试' })
    const row = await env.DB.prepare(
      `SELECT agency_id, actor_id FROM audit_log WHERE action = 'calendar.day_set' AND target = '2025-06-06'`,
    ).first()
    expect(row).toEqual({ agency_id: null, actor_id: 'user-demo-operator' })
  })
})

describe('calendar admin pages', () => {
  it('are behind login', async () => {
    const res = await call('/admin/calendar')
    expect(res.status).toBe(303)
  })

  it('show a year and re-render an invalid edit with an error summary and the typed values', async () => {
    const { cookie, csrf } = await browserLogin('demo-operator')
    const page = await call('/admin/calendar/2026', { headers: { cookie } })
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('2026-02-14')
    expect(html).toContain('已确认')
    const bad = await call('/admin/calendar/2026/days', {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf, date: '2026-02-30', kind: 'off', name: '坏日期' }).toString(),
    })
    expect(bad.status).toBe(422)
    const badHtml = await bad.text()
    expect(badHtml).toMatch(/<title>错误：/)
    expect(badHtml).toContain('href="#date"')
    expect(badHtml).toContain('value="2026-02-30"')
  })

  it('saves a date through the form and shows it', async () => {
    const { cookie, csrf } = await browserLogin('demo-operator')
    const res = await call('/admin/calendar/2026/days', {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        _csrf: csrf,
        date: '2026-03-02',
        kind: 'off',
        name: '临时休假',
      }).toString(),
    })
    expect(res.status).toBe(303)
    const html = await (await call('/admin/calendar/2026', { headers: { cookie } })).text()
    expect(html).toContain('临时休假')
  })
})
