// Renders a form page, the check-your-answers page and the receipt from the compiled render model.
// Works without JavaScript: every question is in the HTML; conditional ones carry data for progressive reveal.

import type { Child } from 'hono/jsx'
import {
  answersFromFields,
  type Condition,
  conditionLeaves,
  evaluateCondition,
  type RenderControl,
  type RenderField,
  type RenderModel,
  type RenderPage,
} from '../../forms'
import { messages } from '../i18n/zh-CN'
import { shanghaiDateTime } from '../lib/time'
import { type EmbedContext, embedQuery } from '../services/embedding'
import {
  CHECK_PAGE,
  type FormIssue,
  HONEYPOT_FIELD,
  type RawAnswers,
  RESUME_EMAIL,
  type Receipt,
  type ResumeState,
} from '../services/form-flow'
import type { AnswerRow } from '../services/forms'
import { ErrorSummary, Layout } from './layout'

const t = messages.form
const d = messages.formDraft

export function controlId(key: string): string {
  return `f-${key.replace(/[^A-Za-z0-9_-]/g, '-')}`
}

function first(answers: RawAnswers, key: string): string {
  return answers.get(key)?.[0] ?? ''
}

/**
 * Whether a question is shown. A condition on an earlier page is decided on the server (from the draft's answers);
 * one that depends on an answer on this same page cannot be, so the question is shown (and revealed/hidden by
 * script when available).
 */
function shown(
  condition: Condition | undefined,
  page: RenderPage,
  scope: Readonly<Record<string, unknown>>,
): 'yes' | 'no' | 'conditional' {
  if (!condition) return 'yes'
  if (onThisPage(condition, page)) return 'conditional'
  return evaluateCondition(condition, scope) ? 'yes' : 'no'
}

function onThisPage(condition: Condition, page: RenderPage): boolean {
  const onPage = new Set(page.fields.map((f) => f.name))
  // `name.part` references count as `name`: a composite question is answered on one page.
  return conditionLeaves(condition).some((l) => onPage.has(l.field.split('.')[0]!))
}

/** Marked （选填） when optional under the answers so far; a condition on this same page cannot be decided yet. */
function optionalNow(
  field: RenderField,
  page: RenderPage,
  scope: Readonly<Record<string, unknown>>,
): boolean {
  if (field.required) return false
  if (!field.requiredWhen) return true
  return !onThisPage(field.requiredWhen, page) && !evaluateCondition(field.requiredWhen, scope)
}

interface Hint {
  id: string
  text: string
}

function HintText(props: { hint: Hint | undefined }) {
  return props.hint ? (
    <span class="hint field-help" id={props.hint.id}>
      {props.hint.text}
    </span>
  ) : null
}

function Control(props: {
  control: RenderControl
  page: RenderPage
  answers: RawAnswers
  scope: Readonly<Record<string, unknown>>
  error: string | undefined
  /** The question's hint, shown under this control's label (single-control questions). */
  hint: Hint | undefined
  describedBy: string | undefined
  today: string
  optional: boolean
  /** Carry kept uploads in hidden fields (pages without a server-side draft: task reports, staff intake). */
  carryUploads?: boolean | undefined
}) {
  const { control: c, answers } = props
  const id = controlId(c.key)
  const value = first(answers, c.key)
  const error = props.error ? (
    <span class="field-error" id={`${id}-error`}>
      {props.error}
    </span>
  ) : null
  const counterId = c.maxLength !== undefined && c.type !== 'hidden' ? `${id}-counter` : undefined
  const describedBy =
    [props.describedBy, props.error ? `${id}-error` : undefined, counterId].filter(Boolean).join(' ') ||
    undefined
  const label = (
    <label for={id}>
      {c.label}
      {props.optional ? <span class="optional">{t.optional}</span> : null}
    </label>
  )
  // No `maxlength`: a browser would cut pasted text silently. The server says when it is too long; the counter
  // (filled by the page script) warns near the limit.
  const counter = counterId ? (
    <span
      class="hint counter"
      id={counterId}
      aria-live="polite"
      data-counter-for={id}
      data-max={String(c.maxLength)}
      data-left={d.counterLeft}
      data-over={d.counterOver}
    />
  ) : null
  if (c.control === 'radios' || c.control === 'checkboxes') {
    const selected = new Set(answers.get(c.key) ?? [])
    return (
      <fieldset class={`form-group${props.error ? ' has-error' : ''}`} aria-describedby={describedBy}>
        <legend>
          {c.label}
          {props.optional ? <span class="optional">{t.optional}</span> : null}
        </legend>
        <HintText hint={props.hint} />
        {error}
        {(c.options ?? []).map((o, i) => {
          const visibility = shown(o.visibleWhen, props.page, props.scope)
          if (visibility === 'no' && !selected.has(o.value)) return null
          return (
            <div
              class="choice"
              data-visible-when={visibility === 'conditional' ? JSON.stringify(o.visibleWhen) : undefined}
            >
              <input
                type={c.control === 'radios' ? 'radio' : 'checkbox'}
                id={i === 0 ? id : `${id}-${i}`}
                name={c.key}
                value={o.value}
                checked={selected.has(o.value)}
                aria-describedby={o.hint ? `${id}-${i}-hint` : undefined}
              />
              <label for={i === 0 ? id : `${id}-${i}`}>
                {o.label}
                {o.hint ? (
                  <span class="hint" id={`${id}-${i}-hint`}>
                    {' '}
                    {o.hint}
                  </span>
                ) : null}
              </label>
            </div>
          )
        })}
      </fieldset>
    )
  }
  let input: Child
  if (c.control === 'textarea') {
    input = (
      <textarea
        id={id}
        name={c.key}
        rows={c.rows ?? 5}
        data-maxlength={c.maxLength}
        aria-describedby={describedBy}
      >
        {value}
      </textarea>
    )
  } else if (c.control === 'select') {
    input = (
      <select id={id} name={c.key} aria-describedby={describedBy}>
        <option value="">{t.choose}</option>
        {(c.options ?? []).map((o) => (
          <option value={o.value} selected={o.value === value}>
            {o.label}
          </option>
        ))}
      </select>
    )
  } else if (c.control === 'checkbox') {
    return (
      <div class={`form-group${props.error ? ' has-error' : ''}`}>
        {error}
        <div class="choice">
          <input
            type="checkbox"
            id={id}
            name={c.key}
            value="on"
            checked={value === 'on'}
            aria-describedby={describedBy}
          />
          <label for={id}>{c.label}</label>
          <HintText hint={props.hint} />
        </div>
      </div>
    )
  } else if (c.control === 'file') {
    const kept = answers.get(c.key) ?? []
    input = (
      <>
        {kept.length > 0 ? (
          <ul class="uploaded">
            {kept.map((idValue) => (
              <li>
                {t.uploaded} {first(answers, `_file.${idValue}`) || idValue}
                {props.carryUploads ? (
                  <>
                    <input type="hidden" name={c.key} value={idValue} />
                    <input
                      type="hidden"
                      name={`_file.${idValue}`}
                      value={first(answers, `_file.${idValue}`)}
                    />
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        ) : null}
        <input
          type="file"
          id={id}
          name={`${c.key}.upload`}
          accept={c.accept}
          multiple={c.multiple}
          aria-describedby={describedBy}
        />
      </>
    )
  } else {
    input = (
      <input
        type={c.type === 'date' ? 'date' : (c.type ?? 'text')}
        id={id}
        name={c.key}
        value={value}
        data-maxlength={c.maxLength}
        autocomplete={c.autocomplete}
        inputmode={c.inputmode}
        spellcheck={c.spellcheck === undefined ? undefined : c.spellcheck}
        autocapitalize={c.autocapitalize}
        min={c.min}
        max={c.notFuture ? props.today : c.max}
        aria-describedby={describedBy}
      />
    )
  }
  return (
    <div class={`form-group${props.error ? ' has-error' : ''}`}>
      {label}
      <HintText hint={props.hint} />
      {error}
      {input}
      {counter}
    </div>
  )
}

export function Question(props: {
  field: RenderField
  page: RenderPage
  answers: RawAnswers
  /** The answers so far (validated), for conditions on earlier pages; default: the answers on the page. */
  scope?: Readonly<Record<string, unknown>>
  errors: Map<string, string>
  today: string
  /** See Control: pages with no server-side draft carry their kept uploads in the page. */
  carryUploads?: boolean
}) {
  const { field, answers } = props
  const scope = props.scope ?? answersFromFields(answers)
  const visibility = shown(field.visibleWhen, props.page, scope)
  if (visibility === 'no') return null
  const hint = field.help ? { id: `${controlId(field.name)}-hint`, text: field.help } : undefined
  const optional = optionalNow(field, props.page, scope)
  const multi = field.controls.length > 1
  const body = (
    <>
      {field.statement ? <div class="panel statement">{field.statement}</div> : null}
      {field.controls.map((c) => (
        <Control
          control={c}
          page={props.page}
          answers={answers}
          scope={scope}
          error={
            props.errors.get(c.key) ??
            (field.controls.length === 1 ? props.errors.get(field.name) : undefined)
          }
          hint={multi ? undefined : hint}
          describedBy={hint?.id}
          today={props.today}
          optional={optional && !multi}
          carryUploads={props.carryUploads}
        />
      ))}
    </>
  )
  const fieldError = multi ? props.errors.get(field.name) : undefined
  const content = multi ? (
    <fieldset class={`form-group compound${fieldError ? ' has-error' : ''}`} id={controlId(field.name)}>
      <legend>
        {field.label}
        {optional ? <span class="optional">{t.optional}</span> : null}
      </legend>
      <HintText hint={hint} />
      {fieldError ? <span class="field-error">{fieldError}</span> : null}
      {body}
    </fieldset>
  ) : (
    body
  )
  return visibility === 'conditional' ? (
    <div class="conditional" data-visible-when={JSON.stringify(field.visibleWhen)}>
      <p class="hint conditional-note">{t.conditionalNote}</p>
      {content}
    </div>
  ) : (
    content
  )
}

/** Hidden copies of prefilled answers asked on other pages (a new draft: nothing saved yet). */
function CarriedAnswers(props: { answers: RawAnswers; except: Set<string> }) {
  const out: Child[] = []
  for (const [key, values] of props.answers) {
    if (key.startsWith('_')) continue
    if (props.except.has(key.split(/[.[]/)[0]!)) continue
    for (const v of values) out.push(<input type="hidden" name={key} value={v} />)
  }
  return <>{out}</>
}

export interface FlowProps {
  nonce: string
  model: RenderModel
  action: string
  /** The draft id: posted back with every page, in every link of the flow. */
  draftId: string
  answers: RawAnswers
  embed: EmbedContext
  today: string
  agencyName: string
}

function EmbedFields(props: { embed: EmbedContext }) {
  return props.embed.parentOrigin ? (
    <>
      <input type="hidden" name="_embed" value="1" />
      <input type="hidden" name="_parent" value={props.embed.parentOrigin} />
    </>
  ) : null
}

function Honeypot() {
  // Invisible to people (and to assistive technology); bots that fill every input fill this one too.
  return (
    <div class="hp" aria-hidden="true">
      <label for="f-website">{t.honeypot}</label>
      <input type="text" id="f-website" name={HONEYPOT_FIELD} value="" tabindex={-1} autocomplete="off" />
    </div>
  )
}

function bodyData(embed: EmbedContext, event: string, extra: Record<string, string> = {}) {
  return {
    'data-parent-origin': embed.parentOrigin ?? undefined,
    'data-govforms-event': event,
    ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [`data-${k}`, v])),
  }
}

function FrameLayout(props: {
  nonce: string
  title: string
  hasErrors: boolean
  embed: EmbedContext
  event: string
  eventData?: Record<string, string>
  children?: Child
}) {
  const themeVars = Object.entries(props.embed.theme)
    .map(([k, v]) => `--${k}:${v}`)
    .join(';')
  return (
    <Layout
      title={props.title}
      nonce={props.nonce}
      hasErrors={props.hasErrors}
      embedded={props.embed.parentOrigin !== null}
      scripts={['/static/form.js']}
      bodyData={bodyData(props.embed, props.event, props.eventData)}
      inlineStyle={themeVars ? `:root{${themeVars}}` : undefined}
    >
      {props.children}
    </Layout>
  )
}

/** The id of a flow page's form: the resume panel's e-mail box (outside it, below) posts with it. */
const FLOW_FORM = 'flow-form'

/**
 * The saved-draft link: every page offers it, so an applicant can stop and come back within 7 days; and optionally
 * sends it by e-mail (the box belongs to the page's form, so the answers typed on the page are saved with it).
 */
function ResumePanel(props: {
  resumeUrl: string
  saved: boolean
  resume: ResumeState
  error: string | undefined
}) {
  const id = controlId(RESUME_EMAIL)
  const hintId = `${id}-hint`
  return (
    <div class="panel resume no-print" id="resume">
      {props.resume.sent ? (
        <p role="status">
          <strong>{d.resumeEmailSent(props.resume.email)}</strong>
        </p>
      ) : props.saved ? (
        <p role="status">
          <strong>{d.saved}</strong>
        </p>
      ) : (
        <h2>{d.resumeTitle}</h2>
      )}
      <p>{d.resumeText}</p>
      <p class="resume-link">
        <a href={props.resumeUrl}>{props.resumeUrl}</a>
      </p>
      <p class="hint">{d.resumeWarning}</p>
      <div class={`form-group${props.error ? ' has-error' : ''}`}>
        <label for={id}>{d.resumeEmailLabel}</label>
        <span class="hint" id={hintId}>
          {d.resumeEmailHint}
        </span>
        {props.error ? (
          <span class="field-error" id={`${id}-error`}>
            {props.error}
          </span>
        ) : null}
        <input
          type="email"
          id={id}
          name={RESUME_EMAIL}
          form={FLOW_FORM}
          value={props.resume.email}
          autocomplete="email"
          spellcheck={false}
          aria-describedby={props.error ? `${hintId} ${id}-error` : hintId}
        />
      </div>
      <button type="submit" class="button button-secondary" form={FLOW_FORM} name="_nav" value="send-link">
        {d.resumeEmailSend}
      </button>
    </div>
  )
}

export function FormPageView(
  props: FlowProps & {
    page: RenderPage
    step: number
    steps: number
    issues: FormIssue[]
    scope: Readonly<Record<string, unknown>>
    change: boolean
    saved: boolean
    resumeUrl: string
    resume: ResumeState
    /** Answers the page carries (prefills of a draft not saved yet). */
    carried: RawAnswers
  },
) {
  const { model, page } = props
  const errors = new Map<string, string>()
  for (const i of props.issues) if (!errors.has(i.path)) errors.set(i.path, i.message)
  const onPage = new Set(page.fields.map((f) => f.name))
  const summary = props.issues.map((i) => ({ href: controlId(errorTarget(i, page)), message: i.message }))
  const last = props.step === props.steps
  return (
    <FrameLayout
      nonce={props.nonce}
      title={`${page.title} - ${model.title}`}
      hasErrors={props.issues.length > 0}
      embed={props.embed}
      event={props.issues.length > 0 ? 'error' : 'page'}
      eventData={{ page: page.id, errors: String(props.issues.length) }}
    >
      <ErrorSummary issues={summary} />
      <span class="caption">
        {props.agencyName} · {model.title} · {t.step(props.step, props.steps)}
      </span>
      <h1>{page.title}</h1>
      {props.step === 1 && model.description ? <p>{model.description}</p> : null}
      {page.description ? <p class="hint">{page.description}</p> : null}
      <form method="post" action={props.action} enctype="multipart/form-data" novalidate id={FLOW_FORM}>
        <input type="hidden" name="_draft" value={props.draftId} />
        <input type="hidden" name="_page" value={page.id} />
        {props.change ? <input type="hidden" name="_change" value="1" /> : null}
        <EmbedFields embed={props.embed} />
        <CarriedAnswers answers={props.carried} except={onPage} />
        {page.fields.map((f) => (
          <Question
            field={f}
            page={page}
            answers={props.answers}
            scope={props.scope}
            errors={errors}
            today={props.today}
          />
        ))}
        <Honeypot />
        <div class="button-row">
          <button type="submit" class="button" name="_nav" value="next">
            {props.change ? d.toCheck : last ? t.toCheck : t.next}
          </button>
          {props.step > 1 ? (
            <button type="submit" class="button button-secondary" name="_nav" value="back">
              {t.back}
            </button>
          ) : null}
          <button type="submit" class="button button-secondary" name="_nav" value="save">
            {d.save}
          </button>
        </div>
      </form>
      <ResumePanel
        resumeUrl={props.resumeUrl}
        saved={props.saved}
        resume={props.resume}
        error={errors.get(RESUME_EMAIL)}
      />
    </FrameLayout>
  )
}

/** Where an issue's summary link points: the control with that key, else the field's first control. */
function errorTarget(issue: FormIssue, page: RenderPage): string {
  const field = page.fields.find((f) => f.name === issue.field)
  if (!field) return issue.path
  if (field.controls.some((c) => c.key === issue.path)) return issue.path
  return field.controls.length > 1 ? field.name : (field.controls[0]?.key ?? issue.path)
}

export function CheckAnswersView(
  props: FlowProps & {
    rows: AnswerRow[]
    issues: FormIssue[]
    pow: string | null
    resumeUrl: string
    resume: ResumeState
    /** The GET link that changes one answer (its page, in change mode, focused on the question). */
    changeHref: (pageId: string, field: string) => string
  },
) {
  const byPage = props.model.pages
    .map((p) => ({ page: p, rows: props.rows.filter((r) => r.pageId === p.id) }))
    .filter((g) => g.rows.length > 0)
  return (
    <FrameLayout
      nonce={props.nonce}
      title={`${t.checkTitle} - ${props.model.title}`}
      hasErrors={props.issues.length > 0}
      embed={props.embed}
      event={props.issues.length > 0 ? 'error' : 'page'}
      eventData={{ page: 'check', errors: String(props.issues.length) }}
    >
      <ErrorSummary
        issues={props.issues.map((i) => ({
          href: i.path === RESUME_EMAIL ? controlId(RESUME_EMAIL) : 'submit',
          message: i.message,
        }))}
      />
      <span class="caption">
        {props.agencyName} · {props.model.title}
      </span>
      <h1>{t.checkTitle}</h1>
      {byPage.map(({ page, rows }) => (
        <>
          <h2>{page.title}</h2>
          <dl class="summary summary-check">
            {rows.map((r) => (
              <div class="summary-row">
                <dt>{r.label}</dt>
                <dd>{r.value}</dd>
                <dd class="summary-change">
                  <a href={props.changeHref(r.pageId, r.field)}>
                    {t.change}
                    <span class="visually-hidden">{d.changeRow(r.label)}</span>
                  </a>
                </dd>
              </div>
            ))}
          </dl>
        </>
      ))}
      <form method="post" action={props.action} enctype="multipart/form-data" novalidate id={FLOW_FORM}>
        <input type="hidden" name="_draft" value={props.draftId} />
        <input type="hidden" name="_page" value={CHECK_PAGE} />
        <EmbedFields embed={props.embed} />
        <h2>{t.declarationTitle}</h2>
        <p>{t.declarationText}</p>
        {props.pow !== null ? (
          <>
            <input type="hidden" name="_pow" value="" id="f-pow" data-challenge={props.pow} />
            <p class="hint">{t.powNote}</p>
          </>
        ) : null}
        <Honeypot />
        <button type="submit" class="button" name="_nav" value="submit" id="submit">
          {t.submit}
        </button>
      </form>
      <ResumePanel
        resumeUrl={props.resumeUrl}
        saved={false}
        resume={props.resume}
        error={props.issues.find((i) => i.path === RESUME_EMAIL)?.message}
      />
    </FrameLayout>
  )
}

/** A draft link past its 7 days (or purged): say so plainly and offer a fresh start. */
export function DraftExpiredView(props: { nonce: string; embed: EmbedContext; restartUrl: string }) {
  return (
    <FrameLayout
      nonce={props.nonce}
      title={d.expiredTitle}
      hasErrors={false}
      embed={props.embed}
      event="page"
    >
      <h1>{d.expiredTitle}</h1>
      <p>{d.expiredText}</p>
      <p>
        <a class="button" href={props.restartUrl}>
          {d.startAgain}
        </a>
      </p>
    </FrameLayout>
  )
}

/** A draft link whose application was submitted: the reference, never the query code. */
export function DraftSubmittedView(props: { nonce: string; embed: EmbedContext; reference: string }) {
  return (
    <FrameLayout
      nonce={props.nonce}
      title={d.submittedTitle}
      hasErrors={false}
      embed={props.embed}
      event="page"
    >
      <h1>{d.submittedTitle}</h1>
      <p>{d.submittedText(props.reference)}</p>
      <p>
        <a href={`/track?reference=${encodeURIComponent(props.reference)}`}>{d.trackLink}</a>
      </p>
    </FrameLayout>
  )
}

export function ReceiptView(props: {
  nonce: string
  embed: EmbedContext
  agencyName: string
  formTitle: string
  receipt: Receipt
  /** The link's key, posted back by the copy form (never shown). */
  receiptKey: string
  /** Where the copy form posts. */
  action: string
  /** The copy just queued, if any. */
  sent: 'email' | 'sms' | undefined
  /** The tracking page's full address (printed). */
  trackUrl: string
}) {
  const r = props.receipt
  const linkTarget = props.embed.parentOrigin ? '_blank' : undefined
  return (
    <FrameLayout
      nonce={props.nonce}
      title={t.receiptTitle}
      hasErrors={false}
      embed={props.embed}
      event="submitted"
      eventData={{
        reference: r.reference,
        'receipt-closed-url': closedReceiptUrl(props.action, props.embed),
      }}
    >
      <div class="panel-confirm receipt-codes">
        <h1>{t.receiptTitle}</h1>
        <p>{t.referenceLabel}</p>
        <strong class="reference">{r.reference}</strong>
        <p>{t.queryCodeLabel}</p>
        <strong class="reference">{r.queryCode}</strong>
      </div>
      {props.sent ? (
        <div class="panel" role="status">
          {props.sent === 'email' ? t.copySentEmail : t.copySentSms}
        </div>
      ) : null}
      <p>
        <strong>{t.receiptKeep}</strong>
      </p>
      <dl class="summary">
        <dt>{t.agency}</dt>
        <dd>{props.agencyName}</dd>
        <dt>{t.form}</dt>
        <dd>{props.formTitle}</dd>
        <dt>{t.submittedAt}</dt>
        <dd>{t.beijingTime(shanghaiDateTime(r.submittedAt))}</dd>
      </dl>
      <p id="track-address">
        {t.trackAddress}：<span class="reference">{props.trackUrl}</span>
      </p>
      <h2>{t.whatNext}</h2>
      <p>{t.whatNextText}</p>
      <p class="no-print">
        <a href={props.trackUrl} target={linkTarget} rel="noopener">
          {t.trackLink}
        </a>
      </p>
      {r.contacts.email || r.contacts.phone ? (
        <section class="no-print" aria-labelledby="copy-title">
          <h2 id="copy-title">{t.copyTitle}</h2>
          <p class="hint">{t.copyHint}</p>
          <form method="post" action={props.action} class="inline-form">
            <input type="hidden" name="k" value={props.receiptKey} />
            {embedQuery(props.embed).map(([name, value]) => (
              <input type="hidden" name={name} value={value} />
            ))}
            {r.contacts.phone ? (
              <button type="submit" name="channel" value="sms" class="button button-secondary">
                {t.copySms}
              </button>
            ) : null}{' '}
            {r.contacts.email ? (
              <button type="submit" name="channel" value="email" class="button button-secondary">
                {t.copyEmail}
              </button>
            ) : null}
          </form>
        </section>
      ) : null}
      <p class="no-print hint">{t.printHint}</p>
    </FrameLayout>
  )
}

/** The receipt's address without its key: where the page script moves the address bar once the code is shown. */
function closedReceiptUrl(copyAction: string, embed: EmbedContext): string {
  const qs = new URLSearchParams(embedQuery(embed)).toString()
  return `${copyAction.replace(/\/copy$/, '')}${qs ? `?${qs}` : ''}`
}

/** A receipt address without its key (a reload, or history): the code was shown once; where to go from here. */
export function ReceiptClosedView(props: { nonce: string; embed: EmbedContext; reference: string }) {
  const target = props.embed.parentOrigin ? '_blank' : undefined
  const track = `/track?reference=${encodeURIComponent(props.reference)}`
  return (
    <FrameLayout
      nonce={props.nonce}
      title={t.receiptClosedTitle}
      hasErrors={false}
      embed={props.embed}
      event="page"
    >
      <h1>{t.receiptClosedTitle}</h1>
      <p>{t.receiptClosedText}</p>
      <ul>
        <li>
          <a href={track} target={target} rel="noopener">
            {t.trackLink}
          </a>
        </li>
        <li>
          <a href="/track/recover" target={target} rel="noopener">
            {messages.tracking.recoverLink}
          </a>
        </li>
      </ul>
    </FrameLayout>
  )
}
