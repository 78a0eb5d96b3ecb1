// Public tracking: `GET /track` page and `GET /api/v1/track`, plus the applicant's withdrawal. Rate limited;
// a wrong pair and an unknown reference give the same answer.
import { type Context, Hono } from 'hono'
import { z } from 'zod'
import { shanghaiDate } from '../../workflows/calendar'
import type { AppEnv } from '../env'
import { AppError } from '../errors'
import { messages } from '../i18n/zh-CN'
import { formValue, parseWith, readForm, readJson } from '../lib/body'
import { enforceRateLimit } from '../lib/rate-limit'
import { clientIp } from '../middleware/auth'
import { loadCalendar } from '../services/calendar'
import { applyCaseAction } from '../services/cases'
import { activeCase, findTracked, type PublicStatus, publicStatus } from '../services/tracking'
import { ErrorSummary, Layout, type SummaryIssue } from '../views/layout'

const t = messages.tracking
export const TRACK_RATE = { limit: 20, windowMs: 10 * 60_000 }

function secret(c: Context<AppEnv>): string {
  if (!c.env.APP_SECRET) throw new Error('APP_SECRET is not configured')
  return c.env.APP_SECRET
}

async function lookup(c: Context<AppEnv>, reference: string, code: string) {
  const db = c.get('db')
  await enforceRateLimit(db, `track:${clientIp(c)}`, TRACK_RATE, c.get('now'))
  const sub = await findTracked(db, secret(c), reference, code)
  return { sub, status: await publicStatus(db, sub, await loadCalendar(db), c.get('now')) }
}

/** Withdraw as the applicant; returns the status after it (one lookup, so one hit on the rate limit). */
async function withdraw(c: Context<AppEnv>, reference: string, code: string, reason: string | undefined) {
  const { sub } = await lookup(c, reference, code)
  const db = c.get('db')
  const row = await activeCase(db, sub.id)
  const calendar = await loadCalendar(db)
  await applyCaseAction(db, {
    row,
    action: 'withdraw',
    actor: { kind: 'applicant' },
    body: reason ? { reason } : {},
    expectedVersion: row.version,
    now: c.get('now'),
    calendar,
  })
  return publicStatus(db, sub, calendar, c.get('now'))
}

const TrackQuery = z.strictObject({ reference: z.string().max(40), code: z.string().max(20) })
const WithdrawBody = z.strictObject({
  reference: z.string().max(40),
  code: z.string().max(20),
  reason: z.string().trim().max(2000).optional(),
})

function StatusView(props: { status: PublicStatus; reference: string; code: string }) {
  const s = props.status
  return (
    <>
      <h1>
        {t.reference} {s.reference}
      </h1>
      <dl class="summary">
        <dt>{t.status}</dt>
        <dd>
          <strong>{s.status}</strong>
        </dd>
        <dt>{t.submittedAt}</dt>
        <dd>{shanghaiDate(Date.parse(s.submittedAt))}</dd>
        <dt>{t.receivedOn}</dt>
        <dd>{s.receivedOn ?? t.receivedOnPending}</dd>
        <dt>{t.dueOn}</dt>
        <dd>
          {s.dueOn ??
            (s.pendingDeadline
              ? t.dueOnPending(s.pendingDeadline)
              : s.dueOnUnconfirmedYear
                ? t.dueOnUnconfirmed
                : s.closed
                  ? t.dueOnClosed
                  : s.paused
                    ? t.dueOnPaused
                    : t.dueOnUnknown)}
        </dd>
        <dt>{t.paused}</dt>
        <dd>{s.paused ? t.pausedYes : t.pausedNo}</dd>
      </dl>
      <h2>{t.timeline}</h2>
      <ol class="timeline">
        {s.timeline.map((e) => (
          <li>
            <time datetime={e.at}>{e.date}</time> {e.label}
          </li>
        ))}
      </ol>
      {s.canWithdraw ? (
        <details class="no-print">
          <summary>{t.withdraw}</summary>
          <p class="hint">{t.withdrawHint}</p>
          <form method="post" action="/track/withdraw">
            <input type="hidden" name="reference" value={props.reference} />
            <input type="hidden" name="code" value={props.code} />
            <div class="form-group">
              <label for="reason">{t.withdrawReason}</label>
              <textarea id="reason" name="reason" rows={3} />
            </div>
            <button type="submit" class="button button-warning">
              {t.withdrawConfirm}
            </button>
          </form>
        </details>
      ) : null}
    </>
  )
}

function TrackPage(props: {
  nonce: string
  reference: string
  code: string
  issues: SummaryIssue[]
  errors: Record<string, string>
  status?: PublicStatus
  notice?: string
}) {
  return (
    <Layout title={t.title} nonce={props.nonce} hasErrors={props.issues.length > 0}>
      <ErrorSummary issues={props.issues} />
      {props.notice ? (
        <div class="panel" role="status">
          {props.notice}
        </div>
      ) : null}
      {props.status ? (
        <StatusView status={props.status} reference={props.reference} code={props.code} />
      ) : (
        <>
          <h1>{t.title}</h1>
          <p>{t.intro}</p>
        </>
      )}
      <form method="post" action="/track" novalidate class="no-print">
        <div class={`form-group${props.errors.reference ? ' has-error' : ''}`}>
          <label for="reference">{t.reference}</label>
          <span class="hint" id="reference-hint">
            {t.referenceHint}
          </span>
          {props.errors.reference ? <span class="field-error">{props.errors.reference}</span> : null}
          <input
            type="text"
            id="reference"
            name="reference"
            value={props.reference}
            autocomplete="off"
            spellcheck={false}
            aria-describedby="reference-hint"
          />
        </div>
        <div class={`form-group${props.errors.code ? ' has-error' : ''}`}>
          <label for="code">{t.code}</label>
          <span class="hint" id="code-hint">
            {t.codeHint}
          </span>
          {props.errors.code ? <span class="field-error">{props.errors.code}</span> : null}
          <input
            type="text"
            id="code"
            name="code"
            value={props.code}
            autocomplete="off"
            spellcheck={false}
            aria-describedby="code-hint"
          />
        </div>
        <button type="submit" class="button">
          {t.submit}
        </button>
      </form>
    </Layout>
  )
}

export const tracking = new Hono<AppEnv>()
  .get('/api/v1/track', async (c) => {
    const q = parseWith(TrackQuery, c.req.query())
    const { status } = await lookup(c, q.reference, q.code)
    return c.json(status)
  })
  .post('/api/v1/track/withdraw', async (c) => {
    const body = await readJson(c, WithdrawBody)
    return c.json(await withdraw(c, body.reference, body.code, body.reason || undefined))
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
  .post('/track/withdraw', async (c) => {
    const form = await readForm(c)
    const reference = formValue(form, 'reference').slice(0, 40)
    const code = formValue(form, 'code').slice(0, 20)
    const status = await withdraw(c, reference, code, formValue(form, 'reason').trim() || undefined)
    return renderLookup(c, reference, code, t.withdrawn, status)
  })

async function renderLookup(
  c: Context<AppEnv>,
  reference: string,
  code: string,
  notice?: string,
  known?: PublicStatus,
) {
  const nonce = c.get('nonce')
  const errors: Record<string, string> = {}
  if (!reference.trim()) errors.reference = t.referenceRequired
  if (!code.trim()) errors.code = t.codeRequired
  const issuesOf = (e: Record<string, string>) =>
    Object.entries(e).map(([href, message]) => ({ href, message }))
  if (Object.keys(errors).length > 0) {
    return c.html(
      <TrackPage nonce={nonce} reference={reference} code={code} issues={issuesOf(errors)} errors={errors} />,
      422,
    )
  }
  try {
    const status = known ?? (await lookup(c, reference, code)).status
    return c.html(
      <TrackPage
        nonce={nonce}
        reference={reference}
        code={code}
        issues={[]}
        errors={{}}
        status={status}
        notice={notice}
      />,
    )
  } catch (err) {
    if (!(err instanceof AppError) || (err.code !== 'not_found' && err.code !== 'rate_limited')) throw err
    const e = { reference: err.message }
    return c.html(
      <TrackPage nonce={nonce} reference={reference} code={code} issues={issuesOf(e)} errors={e} />,
      err.status as 404,
    )
  }
}
