// Next year's calendar from the State Council notice: preview writes nothing, import stays unconfirmed, confirming
// turns every "partly counted" deadline into a date; until then staff are warned and nobody sees a bare dash.
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { runScheduled } from '../../../workers/index'
import NOTICE_2026 from '../../fixtures/notices/2026.txt?raw'
// A made-up 2027 notice in the official phrasing (the real one is not in the repository): the weekdays and
// "共N天" are consistent, so it imports cleanly.
import NOTICE_2027 from '../../fixtures/notices/2027-test.txt?raw'
import { apiLogin, browserLogin, call, json } from '../helpers'
import { at, newCase } from '../workflow/case-helpers'

interface Preview {
  year: number
  days: { date: string; isWorkday: boolean; name: string }[]
  warnings: { code: string; message: string; blocking: boolean; text: string; date?: string }[]
  ignored: string[]
}

async function importNotice(year: number, body: Record<string, unknown>, now = at('2026-12-01')) {
  const token = await apiLogin('demo-operator')
  return call(
    `/api/v1/calendar/${year}/import`,
    json({ format: 'notice', ...body }, { token, headers: { 'x-test-now': String(now) } }),
  )
}

async function calendarRows(): Promise<{ years: number; days: number }> {
  const y = await env.DB.prepare('SELECT count(*) AS n FROM calendar_years').first<{ n: number }>()
  const d = await env.DB.prepare('SELECT count(*) AS n FROM calendar_days').first<{ n: number }>()
  return { years: y?.n ?? 0, days: d?.n ?? 0 }
}

async function issuesOf(res: Response): Promise<string> {
  const body = (await res.json()) as { error: { code: string; issues?: { message: string }[] } }
  return `${body.error.code}: ${(body.error.issues ?? []).map((i) => i.message).join(' | ')}`
}

describe('importing a year from the State Council notice', () => {
  it('previews the 2027 notice: every day, nothing written', async () => {
    const before = await calendarRows()
    const res = await importNotice(2027, { text: NOTICE_2027, preview: true })
    expect(res.status).toBe(200)
    const preview = (await res.json()) as Preview
    expect(preview.year).toBe(2027)
    expect(preview.warnings.filter((w) => w.blocking)).toEqual([])
    expect(preview.days).toContainEqual({ date: '2027-02-05', isWorkday: false, name: '春节' })
    expect(preview.days).toContainEqual({ date: '2027-02-20', isWorkday: true, name: '春节调休上班' })
    expect(preview.days.filter((d) => d.name === '国庆节')).toHaveLength(7)
    expect(preview.ignored.some((t) => t.includes('经国务院批准'))).toBe(true)
    expect(await calendarRows()).toEqual(before)
  })

  it.each<[string, number, (text: string) => string, string]>([
    ['a notice for another year', 2027, () => NOTICE_2026, 'notice_year_mismatch'],
    [
      'text with no holiday section',
      2027,
      () => '各地区、各部门要妥善安排好值班工作。',
      'notice_no_sections',
    ],
    [
      'a make-up day on a weekday',
      2027,
      (t) => t.replace('2月20日（周六）上班', '2月22日（周一）上班'),
      'makeup_not_weekend',
    ],
    ['a range whose 共N天 disagrees', 2027, (t) => t.replace('共8天', '共9天'), 'day_count_mismatch'],
    [
      'a weekday that is not the date’s',
      2027,
      (t) => t.replace('4月3日（周六）', '4月3日（周日）'),
      'weekday_mismatch',
    ],
  ])('refuses %s with a clear error and writes nothing', async (_case, year, edit, code) => {
    const before = await calendarRows()
    const res = await importNotice(year, { text: edit(NOTICE_2027), source: '测试' })
    expect(res.status).toBe(422)
    const body = (await res.json()) as { error: { issues: { code: string; message: string }[] } }
    expect(body.error.issues.map((i) => i.code)).toContain(code)
    expect(body.error.issues.every((i) => i.message.length > 4)).toBe(true)
    expect(await calendarRows()).toEqual(before)
  })

  it('shows the blocking problems in the preview instead of refusing it', async () => {
    const res = await importNotice(2027, { text: NOTICE_2027.replace('共8天', '共9天'), preview: true })
    expect(res.status).toBe(200)
    const preview = (await res.json()) as Preview
    const warning = preview.warnings.find((w) => w.code === 'day_count_mismatch')
    expect(warning).toMatchObject({ blocking: true })
    expect(warning?.message).toContain('共 9 天')
  })

  it('refuses an empty text and a 1 MB text', async () => {
    const before = await calendarRows()
    const empty = await importNotice(2027, { text: '', source: '测试' })
    expect(empty.status).toBe(422)
    const blank = await importNotice(2027, { text: '   \n ', source: '测试', preview: true })
    expect(await issuesOf(blank)).toContain('请粘贴通知原文')
    const huge = await importNotice(2027, { text: '一'.repeat(1024 * 1024), source: '测试' })
    expect(huge.status).toBe(413)
    expect(await calendarRows()).toEqual(before)
  })

  it('lets only the platform operator preview', async () => {
    const handler = await apiLogin('demo-handler')
    const res = await call(
      '/api/v1/calendar/2027/import',
      json({ format: 'notice', text: NOTICE_2027, preview: true }, { token: handler }),
    )
    expect(res.status).toBe(403)
  })
})

/** 2026-12-10 at hh:mm China time: the journey fits in one working day so its sessions stay valid. */
function on10(hour: number, minute = 0): number {
  return Date.parse(`2026-12-10T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00+08:00`)
}

function asStaff(token: string, now: number, init: RequestInit = {}): RequestInit {
  const headers = new Headers(init.headers)
  headers.set('authorization', `Bearer ${token}`)
  headers.set('x-test-now', String(now))
  return { ...init, headers }
}

describe('a deadline that runs into the missing year', () => {
  it('is partly counted, warned about, then becomes a date once the year is imported and confirmed', {
    timeout: 30_000,
  }, async () => {
    const registrar = await apiLogin('demo-registrar', undefined, on10(9))
    // Bearer sessions idle out after 2 hours: the admin (cases) and the platform operator (the national
    // calendar) log in at each instant they act.
    const adminAt = (now: number) => apiLogin('demo-admin', undefined, now)
    const operatorAt = (now: number) => apiLogin('demo-operator', undefined, now)
    // A cookie session idles out after 30 minutes, so each look at a page logs in at that instant.
    const page = async (path: string, now: number, username = 'demo-admin') => {
      const browser = await browserLogin(username, undefined, now)
      return (await call(path, { headers: { cookie: browser.cookie, 'x-test-now': String(now) } })).text()
    }
    const caseOf = async (id: string, now: number) =>
      (await (await call(`/api/v1/cases/${id}`, asStaff(await adminAt(now), now))).json()) as {
        dueOn: string | null
        version: number
        clock: Record<string, unknown>
        events: {
          action: string
          actorKind: string
          actorId: string | null
          payload: Record<string, unknown>
        }[]
      }

    // Received on Thursday 2026-12-10: 15 working days fit in December, 5 wait for the 2027 calendar.
    const c = await newCase(on10(8))
    const { version } = await caseOf(c.caseId, on10(9, 20))
    const confirm = await call(
      `/api/v1/cases/${c.caseId}/actions/confirm-receipt`,
      asStaff(registrar, on10(9, 30), json({ version, channel: 'online', receivedOn: '2026-12-10' })),
    )
    expect(confirm.status, await confirm.clone().text()).toBe(200)
    const pending = {
      missingYear: 2027,
      countedThrough: '2026-12-31',
      countedDays: 15,
      remainingWorkingDays: 5,
    }

    const staffView = await caseOf(c.caseId, on10(10))
    expect(staffView.dueOn).toBeNull()
    expect(staffView.clock).toMatchObject({ replyDueOn: null, pendingDeadline: pending })
    const row = await env.DB.prepare('SELECT due_pending_year AS y FROM cases WHERE id = ?')
      .bind(c.caseId)
      .first()
    expect(row).toEqual({ y: 2027 })

    const tracked = await call(
      `/api/v1/track?${new URLSearchParams({ reference: c.reference, code: c.queryCode })}`,
      { headers: { 'cf-connecting-ip': '198.51.100.7', 'x-test-now': String(on10(10)) } },
    )
    expect(((await tracked.json()) as { pendingDeadline: unknown }).pendingDeadline).toEqual(pending)
    const trackPage = await call('/track', {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'cf-connecting-ip': '198.51.100.7',
        'x-test-now': String(on10(10)),
      },
      body: new URLSearchParams({ reference: c.reference, code: c.queryCode }).toString(),
    })
    expect(await trackPage.text()).toContain(
      '答复期限需待国务院公布 2027 年节假日安排后确定：截至 2026 年 12 月 31 日已计 15 个工作日，还有 5 个工作日将在公布后计入。',
    )

    const deadline = await call('/api/v1/deadline?from=2026-12-10&workingDays=20')
    expect(deadline.status).toBe(409)
    const refusal = (await deadline.json()) as {
      error: { message: string; details: Record<string, unknown> }
    }
    expect(refusal.error.details).toEqual({ year: 2027, ...pending })
    expect(refusal.error.message).toContain(
      '已计 15 个工作日（至 12 月 31 日），余 5 个工作日待 2027 年安排公布后确定',
    )

    // Staff pages: the case, the list, the dashboard banner and the daily reminder.
    expect(await page(`/admin/cases/${c.caseId}`, on10(10))).toContain(
      '已计 15 个工作日（至 12 月 31 日），余 5 个工作日待 2027 年安排公布后确定',
    )
    expect(await page('/admin/cases', on10(10))).toContain('待 2027 年节假日安排确定')
    // The agency admin is told, and that the operator loads it; the operator gets the link to the import.
    const dash = await page('/admin/', on10(10))
    expect(dash).toMatch(/2027 年节假日安排尚未载入并确认：\d+ 件在办申请的答复期限跨入 2027 年/)
    expect(dash).toContain('全国节假日安排由平台运营者导入并确认')
    expect(dash).not.toContain('href="/admin/calendar/2027#import"')
    const operatorDash = await page('/admin/', on10(10), 'demo-operator')
    expect(operatorDash).toMatch(/2027 年节假日安排尚未载入并确认：\d+ 件在办申请的答复期限跨入 2027 年/)
    expect(operatorDash).toContain('href="/admin/calendar/2027#import"')

    await runScheduled(env, on10(11))
    await runScheduled(env, on10(11, 15))
    const reminders = await env.DB.prepare(
      "SELECT recipient, payload FROM outbox WHERE kind = 'calendar_year_missing' AND payload LIKE '%2026-12-10%'",
    ).all<{ recipient: string; payload: string }>()
    const demo = reminders.results.filter((r) => r.recipient === 'role:agency-demo:admin')
    expect(demo).toHaveLength(1) // once a day, however often the cron runs
    const payload = JSON.parse(demo[0]!.payload) as { year: number; openCases: number }
    expect(payload.year).toBe(2027)
    expect(payload.openCases).toBeGreaterThanOrEqual(1)
    expect(await page('/admin/', on10(11, 30))).toContain('2027 年节假日安排尚未公布')
    const national = await env.DB.prepare(
      "SELECT recipient, payload FROM outbox WHERE kind = 'calendar_year_missing_national' AND payload LIKE '%2026-12-10%'",
    ).all<{ recipient: string; payload: string }>()
    expect(national.results.map((r) => r.recipient)).toEqual(['operators'])
    expect(await page('/admin/', on10(11, 30), 'demo-operator')).toContain('请导入 2027 年节假日安排')

    // Import: written but unconfirmed, so the deadline is still partly counted.
    const imported = await call(
      '/api/v1/calendar/2027/import',
      asStaff(
        await operatorAt(on10(12)),
        on10(12),
        json({ format: 'notice', text: NOTICE_2027, source: '国办发明电〔2026〕测试号' }),
      ),
    )
    expect(imported.status).toBe(200)
    expect(((await imported.json()) as { confirmed: boolean }).confirmed).toBe(false)
    expect((await caseOf(c.caseId, on10(12, 30))).clock).toMatchObject({ pendingDeadline: pending })

    // Confirm: every open case is recomputed, with the trail entry.
    const confirmed = await call(
      '/api/v1/calendar/2027/confirm',
      asStaff(await operatorAt(on10(13)), on10(13), json({ confirmed: true })),
    )
    expect(confirmed.status).toBe(200)
    const after = await caseOf(c.caseId, on10(14))
    // 15 WD through 31 December, then 1–3 January off: 4, 5, 6, 7, 8 January.
    expect(after.dueOn).toBe('2027-01-08')
    expect(after.clock).toMatchObject({ replyDueOn: '2027-01-08', pendingDeadline: null })
    const trail = after.events.find((e) => e.action === 'calendar-recomputed')
    expect(trail?.payload).toMatchObject({ replyDueOn: { from: null, to: '2027-01-08' } })
    // The trail names who changed the calendar and what: the operator's confirmation of 2027.
    expect(trail).toMatchObject({ actorKind: 'staff', actorId: 'user-demo-operator' })
    expect(trail?.payload.causes).toContainEqual(
      expect.objectContaining({
        actorId: 'user-demo-operator',
        scope: 'national',
        agencyId: null,
        change: 'calendar.year_confirmed',
        years: [2027],
      }),
    )
    const cleared = await env.DB.prepare('SELECT due_pending_year AS y FROM cases WHERE id = ?')
      .bind(c.caseId)
      .first()
    expect(cleared).toEqual({ y: null })
    expect(await page('/admin/', on10(14, 30))).not.toContain('calendar-missing')
    await runScheduled(env, on10(15) + 24 * 3_600_000)
    const next = await env.DB.prepare(
      "SELECT count(*) AS n FROM outbox WHERE kind = 'calendar_year_missing' AND payload LIKE '%2026-12-11%'",
    ).first<{ n: number }>()
    expect(next?.n).toBe(0)
  })
})
