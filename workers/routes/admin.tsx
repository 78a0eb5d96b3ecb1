// Staff admin pages: login/logout, the dashboard and user administration. Never framable.
import { type Context, Hono } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import { ROLES } from '../../workflows/engine'
import { checkCredentials, hasSecondFactor } from '../auth/login'
import {
  type AuthContext,
  caseScopedAgencyIds,
  createSession,
  isOperator,
  revokeSession,
} from '../auth/sessions'
import type { AppEnv } from '../env'
import { AppError } from '../errors'
import { messages } from '../i18n/zh-CN'
import { formValue, parseWith, readForm } from '../lib/body'
import { randomToken, timingSafeEqual } from '../lib/crypto'
import { shanghaiDateTime } from '../lib/time'
import { clearSessionCookie, clientIp, setSessionCookie, staff } from '../middleware/auth'
import { isCalendarOperator, loadCalendar } from '../services/calendar'
import { calendarReadiness } from '../services/calendar-readiness'
import { workbenchQueues } from '../services/cases/workbench'
import { InboxCursorSchema, type InboxItem, markInboxItem, staffInbox } from '../services/outbox'
import {
  administeredAgencyChoices,
  createUser,
  listAgencies,
  listUsers,
  NewUserInput,
  resetMfa,
  resetPassword,
  type StaffUserView,
  setUserDisabled,
} from '../services/staff-admin'
import { ErrorSummary, Layout, type SummaryIssue } from '../views/layout'
import { safeNext } from './admin-mfa'
import { staffChrome } from './staff-chrome'

const LOGIN_CSRF_COOKIE = 'login'

function LoginPage(props: {
  nonce: string
  csrf: string
  next: string
  username: string
  issues: SummaryIssue[]
  fieldErrors: Record<string, string>
}) {
  const t = messages.auth
  return (
    <Layout title={t.loginTitle} nonce={props.nonce} hasErrors={props.issues.length > 0}>
      <ErrorSummary issues={props.issues} />
      <h1>{t.loginTitle}</h1>
      <form method="post" action="/admin/login" novalidate>
        <input type="hidden" name="_csrf" value={props.csrf} />
        <input type="hidden" name="next" value={props.next} />
        <div class={`form-group${props.fieldErrors.username ? ' has-error' : ''}`}>
          <label for="username">{t.username}</label>
          {props.fieldErrors.username ? <span class="field-error">{props.fieldErrors.username}</span> : null}
          <input
            type="text"
            id="username"
            name="username"
            value={props.username}
            autocomplete="username"
            spellcheck={false}
          />
        </div>
        <div class={`form-group${props.fieldErrors.password ? ' has-error' : ''}`}>
          <label for="password">{t.password}</label>
          {props.fieldErrors.password ? <span class="field-error">{props.fieldErrors.password}</span> : null}
          <input type="password" id="password" name="password" autocomplete="current-password" />
        </div>
        <button type="submit" class="button">
          {t.submit}
        </button>
      </form>
    </Layout>
  )
}

/** Notifications with their read / dismiss buttons (plain forms: they work without JavaScript). */
function InboxList(props: { items: InboxItem[]; csrf: string; back?: string }) {
  const t = messages.workbench
  if (props.items.length === 0) return <p class="hint">{messages.admin.inboxEmpty}</p>
  return (
    <ul class="inbox">
      {props.items.map((n) => (
        <li>
          <time datetime={new Date(n.at).toISOString()}>{shanghaiDateTime(n.at)}</time>{' '}
          {n.read ? null : <span class="tag">{t.unreadTag}</span>}{' '}
          {n.link ? <a href={n.link}>{n.subject}</a> : n.subject}
          <br />
          <span class="hint">{n.body}</span>
          <span class="button-row">
            {n.read ? null : (
              <form method="post" action={`/admin/inbox/${n.id}/read`} class="inline-form">
                <input type="hidden" name="_csrf" value={props.csrf} />
                <input type="hidden" name="back" value={props.back ?? '/admin'} />
                <button type="submit" class="button button-secondary">
                  {t.markRead}
                </button>
              </form>
            )}
            <form method="post" action={`/admin/inbox/${n.id}/dismiss`} class="inline-form">
              <input type="hidden" name="_csrf" value={props.csrf} />
              <input type="hidden" name="back" value={props.back ?? '/admin'} />
              <button type="submit" class="button button-secondary">
                {t.dismiss}
              </button>
            </form>
          </span>
        </li>
      ))}
    </ul>
  )
}

export const admin = new Hono<AppEnv>()

admin.get('/login', (c) => {
  const csrf = randomToken(24)
  setCookie(c, LOGIN_CSRF_COOKIE, csrf, {
    prefix: 'host',
    path: '/',
    secure: true,
    httpOnly: true,
    sameSite: 'Strict',
  })
  return c.html(
    <LoginPage
      nonce={c.get('nonce')}
      csrf={csrf}
      next={safeNext(c.req.query('next'))}
      username=""
      issues={[]}
      fieldErrors={{}}
    />,
  )
})

admin.post('/login', async (c) => {
  const form = await readForm(c)
  const cookie = getCookie(c, LOGIN_CSRF_COOKIE, 'host')
  const presented = formValue(form, '_csrf')
  if (!cookie || !presented || !timingSafeEqual(cookie, presented)) throw new AppError('csrf_failed')
  const username = formValue(form, 'username').trim().slice(0, 64)
  const password = formValue(form, 'password').slice(0, 256)
  const next = safeNext(formValue(form, 'next'))
  const t = messages.auth
  const fieldErrors: Record<string, string> = {}
  if (!username) fieldErrors.username = t.usernameRequired
  if (!password) fieldErrors.password = t.passwordRequired
  const rerender = (status: 401 | 422 | 429, errors: Record<string, string>, summary: SummaryIssue[]) =>
    c.html(
      <LoginPage
        nonce={c.get('nonce')}
        csrf={presented}
        next={next}
        username={username}
        issues={summary}
        fieldErrors={errors}
      />,
      status,
    )
  if (Object.keys(fieldErrors).length > 0) {
    return rerender(
      422,
      fieldErrors,
      Object.entries(fieldErrors).map(([href, message]) => ({ href, message })),
    )
  }
  const db = c.get('db')
  const now = c.get('now')
  let userId: string
  try {
    userId = await checkCredentials(db, { username, password, ip: clientIp(c) }, now)
  } catch (err) {
    if (err instanceof AppError && (err.code === 'invalid_credentials' || err.code === 'too_many_attempts')) {
      return rerender(err.code === 'too_many_attempts' ? 429 : 401, {}, [
        { href: 'username', message: err.message },
      ])
    }
    throw err
  }
  // With a second factor, the password alone opens a short session that may only enter the code.
  const pendingMfa = await hasSecondFactor(db, userId)
  const session = await createSession(db, {
    userId,
    kind: 'cookie',
    now,
    ip: clientIp(c),
    userAgent: c.req.header('user-agent') ?? null,
    pendingMfa,
  })
  setSessionCookie(c, session.token, session.expiresAt, now)
  return c.redirect(pendingMfa ? `/admin/login/code?next=${encodeURIComponent(next)}` : next, 303)
})

admin.post('/logout', async (c) => {
  await revokeSession(c.get('db'), staff(c).session.id, c.get('now'))
  clearSessionCookie(c)
  return c.redirect('/admin/login', 303)
})

admin.get('/', async (c) => {
  const auth = staff(c)
  const agencyRows = await listAgencies(c.get('db'), auth)
  const operator = isOperator(auth)
  const db = c.get('db')
  const inbox = await staffInbox(db, auth.user.id, { limit: 10 })
  const queues = await workbenchQueues(db, auth, c.get('now'), await loadCalendar(db))
  const readiness = await calendarReadiness(
    c.get('db'),
    operator ? 'all' : caseScopedAgencyIds(auth),
    c.get('now'),
  )
  const canLoadCalendar = readiness !== null && isCalendarOperator(auth)
  const isAdmin = auth.roles.some((r) => r.role === 'admin')
  const isAuditor = auth.roles.some((r) => r.role === 'auditor')
  const t = messages.admin
  return c.html(
    <Layout title={t.dashboardTitle} nonce={c.get('nonce')} staff={staffChrome(auth)}>
      <h1>{t.dashboardTitle}</h1>
      {readiness ? (
        <div class="panel panel-warn" role="status" id="calendar-missing">
          <p>{messages.calendar.missingBanner(readiness.year, readiness.openCases)}</p>
          <p>
            {canLoadCalendar ? (
              <a href={`/admin/calendar/${readiness.year}#import`}>
                {messages.calendar.missingBannerLink(readiness.year)}
              </a>
            ) : (
              messages.calendar.missingBannerAskAdmin
            )}
          </p>
        </div>
      ) : null}
      {queues.length > 0 ? (
        <section aria-labelledby="queues-title">
          <h2 id="queues-title">{messages.workbench.queuesTitle}</h2>
          <ul class="counters">
            {queues.map((q) => (
              <li>
                <a
                  href={q.href}
                  id={`queue-${q.key}`}
                  class={q.key === 'overdue' && q.count > 0 ? 'counter-warn' : undefined}
                >
                  <strong>{q.count}</strong>
                  {messages.workbench.queues[q.key]}
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <h2>
        {t.inbox}
        {inbox.unread > 0 ? <span class="tag">{messages.workbench.unread(inbox.unread)}</span> : null}
      </h2>
      <InboxList items={inbox.items} csrf={auth.session.csrfToken} />
      {inbox.nextCursor ? (
        <p>
          <a href="/admin/inbox">{messages.workbench.allNotifications}</a>
        </p>
      ) : null}
      <h2>{t.yourAgencies}</h2>
      <table>
        <tbody>
          {agencyRows.map((a) => (
            <tr>
              <th scope="row">{a.name}</th>
              <td>
                {auth.roles
                  .filter((r) => r.agencyId === a.id)
                  .map((r) => messages.roles[r.role])
                  .join('、')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {operator ? <p class="tag">{t.platform}</p> : null}
      {agencyRows.length > 0 ? (
        <p class="button-row">
          <a href="/admin/cases" class="button">
            {t.cases}
          </a>
          {auth.roles.some((r) => r.role === 'task_coordinator' || r.role === 'task_reporter') ? (
            <a href="/admin/plans" class="button button-secondary">
              {t.plans}
            </a>
          ) : null}
          <a href="/admin/reports/annual">{messages.reports.title}</a>
          {' · '}
          <a href="/admin/reports/statistics">{messages.reports.statistics}</a>
        </p>
      ) : null}
      {auth.roles.some((r) => r.role === 'registrar') ? (
        <ul>
          {auth.roles
            .filter((r) => r.role === 'registrar')
            .map((r) => {
              const agency = agencyRows.find((a) => a.id === r.agencyId)
              return (
                <li>
                  <a href={`/admin/intake/${agency?.slug ?? r.agencyId}`}>
                    {messages.intake.agencies}：{agency?.name ?? r.agencyId}
                  </a>
                </li>
              )
            })}
        </ul>
      ) : null}
      <ul>
        {isAdmin || operator ? (
          <li>
            <a href="/admin/users">{t.users}</a>
          </li>
        ) : null}
        {isAdmin || operator ? (
          <li>
            <a href="/admin/calendar">{t.calendar}</a>
          </li>
        ) : null}
        {isAdmin ? (
          <li>
            <a href="/admin/calendar/local">{messages.calendar.localTitle}</a>
          </li>
        ) : null}
        {isAuditor || operator ? (
          <li>
            <a href="/admin/audit">{t.audit}</a>
          </li>
        ) : null}
        <li>
          <a href="/admin/password">{t.changePassword}</a>
        </li>
        <li>
          <a href="/admin/account/mfa">{t.mfa}</a>
        </li>
      </ul>
      {isAdmin ? (
        <ul>
          {auth.roles
            .filter((r) => r.role === 'admin')
            .map((r) => (
              <li>
                <a href={`/admin/agencies/${r.agencyId}/settings`}>
                  {t.settings}：{agencyRows.find((a) => a.id === r.agencyId)?.name ?? r.agencyId}
                </a>
              </li>
            ))}
        </ul>
      ) : null}
    </Layout>,
  )
})

/** The new-user form's values, echoed back after a refusal (never the password). */
interface NewUserDraft {
  username: string
  displayName: string
  agencyId: string
  roles: string[]
}

const NEW_USER_FIELDS: Record<string, string> = {
  username: 'new-username',
  displayName: 'new-displayName',
  password: 'new-password',
  agencyId: 'new-agencyId',
  roles: 'new-role-registrar',
}

/** Roles an agency admin grants (三员分立: never the auditor, which the platform operator sets up). */
const GRANTABLE_ROLES = ROLES.filter((r) => r !== 'auditor')

function NewUserForm(props: {
  csrfToken: string
  agencies: { id: string; name: string; depth: number }[]
  draft: NewUserDraft | undefined
}) {
  const t = messages.admin
  const d = props.draft
  return (
    <section aria-labelledby="new-user-heading">
      <h2 id="new-user-heading">{t.newUser}</h2>
      <p class="hint">{t.newUserIntro}</p>
      <form method="post" action="/admin/users" novalidate>
        <input type="hidden" name="_csrf" value={props.csrfToken} />
        <div class="form-group">
          <label for="new-agencyId">{t.newUserAgency}</label>
          <select id="new-agencyId" name="agencyId">
            {props.agencies.map((a) => (
              <option value={a.id} selected={d?.agencyId === a.id}>
                {'　'.repeat(a.depth)}
                {a.name}
              </option>
            ))}
          </select>
        </div>
        <fieldset class="form-group">
          <legend>{t.roles}</legend>
          {GRANTABLE_ROLES.map((r) => (
            <div class="choice">
              <input
                type="checkbox"
                id={`new-role-${r}`}
                name="roles"
                value={r}
                checked={d?.roles.includes(r) ?? false}
              />
              <label for={`new-role-${r}`}>{messages.roles[r]}</label>
            </div>
          ))}
        </fieldset>
        <div class="form-group">
          <label for="new-username">{messages.auth.username}</label>
          <span class="hint" id="new-username-hint">
            {t.newUsernameHint}
          </span>
          <input
            type="text"
            id="new-username"
            name="username"
            autocomplete="off"
            aria-describedby="new-username-hint"
            value={d?.username ?? ''}
          />
        </div>
        <div class="form-group">
          <label for="new-displayName">{t.displayName}</label>
          <input type="text" id="new-displayName" name="displayName" value={d?.displayName ?? ''} />
        </div>
        <div class="form-group">
          <label for="new-password">{t.newUserPassword}</label>
          <span class="hint" id="new-password-hint">
            {t.newUserPasswordHint}
          </span>
          <input
            type="password"
            id="new-password"
            name="password"
            autocomplete="new-password"
            aria-describedby="new-password-hint"
          />
        </div>
        <button type="submit" class="button">
          {t.createUser}
        </button>
      </form>
    </section>
  )
}

function UsersPage(props: {
  nonce: string
  auth: AuthContext
  rows: (StaffUserView & { manageable: boolean })[]
  agencies: { id: string; name: string; depth: number }[]
  notice?: string | undefined
  draft?: NewUserDraft | undefined
  issues: SummaryIssue[]
}) {
  const { auth } = props
  const t = messages.admin
  const agencyName = new Map(props.agencies.map((a) => [a.id, a.name]))
  return (
    <Layout title={t.users} nonce={props.nonce} staff={staffChrome(auth)} hasErrors={props.issues.length > 0}>
      <ErrorSummary issues={props.issues} />
      <h1>{t.users}</h1>
      {props.notice ? (
        <div class="panel" role="status">
          {props.notice}
        </div>
      ) : null}
      <table>
        <thead>
          <tr>
            <th scope="col">{messages.auth.username}</th>
            <th scope="col">{t.displayName}</th>
            <th scope="col">{t.userAgency}</th>
            <th scope="col">{t.roles}</th>
            <th scope="col">{t.status}</th>
            <th scope="col">
              <span class="visually-hidden">{t.actions}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((u) => (
            <tr>
              <td>{u.username}</td>
              <td>{u.displayName}</td>
              <td>{agencyName.get(u.homeAgencyId) ?? ''}</td>
              <td>
                {u.roles
                  .map((r) =>
                    r.agencyId === u.homeAgencyId
                      ? messages.roles[r.role]
                      : `${messages.roles[r.role]}（${agencyName.get(r.agencyId) ?? r.agencyId}）`,
                  )
                  .join('、')}
              </td>
              <td>
                {u.disabled ? t.disabled : t.active}
                {u.mustChangePassword ? <span class="hint">（{t.mustChangePassword}）</span> : null}
                {u.mfaEnrolled ? <span class="hint">（{t.mfaOn}）</span> : null}
              </td>
              <td>
                {u.manageable ? (
                  <>
                    <form method="post" action={`/admin/users/${u.id}/${u.disabled ? 'enable' : 'disable'}`}>
                      <input type="hidden" name="_csrf" value={auth.session.csrfToken} />
                      <button
                        type="submit"
                        class={`button ${u.disabled ? 'button-secondary' : 'button-warning'}`}
                      >
                        {u.disabled ? t.enable : t.disable}
                      </button>
                    </form>
                    <form method="post" action={`/admin/users/${u.id}/password`} class="inline-form">
                      <input type="hidden" name="_csrf" value={auth.session.csrfToken} />
                      <label for={`password-${u.id}`} class="visually-hidden">
                        {t.resetPasswordLabel(u.username)}
                      </label>
                      <input
                        type="password"
                        id={`password-${u.id}`}
                        name="password"
                        autocomplete="new-password"
                      />
                      <button type="submit" class="button button-secondary">
                        {t.resetPassword}
                      </button>
                    </form>
                    {u.mfaEnrolled ? (
                      <form method="post" action={`/admin/users/${u.id}/mfa/reset`}>
                        <input type="hidden" name="_csrf" value={auth.session.csrfToken} />
                        <button type="submit" class="button button-secondary">
                          {t.resetMfa}
                        </button>
                      </form>
                    ) : null}
                  </>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {props.agencies.length > 0 ? (
        <NewUserForm csrfToken={auth.session.csrfToken} agencies={props.agencies} draft={props.draft} />
      ) : null}
    </Layout>
  )
}

async function renderUsers(
  c: Context<AppEnv>,
  extra: { notice?: string; draft?: NewUserDraft; issues?: SummaryIssue[] },
  status: 200 | 422 = 200,
) {
  const auth = staff(c)
  const db = c.get('db')
  const [rows, agencies] = await Promise.all([listUsers(db, auth), administeredAgencyChoices(db, auth)])
  return c.html(
    <UsersPage
      nonce={c.get('nonce')}
      auth={auth}
      rows={rows}
      agencies={agencies}
      notice={extra.notice}
      draft={extra.draft}
      issues={extra.issues ?? []}
    />,
    status,
  )
}

admin.get('/users', async (c) => {
  const notice = c.req.query('reset')
    ? messages.admin.passwordWasReset
    : c.req.query('mfa-reset')
      ? messages.admin.mfaWasReset
      : c.req.query('created')
        ? messages.admin.userCreated
        : undefined
  return renderUsers(c, { ...(notice ? { notice } : {}) })
})

admin.post('/users', async (c) => {
  const auth = staff(c)
  const form = await readForm(c)
  const draft: NewUserDraft = {
    username: formValue(form, 'username'),
    displayName: formValue(form, 'displayName'),
    agencyId: formValue(form, 'agencyId'),
    roles: form.get('roles') ?? [],
  }
  try {
    const input = parseWith(NewUserInput, { ...draft, password: formValue(form, 'password') })
    await createUser(c.get('db'), auth, input, c.get('now'))
  } catch (err) {
    if (!(err instanceof AppError) || !['validation_failed', 'forbidden', 'not_found'].includes(err.code)) {
      throw err
    }
    const issues = (err.issues ?? []).map((i) => ({
      href: NEW_USER_FIELDS[i.path.split('.')[0] ?? ''] ?? 'new-username',
      message: i.message,
    }))
    return renderUsers(
      c,
      {
        draft,
        issues:
          issues.length > 0 ? issues : [{ href: 'new-agencyId', message: messages.staffAdmin.unknownAgency }],
      },
      422,
    )
  }
  return c.redirect('/admin/users?created=1', 303)
})

admin.post('/users/:id/:op{disable|enable}', async (c) => {
  await setUserDisabled(
    c.get('db'),
    staff(c),
    c.req.param('id'),
    c.req.param('op') === 'disable',
    c.get('now'),
  )
  return c.redirect('/admin/users', 303)
})

admin.post('/users/:id/mfa/reset', async (c) => {
  await resetMfa(c.get('db'), staff(c), c.req.param('id'), c.get('now'), clientIp(c))
  return c.redirect('/admin/users?mfa-reset=1', 303)
})

admin.post('/users/:id/password', async (c) => {
  const auth = staff(c)
  const form = await readForm(c)
  try {
    await resetPassword(c.get('db'), auth, c.req.param('id'), formValue(form, 'password'), c.get('now'))
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== 'validation_failed') throw err
    const issues = (err.issues ?? []).map((i) => ({
      href: `password-${c.req.param('id')}`,
      message: i.message,
    }))
    return renderUsers(c, { issues }, 422)
  }
  return c.redirect('/admin/users?reset=1', 303)
})

admin.get('/inbox', async (c) => {
  const auth = staff(c)
  const cursor = InboxCursorSchema.safeParse(c.req.query('cursor')).data
  const inbox = await staffInbox(c.get('db'), auth.user.id, { cursor, limit: 20 })
  const t = messages.workbench
  return c.html(
    <Layout title={t.inboxTitle} nonce={c.get('nonce')} staff={staffChrome(auth)}>
      <h1>{t.inboxTitle}</h1>
      <p class="hint">{t.unread(inbox.unread)}</p>
      <InboxList items={inbox.items} csrf={auth.session.csrfToken} back="/admin/inbox" />
      {inbox.nextCursor ? (
        <p>
          <a href={`/admin/inbox?cursor=${encodeURIComponent(inbox.nextCursor)}`}>
            {messages.cases.nextPage}
          </a>
        </p>
      ) : null}
    </Layout>,
  )
})

for (const op of ['read', 'dismiss'] as const) {
  admin.post(`/inbox/:id/${op}`, async (c) => {
    const form = await readForm(c)
    await markInboxItem(c.get('db'), staff(c).user.id, c.req.param('id'), op, c.get('now'))
    return c.redirect(formValue(form, 'back') === '/admin/inbox' ? '/admin/inbox' : '/admin', 303)
  })
}
