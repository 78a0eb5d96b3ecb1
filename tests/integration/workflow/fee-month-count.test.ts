// 国办函〔2020〕109号, per request: the applicant's requests already counted this month are computed from their other
// applications to the agency in the calendar month (matched on a keyed hash of the ID number, never plaintext);
// whatever a caller types is overwritten, and the case page shows the count and the cases it counted.
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { browserLogin, call, json } from '../helpers'
import { act, at, detail, ok, token } from './case-helpers'

const ID = '110101199003070070'
const PERSON = {
  applicantType: 'natural_person',
  name: '王五',
  idDocument: { type: 'resident_id', number: ID },
  informationDescription: '示范县2025年道路养护合同',
  carrier: 'paper',
  deliveryMethod: 'collect',
  phone: '13800138000',
  declaration: true,
}

async function register(receivedOn: string, data = PERSON): Promise<{ caseId: string; reference: string }> {
  const res = await call(
    '/api/v1/agencies/demo/intake',
    json(
      { form: 'disclosure', channel: 'in_person', receivedOn, data },
      { token: await token('registrar'), headers: { 'x-test-now': String(at(receivedOn, 9)) } },
    ),
  )
  if (res.status !== 201) throw new Error(`intake ${res.status}: ${await res.text()}`)
  return (await res.json()) as { caseId: string; reference: string }
}

describe('per-request fee: requests already counted this month', () => {
  it('counts the applicant’s earlier applications this month by keyed hash and overwrites a typed count', async () => {
    // Ten earlier requests in June 2025 by the same person (one written with a lower-case x would be the same ID).
    const june = ['2025-06-03', '2025-06-04', '2025-06-05', '2025-06-06', '2025-06-09']
    const earlier: { caseId: string; reference: string }[] = []
    for (const day of june) {
      earlier.push(await register(day))
      earlier.push(await register(day))
    }
    // Not counted: another person, the month before, and a later request the same month.
    await register('2025-06-05', {
      ...PERSON,
      idDocument: { type: 'resident_id', number: '11010519491231002X' },
    })
    await register('2025-05-30')
    const target = await register('2025-06-10')
    await register('2025-06-11')
    const stored = await env.DB.prepare('SELECT applicant_key FROM cases WHERE id = ?')
      .bind(target.caseId)
      .first<{ applicant_key: string }>()
    expect(stored!.applicant_key).toMatch(/^[0-9a-f]{64}$/)
    expect(stored!.applicant_key).not.toContain(ID)

    const c = (await detail(target.caseId, 'registrar', at('2025-06-10', 12))) as unknown as {
      monthlyRequests: { month: string; count: number; cases: { reference: string }[] }
    }
    expect(c.monthlyRequests.month).toBe('2025-06')
    expect(c.monthlyRequests.count).toBe(10)
    expect(c.monthlyRequests.cases.map((x) => x.reference).sort()).toEqual(
      earlier.map((x) => x.reference).sort(),
    )

    await ok(target.caseId, 'registrar', 'accept', {}, at('2025-06-10', 13))
    await ok(target.caseId, 'registrar', 'assign', { assigneeId: 'user-demo-handler' }, at('2025-06-10', 14))
    // The 11th request of the month costs ¥100; a typed "0 earlier" would make it free and is ignored.
    const free = await act(
      target.caseId,
      'handler',
      'issue-fee-notice',
      { method: 'per_request', count: 1, priorCount: 0, amountYuan: 0 },
      at('2025-06-12'),
    )
    expect(free.status).toBe(409)
    await ok(
      target.caseId,
      'handler',
      'issue-fee-notice',
      { method: 'per_request', count: 1, priorCount: 0, amountYuan: 100 },
      at('2025-06-12'),
    )
    expect((await detail(target.caseId)).snapshot.fee).toMatchObject({ priorCount: 10, amountYuan: 100 })

    // The case page shows the count, the cases counted, and that the notice used it; no count field to type.
    const { cookie } = await browserLogin('demo-handler', undefined, at('2025-06-12', 15))
    const html = await (
      await call(`/admin/cases/${target.caseId}`, {
        headers: { cookie, 'x-test-now': String(at('2025-06-12', 15)) },
      })
    ).text()
    expect(html).toContain('该申请人此前向本机关提出的申请共 10 件')
    for (const e of earlier) expect(html).toContain(`/admin/cases/${e.caseId}`)
    expect(html).toContain('收费通知按本月此前已计 10 件计算')
    expect(html).not.toContain('name="priorCount"')
  })
})
