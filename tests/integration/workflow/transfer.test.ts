// 转办: a registrar moves a request to another agency of the deployment. The old case ends as "transferred",
// the receiving agency gets its own case on the same submission, and each agency sees only its own case.
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { apiLogin, bearer, call, json } from '../helpers'
import { casesOfSubmission, foreignStaffToken, getCase, postAction } from './agency-staff'
import { act, at, detail, errorCode, eventCount, newCase, ok, token } from './case-helpers'

const NRB = { toAgencyId: 'agency-demo-nrb', toAgencyName: '示范县自然资源局' }
const REASON = '所申请信息由县自然资源局制作和保存'

async function received(date: string) {
  const c = await newCase(at(date, 9))
  await ok(c.caseId, 'registrar', 'confirm-receipt', { channel: 'online', receivedOn: date }, at(date, 11))
  return c
}

const PNG = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
])

async function upload(): Promise<string> {
  const form = new FormData()
  form.append('file', new File([PNG], 'id.png', { type: 'image/png' }))
  const res = await call('/api/v1/agencies/demo/forms/disclosure/attachments', { method: 'POST', body: form })
  return ((await res.json()) as { id: string }).id
}

async function outboxCount(): Promise<number> {
  return (await env.DB.prepare('SELECT count(*) AS n FROM outbox').first<{ n: number }>())?.n ?? 0
}

describe('transfer to another agency (转办)', () => {
  it('closes the old case as transferred and opens a new one at the receiving agency', async () => {
    const c = await received('2024-09-27')
    expect((await detail(c.caseId)).dueOn).toBe('2024-10-30')

    const res = await act(c.caseId, 'registrar', 'transfer', { ...NRB, reason: REASON }, at('2024-10-08'))
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ id: c.caseId, state: 'transferred' })

    const old = await detail(c.caseId)
    expect(old.state).toBe('transferred')
    expect(old.allowedActions).not.toContain('transfer')
    expect(old.events.at(-1)).toMatchObject({ action: 'transfer', payload: { ...NRB, reason: REASON } })

    const rows = await casesOfSubmission(c.submissionId)
    expect(rows).toHaveLength(2)
    const [oldRow, newRow] = rows
    expect(oldRow).toMatchObject({ id: c.caseId, agency_id: 'agency-demo', state: 'transferred' })
    expect(oldRow!.closed_at).not.toBeNull()
    expect(newRow).toMatchObject({
      agency_id: 'agency-demo-nrb',
      state: 'submitted',
      version: 1,
      received_on: null,
      due_on: null,
      closed_at: null,
    })
    // Opened like every other case: its first event, in the receiving agency's own chain.
    const first = await env.DB.prepare(
      'SELECT seq, chain_seq, action, actor_kind, actor_id, to_state, payload FROM case_events WHERE case_id = ?',
    )
      .bind(newRow!.id)
      .all<{ seq: number; action: string; actor_id: string; to_state: string; payload: string }>()
    expect(first.results).toMatchObject([
      { seq: 1, action: 'transferred-in', actor_id: 'user-demo-registrar', to_state: 'submitted' },
    ])
    expect(JSON.parse(first.results[0]!.payload)).toEqual({
      fromAgencyId: 'agency-demo',
      fromCaseId: c.caseId,
      reason: REASON,
    })

    // The old case is final: nothing more happens to it, whoever asks.
    const again = await act(c.caseId, 'registrar', 'accept', {}, at('2024-10-09'))
    expect(again.status).toBe(409)
    expect(await errorCode(again)).toBe('case_closed')

    // The applicant is told, and the hand-off is published for integrators.
    const notices = await env.DB.prepare(
      `SELECT kind, recipient FROM outbox WHERE payload LIKE ? AND kind IN ('transferred', 'case.transferred')`,
    )
      .bind(`%${c.caseId}%`)
      .all<{ kind: string; recipient: string }>()
    expect(notices.results.map((r) => r.kind).sort()).toEqual(['case.transferred', 'transferred'])
  })

  it("starts the receiving agency's clock only on its own confirmation of receipt", async () => {
    const c = await received('2024-09-27')
    await ok(c.caseId, 'registrar', 'transfer', { ...NRB, reason: REASON }, at('2024-10-08'))
    const newId = (await casesOfSubmission(c.submissionId))[1]!.id
    const nrb = await foreignStaffToken('agency-demo-nrb', 'registrar', 'nrb-registrar-clock')

    const before = await getCase(newId, nrb, at('2024-10-08', 15))
    expect(before.status).toBe(200)
    const fresh = (await before.json()) as {
      state: string
      version: number
      receivedOn: string | null
      dueOn: string | null
      clock: { replyDueOn: string | null }
      allowedActions: string[]
    }
    expect(fresh).toMatchObject({ state: 'submitted', version: 1, receivedOn: null, dueOn: null })
    expect(fresh.clock.replyDueOn).toBeNull()
    expect(fresh.allowedActions).toContain('confirm-receipt')

    const confirm = await postAction(
      newId,
      nrb,
      'confirm-receipt',
      { version: 1, channel: 'online', receivedOn: '2024-10-09' },
      at('2024-10-09', 11),
    )
    expect(confirm.status).toBe(200)
    expect(await confirm.json()).toMatchObject({ state: 'received', version: 2 })
    const after = (await (await getCase(newId, nrb, at('2024-10-09', 12))).json()) as {
      receivedOn: string
      dueOn: string
      events: { seq: number; action: string; actorId: string }[]
    }
    // 20 working days from 2024-10-09 (Saturday 10-12 is a working day), not the old agency's 2024-10-30.
    expect(after.receivedOn).toBe('2024-10-09')
    expect(after.dueOn).toBe('2024-11-05')
    expect(after.events).toMatchObject([
      { seq: 1, action: 'transferred-in', actorId: 'user-demo-registrar' },
      { seq: 2, action: 'confirm-receipt', actorId: 'user-nrb-registrar-clock' },
    ])
    // The old case keeps its own dates and is not touched by the new agency's work.
    const old = await detail(c.caseId)
    expect(old.state).toBe('transferred')
    expect(old.receivedOn).toBe('2024-09-27')

    // The applicant's tracking follows the request to the receiving agency.
    const track = await call(`/api/v1/track?reference=${c.reference}&code=${c.queryCode}`, {
      headers: { 'x-test-now': String(at('2024-10-09', 13)), 'cf-connecting-ip': '198.51.100.31' },
    })
    expect(track.status).toBe(200)
    const status = (await track.json()) as { state: string; dueOn: string; timeline: { label: string }[] }
    expect(status.state).toBe('received')
    expect(status.dueOn).toBe('2024-11-05')
    expect(status.timeline.map((e) => e.label)).toContain('已转由其他机关办理')
  })

  it('keeps each agency to its own case', async () => {
    const c = await received('2024-09-27')
    await ok(c.caseId, 'registrar', 'transfer', { ...NRB, reason: REASON }, at('2024-10-08'))
    const newId = (await casesOfSubmission(c.submissionId))[1]!.id
    const nrb = await foreignStaffToken('agency-demo-nrb', 'admin', 'nrb-admin-scope')

    // Demo staff (any role, even admin) cannot read or act on the receiving agency's case.
    for (const who of ['registrar', 'admin'] as const) {
      const res = await getCase(newId, await token(who))
      expect(res.status).toBe(404)
      expect(await errorCode(res)).toBe('not_found')
    }
    const foreignAct = await postAction(
      newId,
      await token('registrar'),
      'confirm-receipt',
      { version: 1, channel: 'online', receivedOn: '2024-10-09' },
      at('2024-10-09'),
    )
    expect(foreignAct.status).toBe(404)
    expect((await casesOfSubmission(c.submissionId))[1]).toMatchObject({ state: 'submitted', version: 1 })

    // The receiving agency cannot read the old case either.
    const oldForNrb = await getCase(c.caseId, nrb)
    expect(oldForNrb.status).toBe(404)
    const oldActForNrb = await postAction(c.caseId, nrb, 'record-remedy', { version: 3 }, at('2024-10-09'))
    expect(oldActForNrb.status).toBe(404)

    // Lists are scoped the same way.
    const listIds = async (tok: string) => {
      const res = await call('/api/v1/cases?limit=100', { headers: { authorization: `Bearer ${tok}` } })
      expect(res.status).toBe(200)
      return ((await res.json()) as { items: { id: string }[] }).items.map((i) => i.id)
    }
    const demoList = await listIds(await token('admin'))
    expect(demoList).toContain(c.caseId)
    expect(demoList).not.toContain(newId)
    const nrbList = await listIds(nrb)
    expect(nrbList).toContain(newId)
    expect(nrbList).not.toContain(c.caseId)
  })

  it.each([
    ['an unknown agency', { toAgencyId: 'agency-nowhere', toAgencyName: '不存在的局' }, 'toAgencyId'],
    ['its own agency', { toAgencyId: 'agency-demo', toAgencyName: '示范县人民政府' }, 'toAgencyId'],
    [
      'a name that does not match',
      { toAgencyId: 'agency-demo-nrb', toAgencyName: '示范县教育局' },
      'toAgencyName',
    ],
    ['no target at all', {}, 'toAgencyId'],
  ])('refuses a transfer to %s with 422 and writes nothing', async (_label, target, path) => {
    const c = await received('2024-09-27')
    const version = (await detail(c.caseId)).version
    const events = await eventCount(c.caseId)
    const outbox = await outboxCount()
    const res = await act(c.caseId, 'registrar', 'transfer', { ...target, reason: REASON }, at('2024-10-08'))
    expect(res.status).toBe(422)
    const body = (await res.json()) as { error: { code: string; issues: { path: string }[] } }
    expect(body.error.code).toBe('validation_failed')
    expect(body.error.issues.map((i) => i.path)).toContain(path)
    expect(await eventCount(c.caseId)).toBe(events)
    expect(await outboxCount()).toBe(outbox)
    expect(await casesOfSubmission(c.submissionId)).toHaveLength(1)
    const d = await detail(c.caseId)
    expect(d.version).toBe(version)
    expect(d.state).toBe('received')
  })

  it('lets only a registrar or admin transfer, and only before the case is being replied to', async () => {
    const c = await received('2024-09-27')
    const events = await eventCount(c.caseId)
    const byHandler = await act(c.caseId, 'handler', 'transfer', { ...NRB, reason: REASON }, at('2024-10-08'))
    expect(byHandler.status).toBe(403)
    expect(await errorCode(byHandler)).toBe('forbidden')
    expect(await eventCount(c.caseId)).toBe(events)
    expect(await casesOfSubmission(c.submissionId)).toHaveLength(1)

    // A closed case cannot be transferred: the receiving case must not appear either.
    await ok(c.caseId, 'registrar', 'withdraw', { reason: '申请人电话撤回' }, at('2024-10-08'))
    const closedEvents = await eventCount(c.caseId)
    const late = await act(c.caseId, 'registrar', 'transfer', { ...NRB, reason: REASON }, at('2024-10-09'))
    expect(late.status).toBe(409)
    expect(await errorCode(late)).toBe('case_closed')
    expect(await eventCount(c.caseId)).toBe(closedEvents)
    expect(await casesOfSubmission(c.submissionId)).toHaveLength(1)
  })

  it('refuses to transfer a request back to an agency that already handled it, writing nothing', async () => {
    const c = await received('2024-09-27')
    await ok(c.caseId, 'registrar', 'transfer', { ...NRB, reason: REASON }, at('2024-10-08'))
    const newId = (await casesOfSubmission(c.submissionId))[1]!.id
    const nrb = await foreignStaffToken('agency-demo-nrb', 'registrar', 'nrb-registrar-back')
    // The receiving agency registers the request before it can reply by transferring it on.
    const registered = await postAction(
      newId,
      nrb,
      'confirm-receipt',
      { version: 1, channel: 'online', receivedOn: '2024-10-09' },
      at('2024-10-09'),
    )
    expect(registered.status).toBe(200)
    const back = await postAction(
      newId,
      nrb,
      'transfer',
      { version: 2, toAgencyId: 'agency-demo', toAgencyName: '示范县人民政府', reason: '应由县政府办理' },
      at('2024-10-09'),
    )
    expect(back.status).toBe(422)
    const body = (await back.json()) as { error: { code: string; issues: { path: string }[] } }
    expect(body.error.code).toBe('validation_failed')
    expect(body.error.issues.map((i) => i.path)).toEqual(['toAgencyId'])
    const rows = await casesOfSubmission(c.submissionId)
    expect(rows.map((r) => [r.agency_id, r.state, r.version])).toEqual([
      ['agency-demo', 'transferred', 3],
      ['agency-demo-nrb', 'received', 2],
    ])
    expect(await eventCount(newId)).toBe(2)
  })
})

describe('the audit chains after a transfer', () => {
  it('verify for both agencies: the sender ends its case, the receiver opens its own, in one batch', async () => {
    const c = await received('2024-09-27')
    await ok(c.caseId, 'registrar', 'transfer', { ...NRB, reason: REASON }, at('2024-10-08'))
    const newId = (await casesOfSubmission(c.submissionId))[1]!.id
    const chainOf = async (agencyId: string, caseId: string) =>
      (
        await env.DB.prepare('SELECT chain_seq, hash FROM case_events WHERE agency_id = ? AND case_id = ?')
          .bind(agencyId, caseId)
          .all<{ chain_seq: number; hash: string }>()
      ).results
    expect(await chainOf('agency-demo-nrb', newId)).toHaveLength(1)
    expect(await chainOf('agency-demo', newId)).toHaveLength(0)
    const demo = await call('/api/v1/audit/verify?agency=agency-demo', {
      headers: { authorization: `Bearer ${await token('auditor')}` },
    })
    expect(await demo.json()).toMatchObject({ ok: true, firstProblem: null })
    const nrbAuditor = await foreignStaffToken('agency-demo-nrb', 'auditor', 'nrb-auditor-transfer')
    const nrb = await call('/api/v1/audit/verify?agency=agency-demo-nrb', {
      headers: { authorization: `Bearer ${nrbAuditor}` },
    })
    const result = (await nrb.json()) as { ok: boolean; eventsChecked: number }
    expect(result.ok).toBe(true)
    expect(result.eventsChecked).toBeGreaterThanOrEqual(1)
  })
})

describe('the receiving agency after a transfer', () => {
  it('is flagged for confirmation 1 working day after the transfer arrives, not after the first submission', async () => {
    const { runScheduled } = await import('../../../workers/index')
    const c = await received('2024-09-23')
    await ok(c.caseId, 'registrar', 'transfer', { ...NRB, reason: REASON }, at('2024-09-27', 10))
    const [, moved] = await casesOfSubmission(c.submissionId)
    const row = await env.DB.prepare('SELECT next_timer_on FROM cases WHERE id = ?')
      .bind(moved!.id)
      .first<{ next_timer_on: string }>()
    // Transferred Fri 09-27; 1 WD later is Sun 09-29 (调休 working day); flagged from Mon 09-30.
    expect(row?.next_timer_on).toBe('2024-09-30')
    await runScheduled(env, at('2024-09-30', 9))
    const flagged = await env.DB.prepare(
      `SELECT recipient FROM outbox WHERE kind = 'receipt_unconfirmed' AND payload LIKE ?`,
    )
      .bind(`%${moved!.id}%`)
      .all<{ recipient: string }>()
    expect(flagged.results.map((r) => r.recipient)).toEqual(['role:agency-demo-nrb:registrar'])
  })

  it('hands the uploads and the applicant over with the request', async () => {
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
    // A transfer is the sender's reply (v2): it registers the request first.
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)
    await ok(row!.id, 'registrar', 'confirm-receipt', { channel: 'online', receivedOn: today }, Date.now())
    await ok(row!.id, 'registrar', 'transfer', { ...NRB, reason: REASON }, Date.now())
    const nrb = await foreignStaffToken('agency-demo-nrb', 'registrar', 'nrb-reg-review')
    expect((await call(`/api/v1/attachments/${id}`, bearer(nrb))).status).toBe(200)
    const demo = await apiLogin('demo-registrar')
    expect((await call(`/api/v1/attachments/${id}`, bearer(demo))).status).toBe(404)
    const reveal = await call(`/api/v1/cases/${row!.id}/applicant/reveal`, bearer(demo, { method: 'POST' }))
    expect(reveal.status).toBe(403)
  })

  it('refuses a transfer by a handler with 403 before looking at the target', async () => {
    const c = await received('2024-09-23')
    const res = await act(
      c.caseId,
      'handler',
      'transfer',
      { toAgencyId: 'nowhere', toAgencyName: 'x', reason: REASON },
      at('2024-09-24'),
    )
    expect(res.status).toBe(403)
  })
})
