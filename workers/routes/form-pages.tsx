// The citizen form's HTML pages: `GET|POST /{agency}/forms/{form}` (one page at a time, each POST → 303 → GET of
// the next under the draft id `?d=…&p=…`; check-your-answers; submit → 303 to the receipt) and the receipt.
// Framable only by the agency's portals. The flow itself: services/form-flow.ts.
import { type Context, Hono } from 'hono'
import * as z from 'zod'
import { shanghaiDate } from '../../workflows/calendar'
import type { AppEnv } from '../env'
import { formValue, parseWith, readForm } from '../lib/body'
import { embedContext, embedQuery } from '../services/embedding'
import { advanceForm, type FlowView, flowUrl, formPath, openReceipt, showForm } from '../services/form-flow'
import { embedOrigins } from '../services/forms'
import type { OpenForm } from '../services/intake'
import { sendReceiptCopy, trackingLink } from '../services/receipt'
import {
  CheckAnswersView,
  controlId,
  DraftExpiredView,
  DraftSubmittedView,
  FormPageView,
  ReceiptClosedView,
  ReceiptView,
} from '../views/form-page'
import { ErrorPage } from '../views/layout'
import { intakeDeps, openForm, readPostedPage } from './form-context'

/** A wrong or missing key is a 404 like an unknown reference, never a 422 that would tell them apart. */
const ReceiptLink = z.object({
  k: z.string().default(''),
  /** Which copy was just queued (after the copy form's redirect). */
  sent: z.enum(['email', 'sms']).optional().catch(undefined),
})

export const formPages = new Hono<AppEnv>()

/** Render what the flow decided: a redirect (POST → 303 → GET), a page, check-your-answers or a draft's end. */
function renderFlow(c: Context<AppEnv>, open: OpenForm, view: FlowView, now: number) {
  if (view.kind === 'redirect') return c.redirect(view.location, 303)
  const nonce = c.get('nonce')
  if (view.kind === 'refused') {
    return c.html(
      <ErrorPage nonce={nonce} status={422} message={view.message} requestId={c.get('requestId')} />,
      422,
    )
  }
  const embed =
    'embed' in view
      ? view.embed
      : embedContext(embedOrigins(open.agency), c.req.query('parent'), (key) => c.req.query(key))
  if (view.kind === 'expired') {
    return c.html(<DraftExpiredView nonce={nonce} embed={embed} restartUrl={view.restartUrl} />, 410)
  }
  if (view.kind === 'submitted-draft') {
    return c.html(<DraftSubmittedView nonce={nonce} embed={embed} reference={view.reference} />)
  }
  // The draft id in these URLs opens the answers: keep it out of referrers and shared caches.
  c.header('Referrer-Policy', 'no-referrer')
  c.header('Cache-Control', 'no-store')
  const model = view.open.form.compiled.renderModel
  const resumeUrl = new URL(
    flowUrl(view.open, view.draftId, undefined, { parentOrigin: null, theme: {} }),
    c.req.url,
  ).href
  const common = {
    nonce,
    model,
    action: formPath(view.open),
    draftId: view.draftId,
    embed: view.embed,
    today: shanghaiDate(now),
    agencyName: view.open.agency.name,
    resumeUrl,
  }
  if (view.kind === 'check') {
    const changeHref = (pageId: string, field: string) =>
      `${flowUrl(view.open, view.draftId, pageId, view.embed, [['c', '1']])}#${controlId(field)}`
    return c.html(
      <CheckAnswersView
        {...common}
        answers={new Map()}
        rows={view.rows}
        issues={view.issues}
        pow={view.pow}
        changeHref={changeHref}
        resume={view.resume}
      />,
      view.status,
    )
  }
  return c.html(
    <FormPageView
      {...common}
      answers={view.answers}
      carried={view.carried}
      scope={view.scope}
      page={view.page}
      step={view.step}
      steps={view.steps}
      issues={view.issues}
      change={view.change}
      saved={view.saved}
      resume={view.resume}
    />,
    view.status,
  )
}

formPages.get('/:agency/forms/:form', async (c) => {
  const open = await openForm(c)
  const deps = intakeDeps(c)
  return renderFlow(c, open, await showForm(deps, open, (key) => c.req.query(key)), deps.now)
})

formPages.post('/:agency/forms/:form', async (c) => {
  // A post may submit: confirm the calendar stamps first, which also confirm the isolate's cached agency and form
  // (on a warm isolate a page post reads the stamps instead of the agency and form; a submit then reads neither).
  const open = await openForm(c, { withCalendar: true })
  const deps = intakeDeps(c)
  const origin = new URL(c.req.url).origin
  return renderFlow(c, open, await advanceForm(deps, open, () => readPostedPage(c), origin), deps.now)
})

/** The receipt shows the query code: no cache may keep it, no referrer carries its link. */
function receiptHeaders(c: Context<AppEnv>): void {
  c.header('Cache-Control', 'no-store')
  c.header('Referrer-Policy', 'no-referrer')
}

formPages.get('/:agency/forms/:form/receipt/:reference', async (c) => {
  const open = await openForm(c)
  const { k, sent } = parseWith(ReceiptLink, c.req.query())
  const embed = embedContext(embedOrigins(open.agency), c.req.query('parent'), (key) => c.req.query(key))
  receiptHeaders(c)
  const reference = c.req.param('reference').slice(0, 40)
  if (!k) {
    // The link without its key (the page script drops it from the address bar once the code has been shown): the
    // code is shown once, so a reload or a link from history shows where to go next, never the code.
    return c.html(<ReceiptClosedView nonce={c.get('nonce')} embed={embed} reference={reference} />)
  }
  const receipt = await openReceipt(intakeDeps(c), open, { reference, key: k })
  return c.html(
    <ReceiptView
      nonce={c.get('nonce')}
      embed={embed}
      agencyName={open.agency.name}
      formTitle={open.form.compiled.renderModel.title}
      receipt={receipt}
      receiptKey={k}
      action={`${formPath(open)}/receipt/${encodeURIComponent(receipt.reference)}/copy`}
      sent={sent}
      trackUrl={trackingLink(new URL(c.req.url).origin, receipt.reference)}
    />,
  )
})

const CopyForm = z.object({ k: z.string().max(200), channel: z.enum(['email', 'sms']) })

formPages.post('/:agency/forms/:form/receipt/:reference/copy', async (c) => {
  const open = await openForm(c)
  const form = await readForm(c)
  const { k, channel } = parseWith(CopyForm, { k: formValue(form, 'k'), channel: formValue(form, 'channel') })
  const deps = intakeDeps(c)
  const receipt = await openReceipt(deps, open, { reference: c.req.param('reference'), key: k })
  await sendReceiptCopy(c.get('db'), {
    receipt,
    channel,
    origin: new URL(c.req.url).origin,
    agencyName: open.agency.name,
    now: deps.now,
  })
  const embed = embedContext(embedOrigins(open.agency), formValue(form, 'parent') || undefined, (key) =>
    formValue(form, key),
  )
  const qs = new URLSearchParams([['k', k], ['sent', channel], ...embedQuery(embed)])
  receiptHeaders(c)
  return c.redirect(
    `${formPath(open)}/receipt/${encodeURIComponent(receipt.reference)}?${qs.toString()}`,
    303,
  )
})
