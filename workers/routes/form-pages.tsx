// The citizen form's HTML pages: `GET|POST /{agency}/forms/{form}` (one page at a time, check-your-answers,
// submit → 303) and the receipt. Framable only by the agency's portals. The flow itself: services/form-flow.ts.
import { type Context, Hono } from 'hono'
import * as z from 'zod'
import { shanghaiDate } from '../../workflows/calendar'
import type { AppEnv } from '../env'
import { formValue, parseWith, readForm } from '../lib/body'
import { embedContext, embedQuery } from '../services/embedding'
import { advanceForm, formPath, openReceipt, startForm } from '../services/form-flow'
import { embedOrigins } from '../services/forms'
import { sendReceiptCopy, trackingLink } from '../services/receipt'
import { CheckAnswersView, FormPageView, ReceiptClosedView, ReceiptView } from '../views/form-page'
import { ErrorPage } from '../views/layout'
import { intakeDeps, openForm, readPostedPage } from './form-context'

/** A wrong or missing key is a 404 like an unknown reference, never a 422 that would tell them apart. */
const ReceiptLink = z.object({
  k: z.string().default(''),
  /** Which copy was just queued (after the copy form's redirect). */
  sent: z.enum(['email', 'sms']).optional().catch(undefined),
})

export const formPages = new Hono<AppEnv>()

formPages.get('/:agency/forms/:form', async (c) => {
  const open = await openForm(c)
  const deps = intakeDeps(c)
  const state = await startForm(deps, open, (key) => c.req.query(key))
  const model = open.form.compiled.renderModel
  return c.html(
    <FormPageView
      nonce={c.get('nonce')}
      model={model}
      action={formPath(open)}
      {...state}
      today={shanghaiDate(deps.now)}
      agencyName={open.agency.name}
      page={model.pages[0]!}
      pageIndex={0}
      issues={[]}
    />,
  )
})

formPages.post('/:agency/forms/:form', async (c) => {
  const open = await openForm(c)
  const deps = intakeDeps(c)
  const step = await advanceForm(deps, open, () => readPostedPage(c))
  if (step.kind === 'submitted') return c.redirect(step.receiptUrl, 303)
  if (step.kind === 'refused') {
    return c.html(
      <ErrorPage nonce={c.get('nonce')} status={422} message={step.message} requestId={c.get('requestId')} />,
      422,
    )
  }
  const model = open.form.compiled.renderModel
  const common = {
    nonce: c.get('nonce'),
    model,
    action: formPath(open),
    token: step.token,
    answers: step.answers,
    embed: step.embed,
    today: shanghaiDate(deps.now),
    agencyName: open.agency.name,
  }
  if (step.kind === 'check') {
    return c.html(
      <CheckAnswersView {...common} rows={step.rows} issues={step.issues} pow={step.pow} />,
      step.status,
    )
  }
  return c.html(
    <FormPageView
      {...common}
      page={model.pages[step.pageIndex]!}
      pageIndex={step.pageIndex}
      issues={step.issues}
    />,
    step.status,
  )
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
