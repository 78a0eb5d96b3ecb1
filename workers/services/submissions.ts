// Submission pipeline: one D1 batch writes the submission (personal data encrypted) and opens its case in
// "submitted, awaiting confirmation". Idempotent by key: a replay returns the original reference.
import { and, eq } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import type { Db } from '../../db/client'
import { submissions } from '../../db/schema'
import { shanghaiDate } from '../../workflows/calendar'
import type { DisclosureSettings, InitialReceipt, ReceiptChannel } from '../../workflows/definitions'
import type { ReportColumn } from '../../workflows/outcomes'
import { AppError } from '../errors'
import { hmacSha256, newId, toHex } from '../lib/crypto'
import { decryptPii, encryptPii, type PiiKeyring } from '../lib/pii'
import { newQueryCode, newReference } from '../lib/reference'
import { agencyCalendar, loadCalendar } from './calendar'
import { commitTransition } from './case-store'
import { openCase } from './cases'
import { applicantKeyStatements } from './cases/applicant-keys'

export interface SubmissionInput {
  agencyId: string
  formVersionId: string
  channel: ReceiptChannel
  /** Non-personal answers (stored as JSON). */
  data: Record<string, unknown>
  /** Personal answers (encrypted at rest). */
  pii: Record<string, unknown>
  /** The annual-report column (Table 3) the applicant is counted in: `natural_person`, `commercial_enterprise`, … */
  reportColumn: ReportColumn
  /** Short searchable summary of the request (no personal data). */
  title: string
  /** Keyed hash of the applicant's normalised ID number or USCC (intake.applicantKey); never the plaintext. */
  applicantKey?: string | null
  idempotencyKey: string | null
  /** Canonical hash of what was submitted, to tell a replay from a conflicting reuse of the key. */
  bodyHash: string
  /** The registrar who keyed in a paper, fax, e-mail or oral application (staff intake). */
  enteredBy?: string | null
  /** The workflow the case runs (from the form; default disclosure). */
  workflowId?: string
  /** Staff intake: the day of receipt the registrar recorded; the case opens received, with no confirmation step. */
  receipt?: InitialReceipt
  /** The agency's settings for the workflow (the due date of a case opened received counts with them). */
  settings?: DisclosureSettings
  /** The first event's action (default `submit`) and what its payload adds. */
  firstAction?: string
  firstPayload?: Record<string, unknown>
  /**
   * Statements that run first in the submission's batch and may abort it (the abuse limits' counts and checks):
   * their error is thrown as D1 gave it, and nothing is written.
   */
  guards?: BatchItem<'sqlite'>[]
  /** Statements that must commit with the submission (e.g. linking its uploaded attachments, closing its draft). */
  linkStatements?: (submissionId: string, reference: string) => Promise<BatchItem<'sqlite'>[]>
}

export interface SubmissionReceipt {
  submissionId: string
  caseId: string
  reference: string
  queryCode: string
  submittedAt: number
  /** True when this call replayed an earlier identical submission. */
  replay: boolean
}

/** HMAC of reference + query code with the deployment secret: a leaked table does not give codes away. */
export async function queryCodeHash(secret: string, reference: string, code: string): Promise<string> {
  return toHex(await hmacSha256(secret, `${reference}:${code}`))
}

interface PiiEnvelope {
  answers: Record<string, unknown>
  /** Kept encrypted so that an idempotent replay can show the code again. */
  queryCode: string
}

async function replay(
  db: Db,
  ring: PiiKeyring,
  existing: typeof submissions.$inferSelect,
  bodyHash: string,
): Promise<SubmissionReceipt> {
  if (existing.bodyHash !== bodyHash) throw new AppError('idempotency_conflict')
  const envelope = await decryptPii<PiiEnvelope>(ring, existing.piiKeyId, existing.pii, existing.id)
  const row = await db.query.cases.findFirst({
    where: (c, { and: all, eq: is }) =>
      all(is(c.submissionId, existing.id), is(c.agencyId, existing.agencyId)),
  })
  return {
    submissionId: existing.id,
    caseId: row?.id ?? '',
    reference: existing.reference,
    queryCode: envelope.queryCode,
    submittedAt: existing.submittedAt,
    replay: true,
  }
}

/** Write a submission and open its case in one batch; a known idempotency key replays the first receipt. */
export async function createSubmission(
  db: Db,
  deps: { ring: PiiKeyring; secret: string },
  input: SubmissionInput,
  now: number,
): Promise<SubmissionReceipt> {
  const byKey = () =>
    input.idempotencyKey
      ? db
          .select()
          .from(submissions)
          .where(
            and(
              eq(submissions.agencyId, input.agencyId),
              eq(submissions.idempotencyKey, input.idempotencyKey),
            ),
          )
          .get()
      : Promise.resolve(undefined)
  // No lookup first: the (agency, key) unique index refuses a known key inside the write's batch, and the
  // conflict below answers with the first receipt (a replay is rare; every first submit saves a round trip).
  const submissionId = newId()
  const caseId = newId()
  const year = Number(shanghaiDate(now).slice(0, 4))
  const reference = newReference(year)
  const queryCode = newQueryCode()
  const sealed = await encryptPii(
    deps.ring,
    { answers: input.pii, queryCode } satisfies PiiEnvelope,
    submissionId,
  )
  const calendar = await agencyCalendar(db, await loadCalendar(db, { withLocalRules: true }), input.agencyId)
  const linked = (await input.linkStatements?.(submissionId, reference)) ?? []
  // The applicant's name and ID number as keyed hashes, so staff can find the case without them in clear.
  const searchKeys = await applicantKeyStatements(db, deps.secret, {
    agencyId: input.agencyId,
    submissionId,
    pii: input.pii,
  })
  try {
    await commitTransition(db, {
      ...openCase({
        caseId,
        agencyId: input.agencyId,
        submissionId,
        applicantType: input.reportColumn,
        title: input.title,
        applicantKey: input.applicantKey ?? null,
        now,
        calendar,
        ...(input.workflowId ? { workflowId: input.workflowId } : {}),
        ...(input.receipt ? { receipt: input.receipt } : {}),
        ...(input.settings ? { settings: input.settings } : {}),
        firstEvent: {
          action: input.firstAction ?? 'submit',
          actorKind: input.enteredBy ? 'staff' : 'applicant',
          actorId: input.enteredBy ?? null,
          payload: {
            channel: input.channel,
            formVersionId: input.formVersionId,
            ...(input.receipt ? { receivedOn: input.receipt.receivedOn } : {}),
            ...input.firstPayload,
          },
        },
      }),
      outbox: [],
      extra: [
        ...(input.guards ?? []),
        db.insert(submissions).values({
          id: submissionId,
          agencyId: input.agencyId,
          formVersionId: input.formVersionId,
          channel: input.channel,
          submittedAt: now,
          idempotencyKey: input.idempotencyKey,
          bodyHash: input.bodyHash,
          reference,
          queryCodeHash: await queryCodeHash(deps.secret, reference, queryCode),
          data: JSON.stringify(input.data),
          pii: sealed.ciphertext,
          piiKeyId: sealed.keyId,
          applicantType: input.reportColumn,
          enteredBy: input.enteredBy ?? null,
          createdAt: now,
        }),
        ...linked,
        ...searchKeys,
      ],
      now,
      extraConflict: async () => (await byKey()) !== undefined,
    })
  } catch (err) {
    // A known key (a replay, or two identical requests racing): the first receipt, if the body is the same.
    if (input.idempotencyKey && err instanceof AppError && err.code === 'conflict') {
      const winner = await byKey()
      if (winner) return replay(db, deps.ring, winner, input.bodyHash)
    }
    throw err
  }
  return { submissionId, caseId, reference, queryCode, submittedAt: now, replay: false }
}

/** A submission by its public reference (callers check that it belongs to the agency asking). */
export async function submissionByReference(db: Db, reference: string) {
  return db.select().from(submissions).where(eq(submissions.reference, reference)).get()
}

/** The query code kept (encrypted) with the submission, for re-showing the receipt. */
export async function submissionQueryCode(
  ring: PiiKeyring,
  row: Pick<typeof submissions.$inferSelect, 'id' | 'pii' | 'piiKeyId'>,
): Promise<string> {
  return (await decryptPii<PiiEnvelope>(ring, row.piiKeyId, row.pii, row.id)).queryCode
}

/** The applicant's answers, decrypted (callers audit who reads them). */
export async function submissionPii(
  ring: PiiKeyring,
  row: Pick<typeof submissions.$inferSelect, 'id' | 'pii' | 'piiKeyId'>,
): Promise<Record<string, unknown>> {
  return (await decryptPii<PiiEnvelope>(ring, row.piiKeyId, row.pii, row.id)).answers
}

/** The e-mail address and phone number an applicant gave (either may be missing). */
export function applicantContact(answers: Record<string, unknown>): { email?: string; phone?: string } {
  const email = typeof answers.email === 'string' && answers.email ? answers.email : undefined
  const phone = typeof answers.phone === 'string' && answers.phone ? answers.phone : undefined
  return { ...(email ? { email } : {}), ...(phone ? { phone } : {}) }
}

/**
 * A new query code for a submission: its hash and the submission's envelope sealed again with it (the answers
 * unchanged), ready to be written in place of the old ones. The old code stops working once written.
 */
export async function replacedQueryCode(
  deps: { ring: PiiKeyring; secret: string },
  row: Pick<typeof submissions.$inferSelect, 'id' | 'reference' | 'pii' | 'piiKeyId'>,
): Promise<{ queryCode: string; set: { queryCodeHash: string; pii: string; piiKeyId: string } }> {
  const envelope = await decryptPii<PiiEnvelope>(deps.ring, row.piiKeyId, row.pii, row.id)
  const queryCode = newQueryCode()
  const sealed = await encryptPii(deps.ring, { ...envelope, queryCode } satisfies PiiEnvelope, row.id)
  return {
    queryCode,
    set: {
      queryCodeHash: await queryCodeHash(deps.secret, row.reference, queryCode),
      pii: sealed.ciphertext,
      piiKeyId: sealed.keyId,
    },
  }
}
