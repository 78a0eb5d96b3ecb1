// A letter for staff: the sheet (printable), its status, 文号 and hash, the .docx, the free text a draft may
// still change, and 送达 once signed.
import { DELIVERY_METHODS } from '../../workflows/definitions'
import { messages } from '../i18n/zh-CN'
import type { LetterView } from '../services/letters/letters'
import { ErrorSummary, Layout, type SummaryIssue } from './layout'
import { LetterSheet } from './letter'

const t = messages.letters

export function LetterPage(props: {
  nonce: string
  staff: { displayName: string; csrfToken: string }
  letter: LetterView
  issues: SummaryIssue[]
  notice: string | null
  values?: Record<string, string>
}) {
  const l = props.letter
  const csrf = <input type="hidden" name="_csrf" value={props.staff.csrfToken} />
  return (
    <Layout
      title={`${l.title}${l.number ? ` ${l.number}` : ''}`}
      nonce={props.nonce}
      staff={props.staff}
      hasErrors={props.issues.length > 0}
      bodyClass="letter-page"
    >
      <ErrorSummary issues={props.issues} />
      {props.notice ? (
        <div class="panel" role="status">
          {props.notice}
        </div>
      ) : null}
      <p class="no-print">
        <a href={`/admin/cases/${l.caseId}`}>{t.back}</a>
      </p>
      <h1 class="no-print">
        {l.title} <span class="tag">{t.status[l.status]}</span>
      </h1>
      <dl class="summary no-print">
        <dt>{t.number}</dt>
        <dd>{l.number ?? t.draftNote}</dd>
        {l.issuedOn ? (
          <>
            <dt>{t.issuedOn}</dt>
            <dd>{l.issuedOn}</dd>
          </>
        ) : null}
        {l.corrects ? (
          <>
            <dt>{t.corrects}</dt>
            <dd>
              <a href={`/admin/letters/${encodeURIComponent(l.corrects.id)}`}>{l.corrects.number}</a>
            </dd>
          </>
        ) : null}
        {l.correctedBy ? (
          <>
            <dt>{t.correctedBy}</dt>
            <dd>
              <a href={`/admin/letters/${encodeURIComponent(l.correctedBy.id)}`}>
                {l.correctedBy.number ?? t.status[l.correctedBy.status]}
              </a>
            </dd>
          </>
        ) : null}
        {l.sha256 ? (
          <>
            <dt>{t.sha256}</dt>
            <dd>
              <code>{l.sha256}</code>
            </dd>
          </>
        ) : null}
      </dl>
      <p class="no-print">
        <a class="button button-secondary" href={`/admin/letters/${encodeURIComponent(l.id)}/docx`}>
          {t.download}
        </a>
      </p>
      <LetterSheet doc={l.document} draft={l.status === 'draft'} />
      {l.canEdit && l.editable.length > 0 ? (
        <section class="no-print" aria-labelledby="edit-title">
          <h2 id="edit-title">{t.edit}</h2>
          <p class="hint">{t.editHint}</p>
          <form method="post" action={`/admin/letters/${encodeURIComponent(l.id)}`} novalidate>
            {csrf}
            <input type="hidden" name="version" value={String(props.values?.version ?? l.version)} />
            {l.editable.map((e) => (
              <div class="form-group">
                <label for={`slot-${e.key}`}>{e.label}</label>
                <textarea id={`slot-${e.key}`} name={`slot.${e.key}`} rows={5}>
                  {props.values?.[`slot.${e.key}`] ?? e.text}
                </textarea>
              </div>
            ))}
            <button type="submit" class="button">
              {t.save}
            </button>
          </form>
        </section>
      ) : null}
      {l.canSignCorrection ? (
        <section class="no-print" aria-labelledby="sign-title">
          <h2 id="sign-title">{t.signCorrection}</h2>
          <form method="post" action={`/admin/letters/${encodeURIComponent(l.id)}/sign`} novalidate>
            {csrf}
            <input type="hidden" name="version" value={String(l.version)} />
            <button type="submit" class="button">
              {t.signCorrection}
            </button>
          </form>
        </section>
      ) : null}
      {l.canCorrect ? (
        <section class="no-print" aria-labelledby="correct-title">
          <h2 id="correct-title">{t.correct}</h2>
          <p class="hint">{t.correctHint}</p>
          <form method="post" action={`/admin/letters/${encodeURIComponent(l.id)}/correction`} novalidate>
            {csrf}
            <div class="form-group">
              <label for="reason">{t.correctionReason}</label>
              <textarea id="reason" name="reason" rows={3}>
                {props.values?.reason ?? ''}
              </textarea>
            </div>
            <button type="submit" class="button button-secondary">
              {t.startCorrection}
            </button>
          </form>
        </section>
      ) : null}
      {l.status === 'signed' ? (
        <section class="no-print" aria-labelledby="delivery-title">
          <h2 id="delivery-title">{t.delivery}</h2>
          {l.delivery ? (
            <p>
              {(messages.cases.options.deliveryMethod as Record<string, string>)[l.delivery.method] ??
                l.delivery.method}
              ，{l.delivery.servedOn}
              {l.delivery.applicantReceivedOn
                ? `，${t.applicantReceivedOn} ${l.delivery.applicantReceivedOn}`
                : ''}
            </p>
          ) : null}
          <form method="post" action={`/admin/letters/${encodeURIComponent(l.id)}/delivery`} novalidate>
            {csrf}
            <fieldset class="form-group">
              <legend>{t.deliveryMethod}</legend>
              {DELIVERY_METHODS.map((m) => (
                <div class="choice">
                  <input
                    type="radio"
                    id={`method-${m}`}
                    name="method"
                    value={m}
                    checked={props.values?.method === m}
                  />
                  <label for={`method-${m}`}>{messages.cases.options.deliveryMethod[m]}</label>
                </div>
              ))}
            </fieldset>
            <div class="form-group">
              <label for="servedOn">{t.servedOn}</label>
              <input type="date" id="servedOn" name="servedOn" value={props.values?.servedOn ?? ''} />
            </div>
            <div class="form-group">
              <label for="applicantReceivedOn">{t.applicantReceivedOn}</label>
              <input
                type="date"
                id="applicantReceivedOn"
                name="applicantReceivedOn"
                value={props.values?.applicantReceivedOn ?? ''}
              />
            </div>
            <button type="submit" class="button">
              {t.recordDelivery}
            </button>
          </form>
        </section>
      ) : null}
    </Layout>
  )
}
