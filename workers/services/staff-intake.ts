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
import type { PostedPage, RawAnswers } from './form-flow'
import type { IntakeDeps, OpenForm } from './intake'
import { applicantKey, reportColumnOf, requestTitle } from './intake'
import { closedYearsOf } from './reports/closing'
import { createSubmission } from './submissions'
import { attachmentIds, type FileRules, fileRules, linkAttachments, storeUpload } from './uploads'

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
  /** The form's answers as the registrar entered them: JSON (the API), or a posted page's fields (the admin page). */
  data: unknown
  source?: 'json' | 'form'
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

/** Only a registrar of the agency registers its applications (another agency's is a 404, like its cases). */
export function assertRegistrar(auth: AuthContext, agencyId: string): void {
  if (!scopedAgencyIds(auth).includes(agencyId)) throw new AppError('not_found')
  if (!hasRole(auth, agencyId, 'registrar')) throw new AppError('forbidden', { message: t.registrarOnly })
}

/** The day of receipt checked against its channel's rule (Art. 31): the issue quoting the rule, or none. */
export function receiptDateIssues(channel: IntakeChannel, receivedOn: string, now: number): FieldIssue[] {
  if (!isValidIsoDate(receivedOn)) {
    return [{ path: 'receivedOn', code: 'invalid_date', message: t.receivedOnInvalid }]
  }
  const refusal = receiptDateRefusal({
    channel: STORED_CHANNEL[channel],
    receivedOn,
    today: shanghaiDate(now),
    submittedOn: null,
  })
  return refusal === null ? [] : [{ path: 'receivedOn', code: 'receipt_date', message: refusal }]
}

/** The registrar's answers validated as the citizen form validates them (JSON or a posted page). */
function validateIntakeAnswers(
  compiled: CompiledForm,
  input: unknown,
  source: 'json' | 'form',
  now: number,
): { data: SubmissionData; issues: FieldIssue[] } {
  const result = validateSubmission(compiled, input, { source, today: shanghaiDate(now) })
  if (result.ok) return { data: result.data, issues: [] }
  return {
    data: {},
    issues: result.issues.map(
      (i): FieldIssue => ({ path: `data.${i.path}`, code: i.code, message: i.message }),
    ),
  }
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
  const { compiled } = open.form
  // Every problem at once (the day of receipt and the answers), and nothing written.
  const answers = validateIntakeAnswers(compiled, input.data, input.source ?? 'json', deps.now)
  const issues = [...receiptDateIssues(input.channel, input.receivedOn, deps.now), ...answers.issues]
  if (issues.length > 0) throw new AppError('validation_failed', { issues })
  const { data } = answers
  const channel = STORED_CHANNEL[input.channel]
  const workflowId = workflowIdOfForm(open.form.slug)
  // A request received in a year whose annual report is closed would change that year's 本年新收 (一).
  const receivedYear = Number(input.receivedOn.slice(0, 4))
  if (workflowId === 'disclosure' && (await closedYearsOf(deps.db, open.agency.id)).includes(receivedYear)) {
    throw new AppError('report_year_closed', {
      message: messages.reports.yearClosedRefusal(receivedYear),
      details: { closedYear: receivedYear },
    })
  }
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
      applicantKey: await applicantKey(deps.secret, data),
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

/** What the intake page shows after a POST: the receipt, or the page again with every problem and the answers kept. */
export type IntakePageResult =
  | { kind: 'registered'; receipt: StaffIntakeReceipt; receivedOn: string }
  | { kind: 'invalid'; answers: RawAnswers; errors: Map<string, string> }

function firstValue(answers: RawAnswers, key: string): string {
  return answers.get(key)?.[0] ?? ''
}

/** The form's own answers of a posted page (the page's underscored fields left out). */
function formInput(answers: RawAnswers): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {}
  for (const [k, v] of answers) if (!k.startsWith('_')) out[k] = v.length === 1 ? v[0]! : v
  return out
}

/**
 * The admin intake page's POST: the scan and the form's uploads are stored first (kept on the page if something
 * else is wrong), then the application is registered as the JSON API registers it.
 */
export async function registerFromPage(
  deps: Pick<IntakeDeps, 'db' | 'files' | 'secret' | 'keyring' | 'now'>,
  input: { auth: AuthContext; open: OpenForm; posted: PostedPage },
): Promise<IntakePageResult> {
  const { auth, open } = input
  const { answers, files } = input.posted
  assertRegistrar(auth, open.agency.id)
  const errors = new Map<string, string>()
  const scan = files.get('_scan')?.[0]
  if (scan) {
    const stored = await storeUpload(deps, open.agency.id, scan, SCAN_RULES)
    if (stored.ok) {
      answers.set('_scanId', [stored.id])
      answers.set('_scanName', [stored.name])
    } else errors.set('scan', t.scanRefused(stored.message))
  }
  for (const page of open.form.compiled.renderModel.pages) {
    for (const field of page.fields) {
      const rules = fileRules(open.form.compiled, field.name)
      const incoming = files.get(`${field.name}.upload`) ?? []
      if (!rules || incoming.length === 0) continue
      const kept = answers.get(field.name) ?? []
      for (const file of incoming.slice(0, Math.max(0, rules.maxFiles - kept.length))) {
        const stored = await storeUpload(deps, open.agency.id, file, rules)
        if (stored.ok) {
          kept.push(stored.id)
          answers.set(`_file.${stored.id}`, [stored.name])
        } else errors.set(field.name, messages.form.uploadRefused(file.name.slice(0, 60), stored.message))
      }
      answers.set(field.name, kept)
    }
  }
  const channel = firstValue(answers, '_channel')
  if (!(INTAKE_CHANNELS as readonly string[]).includes(channel)) errors.set('channel', t.channelRequired)
  if (errors.size > 0) {
    // Every problem at once: the answers are checked even while the channel or an upload is wrong.
    const checked = validateIntakeAnswers(open.form.compiled, formInput(answers), 'form', deps.now)
    for (const issue of checked.issues) {
      const key = issue.path.slice('data.'.length)
      if (!errors.has(key)) errors.set(key, issue.message)
    }
    return { kind: 'invalid', answers, errors }
  }
  const receivedOn = firstValue(answers, '_receivedOn')
  try {
    const receipt = await registerApplication(deps, {
      auth,
      open,
      channel: channel as IntakeChannel,
      receivedOn,
      data: formInput(answers),
      source: 'form',
      scan: firstValue(answers, '_scanId') || undefined,
      idempotencyKey: null,
    })
    return { kind: 'registered', receipt, receivedOn }
  } catch (err) {
    if (err instanceof AppError && err.code === 'report_year_closed') {
      errors.set('receivedOn', err.message)
      return { kind: 'invalid', answers, errors }
    }
    if (!(err instanceof AppError) || err.code !== 'validation_failed') throw err
    for (const issue of err.issues ?? []) {
      const key = issue.path.startsWith('data.') ? issue.path.slice('data.'.length) : issue.path
      if (!errors.has(key)) errors.set(key, issue.message)
    }
    if (errors.size === 0) errors.set('receivedOn', err.message)
    return { kind: 'invalid', answers, errors }
  }
}
