// How a reply deadline reads on staff pages: a date, or what is known while a calendar year is missing — never a bare dash.
import type { ClockState } from '../../workflows/clock'
import { messages } from '../i18n/zh-CN'

const t = messages.cases

/** The deadline on the case page, from the live clock. */
export function clockDueText(
  clock: Pick<ClockState, 'replyDueOn' | 'pendingDeadline' | 'unconfirmed' | 'status'>,
): string {
  if (clock.replyDueOn) return clock.replyDueOn
  if (clock.pendingDeadline) return t.pendingDeadline(clock.pendingDeadline)
  if (clock.status === 'not_started') return t.dueNone.submitted
  if (clock.status === 'awaiting_correction') return t.dueNone.awaiting_correction
  if (clock.unconfirmed) return t.yearMissing(clock.unconfirmed.year)
  return t.dueNone.other
}

/** The deadline in the case list, from the indexed columns (no clock is computed per row). */
export function listDueText(row: {
  dueOn: string | null
  duePendingYear: number | null
  state: string
  closedAt: unknown
}): string {
  if (row.dueOn) return row.dueOn
  if (row.duePendingYear !== null) return t.pendingShort(row.duePendingYear)
  if (row.closedAt !== null) return t.dueNone.closed
  if (row.state === 'submitted') return t.dueNone.submitted
  if (row.state === 'awaiting_correction') return t.dueNone.awaiting_correction
  return t.dueNone.other
}
