// Citizen forms: the multi-page HTML flow (no JS, no cookies: answers ride in the page), check-your-answers,
// submit → 303 → receipt; and the JSON API for portals with their own UI. Framable only by the agency's portals.

import { createChallenge, extractParams, verifySolution } from 'altcha-lib/v1'
import { and, eq, inArray, isNull } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import { type Context, Hono } from 'hono'
import type { Db } from '../../db/client'
import { attachments, submissions } from '../../db/schema'
import {
  type CompiledForm,
  checkUpload,
  type FileType,
  type SubmissionData,
  validatePage,
  validateSubmission,
} from '../../forms'
import { shanghaiDate } from '../../workflows/calendar'
import type { AppEnv } from '../env'
import { AppError, type FieldIssue } from '../errors'
import { messages } from '../i18n/zh-CN'
import { LIMITS, readBodyBytes, readJsonValue } from '../lib/body'
import { hmacSha256, newId, sha256Hex, timingSafeEqual, toBase64Url } from '../lib/crypto'
import { loadKeyring } from '../lib/pii'
import { enforceRateLimit } from '../lib/rate-limit'
import { shanghaiDateTime } from '../lib/time'
import { clientIp } from '../middleware/auth'
import {
  type AgencyRow,
  agencyBySlug,
  answerRows,
  bodyHashOf,
  checkFormToken,
  embedOrigins,
  issueFormToken,
  type PublishedForm,
  publishedForm,
  reportColumn,
  requestTitle,
  splitPii,
  tokenNonce,
} from '../services/forms'
import { createSubmission, type SubmissionReceipt, submissionQueryCode } from '../services/submissions'
import {
  CheckAnswersView,
  type EmbedContext,
  type FormIssue,
  FormPageView,
  type RawAnswers,
  ReceiptView,
  type SummaryRow,
} from '../views/form-page'
import { ErrorPage } from '../views/layout'
import { TRACK_RATE } from './tracking'

const t = messages.form

/** Submissions per client address per hour, and per agency form per hour (abuse protection). */
export const SUBMIT_RATE = { limit: 10, windowMs: 3_600_000 }
export const FORM_RATE = { limit: 500, windowMs: 3_600_000 }
export const PAGE_RATE = { limit: 300, windowMs: 600_000 }
/** Proof-of-work difficulty: about 25,000 SHA-256 hashes on average, well under a second in a browser. */
export const POW_MAX_NUMBER = 50_000
const UPLOAD_LIMIT = 27 * 1024 * 1024

const THEME_KEYS: Record<string, string> = {
  brand: 'c-brand',
  link: 'c-link',
  focus: 'c-focus',
  text: 'c-text',
}
const COLOUR = /^#[0-9a-fA-F]{3,8}$/

/** Whether this agency turned on the proof-of-work challenge (off by default: it needs JavaScript). */
function powRequired(agency: AgencyRow): boolean {
  try {
    return (JSON.parse(agency.settings) as { proofOfWork?: unknown }).proofOfWork === true
  } catch {
    return false
  }
}

/** A fresh self-hosted (ALTCHA v1) challenge, signed with the deployment secret, valid 30 minutes. */
/**
 * A fresh challenge. `bind` ties it to one form token (the HTML flow), so a solution cannot be replayed for other
 * submissions; API challenges are unbound and rely on the per-address limit.
 */
async function powChallenge(c: Context<AppEnv>, ctx: FormContext, bind = ''): Promise<string | null> {
  if (!powRequired(ctx.agency)) return null
  const challenge = await createChallenge({
    hmacKey: `${secret(c)}:pow`,
    maxnumber: POW_MAX_NUMBER,
    expires: new Date(ctx.now + 30 * 60_000),
    params: { bind: bind || 'api' },
  })
  return JSON.stringify(challenge)
}

async function powSolved(c: Context<AppEnv>, ctx: FormContext, payload: string, bind = ''): Promise<boolean> {
  if (!powRequired(ctx.agency)) return true
  if (!payload || payload.length > 2000) return false
  try {
    // Expiry is checked against the request clock (the library would read the wall clock).
    if (!(await verifySolution(payload, `${secret(c)}:pow`, false))) return false
    const params = extractParams(payload)
    const expires = Number(params.expires)
    return params.bind === (bind || 'api') && Number.isFinite(expires) && expires * 1000 >= ctx.now
  } catch {
    return false
  }
}

function secret(c: Context<AppEnv>): string {
  if (!c.env.APP_SECRET) throw new Error('APP_SECRET is not configured')
  return c.env.APP_SECRET
}

interface FormContext {
  db: Db
  agency: AgencyRow
  form: PublishedForm
  now: number
  today: string
}

async function formContext(c: Context<AppEnv>): Promise<FormContext> {
  const db = c.get('db')
  const agency = await agencyBySlug(db, c.req.param('agency') ?? '')
  // Form routes may be framed by this agency's portals, and only by them.
  c.set('frameAncestors', embedOrigins(agency))
  const now = c.get('now')
  const form = await publishedForm(db, agency, c.req.param('form') ?? '', now)
  return { db, agency, form, now, today: shanghaiDate(now) }
}

function embedContext(
  agency: AgencyRow,
  parent: string | undefined,
  theme: (k: string) => string | undefined,
): EmbedContext {
  const allowed = embedOrigins(agency)
  const parentOrigin = parent && allowed.includes(parent) ? parent : null
  const vars: Record<string, string> = {}
  if (parentOrigin) {
    for (const [key, cssVar] of Object.entries(THEME_KEYS)) {
      const v = theme(key)
      if (v && COLOUR.test(v)) vars[cssVar] = v
    }
  }
  return { parentOrigin, theme: vars }
}

function scope(ctx: FormContext): string {
  return `${ctx.agency.id}|${ctx.form.slug}`
}

function formAction(ctx: FormContext): string {
  return `/${ctx.agency.slug}/forms/${ctx.form.slug}`
}

/** Form fields → the plain input the forms core validates (underscored keys and the honeypot left out). */
function inputOf(answers: RawAnswers): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {}
  for (const [k, v] of answers) {
    if (k.startsWith('_') || k === 'website') continue
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

function issuesOf(list: readonly { path: string; field: string; message: string }[]): FormIssue[] {
  return list.map((i) => ({ path: i.path, field: i.field, message: i.message }))
}

function pageIndexOfField(compiled: CompiledForm, field: string): number {
  const i = compiled.renderModel.pages.findIndex((p) => p.fields.some((f) => f.name === field))
  return i < 0 ? 0 : i
}

/** Human-readable answers for check-your-answers; uploads are named by the file names carried in the page. */
function summaryRows(compiled: CompiledForm, data: SubmissionData, answers: RawAnswers): SummaryRow[] {
  return answerRows(compiled, data, (id) => answers.get(`_file.${id}`)?.[0])
}

async function storeUpload(
  c: Context<AppEnv>,
  ctx: FormContext,
  file: File,
  rules: { maxBytes: number; accept: FileType[] },
): Promise<{ ok: true; id: string; name: string } | { ok: false; message: string }> {
  const bytes = new Uint8Array(await file.arrayBuffer())
  const check = checkUpload({ filename: file.name, declaredType: file.type, bytes, size: file.size }, rules)
  if (!check.ok) return { ok: false, message: check.message }
  const id = newId()
  // Server-generated key: the applicant's file name never reaches storage paths.
  const r2Key = `attachments/${ctx.agency.id}/${id}`
  await c.env.FILES.put(r2Key, bytes, { httpMetadata: { contentType: check.type } })
  await ctx.db.insert(attachments).values({
    id,
    agencyId: ctx.agency.id,
    r2Key,
    sha256: await sha256Hex(bytes),
    size: check.size,
    contentType: check.type,
    filename: check.displayName,
    createdAt: ctx.now,
  })
  return { ok: true, id, name: check.displayName }
}

function fileRules(compiled: CompiledForm, name: string) {
  const field = compiled.definition.pages.flatMap((p) => p.fields).find((f) => f.name === name)
  if (field?.kind !== 'file') return null
  return { maxBytes: field.maxBytes, accept: [...field.accept] as FileType[], maxFiles: field.maxFiles }
}

/** Statements linking the submission's uploads to it; 422 if any id is unknown, foreign or already used. */
async function linkAttachments(
  db: Db,
  agencyId: string,
  ids: string[],
  submissionId: string,
): Promise<BatchItem<'sqlite'>[]> {
  if (ids.length === 0) return []
  const rows = await db
    .select({ id: attachments.id })
    .from(attachments)
    .where(
      and(inArray(attachments.id, ids), eq(attachments.agencyId, agencyId), isNull(attachments.submissionId)),
    )
    .all()
  if (rows.length !== new Set(ids).size) {
    throw new AppError('validation_failed', {
      issues: [{ path: 'attachments', code: 'attachment_unknown', message: t.attachmentsMissing }],
    })
  }
  return [
    db
      .update(attachments)
      .set({ submissionId })
      .where(
        and(
          inArray(attachments.id, ids),
          eq(attachments.agencyId, agencyId),
          isNull(attachments.submissionId),
        ),
      ),
  ]
}

function attachmentIds(data: SubmissionData, compiled: CompiledForm): string[] {
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

async function submit(
  c: Context<AppEnv>,
  ctx: FormContext,
  data: SubmissionData,
  idempotencyKey: string | null,
  channel: 'online',
): Promise<SubmissionReceipt> {
  const { compiled } = ctx.form
  const split = splitPii(compiled, data)
  const ring = await loadKeyring(c.env.PII_KEYS, c.env.PII_ACTIVE_KEY)
  const ids = attachmentIds(data, compiled)
  return createSubmission(
    ctx.db,
    { ring, secret: secret(c) },
    {
      agencyId: ctx.agency.id,
      formVersionId: ctx.form.id,
      channel,
      data: split.data,
      pii: split.pii,
      applicantType: reportColumn(data),
      title: requestTitle(data),
      idempotencyKey,
      bodyHash: await bodyHashOf({ form: ctx.form.hash, data }),
      linkStatements: (submissionId: string) => linkAttachments(ctx.db, ctx.agency.id, ids, submissionId),
    },
    ctx.now,
  )
}

/** The receipt link's key: an HMAC of the reference (unguessable; the query code never appears in a URL). */
async function receiptKey(c: Context<AppEnv>, reference: string): Promise<string> {
  return toBase64Url(await hmacSha256(secret(c), `receipt|${reference}`))
}

async function receiptUrl(
  c: Context<AppEnv>,
  ctx: FormContext,
  receipt: SubmissionReceipt,
  embed: EmbedContext,
): Promise<string> {
  const qs = new URLSearchParams({ k: await receiptKey(c, receipt.reference) })
  if (embed.parentOrigin) {
    qs.set('embed', '1')
    qs.set('parent', embed.parentOrigin)
    for (const [key, cssVar] of Object.entries(THEME_KEYS))
      if (embed.theme[cssVar]) qs.set(key, embed.theme[cssVar]!)
  }
  return `${formAction(ctx)}/receipt/${receipt.reference}?${qs.toString()}`
}

async function readMultipart(
  c: Context<AppEnv>,
): Promise<{ answers: RawAnswers; files: Map<string, File[]> }> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
  const answers: RawAnswers = new Map()
  const files = new Map<string, File[]>()
  const add = (k: string, v: string) => answers.set(k, [...(answers.get(k) ?? []), v])
  if (type === 'application/x-www-form-urlencoded') {
    const bytes = await readBodyBytes(c.req.raw, LIMITS.form)
    for (const [k, v] of new URLSearchParams(new TextDecoder().decode(bytes))) add(k, v)
  } else if (type === 'multipart/form-data') {
    const declared = Number(c.req.header('content-length') ?? 'NaN')
    if (!Number.isFinite(declared) || declared > UPLOAD_LIMIT) throw new AppError('payload_too_large')
    let form: FormData
    try {
      form = await c.req.raw.formData()
    } catch {
      throw new AppError('validation_failed')
    }
    for (const [k, v] of form) {
      if (typeof v === 'string') add(k, v)
      else if (v.size > 0) files.set(k, [...(files.get(k) ?? []), v])
    }
  } else {
    throw new AppError('unsupported_media_type')
  }
  return { answers, files }
}

export const forms = new Hono<AppEnv>()

forms.get('/:agency/forms/:form', async (c) => {
  const ctx = await formContext(c)
  const embed = embedContext(ctx.agency, c.req.query('parent'), (k) => c.req.query(k))
  const answers: RawAnswers = new Map()
  const model = ctx.form.compiled.renderModel
  // Hidden fields may be prefilled from the query string (e.g. a portal passing its own reference).
  for (const page of model.pages) {
    for (const f of page.fields) {
      for (const ctl of f.controls) {
        const q = ctl.prefillQuery ? c.req.query(ctl.prefillQuery) : undefined
        if (q) answers.set(ctl.key, [q.slice(0, 200)])
      }
    }
  }
  const token = await issueFormToken(secret(c), scope(ctx), ctx.now)
  return c.html(
    <FormPageView
      nonce={c.get('nonce')}
      model={model}
      action={formAction(ctx)}
      token={token}
      answers={answers}
      embed={embed}
      today={ctx.today}
      agencyName={ctx.agency.name}
      page={model.pages[0]!}
      pageIndex={0}
      issues={[]}
    />,
  )
})

forms.post('/:agency/forms/:form', async (c) => {
  const ctx = await formContext(c)
  await enforceRateLimit(ctx.db, `form-page:${clientIp(c)}`, PAGE_RATE, ctx.now)
  const { answers, files } = await readMultipart(c)
  const first = (k: string) => answers.get(k)?.[0] ?? ''
  const embed = embedContext(ctx.agency, first('_parent') || undefined, () => undefined)
  const { compiled } = ctx.form
  const model = compiled.renderModel
  const token = first('_token')
  const tokenCheck = await checkFormToken(secret(c), scope(ctx), token, ctx.now, { minFill: false })
  if (!tokenCheck.ok) {
    return c.html(
      <ErrorPage
        nonce={c.get('nonce')}
        status={422}
        message={t.invalidToken}
        requestId={c.get('requestId')}
      />,
      422,
    )
  }
  const common = {
    nonce: c.get('nonce'),
    model,
    action: formAction(ctx),
    token,
    answers,
    embed,
    today: ctx.today,
    agencyName: ctx.agency.name,
  }
  const showPage = (index: number, issues: FormIssue[], status: 200 | 422 = 200) =>
    c.html(<FormPageView {...common} page={model.pages[index]!} pageIndex={index} issues={issues} />, status)
  const nav = first('_nav') || 'next'
  const pageId = first('_page')

  if (pageId === '_check') {
    if (nav.startsWith('goto:')) {
      const index = model.pages.findIndex((p) => p.id === nav.slice(5))
      return showPage(Math.max(0, index), [])
    }
    const result = validateSubmission(compiled, inputOf(answers), { source: 'form', today: ctx.today })
    if (!result.ok) {
      const issues = issuesOf(result.issues)
      return showPage(pageIndexOfField(compiled, issues[0]!.field), issues, 422)
    }
    if (first('website') !== '') {
      return c.html(
        <ErrorPage nonce={c.get('nonce')} status={422} message={t.rejected} requestId={c.get('requestId')} />,
        422,
      )
    }
    const submitCheck = await checkFormToken(secret(c), scope(ctx), token, ctx.now, { minFill: true })
    if (!submitCheck.ok) {
      const rows = summaryRows(compiled, result.data, answers)
      const message =
        submitCheck.reason === 'too_fast'
          ? t.tooFast
          : submitCheck.reason === 'expired'
            ? t.expired
            : t.invalidToken
      return c.html(
        <CheckAnswersView
          {...common}
          rows={rows}
          issues={[{ path: 'submit', field: 'submit', message }]}
          pow={await powChallenge(c, ctx, tokenNonce(token))}
        />,
        422,
      )
    }
    if (!(await powSolved(c, ctx, first('_pow'), submitCheck.nonce))) {
      return c.html(
        <CheckAnswersView
          {...common}
          rows={summaryRows(compiled, result.data, answers)}
          issues={[{ path: 'submit', field: 'submit', message: t.powRequired }]}
          pow={await powChallenge(c, ctx, tokenNonce(token))}
        />,
        422,
      )
    }
    await enforceRateLimit(ctx.db, `submit:${clientIp(c)}`, SUBMIT_RATE, ctx.now)
    await enforceRateLimit(ctx.db, `submit-form:${ctx.agency.id}:${ctx.form.slug}`, FORM_RATE, ctx.now)
    let receipt: SubmissionReceipt
    try {
      receipt = await submit(c, ctx, result.data, `form:${submitCheck.nonce}`, 'online')
    } catch (err) {
      if (
        err instanceof AppError &&
        err.code === 'validation_failed' &&
        err.issues?.[0]?.path === 'attachments'
      ) {
        const index = pageIndexOfField(compiled, 'attachments')
        answers.delete('attachments')
        return showPage(
          index,
          [{ path: 'attachments', field: 'attachments', message: err.issues[0].message }],
          422,
        )
      }
      throw err
    }
    return c.redirect(await receiptUrl(c, ctx, receipt, embed), 303)
  }

  const index = model.pages.findIndex((p) => p.id === pageId)
  if (index < 0) return showPage(0, [])
  if (nav === 'back') return showPage(Math.max(0, index - 1), [])

  // Store this page's uploads first, so a file is never asked for twice when another answer is wrong.
  const uploadIssues: FormIssue[] = []
  for (const field of model.pages[index]!.fields) {
    const rules = fileRules(compiled, field.name)
    const incoming = files.get(`${field.name}.upload`) ?? []
    if (!rules || incoming.length === 0) continue
    const kept = answers.get(field.name) ?? []
    for (const file of incoming) {
      if (kept.length >= rules.maxFiles) {
        uploadIssues.push({ path: field.name, field: field.name, message: messages.form.attachmentsMissing })
        break
      }
      const stored = await storeUpload(c, ctx, file, rules)
      if (stored.ok) {
        kept.push(stored.id)
        answers.set(`_file.${stored.id}`, [stored.name])
      } else
        uploadIssues.push({
          path: field.name,
          field: field.name,
          message: `${file.name.slice(0, 60)}：${stored.message}`,
        })
    }
    answers.set(field.name, kept)
  }
  const page = model.pages[index]!
  const result = validatePage(compiled, page.id, inputOf(answers), {
    source: 'form',
    today: ctx.today,
    answers: earlierAnswers(compiled, answers, index, ctx.today),
  })
  const issues = [...uploadIssues, ...(result.ok ? [] : issuesOf(result.issues))]
  if (issues.length > 0) return showPage(index, issues, 422)
  if (index < model.pages.length - 1) return showPage(index + 1, [])
  const all = validateSubmission(compiled, inputOf(answers), { source: 'form', today: ctx.today })
  if (!all.ok) {
    const list = issuesOf(all.issues)
    return showPage(pageIndexOfField(compiled, list[0]!.field), list, 422)
  }
  return c.html(
    <CheckAnswersView
      {...common}
      rows={summaryRows(compiled, all.data, answers)}
      issues={[]}
      pow={await powChallenge(c, ctx, tokenNonce(token))}
    />,
  )
})

forms.get('/:agency/forms/:form/receipt/:reference', async (c) => {
  const ctx = await formContext(c)
  await enforceRateLimit(ctx.db, `track:${clientIp(c)}`, TRACK_RATE, ctx.now)
  const reference = c.req.param('reference')
  const key = c.req.query('k') ?? ''
  if (!timingSafeEqual(key, await receiptKey(c, reference))) throw new AppError('not_found')
  const sub = await ctx.db.select().from(submissions).where(eq(submissions.reference, reference)).get()
  if (!sub || sub.agencyId !== ctx.agency.id) throw new AppError('not_found')
  const ring = await loadKeyring(c.env.PII_KEYS, c.env.PII_ACTIVE_KEY)
  const queryCode = await submissionQueryCode(ring, sub)
  const embed = embedContext(ctx.agency, c.req.query('parent'), (k) => c.req.query(k))
  // The link is a credential for this receipt: keep it out of referrers and shared caches.
  c.header('Referrer-Policy', 'no-referrer')
  const submittedAt = shanghaiDateTime(sub.submittedAt)
  return c.html(
    <ReceiptView
      nonce={c.get('nonce')}
      embed={embed}
      agencyName={ctx.agency.name}
      formTitle={ctx.form.compiled.renderModel.title}
      reference={sub.reference}
      queryCode={queryCode}
      submittedAt={`${submittedAt}（北京时间）`}
      trackUrl={`/track?reference=${encodeURIComponent(sub.reference)}`}
    />,
  )
})

// --- JSON API -------------------------------------------------------------------------------------------

/** CORS for portals calling from the browser: only the agency's own embed origins. */
function cors(c: Context<AppEnv>, agency: AgencyRow) {
  const origin = c.req.header('origin')
  if (origin && embedOrigins(agency).includes(origin)) {
    c.header('Access-Control-Allow-Origin', origin)
    c.header('Vary', 'Origin')
    c.header('Access-Control-Allow-Headers', 'content-type, idempotency-key, x-altcha')
    c.header('Access-Control-Allow-Methods', 'GET, POST')
    c.header('Access-Control-Max-Age', '600')
  }
}

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{8,200}$/

export const formsApi = new Hono<AppEnv>()

formsApi.options('/agencies/:agency/forms/:form/*', async (c) => {
  cors(c, await agencyBySlug(c.get('db'), c.req.param('agency')))
  return c.body(null, 204)
})

formsApi.get('/agencies/:agency/forms/:form', async (c) => {
  const ctx = await formContext(c)
  cors(c, ctx.agency)
  c.header('Cache-Control', 'public, max-age=300')
  return c.json({
    agency: { slug: ctx.agency.slug, name: ctx.agency.name },
    slug: ctx.form.slug,
    version: ctx.form.version,
    title: ctx.form.compiled.renderModel.title,
    schema: ctx.form.compiled.jsonSchema,
    pages: ctx.form.compiled.renderModel.pages.map((p) => ({
      id: p.id,
      title: p.title,
      fields: p.fields.map((f) => f.name),
    })),
  })
})

formsApi.get('/agencies/:agency/forms/:form/challenge', async (c) => {
  const ctx = await formContext(c)
  cors(c, ctx.agency)
  const challenge = await powChallenge(c, ctx)
  if (!challenge) throw new AppError('not_found', { message: '该机关未启用工作量证明。' })
  return c.body(challenge, 200, { 'Content-Type': 'application/json; charset=utf-8' })
})

formsApi.post('/agencies/:agency/forms/:form/submissions', async (c) => {
  const ctx = await formContext(c)
  cors(c, ctx.agency)
  const key = c.req.header('idempotency-key') ?? null
  if (key !== null && !IDEMPOTENCY_KEY.test(key)) {
    throw new AppError('validation_failed', {
      issues: [{ path: 'Idempotency-Key', code: 'invalid', message: '幂等键须为 8–200 位字母、数字或 ._:-' }],
    })
  }
  const body = await readJsonValue(c)
  await enforceRateLimit(ctx.db, `submit:${clientIp(c)}`, SUBMIT_RATE, ctx.now)
  // An agency that requires proof-of-work requires it on every public channel (challenge: GET …/challenge).
  if (!(await powSolved(c, ctx, c.req.header('x-altcha') ?? ''))) {
    throw new AppError('validation_failed', {
      issues: [{ path: 'X-Altcha', code: 'pow_required', message: t.powRequired }],
    })
  }
  const result = validateSubmission(ctx.form.compiled, body, { source: 'json', today: ctx.today })
  if (!result.ok) {
    throw new AppError('validation_failed', {
      issues: result.issues.map((i): FieldIssue => ({ path: i.path, code: i.code, message: i.message })),
    })
  }
  // Only valid submissions count against the form's own limit, so junk cannot shut the form for everyone.
  await enforceRateLimit(ctx.db, `submit-form:${ctx.agency.id}:${ctx.form.slug}`, FORM_RATE, ctx.now)
  const receipt = await submit(c, ctx, result.data, key === null ? null : `api:${key}`, 'online')
  return c.json(
    {
      reference: receipt.reference,
      queryCode: receipt.queryCode,
      status: 'submitted',
      submittedAt: new Date(receipt.submittedAt).toISOString(),
    },
    receipt.replay ? 200 : 201,
  )
})

formsApi.post('/agencies/:agency/forms/:form/attachments', async (c) => {
  const ctx = await formContext(c)
  cors(c, ctx.agency)
  await enforceRateLimit(ctx.db, `upload:${clientIp(c)}`, { limit: 30, windowMs: 3_600_000 }, ctx.now)
  const { files } = await readMultipart(c)
  const field = c.req.query('field') ?? 'attachments'
  const rules = fileRules(ctx.form.compiled, field)
  const file = files.get('file')?.[0]
  if (!rules || !file) {
    throw new AppError('validation_failed', {
      issues: [{ path: 'file', code: 'required', message: '请上传一个文件（字段名 file）' }],
    })
  }
  const stored = await storeUpload(c, ctx, file, rules)
  if (!stored.ok)
    throw new AppError('validation_failed', {
      issues: [{ path: 'file', code: 'invalid_file', message: stored.message }],
    })
  return c.json({ id: stored.id, filename: stored.name }, 201)
})
