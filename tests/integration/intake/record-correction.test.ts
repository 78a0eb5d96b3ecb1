// Art. 41 on the same engine: the record-correction form (JSON Schema, submission with evidence), its workflow
// (receive → review → correct / refer / refuse, each with its notice), roles, audit chain and public tracking, and
// the agency's own target in place of a statutory deadline.
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { openPage } from '../forms/form-helpers'
import { browserLogin, call, json } from '../helpers'
import { act, at, detail, errorCode, ok, token } from '../workflow/case-helpers'

const PDF = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x34, 0x0a])

async function submitRequest(now: number, inaccuracy = '记录为 80 平方米，实为 98 平方米') {
  const upload = new FormData()
  upload.append('file', new File([PDF], '房产证.pdf', { type: 'application/pdf' }))
  const stored = await call('/api/v1/agencies/demo/forms/record-correction/attachments', {
    method: 'POST',
    body: upload,
    headers: { 'x-test-now': String(now) },
  })
  expect(stored.status).toBe(201)
  const evidence = ((await stored.json()) as { id: string }).id
  const res = await call(
    '/api/v1/agencies/demo/forms/record-correction/submissions',
    json(
      {
        applicantType: 'natural_person',
        name: '王五',
        idDocument: { type: 'resident_id', number: '11010519491231002X' },
        recordDescription: '示范县不动产登记信息中本人房屋面积记录',
        inaccuracy,
        attachments: [evidence],
        phone: '13800138000',
        declaration: true,
      },
      { headers: { 'x-test-now': String(now) } },
    ),
  )
  expect(res.status).toBe(201)
  const receipt = (await res.json()) as { reference: string; queryCode: string }
  const list = await call(`/api/v1/cases?q=${receipt.reference}`, {
    headers: { authorization: `Bearer ${await token('registrar')}` },
  })
  const items = ((await list.json()) as { items: { id: string }[] }).items
  return { ...receipt, caseId: items[0]!.id }
}

async function track(reference: string, code: string, now: number) {
  const res = await call(`/api/v1/track?reference=${reference}&code=${code}`, {
    headers: { 'x-test-now': String(now) },
  })
  expect(res.status).toBe(200)
  return (await res.json()) as {
    state: string
    status: string
    dueOn: string | null
    deadline: { kind: string; label: string }
    notice: string | null
    timeline: { label: string }[]
  }
}

describe('Art. 41: correction of records about oneself', () => {
  it('publishes the form and its JSON Schema, requiring the evidence', async () => {
    const res = await call('/api/v1/agencies/demo/forms/record-correction')
    expect(res.status).toBe(200)
    const form = (await res.json()) as { title: string; schema: { required: string[] } }
    expect(form.title).toBe('申请更正政府信息记录')
    expect(form.schema.required).toEqual(
      expect.arrayContaining(['recordDescription', 'inaccuracy', 'attachments']),
    )
    const page = await openPage('/demo/forms/record-correction')
    expect(page.res.status).toBe(200)
    expect(page.html).toContain('申请更正政府信息记录')
  })

  it('walks a request from receipt through review to the correction and its notice', async () => {
    const r = await submitRequest(at('2025-09-26', 9))
    const first = await detail(r.caseId, 'registrar', at('2025-09-26', 9))
    expect(first.state).toBe('submitted')
    expect(first.allowedActions).toEqual(['confirm-receipt'])
    // The receipt rules are the disclosure ones: an online request cannot be received before it was sent.
    const early = await act(
      r.caseId,
      'registrar',
      'confirm-receipt',
      { channel: 'online', receivedOn: '2025-09-25' },
      at('2025-09-26', 10),
    )
    expect(early.status).toBe(409)
    await ok(
      r.caseId,
      'registrar',
      'confirm-receipt',
      { channel: 'online', receivedOn: '2025-09-26' },
      at('2025-09-26', 10),
    )
    // The agency's own target, 20 WD by default: from Fri 2025-09-26 → Thu 2025-10-30, never called statutory.
    const received = await track(r.reference, r.queryCode, at('2025-09-26', 11))
    expect(received.dueOn).toBe('2025-10-30')
    expect(received.deadline).toEqual({
      kind: 'agency_target',
      label: '办理目标日期（本机关自定，非法定期限）',
    })
    // Roles come from the definition: a registrar cannot review, a handler can.
    expect((await act(r.caseId, 'registrar', 'start-review', {}, at('2025-09-29'))).status).toBe(403)
    await ok(r.caseId, 'handler', 'start-review', {}, at('2025-09-29'))
    const empty = await act(r.caseId, 'handler', 'correct-record', {}, at('2025-10-09'))
    expect(empty.status).toBe(422)
    await ok(
      r.caseId,
      'handler',
      'correct-record',
      { correction: '房屋面积由 80 平方米更正为 98 平方米' },
      at('2025-10-09'),
    )
    const done = await detail(r.caseId, 'handler', at('2025-10-09', 12))
    expect(done.state).toBe('corrected')
    expect(done.outcome).toBe('record_corrected')
    expect(done.events.map((e) => e.action)).toEqual([
      'submit',
      'confirm-receipt',
      'start-review',
      'correct-record',
    ])
    const status = await track(r.reference, r.queryCode, at('2025-10-09', 12))
    expect(status.status).toBe('已更正')
    expect(status.notice).toContain('已于2025-10-09予以更正')
    expect(status.notice).toContain('房屋面积由 80 平方米更正为 98 平方米')
    expect(status.timeline.map((e) => e.label)).toContain('机关已更正记录并告知')
    // The applicant is told through the outbox, like every other notice; the trail joins the agency's chain.
    const told = await env.DB.prepare(
      "SELECT payload FROM outbox WHERE kind = 'record_corrected' AND payload LIKE ?",
    )
      .bind(`%${r.caseId}%`)
      .first<{ payload: string }>()
    expect(JSON.parse(told!.payload).notice).toBe(status.notice)
    const verify = await call('/api/v1/audit/verify?agency=demo', {
      headers: { authorization: `Bearer ${await token('auditor')}` },
    })
    expect(((await verify.json()) as { ok: boolean }).ok).toBe(true)
    expect((await act(r.caseId, 'handler', 'refuse-record', { reasons: 'x' }, at('2025-10-10'))).status).toBe(
      409,
    )
  })

  it('refers a request to the competent agency (转送) or refuses it with reasons, each with its notice', async () => {
    const a = await submitRequest(at('2026-02-11', 9), '户籍记录中的出生日期有误')
    await ok(
      a.caseId,
      'registrar',
      'confirm-receipt',
      { channel: 'online', receivedOn: '2026-02-11' },
      at('2026-02-11', 10),
    )
    await ok(a.caseId, 'handler', 'start-review', {}, at('2026-02-12'))
    await ok(
      a.caseId,
      'handler',
      'refer-record',
      { competentAgency: '示范县公安局（0000-1234567）', reason: '户籍记录由公安机关管理' },
      at('2026-02-12', 15),
    )
    const referred = await track(a.reference, a.queryCode, at('2026-02-13'))
    expect(referred.state).toBe('referred')
    expect(referred.notice).toContain('已将您的申请转送有权更正的行政机关示范县公安局')

    const b = await submitRequest(at('2026-02-11', 9), '不认可记录')
    await ok(
      b.caseId,
      'registrar',
      'confirm-receipt',
      { channel: 'online', receivedOn: '2026-02-11' },
      at('2026-02-11', 10),
    )
    await ok(b.caseId, 'handler', 'start-review', {}, at('2026-02-12'))
    const missing = await act(b.caseId, 'approver', 'refuse-record', { reasons: '   ' }, at('2026-02-12', 15))
    expect(missing.status).toBe(422)
    await ok(
      b.caseId,
      'approver',
      'refuse-record',
      { reasons: '所附证据不能证明记录不准确' },
      at('2026-02-12', 15),
    )
    const refused = await track(b.reference, b.queryCode, at('2026-02-13'))
    expect(refused.state).toBe('refused')
    expect(refused.notice).toContain('决定不予更正。理由：所附证据不能证明记录不准确')
  })

  it('counts toward the target the agency sets (e.g. 10 WD), which is refused outside 1–250', async () => {
    const admin = await token('admin')
    const view = await call('/api/v1/agencies/demo/settings', {
      headers: { authorization: `Bearer ${admin}` },
    })
    const current = (await view.json()) as Record<string, unknown>
    expect(current.recordCorrection).toEqual({ targetWorkingDays: 20 })
    const bad = await call('/api/v1/agencies/demo/settings', {
      ...json({ ...current, recordCorrection: { targetWorkingDays: 0 } }, { token: admin }),
      method: 'PUT',
    })
    expect(bad.status).toBe(422)
    const put = await call('/api/v1/agencies/demo/settings', {
      ...json({ ...current, recordCorrection: { targetWorkingDays: 10 } }, { token: admin }),
      method: 'PUT',
    })
    expect(put.status).toBe(200)
    const r = await submitRequest(at('2024-09-27', 9))
    await ok(
      r.caseId,
      'registrar',
      'confirm-receipt',
      { channel: 'online', receivedOn: '2024-09-27' },
      at('2024-09-27', 10),
    )
    // 10 WD from Fri 2024-09-27: 09-29 (Sun, works), 09-30, 10-08 … 10-12 (Sat, works), 10-14, 10-15 → Wed 10-16.
    expect((await detail(r.caseId, 'registrar', at('2024-09-27', 11))).dueOn).toBe('2024-10-16')
    expect(await errorCode(bad.clone())).toBe('validation_failed')
  })

  it('lets the agency admin set the target on the settings page, with an error summary for a bad value', async () => {
    const now = at('2026-12-01')
    const { cookie, csrf } = await browserLogin('demo-admin', undefined, now)
    const page = await call('/admin/agencies/agency-demo/settings', {
      headers: { cookie, 'x-test-now': String(now) },
    })
    const html = await page.text()
    expect(html).toContain('更正政府信息记录申请的办理目标（工作日）')
    const post = (target: string) =>
      call('/admin/agencies/agency-demo/settings', {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', 'x-test-now': String(now) },
        body: new URLSearchParams({
          _csrf: csrf,
          embedOrigins: '',
          legalReview: 'on',
          dueSoonWorkingDays: '5',
          correctionWindowWorkingDays: '15',
          fourEyes: 'on',
          legalReviewDueWorkingDays: '3',
          approvalDueWorkingDays: '3',
          targetWorkingDays: target,
        }).toString(),
      })
    const bad = await post('0')
    expect(bad.status).toBe(422)
    const badHtml = await bad.text()
    expect(badHtml).toContain('href="#targetWorkingDays"')
    expect(badHtml).toContain('更正申请的办理目标须为 1–250 个工作日')
    expect((await post('25')).status).toBe(303)
    const admin = await token('admin')
    const view = await call('/api/v1/agencies/demo/settings', {
      headers: { authorization: `Bearer ${admin}` },
    })
    expect(((await view.json()) as { recordCorrection: unknown }).recordCorrection).toEqual({
      targetWorkingDays: 25,
    })
  })
})

describe('the annual report counts 依申请公开 requests only', () => {
  it('leaves Art. 41 correction requests out of the Table 3 counters', async () => {
    const counted = await env.DB.prepare(
      "SELECT coalesce(sum(n), 0) AS n FROM report_counts WHERE agency_id = 'agency-demo'",
    ).first<{ n: number }>()
    const disclosure = await env.DB.prepare(
      "SELECT count(*) AS n FROM cases WHERE agency_id = 'agency-demo' AND received_on IS NOT NULL AND workflow_id = 'disclosure'",
    ).first<{ n: number }>()
    const corrections = await env.DB.prepare(
      "SELECT count(*) AS n FROM cases WHERE agency_id = 'agency-demo' AND received_on IS NOT NULL AND workflow_id = 'record-correction'",
    ).first<{ n: number }>()
    expect(corrections?.n).toBeGreaterThan(0)
    expect(counted?.n).toBe(disclosure?.n)
  })
})
