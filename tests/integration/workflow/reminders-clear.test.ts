// Reminders that have been dealt with clear themselves (issue 10, item 6), and the Art. 41 workflow's reminders
// toward the agency's own target (never called statutory).
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { runScheduled } from '../../../workers/index'
import { bearer, call, json } from '../helpers'
import { at, caseInCorrection, newCase, ok, openAndAssign, token, type Who } from './case-helpers'

const PDF = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x34, 0x0a])

async function inbox(who: Who): Promise<{ subject: string; body: string; caseId: string | null }[]> {
  const res = await call('/api/v1/notifications', bearer(await token(who)))
  expect(res.status).toBe(200)
  return ((await res.json()) as { items: { subject: string; body: string; caseId: string | null }[] }).items
}

async function subjectsAbout(who: Who, caseId: string): Promise<string[]> {
  return (await inbox(who)).filter((i) => i.caseId === caseId).map((i) => i.subject)
}

async function resolvedKinds(caseId: string): Promise<string[]> {
  const rows = await env.DB.prepare(
    "SELECT kind FROM outbox WHERE channel = 'staff' AND resolved_at IS NOT NULL AND json_extract(payload, '$.caseId') = ? ORDER BY kind",
  )
    .bind(caseId)
    .all<{ kind: string }>()
  return rows.results.map((r) => r.kind)
}

describe('reminders that have been dealt with clear themselves', () => {
  it('clears the legal review reminders once the reply is approved, and keeps the sign-off one', async () => {
    const { caseId } = await newCase(at('2024-09-27', 9))
    await openAndAssign(caseId, '2024-09-27')
    await ok(
      caseId,
      'handler',
      'draft-reply',
      {
        outcome: { code: 'not_exist', legalBasis: ['《条例》第三十六条第（四）项'], reasons: '经检索未找到' },
      },
      at('2024-10-08'),
    )
    await ok(caseId, 'handler', 'submit-legal-review', {}, at('2024-10-08', 11))
    await runScheduled(env, at('2024-10-12', 1))
    const before = await subjectsAbout('legal', caseId)
    expect(before.some((s) => s.startsWith('法制审核已超过内部期限'))).toBe(true)
    expect(before.some((s) => s.startsWith('待法制审核'))).toBe(true)

    await ok(caseId, 'legal', 'legal-approve', {}, at('2024-10-14', 10))
    expect(await subjectsAbout('legal', caseId)).toEqual([])
    expect(await resolvedKinds(caseId)).toEqual(['legal_review_overdue', 'legal_review_requested'])
    // The next step's reminder is not dealt with yet.
    expect((await subjectsAbout('approver', caseId)).some((s) => s.startsWith('待签发'))).toBe(true)
  })

  it('clears the "window ended" reminder once the registrar has decided', async () => {
    const { caseId } = await caseInCorrection()
    await runScheduled(env, at('2024-10-16', 1))
    expect((await subjectsAbout('registrar', caseId)).some((s) => s.startsWith('补正期限已满'))).toBe(true)
    await ok(
      caseId,
      'registrar',
      'grant-more-time',
      { reason: '申请人住院，提供了证明', workingDays: 5 },
      at('2024-10-16', 10),
    )
    expect((await subjectsAbout('registrar', caseId)).some((s) => s.startsWith('补正期限已满'))).toBe(false)
    expect(await resolvedKinds(caseId)).toContain('correction_window_ended')
  })
})

describe('Art. 41 requests: reminders toward the agency’s own target', () => {
  it('sets a timer, reminds before and after the target as the agency’s target, and clears once decided', async () => {
    const upload = new FormData()
    upload.append('file', new File([PDF], '房产证.pdf', { type: 'application/pdf' }))
    const stored = await call('/api/v1/agencies/demo/forms/record-correction/attachments', {
      method: 'POST',
      body: upload,
      headers: { 'x-test-now': String(at('2025-09-26')) },
    })
    expect(stored.status).toBe(201)
    const evidence = ((await stored.json()) as { id: string }).id
    const res = await call(
      '/api/v1/agencies/demo/intake',
      json(
        {
          form: 'record-correction',
          channel: 'in_person',
          receivedOn: '2025-09-26',
          data: {
            applicantType: 'natural_person',
            name: '王五',
            idDocument: { type: 'resident_id', number: '11010519491231002X' },
            recordDescription: '本人房屋面积记录',
            inaccuracy: '记录为 80 平方米，实为 98 平方米',
            attachments: [evidence],
            phone: '13800138000',
            declaration: true,
          },
        },
        { token: await token('registrar'), headers: { 'x-test-now': String(at('2025-09-26')) } },
      ),
    )
    expect(res.status, await res.clone().text()).toBe(201)
    const { caseId } = (await res.json()) as { caseId: string }
    // Target: 20 WD from Fri 2025-09-26 → Thu 2025-10-30; "due soon" (5 WD left) from Thu 10-23.
    const row = await env.DB.prepare('SELECT due_on, next_timer_on FROM cases WHERE id = ?')
      .bind(caseId)
      .first<{ due_on: string; next_timer_on: string | null }>()
    expect(row).toEqual({ due_on: '2025-10-30', next_timer_on: '2025-10-23' })
    await runScheduled(env, at('2025-10-23', 1))
    await runScheduled(env, at('2025-10-31', 1))
    const kinds = await env.DB.prepare(
      "SELECT DISTINCT kind FROM outbox WHERE channel = 'staff' AND json_extract(payload, '$.caseId') = ? ORDER BY kind",
    )
      .bind(caseId)
      .all<{ kind: string }>()
    expect(kinds.results.map((k) => k.kind)).toEqual(['target_due_soon', 'target_overdue'])
    const seen = (await inbox('registrar')).filter((i) => i.caseId === caseId)
    const overdue = seen.find((i) => i.subject.startsWith('已过办理目标日期'))
    expect(overdue?.body).toContain('2025-10-30（本机关自定，非法定期限）已过')
    const bodies = await env.DB.prepare(
      "SELECT count(*) AS n FROM outbox WHERE kind IN ('due_soon', 'overdue') AND json_extract(payload, '$.caseId') = ?",
    )
      .bind(caseId)
      .first<{ n: number }>()
    expect(bodies?.n).toBe(0)
    await ok(caseId, 'handler', 'start-review', {}, at('2025-11-03'))
    await ok(caseId, 'handler', 'refuse-record', { reasons: '记录与登记原始资料一致' }, at('2025-11-03', 11))
    expect(await subjectsAbout('registrar', caseId)).toEqual([])
    expect(await resolvedKinds(caseId)).toEqual(['target_due_soon', 'target_overdue'])
  })
})
