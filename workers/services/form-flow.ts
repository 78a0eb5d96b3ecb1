// The citizen form as HTML pages, without JavaScript or cookies: every answer rides in the page, each POST checks
// one page (storing its uploads first), then check-your-answers, then submit → receipt. Each step says what to
// show next; the route renders it.
import {
  type CompiledForm,
  formatMessage,
  type SubmissionData,
  type SubmissionIssue,
  validatePage,
  validateSubmission,
} from '../../forms'
import { shanghaiDate } from '../../workflows/calendar'
import { AppError } from '../errors'
import { messages } from '../i18n/zh-CN'
import { timingSafeEqual } from '../lib/crypto'
import { addressKey, enforceRateLimit, type RateRule } from '../lib/rate-limit'
import { type EmbedContext, embedContext, embedQuery } from './embedding'
import { checkFormToken, issueFormToken, receiptKey, tokenNonce } from './form-tokens'
import { type AnswerRow, answerRows, embedOrigins } from './forms'
import {
  countSubmitByAddress,
  countValidSubmit,
  formChallenge,
  formPowSolved,
  type IntakeDeps,
  type OpenForm,
  submitAnswers,
} from './intake'
import { applicantContact, submissionByReference, submissionPii, submissionQueryCode } from './submissions'
import { fileRules, storeUpload } from './uploads'

const t = messages.form

/** Form pages posted per client address per 10 minutes. */
export const PAGE_RATE: RateRule = { limit: 300, windowMs: 600_000 }
/** The `_page` value of check-your-answers. */
export const CHECK_PAGE = '_check'
/** The honeypot field: invisible to people, filled by bots. */
export const HONEYPOT_FIELD = 'website'

/** Answers as posted: form key → values (the answers, the carried upload names and the flow's own fields). */
export type RawAnswers = Map<string, string[]>

/** The request body of a form page, read only once the page rate limit has passed. */
export interface PostedPage {
  answers: RawAnswers
  files: Map<string, File[]>
}

export interface FormIssue {
  path: string
  field: string
  message: string
}

/** What every page of the flow carries: the answers so far, the form token and the portal embedding. */
export interface FlowState {
  answers: RawAnswers
  token: string
  embed: EmbedContext
}

/** What to show after a POST. */
export type FlowStep =
  | { kind: 'refused'; message: string }
  | (FlowState & { kind: 'page'; pageIndex: number; issues: FormIssue[]; status: 200 | 422 })
  | (FlowState & {
      kind: 'check'
      rows: AnswerRow[]
      issues: FormIssue[]
      /** A proof-of-work challenge (JSON) when the agency requires one. */
      pow: string | null
      status: 200 | 422
    })
  | { kind: 'submitted'; receiptUrl: string }

function formScope(open: OpenForm): string {
  return `${open.agency.id}|${open.form.slug}`
}

/** The form's own path (`/{agency}/forms/{form}`). */
export function formPath(open: OpenForm): string {
  return `/${open.agency.slug}/forms/${open.form.slug}`
}

/**
 * The first page: a fresh token, the portal embedding asked for in the query, and hidden answers prefilled from
 * the query string where the definition allows it (e.g. a portal passing its own reference).
 */
export async function startForm(
  deps: Pick<IntakeDeps, 'secret' | 'now'>,
  open: OpenForm,
  query: (key: string) => string | undefined,
): Promise<FlowState> {
  const answers: RawAnswers = new Map()
  for (const page of open.form.compiled.renderModel.pages) {
    for (const f of page.fields) {
      for (const ctl of f.controls) {
        const q = ctl.prefillQuery ? query(ctl.prefillQuery) : undefined
        if (q) answers.set(ctl.key, [q.slice(0, 200)])
      }
    }
  }
  return {
    answers,
    token: await issueFormToken(deps.secret, formScope(open), deps.now),
    embed: embedContext(embedOrigins(open.agency), query('parent'), query),
  }
}

/** Form fields → the plain input the forms core validates (the flow's underscored keys and the honeypot left out). */
function inputOf(answers: RawAnswers): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {}
  for (const [k, v] of answers) {
    if (k.startsWith('_') || k === HONEYPOT_FIELD) continue
    out[k] = v.length === 1 ? v[0]! : v
  }
  return out
}

/** Answers of the pages before `pageIndex`, validated, as the scope for that page's conditions. */
function earlierAnswers(
  compiled: CompiledForm,
  answers: RawAnswers,
  pageIndex: number,
  today: string,
): SubmissionData {
  const input = inputOf(answers)
  let data: SubmissionData = {}
  for (const page of compiled.renderModel.pages.slice(0, pageIndex)) {
    const r = validatePage(compiled, page.id, input, { source: 'form', today, answers: data })
    if (r.ok) data = { ...data, ...r.data }
  }
  return data
}

function issuesOf(list: readonly SubmissionIssue[]): FormIssue[] {
  return list.map((i) => ({ path: i.path, field: i.field, message: i.message }))
}

function pageIndexOfField(compiled: CompiledForm, field: string): number {
  const i = compiled.renderModel.pages.findIndex((p) => p.fields.some((f) => f.name === field))
  return i < 0 ? 0 : i
}

/** Human-readable answers for check-your-answers; uploads are named by the file names carried in the page. */
function summaryRows(compiled: CompiledForm, data: SubmissionData, answers: RawAnswers): AnswerRow[] {
  return answerRows(compiled, data, (id) => answers.get(`_file.${id}`)?.[0])
}

/** One POST of the flow: a page answered, a step back, a jump from check-your-answers, or the final submit. */
export async function advanceForm(
  deps: IntakeDeps,
  open: OpenForm,
  readPosted: () => Promise<PostedPage>,
): Promise<FlowStep> {
  await enforceRateLimit(deps.db, addressKey('form-page', deps.clientIp), PAGE_RATE, deps.now)
  const { answers, files } = await readPosted()
  const first = (k: string) => answers.get(k)?.[0] ?? ''
  const { compiled } = open.form
  const pages = compiled.renderModel.pages
  const today = shanghaiDate(deps.now)
  const token = first('_token')
  const state: FlowState = {
    answers,
    token,
    embed: embedContext(embedOrigins(open.agency), first('_parent') || undefined, () => undefined),
  }
  const tokenCheck = await checkFormToken(deps.secret, formScope(open), token, deps.now, { minFill: false })
  if (!tokenCheck.ok) return { kind: 'refused', message: t.invalidToken }
  const page = (pageIndex: number, issues: FormIssue[] = [], status: 200 | 422 = 200): FlowStep => ({
    ...state,
    kind: 'page',
    pageIndex,
    issues,
    status,
  })
  const check = async (rows: AnswerRow[], issues: FormIssue[], status: 200 | 422): Promise<FlowStep> => ({
    ...state,
    kind: 'check',
    rows,
    issues,
    status,
    pow: await formChallenge(deps, open, tokenNonce(token)),
  })
  const nav = first('_nav') || 'next'
  const pageId = first('_page')

  if (pageId === CHECK_PAGE) {
    if (nav.startsWith('goto:')) {
      const target = pages.findIndex((p) => p.id === nav.slice('goto:'.length))
      return page(Math.max(0, target))
    }
    const result = validateSubmission(compiled, inputOf(answers), { source: 'form', today })
    if (!result.ok) {
      const issues = issuesOf(result.issues)
      return page(pageIndexOfField(compiled, issues[0]!.field), issues, 422)
    }
    if (first(HONEYPOT_FIELD) !== '') return { kind: 'refused', message: t.rejected }
    const submitCheck = await checkFormToken(deps.secret, formScope(open), token, deps.now, { minFill: true })
    const refusal = (message: string) =>
      check(summaryRows(compiled, result.data, answers), [{ path: 'submit', field: 'submit', message }], 422)
    if (!submitCheck.ok) {
      return refusal(
        submitCheck.reason === 'too_fast'
          ? t.tooFast
          : submitCheck.reason === 'expired'
            ? t.expired
            : t.invalidToken,
      )
    }
    if (!(await formPowSolved(deps, open, first('_pow'), submitCheck.nonce))) return refusal(t.powRequired)
    await countSubmitByAddress(deps)
    await countValidSubmit(deps, open, result.data)
    try {
      const receipt = await submitAnswers(deps, open, result.data, `form:${submitCheck.nonce}`)
      return { kind: 'submitted', receiptUrl: await receiptUrl(deps, open, receipt.reference, state.embed) }
    } catch (err) {
      // An upload that expired or was used meanwhile: back to its question, without the stale ids.
      const issue = err instanceof AppError && err.code === 'validation_failed' ? err.issues?.[0] : undefined
      if (issue?.path !== 'attachments') throw err
      answers.delete('attachments')
      return page(
        pageIndexOfField(compiled, 'attachments'),
        [{ path: 'attachments', field: 'attachments', message: issue.message }],
        422,
      )
    }
  }

  const index = pages.findIndex((p) => p.id === pageId)
  if (index < 0) return page(0)
  if (nav === 'back') return page(Math.max(0, index - 1))

  // Store this page's uploads first, so a file is never asked for twice when another answer is wrong.
  const uploadIssues: FormIssue[] = []
  for (const field of pages[index]!.fields) {
    const rules = fileRules(compiled, field.name)
    const incoming = files.get(`${field.name}.upload`) ?? []
    if (!rules || incoming.length === 0) continue
    const kept = answers.get(field.name) ?? []
    for (const file of incoming) {
      if (kept.length >= rules.maxFiles) {
        const message = formatMessage('too_many.files', { label: field.label, max: rules.maxFiles })
        uploadIssues.push({ path: field.name, field: field.name, message })
        break
      }
      const stored = await storeUpload(deps, open.agency.id, file, rules)
      if (stored.ok) {
        kept.push(stored.id)
        answers.set(`_file.${stored.id}`, [stored.name])
      } else {
        const message = t.uploadRefused(file.name.slice(0, 60), stored.message)
        uploadIssues.push({ path: field.name, field: field.name, message })
      }
    }
    answers.set(field.name, kept)
  }
  const result = validatePage(compiled, pages[index]!.id, inputOf(answers), {
    source: 'form',
    today,
    answers: earlierAnswers(compiled, answers, index, today),
  })
  const issues = [...uploadIssues, ...(result.ok ? [] : issuesOf(result.issues))]
  if (issues.length > 0) return page(index, issues, 422)
  if (index < pages.length - 1) return page(index + 1)
  const all = validateSubmission(compiled, inputOf(answers), { source: 'form', today })
  if (!all.ok) {
    const list = issuesOf(all.issues)
    return page(pageIndexOfField(compiled, list[0]!.field), list, 422)
  }
  return check(summaryRows(compiled, all.data, answers), [], 200)
}

async function receiptUrl(
  deps: Pick<IntakeDeps, 'secret'>,
  open: OpenForm,
  reference: string,
  embed: EmbedContext,
): Promise<string> {
  const qs = new URLSearchParams([['k', await receiptKey(deps.secret, reference)], ...embedQuery(embed)])
  return `${formPath(open)}/receipt/${reference}?${qs.toString()}`
}

/**
 * How long after the submission its receipt link shows the receipt (with the query code): long enough to print it,
 * note it or have a copy sent, short enough that a link left in a shared browser's history no longer reveals it.
 */
export const RECEIPT_LINK_TTL_MS = 30 * 60_000

/** The receipt behind a receipt link, and which contacts a copy can go to. */
export interface Receipt {
  submissionId: string
  agencyId: string
  reference: string
  queryCode: string
  submittedAt: number
  /** The contacts given in the application (a copy of the receipt can go to each). */
  contacts: { email: boolean; phone: boolean }
}

/**
 * The receipt behind a receipt link: 404 unless the key matches and the submission is this agency's; 410 once the
 * link has expired. Not rate limited: the key is an unguessable HMAC, and the receipt right after a submission must
 * show even when the address has used up its tracking lookups (a service hall or campus behind one address).
 */
export async function openReceipt(
  deps: IntakeDeps,
  open: OpenForm,
  link: { reference: string; key: string },
): Promise<Receipt> {
  if (!timingSafeEqual(link.key, await receiptKey(deps.secret, link.reference)))
    throw new AppError('not_found')
  const sub = await submissionByReference(deps.db, link.reference)
  if (!sub || sub.agencyId !== open.agency.id) throw new AppError('not_found')
  if (deps.now - sub.submittedAt > RECEIPT_LINK_TTL_MS) throw new AppError('link_expired')
  const ring = await deps.keyring()
  const contact = applicantContact(await submissionPii(ring, sub))
  return {
    submissionId: sub.id,
    agencyId: sub.agencyId,
    reference: sub.reference,
    queryCode: await submissionQueryCode(ring, sub),
    submittedAt: sub.submittedAt,
    contacts: { email: contact.email !== undefined, phone: contact.phone !== undefined },
  }
}
