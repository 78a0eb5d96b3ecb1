// The engine's effect descriptors as rows of the transition's batch: outbox rows (notifications, webhooks) and
// letter drafts, each keyed by case, event and position so a replay writes nothing twice.
import type { BatchItem } from 'drizzle-orm/batch'
import type { Db } from '../../../db/client'
import { letters } from '../../../db/schema'
import { LETTER_KINDS } from '../../../workflows/definitions'
import type { EffectDescriptor } from '../../../workflows/engine'
import type { NewOutboxRow } from '../case-store'
import type { CaseRow } from './case-row'

function recipientKey(to: Extract<EffectDescriptor, { kind: 'notify' }>['to'], row: CaseRow): string {
  if (to === 'applicant') return `applicant:${row.submissionId}`
  if ('staffId' in to) return `staff:${to.staffId}`
  return `role:${row.agencyId}:${to.role}`
}

export function materialiseEffects(
  db: Db,
  row: CaseRow,
  effects: readonly EffectDescriptor[],
  seq: number,
  now: number,
): { outbox: NewOutboxRow[]; letters: BatchItem<'sqlite'>[] } {
  const out: NewOutboxRow[] = []
  const drafts: BatchItem<'sqlite'>[] = []
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
    } else {
      const title = (LETTER_KINDS as Record<string, string>)[e.letter] ?? e.letter
      drafts.push(
        db.insert(letters).values({
          id: `${row.id}:${seq}:${i}`,
          agencyId: row.agencyId,
          caseId: row.id,
          kind: e.letter,
          draft: JSON.stringify({ title, operation: e.operation, data: e.data ?? {}, eventSeq: seq }),
          createdAt: now,
          updatedAt: now,
        }),
      )
    }
  })
  return { outbox: out, letters: drafts }
}
