// Public tracking and the applicant's withdrawal: reference + query code only, nothing internal shown, the
// same answer for a wrong code and an unknown reference, and a rate limit per client address.
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { TRACK_RATE } from '../../../workers/services/tracking'
import { call, json } from '../helpers'
import { at, detail, errorCode, eventCount, newCase, ok, openAndAssign, SECRECY } from './case-helpers'

const BASIS = ['《中华人民共和国政府信息公开条例》第三十六条']
const INTERNAL_REASON = '内部草稿理由：科长认为不宜公开XQ17'
const RETURN_REASON = '法制审核退回意见：引用条款有误ZP42'

// Each test uses its own client address so the tracking rate limit of one never trips another.
let ipCounter = 10
function nextIp(): string {
  ipCounter++
  return `203.0.113.${ipCounter}`
}

function track(reference: string, code: string, ip: string, now: number, requestId?: string) {
  const headers: Record<string, string> = { 'cf-connecting-ip': ip, 'x-test-now': String(now) }
  if (requestId) headers['x-request-id'] = requestId
  const qs = new URLSearchParams({ reference, code })
  return call(`/api/v1/track?${qs}`, { headers })
}

function withdraw(body: Record<string, unknown>, ip: string, now: number) {
  return call(
    '/api/v1/track/withdraw',
    json(body, { headers: { 'cf-connecting-ip': ip, 'x-test-now': String(now) } }),
  )
}

/** Through legal review and approval to the state where the reply is ready to send. */
async function approvedCase(outcome: Record<string, unknown>) {
  const c = await newCase(at('2024-09-27', 9))
  await openAndAssign(c.caseId, '2024-09-27')
  await ok(c.caseId, 'handler', 'draft-reply', { outcome, ...SECRECY }, at('2024-10-08', 9))
  await ok(c.caseId, 'handler', 'submit-legal-review', {}, at('2024-10-08', 10))
  await ok(c.caseId, 'legal', 'legal-return', { reason: RETURN_REASON }, at('2024-10-08', 11))
  await ok(c.caseId, 'handler', 'draft-reply', { outcome, ...SECRECY }, at('2024-10-09', 9))
  await ok(c.caseId, 'handler', 'submit-legal-review', { comment: '已按意见修改' }, at('2024-10-09', 10))
  await ok(c.caseId, 'legal', 'legal-approve', { comment: '同意' }, at('2024-10-09', 11))
  await ok(c.caseId, 'approver', 'approve', { comment: '同意签发' }, at('2024-10-09', 14))
  return c
}

describe('withdrawal by the applicant', () => {
  it('closes the case as withdrawn from the tracking API', async () => {
    const c = await newCase(at('2024-09-27', 9))
    await openAndAssign(c.caseId, '2024-09-27')
    const ip = nextIp()
    const res = await withdraw(
      { reference: c.reference, code: c.queryCode, reason: '已通过其他途径获得' },
      ip,
      at('2024-10-08'),
    )
    expect(res.status).toBe(200)
    const status = (await res.json()) as Record<string, unknown>
    expect(status).toMatchObject({ state: 'closed', closed: true, canWithdraw: false })
    expect((status.timeline as { label: string }[]).at(-1)?.label).toBe('申请人已撤回申请')

    const d = await detail(c.caseId)
    expect(d.state).toBe('closed')
    expect(d.outcome).toBe('withdrawn')
    expect(d.events.at(-1)).toMatchObject({ action: 'withdraw', payload: { reason: '已通过其他途径获得' } })
    const row = await env.DB.prepare(
      'SELECT actor_kind, actor_id FROM case_events WHERE case_id = ? AND seq = ?',
    )
      .bind(c.caseId, d.version)
      .first<{ actor_kind: string; actor_id: string | null }>()
    expect(row).toEqual({ actor_kind: 'applicant', actor_id: null })

    // A second withdrawal finds a closed case and writes nothing.
    const events = await eventCount(c.caseId)
    const again = await withdraw({ reference: c.reference, code: c.queryCode }, ip, at('2024-10-09'))
    expect(again.status).toBe(409)
    expect(await errorCode(again)).toBe('case_closed')
    expect(await eventCount(c.caseId)).toBe(events)
  })

  it('works before the agency has even confirmed receipt, and needs the right code', async () => {
    const c = await newCase(at('2024-09-27', 9))
    const ip = nextIp()
    const wrong = await withdraw({ reference: c.reference, code: 'ZZZZZZ' }, ip, at('2024-09-27', 10))
    expect(wrong.status).toBe(404)
    expect(await eventCount(c.caseId)).toBe(1)
    expect((await detail(c.caseId)).state).toBe('submitted')
    // What people type: lower case and spaces are accepted.
    const res = await withdraw(
      { reference: ` ${c.reference.toLowerCase()} `, code: c.queryCode.toLowerCase() },
      ip,
      at('2024-09-27', 11),
    )
    expect(res.status).toBe(200)
    expect((await detail(c.caseId)).outcome).toBe('withdrawn')
  })

  it('is refused once the reply has been sent, writing nothing', async () => {
    const c = await approvedCase({ code: 'disclosed', legalBasis: BASIS, howToObtain: '随答复书邮寄' })
    const ip = nextIp()
    await ok(c.caseId, 'registrar', 'send-reply', { sentOn: '2024-10-10' }, at('2024-10-10'))
    const before = await detail(c.caseId)
    const outbox = await env.DB.prepare('SELECT count(*) AS n FROM outbox').first<{ n: number }>()
    const res = await withdraw({ reference: c.reference, code: c.queryCode }, ip, at('2024-10-11'))
    expect(res.status).toBe(409)
    expect(await errorCode(res)).toBe('not_allowed_in_state')
    const after = await detail(c.caseId)
    expect(after.version).toBe(before.version)
    expect(after.state).toBe('replied')
    expect(after.outcome).toBe('disclosed')
    expect(await env.DB.prepare('SELECT count(*) AS n FROM outbox').first<{ n: number }>()).toEqual(outbox)

    // The public view no longer offers it.
    const status = (await (await track(c.reference, c.queryCode, ip, at('2024-10-11'))).json()) as {
      canWithdraw: boolean
    }
    expect(status.canWithdraw).toBe(false)
  })

  it('rejects unknown fields and an oversize reason with 422', async () => {
    const c = await newCase(at('2024-09-27', 9))
    const ip = nextIp()
    const extra = await withdraw(
      { reference: c.reference, code: c.queryCode, outcome: 'disclosed' },
      ip,
      at('2024-09-28'),
    )
    expect(extra.status).toBe(422)
    const long = await withdraw(
      { reference: c.reference, code: c.queryCode, reason: '长'.repeat(2001) },
      ip,
      at('2024-09-28'),
    )
    expect(long.status).toBe(422)
    expect(await eventCount(c.caseId)).toBe(1)
  })
})

describe('public status lookup', () => {
  it('shows status and timeline but no staff names, ids or internal notes', async () => {
    const c = await approvedCase({
      code: 'withheld_internal_affairs',
      legalBasis: ['《条例》第十六条第一款'],
      reasons: INTERNAL_REASON,
    })
    const ip = nextIp()
    const res = await track(c.reference, c.queryCode, ip, at('2024-10-09', 16))
    expect(res.status).toBe(200)
    const text = await res.text()
    const status = JSON.parse(text) as {
      reference: string
      state: string
      status: string
      receivedOn: string
      dueOn: string
      closed: boolean
      canWithdraw: boolean
      timeline: { at: string; date: string; label: string }[]
    }
    expect(status).toMatchObject({
      reference: c.reference,
      state: 'approved',
      status: '办理中',
      receivedOn: '2024-09-27',
      dueOn: '2024-10-30',
      closed: false,
      canWithdraw: true,
    })
    // Only public milestones: internal steps (assignment, drafts, reviews, approval) are not listed.
    expect(status.timeline.map((e) => e.label)).toEqual(['已提交申请', '机关已确认收到申请', '已受理'])
    for (const e of status.timeline) expect(Object.keys(e).sort()).toEqual(['at', 'date', 'label'])
    for (const secret of [
      'user-demo',
      'demo-',
      '演示',
      INTERNAL_REASON,
      RETURN_REASON,
      '同意签发',
      'withheld_internal_affairs',
      '第十六条',
      '张三',
      '13800138000',
      c.caseId,
      c.submissionId,
    ]) {
      expect(text).not.toContain(secret)
    }

    // The HTML page shows the same, and nothing more.
    const page = await call('/track', {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'cf-connecting-ip': ip,
        'x-test-now': String(at('2024-10-09', 16)),
      },
      body: new URLSearchParams({ reference: c.reference, code: c.queryCode }).toString(),
    })
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain(c.reference)
    expect(html).toContain('机关已确认收到申请')
    for (const secret of ['user-demo', 'demo-handler', '承办人（演示）', INTERNAL_REASON, RETURN_REASON]) {
      expect(html).not.toContain(secret)
    }
  })

  it('answers a wrong code and an unknown reference with byte-identical bodies', async () => {
    const c = await newCase(at('2024-09-27', 9))
    const ip = nextIp()
    const now = at('2024-09-28')
    const otherCode = c.queryCode === 'ABCDEF' ? 'ABCDEG' : 'ABCDEF'
    const unknownRef = c.reference.endsWith('2222')
      ? `${c.reference.slice(0, -4)}3333`
      : `${c.reference.slice(0, -4)}2222`
    const responses = await Promise.all([
      track(c.reference, otherCode, ip, now, 'req-same-0001'),
      track(unknownRef, c.queryCode, ip, now, 'req-same-0001'),
      track(unknownRef, otherCode, ip, now, 'req-same-0001'),
      track('not-a-reference', 'x', ip, now, 'req-same-0001'),
    ])
    const bodies = await Promise.all(responses.map((r) => r.text()))
    expect(responses.map((r) => r.status)).toEqual([404, 404, 404, 404])
    expect(new Set(bodies).size).toBe(1)
    expect(JSON.parse(bodies[0]!)).toMatchObject({ error: { code: 'not_found', requestId: 'req-same-0001' } })
    expect(new Set(responses.map((r) => r.headers.get('content-type'))).size).toBe(1)
    // The right pair still works.
    expect((await track(c.reference, c.queryCode, ip, now)).status).toBe(200)
  })

  it(`answers 429 after ${TRACK_RATE.limit} lookups from one address in a window`, async () => {
    const c = await newCase(at('2024-09-27', 9))
    const ip = nextIp()
    // A fixed window: pin every request inside one.
    const windowStart = at('2024-10-10') - (at('2024-10-10') % TRACK_RATE.windowMs)
    const now = windowStart + 1_000
    for (let i = 0; i < TRACK_RATE.limit; i++) {
      // Failed guesses count too: that is what the limit is for.
      const res =
        i % 2 === 0
          ? await track(c.reference, c.queryCode, ip, now)
          : await track(c.reference, 'ZZZZZZ', ip, now)
      expect(res.status).toBe(i % 2 === 0 ? 200 : 404)
    }
    const limited = await track(c.reference, c.queryCode, ip, now + 60_000)
    expect(limited.status).toBe(429)
    expect(await errorCode(limited)).toBe('rate_limited')
    // Withdrawal goes through the same limit, and writes nothing when limited.
    const w = await withdraw({ reference: c.reference, code: c.queryCode }, ip, now + 60_000)
    expect(w.status).toBe(429)
    expect(await eventCount(c.caseId)).toBe(1)
    // Another address is not affected, and the next window starts afresh.
    expect((await track(c.reference, c.queryCode, nextIp(), now)).status).toBe(200)
    expect((await track(c.reference, c.queryCode, ip, windowStart + TRACK_RATE.windowMs)).status).toBe(200)
  })

  it('rejects malformed lookup queries with 422', async () => {
    const ip = nextIp()
    const missing = await call('/api/v1/track?reference=2024-AAAA-BBBB', {
      headers: { 'cf-connecting-ip': ip },
    })
    expect(missing.status).toBe(422)
    expect(await errorCode(missing)).toBe('validation_failed')
    const extra = await call('/api/v1/track?reference=2024-AAAA-BBBB&code=AAAAAA&debug=1', {
      headers: { 'cf-connecting-ip': ip },
    })
    expect(extra.status).toBe(422)
  })
})
