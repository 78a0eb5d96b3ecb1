// Staff intake (Regulation Art. 29, 31): a registrar registers an application received in person, by post, fax or
// e-mail, or orally (代为填写), through the same form definition citizens use. The case opens already received on
// the day the channel's rule gives (no confirmation step), records who entered it and the channel, and may carry a
// scan of the paper application. Not subject to the public per-address limits; every intake is a staff event in the
// agency's audit chain.
import { type CompiledForm, canonicalJson, type SubmissionData, validateSubmission } from '../../forms'
import { isValidIsoDate, shanghaiDate } from '../../workflows/calendar'
import { type ReceiptChannel, receiptDateRefusal, workflowIdOfForm } from '../../workflows/definitions'
import { type AuthContext, hasRole, scopedAgencyIds } from '../auth/sessions'
import { AppError, type FieldIssue } from '../errors'
import { messages } from '../i18n/zh-CN'
import { sha256Hex } from '../lib/crypto'
import { agencyWorkflowSettings } from './agency-settings'
import type { IntakeDeps, OpenForm } from './intake'
import { reportColumnOf, requestTitle } from './intake'
import { createSubmission } from './submissions'
import { attachmentIds, type FileRules, type FileStore, linkAttachments, storeUpload } from './uploads'

/** How a registrar received the application (the intake contract's channel names). */
export const INTAKE_CHANNELS = ['in_person', 'post', 'fax', 'email', 'oral'] as const
export type IntakeChannel = (typeof INTAKE_CHANNELS)[number]

/** The receipt channel each intake channel is stored as: a posted application counts from the day signed for. */
const STORED_CHANNEL: Record<IntakeChannel, ReceiptChannel> = {
  in_person: 'in_person',
  post: 'registered_post',
  fax: 'fax',
  email: 'email',
  oral: 'oral',
}

/** The scan of a paper application: a PDF or image of up to 10 MB. */
export const SCAN_RULES: Pick<FileRules, 'maxBytes' | 'accept'> = {
  maxBytes: 10 * 1024 * 1024,
  accept: ['application/pdf', 'image/jpeg', 'image/png'],
}

/** The first event of a case a registrar entered (staff trail and public timeline: 登记收到). */
export const STAFF_INTAKE = 'staff-intake'

export interface StaffIntakeInput {
  auth: AuthContext
  open: OpenForm
  channel: IntakeChannel
  receivedOn: string
  /** The form's answers as the registrar entered them. */
  data: unknown
  /** Upload id of the scanned paper application (stored with storeIntakeScan or the form's upload endpoint). */
  scan?: string | undefined
  idempotencyKey: string | null
}

export interface StaffIntakeReceipt {
  caseId: string
  reference: string
  queryCode: string
  replay: boolean
}

const t = messages.intake

function refuse(path: string, code: string, message: string): never {
  throw new AppError('validation_failed', { issues: [{ path, code, message }] })
}

/** Only a registrar of the agency registers its applications (another agency's is a 404, like its cases). */
export function assertRegistrar(auth: AuthContext, agencyId: string): void {
  if (!scopedAgencyIds(auth).includes(agencyId)) throw new AppError('not_found')
  if (!hasRole(auth, agencyId, 'registrar')) throw new AppError('forbidden', { message: t.registrarOnly })
}

/** The day of receipt checked against its channel's rule (Art. 31): a refusal quotes the rule. */
export function checkReceiptDate(channel: IntakeChannel, receivedOn: string, now: number): void {
  if (!isValidIsoDate(receivedOn)) refuse('receivedOn', 'invalid_date', t.receivedOnInvalid)
  const refusal = receiptDateRefusal({
    channel: STORED_CHANNEL[channel],
    receivedOn,
    today: shanghaiDate(now),
    submittedOn: null,
  })
  if (refusal !== null) refuse('receivedOn', 'receipt_date', refusal)
}

/** The registrar's answers validated as the citizen form validates them (422 with field issues). */
export function validateIntakeAnswers(compiled: CompiledForm, data: unknown, now: number): SubmissionData {
  const result = validateSubmission(compiled, data, { source: 'json', today: shanghaiDate(now) })
  if (!result.ok) {
    throw new AppError('validation_failed', {
      issues: result.issues.map(
        (i): FieldIssue => ({ path: `data.${i.path}`, code: i.code, message: i.message }),
      ),
    })
  }
  return result.data
}

/** Store the scan of a paper application for the agency, unlinked until the intake that names it. */
export async function storeIntakeScan(
  deps: { db: IntakeDeps['db']; files: FileStore; now: number },
  agencyId: string,
  file: File,
): Promise<string> {
  const stored = await storeUpload(deps, agencyId, file, SCAN_RULES)
  if (!stored.ok) refuse('scan', 'invalid_file', t.scanRefused(stored.message))
  return stored.id
}

/**
 * Register an application a registrar received: checks role, the receipt date by channel and the answers, then
 * writes the submission and its case (received on that day, due date counted from it) in one batch. The same
 * Idempotency-Key and body replay the first receipt; every refusal writes nothing.
 */
export async function registerApplication(
  deps: Pick<IntakeDeps, 'db' | 'secret' | 'keyring' | 'now'>,
  input: StaffIntakeInput,
): Promise<StaffIntakeReceipt> {
  const { auth, open } = input
  assertRegistrar(auth, open.agency.id)
  checkReceiptDate(input.channel, input.receivedOn, deps.now)
  const { compiled } = open.form
  const data = validateIntakeAnswers(compiled, input.data, deps.now)
  const channel = STORED_CHANNEL[input.channel]
  const workflowId = workflowIdOfForm(open.form.slug)
  const personal: Record<string, unknown> = {}
  const rest: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(data)) (compiled.piiFieldNames.includes(k) ? personal : rest)[k] = v
  const ids = [...attachmentIds(compiled, data), ...(input.scan ? [input.scan] : [])]
  const { settings } = await agencyWorkflowSettings(deps.db, open.agency.id, workflowId)
  const receipt = await createSubmission(
    deps.db,
    { ring: await deps.keyring(), secret: deps.secret },
    {
      agencyId: open.agency.id,
      formVersionId: open.form.id,
      channel,
      workflowId,
      data: rest,
      pii: personal,
      reportColumn: reportColumnOf(data),
      title: requestTitle(data),
      idempotencyKey: input.idempotencyKey === null ? null : `intake:${input.idempotencyKey}`,
      bodyHash: await sha256Hex(
        canonicalJson({
          form: open.form.hash,
          channel,
          receivedOn: input.receivedOn,
          scan: input.scan ?? null,
          data,
        }),
      ),
      enteredBy: auth.user.id,
      receipt: { channel, receivedOn: input.receivedOn, by: auth.user.id },
      settings,
      firstAction: STAFF_INTAKE,
      firstPayload: input.scan ? { scan: input.scan } : {},
      linkStatements: (submissionId) => linkAttachments(deps.db, open.agency.id, ids, submissionId),
    },
    deps.now,
  )
  return {
    caseId: receipt.caseId,
    reference: receipt.reference,
    queryCode: receipt.queryCode,
    replay: receipt.replay,
  }
}
