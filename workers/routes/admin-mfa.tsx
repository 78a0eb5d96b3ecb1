// The second factor in the admin UI: the code step of a login (`/admin/login/code`) and the account's own page
// (`/admin/account/mfa`): enrol with a QR code rendered here as SVG, recovery codes shown once, turn it off.
import { type Context, Hono } from 'hono'
import { raw } from 'hono/html'
import { createSession, revokeSession } from '../auth/sessions'
import type { AppEnv } from '../env'
import { AppError } from '../errors'
import { messages } from '../i18n/zh-CN'
import { formValue, readForm } from '../lib/body'
import { loadKeyring } from '../lib/pii'
import { shanghaiDateTime } from '../lib/time'
import { clientIp, setSessionCookie, staff } from '../middleware/auth'
import {
  beginEnrolment,
  confirmEnrolment,
  disableOwnMfa,
  mfaStatus,
  regenerateRecoveryCodes,
  verifySecondFactor,
} from '../services/mfa'
import { ErrorSummary, Layout, type SummaryIssue } from '../views/layout'

const t = messages.mfa

/** Only same-site relative paths under /admin may be a post-login destination (no open redirect). */
export function safeNext(next: string | undefined): string {
  return next && /^\/admin(\/[A-Za-z0-9/_-]*)?$/.test(next) ? next : '/admin'
}

const keyring = (c: Context<AppEnv>) => loadKeyring(c.env.PII_KEYS, c.env.PII_ACTIVE_KEY)

function CodeField(props: { label: string; hint: string; error?: string | undefined; recovery?: boolean }) {
  return (
    <div class={`form-group${props.error ? ' has-error' : ''}`}>
      <label for="code">{props.label}</label>
      <span class="hint" id="code-hint">
        {props.hint}
      </span>
      {props.error ? <span class="field-error">{props.error}</span> : null}
      <input
        type="text"
        id="code"
        name="code"
        autocomplete="one-time-code"
        inputmode={props.recovery ? 'text' : 'numeric'}
        spellcheck={false}
        aria-describedby="code-hint"
        class="input-short"
      />
    </div>
  )
}

/** Errors a code form answers with its page again (422, 401 or 429) rather than the error page. */
function codeIssues(err: unknown): SummaryIssue[] | null {
  if (!(err instanceof AppError)) return null
  if (err.code === 'mfa_invalid' || err.code === 'too_many_attempts' || err.code === 'validation_failed') {
    return [{ href: 'code', message: err.code === 'mfa_invalid' ? t.wrongCode : err.message }]
  }
  return null
}

function issueStatus(err: unknown): 401 | 422 | 429 {
  if (err instanceof AppError && err.code === 'too_many_attempts') return 429
  if (err instanceof AppError && err.code === 'mfa_invalid') return 401
  return 422
}

function LoginCodePage(props: { nonce: string; csrf: string; next: string; issues: SummaryIssue[] }) {
  return (
    <Layout title={t.loginTitle} nonce={props.nonce} staff={null} hasErrors={props.issues.length > 0}>
      <ErrorSummary issues={props.issues} />
      <h1>{t.loginTitle}</h1>
      <p>{t.loginIntro}</p>
      <form method="post" action="/admin/login/code" novalidate>
        <input type="hidden" name="_csrf" value={props.csrf} />
        <input type="hidden" name="next" value={props.next} />
        <CodeField
          label={t.codeOrRecovery}
          hint={t.codeOrRecoveryHint}
          error={props.issues[0]?.message}
          recovery
        />
        <button type="submit" class="button">
          {t.verify}
        </button>
      </form>
      <form method="post" action="/admin/logout">
        <input type="hidden" name="_csrf" value={props.csrf} />
        <button type="submit" class="button button-secondary">
          {t.cancel}
        </button>
      </form>
    </Layout>
  )
}

function RecoveryCodes(props: { codes: string[] }) {
  return (
    <section aria-labelledby="recovery-title" class="panel">
      <h2 id="recovery-title">{t.recoveryTitle}</h2>
      <p>{t.recoveryIntro}</p>
      <ol class="recovery-codes">
        {props.codes.map((code) => (
          <li>
            <code>{code}</code>
          </li>
        ))}
      </ol>
    </section>
  )
}

type AccountView =
  | { kind: 'enrol'; secret: string; qrSvg: string; required: boolean }
  | {
      kind: 'enrolled'
      enrolledAt: number
      left: number
      required: boolean
      codes?: string[]
      notice?: string
    }
  | { kind: 'off'; notice: string }

function MfaPage(props: {
  nonce: string
  staff: { displayName: string; csrfToken: string }
  view: AccountView
  issues: SummaryIssue[]
}) {
  const { view } = props
  const csrf = <input type="hidden" name="_csrf" value={props.staff.csrfToken} />
  const error = props.issues[0]?.message
  return (
    <Layout title={t.title} nonce={props.nonce} staff={props.staff} hasErrors={props.issues.length > 0}>
      <ErrorSummary issues={props.issues} />
      <h1>{t.title}</h1>
      {view.kind === 'off' ? (
        <div class="panel" role="status">
          {view.notice}
        </div>
      ) : null}
      {view.kind === 'enrolled' && view.notice ? (
        <div class="panel" role="status">
          {view.notice}
        </div>
      ) : null}
      <p>{t.intro}</p>
      {view.kind !== 'off' ? (
        <p class={view.required ? 'panel panel-warn' : 'hint'}>{view.required ? t.required : t.optional}</p>
      ) : null}
      {view.kind === 'enrol' ? (
        <>
          <h2>{t.step1}</h2>
          <div class="qr" role="img" aria-label={t.qrLabel}>
            {raw(view.qrSvg)}
          </div>
          <p>{t.manual}</p>
          <p class="secret" id="totp-secret">
            {view.secret.replace(/(.{4})(?=.)/g, '$1 ')}
          </p>
          <h2>{t.step2}</h2>
          <form method="post" action="/admin/account/mfa/confirm" novalidate>
            {csrf}
            <CodeField label={t.code} hint={t.codeHint} error={error} />
            <button type="submit" class="button">
              {t.confirm}
            </button>
          </form>
        </>
      ) : null}
      {view.kind === 'enrolled' ? (
        <>
          <p>
            {t.enrolledOn(shanghaiDateTime(view.enrolledAt))} {view.codes ? null : t.recoveryLeft(view.left)}
          </p>
          {view.codes ? <RecoveryCodes codes={view.codes} /> : null}
          {view.codes ? (
            <p>
              <a href="/admin" class="button">
                {messages.admin.dashboardTitle}
              </a>
            </p>
          ) : (
            <>
              <h2>{t.regenerate}</h2>
              <p class="hint">{t.regenerateHint}</p>
              <form method="post" action="/admin/account/mfa/recovery-codes" novalidate>
                {csrf}
                <CodeField label={t.code} hint={t.codeHint} error={error} />
                <button type="submit" class="button button-secondary">
                  {t.regenerate}
                </button>
              </form>
              {view.required ? null : (
                <>
                  <h2>{t.disable}</h2>
                  <p class="hint">{t.disableHint}</p>
                  <form method="post" action="/admin/account/mfa/disable" novalidate>
                    {csrf}
                    <label for="disable-code">{t.code}</label>
                    <input
                      type="text"
                      id="disable-code"
                      name="code"
                      autocomplete="one-time-code"
                      inputmode="numeric"
                      class="input-short"
                    />
                    <button type="submit" class="button button-warning">
                      {t.disable}
                    </button>
                  </form>
                </>
              )}
            </>
          )}
        </>
      ) : null}
    </Layout>
  )
}

async function accountPage(
  c: Context<AppEnv>,
  issues: SummaryIssue[] = [],
  status: 200 | 401 | 422 | 429 = 200,
  extra: { codes?: string[]; notice?: string } = {},
) {
  const auth = staff(c)
  const db = c.get('db')
  const status0 = await mfaStatus(db, auth)
  let view: AccountView
  if (status0.enrolled) {
    view = {
      kind: 'enrolled',
      enrolledAt: status0.enrolledAt!,
      left: status0.recoveryCodesLeft,
      required: status0.required,
      ...extra,
    }
  } else if (extra.notice && !status0.required) {
    view = { kind: 'off', notice: extra.notice }
  } else {
    const { secret, uri } = await beginEnrolment(db, await keyring(c), auth, clientIp(c), c.get('now'))
    // The QR encoder (uqr) is imported here, on first use: a separate module of the Worker (scripts/worker-build.ts).
    const { renderSVG } = await import('uqr')
    view = { kind: 'enrol', secret, qrSvg: renderSVG(uri, { border: 2 }), required: status0.required }
  }
  // The secret and recovery codes must not linger in any cache.
  c.header('Cache-Control', 'no-store')
  return c.html(
    <MfaPage
      nonce={c.get('nonce')}
      staff={{ displayName: auth.user.displayName, csrfToken: auth.session.csrfToken }}
      view={view}
      issues={issues}
    />,
    status,
  )
}

export const adminMfa = new Hono<AppEnv>()

adminMfa.get('/login/code', (c) => {
  const auth = staff(c)
  return c.html(
    <LoginCodePage
      nonce={c.get('nonce')}
      csrf={auth.session.csrfToken}
      next={safeNext(c.req.query('next'))}
      issues={[]}
    />,
  )
})

adminMfa.post('/login/code', async (c) => {
  const auth = staff(c)
  const db = c.get('db')
  const now = c.get('now')
  const form = await readForm(c)
  const next = safeNext(formValue(form, 'next'))
  // Nothing to verify for a session that is already complete.
  if (auth.session.mfaVerified || !auth.user.mfaEnrolled) return c.redirect(next, 303)
  const code = formValue(form, 'code').slice(0, 64)
  try {
    if (!code.trim()) throw new AppError('validation_failed', { message: t.codeRequired })
    await verifySecondFactor(db, await keyring(c), auth.user.id, code, clientIp(c), now)
  } catch (err) {
    const issues = codeIssues(err)
    if (!issues) throw err
    return c.html(
      <LoginCodePage nonce={c.get('nonce')} csrf={auth.session.csrfToken} next={next} issues={issues} />,
      issueStatus(err),
    )
  }
  // A new session (and cookie) once both factors are in: the pending one's token is worth nothing from now.
  await revokeSession(db, auth.session.id, now)
  const session = await createSession(db, {
    userId: auth.user.id,
    kind: 'cookie',
    now,
    ip: clientIp(c),
    userAgent: c.req.header('user-agent') ?? null,
    mfaAt: now,
  })
  setSessionCookie(c, session.token, session.expiresAt, now)
  return c.redirect(next, 303)
})

adminMfa.get('/account/mfa', (c) => accountPage(c))

/** Run a code-confirmed change; a wrong or missing code shows the page again with the error. */
async function withCode(
  c: Context<AppEnv>,
  act: (code: string) => Promise<{ codes?: string[]; notice?: string }>,
) {
  const code = formValue(await readForm(c), 'code').slice(0, 64)
  let extra: { codes?: string[]; notice?: string }
  try {
    if (!code.trim()) throw new AppError('validation_failed', { message: t.codeRequired })
    extra = await act(code)
  } catch (err) {
    const issues = codeIssues(err)
    if (!issues) throw err
    return accountPage(c, issues, issueStatus(err))
  }
  return accountPage(c, [], 200, extra)
}

adminMfa.post('/account/mfa/confirm', (c) =>
  withCode(c, async (code) => {
    const { recoveryCodes } = await confirmEnrolment(
      c.get('db'),
      await keyring(c),
      staff(c),
      code,
      clientIp(c),
      c.get('now'),
    )
    return { codes: recoveryCodes, notice: t.enrolledNow }
  }),
)

adminMfa.post('/account/mfa/recovery-codes', (c) =>
  withCode(c, async (code) => {
    const { recoveryCodes } = await regenerateRecoveryCodes(
      c.get('db'),
      await keyring(c),
      staff(c),
      code,
      clientIp(c),
      c.get('now'),
    )
    return { codes: recoveryCodes }
  }),
)

adminMfa.post('/account/mfa/disable', (c) =>
  withCode(c, async (code) => {
    await disableOwnMfa(c.get('db'), await keyring(c), staff(c), code, clientIp(c), c.get('now'))
    return { notice: t.disabledNow }
  }),
)
