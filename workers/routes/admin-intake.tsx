// The registrar's intake page, `/admin/intake/{agency}?form=…`: registers an application received in person, by
// post, fax or e-mail, or orally through the citizen form's own definition (services/staff-intake.ts).
import { type Context, Hono } from 'hono'
import { shanghaiDate } from '../../workflows/calendar'
import type { AppEnv } from '../env'
import { staff } from '../middleware/auth'
import { loadCalendar } from '../services/calendar'
import { caseDetail } from '../services/cases'
import { agencyBySlug, BUILT_IN_FORMS, publishedForm } from '../services/forms'
import type { OpenForm } from '../services/intake'
import { assertRegistrar, registerFromPage } from '../services/staff-intake'
import { IntakeDonePage, IntakeFormPage, type IntakeFormProps } from '../views/intake-page'
import { intakeDeps, readPostedPage } from './form-context'
import { staffChrome } from './staff-chrome'

async function openIntakeForm(c: Context<AppEnv>): Promise<OpenForm> {
  const db = c.get('db')
  const agency = await agencyBySlug(db, c.req.param('agency') ?? '')
  assertRegistrar(staff(c), agency.id)
  const slug = c.req.query('form') || BUILT_IN_FORMS[0]!.slug
  return { agency, form: await publishedForm(db, agency, slug, c.get('now')) }
}

async function formProps(
  c: Context<AppEnv>,
  open: OpenForm,
): Promise<Omit<IntakeFormProps, 'answers' | 'errors'>> {
  const auth = staff(c)
  const db = c.get('db')
  const forms = await Promise.all(
    BUILT_IN_FORMS.map(async (f) => ({
      slug: f.slug,
      title: (await publishedForm(db, open.agency, f.slug, c.get('now'))).compiled.renderModel.title,
    })),
  )
  return {
    nonce: c.get('nonce'),
    staff: staffChrome(auth),
    agency: { slug: open.agency.slug, name: open.agency.name },
    forms,
    formSlug: open.form.slug,
    model: open.form.compiled.renderModel,
    today: shanghaiDate(c.get('now')),
  }
}

export const adminIntake = new Hono<AppEnv>()

adminIntake.get('/:agency', async (c) => {
  const open = await openIntakeForm(c)
  return c.html(<IntakeFormPage {...(await formProps(c, open))} answers={new Map()} errors={new Map()} />)
})

adminIntake.post('/:agency', async (c) => {
  const open = await openIntakeForm(c)
  const auth = staff(c)
  const result = await registerFromPage(intakeDeps(c), { auth, open, posted: await readPostedPage(c) })
  if (result.kind === 'invalid') {
    return c.html(
      <IntakeFormPage {...(await formProps(c, open))} answers={result.answers} errors={result.errors} />,
      422,
    )
  }
  const db = c.get('db')
  const registered = await caseDetail(db, auth, result.receipt.caseId, c.get('now'), await loadCalendar(db))
  // Rendered, not redirected: the query code is shown once and never travels in a URL.
  c.header('Cache-Control', 'no-store')
  return c.html(
    <IntakeDonePage
      nonce={c.get('nonce')}
      staff={staffChrome(auth)}
      agencySlug={open.agency.slug}
      formSlug={open.form.slug}
      caseId={result.receipt.caseId}
      reference={result.receipt.reference}
      queryCode={result.receipt.queryCode}
      receivedOn={result.receivedOn}
      dueOn={registered.dueOn}
      dueLabel={registered.deadline.label}
    />,
    201,
  )
})
