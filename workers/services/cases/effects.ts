// The engine's notification and webhook effects as outbox rows of the transition's batch, each keyed by case, event
// and position so a replay writes nothing twice. (Letter effects are planned in ../letters/plan.ts.)
import type { EffectDescriptor } from '../../../workflows/engine'
import type { NewOutboxRow } from '../case-store'
import type { CaseRow } from './case-row'

function recipientKey(to: Extract<EffectDescriptor, { kind: 'notify' }>['to'], row: CaseRow): string {
  if (to === 'applicant') return `applicant:${row.submissionId}`
  if ('staffId' in to) return `staff:${to.staffId}`
  return `role:${row.agencyId}:${to.role}`
}

export function materialiseEffects(
  row: CaseRow,
  effects: readonly EffectDescriptor[],
  seq: number,
): { outbox: NewOutboxRow[] } {
  const out: NewOutboxRow[] = []
  effects.forEach((e, i) => {
    if (e.kind === 'notify') {
      const recipient = recipientKey(e.to, row)
      out.push({
        kind: e.template,
        audience: e.to === 'applicant' ? 'applicant' : 'staff',
        recipient,
        payload: { caseId: row.id, template: e.template, ...(e.data ?? {}) },
        dedupId: `case:${row.id}:${seq}:${i}:${e.template}`,
      })
    } else if (e.kind === 'outbox') {
      out.push({
        kind: e.topic,
        audience: 'webhook',
        recipient: `agency:${row.agencyId}`,
        payload: { caseId: row.id, ...e.payload },
        dedupId: `case:${row.id}:${seq}:${i}:${e.topic}`,
      })
    }
  })
  return { outbox: out }
}
