// A citizen's validated answers become a submission: personal answers split off (encrypted at rest), the annual-
// report column derived from the applicant category the citizen chose, uploads linked in the same batch. Also the
// JSON API's submit, and the abuse limits both channels share: per address, per applicant (a keyed hash of the ID
// number or USCC), and no cap per form — a form under pressure asks for proof-of-work instead of closing.
import type { BatchItem } from 'drizzle-orm/batch'
import type { Db } from '../../db/client'
import {
  type ApplicantCategory,
  applicantCategory,
  type CompiledForm,
  canonicalJson,
  type SubmissionData,
  validateSubmission,
} from '../../forms'
import { shanghaiDate } from '../../workflows/calendar'
import { workflowIdOfForm } from '../../workflows/definitions'
import type { ReportColumn } from '../../workflows/outcomes'
import { AppError, type FieldIssue } from '../errors'
import { messages } from '../i18n/zh-CN'
import { hmacSha256, sha256Hex, toHex } from '../lib/crypto'
import type { PiiKeyring } from '../lib/pii'
import {
  addressKey,
  type BatchLimit,
  exceededLimit,
  hitStatement,
  limitCheck,
  peekCount,
  type RateRule,
  rateLimited,
} from '../lib/rate-limit'
import type { AgencyRow, PublishedForm } from './forms'
import { apiChallenge, powChallenge, powRequired, powSolved, spendPowSolution } from './proof-of-work'
import { createSubmission, type SubmissionReceipt } from './submissions'
import { attachmentIds, type FileStore, linkAttachments } from './uploads'

/** Submissions per client address per hour (abuse protection). */
export const SUBMIT_RATE: RateRule = { limit: 10, windowMs: 3_600_000 }
/** Submissions per applicant (ID number or USCC) and agency per day, from any address. */
export const APPLICANT_RATE: RateRule = { limit: 20, windowMs: 24 * 3_600_000 }
/**
 * Valid submissions per agency form per hour from which the form is under pressure: proof-of-work is then required
 * of everyone until the window ends. Nothing is refused for the count itself.
 */
export const FORM_PRESSURE = { threshold: 100, windowMs: 3_600_000 } as const

/** What the citizen-facing services need from the deployment and the request. */
export interface IntakeDeps {
  db: Db
  files: FileStore
  /** The deployment secret for HMACs (form tokens, receipt links, query codes, proof-of-work). */
  readonly secret: string
  /** The personal-data keyring, loaded only when a submission is written or a receipt shown. */
  keyring: () => Promise<PiiKeyring>
  /** The caller's address, for the per-address limits. */
  clientIp: string
  now: number
}

/** The agency and the published form a request is about. */
export interface OpenForm {
  agency: AgencyRow
  form: PublishedForm
}

/** The annual-report column (Table 3) each applicant category is counted in. */
const REPORT_COLUMN: Record<ApplicantCategory, ReportColumn> = {
  natural_person: 'natural_person',
  commercial: 'commercial_enterprise',
  research: 'research_institution',
  social_welfare: 'public_welfare_organization',
  legal_services: 'legal_service_institution',
  other: 'other_organization',
}

/** The annual-report column of validated disclosure answers (from the applicant category the citizen chose). */
export function reportColumnOf(data: SubmissionData): ReportColumn {
  return REPORT_COLUMN[applicantCategory(data)]
}

/** Short searchable title of a request (the description of the information or record, first line, no personal fields). */
export function requestTitle(data: SubmissionData): string {
  const described = data.informationDescription ?? data.recordDescription
  const text = typeof described === 'string' ? described : ''
  return text.split(/\r?\n/)[0]!.slice(0, 120)
}

/** Validated answers split into stored answers and personal ones (encrypted at rest). */
function splitPersonal(form: CompiledForm, data: SubmissionData) {
  const personal: Record<string, unknown> = {}
  const rest: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(data)) {
    if (form.piiFieldNames.includes(k)) personal[k] = v
    else rest[k] = v
  }
  return { data: rest, personal }
}

function formKey(open: OpenForm): string {
  return `submit-form:${open.agency.id}:${open.form.slug}`
}

/** Whether the form is under pressure now (proof-of-work switched on for everyone). */
export async function formUnderPressure(
  deps: Pick<IntakeDeps, 'db' | 'now'>,
  open: OpenForm,
): Promise<boolean> {
  const rule = { limit: FORM_PRESSURE.threshold, windowMs: FORM_PRESSURE.windowMs }
  return (await peekCount(deps.db, formKey(open), rule, deps.now)) >= FORM_PRESSURE.threshold
}

/** A fresh proof-of-work challenge for this form (on the HTML flow bound to the page's token), or null. */
export async function formChallenge(
  deps: Pick<IntakeDeps, 'db' | 'secret' | 'now'>,
  open: OpenForm,
  bind = '',
): Promise<string | null> {
  return powChallenge(deps, open.agency, bind, await formUnderPressure(deps, open))
}

/** `GET …/challenge`: a challenge while the agency or the form's pressure requires one, else 404. */
export async function formApiChallenge(
  deps: Pick<IntakeDeps, 'db' | 'secret' | 'now'>,
  open: OpenForm,
): Promise<string> {
  return apiChallenge(deps, open.agency, await formUnderPressure(deps, open))
}

/**
 * Whether `payload` solves a challenge the form requires now (true when none is required), and spends it: a
 * solution is good for one submission only.
 */
export async function formPowSolved(
  deps: Pick<IntakeDeps, 'db' | 'secret' | 'now'>,
  open: OpenForm,
  payload: string,
  bind = '',
): Promise<boolean> {
  const pressure = await formUnderPressure(deps, open)
  if (!powRequired(open.agency, pressure)) return true
  if (!(await powSolved(deps, open.agency, payload, bind, pressure))) return false
  return spendPowSolution(deps.db, payload, deps.now)
}

/**
 * Who is applying, as a keyed hash (HMAC with the deployment secret) of the normalised ID number or USCC: the
 * limit follows the applicant across addresses, and the stored key reveals no identity.
 */
export async function applicantKey(secret: string, data: SubmissionData): Promise<string | null> {
  const id = data.idDocument as { type?: unknown; number?: unknown } | undefined
  const identity =
    typeof data.uscc === 'string' && data.uscc
      ? `uscc|${data.uscc}`
      : id && typeof id.number === 'string' && id.number
        ? `id|${String(id.type ?? '')}|${id.number}`
        : null
  if (identity === null) return null
  const normalised = identity.normalize('NFKC').toUpperCase().replace(/\s/g, '')
  return toHex(await hmacSha256(secret, `applicant|${normalised}`))
}

/** How a submission's proof-of-work was settled before its batch. */
export type PowBeforeBatch = 'refused' | 'solved' | 'in-batch'

/**
 * Proof-of-work before the batch, reading nothing in the common case: without a payload, on an agency that does not
 * ask for it everywhere, the submission's batch itself refuses it if the form is under pressure ('in-batch'). A
 * payload is checked (and spent) as before: 'solved', or 'refused'.
 */
export async function powBeforeBatch(
  deps: Pick<IntakeDeps, 'db' | 'secret' | 'now'>,
  open: OpenForm,
  payload: string,
  bind = '',
): Promise<PowBeforeBatch> {
  if (!payload && !powRequired(open.agency)) return 'in-batch'
  return (await formPowSolved(deps, open, payload, bind)) ? 'solved' : 'refused'
}

/**
 * The abuse limits of a valid submit, as statements of its own write batch: a hit against the caller's address
 * and against its applicant's keyed hash, each followed by its check (over the limit: the batch aborts, so a
 * refused submit counts nothing and writes nothing), the form's pressure checked before this submit's hit when no
 * proof-of-work was settled before the batch (never refused for the count itself: proof-of-work is asked for), and
 * the hit towards that pressure.
 */
function limitStatements(
  deps: Pick<IntakeDeps, 'db' | 'clientIp' | 'now'>,
  open: OpenForm,
  applicant: string | null,
  pow: 'solved' | 'in-batch',
): BatchItem<'sqlite'>[] {
  const { db, now } = deps
  const address = addressKey('submit', deps.clientIp)
  const form = formKey(open)
  const applicantLimit = applicant ? `submit-applicant:${open.agency.id}:${applicant}` : null
  return [
    hitStatement(db, address, SUBMIT_RATE.windowMs, now),
    limitCheck(db, 'submit-address', address, SUBMIT_RATE.windowMs, SUBMIT_RATE.limit, now),
    ...(applicantLimit
      ? [
          hitStatement(db, applicantLimit, APPLICANT_RATE.windowMs, now),
          limitCheck(
            db,
            'submit-applicant',
            applicantLimit,
            APPLICANT_RATE.windowMs,
            APPLICANT_RATE.limit,
            now,
          ),
        ]
      : []),
    ...(pow === 'in-batch'
      ? [limitCheck(db, 'form-pressure', form, FORM_PRESSURE.windowMs, FORM_PRESSURE.threshold - 1, now)]
      : []),
    hitStatement(db, form, FORM_PRESSURE.windowMs, now),
  ]
}

/** The answer to a submission its batch refused over a limit (as the checks before the batch answered). */
function refusedOver(limit: BatchLimit, now: number): AppError {
  if (limit === 'form-pressure') return powRequiredError()
  const rule = limit === 'submit-address' ? SUBMIT_RATE : APPLICANT_RATE
  return rateLimited(rule.windowMs - (now % rule.windowMs))
}

function powRequiredError(): AppError {
  return new AppError('validation_failed', {
    issues: [{ path: 'X-Altcha', code: 'pow_required', message: messages.form.powRequired }],
  })
}

/** Whether `err` is the refusal of a submission for want of proof-of-work. */
export function isPowRequired(err: unknown): boolean {
  return (
    err instanceof AppError && err.code === 'validation_failed' && err.issues?.[0]?.code === 'pow_required'
  )
}

/**
 * Write validated answers as a submission (idempotent by key) in one batch with its abuse limits and `alsoWrite`
 * (given the new reference); 429 over a limit,
 * 422 if the form is under pressure and no proof-of-work was settled (`pow`), or if a named upload is not available.
 */
export async function submitAnswers(
  deps: IntakeDeps,
  open: OpenForm,
  data: SubmissionData,
  idempotencyKey: string | null,
  pow: 'solved' | 'in-batch',
  alsoWrite: (reference: string) => BatchItem<'sqlite'>[] = () => [],
): Promise<SubmissionReceipt> {
  const { compiled } = open.form
  const split = splitPersonal(compiled, data)
  const ring = await deps.keyring()
  const ids = attachmentIds(compiled, data)
  const applicant = await applicantKey(deps.secret, data)
  try {
    return await createSubmission(
      deps.db,
      { ring, secret: deps.secret },
      {
        agencyId: open.agency.id,
        formVersionId: open.form.id,
        channel: 'online',
        workflowId: workflowIdOfForm(open.form.slug),
        data: split.data,
        pii: split.personal,
        reportColumn: reportColumnOf(data),
        title: requestTitle(data),
        applicantKey: applicant,
        idempotencyKey,
        bodyHash: await sha256Hex(canonicalJson({ form: open.form.hash, data })),
        guards: limitStatements(deps, open, applicant, pow),
        linkStatements: async (submissionId, reference) => [
          ...(await linkAttachments(deps.db, open.agency.id, ids, submissionId)),
          ...alsoWrite(reference),
        ],
      },
      deps.now,
    )
  } catch (err) {
    const limit = exceededLimit(err)
    throw limit ? refusedOver(limit, deps.now) : err
  }
}

/**
 * `POST …/submissions` of the JSON API: the body validated as a whole, proof-of-work from `X-Altcha` when the
 * agency requires it on every public channel. A replay of the same key and body returns the first receipt.
 */
export async function submitJson(
  deps: IntakeDeps,
  open: OpenForm,
  input: { body: unknown; idempotencyKey: string | null; proofOfWork: string },
): Promise<SubmissionReceipt> {
  const pow = await powBeforeBatch(deps, open, input.proofOfWork)
  if (pow === 'refused') throw powRequiredError()
  const result = validateSubmission(open.form.compiled, input.body, {
    source: 'json',
    today: shanghaiDate(deps.now),
  })
  if (!result.ok) {
    throw new AppError('validation_failed', {
      issues: result.issues.map((i): FieldIssue => ({ path: i.path, code: i.code, message: i.message })),
    })
  }
  const key = input.idempotencyKey === null ? null : `api:${input.idempotencyKey}`
  return submitAnswers(deps, open, result.data, key, pow)
}
