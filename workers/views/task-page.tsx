// One task: its cells, milestones beside the 完成时限, each reporting period × unit with the report filed (or a link
// to file it); and the form that adds or edits a task by hand.
import { messages } from '../i18n/zh-CN'
import type { TaskDetail } from '../services/tasks/detail'
import { ErrorSummary, Layout, type SummaryIssue } from './layout'
import { Deadline, type StaffProps, Units } from './task-parts'

const ui = messages.plansUi
const t = messages.tasks

export function TaskPageView(props: {
  nonce: string
  staff: StaffProps
  detail: TaskDetail
  notice: string | null
  /** Today in Asia/Shanghai: periods due before it without a report are flagged. */
  today: string
}) {
  const { task, plan, periods, units, reports, coordinates } = props.detail
  const base = `/admin/plans/${plan.id}`
  const today = props.today
  return (
    <Layout title={task.name} nonce={props.nonce} staff={props.staff}>
      <p>
        <a href={base}>
          {ui.back}：{plan.title}
        </a>
      </p>
      <span class="caption">
        {task.group ? `${task.group} · ` : ''}
        {task.seq !== null ? `${ui.seq} ${task.seq}` : ''}
      </span>
      <h1>{task.name}</h1>
      {props.notice ? (
        <div class="panel" role="status">
          {props.notice}
        </div>
      ) : null}
      <dl class="summary">
        <dt>{ui.requirements}</dt>
        <dd class="prewrap">{task.requirements}</dd>
        <dt>{ui.carrier}</dt>
        <dd>{task.carrier}</dd>
        <dt>{ui.deadline}</dt>
        <dd>
          <Deadline text={task.deadlineText} milestones={task.milestones} />
        </dd>
        <dt>{ui.lead}</dt>
        <dd>
          <Units units={task.leadUnits} />
        </dd>
        <dt>{ui.responsible}</dt>
        <dd>
          <Units units={task.responsibleUnits} />
        </dd>
      </dl>
      {coordinates ? (
        <p>
          <a class="button button-secondary" href={`${base}/tasks/${task.id}/edit`}>
            {ui.edit}
          </a>
        </p>
      ) : null}
      <h2>{ui.periods}</h2>
      <table class="periods">
        <thead>
          <tr>
            <th scope="col">{ui.period}</th>
            <th scope="col">{ui.dueOn}</th>
            {units.map((u) => (
              <th scope="col">{u.name}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {periods.map((p) => (
            <tr>
              <th scope="row">
                {p.label} {p.current ? <span class="tag">{ui.current}</span> : null}
              </th>
              <td>{p.dueOn}</td>
              {units.map((u) => {
                const report = reports.find((r) => r.agencyId === u.agencyId && r.period === p.key)
                if (report) {
                  return (
                    <td>
                      <a href={`${base}/reports/${report.id}`}>{report.stateLabel}</a>
                      <div class="hint">{t.progressStatus[report.progressStatus]}</div>
                    </td>
                  )
                }
                const visible = coordinates || u.mine
                return (
                  <td>
                    {u.mine ? (
                      <a href={`${base}/tasks/${task.id}/report?period=${p.key}&unit=${u.agencyId}`}>
                        {ui.report}
                      </a>
                    ) : visible ? (
                      t.progressStatus.unreported
                    ) : (
                      '—'
                    )}
                    {visible && p.dueOn < today ? (
                      <>
                        {' '}
                        <span class="tag tag-warn">{messages.ledger.overdue}</span>
                      </>
                    ) : null}
                  </td>
                )
              })}
            </tr>
          ))}
        </tbody>
      </table>
      {reports.length === 0 ? <p class="hint">{ui.noReports}</p> : null}
    </Layout>
  )
}

export const MILESTONE_ROWS = 4

export function TaskFormPage(props: {
  nonce: string
  staff: StaffProps
  plan: { id: string; title: string }
  /** Editing an existing task (with its version), or adding one. */
  task: { id: string; version: number; milestones: TaskDetail['task']['milestones'] } | null
  values: Record<string, string>
  issues: SummaryIssue[]
}) {
  const v = props.values
  const editing = props.task !== null
  const title = editing ? ui.editTitle : ui.newTitle
  const action = editing
    ? `/admin/plans/${props.plan.id}/tasks/${props.task!.id}`
    : `/admin/plans/${props.plan.id}/tasks`
  const errors = new Map(props.issues.map((i) => [i.href, i.message]))
  const text = (name: string, label: string, options: { hint?: string; max?: number } = {}) => (
    <div class={`form-group${errors.has(name) ? ' has-error' : ''}`}>
      <label for={name}>{label}</label>
      {options.hint ? <span class="hint">{options.hint}</span> : null}
      {errors.has(name) ? <span class="field-error">{errors.get(name)}</span> : null}
      <input type="text" id={name} name={name} value={v[name] ?? ''} maxlength={options.max ?? 500} />
    </div>
  )
  const area = (name: string, label: string, options: { hint?: string; rows?: number } = {}) => (
    <div class={`form-group${errors.has(name) ? ' has-error' : ''}`}>
      <label for={name}>{label}</label>
      {options.hint ? <span class="hint">{options.hint}</span> : null}
      {errors.has(name) ? <span class="field-error">{errors.get(name)}</span> : null}
      <textarea id={name} name={name} rows={options.rows ?? 3}>
        {v[name] ?? ''}
      </textarea>
    </div>
  )
  const manual = v.milestoneMode === 'manual'
  return (
    <Layout title={title} nonce={props.nonce} staff={props.staff} hasErrors={props.issues.length > 0}>
      <ErrorSummary issues={props.issues} />
      <p>
        <a href={`/admin/plans/${props.plan.id}`}>
          {ui.back}：{props.plan.title}
        </a>
      </p>
      <h1>{title}</h1>
      <form method="post" action={action} novalidate>
        <input type="hidden" name="_csrf" value={props.staff.csrfToken} />
        {editing ? <input type="hidden" name="version" value={String(props.task!.version)} /> : null}
        {text('group', ui.group, { max: 200 })}
        {text('seq', ui.seq, { max: 4 })}
        {text('name', ui.name)}
        {area('requirements', ui.requirements, { rows: 5 })}
        {text('carrier', ui.carrier)}
        {text('deadlineText', ui.deadline)}
        <fieldset class="form-group">
          <legend>{ui.milestoneMode}</legend>
          <div class="choice">
            <input type="radio" id="mode-auto" name="milestoneMode" value="auto" checked={!manual} />
            <label for="mode-auto">{ui.milestoneAuto}</label>
          </div>
          <div class="choice">
            <input type="radio" id="mode-manual" name="milestoneMode" value="manual" checked={manual} />
            <label for="mode-manual">{ui.milestoneManual}</label>
          </div>
          {errors.has('milestones') ? <span class="field-error">{errors.get('milestones')}</span> : null}
          <table>
            <thead>
              <tr>
                <th scope="col">{ui.milestoneKind}</th>
                <th scope="col">{ui.milestoneDate}</th>
                <th scope="col">{ui.milestoneEvery}</th>
              </tr>
            </thead>
            <tbody>
              {Array.from({ length: MILESTONE_ROWS }, (_, i) => (
                <tr>
                  <td>
                    <select name={`m.${i}.kind`} aria-label={`${ui.milestoneKind} ${i + 1}`}>
                      {Object.entries(ui.milestoneKinds).map(([value, label]) => (
                        <option value={value} selected={(v[`m.${i}.kind`] ?? '') === value}>
                          {label}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <input
                      type="date"
                      name={`m.${i}.by`}
                      value={v[`m.${i}.by`] ?? ''}
                      aria-label={`${ui.milestoneDate} ${i + 1}`}
                    />
                  </td>
                  <td>
                    <select name={`m.${i}.every`} aria-label={`${ui.milestoneEvery} ${i + 1}`}>
                      {Object.entries(t.milestone.every).map(([value, label]) => (
                        <option value={value} selected={(v[`m.${i}.every`] ?? 'quarter') === value}>
                          {label}
                        </option>
                      ))}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </fieldset>
        {text('leadUnits', ui.lead, { hint: ui.unitsHint, max: 2000 })}
        {text('responsibleUnits', ui.responsible, { hint: ui.unitsHint, max: 2000 })}
        <button type="submit" class="button">
          {ui.save}
        </button>
      </form>
    </Layout>
  )
}
