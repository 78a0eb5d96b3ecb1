// Delivers outbox rows through pluggable transports (e-mail, SMS, webhook, in-app) with retries and dedup ids.
// Delivery never blocks a transition: rows were committed with it, and a failing transport only delays (then
// fails) its own rows.
import { and, asc, desc, eq, inArray, isNull, lte } from 'drizzle-orm'
import { Webhook } from 'standardwebhooks'
import type { Db } from '../../db/client'
import { agencies, cases, outbox, users as staffUsers, submissions, userRoles } from '../../db/schema'
import { messages } from '../i18n/zh-CN'
import { assertOutboundUrl } from '../lib/outbound-url'
import { parseAgencySettings } from './agency-settings'

export const MAX_ATTEMPTS = 8
/** The in-app recipient key of every platform operator (the national calendar's reminders). */
export const OPERATORS_RECIPIENT = 'operators'
const BATCH = 50

export interface OutboundMessage {
  /** Stable id for the receiver's dedup (sent as Idempotency-Key / webhook-id). */
  dedupId: string
  kind: string
  to: string
  subject: string
  body: string
  payload: Record<string, unknown>
  /** Standard Webhooks signing secret (`whsec_…`) of the receiving agency, for signed webhooks. */
  secret?: string
}

/** How a message travels (e-mail or SMS gateway, agency webhook, in-app inbox); not an application's receipt channel. */
export interface Transport {
  send(message: OutboundMessage): Promise<void>
}

/** Where a row goes: a transport name (as registered: email, sms, webhook, inapp) and an address on it. */
export interface Route {
  transport: string
  to: string
  secret?: string
  /** Values filled into the message at delivery only, never stored in the row (the applicant's query code). */
  values?: Record<string, string>
}

/**
 * Messages that carry the applicant's current query code: it is read from the encrypted submission at delivery and
 * never written to the outbox row. Only to the one contact the row names (`applicant-email:` / `applicant-sms:`).
 */
export const CODE_BEARING_KINDS: ReadonlySet<string> = new Set(['receipt_copy_email', 'query_code_reset'])

/** What the resolver may read of an applicant: the contacts given, and the current query code on demand. */
export interface ApplicantContact {
  email?: string
  phone?: string
  queryCode?: () => Promise<string>
}

export type RecipientResolver = (row: typeof outbox.$inferSelect) => Promise<Route[] | null>

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? '')
}

async function render(db: Db, row: typeof outbox.$inferSelect, extra: Record<string, string> = {}) {
  const payload = JSON.parse(row.payload) as Record<string, unknown>
  const caseId = typeof payload.caseId === 'string' ? payload.caseId : null
  let reference = ''
  const notified = payload.replyDueOn ?? payload.dueOn
  let dueOn = typeof notified === 'string' ? notified : ''
  if (caseId) {
    const c = await db
      .select({ reference: submissions.reference, dueOn: cases.dueOn, pendingYear: cases.duePendingYear })
      .from(cases)
      .innerJoin(submissions, eq(submissions.id, cases.submissionId))
      .where(eq(cases.id, caseId))
      .get()
    reference = c?.reference ?? ''
    // A deadline waiting for next year's holidays is said in words, never left blank.
    dueOn ||= c?.dueOn ?? (c?.pendingYear ? messages.tracking.dueOnPendingShort(c.pendingYear) : '')
  }
  const texts = messages.notifications as Record<string, { subject: string; body: string }>
  const t = texts[row.kind] ?? messages.notifications.generic
  const values: Record<string, string> = { reference, dueOn, ...extra }
  for (const [k, v] of Object.entries(payload)) {
    if ((typeof v === 'string' || typeof v === 'number') && !(k in values)) values[k] = String(v)
  }
  return { subject: fill(t.subject, values), body: fill(t.body, values), payload }
}

/** Where a staff notification leads: its case, task report or task, or the calendar year to load. */
function inboxLink(payload: Record<string, unknown>): string | null {
  if (typeof payload.caseId === 'string') return `/admin/cases/${payload.caseId}`
  if (typeof payload.planId === 'string') {
    if (typeof payload.reportId === 'string')
      return `/admin/plans/${payload.planId}/reports/${payload.reportId}`
    if (typeof payload.taskId === 'string') return `/admin/plans/${payload.planId}/tasks/${payload.taskId}`
  }
  if (typeof payload.year === 'number') return `/admin/calendar/${payload.year}#import`
  return null
}

export interface InboxItem {
  id: string
  at: number
  subject: string
  body: string
  caseId: string | null
  /** The admin page the notification leads to, if any. */
  link: string | null
}

/**
 * A staff member's in-app notifications: sent to them, to a role they hold in one of their agencies, or (for the
 * platform operator) to the operators.
 */
export async function staffInbox(
  db: Db,
  user: { id: string; roles: { agencyId: string; role: string }[]; operator?: boolean },
  limit = 20,
): Promise<InboxItem[]> {
  const recipients = [
    `staff:${user.id}`,
    ...user.roles.map((r) => `role:${r.agencyId}:${r.role}`),
    ...(user.operator ? [OPERATORS_RECIPIENT] : []),
  ]
  const rows = await db
    .select()
    .from(outbox)
    .where(and(eq(outbox.audience, 'staff'), inArray(outbox.recipient, recipients)))
    .orderBy(desc(outbox.createdAt))
    .limit(limit)
    .all()
  const items: InboxItem[] = []
  for (const row of rows) {
    const text = await render(db, row)
    const caseId = typeof text.payload.caseId === 'string' ? text.payload.caseId : null
    items.push({
      id: row.id,
      at: row.createdAt,
      subject: text.subject,
      body: text.body,
      caseId,
      link: inboxLink(text.payload),
    })
  }
  return items
}

/** Send due rows; returns counts. `resolve` maps a row's recipient key to routes over the given transports. */
export async function deliverOutbox(
  db: Db,
  now: number,
  resolve: RecipientResolver,
  transports: Record<string, Transport>,
): Promise<{ sent: number; retried: number; failed: number; skipped: number }> {
  const counts = { sent: 0, retried: 0, failed: 0, skipped: 0 }
  const rows = await db
    .select()
    .from(outbox)
    .where(and(eq(outbox.status, 'pending'), lte(outbox.nextAttemptAt, now)))
    .orderBy(asc(outbox.nextAttemptAt))
    .limit(BATCH)
    .all()
  for (const row of rows) {
    // Resolving and rendering can fail too (an undecryptable contact, bad agency settings): that row is retried
    // like a failed send, and must not abort the run or hold up the rows behind it.
    try {
      const routes = (await resolve(row))?.filter((r) => transports[r.transport]) ?? []
      if (routes.length === 0) {
        await db
          .update(outbox)
          .set({ status: 'skipped', lastError: 'no transport configured' })
          .where(eq(outbox.id, row.id))
        counts.skipped++
        continue
      }
      for (const route of routes) {
        const text = await render(db, row, route.values)
        await transports[route.transport]!.send({
          dedupId: row.dedupId,
          kind: row.kind,
          to: route.to,
          ...text,
          ...(route.secret ? { secret: route.secret } : {}),
        })
      }
      await db
        .update(outbox)
        .set({ status: 'sent', sentAt: now, attempts: row.attempts + 1 })
        .where(eq(outbox.id, row.id))
      counts.sent++
    } catch (err) {
      const attempts = row.attempts + 1
      const failed = attempts >= MAX_ATTEMPTS
      // Exponential backoff: 1, 2, 4 … minutes, capped at 6 hours.
      const delay = Math.min(2 ** (attempts - 1) * 60_000, 6 * 3_600_000)
      await db
        .update(outbox)
        .set({
          attempts,
          status: failed ? 'failed' : 'pending',
          nextAttemptAt: now + delay,
          lastError: String(err instanceof Error ? err.message : err).slice(0, 500),
        })
        .where(eq(outbox.id, row.id))
      if (failed) counts.failed++
      else counts.retried++
    }
  }
  return counts
}

/** Resolve recipients from the database: staff and roles get the in-app inbox; agencies their webhook. */
export function databaseResolver(
  db: Db,
  applicantContact: (submissionId: string) => Promise<ApplicantContact | null>,
): RecipientResolver {
  return async (row) => {
    const [kind, ...rest] = row.recipient.split(':')
    if (kind === 'applicant-email' || kind === 'applicant-sms') {
      // One contact only: a receipt copy or a new query code goes where it was asked for.
      const contact = await applicantContact(rest.join(':'))
      const to = kind === 'applicant-email' ? contact?.email : contact?.phone
      if (!contact || !to) return null
      const values: Record<string, string> = {}
      if (CODE_BEARING_KINDS.has(row.kind) && contact.queryCode) values.queryCode = await contact.queryCode()
      return [{ transport: kind === 'applicant-email' ? 'email' : 'sms', to, values }]
    }
    if (kind === 'applicant') {
      const contact = await applicantContact(rest.join(':'))
      if (!contact) return null
      const routes: Route[] = []
      if (contact.email) routes.push({ transport: 'email', to: contact.email })
      if (contact.phone) routes.push({ transport: 'sms', to: contact.phone })
      return routes
    }
    if (kind === 'staff') return [{ transport: 'inapp', to: rest.join(':') }]
    if (row.recipient === OPERATORS_RECIPIENT) {
      const operators = await db
        .select({ id: staffUsers.id })
        .from(staffUsers)
        .where(and(eq(staffUsers.platformRole, 'operator'), isNull(staffUsers.disabledAt)))
        .all()
      return operators.map((u): Route => ({ transport: 'inapp', to: u.id }))
    }
    if (kind === 'role') {
      const [agencyId = '', role = ''] = rest
      const users = await db
        .select({ userId: userRoles.userId })
        .from(userRoles)
        .innerJoin(staffUsers, eq(staffUsers.id, userRoles.userId))
        .where(
          and(
            eq(userRoles.agencyId, agencyId),
            inArray(userRoles.role, [role as 'registrar']),
            isNull(staffUsers.disabledAt),
          ),
        )
        .all()
      return users.map((u): Route => ({ transport: 'inapp', to: u.userId }))
    }
    if (kind === 'agency') {
      const agency = await db
        .select({ settings: agencies.settings })
        .from(agencies)
        .where(eq(agencies.id, rest.join(':')))
        .get()
      const settings = parseAgencySettings(agency?.settings)
      if (!settings.webhookUrl) return null
      return [
        {
          transport: 'webhook',
          to: settings.webhookUrl,
          ...(settings.webhookSecret ? { secret: settings.webhookSecret } : {}),
        },
      ]
    }
    return null
  }
}

/** A JSON-over-HTTP transport (email gateway, SMS gateway, agency webhook); the dedup id rides as Idempotency-Key. */
export function httpTransport(
  endpoint: string | null,
  token?: string,
  fetcher: typeof fetch = fetch,
): Transport {
  return {
    async send(message) {
      const url = endpoint ?? message.to
      // Checked again at delivery: a row queued before a setting changed, or a gateway misconfigured.
      assertOutboundUrl(url)
      const body = JSON.stringify({
        to: message.to,
        subject: message.subject,
        text: message.body,
        kind: message.kind,
        payload: message.payload,
      })
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'idempotency-key': message.dedupId,
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      }
      if (message.secret) {
        // Standard Webhooks: the receiver verifies webhook-signature with the agency's secret.
        const at = new Date()
        headers['webhook-id'] = message.dedupId
        headers['webhook-timestamp'] = String(Math.floor(at.getTime() / 1000))
        headers['webhook-signature'] = new Webhook(message.secret).sign(message.dedupId, at, body)
      }
      // A redirect is never followed (it could point anywhere the check above refuses): a 3xx is a failure.
      const res = await fetcher(url, { method: 'POST', headers, body, redirect: 'manual' })
      if (!res.ok) throw new Error(`HTTP ${res.status} from transport`)
    },
  }
}

/** The in-app inbox needs no network: the sent row itself is the notification staff see. */
export const inappTransport: Transport = { async send() {} }
