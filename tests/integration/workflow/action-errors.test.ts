// Bad input to the case action API: every refusal is a clear 4xx with a code in the error envelope, and
// nothing is written (no event, no outbox row, no letter, the case version unchanged).
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { call, json } from '../helpers'
import { act, at, detail, newCase, ok, openAndAssign, SECRECY, token, type Who } from './case-helpers'

const BASIS = ['《中华人民共和国政府信息公开条例》第三十六条']

interface Envelope {
  error: { code: string; message: string; requestId: string; issues?: { path: string; message: string }[] }
}

async function writes(caseId: string) {
  const row = await env.DB.prepare(
    `SELECT (SELECT count(*) FROM case_events WHERE case_id = ?1) AS events,
            (SELECT count(*) FROM outbox) AS outbox,
            (SELECT count(*) FROM letters WHERE case_id = ?1) AS letters,
            (SELECT version FROM cases WHERE id = ?1) AS version,
            (SELECT state FROM cases WHERE id = ?1) AS state,
            (SELECT snapshot FROM cases WHERE id = ?1) AS snapshot`,
  )
    .bind(caseId)
    .first()
  return row
}

/** Run `request` and check it is refused with `status`/`code`, writing nothing; returns the envelope. */
async function refused(
  caseId: string,
  request: () => Promise<Response>,
  status: number,
  code: string,
): Promise<Envelope> {
  const before = await writes(caseId)
  const res = await request()
  expect(res.status).toBe(status)
  expect(res.headers.get('content-type')).toContain('application/json')
  const body = (await res.json()) as Envelope
  expect(body.error.code).toBe(code)
  expect(body.error.message.length).toBeGreaterThan(0)
  expect(body.error.requestId).toBe(res.headers.get('x-request-id'))
  expect(await writes(caseId)).toEqual(before)
  return body
}

function raw(caseId: string, action: string, who: Who, body: string, contentType = 'application/json') {
  return async () =>
    call(`/api/v1/cases/${caseId}/actions/${action}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await token(who)}`,
        'content-type': contentType,
        'x-test-now': String(at('2024-10-08')),
      },
      body,
    })
}

async function inProgress() {
  const { caseId } = await newCase(at('2024-09-27', 9))
  await openAndAssign(caseId, '2024-09-27')
  return caseId
}

async function closedCase() {
  const caseId = await inProgress()
  await ok(caseId, 'registrar', 'withdraw', { reason: '申请人撤回' }, at('2024-10-08', 9))
  return caseId
}

describe('case actions refuse bad input and write nothing', () => {
  it('answers an unknown action with 404 unknown_action', async () => {
    const caseId = await inProgress()
    for (const action of ['delete', 'toString', '__proto__', 'constructor', 'APPROVE']) {
      await refused(caseId, () => act(caseId, 'admin', action, {}, at('2024-10-08')), 404, 'unknown_action')
    }
  })

  it('answers a role that may not act with 403', async () => {
    const caseId = await inProgress()
    await refused(
      caseId,
      () => act(caseId, 'handler', 'assign', { assigneeId: 'user-demo-handler' }, at('2024-10-08')),
      403,
      'forbidden',
    )
    await refused(caseId, () => act(caseId, 'auditor', 'withdraw', {}, at('2024-10-08')), 403, 'forbidden')
    await refused(
      caseId,
      () => act(caseId, 'registrar', 'extend', { reason: '复杂' }, at('2024-10-08')),
      403,
      'forbidden',
    )
    // A legal reviewer reviews replies but does not draft them.
    await refused(
      caseId,
      () =>
        act(
          caseId,
          'legal',
          'draft-reply',
          { outcome: { code: 'not_exist', legalBasis: BASIS, reasons: '无' } },
          at('2024-10-08'),
        ),
      403,
      'forbidden',
    )
  })

  it('answers missing or invalid input with 422 and the field issues', async () => {
    const caseId = await inProgress()
    const missing = await refused(
      caseId,
      () => act(caseId, 'registrar', 'assign', {}, at('2024-10-08')),
      422,
      'validation_failed',
    )
    expect(missing.error.issues?.map((i) => i.path)).toEqual(['assigneeId'])
    expect(missing.error.issues?.[0]?.message).toContain('承办人')

    const unknownField = await refused(
      caseId,
      () =>
        act(
          caseId,
          'registrar',
          'assign',
          { assigneeId: 'user-demo-handler', priority: 'high' },
          at('2024-10-08'),
        ),
      422,
      'validation_failed',
    )
    expect(unknownField.error.issues?.length).toBeGreaterThan(0)

    const badDate = await refused(
      caseId,
      () =>
        act(
          caseId,
          'handler',
          'consult-third-party',
          { consultee: '某公司', sentOn: '2024-02-30' },
          at('2024-10-08'),
        ),
      422,
      'validation_failed',
    )
    expect(badDate.error.issues?.map((i) => i.path)).toEqual(['sentOn'])
  })

  it('refuses a reply outcome without a legal basis (422)', async () => {
    const caseId = await inProgress()
    for (const outcome of [
      { code: 'not_exist', reasons: '经检索不存在' },
      { code: 'not_exist', legalBasis: [], reasons: '经检索不存在' },
      { code: 'not_exist', legalBasis: ['  '], reasons: '经检索不存在' },
      { code: 'disclosed', howToObtain: '邮寄' },
    ]) {
      const body = await refused(
        caseId,
        () => act(caseId, 'handler', 'draft-reply', { outcome, ...SECRECY }, at('2024-10-08')),
        422,
        'validation_failed',
      )
      expect(body.error.issues?.some((i) => i.path.startsWith('outcome.legalBasis'))).toBe(true)
    }
    // A refusal also needs its reasons; an unknown outcome code is refused.
    const noReasons = await refused(
      caseId,
      () =>
        act(
          caseId,
          'handler',
          'draft-reply',
          { outcome: { code: 'not_exist', legalBasis: BASIS } },
          at('2024-10-08'),
        ),
      422,
      'validation_failed',
    )
    expect(noReasons.error.issues?.map((i) => i.path)).toContain('outcome.reasons')
    await refused(
      caseId,
      () =>
        act(
          caseId,
          'handler',
          'draft-reply',
          { outcome: { code: 'granted', legalBasis: BASIS } },
          at('2024-10-08'),
        ),
      422,
      'validation_failed',
    )
  })

  it('refuses actions on a closed case with 409 case_closed', async () => {
    const caseId = await closedCase()
    const d = await detail(caseId)
    expect(d.state).toBe('closed')
    for (const [who, action, input] of [
      ['registrar', 'accept', {}],
      ['registrar', 'assign', { assigneeId: 'user-demo-handler' }],
      ['registrar', 'withdraw', {}],
      ['approver', 'extend', { reason: '延期' }],
      ['handler', 'draft-reply', { outcome: { code: 'not_exist', legalBasis: BASIS, reasons: '无' } }],
      ['registrar', 'send-reply', {}],
    ] as const) {
      const body = await refused(
        caseId,
        () => act(caseId, who, action, input, at('2024-10-09')),
        409,
        'case_closed',
      )
      expect(body.error.message).toContain('已终结')
    }
  })

  it('still records a remedy (复议/诉讼) on a closed case', async () => {
    const caseId = await closedCase()
    const before = await detail(caseId)
    const res = await act(
      caseId,
      'legal',
      'record-remedy',
      { kind: 'reconsideration', filedOn: '2024-10-20', result: 'pending', body: '示范市人民政府' },
      at('2024-10-21'),
    )
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ state: 'closed', version: before.version + 1 })
    const after = await detail(caseId)
    expect(after.state).toBe('closed')
    expect(after.outcome).toBe('withdrawn')
    expect(after.events.at(-1)).toMatchObject({ action: 'record-remedy' })
    expect(after.snapshot.remedies).toMatchObject([{ kind: 'reconsideration', result: 'pending' }])
    // …but still validates it.
    await refused(
      caseId,
      () =>
        act(
          caseId,
          'legal',
          'record-remedy',
          { kind: 'litigation', filedOn: '2024-10-20', result: 'pending' },
          at('2024-10-21'),
        ),
      422,
      'validation_failed',
    )
  })

  it('answers malformed JSON with 400 and a wrong media type with 415', async () => {
    const caseId = await inProgress()
    const { version } = await detail(caseId)
    for (const body of ['{', `{"version": ${version},}`, 'version=1', '', '\u00ff\u00fe']) {
      await refused(caseId, raw(caseId, 'assign', 'registrar', body), 400, 'malformed_json')
    }
    await refused(
      caseId,
      raw(
        caseId,
        'assign',
        'registrar',
        JSON.stringify({ version, assigneeId: 'user-demo-handler' }),
        'text/plain',
      ),
      415,
      'unsupported_media_type',
    )
  })

  it('answers a missing or malformed version with 422', async () => {
    const caseId = await inProgress()
    const { version } = await detail(caseId)
    for (const body of [
      { assigneeId: 'user-demo-handler' },
      { version: String(version), assigneeId: 'user-demo-handler' },
      { version: version + 0.5, assigneeId: 'user-demo-handler' },
      { version: -1, assigneeId: 'user-demo-handler' },
      { version: null, assigneeId: 'user-demo-handler' },
    ]) {
      const env422 = await refused(
        caseId,
        raw(caseId, 'assign', 'registrar', JSON.stringify(body)),
        422,
        'validation_failed',
      )
      expect(env422.error.issues?.map((i) => i.path)).toEqual(['version'])
    }
    // Not an object at all.
    for (const body of ['[]', '42', 'null', '"assign"']) {
      await refused(caseId, raw(caseId, 'assign', 'registrar', body), 422, 'validation_failed')
    }
  })

  it('hides a case of another agency (404 for GET and POST), like one that does not exist', async () => {
    const foreign = await newCase(at('2024-09-27', 9), { agencyId: 'agency-demo-nrb' })
    for (const who of ['registrar', 'admin', 'auditor'] as const) {
      const res = await call(`/api/v1/cases/${foreign.caseId}`, {
        headers: { authorization: `Bearer ${await token(who)}` },
      })
      expect(res.status).toBe(404)
      expect(((await res.json()) as Envelope).error.code).toBe('not_found')
    }
    await refused(
      foreign.caseId,
      () =>
        act(
          foreign.caseId,
          'admin',
          'confirm-receipt',
          { channel: 'online', receivedOn: '2024-09-27' },
          at('2024-09-27', 11),
          1,
        ),
      404,
      'not_found',
    )
    // Even a malformed body or an unknown action does not reveal that the case exists.
    await refused(foreign.caseId, raw(foreign.caseId, 'confirm-receipt', 'admin', '{'), 404, 'not_found')
    await refused(
      foreign.caseId,
      raw(foreign.caseId, 'no-such-action', 'admin', '{"version":1}'),
      404,
      'not_found',
    )
    const missing = await call('/api/v1/cases/00000000-0000-0000-0000-000000000000/actions/accept', {
      ...json({ version: 1 }, { token: await token('admin') }),
    })
    expect(missing.status).toBe(404)
    expect(((await missing.json()) as Envelope).error.code).toBe('not_found')
  })

  it('answers without a session with 401 and writes nothing', async () => {
    const caseId = await inProgress()
    await refused(
      caseId,
      async () =>
        call(
          `/api/v1/cases/${caseId}/actions/accept`,
          json({ version: 1 }, { headers: { authorization: 'Bearer nope-nope-nope-nope-nope-nope' } }),
        ),
      401,
      'unauthenticated',
    )
    await refused(
      caseId,
      async () => call(`/api/v1/cases/${caseId}/actions/accept`, json({ version: 1 })),
      401,
      'unauthenticated',
    )
  })

  it('refuses an action not allowed in the current state with 409 not_allowed_in_state', async () => {
    const caseId = await inProgress()
    await refused(
      caseId,
      () => act(caseId, 'approver', 'approve', {}, at('2024-10-08')),
      409,
      'not_allowed_in_state',
    )
    await refused(
      caseId,
      () =>
        act(
          caseId,
          'registrar',
          'confirm-receipt',
          { channel: 'online', receivedOn: '2024-09-27' },
          at('2024-10-08'),
        ),
      409,
      'not_allowed_in_state',
    )
  })
})
