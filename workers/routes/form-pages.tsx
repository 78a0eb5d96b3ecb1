// The citizen form's HTML pages: `GET|POST /{agency}/forms/{form}` (one page at a time, check-your-answers,
// submit → 303) and the receipt. Framable only by the agency's portals. The flow itself: services/form-flow.ts.
import { Hono } from 'hono'
import * as z from 'zod'
import { shanghaiDate } from '../../workflows/calendar'
import type { AppEnv } from '../env'
import { parseWith } from '../lib/body'
import { embedContext } from '../services/embedding'
import { advanceForm, formPath, openReceipt, startForm } from '../services/form-flow'
import { embedOrigins } from '../services/forms'
import { TRACK_RATE } from '../services/tracking'
import { CheckAnswersView, FormPageView, ReceiptView } from '../views/form-page'
import { ErrorPage } from '../views/layout'
import { intakeDeps, openForm, readPostedPage } from './form-context'

/** A wrong or missing key is a 404 like an unknown reference, never a 422 that would tell them apart. */
const ReceiptLink = z.object({ k: z.string().default('') })

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

formPages.get('/:agency/forms/:form/receipt/:reference', async (c) => {
  const open = await openForm(c)
  const { k } = parseWith(ReceiptLink, c.req.query())
  const receipt = await openReceipt(
    intakeDeps(c),
    open,
    { reference: c.req.param('reference'), key: k },
    TRACK_RATE,
  )
  // The link is a credential for this receipt: keep it out of referrers and shared caches.
  c.header('Referrer-Policy', 'no-referrer')
  return c.html(
    <ReceiptView
      nonce={c.get('nonce')}
      embed={embedContext(embedOrigins(open.agency), c.req.query('parent'), (key) => c.req.query(key))}
      agencyName={open.agency.name}
      formTitle={open.form.compiled.renderModel.title}
      reference={receipt.reference}
      queryCode={receipt.queryCode}
      submittedAt={receipt.submittedAt}
      trackUrl={`/track?reference=${encodeURIComponent(receipt.reference)}`}
    />,
  )
})
