// Staff intake (Art. 29, 31): a registrar registers an application received on paper, by fax or e-mail, or orally;
// the case opens received on the channel's day of receipt, counts its deadline from it, and records who entered it.
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { call, countRows, json } from '../helpers'
import { at, detail, token } from '../workflow/case-helpers'

const PERSON = {
  applicantType: 'natural_person',
  name: '李四',
  idDocument: { type: 'resident_id', number: '11010519491231002X' },
  informationDescription: '示范县2024年国有土地使用权出让收支情况',
  carrier: 'paper',
  deliveryMethod: 'collect',
  phone: '13800138000',
  declaration: true,
}

async function intake(
  body: Record<string, unknown>,
  now: number,
  who: 'registrar' | 'handler' = 'registrar',
  headers: Record<string, string> = {},
) {
  return call(
    '/api/v1/agencies/demo/intake',
    json(body, { token: await token(who), headers: { 'x-test-now': String(now), ...headers } }),
  )
}

describe('POST /api/v1/agencies/{agency}/intake', () => {
  it('registers a posted application on the day it was signed for, two days before it was keyed in', async () => {
    // Case M of DOMAIN.md: signed for Sat 2024-09-28, keyed in Mon 2024-09-30 → due Wed 2024-10-30.
    const res = await intake(
      { form: 'disclosure', channel: 'post', receivedOn: '2024-09-28', data: PERSON },
      at('2024-09-30'),
    )
    expect(res.status).toBe(201)
    const body = (await res.json()) as { caseId: string; reference: string; queryCode: string }
    expect(body.reference).toMatch(/^\S+$/)
    expect(body.queryCode).toMatch(/^\S+$/)
    const c = await detail(body.caseId, 'registrar', at('2024-09-30'))
    expect(c.state).toBe('received')
    expect(c.receivedOn).toBe('2024-09-28')
    expect(c.dueOn).toBe('2024-10-30')
    expect(c.clock.replyDueOn).toBe('2024-10-30')
    // No confirmation step: receipt is already recorded, so confirm-receipt is not offered.
    expect(c.allowedActions).not.toContain('confirm-receipt')
    const first = c.events[0]!
    expect(first.action).toBe('staff-intake')
    expect(first.payload).toMatchObject({ channel: 'registered_post', receivedOn: '2024-09-28' })
    const registrar = await env.DB.prepare("SELECT id FROM users WHERE username = 'demo-registrar'").first<{
      id: string
    }>()
    const event = await env.DB.prepare(
      'SELECT actor_kind, actor_id FROM case_events WHERE case_id = ? AND seq = 1',
    )
      .bind(body.caseId)
      .first<{ actor_kind: string; actor_id: string }>()
    expect(event).toEqual({ actor_kind: 'staff', actor_id: registrar!.id })
    const sub = await env.DB.prepare(
      'SELECT s.channel, s.entered_by FROM submissions s JOIN cases c ON c.submission_id = s.id WHERE c.id = ?',
    )
      .bind(body.caseId)
      .first<{ channel: string; entered_by: string }>()
    expect(sub).toEqual({ channel: 'registered_post', entered_by: registrar!.id })
  })

  it('counts an oral application from the day it was made, and the applicant can track it', async () => {
    const res = await intake(
      { form: 'disclosure', channel: 'oral', receivedOn: '2025-09-26', data: PERSON },
      at('2025-09-26', 15),
    )
    expect(res.status).toBe(201)
    const body = (await res.json()) as { caseId: string; reference: string; queryCode: string }
    // Case C: received Fri 2025-09-26 → Thu 2025-10-30.
    expect((await detail(body.caseId, 'registrar', at('2025-09-26', 15))).dueOn).toBe('2025-10-30')
    const tracked = await call(`/api/v1/track?reference=${body.reference}&code=${body.queryCode}`, {
      headers: { 'x-test-now': String(at('2025-09-27')) },
    })
    expect(tracked.status).toBe(200)
    const status = (await tracked.json()) as { state: string; dueOn: string; timeline: { label: string }[] }
    expect(status.state).toBe('received')
    expect(status.dueOn).toBe('2025-10-30')
    expect(status.timeline.map((e) => e.label)).toContain('机关已登记收到申请')
  })

  it('refuses a receipt date in the future with the channel rule in the message, writing nothing', async () => {
    const before = [await countRows('submissions'), await countRows('cases'), await countRows('case_events')]
    const res = await intake(
      { form: 'disclosure', channel: 'in_person', receivedOn: '2026-03-03', data: PERSON },
      at('2026-03-02'),
    )
    expect(res.status).toBe(422)
    const err = (await res.json()) as {
      error: { code: string; issues: { path: string; code: string; message: string }[] }
    }
    expect(err.error.code).toBe('validation_failed')
    expect(err.error.issues[0]).toMatchObject({ path: 'receivedOn', code: 'receipt_date' })
    expect(err.error.issues[0]!.message).toContain('不能晚于今天（2026-03-02）')
    expect(err.error.issues[0]!.message).toContain('当面提交的，以提交之日为收到申请之日')
    expect([
      await countRows('submissions'),
      await countRows('cases'),
      await countRows('case_events'),
    ]).toEqual(before)
  })

  it('refuses invalid answers with field issues, an unknown channel, and a handler (403), writing nothing', async () => {
    const before = await countRows('submissions')
    const bad = await intake(
      { form: 'disclosure', channel: 'fax', receivedOn: '2026-03-02', data: { ...PERSON, phone: '12' } },
      at('2026-03-02'),
    )
    expect(bad.status).toBe(422)
    const issues = ((await bad.json()) as { error: { issues: { path: string }[] } }).error.issues
    expect(issues.map((i) => i.path)).toContain('data.phone')
    const channel = await intake(
      { form: 'disclosure', channel: 'pigeon', receivedOn: '2026-03-02', data: PERSON },
      at('2026-03-02'),
    )
    expect(channel.status).toBe(422)
    const handler = await intake(
      { form: 'disclosure', channel: 'fax', receivedOn: '2026-03-02', data: PERSON },
      at('2026-03-02'),
      'handler',
    )
    expect(handler.status).toBe(403)
    const unknownForm = await intake(
      { form: 'nope', channel: 'fax', receivedOn: '2026-03-02', data: PERSON },
      at('2026-03-02'),
    )
    expect(unknownForm.status).toBe(404)
    expect(await countRows('submissions')).toBe(before)
  })

  it('is not subject to the public per-address limit and replays an Idempotency-Key', async () => {
    // The public limit is 10 submissions per address per hour; a registrar's desk registers more.
    for (let i = 0; i < 11; i++) {
      const res = await intake(
        {
          form: 'disclosure',
          channel: 'in_person',
          receivedOn: '2026-03-02',
          data: { ...PERSON, informationDescription: `第${i}件` },
        },
        at('2026-03-02', 11),
      )
      expect(res.status).toBe(201)
    }
    const key = { 'idempotency-key': 'desk-2026-03-02-0001' }
    const body = { form: 'disclosure', channel: 'email', receivedOn: '2026-03-02', data: PERSON }
    const first = await intake(body, at('2026-03-02', 12), 'registrar', key)
    const again = await intake(body, at('2026-03-02', 12), 'registrar', key)
    expect(first.status).toBe(201)
    expect(again.status).toBe(200)
    expect(((await again.json()) as { reference: string }).reference).toBe(
      ((await first.json()) as { reference: string }).reference,
    )
  })

  it('registers an Art. 41 correction request due on the agency target, labelled as such', async () => {
    const upload = new FormData()
    upload.append(
      'file',
      new File([new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x34, 0x0a])], 'evidence.pdf', {
        type: 'application/pdf',
      }),
    )
    const stored = await call('/api/v1/agencies/demo/forms/record-correction/attachments', {
      method: 'POST',
      body: upload,
      headers: { 'x-test-now': String(at('2026-02-11')) },
    })
    expect(stored.status).toBe(201)
    const evidence = ((await stored.json()) as { id: string }).id
    const res = await intake(
      {
        form: 'record-correction',
        channel: 'in_person',
        receivedOn: '2026-02-11',
        data: {
          applicantType: 'natural_person',
          name: '王五',
          idDocument: { type: 'resident_id', number: '11010519491231002X' },
          recordDescription: '示范县不动产登记信息中本人房屋面积记录',
          inaccuracy: '记录为 80 平方米，实为 98 平方米',
          attachments: [evidence],
          phone: '13800138000',
          declaration: true,
        },
      },
      at('2026-02-11'),
    )
    expect(res.status).toBe(201)
    const { caseId } = (await res.json()) as { caseId: string }
    const c = (await detail(caseId, 'registrar', at('2026-02-11'))) as Awaited<ReturnType<typeof detail>> & {
      workflow: { id: string }
      deadline: { kind: string; label: string }
    }
    expect(c.workflow.id).toBe('record-correction')
    // Case H's dates: 20 working days from Wed 2026-02-11 → Tue 2026-03-17, as the agency's own target.
    expect(c.dueOn).toBe('2026-03-17')
    expect(c.deadline.kind).toBe('agency_target')
    expect(c.deadline.label).toContain('非法定期限')
  })
})
