// One case for staff: its clock explained, the applicant (masked; reveal is audited), a form for each action the
// user may take now, and the trail.
import { messages } from '../i18n/zh-CN'
import { shanghaiDateTime } from '../lib/time'
import type { CasePage } from '../services/cases'
import { ActionFields } from './case-action-forms'
import { clockDueText } from './deadline'
import { ErrorSummary, Layout, type SummaryIssue } from './layout'
import { LetterSheet } from './letter'

const t = messages.cases
const l = messages.letters

export interface ApplicantRows {
  revealed: boolean
  rows: { label: string; value: string }[]
}

export function CasePageView(props: {
  nonce: string
  staff: { displayName: string; csrfToken: string }
  page: CasePage
  applicant: ApplicantRows
  issues: SummaryIssue[]
  notice: string | null
  /** The list this case was opened from (its query string) and the case after this one in it, if any. */
  queue?: { list: string; next: string | null } | undefined
}) {
  const { detail: d, staffNames } = props.page
  const csrf = props.staff.csrfToken
  const clock = d.clock
  const snap = d.snapshot
  const nameOf = (userId: string | null) => (userId ? (staffNames[userId] ?? userId) : t.system)
  const eventLabel = (action: string) =>
    props.page.actionLabels[action] ?? (t.systemEvents as Record<string, string>)[action] ?? action
  return (
    <Layout
      title={`${d.reference} ${d.stateLabel}`}
      nonce={props.nonce}
      staff={props.staff}
      hasErrors={props.issues.length > 0}
      scripts={['/static/case-queue.js']}
    >
      <ErrorSummary issues={props.issues} />
      {props.notice ? (
        <div class="panel" role="status">
          {props.notice}
        </div>
      ) : null}
      <p class="button-row no-print">
        <a href={props.queue ? `/admin/cases?${props.queue.list}` : '/admin/cases'}>{t.back}</a>
        {props.queue?.next ? (
          <a href={props.queue.next} data-next-case rel="next" aria-keyshortcuts="n">
            {t.nextInQueue}
          </a>
        ) : null}
      </p>
      <h1>
        {d.reference} <span class="tag">{d.stateLabel}</span>
      </h1>
      <p>{d.title}</p>
      {snap.lapse ? (
        <div class="panel panel-warn" role="alert">
          {t.lapseFlagged(snap.lapse.kind, snap.lapse.windowEndedOn)}
        </div>
      ) : null}
      <dl class="summary">
        <dt>{t.receivedOn}</dt>
        <dd>{snap.receipt?.receivedOn ?? d.receivedOn ?? t.notReceived}</dd>
        {snap.correction ? (
          <>
            <dt>{t.correctionItems}</dt>
            <dd>
              <ul class="plain">
                {snap.correction.items.map((item) => (
                  <li>{item}</li>
                ))}
              </ul>
              {t.correctionRequested(snap.correction.requestedOn, snap.correction.dueOn)}
            </dd>
            {snap.correction.receivedOn ? (
              <>
                <dt>{t.correctionReceivedOn}</dt>
                <dd>{t.restartedFrom(snap.correction.receivedOn)}</dd>
              </>
            ) : null}
          </>
        ) : null}
        <dt>{d.deadline.label}</dt>
        <dd>
          {clockDueText(clock)}
          {clock.workingDaysLeft !== null && clock.replyDueOn && clock.status !== 'stopped'
            ? `（${t.daysLeft(clock.workingDaysLeft)}）`
            : ''}
          {clock.overdue ? <span class="tag tag-warn">{t.overdue}</span> : null}
          {clock.dueSoon ? <span class="tag tag-warn">{t.dueSoon}</span> : null}
        </dd>
        <dt>{t.clockStatus}</dt>
        <dd>{(t.clockStatuses as Record<string, string>)[clock.status] ?? clock.status}</dd>
        <dt>{t.assignee}</dt>
        <dd>{d.assigneeId ? nameOf(d.assigneeId) : '—'}</dd>
        {snap.reviewDue?.legal ? (
          <>
            <dt>{t.legalReviewDue}</dt>
            <dd>{t.internalTarget(snap.reviewDue.legal)}</dd>
          </>
        ) : null}
        {snap.reviewDue?.approval ? (
          <>
            <dt>{t.approvalDue}</dt>
            <dd>{t.internalTarget(snap.reviewDue.approval)}</dd>
          </>
        ) : null}
        {(snap.consultations ?? [])
          .filter((c) => c.status === 'open')
          .map((c) => (
            <>
              <dt>{t.consultationWindow}</dt>
              <dd>
                {t.consultationWindowText(
                  c.consultee,
                  c.sentOn,
                  c.consulteeReceivedOn ?? null,
                  c.windowEndsOn,
                )}
              </dd>
            </>
          ))}
        {d.workflow.id === 'disclosure' && d.receivedOn ? (
          <>
            <dt>{t.monthlyRequests}</dt>
            <dd id="monthly-requests">
              {d.monthlyRequests ? (
                <>
                  {t.monthlyRequestsText(d.monthlyRequests.month, d.monthlyRequests.count)}
                  {d.monthlyRequests.cases.length > 0 ? (
                    <ul>
                      {d.monthlyRequests.cases.map((c) => (
                        <li>
                          <a href={`/admin/cases/${c.id}`}>{c.reference}</a> {c.receivedOn}
                        </li>
                      ))}
                    </ul>
                  ) : null}
                </>
              ) : (
                t.monthlyRequestsUnknown
              )}
              {snap.fee?.priorCount != null ? (
                <p class="hint">{t.feeCountedAs(snap.fee.priorCount)}</p>
              ) : null}
            </dd>
          </>
        ) : null}
        {snap.fee?.status === 'pending' ? (
          <>
            <dt>{t.feeWindow}</dt>
            <dd>{t.feeWindowText(snap.fee.issuedOn, snap.fee.noticeReceivedOn ?? null, snap.fee.payBy)}</dd>
          </>
        ) : null}
      </dl>
      {d.deadline.kind === 'agency_target' ? <p class="hint">{messages.deadlines.agencyTargetNote}</p> : null}
      {d.notice ? (
        <div class="panel" id="decision-notice">
          <h2>{messages.deadlines.notice}</h2>
          <p>{d.notice}</p>
        </div>
      ) : null}
      <details>
        <summary>{t.explain}</summary>
        <p>
          {t.counted(clock.countedDays.length)} {clock.extended ? t.extended : ''}
        </p>
        {clock.excludedSpans.length > 0 ? (
          <table>
            <thead>
              <tr>
                <th scope="col">{t.spanFrom}</th>
                <th scope="col">{t.spanTo}</th>
                <th scope="col">{t.spanReason}</th>
                <th scope="col">{t.spanDays}</th>
              </tr>
            </thead>
            <tbody>
              {clock.excludedSpans.map((s) => (
                <tr>
                  <td>{s.from}</td>
                  <td>{s.to}</td>
                  <td>{(t.spanReasons as Record<string, string>)[s.reason] ?? s.reason}</td>
                  <td>{s.workingDays}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        <p class="hint">{clock.countedDays.join('、')}</p>
      </details>
      <h2>{t.applicant}</h2>
      {props.applicant.revealed ? <p class="panel">{t.revealed}</p> : <p class="hint">{t.applicantMasked}</p>}
      <dl class="summary">
        {props.applicant.rows.map((r) => (
          <>
            <dt>{r.label}</dt>
            <dd>{r.value}</dd>
          </>
        ))}
      </dl>
      {props.applicant.revealed ? null : (
        <form method="post" action={`/admin/cases/${d.id}/reveal`}>
          <input type="hidden" name="_csrf" value={csrf} />
          <button type="submit" class="button button-secondary">
            {t.reveal}
          </button>
        </form>
      )}
      {props.page.reviewHistory.length > 0 ? (
        <section aria-labelledby="review-title">
          <h2 id="review-title">{l.reviewHistory}</h2>
          <ol class="timeline">
            {props.page.reviewHistory.map((r) => (
              <li class={r.action.endsWith('return') ? 'returned' : undefined}>
                <time datetime={r.at}>{shanghaiDateTime(Date.parse(r.at))}</time> {eventLabel(r.action)}
                {' · '}
                {nameOf(r.actorId)}
                {r.text ? (
                  <>
                    ：<q>{r.text}</q>
                  </>
                ) : null}
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      {props.page.draftReply ? (
        <section aria-labelledby="draft-title">
          <h2 id="draft-title">{l.reviewHeading}</h2>
          <p>
            <a href={`/admin/letters/${encodeURIComponent(props.page.draftReply.id)}`}>
              {props.page.draftReply.canEdit ? l.edit : l.openLetter}
            </a>
          </p>
          <LetterSheet doc={props.page.draftReply.document} draft />
        </section>
      ) : null}
      <h2>{l.list}</h2>
      {props.page.letters.length === 0 ? <p class="hint">{l.none}</p> : null}
      {props.page.letters.length > 0 ? (
        <table>
          <thead>
            <tr>
              <th scope="col">{l.title}</th>
              <th scope="col">{l.number}</th>
              <th scope="col">{l.issuedOn}</th>
              <th scope="col">{l.statusLabel}</th>
            </tr>
          </thead>
          <tbody>
            {props.page.letters.map((letter) => (
              <tr>
                <td>
                  <a href={`/admin/letters/${encodeURIComponent(letter.id)}`}>{letter.title}</a>
                </td>
                <td>{letter.number ?? '—'}</td>
                <td>{letter.issuedOn ?? '—'}</td>
                <td>{l.status[letter.status]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <h2>{t.actions}</h2>
      {props.page.actions.length === 0 ? <p>{t.noActions}</p> : null}
      {props.page.actions.map((a) => (
        <details class="action">
          <summary>{a.label}</summary>
          <form method="post" action={`/admin/cases/${d.id}/actions/${a.action}`}>
            <input type="hidden" name="_csrf" value={csrf} />
            <input type="hidden" name="version" value={String(d.version)} />
            <ActionFields form={a.form} />
            <button type="submit" class="button">
              {a.label}
            </button>
          </form>
        </details>
      ))}
      <h2>{t.trail}</h2>
      <ol class="timeline">
        {d.events.map((e) => (
          <li>
            <time datetime={e.at}>{shanghaiDateTime(Date.parse(e.at))}</time> {eventLabel(e.action)}
            {' · '}
            {e.actorKind === 'staff'
              ? nameOf(e.actorId)
              : e.actorKind === 'applicant'
                ? t.applicantActor
                : t.system}
          </li>
        ))}
      </ol>
    </Layout>
  )
}
