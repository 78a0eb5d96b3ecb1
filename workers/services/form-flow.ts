// The citizen form as HTML pages that behave like the web (issue 14): every POST saves the page into a server-side
// draft (services/form-drafts.ts) and answers 303 to a GET of the next page, so the browser's Back, reload and a
// saved link all show the answers. No cookies: the draft id rides in the URL. The definition's conditions route
// the pages (a page with nothing to ask is skipped); "更改" on check-your-answers returns straight there, walking only
// pages the change made newly necessary. Each step says what to show next; the route renders it.

import * as z from 'zod'
import { outbox } from '../../db/schema'
import {
  type CompiledForm,
  evaluateCondition,
  formatMessage,
  nextPage,
  previousPage,
  type RenderPage,
  type SubmissionData,
  type SubmissionIssue,
  shownPages,
  validatePage,
  validateSubmission,
} from '../../forms'
import { shanghaiDate } from '../../workflows/calendar'
import { AppError } from '../errors'
import { messages } from '../i18n/zh-CN'
import { newId, timingSafeEqual } from '../lib/crypto'
import { addressKey, enforceRateLimit, type RateRule } from '../lib/rate-limit'
import { type EmbedContext, embedContext, embedQuery } from './embedding'
import {
  type DraftId,
  type DraftState,
  issueDraftId,
  loadDraft,
  markDraftSubmitted,
  markDraftSubmittedStatement,
  saveDraft,
  saveDraftStatement,
  verifyDraftId,
} from './form-drafts'
import { MIN_FILL_MS, receiptKey } from './form-tokens'
import { type AnswerRow, answerRows, embedOrigins, publishedVersionById } from './forms'
import {
  formChallenge,
  type IntakeDeps,
  isPowRequired,
  type OpenForm,
  powBeforeBatch,
  submitAnswers,
} from './intake'
import { applicantContact, submissionByReference, submissionPii, submissionQueryCode } from './submissions'
import { fileRules, storeUpload } from './uploads'

const t = messages.form
const d = messages.formDraft

/** Form pages posted per client address per 10 minutes. */
export const PAGE_RATE: RateRule = { limit: 300, windowMs: 600_000 }
/** The `p` (and `_page`) value of check-your-answers. */
export const CHECK_PAGE = '_check'
/** The honeypot field: invisible to people, filled by bots. */
export const HONEYPOT_FIELD = 'website'

/** Answers as posted: form key → values (the answers, the upload names and the flow's own fields). */
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

/** Where the flow is: the form version the draft was begun on, the draft id and the portal embedding. */
export interface FlowPlace {
  open: OpenForm
  draftId: string
  embed: EmbedContext
}

/** What to show. */
export type FlowView =
  | { kind: 'redirect'; location: string }
  | { kind: 'refused'; message: string }
  | { kind: 'expired'; restartUrl: string }
  | { kind: 'submitted-draft'; reference: string }
  | (FlowPlace & {
      kind: 'page'
      page: RenderPage
      /** 1-based position among the pages shown under the answers, and how many that is. */
      step: number
      steps: number
      answers: RawAnswers
      /** Answers the page itself must carry: prefills of a draft not saved yet, asked on other pages. */
      carried: RawAnswers
      /** Validated answers of every page: what conditions (optional marks, hidden questions) read. */
      scope: SubmissionData
      issues: FormIssue[]
      status: 200 | 422
      /** Reached by "更改" from check-your-answers: continuing returns there. */
      change: boolean
      saved: boolean
      resume: ResumeState
    })
  | (FlowPlace & {
      kind: 'check'
      rows: AnswerRow[]
      issues: FormIssue[]
      /** A proof-of-work challenge (JSON) when the agency requires one. */
      pow: string | null
      status: 200 | 422
      resume: ResumeState
    })

/** The resume panel's e-mail box: the address last asked for, and whether the link was just queued to it. */
export interface ResumeState {
  email: string
  sent: boolean
}

function formScope(open: OpenForm): string {
  return `${open.agency.id}|${open.form.slug}`
}

/** The form's own path (`/{agency}/forms/{form}`). */
export function formPath(open: OpenForm): string {
  return `/${open.agency.slug}/forms/${open.form.slug}`
}

/** A GET of the flow: the draft, the page (or check-your-answers), the change mode and the embedding. */
export function flowUrl(
  open: OpenForm,
  draftId: string,
  page: string | undefined,
  embed: EmbedContext,
  extra: [string, string][] = [],
): string {
  const qs = new URLSearchParams([['d', draftId]])
  if (page !== undefined) qs.set('p', page)
  for (const [k, v] of [...extra, ...embedQuery(embed)]) qs.append(k, v)
  return `${formPath(open)}?${qs.toString()}`
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

/** Every page's answers validated in order, each page seeing the earlier ones: the scope conditions read. */
function knownAnswers(
  compiled: CompiledForm,
  answers: RawAnswers,
  today: string,
  before = compiled.renderModel.pages.length,
): SubmissionData {
  const input = inputOf(answers)
  let data: SubmissionData = {}
  for (const page of compiled.renderModel.pages.slice(0, before)) {
    const r = validatePage(compiled, page.id, input, { source: 'form', today, answers: data })
    if (r.ok) data = { ...data, ...r.data }
  }
  return data
}

function issuesOf(list: readonly SubmissionIssue[]): FormIssue[] {
  return list.map((i) => ({ path: i.path, field: i.field, message: i.message }))
}

function pageOfField(compiled: CompiledForm, field: string): RenderPage {
  const pages = compiled.renderModel.pages
  return pages.find((p) => p.fields.some((f) => f.name === field)) ?? pages[0]!
}

/** Human-readable answers for check-your-answers; uploads are named by the file names kept in the draft. */
function summaryRows(compiled: CompiledForm, data: SubmissionData, answers: RawAnswers): AnswerRow[] {
  return answerRows(compiled, data, (id) => answers.get(`_file.${id}`)?.[0])
}

/** Whether a posted key answers one of `names` (`name`, `name.part`, `name[0].x`). */
function keyOf(names: ReadonlySet<string>, key: string): boolean {
  return names.has(key.split(/[.[]/)[0]!)
}

/** Query-string prefills of hidden questions (e.g. a portal passing its own reference). */
function prefills(compiled: CompiledForm, query: (key: string) => string | undefined): RawAnswers {
  const answers: RawAnswers = new Map()
  for (const page of compiled.renderModel.pages) {
    for (const f of page.fields) {
      for (const ctl of f.controls) {
        const q = ctl.prefillQuery ? query(ctl.prefillQuery) : undefined
        if (q) answers.set(ctl.key, [q.slice(0, 200)])
      }
    }
  }
  return answers
}

function prefillKeys(compiled: CompiledForm): Set<string> {
  return new Set(
    compiled.renderModel.pages.flatMap((p) =>
      p.fields.flatMap((f) => f.controls.filter((c) => c.prefillQuery).map((c) => c.key)),
    ),
  )
}

interface OpenDraft {
  id: DraftId
  /** The form version the draft belongs to (a newer version published since does not change it). */
  open: OpenForm
  answers: RawAnswers
  done: Set<string>
  /** Not saved yet. */
  fresh: boolean
  /** Where the resume link was last asked to go (kept with the answers). */
  resume?: DraftState['resume']
}

type DraftLookup = OpenDraft | { kind: 'expired' } | { kind: 'submitted'; reference: string }

async function openDraft(
  deps: IntakeDeps,
  open: OpenForm,
  id: DraftId,
  fresh: () => RawAnswers,
): Promise<DraftLookup> {
  const loaded = await loadDraft(deps.db, deps.keyring, open.agency.id, id, deps.now)
  if (loaded.kind === 'expired' || loaded.kind === 'submitted') return loaded
  if (loaded.kind === 'new') return { id, open, answers: fresh(), done: new Set(), fresh: true }
  const form =
    loaded.formVersionId === open.form.id
      ? open.form
      : await publishedVersionById(deps.db, open.agency, open.form.slug, loaded.formVersionId)
  // The version is gone (never, as published versions stay): the draft cannot be continued.
  if (!form) return { kind: 'expired' }
  return {
    id,
    open: { agency: open.agency, form },
    answers: new Map(loaded.state.answers),
    done: new Set(loaded.state.done),
    fresh: false,
    ...(loaded.state.resume ? { resume: loaded.state.resume } : {}),
  }
}

function draftRecord(draft: OpenDraft) {
  const state: DraftState = {
    answers: [...draft.answers],
    done: [...draft.done],
    ...(draft.resume ? { resume: draft.resume } : {}),
  }
  return { id: draft.id, agencyId: draft.open.agency.id, formVersionId: draft.open.form.id, state }
}

async function save(deps: IntakeDeps, draft: OpenDraft): Promise<void> {
  await saveDraft(deps.db, await deps.keyring(), draftRecord(draft), deps.now)
}

/** Resume links e-mailed per client address per hour, and per draft per day. */
export const RESUME_LINK_RATE: { address: RateRule; draft: RateRule } = {
  address: { limit: 10, windowMs: 3_600_000 },
  draft: { limit: 3, windowMs: 24 * 3_600_000 },
}

/** The resume panel's e-mail box (a flow field: never an answer). */
export const RESUME_EMAIL = '_resumeEmail'
const ResumeEmail = z.email().max(254)

/**
 * "保存并发送链接": the draft is saved with the address and the link (both encrypted with the answers), and an
 * outbox row that names the draft only by its hash, in one batch; the e-mail is written at delivery. A bad address
 * comes back on the page it was typed on, with the answers saved.
 */
async function sendResumeLink(
  deps: IntakeDeps,
  place: FlowPlace,
  draft: OpenDraft,
  input: {
    email: string
    origin: string
    back: () => FlowView
    invalid: (issue: FormIssue) => Promise<FlowView>
  },
): Promise<FlowView> {
  const parsed = ResumeEmail.safeParse(input.email.normalize('NFKC').trim())
  if (!parsed.success) {
    await save(deps, draft)
    const view = await input.invalid({
      path: RESUME_EMAIL,
      field: RESUME_EMAIL,
      message: d.resumeEmailInvalid,
    })
    // The box shows what was typed, to correct it.
    return 'resume' in view ? { ...view, resume: { email: input.email.slice(0, 254), sent: false } } : view
  }
  await enforceRateLimit(
    deps.db,
    addressKey('resume-link', deps.clientIp),
    RESUME_LINK_RATE.address,
    deps.now,
  )
  await enforceRateLimit(deps.db, `resume-link:${draft.id.hash}`, RESUME_LINK_RATE.draft, deps.now)
  const link = flowUrl(place.open, place.draftId, undefined, { parentOrigin: null, theme: {} })
  draft.resume = { email: parsed.data, url: `${input.origin}${link}` }
  const outboxId = newId()
  await deps.db.batch([
    (await saveDraftStatement(deps.db, await deps.keyring(), draftRecord(draft), deps.now)).statement,
    deps.db.insert(outbox).values({
      id: outboxId,
      agencyId: place.open.agency.id,
      kind: 'draft_resume_link',
      audience: 'applicant',
      recipient: `draft-email:${draft.id.hash}`,
      payload: JSON.stringify({
        agencyName: place.open.agency.name,
        formTitle: place.open.form.compiled.renderModel.title,
      }),
      nextAttemptAt: deps.now,
      dedupId: `draft-resume-link:${outboxId}`,
      createdAt: deps.now,
    }),
  ])
  return input.back()
}

/** Where a saved draft picks up: the first shown page not yet answered, else check-your-answers. */
function resumePage(compiled: CompiledForm, draft: OpenDraft, data: SubmissionData): string {
  const open = shownPages(compiled.renderModel.pages, data).find((p) => !draft.done.has(p.id))
  return open?.id ?? (draft.done.size > 0 ? CHECK_PAGE : compiled.renderModel.pages[0]!.id)
}

function expiredView(open: OpenForm, embed: EmbedContext): FlowView {
  return { kind: 'expired', restartUrl: `${formPath(open)}${queryOf(embedQuery(embed))}` }
}

function queryOf(pairs: [string, string][]): string {
  return pairs.length > 0 ? `?${new URLSearchParams(pairs).toString()}` : ''
}

function pageView(
  place: FlowPlace,
  draft: OpenDraft,
  page: RenderPage,
  today: string,
  extra: { issues?: FormIssue[]; change?: boolean; saved?: boolean; sent?: boolean } = {},
): FlowView {
  const { compiled } = draft.open.form
  const scope = knownAnswers(compiled, draft.answers, today)
  const shown = shownPages(compiled.renderModel.pages, scope)
  const at = shown.findIndex((p) => p.id === page.id)
  const issues = extra.issues ?? []
  return {
    ...place,
    kind: 'page',
    page,
    step: at < 0 ? 1 : at + 1,
    steps: Math.max(shown.length, 1),
    answers: draft.answers,
    carried: draft.fresh ? draft.answers : new Map(),
    scope,
    issues,
    status: issues.length > 0 ? 422 : 200,
    change: extra.change ?? false,
    saved: extra.saved ?? false,
    resume: { email: draft.resume?.email ?? '', sent: extra.sent ?? false },
  }
}

async function checkView(
  deps: IntakeDeps,
  place: FlowPlace,
  draft: OpenDraft,
  data: SubmissionData,
  issues: FormIssue[] = [],
  sent = false,
): Promise<FlowView> {
  return {
    ...place,
    kind: 'check',
    rows: summaryRows(draft.open.form.compiled, data, draft.answers),
    issues,
    status: issues.length > 0 ? 422 : 200,
    pow: await formChallenge(deps, draft.open, draft.id.nonce),
    resume: { email: draft.resume?.email ?? '', sent },
  }
}

/**
 * `GET /{agency}/forms/{form}`: without a draft id, 303 to a new one (nothing stored until the first save);
 * with one, the page asked for (`p`), check-your-answers, or where the draft left off.
 */
export async function showForm(
  deps: IntakeDeps,
  open: OpenForm,
  query: (key: string) => string | undefined,
): Promise<FlowView> {
  const embed = embedContext(embedOrigins(open.agency), query('parent'), query)
  const raw = query('d')
  const scope = formScope(open)
  if (!raw) {
    const id = await issueDraftId(deps.secret, scope, deps.now)
    const carried: [string, string][] = []
    for (const [k, v] of prefills(open.form.compiled, query)) {
      const ctl = open.form.compiled.renderModel.pages
        .flatMap((p) => p.fields.flatMap((f) => f.controls))
        .find((c) => c.key === k)
      if (ctl?.prefillQuery) carried.push([ctl.prefillQuery, v[0]!])
    }
    return { kind: 'redirect', location: flowUrl(open, id, undefined, embed, carried) }
  }
  const id = await verifyDraftId(deps.secret, scope, raw, deps.now)
  if (!id) throw new AppError('not_found')
  const draft = await openDraft(deps, open, id, () => prefills(open.form.compiled, query))
  if ('kind' in draft) {
    return draft.kind === 'expired'
      ? expiredView(open, embed)
      : { kind: 'submitted-draft', reference: draft.reference }
  }
  const { compiled } = draft.open.form
  const today = shanghaiDate(deps.now)
  const place: FlowPlace = { open: draft.open, draftId: raw, embed }
  const data = knownAnswers(compiled, draft.answers, today)
  const wanted = query('p')
  if (wanted === CHECK_PAGE) {
    const all = validateSubmission(compiled, inputOf(draft.answers), { source: 'form', today })
    if (!all.ok) {
      return {
        kind: 'redirect',
        location: flowUrl(open, raw, pageOfField(compiled, all.issues[0]!.field).id, embed),
      }
    }
    return checkView(deps, place, draft, all.data, [], query('sent') === '1')
  }
  const page = shownPages(compiled.renderModel.pages, data).find((p) => p.id === wanted)
  if (!page)
    return { kind: 'redirect', location: flowUrl(open, raw, resumePage(compiled, draft, data), embed) }
  return pageView(place, draft, page, today, {
    change: query('c') === '1',
    saved: query('saved') === '1',
    sent: query('sent') === '1',
  })
}

/** Merge one page as posted into the draft: its questions' answers replace the old ones; kept uploads stay. */
function mergePage(compiled: CompiledForm, draft: OpenDraft, page: RenderPage, posted: RawAnswers): void {
  const names = new Set(page.fields.filter((f) => f.kind !== 'file').map((f) => f.name))
  const prefilled = prefillKeys(compiled)
  for (const key of [...draft.answers.keys()]) if (keyOf(names, key)) draft.answers.delete(key)
  for (const [key, values] of posted) {
    if (key.startsWith('_') || key === HONEYPOT_FIELD) continue
    if (keyOf(names, key) || prefilled.has(key)) draft.answers.set(key, values)
  }
}

/** Store a page's uploads into the draft; the files are kept even when another answer on the page is wrong. */
async function storePageUploads(
  deps: IntakeDeps,
  draft: OpenDraft,
  page: RenderPage,
  files: Map<string, File[]>,
): Promise<FormIssue[]> {
  const { compiled } = draft.open.form
  const issues: FormIssue[] = []
  for (const field of page.fields) {
    const rules = fileRules(compiled, field.name)
    const incoming = files.get(`${field.name}.upload`) ?? []
    if (!rules || incoming.length === 0) continue
    const kept = [...(draft.answers.get(field.name) ?? [])]
    for (const file of incoming) {
      if (kept.length >= rules.maxFiles) {
        const message = formatMessage('too_many.files', { label: field.label, max: rules.maxFiles })
        issues.push({ path: field.name, field: field.name, message })
        break
      }
      const stored = await storeUpload(deps, draft.open.agency.id, file, rules, draft.id.hash)
      if (stored.ok) {
        kept.push(stored.id)
        draft.answers.set(`_file.${stored.id}`, [stored.name])
      } else {
        const message = t.uploadRefused(file.name.slice(0, 60), stored.message)
        issues.push({ path: field.name, field: field.name, message })
      }
    }
    draft.answers.set(field.name, kept)
  }
  return issues
}

/**
 * After a page is accepted: the next page, or check-your-answers. Coming from "更改", only pages the change made
 * necessary (shown now but never answered, or no longer valid) are walked before returning to the check page.
 */
function nextAfter(
  compiled: CompiledForm,
  draft: OpenDraft,
  page: RenderPage,
  today: string,
  change: boolean,
): string {
  const pages = compiled.renderModel.pages
  const data = knownAnswers(compiled, draft.answers, today)
  if (!change) return nextPage(pages, page.id, data)?.id ?? CHECK_PAGE
  const input = inputOf(draft.answers)
  const at = pages.findIndex((p) => p.id === page.id)
  const needed = shownPages(pages.slice(at + 1), data).find((p) => {
    if (!draft.done.has(p.id)) return true
    const earlier = knownAnswers(compiled, draft.answers, today, pages.indexOf(p))
    return !validatePage(compiled, p.id, input, { source: 'form', today, answers: earlier }).ok
  })
  return needed?.id ?? CHECK_PAGE
}

/** One POST of the flow: a page answered, saved for later, a step back, or the final submit. */
export async function advanceForm(
  deps: IntakeDeps,
  open: OpenForm,
  readPosted: () => Promise<PostedPage>,
  /** The site's origin, for the resume link sent by e-mail. */
  origin: string,
): Promise<FlowView> {
  await enforceRateLimit(deps.db, addressKey('form-page', deps.clientIp), PAGE_RATE, deps.now)
  const { answers: posted, files } = await readPosted()
  const first = (k: string) => posted.get(k)?.[0] ?? ''
  const embed = embedContext(embedOrigins(open.agency), first('_parent') || undefined, () => undefined)
  const raw = first('_draft')
  const id = await verifyDraftId(deps.secret, formScope(open), raw, deps.now)
  if (!id) return { kind: 'refused', message: t.invalidToken }
  const draft = await openDraft(deps, open, id, () => new Map())
  const nav = first('_nav') || 'next'
  if ('kind' in draft) {
    if (draft.kind === 'expired') return expiredView(open, embed)
    if (nav === 'submit') {
      // A repeated submit (double click, reload): the same receipt, never a second case.
      return { kind: 'redirect', location: await receiptUrl(deps, open, draft.reference, embed) }
    }
    return { kind: 'submitted-draft', reference: draft.reference }
  }
  const { compiled } = draft.open.form
  const pages = compiled.renderModel.pages
  const today = shanghaiDate(deps.now)
  const place: FlowPlace = { open: draft.open, draftId: raw, embed }
  const go = (page: string, extra: [string, string][] = []): FlowView => ({
    kind: 'redirect',
    location: flowUrl(open, raw, page, embed, extra),
  })
  const pageId = first('_page')

  if (pageId === CHECK_PAGE) {
    if (nav === 'send-link') {
      return sendResumeLink(deps, place, draft, {
        email: first(RESUME_EMAIL),
        origin,
        back: () => go(CHECK_PAGE, [['sent', '1']]),
        invalid: async (issue) => {
          const all = validateSubmission(compiled, inputOf(draft.answers), { source: 'form', today })
          const data = all.ok ? all.data : knownAnswers(compiled, draft.answers, today)
          return checkView(deps, place, draft, data, [issue])
        },
      })
    }
    if (nav !== 'submit') return go(CHECK_PAGE)
    return submitDraft(deps, place, draft, first, today)
  }

  const page = pages.find((p) => p.id === pageId)
  if (!page) return go(resumePage(compiled, draft, knownAnswers(compiled, draft.answers, today)))
  const change = first('_change') === '1'
  const keepChange: [string, string][] = change ? [['c', '1']] : []
  mergePage(compiled, draft, page, posted)
  const uploadIssues = await storePageUploads(deps, draft, page, files)
  if (nav === 'send-link') {
    return sendResumeLink(deps, place, draft, {
      email: first(RESUME_EMAIL),
      origin,
      back: () => go(page.id, [...keepChange, ['saved', '1'], ['sent', '1']]),
      invalid: async (issue) =>
        pageView(place, draft, page, today, { issues: [issue], change, saved: false }),
    })
  }
  if (nav === 'back' || nav === 'save') {
    await save(deps, draft)
    if (nav === 'save') return go(page.id, [...keepChange, ['saved', '1']])
    const data = knownAnswers(compiled, draft.answers, today)
    return go(previousPage(pages, page.id, data)?.id ?? page.id, keepChange)
  }
  const earlier = knownAnswers(compiled, draft.answers, today, pages.indexOf(page))
  const result = validatePage(compiled, page.id, inputOf(draft.answers), {
    source: 'form',
    today,
    answers: earlier,
  })
  const issues = [...uploadIssues, ...(result.ok ? [] : issuesOf(result.issues))]
  if (issues.length > 0) {
    // Saved as typed, so reload, Back and the resume link show the answers to correct.
    draft.done.delete(page.id)
    await save(deps, draft)
    return pageView(place, draft, page, today, { issues, change })
  }
  draft.done.add(page.id)
  await save(deps, draft)
  const target = nextAfter(compiled, draft, page, today, change)
  return go(target, target === CHECK_PAGE ? [] : keepChange)
}

async function submitDraft(
  deps: IntakeDeps,
  place: FlowPlace,
  draft: OpenDraft,
  first: (key: string) => string,
  today: string,
): Promise<FlowView> {
  const { compiled } = draft.open.form
  const result = validateSubmission(compiled, inputOf(draft.answers), { source: 'form', today })
  if (!result.ok) {
    const issues = issuesOf(result.issues)
    return pageView(place, draft, pageOfField(compiled, issues[0]!.field), today, { issues })
  }
  if (first(HONEYPOT_FIELD) !== '') return { kind: 'refused', message: t.rejected }
  const refusal = (message: string) =>
    checkView(deps, place, draft, result.data, [{ path: 'submit', field: 'submit', message }])
  if (deps.now - draft.id.issuedAt < MIN_FILL_MS) return refusal(t.tooFast)
  const pow = await powBeforeBatch(deps, draft.open, first('_pow'), draft.id.nonce)
  if (pow === 'refused') return refusal(t.powRequired)
  try {
    const receipt = await submitAnswers(
      deps,
      draft.open,
      result.data,
      `form:${draft.id.nonce}`,
      pow,
      (ref) => [markDraftSubmittedStatement(deps.db, draft.id, ref, deps.now)],
    )
    // A replay: the first submit's batch closed the draft (one made before that was in the batch may not be).
    if (receipt.replay) await markDraftSubmitted(deps.db, draft.id, receipt.reference, deps.now)
    return { kind: 'redirect', location: await receiptUrl(deps, place.open, receipt.reference, place.embed) }
  } catch (err) {
    // The form came under pressure since the check page was shown: it now shows a challenge.
    if (isPowRequired(err)) return refusal(t.powRequired)
    // An upload that expired or was used meanwhile: back to its question, without the stale ids.
    const issue = err instanceof AppError && err.code === 'validation_failed' ? err.issues?.[0] : undefined
    if (issue?.path !== 'attachments') throw err
    draft.answers.delete('attachments')
    draft.done.delete(pageOfField(compiled, 'attachments').id)
    await save(deps, draft)
    return pageView(place, draft, pageOfField(compiled, 'attachments'), today, {
      issues: [{ path: 'attachments', field: 'attachments', message: issue.message }],
    })
  }
}

/** Whether a question is optional under the answers so far (its `required` is false or its condition fails). */
export function optionalUnder(
  field: { required: boolean; requiredWhen?: Parameters<typeof evaluateCondition>[0] },
  scope: Readonly<Record<string, unknown>>,
): boolean {
  if (field.required) return false
  return field.requiredWhen === undefined || !evaluateCondition(field.requiredWhen, scope)
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
