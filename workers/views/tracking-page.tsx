// The public tracking page: the lookup form (reference + query code), and the status with its public timeline,
// deadline in plain words and the applicant's withdrawal.
import { shanghaiDate } from '../../workflows/calendar'
import { messages } from '../i18n/zh-CN'
import type { PublicStatus } from '../services/tracking'
import { ErrorSummary, Layout, type SummaryIssue } from './layout'

const t = messages.tracking

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
        {s.correction ? (
          <>
            <dt>{t.correctionItems}</dt>
            <dd>
              <ul class="plain">
                {s.correction.items.map((item) => (
                  <li>{item}</li>
                ))}
              </ul>
              {s.correction.receivedOn ? null : t.correctionDue(s.correction.dueOn)}
            </dd>
            {s.correction.receivedOn ? (
              <>
                <dt>{t.correctionReceivedOn}</dt>
                <dd>{t.correctionRestart(s.correction.receivedOn)}</dd>
              </>
            ) : null}
          </>
        ) : null}
        <dt>{s.deadline.label}</dt>
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
      {s.deadline.kind === 'agency_target' ? <p class="hint">{messages.deadlines.agencyTargetNote}</p> : null}
      {s.notice ? (
        <div class="panel" id="decision-notice">
          <h2>{messages.deadlines.notice}</h2>
          <p>{s.notice}</p>
        </div>
      ) : null}
      <h2>{t.timeline}</h2>
      <ol class="timeline">
        {s.timeline.map((e) => (
          <li>
            <time datetime={e.at}>{e.date}</time> {e.label}
          </li>
        ))}
      </ol>
      {s.letters.length > 0 ? (
        <section aria-labelledby="letters-title">
          <h2 id="letters-title">{t.letters}</h2>
          <ul class="letters">
            {s.letters.map((l) => (
              <li>
                <form method="post" action={`/track/letters/${encodeURIComponent(l.id)}`} class="inline-form">
                  <input type="hidden" name="reference" value={props.reference} />
                  <input type="hidden" name="code" value={props.code} />
                  <span>
                    {l.title}
                    {l.number ? `（${l.number}）` : ''}
                    {l.issuedOn ? ` ${l.issuedOn}` : ''}
                  </span>
                  <button type="submit" class="button button-secondary">
                    {t.letterDownload}
                  </button>
                </form>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
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

export function TrackPage(props: {
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
