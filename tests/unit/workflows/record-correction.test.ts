// Art. 41 record-correction v1 on the same pure engine: frozen definition, roles, receipt rules, the agency's own
// target as the clock's period, and each decision's notice.
import { describe, expect, it } from 'vitest'
import {
  CURRENT_DISCLOSURE_VERSION,
  caseWorkflow,
  currentVersionOf,
  deadlineKindOf,
  disclosureV2,
  newWorkflowCase,
  type RecordCorrectionSnapshot,
  recordCorrectionSettings,
  recordCorrectionV1,
  recordCorrectionV1Definition,
  workflowIdOfForm,
} from '../../../workflows/definitions'
import { allowedActions, definitionFingerprint, transition } from '../../../workflows/engine'
import { approver, at, auditor, calendar, handler, registrar } from './support'

// Pinned when v1 was published. If this fails you edited a published definition: write v2 instead.
const RECORD_CORRECTION_V1_FINGERPRINT = 'e7aaac3756eb161c9f10f7bef4801daed88fa7d194ce6ce2089658e8fdbc9239'

function run(
  snapshot: RecordCorrectionSnapshot,
  action: string,
  actor: typeof registrar,
  input: unknown,
  now: number,
  target = 20,
) {
  return transition(
    recordCorrectionV1,
    snapshot,
    action,
    actor,
    input,
    now,
    calendar,
    recordCorrectionSettings(target),
  )
}

function ok(result: ReturnType<typeof run>): RecordCorrectionSnapshot {
  if (!result.ok) throw new Error(result.refusal.message)
  return result.snapshot
}

const fresh = (on: string) =>
  newWorkflowCase('record-correction', { submittedAt: at(on, '09:00') }) as RecordCorrectionSnapshot

describe('record-correction v1', () => {
  it('is frozen: its fingerprint is pinned', async () => {
    expect(await definitionFingerprint(recordCorrectionV1Definition)).toBe(RECORD_CORRECTION_V1_FINGERPRINT)
  })

  it('is found by id and version beside disclosure, and started by its own form', () => {
    expect(caseWorkflow('record-correction', 1)).toBe(recordCorrectionV1)
    expect(caseWorkflow('disclosure', CURRENT_DISCLOSURE_VERSION)).toBe(disclosureV2)
    expect(caseWorkflow('record-correction', 2)).toBeUndefined()
    expect(caseWorkflow('nope', 1)).toBeUndefined()
    expect(currentVersionOf('record-correction')).toBe(1)
    expect(workflowIdOfForm('record-correction')).toBe('record-correction')
    expect(workflowIdOfForm('disclosure')).toBe('disclosure')
    expect(deadlineKindOf('record-correction')).toBe('agency_target')
    expect(deadlineKindOf('disclosure')).toBe('statutory')
  })

  it('counts toward the agency target from the day of receipt (2025 National Day, 2026 Spring Festival)', () => {
    const c = ok(
      run(
        fresh('2025-09-26'),
        'confirm-receipt',
        registrar,
        { channel: 'online', receivedOn: '2025-09-26' },
        at('2025-09-26'),
      ),
    )
    expect(c.clock?.replyDueOn).toBe('2025-10-30')
    const h = ok(
      run(
        fresh('2026-02-11'),
        'confirm-receipt',
        registrar,
        { channel: 'online', receivedOn: '2026-02-11' },
        at('2026-02-11'),
        30,
      ),
    )
    // 30 WD from Wed 2026-02-11: 20 WD is Tue 03-17 (case H), ten more → Tue 03-31.
    expect(h.clock?.replyDueOn).toBe('2026-03-31')
    expect(h.clock?.extended).toBe(false)
  })

  it('applies the receipt rules of Art. 31 and lets only the roles of the definition act', () => {
    const later = run(
      fresh('2026-03-02'),
      'confirm-receipt',
      registrar,
      { channel: 'in_person', receivedOn: '2026-03-06' },
      at('2026-03-06'),
    )
    expect(later.ok ? null : later.refusal.message).toContain('应为提交之日（2026-03-02）')
    const received = ok(
      run(
        fresh('2026-03-02'),
        'confirm-receipt',
        registrar,
        { channel: 'in_person', receivedOn: '2026-03-02' },
        at('2026-03-02'),
      ),
    )
    expect(allowedActions(recordCorrectionV1, received, registrar)).toEqual([])
    expect(allowedActions(recordCorrectionV1, received, handler)).toEqual(['start-review'])
    expect(allowedActions(recordCorrectionV1, received, auditor)).toEqual([])
    const reviewing = ok(run(received, 'start-review', handler, {}, at('2026-03-03')))
    expect(reviewing.assigneeId).toBe('u-handler')
    expect(allowedActions(recordCorrectionV1, reviewing, approver)).toEqual([
      'correct-record',
      'refer-record',
      'refuse-record',
    ])
    const refused = run(reviewing, 'refuse-record', registrar, { reasons: '证据不足' }, at('2026-03-04'))
    expect(refused.ok ? null : refused.refusal.code).toBe('role_not_allowed')
  })

  it('ends each decision with its notice to the applicant and stops the clock', () => {
    const received = ok(
      run(
        fresh('2024-09-27'),
        'confirm-receipt',
        registrar,
        { channel: 'online', receivedOn: '2024-09-27' },
        at('2024-09-27'),
      ),
    )
    const reviewing = ok(run(received, 'start-review', handler, {}, at('2024-09-29')))
    const cases = [
      ['correct-record', { correction: '姓名由“张山”更正为“张三”' }, 'corrected', '已于2024-10-08予以更正'],
      [
        'refer-record',
        { competentAgency: '示范县市场监管局', reason: '该登记由市场监管部门作出' },
        'referred',
        '转送有权更正的行政机关示范县市场监管局',
      ],
      [
        'refuse-record',
        { reasons: '所附证据与记录无关' },
        'refused',
        '决定不予更正。理由：所附证据与记录无关',
      ],
    ] as const
    for (const [action, input, state, text] of cases) {
      const result = run(reviewing, action, handler, input, at('2024-10-08'))
      if (!result.ok) throw new Error(result.refusal.message)
      expect(result.snapshot.state).toBe(state)
      expect(result.snapshot.outcome?.notice).toContain(text)
      expect(result.snapshot.outcome?.notice).toContain(
        '本机关于2024-09-27收到您提出的更正政府信息记录的申请',
      )
      expect(result.snapshot.clock?.status).toBe('stopped')
      expect(result.effects).toEqual([
        {
          kind: 'notify',
          template: `record_${state}`,
          to: 'applicant',
          data: expect.objectContaining({ notice: result.snapshot.outcome?.notice }),
        },
      ])
    }
  })
})
