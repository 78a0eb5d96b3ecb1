// The public tracking page: the lookup form (reference + query code), and the status with its public timeline,
// deadline in plain words and the applicant's withdrawal.
import { shanghaiDate } from '../../workflows/calendar'
import { messages } from '../i18n/zh-CN'
import type { PublicStatus } from '../services/tracking'
import { ErrorSummary, Layout, type SummaryIssue } from './layout'

const t = messages.tracking

/** The rule the deadline comes from, in plain words with its article. */
function basisText(s: PublicStatus): string {
  const b = s.basis!
  if (s.deadline.kind === 'agency_target') return t.basisAgencyTarget(b.countsFrom, b.workingDays)
  return b.restartedAfterCorrection
    ? t.basisCorrected(b.countsFrom, b.workingDays)
    : t.basisReceived(b.countsFrom, b.workingDays)
}

function StatusView(props: {
  status: PublicStatus
  reference: string
  code: string
  withdrawError: string | undefined
}) {
  const s = props.status
  return (
    <>
      <h1>
        {t.reference} {s.reference}
      </h1>
      <dl class="summary">
        <dt>{t.agency}</dt>
        <dd>{s.agencyName}</dd>
        {s.subject ? (
          <>
            <dt>{t.subject}</dt>
            <dd>{s.subject}</dd>
          </>
        ) : null}
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
          {s.dueOn && s.workingDaysLeft !== null ? t.daysLeft(s.workingDaysLeft) : null}
        </dd>
        {s.basis ? (
          <>
            <dt>{t.basis}</dt>
            <dd>
              <ul class="plain" id="deadline-basis">
                <li>{basisText(s)}</li>
                {s.basis.extendedBy ? <li>{t.basisExtended(s.basis.extendedBy)}</li> : null}
                {s.basis.agencySetDate ? <li>{t.basisAgencySet(s.basis.agencySetDate)}</li> : null}
              </ul>
            </dd>
          </>
        ) : null}
        {s.pauses.length > 0 ? (
          <>
            <dt>{t.pauses}</dt>
            <dd>
              <ul class="plain" id="deadline-pauses">
                {s.pauses.map((p) => (
                  <li>
                    {t.pauseSpan(p.from, p.to, p.workingDays, !p.closed)}：{t.pauseReason[p.reason]}
                  </li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
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
        <details class="no-print" open={props.withdrawError ? true : undefined}>
          <summary>{t.withdraw}</summary>
          <p class="hint">{t.withdrawHint}</p>
          <p>{t.withdrawMeans}</p>
          <form method="post" action="/track/withdraw" novalidate>
            <input type="hidden" name="reference" value={props.reference} />
            <input type="hidden" name="code" value={props.code} />
            <div class={`form-group${props.withdrawError ? ' has-error' : ''}`}>
              {props.withdrawError ? (
                <span class="field-error" id="confirm-error">
                  {props.withdrawError}
                </span>
              ) : null}
              <div class="choice">
                <input
                  type="checkbox"
                  id="confirm"
                  name="confirm"
                  value="yes"
                  aria-describedby={props.withdrawError ? 'confirm-error' : undefined}
                />
                <label for="confirm">{t.withdrawConfirmCheck}</label>
              </div>
            </div>
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
        <>
          <StatusView
            status={props.status}
            reference={props.reference}
            code={props.code}
            withdrawError={props.errors.confirm}
          />
          {/* One lookup per page: another request is looked up afresh, never with this code prefilled. */}
          <p class="no-print">
            <a href="/track">{t.otherLookup}</a>
          </p>
        </>
      ) : (
        <>
          <h1>{t.title}</h1>
          <p>{t.intro}</p>
          <LookupForm reference={props.reference} code={props.code} errors={props.errors} />
          <p>
            <a href="/track/recover">{t.recoverLink}</a>
          </p>
        </>
      )}
    </Layout>
  )
}

function LookupForm(props: { reference: string; code: string; errors: Record<string, string> }) {
  return (
    <form method="post" action="/track" novalidate class="no-print">
      <TextQuestion
        id="reference"
        label={t.reference}
        hint={t.referenceHint}
        value={props.reference}
        error={props.errors.reference}
      />
      <TextQuestion id="code" label={t.code} hint={t.codeHint} value={props.code} error={props.errors.code} />
      <button type="submit" class="button">
        {t.submit}
      </button>
    </form>
  )
}

function TextQuestion(props: {
  id: string
  label: string
  hint: string
  value: string
  error: string | undefined
}) {
  return (
    <div class={`form-group${props.error ? ' has-error' : ''}`}>
      <label for={props.id}>{props.label}</label>
      <span class="hint" id={`${props.id}-hint`}>
        {props.hint}
      </span>
      {props.error ? (
        <span class="field-error" id={`${props.id}-error`}>
          {props.error}
        </span>
      ) : null}
      <input
        type="text"
        id={props.id}
        name={props.id}
        value={props.value}
        autocomplete="off"
        spellcheck={false}
        aria-describedby={props.error ? `${props.id}-hint ${props.id}-error` : `${props.id}-hint`}
      />
    </div>
  )
}

/** Lost query code: the reference and the contact given in the application; the same answer whatever they are. */
export function RecoverPage(props: {
  nonce: string
  reference: string
  contact: string
  issues: SummaryIssue[]
  errors: Record<string, string>
  done: boolean
}) {
  return (
    <Layout title={t.recoverTitle} nonce={props.nonce} hasErrors={props.issues.length > 0}>
      <ErrorSummary issues={props.issues} />
      <h1>{t.recoverTitle}</h1>
      {props.done ? (
        <>
          <div class="panel" role="status">
            {t.recoverDone}
          </div>
          <p>
            <a href={`/track?reference=${encodeURIComponent(props.reference)}`}>{t.title}</a>
          </p>
        </>
      ) : (
        <>
          <p>{t.recoverIntro}</p>
          <form method="post" action="/track/recover" novalidate>
            <TextQuestion
              id="reference"
              label={t.reference}
              hint={t.referenceHint}
              value={props.reference}
              error={props.errors.reference}
            />
            <TextQuestion
              id="contact"
              label={t.recoverContact}
              hint={t.recoverContactHint}
              value={props.contact}
              error={props.errors.contact}
            />
            <button type="submit" class="button">
              {t.recoverSubmit}
            </button>
          </form>
        </>
      )}
    </Layout>
  )
}
