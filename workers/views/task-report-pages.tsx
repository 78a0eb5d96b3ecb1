// The progress report pages: the task-report form (rendered from the forms engine's render model) to file a period
// or file again after a return, and one report with its answers, evidence, trail and the office's review forms.
import type { Child } from 'hono/jsx'
import type { RenderField, RenderPage } from '../../forms'
import { messages } from '../i18n/zh-CN'
import { shanghaiDateTime } from '../lib/time'
import type { RawAnswers } from '../services/form-flow'
import type { PeriodView } from '../services/tasks/detail'
import type { ReportPage } from '../services/tasks/pages'
import type { ReportView } from '../services/tasks/reports'
import { controlId, Question } from './form-page'
import { ErrorSummary, Layout, type SummaryIssue } from './layout'
import type { StaffProps } from './task-parts'

const ui = messages.plansUi
const t = messages.tasks

/** What the report form posts to and the choices it starts with. */
export type ReportFormMode =
  | {
      kind: 'file'
      periods: PeriodView[]
      units: { agencyId: string; name: string }[]
      period: string
      unit: string
    }
  | { kind: 'resubmit'; report: ReportView }

/** A report's stored answers as the form's posted fields (kept evidence carried with its file names). */
export function answersOf(report: ReportView): RawAnswers {
  const answers: RawAnswers = new Map()
  for (const [key, value] of Object.entries(report.data)) {
    if (typeof value === 'string') answers.set(key, [value])
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string'))
      answers.set(key, value as string[])
    else if (Array.isArray(value)) {
      value.forEach((item, i) => {
        for (const [part, text] of Object.entries(item as Record<string, unknown>)) {
          if (typeof text === 'string') answers.set(`${key}[${i}].${part}`, [text])
        }
      })
    }
  }
  for (const file of report.files) answers.set(`_file.${file.id}`, [file.filename])
  return answers
}

/** A group question (the published links) as a fixed number of rows: works without JavaScript. */
function GroupRows(props: { field: RenderField; answers: RawAnswers; errors: Map<string, string> }) {
  const { field, answers } = props
  const children = field.fields ?? []
  const used = [...answers.keys()].filter((k) => k.startsWith(`${field.name}[`))
  const filled = used.reduce((n, k) => Math.max(n, Number(/\[(\d+)\]/.exec(k)?.[1] ?? -1) + 1), 0)
  const rows = Math.min(field.maxItems ?? 10, Math.max(filled + 2, 3))
  const groupError = props.errors.get(field.name)
  return (
    <fieldset class={`form-group compound${groupError ? ' has-error' : ''}`} id={controlId(field.name)}>
      <legend>
        {field.label}
        <span class="optional">{messages.form.optional}</span>
      </legend>
      {field.help ? <span class="hint">{field.help}</span> : null}
      {groupError ? <span class="field-error">{groupError}</span> : null}
      <table>
        <thead>
          <tr>
            {children.map((child) => (
              <th scope="col">{child.label}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {Array.from({ length: rows }, (_, i) => (
            <tr>
              {children.map((child) => {
                const key = `${field.name}[${i}].${child.name}`
                const error = props.errors.get(key)
                return (
                  <td class={error ? 'has-error' : undefined}>
                    {error ? <span class="field-error">{error}</span> : null}
                    <input
                      type={child.controls[0]?.type ?? 'text'}
                      id={controlId(key)}
                      name={key}
                      value={answers.get(key)?.[0] ?? ''}
                      maxlength={child.controls[0]?.maxLength}
                      aria-label={`${field.itemLabel ?? field.label} ${i + 1} ${child.label}`}
                    />
                  </td>
                )
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </fieldset>
  )
}

export function ReportFormPage(props: {
  nonce: string
  staff: StaffProps
  plan: { id: string; title: string }
  task: { id: string; name: string; requirements: string }
  form: RenderPage
  formTitle: string
  mode: ReportFormMode
  answers: RawAnswers
  issues: SummaryIssue[]
  today: string
}) {
  const { mode } = props
  const errors = new Map(props.issues.map((i) => [i.href, i.message]))
  const action =
    mode.kind === 'file'
      ? `/admin/plans/${props.plan.id}/tasks/${props.task.id}/report`
      : `/admin/plans/${props.plan.id}/reports/${mode.report.id}/actions/resubmit`
  const summary = props.issues.map((i) => ({ href: controlId(i.href), message: i.message }))
  const fields: Child[] = props.form.fields.map((field) =>
    field.kind === 'group' ? (
      <GroupRows field={field} answers={props.answers} errors={errors} />
    ) : (
      <Question
        field={field}
        page={props.form}
        answers={props.answers}
        errors={errors}
        today={props.today}
        carryUploads
      />
    ),
  )
  return (
    <Layout
      title={`${ui.reportTitle} - ${props.task.name}`}
      nonce={props.nonce}
      staff={props.staff}
      hasErrors={props.issues.length > 0}
    >
      <ErrorSummary issues={summary} />
      <p>
        <a href={`/admin/plans/${props.plan.id}/tasks/${props.task.id}`}>
          {ui.back}：{props.task.name}
        </a>
      </p>
      <span class="caption">
        {props.plan.title} · {props.formTitle}
      </span>
      <h1>{props.task.name}</h1>
      <p class="hint prewrap">{props.task.requirements}</p>
      {mode.kind === 'resubmit' && mode.report.comment ? (
        <div class="panel panel-warn" role="status">
          {ui.returnedBanner(mode.report.comment)}
        </div>
      ) : null}
      <form method="post" action={action} enctype="multipart/form-data" novalidate>
        <input type="hidden" name="_csrf" value={props.staff.csrfToken} />
        {mode.kind === 'file' ? (
          <>
            <div class={`form-group${errors.has('period') ? ' has-error' : ''}`}>
              <label for={controlId('period')}>{ui.period}</label>
              {errors.has('period') ? <span class="field-error">{errors.get('period')}</span> : null}
              <select id={controlId('period')} name="period">
                {mode.periods.map((p) => (
                  <option value={p.key} selected={p.key === mode.period}>
                    {p.label}（{ui.dueOn} {p.dueOn}）
                  </option>
                ))}
              </select>
            </div>
            {mode.units.length > 1 ? (
              <div class="form-group">
                <label for={controlId('agencyId')}>{ui.unit}</label>
                <select id={controlId('agencyId')} name="agencyId">
                  {mode.units.map((u) => (
                    <option value={u.agencyId} selected={u.agencyId === mode.unit}>
                      {u.name}
                    </option>
                  ))}
                </select>
              </div>
            ) : (
              <input type="hidden" name="agencyId" value={mode.units[0]?.agencyId ?? ''} />
            )}
          </>
        ) : (
          <>
            <input type="hidden" name="version" value={String(mode.report.version)} />
            <p>
              {ui.period}：{mode.report.periodLabel}　{ui.unit}：{mode.report.agencyName}
            </p>
          </>
        )}
        {fields}
        <button type="submit" class="button">
          {mode.kind === 'file' ? ui.submitReport : ui.resubmit}
        </button>
      </form>
    </Layout>
  )
}

function Answers(props: { report: ReportView; form: RenderPage }) {
  const { report } = props
  const label = (name: string) => props.form.fields.find((f) => f.name === name)?.label ?? name
  const data = report.data
  const links = Array.isArray(data.publishedLinks)
    ? (data.publishedLinks as { title?: string; url: string }[])
    : []
  const text = (key: string) => (typeof data[key] === 'string' ? (data[key] as string) : '')
  return (
    <dl class="summary">
      <dt>{label('status')}</dt>
      <dd>{t.progressStatus[report.progressStatus]}</dd>
      <dt>{label('progress')}</dt>
      <dd class="prewrap">{text('progress')}</dd>
      {links.length > 0 ? (
        <>
          <dt>{label('publishedLinks')}</dt>
          <dd>
            <ul>
              {links.map((l) => (
                <li>
                  {l.title ? `${l.title}：` : ''}
                  <a href={l.url} rel="noopener noreferrer nofollow" target="_blank">
                    {l.url}
                  </a>
                </li>
              ))}
            </ul>
          </dd>
        </>
      ) : null}
      {report.files.length > 0 ? (
        <>
          <dt>{label('evidence')}</dt>
          <dd>
            <ul>
              {report.files.map((f) => (
                <li>
                  <a href={`/api/v1/task-reports/${report.id}/files/${f.id}`}>{f.filename}</a>
                </li>
              ))}
            </ul>
          </dd>
        </>
      ) : null}
      {(['problems', 'nextSteps'] as const).map((key) =>
        text(key) ? (
          <>
            <dt>{label(key)}</dt>
            <dd class="prewrap">{text(key)}</dd>
          </>
        ) : null,
      )}
    </dl>
  )
}

export function ReportPageView(props: {
  nonce: string
  staff: StaffProps
  page: ReportPage
  notice: string | null
  issues: SummaryIssue[]
}) {
  const { report, events, task, form } = props.page
  const base = `/admin/plans/${task.plan.id}`
  const csrf = <input type="hidden" name="_csrf" value={props.staff.csrfToken} />
  const version = <input type="hidden" name="version" value={String(report.version)} />
  const can = (action: string) => report.allowedActions.includes(action)
  return (
    <Layout
      title={`${ui.reportTitle} - ${task.task.name}`}
      nonce={props.nonce}
      staff={props.staff}
      hasErrors={props.issues.length > 0}
    >
      <ErrorSummary issues={props.issues} />
      <p>
        <a href={`${base}/tasks/${task.task.id}`}>
          {ui.back}：{task.task.name}
        </a>
      </p>
      <span class="caption">
        {task.plan.title} · {report.agencyName} · {report.periodLabel}
      </span>
      <h1>{task.task.name}</h1>
      {props.notice ? (
        <div class="panel" role="status">
          {props.notice}
        </div>
      ) : null}
      {report.state === 'returned' && report.comment ? (
        <div class="panel panel-warn" role="status">
          {ui.returnedBanner(report.comment)}
        </div>
      ) : null}
      <dl class="summary">
        <dt>{ui.reportState}</dt>
        <dd id="report-state">{report.stateLabel}</dd>
        <dt>{ui.unit}</dt>
        <dd>{report.agencyName}</dd>
        <dt>{ui.period}</dt>
        <dd>
          {report.periodLabel}（{ui.dueOn} {report.dueOn}）
        </dd>
        <dt>{ui.submittedAt}</dt>
        <dd>
          {report.submittedAt ? shanghaiDateTime(Date.parse(report.submittedAt)) : ''}{' '}
          <span class={`tag ${report.onTime ? 'tag-muted' : 'tag-warn'}`}>
            {report.onTime ? ui.onTime : ui.late}
          </span>
        </dd>
      </dl>
      <h2>{ui.answers}</h2>
      <Answers report={report} form={form} />
      {can('resubmit') ? (
        <p>
          <a class="button" href={`${base}/reports/${report.id}/resubmit`}>
            {ui.resubmit}
          </a>
        </p>
      ) : null}
      {can('accept') || can('return') ? (
        <div class="review">
          {can('accept') ? (
            <form method="post" action={`${base}/reports/${report.id}/actions/accept`} novalidate>
              {csrf}
              {version}
              <div class="form-group">
                <label for="accept-comment">{ui.commentOptional}</label>
                <textarea id="accept-comment" name="comment" rows={2} />
              </div>
              <button type="submit" class="button">
                {ui.accept}
              </button>
            </form>
          ) : null}
          {can('return') ? (
            <form method="post" action={`${base}/reports/${report.id}/actions/return`} novalidate>
              {csrf}
              {version}
              <div class="form-group">
                <label for="return-comment">{ui.comment}</label>
                <textarea id="return-comment" name="comment" rows={3} />
              </div>
              <button type="submit" class="button button-warning">
                {ui.return}
              </button>
            </form>
          ) : null}
        </div>
      ) : null}
      <h2>{ui.history}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{ui.at}</th>
            <th scope="col">{ui.actions}</th>
            <th scope="col">{ui.by}</th>
            <th scope="col">{ui.comment}</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr>
              <td>{shanghaiDateTime(Date.parse(e.at))}</td>
              <td>{e.actionLabel}</td>
              <td>{e.actorName ?? ''}</td>
              <td>{e.comment ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  )
}
