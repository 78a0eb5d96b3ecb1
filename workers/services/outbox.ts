// Delivers outbox rows through pluggable transports (e-mail, SMS, webhook, in-app) with retries and dedup ids.
// Delivery never blocks a transition: rows were committed with it, and a failing transport only delays (then
// fails) its own rows.
import { and, asc, count, desc, eq, gte, inArray, isNull, lt, lte, or, type SQL, sql } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import { Webhook } from 'standardwebhooks'
import * as z from 'zod'
import type { Db } from '../../db/client'
import {
  agencies,
  cases,
  outbox,
  staffInbox as staffInbox_,
  users as staffUsers,
  submissions,
  userRoles,
} from '../../db/schema'
import { DUE_DATE_REMINDERS, dealtWithReminderKinds, type ReminderCase } from '../../workflows/definitions'
import { AppError } from '../errors'
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

/** A resume-link e-mail's address and values, read from the encrypted draft at delivery. */
export type DraftResumeReader = (
  idHash: string,
) => Promise<{ to: string; values: Record<string, string> } | null>

export type RecipientResolver = (row: typeof outbox.$inferSelect) => Promise<Route[] | null>

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? '')
}

interface CaseFacts {
  reference: string
  dueOn: string | null
  pendingYear: number | null
}

/** Reference and deadline of the cases some notifications name, in one read. */
async function caseFacts(db: Db, caseIds: string[]): Promise<Map<string, CaseFacts>> {
  const ids = [...new Set(caseIds)]
  if (ids.length === 0) return new Map()
  const rows = await db
    .select({
      id: cases.id,
      reference: submissions.reference,
      dueOn: cases.dueOn,
      pendingYear: cases.duePendingYear,
    })
    .from(cases)
    .innerJoin(submissions, eq(submissions.id, cases.submissionId))
    .where(inArray(cases.id, ids))
    .all()
  return new Map(rows.map(({ id, ...facts }) => [id, facts]))
}

function caseIdOf(payload: Record<string, unknown>): string | null {
  return typeof payload.caseId === 'string' ? payload.caseId : null
}

function renderText(
  kind: string,
  payload: Record<string, unknown>,
  facts: Map<string, CaseFacts>,
  extra: Record<string, string> = {},
) {
  const caseId = caseIdOf(payload)
  const c = caseId ? facts.get(caseId) : undefined
  const notified = payload.replyDueOn ?? payload.dueOn
  // A deadline waiting for next year's holidays is said in words, never left blank.
  const dueOn =
    (typeof notified === 'string' ? notified : '') ||
    (c?.dueOn ?? (c?.pendingYear ? messages.tracking.dueOnPendingShort(c.pendingYear) : ''))
  const texts = messages.notifications as Record<string, { subject: string; body: string }>
  const t = texts[kind] ?? messages.notifications.generic
  const values: Record<string, string> = { reference: c?.reference ?? '', dueOn, ...extra }
  for (const [k, v] of Object.entries(payload)) {
    if ((typeof v === 'string' || typeof v === 'number') && !(k in values)) values[k] = String(v)
  }
  return { subject: fill(t.subject, values), body: fill(t.body, values), payload }
}

async function render(db: Db, row: { kind: string; payload: string }, extra: Record<string, string> = {}) {
  const payload = JSON.parse(row.payload) as Record<string, unknown>
  const caseId = caseIdOf(payload)
  return renderText(row.kind, payload, await caseFacts(db, caseId ? [caseId] : []), extra)
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
  read: boolean
}

/** `<created at>:<outbox id>` of the last item of a page. */
export const InboxCursorSchema = z.string().regex(/^\d{1,15}:[A-Za-z0-9_-]{1,80}$/)

/**
 * A page of a staff member's in-app notifications (sent to them, to a role they hold, or to the operators: fanned out
 * to one row each when written), newest first, dismissed ones left out: one range of `staff_inbox_open_idx`.
 */
export async function staffInbox(
  db: Db,
  userId: string,
  page: { cursor?: string | undefined; limit?: number } = {},
): Promise<{ items: InboxItem[]; nextCursor: string | null; unread: number }> {
  const limit = page.limit ?? 20
  // A reminder whose matter was dealt with (its outbox row resolved) leaves the inbox by itself.
  const unresolved = sql`NOT EXISTS (SELECT 1 FROM ${outbox} WHERE ${outbox.id} = ${staffInbox_.outboxId} AND ${outbox.resolvedAt} IS NOT NULL)`
  const where = [eq(staffInbox_.userId, userId), isNull(staffInbox_.dismissedAt), unresolved]
  if (page.cursor) {
    const cut = page.cursor.indexOf(':')
    where.push(
      sql`(${staffInbox_.createdAt}, ${staffInbox_.outboxId}) < (${Number(page.cursor.slice(0, cut))}, ${page.cursor.slice(cut + 1)})`,
    )
  }
  const [rows, unread] = await db.batch([
    db
      .select()
      .from(staffInbox_)
      .where(and(...where))
      .orderBy(desc(staffInbox_.createdAt), desc(staffInbox_.outboxId))
      .limit(limit + 1),
    db
      .select({ n: count() })
      .from(staffInbox_)
      .where(
        and(
          eq(staffInbox_.userId, userId),
          isNull(staffInbox_.readAt),
          isNull(staffInbox_.dismissedAt),
          unresolved,
        ),
      ),
  ])
  const shown = rows.slice(0, limit)
  const parsed = shown.map((r) => ({ row: r, payload: JSON.parse(r.payload) as Record<string, unknown> }))
  const facts = await caseFacts(
    db,
    parsed.flatMap((p) => caseIdOf(p.payload) ?? []),
  )
  const items = parsed.map(({ row, payload }) => {
    const text = renderText(row.kind, payload, facts)
    return {
      id: row.outboxId,
      at: row.createdAt,
      subject: text.subject,
      body: text.body,
      caseId: caseIdOf(payload),
      link: inboxLink(payload),
      read: row.readAt !== null,
    }
  })
  const last = shown.at(-1)
  return {
    items,
    nextCursor: rows.length > limit && last ? `${last.createdAt}:${last.outboxId}` : null,
    unread: unread[0]?.n ?? 0,
  }
}

/** Mark one of the user's notifications read, or dismiss it (gone from the inbox); another's is a 404. */
export async function markInboxItem(
  db: Db,
  userId: string,
  outboxId: string,
  op: 'read' | 'dismiss',
  now: number,
): Promise<void> {
  const set = op === 'read' ? { readAt: now } : { dismissedAt: now, readAt: now }
  const done = await db
    .update(staffInbox_)
    .set(set)
    .where(and(eq(staffInbox_.userId, userId), eq(staffInbox_.outboxId, outboxId)))
    .returning({ id: staffInbox_.outboxId })
  if (done.length === 0) throw new AppError('not_found')
}

/** Delete delivered rows (sent, or skipped for want of a channel) older than the retention period; returns how many. */
export async function pruneOutbox(db: Db, now: number, retentionDays: number): Promise<number> {
  const cutoff = now - retentionDays * 86_400_000
  const gone = await db
    .delete(outbox)
    .where(and(inArray(outbox.status, ['sent', 'skipped']), lt(outbox.nextAttemptAt, cutoff)))
    .returning({ id: outbox.id })
  return gone.length
}

/**
 * Mark the staff reminders about a case that have been dealt with as resolved (the inbox no longer shows them): a
 * statement for the batch that moves the case, or for the timer sweep. Every reminder of an ended case; a reminder
 * whose step the case has moved past; a reminder about a reply date that is no longer the case's date.
 */
export function resolveDealtWithReminders(
  db: Db,
  c: { caseId: string; snapshot: ReminderCase; final: boolean; dueOn: string | null; now: number },
): BatchItem<'sqlite'> {
  // Every reminder about the case is keyed `case:{id}:…` (sweep and transition effects alike): a range on the index.
  const about = [gte(outbox.dedupId, `case:${c.caseId}:`), lt(outbox.dedupId, `case:${c.caseId};`)]
  const dealtWith: SQL | undefined = c.final
    ? undefined
    : or(
        inArray(outbox.kind, dealtWithReminderKinds(c.snapshot)),
        and(
          inArray(outbox.kind, [...DUE_DATE_REMINDERS]),
          sql`json_extract(${outbox.payload}, '$.dueOn') IS NOT ${c.dueOn}`,
        ),
      )
  return db
    .update(outbox)
    .set({ resolvedAt: c.now })
    .where(and(eq(outbox.audience, 'staff'), isNull(outbox.resolvedAt), ...about, dealtWith))
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
  draftResume?: DraftResumeReader,
): RecipientResolver {
  return async (row) => {
    const [kind, ...rest] = row.recipient.split(':')
    if (kind === 'draft-email') {
      // The link holds the draft id (a credential): never in the row, read from the draft itself at delivery.
      const found = draftResume ? await draftResume(rest.join(':')) : null
      return found ? [{ transport: 'email', to: found.to, values: found.values }] : null
    }
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
