// Public tracking: `GET /track` page and `GET /api/v1/track`, plus the applicant's withdrawal. Rate limited;
// a wrong pair and an unknown reference give the same answer.
import { type Context, Hono } from 'hono'
import * as z from 'zod'
import type { AppEnv } from '../env'
import { AppError } from '../errors'
import { messages } from '../i18n/zh-CN'
import { formValue, parseWith, readForm, readJson } from '../lib/body'
import { docxResponse } from '../lib/downloads'
import { loadKeyring } from '../lib/pii'
import { appSecret } from '../lib/secrets'
import { clientIp } from '../middleware/auth'
import { loadCalendar } from '../services/calendar'
import { recoverQueryCode, sendTrackedReceiptCopy } from '../services/receipt'
import { type PublicStatus, trackedLetterFile, trackRequest, withdrawRequest } from '../services/tracking'
import { RecoverPage, TrackPage } from '../views/tracking-page'
import type { ApiOperations } from './api-docs'

const t = messages.tracking

/** The request's status (a wrong pair and an unknown reference alike; rate limited per address). */
async function lookup(c: Context<AppEnv>, reference: string, code: string): Promise<PublicStatus> {
  return trackRequest(c.get('db'), await trackInput(c, reference, code))
}

/** What the tracking service needs from this request. */
async function trackInput(c: Context<AppEnv>, reference: string, code: string) {
  return {
    secret: appSecret(c.env),
    clientIp: clientIp(c),
    reference,
    code,
    now: c.get('now'),
    calendar: await loadCalendar(c.get('db'), { withLocalRules: true }),
  }
}

/** Withdraw as the applicant; returns the status after it (one lookup, so one hit on the rate limit). */
async function withdraw(c: Context<AppEnv>, reference: string, code: string, reason: string | undefined) {
  return withdrawRequest(c.get('db'), { ...(await trackInput(c, reference, code)), reason })
}

const TrackQuery = z.strictObject({ reference: z.string().max(40), code: z.string().max(20) })
const WithdrawBody = z.strictObject({
  reference: z.string().max(40),
  code: z.string().max(20),
  reason: z.string().trim().max(2000).optional(),
})

const RecoverBody = z.strictObject({
  reference: z.string().trim().min(1).max(40),
  /** The phone number or e-mail address given in the application. */
  contact: z.string().trim().min(1).max(200),
})
const ReceiptCopyBody = z.strictObject({
  reference: z.string().max(40),
  code: z.string().max(20),
  channel: z.enum(['email', 'sms']),
})

export const trackingOperations: ApiOperations = {
  'GET /track': { access: 'public', query: TrackQuery },
  'POST /track/withdraw': { access: 'public', body: WithdrawBody },
  'POST /track/letters/:id': { access: 'public', body: TrackQuery },
  'POST /track/recover': { access: 'public', body: RecoverBody },
  'POST /track/receipt-copy': { access: 'public', body: ReceiptCopyBody },
}

/** Ask for a new query code sent to the contact on file (the same answer whatever the pair; rate limited). */
function recover(c: Context<AppEnv>, reference: string, contact: string) {
  return recoverQueryCode(
    c.get('db'),
    { ring: () => loadKeyring(c.env.PII_KEYS, c.env.PII_ACTIVE_KEY), secret: appSecret(c.env) },
    { clientIp: clientIp(c), reference, contact, origin: new URL(c.req.url).origin, now: c.get('now') },
  )
}

export const tracking = new Hono<AppEnv>()
  .get('/api/v1/track', async (c) => {
    const q = parseWith(TrackQuery, c.req.query())
    return c.json(await lookup(c, q.reference, q.code))
  })
  .post('/api/v1/track/withdraw', async (c) => {
    const body = await readJson(c, WithdrawBody)
    return c.json(await withdraw(c, body.reference, body.code, body.reason || undefined))
  })
  .post('/api/v1/track/recover', async (c) => {
    const body = await readJson(c, RecoverBody)
    await recover(c, body.reference, body.contact)
    // Whether or not the pair matched: nothing tells a stranger that a reference exists or which contact it has.
    return c.json({ accepted: true }, 202)
  })
  .post('/api/v1/track/receipt-copy', async (c) => {
    const body = await readJson(c, ReceiptCopyBody)
    const status = await lookup(c, body.reference, body.code)
    const queued = await sendTrackedReceiptCopy(
      c.get('db'),
      () => loadKeyring(c.env.PII_KEYS, c.env.PII_ACTIVE_KEY),
      {
        reference: status.reference,
        channel: body.channel,
        origin: new URL(c.req.url).origin,
        agencyName: status.agencyName,
        now: c.get('now'),
      },
    )
    // One copy per channel and submission: asking again queues nothing more.
    return c.json({ queued }, 202)
  })
  .get('/track', (c) => {
    // Only the reference may be prefilled from a link; the query code never travels in a URL.
    const reference = (c.req.query('reference') ?? '').slice(0, 40)
    return c.html(<TrackPage nonce={c.get('nonce')} reference={reference} code="" issues={[]} errors={{}} />)
  })
  .post('/track', async (c) => {
    const form = await readForm(c)
    const reference = formValue(form, 'reference').slice(0, 40)
    const code = formValue(form, 'code').slice(0, 20)
    return renderLookup(c, reference, code)
  })
  .post('/track/letters/:id', async (c) => {
    const form = await readForm(c)
    const reference = formValue(form, 'reference').slice(0, 40)
    const code = formValue(form, 'code').slice(0, 20)
    return trackedLetter(c, c.req.param('id'), reference, code)
  })
  .post('/api/v1/track/letters/:id', async (c) => {
    const body = await readJson(c, TrackQuery)
    return trackedLetter(c, c.req.param('id'), body.reference, body.code)
  })
  .post('/track/withdraw', async (c) => {
    const form = await readForm(c)
    const reference = formValue(form, 'reference').slice(0, 40)
    const code = formValue(form, 'code').slice(0, 20)
    if (formValue(form, 'confirm') !== 'yes') {
      // Withdrawing cannot be undone: without the confirmation the status shows again, asking for it.
      return renderLookup(c, reference, code, undefined, undefined, { confirm: t.withdrawConfirmRequired })
    }
    const status = await withdraw(c, reference, code, formValue(form, 'reason').trim() || undefined)
    return renderLookup(c, reference, code, t.withdrawn, status)
  })
  .get('/track/recover', (c) => {
    const reference = (c.req.query('reference') ?? '').slice(0, 40)
    return c.html(<RecoverPage {...recoverProps(c, reference, '')} />)
  })
  .post('/track/recover', async (c) => {
    const form = await readForm(c)
    const reference = formValue(form, 'reference').trim().slice(0, 40)
    const contact = formValue(form, 'contact').trim().slice(0, 200)
    const errors: Record<string, string> = {}
    if (!reference) errors.reference = t.referenceRequired
    if (!contact) errors.contact = t.recoverContactRequired
    if (Object.keys(errors).length > 0) {
      return c.html(<RecoverPage {...recoverProps(c, reference, contact, errors)} />, 422)
    }
    try {
      await recover(c, reference, contact)
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'rate_limited') throw err
      retryAfter(c, err)
      return c.html(<RecoverPage {...recoverProps(c, reference, contact, { reference: err.message })} />, 429)
    }
    return c.html(<RecoverPage {...recoverProps(c, reference, contact, {}, true)} />)
  })

/** A signed letter of the request, for the applicant (reference + code in the form body, never in the URL). */
async function trackedLetter(c: Context<AppEnv>, letterId: string, reference: string, code: string) {
  const input = { ...(await trackInput(c, reference, code)), letterId }
  return docxResponse(await trackedLetterFile(c.get('db'), c.env.FILES, input))
}

const issuesOf = (e: Record<string, string>) =>
  Object.entries(e).map(([href, message]) => ({ href, message }))

function recoverProps(
  c: Context<AppEnv>,
  reference: string,
  contact: string,
  errors: Record<string, string> = {},
  done = false,
) {
  return { nonce: c.get('nonce'), reference, contact, errors, issues: issuesOf(errors), done }
}

/** A rate-limited answer says when to try again (Retry-After, as the API's). */
function retryAfter(c: Context<AppEnv>, err: AppError): void {
  const seconds = err.details?.retryAfterSeconds
  if (typeof seconds === 'number') c.header('Retry-After', String(seconds))
}

async function renderLookup(
  c: Context<AppEnv>,
  reference: string,
  code: string,
  notice?: string,
  known?: PublicStatus,
  /** A refusal shown beside the status (withdrawal not confirmed). */
  statusErrors: Record<string, string> = {},
) {
  const nonce = c.get('nonce')
  const errors: Record<string, string> = {}
  if (!reference.trim()) errors.reference = t.referenceRequired
  if (!code.trim()) errors.code = t.codeRequired
  if (Object.keys(errors).length > 0) {
    return c.html(
      <TrackPage nonce={nonce} reference={reference} code={code} issues={issuesOf(errors)} errors={errors} />,
      422,
    )
  }
  try {
    const status = known ?? (await lookup(c, reference, code))
    return c.html(
      <TrackPage
        nonce={nonce}
        reference={reference}
        code={code}
        issues={issuesOf(statusErrors)}
        errors={statusErrors}
        status={status}
        notice={notice}
      />,
      Object.keys(statusErrors).length > 0 ? 422 : 200,
    )
  } catch (err) {
    if (!(err instanceof AppError) || (err.code !== 'not_found' && err.code !== 'rate_limited')) throw err
    retryAfter(c, err)
    const e = { reference: err.message }
    return c.html(
      <TrackPage nonce={nonce} reference={reference} code={code} issues={issuesOf(e)} errors={e} />,
      err.status as 404,
    )
  }
}
