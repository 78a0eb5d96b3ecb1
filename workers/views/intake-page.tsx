// The registrar's intake page: the citizen form's own questions (same definition, same controls) on one page, with
// the channel, the day of receipt and an optional scan of the paper application; and the registered receipt.
import type { RenderModel, RenderPage } from '../../forms'
import { messages } from '../i18n/zh-CN'
import type { RawAnswers } from '../services/form-flow'
import { INTAKE_CHANNELS } from '../services/staff-intake'
import { controlId, Question } from './form-page'
import { ErrorSummary, Layout, type SummaryIssue } from './layout'

const t = messages.intake

export interface IntakeFormProps {
  nonce: string
  staff: { displayName: string; csrfToken: string }
  agency: { slug: string; name: string }
  forms: { slug: string; title: string }[]
  formSlug: string
  model: RenderModel
  answers: RawAnswers
  /** Errors by control key (`receivedOn`, `channel`, `scan`, or a form question's key). */
  errors: Map<string, string>
  today: string
}

const first = (answers: RawAnswers, key: string) => answers.get(key)?.[0] ?? ''

/** Where an issue's summary link points: the intake's own control or the form question's control. */
export function intakeControlId(key: string): string {
  return ['channel', 'receivedOn', 'scan'].includes(key) ? `intake-${key}` : controlId(key)
}

export function IntakeFormPage(props: IntakeFormProps) {
  const { answers, errors } = props
  // Every page's questions on one page: conditions between them are revealed by the form script (all shown without it).
  const page: RenderPage = {
    id: 'intake',
    title: t.applicantSection,
    fields: props.model.pages.flatMap((p) => p.fields),
  } as RenderPage
  const summary: SummaryIssue[] = [...errors].map(([key, message]) => ({
    href: intakeControlId(key),
    message,
  }))
  const channel = first(answers, '_channel')
  const fieldError = (key: string) =>
    errors.get(key) ? (
      <span class="field-error" id={`intake-${key}-error`}>
        {errors.get(key)}
      </span>
    ) : null
  return (
    <Layout
      title={`${t.title} - ${props.model.title}`}
      nonce={props.nonce}
      staff={props.staff}
      hasErrors={errors.size > 0}
      scripts={['/static/form.js']}
    >
      <ErrorSummary issues={summary} />
      <span class="caption">{props.agency.name}</span>
      <h1>{t.title}</h1>
      <p>{t.pageIntro}</p>
      <nav aria-label={t.formLabel}>
        <ul class="inline-list">
          {props.forms.map((f) => (
            <li>
              {f.slug === props.formSlug ? (
                <strong aria-current="page">{f.title}</strong>
              ) : (
                <a href={`/admin/intake/${props.agency.slug}?form=${encodeURIComponent(f.slug)}`}>
                  {f.title}
                </a>
              )}
            </li>
          ))}
        </ul>
      </nav>
      <form
        method="post"
        action={`/admin/intake/${props.agency.slug}?form=${encodeURIComponent(props.formSlug)}`}
        enctype="multipart/form-data"
        novalidate
      >
        <input type="hidden" name="_csrf" value={props.staff.csrfToken} />
        <fieldset class={`form-group${errors.get('channel') ? ' has-error' : ''}`} id="intake-channel">
          <legend>{t.channel}</legend>
          {fieldError('channel')}
          {INTAKE_CHANNELS.map((value, i) => (
            <div class="choice">
              <input
                type="radio"
                id={i === 0 ? 'intake-channel-first' : `intake-channel-${value}`}
                name="_channel"
                value={value}
                checked={channel === value}
              />
              <label for={i === 0 ? 'intake-channel-first' : `intake-channel-${value}`}>
                {t.channels[value]}
              </label>
            </div>
          ))}
        </fieldset>
        <div class={`form-group${errors.get('receivedOn') ? ' has-error' : ''}`}>
          <label for="intake-receivedOn">{t.receivedOn}</label>
          <span class="hint" id="intake-receivedOn-hint">
            {t.receivedOnHint}
          </span>
          {fieldError('receivedOn')}
          <input
            type="date"
            id="intake-receivedOn"
            name="_receivedOn"
            value={first(answers, '_receivedOn') || props.today}
            max={props.today}
            aria-describedby={`intake-receivedOn-hint${errors.get('receivedOn') ? ' intake-receivedOn-error' : ''}`}
          />
        </div>
        <div class={`form-group${errors.get('scan') ? ' has-error' : ''}`}>
          <label for="intake-scan">{t.scan}</label>
          <span class="hint" id="intake-scan-hint">
            {t.scanHint}
          </span>
          {fieldError('scan')}
          {first(answers, '_scanId') ? (
            <p>
              {messages.form.uploaded} {first(answers, '_scanName')}
              <input type="hidden" name="_scanId" value={first(answers, '_scanId')} />
              <input type="hidden" name="_scanName" value={first(answers, '_scanName')} />
            </p>
          ) : null}
          <input
            type="file"
            id="intake-scan"
            name="_scan"
            accept="application/pdf,image/jpeg,image/png"
            aria-describedby="intake-scan-hint"
          />
        </div>
        <h2>{t.applicantSection}</h2>
        {page.fields.map((f) => (
          <Question
            field={f}
            page={page}
            answers={answers}
            errors={errors}
            today={props.today}
            carryUploads
          />
        ))}
        <div class="button-row">
          <button type="submit" class="button">
            {t.submit}
          </button>
        </div>
      </form>
    </Layout>
  )
}

export function IntakeDonePage(props: {
  nonce: string
  staff: { displayName: string; csrfToken: string }
  agencySlug: string
  formSlug: string
  caseId: string
  reference: string
  queryCode: string
  receivedOn: string
  dueOn: string | null
  dueLabel: string
}) {
  return (
    <Layout title={t.done} nonce={props.nonce} staff={props.staff}>
      <div class="panel" role="status">
        <h1>{t.done}</h1>
        <dl class="summary">
          <dt>{messages.cases.reference}</dt>
          <dd id="intake-reference">{props.reference}</dd>
          <dt>{messages.tracking.code}</dt>
          <dd id="intake-query-code">{props.queryCode}</dd>
          <dt>{t.receivedOn}</dt>
          <dd>{props.receivedOn}</dd>
          <dt>{props.dueLabel}</dt>
          <dd>{props.dueOn ?? '—'}</dd>
        </dl>
      </div>
      <p>{t.doneIntro}</p>
      <p>
        <a class="button" href={`/admin/cases/${props.caseId}`}>
          {t.openCase}
        </a>{' '}
        <a
          class="button button-secondary"
          href={`/admin/intake/${props.agencySlug}?form=${encodeURIComponent(props.formSlug)}`}
        >
          {t.another}
        </a>
      </p>
    </Layout>
  )
}
