import { describe, expect, it } from 'vitest'
import { bearer, browserLogin, call } from '../helpers'
import { at, newCase, openAndAssign, token } from './case-helpers'

describe('staff in-app notifications', () => {
  it('show the handler the case assigned to them, with its reference, and not to others', async () => {
    const { caseId } = await newCase(at('2024-09-27', 9))
    await openAndAssign(caseId, '2024-09-27')
    const mine = (await (await call('/api/v1/notifications', bearer(await token('handler')))).json()) as {
      items: { subject: string; caseId: string }[]
    }
    expect(mine.items.some((i) => i.caseId === caseId && i.subject.startsWith('新分派的申请'))).toBe(true)
    const legal = (await (await call('/api/v1/notifications', bearer(await token('legal')))).json()) as {
      items: { caseId: string }[]
    }
    expect(legal.items.some((i) => i.caseId === caseId)).toBe(false)
    const { cookie } = await browserLogin('demo-handler')
    const dash = await (await call('/admin', { headers: { cookie } })).text()
    expect(dash).toContain(`/admin/cases/${caseId}`)
  })
})
