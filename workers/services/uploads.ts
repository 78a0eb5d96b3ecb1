// Uploads that never became part of a submission (the applicant gave up) are personal data with no purpose:
// delete them after a day (PIPL Art. 19: keep no longer than needed).
import { and, inArray, isNull, lt } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { attachments } from '../../db/schema'

/** The object store uploads live in: R2 on Workers, any S3-compatible store when self-hosted. */
export interface FileStore {
  put(key: string, bytes: Uint8Array, options: { httpMetadata: { contentType: string } }): Promise<unknown>
  get(key: string): Promise<{ body: ReadableStream } | null>
  delete(keys: string[]): Promise<void>
}

export const ORPHAN_UPLOAD_TTL_MS = 24 * 3_600_000

/** Delete unlinked uploads older than the TTL from the store and D1; returns how many were removed. */
export async function pruneOrphanUploads(db: Db, files: FileStore, now: number): Promise<number> {
  const stale = await db
    .select({ id: attachments.id, r2Key: attachments.r2Key })
    .from(attachments)
    .where(and(isNull(attachments.submissionId), lt(attachments.createdAt, now - ORPHAN_UPLOAD_TTL_MS)))
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
    ),
  )
  return stale.length
}
