// Admin page for an agency's settings: embed origins (the frame-ancestors allow-list) and disclosure settings.
import { Hono } from 'hono'
import type { AppEnv } from '../env'
import { AppError } from '../errors'
import { messages } from '../i18n/zh-CN'
import { formValue, readForm } from '../lib/body'
import { staff } from '../middleware/auth'
import { AgencySettingsInput, agencySettingsView, updateAgencySettings } from '../services/agency-settings'
import { ErrorSummary, Layout, type SummaryIssue } from '../views/layout'

const t = messages.settings

type View = Awaited<ReturnType<typeof agencySettingsView>>

function SettingsPage(props: {
  nonce: string
  staff: { displayName: string; csrfToken: string }
  view: View
  origins: string
  issues: SummaryIssue[]
  saved: boolean
  host: string
  slug: string
}) {
  const v = props.view
  return (
    <Layout
      title={`${t.title} - ${v.name}`}
      nonce={props.nonce}
      staff={props.staff}
      hasErrors={props.issues.length > 0}
    >
      <ErrorSummary issues={props.issues} />
      {props.saved ? (
        <div class="panel" role="status">
          {t.saved}
        </div>
      ) : null}
      <h1>
        {t.title}：{v.name}
      </h1>
      <form method="post" novalidate>
        <input type="hidden" name="_csrf" value={props.staff.csrfToken} />
        <div class="form-group">
          <label for="embedOrigins">{t.embedOrigins}</label>
          <span class="hint" id="embedOrigins-hint">
            {t.embedOriginsHint}
          </span>
          <textarea id="embedOrigins" name="embedOrigins" rows={4} aria-describedby="embedOrigins-hint">
            {props.origins}
          </textarea>
        </div>
        <div class="form-group">
          <div class="choice">
            <input
              type="checkbox"
              id="legalReview"
              name="legalReview"
              value="on"
              checked={v.disclosure.legalReview}
            />
            <label for="legalReview">{t.legalReview}</label>
          </div>
        </div>
        <div class="form-group">
          <div class="choice">
            <input type="checkbox" id="proofOfWork" name="proofOfWork" value="on" checked={v.proofOfWork} />
            <label for="proofOfWork">{t.proofOfWork}</label>
          </div>
          <span class="hint">{t.proofOfWorkHint}</span>
        </div>
        <div class="form-group">
          <label for="dueSoonWorkingDays">{t.dueSoon}</label>
          <input
            type="number"
            id="dueSoonWorkingDays"
            name="dueSoonWorkingDays"
            min={0}
            max={30}
            value={String(v.disclosure.dueSoonWorkingDays)}
          />
        </div>
        <div class="form-group">
          <label for="correctionWindowWorkingDays">{t.correctionWindow}</label>
          <input
            type="number"
            id="correctionWindowWorkingDays"
            name="correctionWindowWorkingDays"
            min={1}
            max={60}
            value={String(v.disclosure.correctionWindowWorkingDays)}
          />
        </div>
        <div class="form-group">
          <label for="webhookUrl">{t.webhookUrl}</label>
          <input type="text" id="webhookUrl" name="webhookUrl" value={v.webhookUrl} />
          {v.webhookSecret ? (
            <p class="hint">
              {t.webhookSecret}：<code>{v.webhookSecret}</code>
            </p>
          ) : null}
        </div>
        <button type="submit" class="button">
          {t.save}
        </button>
      </form>
      <h2>{t.embedCode}</h2>
      <p class="hint">{t.embedCodeHint}</p>
      <pre class="panel">
        <code>{`<div id="gov-form"><a href="${props.host}/${props.slug}/forms/disclosure">在线申请政府信息公开</a></div>\n<script src="${props.host}/embed.js" data-agency="${props.slug}" data-form="disclosure" data-target="gov-form"></script>`}</code>
      </pre>
    </Layout>
  )
}

export const adminSettings = new Hono<AppEnv>()

async function slugOf(c: { get: (k: 'db') => AppEnv['Variables']['db'] }, id: string) {
  const row = await c.get('db').query.agencies.findFirst({ where: (a, { eq }) => eq(a.id, id) })
  if (!row) throw new AppError('not_found')
  return row.slug
}

adminSettings.get('/:id/settings', async (c) => {
  const auth = staff(c)
  const view = await agencySettingsView(c.get('db'), auth, c.req.param('id'))
  return c.html(
    <SettingsPage
      nonce={c.get('nonce')}
      staff={{ displayName: auth.user.displayName, csrfToken: auth.session.csrfToken }}
      view={view}
      origins={view.embedOrigins.join('\n')}
      issues={[]}
      saved={c.req.query('saved') === '1'}
      host={new URL(c.req.url).origin}
      slug={await slugOf(c, view.id)}
    />,
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
    },
    webhookUrl: formValue(form, 'webhookUrl').trim(),
    proofOfWork: formValue(form, 'proofOfWork') === 'on',
  })
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({
      href: i.path[0] === 'embedOrigins' ? 'embedOrigins' : String(i.path.at(-1) ?? 'embedOrigins'),
      message: i.message,
    }))
    return c.html(
      <SettingsPage
        nonce={c.get('nonce')}
        staff={{ displayName: auth.user.displayName, csrfToken: auth.session.csrfToken }}
        view={view}
        origins={origins}
        issues={issues}
        saved={false}
        host={new URL(c.req.url).origin}
        slug={await slugOf(c, id)}
      />,
      422,
    )
  }
  await updateAgencySettings(c.get('db'), auth, id, parsed.data, c.get('now'))
  return c.redirect(`/admin/agencies/${id}/settings?saved=1`, 303)
})
