// Citizens' uploads: checked (size, type allow-list, magic bytes), encrypted like the personal answers (AES-256-GCM,
// the attachment id as associated data) and stored under server-generated keys with an attachments row, linked to
// their submission (or task report) in its batch; unlinked ones are deleted after a day (PIPL Art. 19).
import { and, eq, gt, inArray, isNull, lt, notExists, or, sql } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import type { Db } from '../../db/client'
import { attachments, formDrafts } from '../../db/schema'
import { type CompiledForm, checkUpload, type FileType, type SubmissionData } from '../../forms'
import { AppError } from '../errors'
import { messages } from '../i18n/zh-CN'
import { newId, sha256Hex } from '../lib/crypto'
import { encryptBytes, type PiiKeyring } from '../lib/pii'
import { addressKey, enforceRateLimit, type RateRule } from '../lib/rate-limit'

const t = messages.form

/** The object store uploads live in: R2 on Workers, any S3-compatible store when self-hosted. */
export interface FileStore {
  put(key: string, bytes: Uint8Array, options: { httpMetadata: { contentType: string } }): Promise<unknown>
  get(key: string): Promise<{ body: ReadableStream } | null>
  delete(keys: string[]): Promise<void>
}

/** Uploads per client address per hour through the JSON API. */
export const UPLOAD_RATE: RateRule = { limit: 30, windowMs: 3_600_000 }
export const ORPHAN_UPLOAD_TTL_MS = 24 * 3_600_000

export interface FileRules {
  maxBytes: number
  accept: FileType[]
  maxFiles: number
}

/** The upload rules of a file question, or null when `name` is not one. */
export function fileRules(compiled: CompiledForm, name: string): FileRules | null {
  const field = compiled.definition.pages.flatMap((p) => p.fields).find((f) => f.name === name)
  if (field?.kind !== 'file') return null
  return { maxBytes: field.maxBytes, accept: [...field.accept] as FileType[], maxFiles: field.maxFiles }
}

/** What storing an upload needs: the database, the object store, the personal-data keyring and the clock. */
export interface UploadDeps {
  db: Db
  files: FileStore
  keyring: () => Promise<PiiKeyring>
  now: number
}

/** The associated data binding a stored file's ciphertext to its attachment row. */
export function attachmentAad(id: string): string {
  return `attachment|${id}`
}

export type StoredUpload = { ok: true; id: string; name: string } | { ok: false; message: string }

/**
 * Check one file and store it for `agencyId`, unlinked until a submission claims it; `draftHash`: uploaded on a page
 * of that citizen-form draft, so kept as long as the draft.
 */
export async function storeUpload(
  deps: UploadDeps,
  agencyId: string,
  file: File,
  rules: Pick<FileRules, 'maxBytes' | 'accept'>,
  draftHash?: string,
): Promise<StoredUpload> {
  const bytes = new Uint8Array(await file.arrayBuffer())
  const check = checkUpload({ filename: file.name, declaredType: file.type, bytes, size: file.size }, rules)
  if (!check.ok) return { ok: false, message: check.message }
  const id = newId()
  // Server-generated key: the applicant's file name never reaches storage paths.
  const r2Key = `attachments/${agencyId}/${id}`
  // The SHA-256 is of the file as uploaded; the store holds only the ciphertext.
  const sealed = await encryptBytes(await deps.keyring(), bytes, attachmentAad(id))
  await deps.files.put(r2Key, sealed.bytes, { httpMetadata: { contentType: 'application/octet-stream' } })
  await deps.db.insert(attachments).values({
    id,
    agencyId,
    r2Key,
    keyId: sealed.keyId,
    sha256: await sha256Hex(bytes),
    size: check.size,
    contentType: check.type,
    filename: check.displayName,
    draftHash: draftHash ?? null,
    createdAt: deps.now,
  })
  return { ok: true, id, name: check.displayName }
}

/**
 * `POST …/attachments` of the JSON API: one file for the file question `field`, stored until a submission names
 * its id. The file is read only after the rate limit.
 */
export async function uploadAttachment(
  deps: UploadDeps & { clientIp: string },
  form: { agencyId: string; compiled: CompiledForm },
  field: string,
  readFile: () => Promise<File | undefined>,
): Promise<{ id: string; filename: string }> {
  await enforceRateLimit(deps.db, addressKey('upload', deps.clientIp), UPLOAD_RATE, deps.now)
  const file = await readFile()
  const rules = fileRules(form.compiled, field)
  if (!rules || !file) {
    throw new AppError('validation_failed', {
      issues: [{ path: 'file', code: 'required', message: t.uploadOneFile }],
    })
  }
  const stored = await storeUpload(deps, form.agencyId, file, rules)
  if (!stored.ok) {
    throw new AppError('validation_failed', {
      issues: [{ path: 'file', code: 'invalid_file', message: stored.message }],
    })
  }
  return { id: stored.id, filename: stored.name }
}

/** The upload ids named by the file questions of validated answers. */
export function attachmentIds(compiled: CompiledForm, data: SubmissionData): string[] {
  const ids: string[] = []
  for (const page of compiled.definition.pages) {
    for (const f of page.fields) {
      const v = data[f.name]
      if (f.kind === 'file' && Array.isArray(v))
        ids.push(...v.filter((x): x is string => typeof x === 'string'))
    }
  }
  return ids
}

/** Statements linking the submission's uploads to it; 422 if any id is unknown, foreign or already used. */
export async function linkAttachments(
  db: Db,
  agencyId: string,
  ids: string[],
  submissionId: string,
): Promise<BatchItem<'sqlite'>[]> {
  if (ids.length === 0) return []
  const unclaimed = and(
    inArray(attachments.id, ids),
    eq(attachments.agencyId, agencyId),
    isNull(attachments.submissionId),
    isNull(attachments.taskReportId),
  )
  const rows = await db.select({ id: attachments.id }).from(attachments).where(unclaimed).all()
  if (rows.length !== new Set(ids).size) {
    throw new AppError('validation_failed', {
      issues: [{ path: 'attachments', code: 'attachment_unknown', message: t.attachmentsMissing }],
    })
  }
  return [db.update(attachments).set({ submissionId }).where(unclaimed)]
}

/**
 * Delete unlinked uploads older than the TTL from the store and D1 — except those of a draft still open (not yet
 * expired: its cron purge, or its expiry, frees them); returns how many were removed.
 */
export async function pruneOrphanUploads(db: Db, files: FileStore, now: number): Promise<number> {
  const draftOpen = db
    .select({ one: sql`1` })
    .from(formDrafts)
    .where(and(eq(formDrafts.idHash, attachments.draftHash), gt(formDrafts.expiresAt, now)))
  const stale = await db
    .select({ id: attachments.id, r2Key: attachments.r2Key })
    .from(attachments)
    .where(
      and(
        isNull(attachments.submissionId),
        isNull(attachments.taskReportId),
        lt(attachments.createdAt, now - ORPHAN_UPLOAD_TTL_MS),
        or(isNull(attachments.draftHash), notExists(draftOpen)),
      ),
    )
    .limit(100)
    .all()
  if (stale.length === 0) return 0
  await files.delete(stale.map((s) => s.r2Key))
  await db.delete(attachments).where(
    and(
      inArray(
        attachments.id,
        stale.map((s) => s.id),
      ),
      isNull(attachments.submissionId),
      isNull(attachments.taskReportId),
    ),
  )
  return stale.length
}
