// Which staff reminders about a case have been dealt with: each kind asks for something (confirm receipt, review,
// sign, send, decide a lapse, reply before a date), and once the case has moved past it the reminder clears itself.
// Pure: the edge marks the rows resolved in the batch that moves the case, and in the timer sweep.

/** The case as the reminders read it: any workflow's snapshot (fields other workflows lack are absent). */
export interface ReminderCase {
  state: string
  lapse?: { kind: string } | null
}

// What each kind waits for, by the state the case is in while it is still to do.
const STILL_TO_DO: Readonly<Record<string, (c: ReminderCase) => boolean>> = {
  receipt_unconfirmed: (c) => c.state === 'submitted',
  legal_review_requested: (c) => c.state === 'legal_review',
  legal_review_overdue: (c) => c.state === 'legal_review',
  approval_requested: (c) => c.state === 'awaiting_approval',
  approval_overdue: (c) => c.state === 'awaiting_approval',
  returned: (c) => c.state === 'in_progress',
  reply_signed: (c) => c.state === 'approved',
  correction_window_ended: (c) => c.lapse?.kind === 'correction',
  fee_window_ended: (c) => c.lapse?.kind === 'fee',
  consultation_lapsed: (c) => c.state === 'consulting',
}

/**
 * Reminders about the reply date (statutory or the agency's own target): dealt with when the reply has gone out, or
 * superseded when the date they named is no longer the case's date (extension, restart, pause).
 */
export const DUE_DATE_REMINDERS = ['due_soon', 'overdue', 'target_due_soon', 'target_overdue'] as const

const ANSWERED_STATES: ReadonlySet<string> = new Set(['replied'])

/** The reminder kinds about the case that are dealt with now (once the case has ended, every one of them is). */
export function dealtWithReminderKinds(snapshot: ReminderCase): string[] {
  const done = Object.entries(STILL_TO_DO)
    .filter(([, stillToDo]) => !stillToDo(snapshot))
    .map(([kind]) => kind)
  return ANSWERED_STATES.has(snapshot.state) ? [...done, ...DUE_DATE_REMINDERS] : done
}
