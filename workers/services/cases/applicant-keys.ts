// Finding a case by its applicant without putting personal data in clear anywhere: the name and ID number are kept
// only as keyed hashes (HMAC with the deployment secret) of their normalised forms, and matched exactly.
import type { Db } from '../../../db/client'
import { applicantKeys } from '../../../db/schema'
import { hmacSha256, toHex } from '../../lib/crypto'

const NAME_FIELDS = ['name', 'agentName'] as const
const ID_FIELDS = ['idDocument', 'agentIdDocument'] as const

/** Full-width to half-width, no spaces or zero-width characters, upper case (ID numbers end in X or x). */
function normalise(value: string): string {
  return value
    .normalize('NFKC')
    .replace(/[\s\u200b-\u200f\u2060\ufeff]/g, '')
    .toUpperCase()
}

function text(value: unknown): string | null {
  if (typeof value === 'string') return value
  if (value && typeof value === 'object' && typeof (value as { number?: unknown }).number === 'string')
    return (value as { number: string }).number
  return null
}

async function keyedHash(secret: string, kind: 'name' | 'id', value: string): Promise<string> {
  return toHex(await hmacSha256(secret, `applicant-${kind}:${normalise(value)}`))
}

/** The hashes a search text would have as a name or as an ID number. */
export async function applicantSearchHashes(secret: string, q: string): Promise<string[]> {
  const v = normalise(q)
  if (!v) return []
  return [await keyedHash(secret, 'name', v), await keyedHash(secret, 'id', v)]
}

/** The applicant-key rows of a submission's personal answers, to write in the submission's batch. */
export async function applicantKeyStatements(
  db: Db,
  secret: string,
  input: { agencyId: string; submissionId: string; pii: Record<string, unknown> },
) {
  const hashes = new Set<string>()
  for (const [fields, kind] of [
    [NAME_FIELDS, 'name'],
    [ID_FIELDS, 'id'],
  ] as const) {
    for (const f of fields) {
      const v = text(input.pii[f])
      if (v && normalise(v)) hashes.add(await keyedHash(secret, kind, v))
    }
  }
  if (hashes.size === 0) return []
  return [
    db
      .insert(applicantKeys)
      .values(
        [...hashes].map((hash) => ({ agencyId: input.agencyId, hash, submissionId: input.submissionId })),
      )
      .onConflictDoNothing(),
  ]
}
