// Clock events a published definition's updates leave out, added by the edge after the engine ran, so the frozen
// definition keeps its behaviour and the clock still says what happened. Pure.
import type { ClockEvent } from '../clock/types'
import type { DisclosureSnapshot } from './disclosure-case'

/**
 * The clock events of `next` with what its transition from `before` should have told the clock, or null when
 * nothing is missing. Disclosure v2's grant-more-time gives a correction a new due date (correction.dueOn) without
 * a clock event, so the clock's correctionDueOn would still name the window that ended.
 */
export function supplementedClockEvents(
  before: Pick<DisclosureSnapshot, 'graces'>,
  next: Pick<DisclosureSnapshot, 'graces' | 'clockEvents'>,
): ClockEvent[] | null {
  const granted = (next.graces ?? []).slice((before.graces ?? []).length)
  const missing: ClockEvent[] = granted
    .filter((g) => g.kind === 'correction')
    .filter(
      (g) =>
        !next.clockEvents.some(
          (e) => e.type === 'correction-window-extended' && e.on === g.grantedOn && e.dueOn === g.until,
        ),
    )
    .map((g) => ({ type: 'correction-window-extended', on: g.grantedOn, dueOn: g.until }))
  return missing.length === 0 ? null : [...next.clockEvents, ...missing]
}
