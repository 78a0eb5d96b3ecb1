import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { createDb } from '../../../db/client'
import { runScheduled } from '../../../workers/index'
import { apiLogin, browserLogin, call, json } from '../helpers'
import {
  act,
  at,
  caseInCorrection,
  detail,
  errorCode,
  eventCount,
  newCase,
  ok,
  openAndAssign,
  receivedCase,
} from './case-helpers'

/** How many outbox rows of `kind` were written for a case. */
async function remindersOf(caseId: string, kind: string): Promise<number> {
  const row = await env.DB.prepare('SELECT count(*) AS n FROM outbox WHERE kind = ? AND payload LIKE ?')
    .bind(kind, `%${caseId}%`)
    .first<{ n: number }>()
  return row?.n ?? 0
}

describe('statutory clocks through the API', () => {
  it('restarts the reply clock from the day the correction arrives (cases B and J)', async () => {
    const { caseId } = await receivedCase()
    expect((await detail(caseId)).snapshot.clock).toMatchObject({ correctionNoticeDueOn: '2024-10-12' })
    await ok(caseId, 'registrar', 'request-correction', { items: ['请补充文件名称或文号'] }, at('2024-10-09'))
    const waiting = await detail(caseId, 'admin', at('2024-10-10'))
    expect(waiting.state).toBe('awaiting_correction')
    expect(waiting.dueOn).toBeNull()
    await ok(caseId, 'registrar', 'receive-correction', { receivedOn: '2024-10-15' }, at('2024-10-15', 15))
    const restarted = await detail(caseId, 'admin', at('2024-10-16'))
    expect(restarted.state).toBe('received')
    expect(restarted.dueOn).toBe('2024-11-12')
  })

  it('refuses a correction notice after the 7th working day (naming it) and a second one', async () => {
    const { caseId, reference, queryCode } = await newCase(at('2024-09-27', 9))
    await ok(
      caseId,
      'registrar',
      'confirm-receipt',
      { channel: 'online', receivedOn: '2024-09-27' },
      at('2024-09-27', 11),
    )
    const before = await eventCount(caseId)
    const late = await act(caseId, 'registrar', 'request-correction', { items: ['请补充'] }, at('2024-10-14'))
    expect(late.status).toBe(409)
    const body = (await late.json()) as { error: { code: string; message: string } }
    expect(body.error.code).toBe('guard_failed')
    expect(body.error.message).toContain('2024-10-12')
    expect(await eventCount(caseId)).toBe(before)
    // Worked case B: the 7th working day is Sat 2024-10-12 (a make-up working day).
    await ok(caseId, 'registrar', 'request-correction', { items: ['请补充'] }, at('2024-10-12'))
    await ok(caseId, 'registrar', 'receive-correction', { receivedOn: '2024-10-15' }, at('2024-10-15'))
    // Case J: 20 working days from the corrected application.
    expect((await detail(caseId, 'admin', at('2024-10-15', 12))).clock.replyDueOn).toBe('2024-11-12')
    // Both receipt dates are shown, with the new count explained, to the applicant and to staff.
    const tracked = (await (await call(`/api/v1/track?reference=${reference}&code=${queryCode}`)).json()) as {
      receivedOn: string
      correction: { items: string[]; receivedOn: string | null }
    }
    expect(tracked.receivedOn).toBe('2024-09-27')
    expect(tracked.correction).toMatchObject({ items: ['请补充'], receivedOn: '2024-10-15' })
    const staff = await browserLogin('demo-registrar', undefined, Date.now())
    const html = await (await call(`/admin/cases/${caseId}`, { headers: { cookie: staff.cookie } })).text()
    expect(html).toContain('2024-09-27')
    expect(html).toContain('2024-10-15（答复期限自该日起重新计算 20 个工作日')
    const again = await act(
      caseId,
      'registrar',
      'request-correction',
      { items: ['再补充'] },
      at('2024-10-16'),
    )
    expect(again.status).toBe(409)
    expect(await errorCode(again)).toBe('guard_failed')
  })

  it('does not count a third-party consultation (case I)', async () => {
    const { caseId } = await newCase(at('2024-09-27', 9))
    await openAndAssign(caseId, '2024-09-27')
    await ok(
      caseId,
      'handler',
      'consult-third-party',
      { consultee: '某公司', sentOn: '2024-10-09' },
      at('2024-10-09'),
    )
    const paused = await detail(caseId, 'admin', at('2024-10-12'))
    expect(paused.state).toBe('consulting')
    expect(paused.clock.status).toBe('paused')
    await ok(
      caseId,
      'handler',
      'receive-opinion',
      { receivedOn: '2024-10-18', position: 'objects' },
      at('2024-10-18'),
    )
    const resumed = await detail(caseId, 'admin', at('2024-10-21'))
    expect(resumed.state).toBe('in_progress')
    expect(resumed.dueOn).toBe('2024-11-11')
    expect(resumed.clock.excludedSpans).toHaveLength(1)
  })

  it('extends once by 20 working days, approver only, and not twice (case A+ext)', async () => {
    const { caseId } = await newCase(at('2024-09-27', 9))
    await openAndAssign(caseId, '2024-09-27')
    const byHandler = await act(caseId, 'handler', 'extend', { reason: '需要调取档案' }, at('2024-10-28'))
    expect(byHandler.status).toBe(403)
    const noReason = await act(caseId, 'approver', 'extend', {}, at('2024-10-28'))
    expect(noReason.status).toBe(422)
    await ok(caseId, 'approver', 'extend', { reason: '需要调取档案', workingDays: 20 }, at('2024-10-28'))
    const d = await detail(caseId, 'admin', at('2024-10-29'))
    expect(d.dueOn).toBe('2024-11-27')
    expect(d.clock.extended).toBe(true)
    const twice = await act(caseId, 'approver', 'extend', { reason: '再次延期' }, at('2024-10-29'))
    expect(twice.status).toBe(409)
    expect(await errorCode(twice)).toBe('guard_failed')
    const outbox = await env.DB.prepare(
      `SELECT count(*) AS n FROM outbox WHERE kind = 'extended' AND recipient LIKE 'applicant:%'`,
    ).first<{ n: number }>()
    expect(outbox?.n).toBe(1)
  })

  it('refuses an extension after the deadline has passed', async () => {
    const { caseId } = await newCase(at('2024-09-27', 9))
    await openAndAssign(caseId, '2024-09-27')
    const late = await act(caseId, 'approver', 'extend', { reason: '太晚了' }, at('2024-10-31'))
    expect(late.status).toBe(409)
  })

  it('extends after a pause from the paused-adjusted deadline', async () => {
    const { caseId } = await newCase(at('2024-09-27', 9))
    await openAndAssign(caseId, '2024-09-27')
    await ok(
      caseId,
      'handler',
      'consult-third-party',
      { consultee: '某公司', sentOn: '2024-10-09' },
      at('2024-10-09'),
    )
    await ok(
      caseId,
      'handler',
      'receive-opinion',
      { receivedOn: '2024-10-18', position: 'agrees' },
      at('2024-10-18'),
    )
    await ok(caseId, 'approver', 'extend', { reason: '情况复杂' }, at('2024-11-08'))
    // 2024-11-11 + 20 working days.
    expect((await detail(caseId)).dueOn).toBe('2024-12-09')
  })

  it('pauses for a fee notice; when the window ends the cron flags it and the registrar closes it', async () => {
    const { caseId } = await newCase(at('2024-09-27', 9))
    await openAndAssign(caseId, '2024-09-27')
    const wrong = await act(
      caseId,
      'handler',
      'issue-fee-notice',
      { method: 'per_page', count: 250, amountYuan: 100 },
      at('2024-10-08'),
    )
    expect(wrong.status).toBe(409)
    const short = await act(
      caseId,
      'handler',
      'issue-fee-notice',
      { method: 'per_page', count: 250, amountYuan: 4700, paymentWindowWorkingDays: 5 },
      at('2024-10-08'),
    )
    expect(short.status).toBe(409)
    await ok(
      caseId,
      'handler',
      'issue-fee-notice',
      { method: 'per_page', count: 250, amountYuan: 4700 },
      at('2024-10-08'),
    )
    expect((await detail(caseId, 'admin', at('2024-10-09'))).clock.status).toBe('paused')
    // The applicant received the notice on 10-10: 20 working days from then is 11-06.
    await ok(caseId, 'registrar', 'record-fee-notice-receipt', { receivedOn: '2024-10-10' }, at('2024-10-11'))
    expect((await detail(caseId)).snapshot.fee).toMatchObject({ payBy: '2024-11-06', amountYuan: 4700 })
    const early = await runScheduled(env, at('2024-11-06', 23))
    expect(early.sweep!.actions.filter((a) => a.caseId === caseId)).toEqual([])
    const run = await runScheduled(env, at('2024-11-07', 1))
    expect(run.sweep!.actions).toContainEqual({ caseId, action: 'fee-lapsed' })
    // No silent closure: flagged, and the registrar decides.
    const flagged = await detail(caseId, 'registrar')
    expect(flagged.state).toBe('fee_pending')
    expect(flagged.allowedActions).toEqual(expect.arrayContaining(['confirm-lapse', 'grant-more-time']))
    await ok(caseId, 'registrar', 'confirm-lapse', {}, at('2024-11-07', 10))
    const closed = await detail(caseId, 'admin', at('2024-11-07', 11))
    expect(closed.state).toBe('closed')
    expect(closed.outcome).toBe('fee_lapsed')
  })

  it('flags a case whose correction lapsed, via the cron, exactly once; a good reason reopens the window', async () => {
    const { caseId } = await caseInCorrection()
    const first = await runScheduled(env, at('2024-10-16', 1))
    expect(first.sweep!.actions).toContainEqual({ caseId, action: 'correction-lapsed' })
    const events = await eventCount(caseId)
    const outbox = await env.DB.prepare('SELECT count(*) AS n FROM outbox').first<{ n: number }>()
    const second = await runScheduled(env, at('2024-10-16', 2))
    expect(second.sweep!.actions.filter((a) => a.caseId === caseId)).toEqual([])
    expect(await eventCount(caseId)).toBe(events)
    const outboxAfter = await env.DB.prepare('SELECT count(*) AS n FROM outbox').first<{ n: number }>()
    expect(outboxAfter?.n).toBe(outbox?.n)
    // Flagged, reminded, not closed; the registrar records a good reason and a new window.
    const flagged = await detail(caseId, 'registrar')
    expect(flagged.state).toBe('awaiting_correction')
    expect(flagged.outcome).toBeNull()
    const reminder = await env.DB.prepare(
      "SELECT count(*) AS n FROM outbox WHERE kind = 'correction_window_ended' AND payload LIKE '%' || ? || '%'",
    )
      .bind(caseId)
      .first<{ n: number }>()
    expect(reminder?.n).toBe(1)
    await ok(
      caseId,
      'registrar',
      'grant-more-time',
      { reason: '申请人出差，提供了行程证明', workingDays: 5 },
      at('2024-10-16', 10),
    )
    expect((await detail(caseId)).snapshot.correction).toMatchObject({ dueOn: '2024-10-23' })
  })

  it('writes due-soon once per deadline, and overdue reminders once a week until dealt with', async () => {
    const { caseId } = await newCase(at('2024-09-27', 9))
    await openAndAssign(caseId, '2024-09-27')
    await runScheduled(env, at('2024-10-24', 1))
    await runScheduled(env, at('2024-10-24', 2))
    expect(await remindersOf(caseId, 'due_soon')).toBe(1)
    await runScheduled(env, at('2024-10-31', 1))
    await runScheduled(env, at('2024-10-31', 2))
    expect(await remindersOf(caseId, 'overdue')).toBe(2) // the assignee and the approvers
    await runScheduled(env, at('2024-11-05', 1))
    expect(await remindersOf(caseId, 'overdue')).toBe(2) // same week
    await runScheduled(env, at('2024-11-07', 1))
    await runScheduled(env, at('2024-11-07', 2))
    expect(await remindersOf(caseId, 'overdue')).toBe(4) // a week later, once more each
  })

  it('reminds the legal reviewers once the internal review due date has passed', async () => {
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
    // 3 working days: 10-09, 10-10, 10-11 → due 10-11; reminded from 10-12.
    expect((await detail(caseId)).snapshot.reviewDue).toEqual({ legal: '2024-10-11', approval: null })
    await runScheduled(env, at('2024-10-11', 20))
    expect(await remindersOf(caseId, 'legal_review_overdue')).toBe(0)
    await runScheduled(env, at('2024-10-12', 1))
    await runScheduled(env, at('2024-10-12', 2))
    expect(await remindersOf(caseId, 'legal_review_overdue')).toBe(1)
  })

  it('recomputes open deadlines when the calendar changes and records old → new', async () => {
    const { caseId } = await newCase(at('2025-06-03', 9))
    await openAndAssign(caseId, '2025-06-03')
    const before = await detail(caseId)
    expect(before.dueOn).toBe('2025-07-01')
    const admin = (await import('./case-helpers')).token
    const res = await (await import('../helpers')).call('/api/v1/calendar/2025/days/2025-06-20', {
      ...(await import('../helpers')).json(
        { isWorkday: false, name: '临时休假' },
        { token: await admin('operator') },
      ),
      method: 'PUT',
    })
    expect(res.status).toBe(200)
    const after = await detail(caseId)
    expect(after.dueOn).toBe('2025-07-02')
    const event = after.events.at(-1)!
    expect(event.action).toBe('calendar-recomputed')
    expect(event.payload).toMatchObject({ replyDueOn: { from: '2025-07-01', to: '2025-07-02' } })
    expect(String(event.payload.reason)).toContain('2025')
    void createDb
  })
})

describe('receipt confirmation', () => {
  it('flags an online submission not confirmed within 1 working day to the registrars, once', async () => {
    const { caseId } = await newCase(at('2024-09-27', 9))
    // Submitted Fri 09-27; 1 WD later is Sun 09-29 (a 调休 working day); flagged from Mon 09-30.
    await runScheduled(env, at('2024-09-29', 12))
    expect(await remindersOf(caseId, 'receipt_unconfirmed')).toBe(0)
    await runScheduled(env, at('2024-09-30', 9))
    await runScheduled(env, at('2024-09-30', 10))
    expect(await remindersOf(caseId, 'receipt_unconfirmed')).toBe(1)
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
    const token = await apiLogin('demo-operator')
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
