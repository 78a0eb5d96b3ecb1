// Assigning a case: only an enabled handler of the case's own agency, and a refused assignment writes nothing.
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { countRows } from '../helpers'
import { foreignStaffToken } from './agency-staff'
import { act, at, detail, errorCode, eventCount, ok, receivedCase } from './case-helpers'

describe('assigning a case', () => {
  it('refuses a handler of another agency and a disabled handler, writing nothing', async () => {
    const { caseId } = await receivedCase()
    await ok(caseId, 'registrar', 'accept', {}, at('2024-09-27', 12))
    await foreignStaffToken('agency-demo-nrb', 'handler', 'nrb-handler-review')
    const events = await eventCount(caseId)
    const outbox = await countRows('outbox')
    const version = (await detail(caseId)).version
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
    expect(await eventCount(caseId)).toBe(events)
    expect(await countRows('outbox')).toBe(outbox)
    expect((await detail(caseId)).version).toBe(version)
    // The same handler, enabled again, may be assigned: the refusals were about who, not about the case.
    await ok(caseId, 'registrar', 'assign', { assigneeId: 'user-demo-handler' }, at('2024-09-28'))
    expect(await countRows('outbox')).toBeGreaterThan(outbox)
  })
})
