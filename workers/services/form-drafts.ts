// Server-side drafts of the citizen form (issue 14): the answers so far live in D1, encrypted whole with the
// personal-data keyring, under an unguessable draft id that travels in the page URL — no cookie, so a form
// embedded in a portal keeps working with third-party cookies blocked. The id is `issued.nonce.mac`: the MAC tells
// an id we issued (not yet saved: a fresh draft) from a forged one (404); `issued` tells a never-saved or purged
// id that is past its time (expired) from a new one. Only the id's SHA-256 is stored, so the table alone cannot
// open a draft. Drafts expire 7 days after their last save; the cron deletes them.
import { and, eq, isNull, lte } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { formDrafts } from '../../db/schema'
import { hmacSha256, randomToken, sha256Hex, timingSafeEqual, toBase64Url } from '../lib/crypto'
import { decryptPii, encryptPii, type PiiKeyring } from '../lib/pii'

/** How long a draft is kept after its last save. */
export const DRAFT_TTL_MS = 7 * 24 * 3_600_000
/** Tolerated clock skew for an id that claims to come from the future. */
const MAX_SKEW_MS = 60_000
const ID_SHAPE = /^([0-9a-z]{1,12})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{22})$/

/** A verified draft id. */
export interface DraftId {
  /** As it appears in the URL (a credential: never logged, never stored). */
  readonly raw: string
  readonly issuedAt: number
  /** The random part: also the submission's idempotency key and the proof-of-work binding. */
  readonly nonce: string
  /** Hex SHA-256 of `raw`: the row's key. */
  readonly hash: string
}

/** What a draft holds: the answers as posted (form key → values) and the pages answered so far. */
export interface DraftState {
  answers: [string, string[]][]
  done: string[]
  /**
   * Where the applicant asked the resume link to go, and the link itself (it holds the draft id, so it is kept only
   * here, encrypted with the answers; the outbox row names the draft by its hash and the link is read at delivery).
   */
  resume?: { email: string; url: string }
}

export type LoadedDraft =
  | { kind: 'new' }
  | { kind: 'open'; formVersionId: string; state: DraftState; updatedAt: number; expiresAt: number }
  | { kind: 'expired' }
  | { kind: 'submitted'; reference: string }

async function mac(secret: string, scope: string, body: string): Promise<string> {
  return toBase64Url(await hmacSha256(secret, `draft|${scope}|${body}`)).slice(0, 22)
}

/** A new draft id for the form `scope` (agency and form); nothing is stored until the first save. */
export async function issueDraftId(secret: string, scope: string, now: number): Promise<string> {
  const body = `${now.toString(36)}.${randomToken(16)}`
  return `${body}.${await mac(secret, scope, body)}`
}

/** The id if we issued it for this form, else null (a forged or mangled id is a 404, like an unknown one). */
export async function verifyDraftId(
  secret: string,
  scope: string,
  raw: string,
  now: number,
): Promise<DraftId | null> {
  const m = ID_SHAPE.exec(raw)
  if (!m) return null
  const [, issued, nonce, signature] = m
  if (!timingSafeEqual(signature!, await mac(secret, scope, `${issued}.${nonce}`))) return null
  const issuedAt = Number.parseInt(issued!, 36)
  if (!Number.isFinite(issuedAt) || issuedAt > now + MAX_SKEW_MS) return null
  return { raw, issuedAt, nonce: nonce!, hash: await sha256Hex(raw) }
}

function aad(idHash: string): string {
  return `draft|${idHash}`
}

/** The draft behind a verified id: new, open, expired (or purged) or already submitted. */
export async function loadDraft(
  db: Db,
  ring: () => Promise<PiiKeyring>,
  agencyId: string,
  id: DraftId,
  now: number,
): Promise<LoadedDraft> {
  const row = await db.select().from(formDrafts).where(eq(formDrafts.idHash, id.hash)).get()
  if (!row || row.agencyId !== agencyId) {
    return now - id.issuedAt >= DRAFT_TTL_MS ? { kind: 'expired' } : { kind: 'new' }
  }
  if (row.submittedReference !== null) return { kind: 'submitted', reference: row.submittedReference }
  if (row.expiresAt <= now) return { kind: 'expired' }
  const state = await decryptPii<DraftState>(await ring(), row.keyId, row.data, aad(id.hash))
  return {
    kind: 'open',
    formVersionId: row.formVersionId,
    state,
    updatedAt: row.updatedAt,
    expiresAt: row.expiresAt,
  }
}

/** Save the draft (insert or replace), encrypted; a submitted draft is never reopened by a late save. */
export async function saveDraft(
  db: Db,
  ring: PiiKeyring,
  draft: { id: DraftId; agencyId: string; formVersionId: string; state: DraftState },
  now: number,
): Promise<void> {
  await (await saveDraftStatement(db, ring, draft, now)).statement
}

/**
 * The save as one statement, for a batch with what goes with it (the resume link's outbox row). Wrapped: the query
 * is thenable, so an async function returning it bare would run it.
 */
export async function saveDraftStatement(
  db: Db,
  ring: PiiKeyring,
  draft: { id: DraftId; agencyId: string; formVersionId: string; state: DraftState },
  now: number,
) {
  const sealed = await encryptPii(ring, draft.state, aad(draft.id.hash))
  const values = {
    data: sealed.ciphertext,
    keyId: sealed.keyId,
    updatedAt: now,
    expiresAt: now + DRAFT_TTL_MS,
  }
  const statement = db
    .insert(formDrafts)
    .values({
      idHash: draft.id.hash,
      agencyId: draft.agencyId,
      formVersionId: draft.formVersionId,
      createdAt: now,
      ...values,
    })
    .onConflictDoUpdate({
      target: formDrafts.idHash,
      set: values,
      setWhere: and(isNull(formDrafts.submittedReference), eq(formDrafts.agencyId, draft.agencyId)),
    })
  return { statement }
}

/**
 * At delivery of a resume-link e-mail: the address and link kept in the draft named by its hash, while the draft is
 * still open (a submitted, expired or purged draft sends nothing).
 */
export async function draftResumeLink(
  db: Db,
  ring: () => Promise<PiiKeyring>,
  idHash: string,
  now: number,
): Promise<{ email: string; url: string; expiresAt: number } | null> {
  const row = await db.select().from(formDrafts).where(eq(formDrafts.idHash, idHash)).get()
  if (!row || row.submittedReference !== null || row.expiresAt <= now) return null
  const state = await decryptPii<DraftState>(await ring(), row.keyId, row.data, aad(idHash))
  return state.resume ? { ...state.resume, expiresAt: row.expiresAt } : null
}

/**
 * After the submission, in its batch: drop the answers, keep the reference until the draft would have expired.
 * (Not async: the query is thenable, so an async function returning it bare would run it.)
 */
export function markDraftSubmittedStatement(db: Db, id: DraftId, reference: string, now: number) {
  return db
    .update(formDrafts)
    .set({ data: '', submittedReference: reference, updatedAt: now })
    .where(eq(formDrafts.idHash, id.hash))
}

/** `markDraftSubmittedStatement` on its own. */
export async function markDraftSubmitted(db: Db, id: DraftId, reference: string, now: number): Promise<void> {
  await markDraftSubmittedStatement(db, id, reference, now)
}

/** Cron: delete drafts past their expiry (a bounded batch per run); returns how many were removed. */
export async function purgeExpiredDrafts(db: Db, now: number): Promise<number> {
  const gone = await db
    .delete(formDrafts)
    .where(lte(formDrafts.expiresAt, now))
    .returning({ idHash: formDrafts.idHash })
  return gone.length
}
