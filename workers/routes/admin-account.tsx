// The staff member's own account: change the password (required first after an admin reset it).
import { type Context, Hono } from 'hono'
import type { AppEnv } from '../env'
import { AppError } from '../errors'
import { messages } from '../i18n/zh-CN'
import { formValue, readForm } from '../lib/body'
import { clientIp, staff } from '../middleware/auth'
import { changeOwnPassword } from '../services/staff-admin'
import { ErrorSummary, Layout, type SummaryIssue } from '../views/layout'
import { staffChrome } from './staff-chrome'

const t = messages.account

function PasswordPage(props: {
  nonce: string
  staff: { displayName: string; csrfToken: string }
  mustChange: boolean
  issues: SummaryIssue[]
  notice?: string | undefined
}) {
  const errorOf = (field: string) => props.issues.find((i) => i.href === field)?.message
  const field = (name: 'current' | 'next', label: string, autocomplete: string) => (
    <div class={`form-group${errorOf(name) ? ' has-error' : ''}`}>
      <label for={name}>{label}</label>
      {errorOf(name) ? <span class="field-error">{errorOf(name)}</span> : null}
      <input type="password" id={name} name={name} autocomplete={autocomplete} />
    </div>
  )
  return (
    <Layout title={t.title} nonce={props.nonce} staff={props.staff} hasErrors={props.issues.length > 0}>
      <ErrorSummary issues={props.issues} />
      <h1>{t.title}</h1>
      {props.mustChange ? <p class="panel panel-warn">{t.mustChange}</p> : null}
      {props.notice ? (
        <div class="panel" role="status">
          {props.notice}
        </div>
      ) : null}
      <p class="hint">{t.rules}</p>
      <form method="post" action="/admin/password" novalidate>
        <input type="hidden" name="_csrf" value={props.staff.csrfToken} />
        {field('current', t.current, 'current-password')}
        {field('next', t.next, 'new-password')}
        <button type="submit" class="button">
          {t.submit}
        </button>
      </form>
    </Layout>
  )
}

function page(c: Context<AppEnv>, issues: SummaryIssue[], status: 200 | 422, notice?: string) {
  const auth = staff(c)
  return c.html(
    <PasswordPage
      nonce={c.get('nonce')}
      staff={staffChrome(auth)}
      mustChange={auth.user.mustChangePassword}
      issues={issues}
      notice={notice}
    />,
    status,
  )
}

export const adminAccount = new Hono<AppEnv>()

adminAccount.get('/password', (c) => page(c, [], 200, c.req.query('changed') ? t.changed : undefined))

adminAccount.post('/password', async (c) => {
  const form = await readForm(c)
  const input = { current: formValue(form, 'current'), next: formValue(form, 'next'), ip: clientIp(c) }
  try {
    await changeOwnPassword(c.get('db'), staff(c), input, c.get('now'))
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== 'validation_failed') throw err
    return page(
      c,
      (err.issues ?? []).map((i) => ({ href: i.path, message: i.message })),
      422,
    )
  }
  return c.redirect(staff(c).user.mustChangePassword ? '/admin' : '/admin/password?changed=1', 303)
})
