// Admin page for an agency's settings: GET shows them, POST validates the form and saves (303) or shows the errors.
import { type Context, Hono } from 'hono'
import type { AppEnv } from '../env'
import { formValue, readForm } from '../lib/body'
import { staff } from '../middleware/auth'
import {
  AgencySettingsInput,
  type AgencySettingsView,
  agencySettingsView,
  updateAgencySettings,
} from '../services/agency-settings-admin'
import { SettingsPage } from '../views/agency-settings-page'
import type { SummaryIssue } from '../views/layout'
import { staffChrome } from './staff-chrome'

function page(
  c: Context<AppEnv>,
  view: AgencySettingsView,
  options: { origins: string; issues: SummaryIssue[]; saved: boolean },
) {
  const auth = staff(c)
  return (
    <SettingsPage
      nonce={c.get('nonce')}
      staff={staffChrome(auth)}
      view={view}
      host={new URL(c.req.url).origin}
      {...options}
    />
  )
}

export const adminSettings = new Hono<AppEnv>()

adminSettings.get('/:id/settings', async (c) => {
  const view = await agencySettingsView(c.get('db'), staff(c), c.req.param('id'))
  return c.html(
    page(c, view, { origins: view.embedOrigins.join('\n'), issues: [], saved: c.req.query('saved') === '1' }),
  )
})

adminSettings.post('/:id/settings', async (c) => {
  const auth = staff(c)
  const id = c.req.param('id')
  const view = await agencySettingsView(c.get('db'), auth, id)
  const form = await readForm(c)
  const origins = formValue(form, 'embedOrigins')
  const parsed = AgencySettingsInput.safeParse({
    embedOrigins: origins
      .split(/\r?\n/)
      .map((s) => s.trim())
      .filter(Boolean),
    disclosure: {
      legalReview: formValue(form, 'legalReview') === 'on',
      dueSoonWorkingDays: Number(formValue(form, 'dueSoonWorkingDays')),
      correctionWindowWorkingDays: Number(formValue(form, 'correctionWindowWorkingDays')),
      fourEyes: formValue(form, 'fourEyes') === 'on',
      legalReviewDueWorkingDays: Number(formValue(form, 'legalReviewDueWorkingDays')),
      approvalDueWorkingDays: Number(formValue(form, 'approvalDueWorkingDays')),
    },
    webhookUrl: formValue(form, 'webhookUrl').trim(),
    proofOfWork: formValue(form, 'proofOfWork') === 'on',
    ...(formValue(form, 'targetWorkingDays')
      ? { recordCorrection: { targetWorkingDays: Number(formValue(form, 'targetWorkingDays')) } }
      : {}),
  })
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({
      href: i.path[0] === 'embedOrigins' ? 'embedOrigins' : String(i.path.at(-1) ?? 'embedOrigins'),
      message: i.message,
    }))
    return c.html(page(c, view, { origins, issues, saved: false }), 422)
  }
  await updateAgencySettings(c.get('db'), auth, id, parsed.data, c.get('now'))
  return c.redirect(`/admin/agencies/${id}/settings?saved=1`, 303)
})
