// Regressions for defects found in review: tenancy of uploads after transfer, assignee checks, statutory
// settings, inherited action names, large calendar years, timers across an unloaded year, orphan uploads.
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { runScheduled } from '../../../workers/index'
import { apiLogin, bearer, browserLogin, call, countRows, json } from '../helpers'
import { foreignStaffToken } from './agency-staff'
import { act, at, errorCode, eventCount, newCase, ok } from './case-helpers'

const PNG = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
])
const NRB = { toAgencyId: 'agency-demo-nrb', toAgencyName: '示范县自然资源局', reason: '由县自然资源局办理' }

async function upload(): Promise<string> {
  const form = new FormData()
  form.append('file', new File([PNG], 'id.png', { type: 'image/png' }))
  const res = await call('/api/v1/agencies/demo/forms/disclosure/attachments', { method: 'POST', body: form })
  return ((await res.json()) as { id: string }).id
}

describe('after a transfer', () => {
  it('the uploads and the applicant go with the request to the receiving agency', async () => {
    const id = await upload()
    const body = {
      applicantType: 'natural_person',
      name: '王五',
      idDocument: { type: 'resident_id', number: '11010519491231002X' },
      informationDescription: '土地征收批复',
      carrier: 'electronic',
      deliveryMethod: 'download',
      phone: '13800138000',
      declaration: true,
      attachments: [id],
    }
    const sub = (await (
      await call('/api/v1/agencies/demo/forms/disclosure/submissions', json(body))
    ).json()) as {
      reference: string
    }
    const row = await env.DB.prepare(
      'SELECT c.id FROM cases c JOIN submissions s ON s.id = c.submission_id WHERE s.reference = ?',
    )
      .bind(sub.reference)
      .first<{ id: string }>()
    await ok(row!.id, 'registrar', 'transfer', NRB, Date.now())
    const nrb = await foreignStaffToken('agency-demo-nrb', 'registrar', 'nrb-reg-review')
    expect((await call(`/api/v1/attachments/${id}`, bearer(nrb))).status).toBe(200)
    const demo = await apiLogin('demo-registrar')
    expect((await call(`/api/v1/attachments/${id}`, bearer(demo))).status).toBe(404)
    const reveal = await call(`/api/v1/cases/${row!.id}/applicant/reveal`, bearer(demo, { method: 'POST' }))
    expect(reveal.status).toBe(403)
  })
})

describe('assigning a case', () => {
  it('refuses a handler of another agency and a disabled handler, writing nothing', async () => {
    const { caseId } = await newCase(at('2024-09-27', 9))
    await ok(
      caseId,
      'registrar',
      'confirm-receipt',
      { channel: 'online', receivedOn: '2024-09-27' },
      at('2024-09-27', 11),
    )
    await ok(caseId, 'registrar', 'accept', {}, at('2024-09-27', 12))
    await foreignStaffToken('agency-demo-nrb', 'handler', 'nrb-handler-review')
    const before = await eventCount(caseId)
    const foreign = await act(
      caseId,
      'registrar',
      'assign',
      { assigneeId: 'user-nrb-handler-review' },
      at('2024-09-28'),
    )
    expect(foreign.status).toBe(422)
    expect(await errorCode(foreign)).toBe('validation_failed')
    await env.DB.prepare(`UPDATE users SET disabled_at = 1 WHERE id = 'user-demo-handler'`).run()
    try {
      const disabled = await act(
        caseId,
        'registrar',
        'assign',
        { assigneeId: 'user-demo-handler' },
        at('2024-09-28'),
      )
      expect(disabled.status).toBe(422)
    } finally {
      await env.DB.prepare(`UPDATE users SET disabled_at = NULL WHERE id = 'user-demo-handler'`).run()
    }
    expect(await eventCount(caseId)).toBe(before)
    expect(await countRows('outbox')).toBeGreaterThanOrEqual(0)
  })
})

describe('agency settings', () => {
  it('refuse a user holding both the admin and the auditor role', async () => {
    const token = await apiLogin('demo-admin')
    const res = await call(
      '/api/v1/users',
      json(
        {
          username: 'both-roles',
          displayName: 'x',
          password: 'a-long-enough-password',
          agencyId: 'agency-demo',
          roles: ['admin', 'auditor'],
        },
        { token },
      ),
    )
    expect(res.status).toBe(422)
  })
})

describe('robustness', () => {
  it('answers an inherited property name as an action with 404, not 500', async () => {
    const { caseId } = await newCase(Date.now())
    const { cookie, csrf } = await browserLogin('demo-registrar')
    const res = await call(`/admin/cases/${caseId}/actions/constructor`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: `_csrf=${encodeURIComponent(csrf)}&version=1`,
    })
    expect(res.status).toBe(404)
  })

  it('stores a calendar year with more than 100 dates (one delete, not one bound parameter per date)', async () => {
    const token = await apiLogin('demo-admin')
    const days: { date: string; isWorkday: boolean; name: string }[] = []
    // Every weekend day of 2032 (104) plus the first weekdays of the year as holidays, 110 rows in all.
    for (let d = Date.UTC(2032, 0, 1); d < Date.UTC(2033, 0, 1); d += 86_400_000) {
      const date = new Date(d)
      const weekend = date.getUTCDay() === 0 || date.getUTCDay() === 6
      if (weekend || date.getUTCMonth() === 0)
        days.push({ date: date.toISOString().slice(0, 10), isWorkday: false, name: '休息' })
      if (days.length >= 110 && !weekend) break
    }
    days.splice(110)
    const res = await call('/api/v1/calendar/2032', {
      ...json({ source: '测试', days }, { token }),
      method: 'PUT',
    })
    expect(res.status).toBe(200)
    expect(((await res.json()) as { days: unknown[] }).days).toHaveLength(110)
  })
})

describe('timers across years', () => {
  it('sets the "confirm receipt" timer once the next year is loaded', async () => {
    const { caseId } = await newCase(at('2026-12-31', 10))
    const timer = async () =>
      (
        await env.DB.prepare('SELECT next_timer_on AS t FROM cases WHERE id = ?')
          .bind(caseId)
          .first<{ t: string | null }>()
      )?.t
    expect(await timer()).toBeNull()
    const token = await apiLogin('demo-admin')
    const res = await call('/api/v1/calendar/2027', {
      ...json(
        { source: '测试', confirmed: true, days: [{ date: '2027-01-01', isWorkday: false, name: '元旦' }] },
        { token },
      ),
      method: 'PUT',
    })
    expect(res.status).toBe(200)
    // 1 WD after Thu 2026-12-31 is Mon 2027-01-04 (01-01 off); flagged from 01-05.
    expect(await timer()).toBe('2027-01-05')
  })
})

describe('orphan uploads', () => {
  it('are deleted by the cron a day after upload, linked ones are kept', async () => {
    const id = await upload()
    expect(await env.FILES.get(`attachments/agency-demo/${id}`)).not.toBeNull()
    await runScheduled(env, Date.now() + 25 * 3_600_000)
    const row = await env.DB.prepare('SELECT count(*) AS n FROM attachments WHERE id = ?')
      .bind(id)
      .first<{ n: number }>()
    expect(row?.n).toBe(0)
    expect(await env.FILES.get(`attachments/agency-demo/${id}`)).toBeNull()
  })
})
