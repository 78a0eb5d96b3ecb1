// The applicant's receipt after the fact: a copy by SMS or e-mail to the contact given in the application, and a new
// query code for a lost one (sent to the contact on file, rate limited, audited; the old code stops working). Both
// go through the outbox; the code itself is read from the encrypted submission at delivery, never stored in a row.
import { eq } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { outbox, submissions } from '../../db/schema'
import { AppError } from '../errors'
import { messages } from '../i18n/zh-CN'
import { newId } from '../lib/crypto'
import type { PiiKeyring } from '../lib/pii'
import { addressKey, enforceRateLimit, type RateRule } from '../lib/rate-limit'
import { normaliseReference, REFERENCE_PATTERN } from '../lib/reference'
import { commitAudited } from './audit-log'
import type { Receipt } from './form-flow'
import { applicantContact, replacedQueryCode, submissionPii } from './submissions'

export type ContactChannel = 'email' | 'sms'

/** The tracking page for a reference: the link sent in messages (the query code never travels in a URL). */
export function trackingLink(origin: string, reference: string): string {
  return `${origin}/track?reference=${encodeURIComponent(reference)}`
}

/**
 * Queue a copy of the receipt to the contact given in the application: one per channel and submission (asking again
 * is a no-op, so the button cannot be used to flood a phone). The SMS holds the reference and the tracking link; the
 * e-mail also the query code. Returns false when that copy was already queued.
 */
export async function sendReceiptCopy(
  db: Db,
  input: {
    receipt: Pick<Receipt, 'submissionId' | 'agencyId' | 'reference' | 'contacts'>
    channel: ContactChannel
    origin: string
    agencyName: string
    now: number
  },
): Promise<boolean> {
  const { receipt, channel } = input
  if (!(channel === 'email' ? receipt.contacts.email : receipt.contacts.phone)) {
    throw new AppError('validation_failed', {
      issues: [{ path: 'channel', code: 'contact_missing', message: messages.form.copyNoContact }],
    })
  }
  const rows = await db
    .insert(outbox)
    .values({
      id: newId(),
      agencyId: receipt.agencyId,
      kind: channel === 'email' ? 'receipt_copy_email' : 'receipt_copy_sms',
      audience: 'applicant',
      recipient: `applicant-${channel}:${receipt.submissionId}`,
      payload: JSON.stringify({
        reference: receipt.reference,
        agencyName: input.agencyName,
        trackUrl: trackingLink(input.origin, receipt.reference),
      }),
      nextAttemptAt: input.now,
      dedupId: `receipt-copy:${channel}:${receipt.submissionId}`,
      createdAt: input.now,
    })
    .onConflictDoNothing({ target: outbox.dedupId })
    .returning({ id: outbox.id })
  return rows.length > 0
}

/**
 * `POST /api/v1/track/receipt-copy`: the same copy for an integrator or app holding the reference and query code
 * (the caller has checked the pair through the tracking lookup, rate limit included).
 */
export async function sendTrackedReceiptCopy(
  db: Db,
  ring: () => Promise<PiiKeyring>,
  input: { reference: string; channel: ContactChannel; origin: string; agencyName: string; now: number },
): Promise<boolean> {
  const sub = await db.select().from(submissions).where(eq(submissions.reference, input.reference)).get()
  if (!sub) throw new AppError('not_found')
  const contact = applicantContact(await submissionPii(await ring(), sub))
  const receipt = {
    submissionId: sub.id,
    agencyId: sub.agencyId,
    reference: sub.reference,
    contacts: { email: contact.email !== undefined, phone: contact.phone !== undefined },
  }
  return sendReceiptCopy(db, { ...input, receipt })
}

/** New query codes asked for per client address, and per reference (whoever asks). */
export const RECOVERY_RATE: { address: RateRule; reference: RateRule } = {
  address: { limit: 5, windowMs: 3_600_000 },
  reference: { limit: 3, windowMs: 24 * 3_600_000 },
}

/** How a phone number or e-mail address is compared with the one on file. */
function contactKey(value: string): string {
  const v = value.normalize('NFKC').trim().toLowerCase()
  return v.includes('@') ? v : v.replace(/[\s()+-]/g, '').replace(/^86(?=1\d{10}$)/, '')
}

/**
 * Lost query code: when `contact` is the phone number or e-mail address given in the application of `reference`, a
 * new code replaces the old one (which stops working at once) and goes to that contact through the outbox, in one
 * batch with the audit row. Whatever the reference and contact, the answer is the same (nothing tells a stranger
 * whether a reference exists or which contact it has); only the rate limits answer differently.
 */
export async function recoverQueryCode(
  db: Db,
  deps: { ring: () => Promise<PiiKeyring>; secret: string },
  input: { clientIp: string; reference: string; contact: string; origin: string; now: number },
): Promise<void> {
  await enforceRateLimit(db, addressKey('recover', input.clientIp), RECOVERY_RATE.address, input.now)
  const reference = normaliseReference(input.reference)
  if (!REFERENCE_PATTERN.test(reference)) return
  await enforceRateLimit(db, `recover:${reference}`, RECOVERY_RATE.reference, input.now)
  const sub = await db.select().from(submissions).where(eq(submissions.reference, reference)).get()
  if (!sub) return
  const ring = await deps.ring()
  const onFile = applicantContact(await submissionPii(ring, sub))
  const asked = contactKey(input.contact)
  const channel: ContactChannel | null =
    onFile.email && contactKey(onFile.email) === asked
      ? 'email'
      : onFile.phone && contactKey(onFile.phone) === asked
        ? 'sms'
        : null
  if (!channel || !asked) return
  const next = await replacedQueryCode({ ring, secret: deps.secret }, sub)
  const outboxId = newId()
  await commitAudited(
    db,
    [
      db.update(submissions).set(next.set).where(eq(submissions.id, sub.id)),
      db.insert(outbox).values({
        id: outboxId,
        agencyId: sub.agencyId,
        kind: 'query_code_reset',
        audience: 'applicant',
        recipient: `applicant-${channel}:${sub.id}`,
        payload: JSON.stringify({ reference, trackUrl: trackingLink(input.origin, reference) }),
        nextAttemptAt: input.now,
        dedupId: `query-code-reset:${outboxId}`,
        createdAt: input.now,
      }),
    ],
    [
      {
        agencyId: sub.agencyId,
        actorId: null,
        action: 'query_code.reset',
        target: sub.id,
        payload: { reference, channel },
        ip: input.clientIp,
        at: input.now,
      },
    ],
  )
}
