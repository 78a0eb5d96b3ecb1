// Importing a task table: the upload form, then the preview of every row (parsed deadline beside the text, units,
// per-row messages), the form that maps unknown units, and the button that commits.
import { messages } from '../i18n/zh-CN'
import type { ImportPage } from '../services/tasks/pages'
import type { PlanView } from '../services/tasks/plans'
import { ErrorSummary, Layout, type SummaryIssue } from './layout'
import { Deadline, type StaffProps, Units } from './task-parts'
import { AgencySelect } from './task-plans'

const ui = messages.plansUi

export function ImportUploadPage(props: {
  nonce: string
  staff: StaffProps
  plan: PlanView
  issues: SummaryIssue[]
}) {
  const { plan } = props
  return (
    <Layout
      title={`${ui.importTable} - ${plan.title}`}
      nonce={props.nonce}
      staff={props.staff}
      hasErrors={props.issues.length > 0}
    >
      <ErrorSummary issues={props.issues} />
      <p>
        <a href={`/admin/plans/${plan.id}`}>
          {ui.back}：{plan.title}
        </a>
      </p>
      <h1>{ui.importTable}</h1>
      <p>{ui.importHint}</p>
      <form method="post" action={`/admin/plans/${plan.id}/import`} enctype="multipart/form-data" novalidate>
        <input type="hidden" name="_csrf" value={props.staff.csrfToken} />
        <div class={`form-group${props.issues.length > 0 ? ' has-error' : ''}`}>
          <label for="file">{ui.file}</label>
          {props.issues.map((i) => (
            <span class="field-error">{i.message}</span>
          ))}
          <input type="file" id="file" name="file" accept=".xlsx,.csv,text/csv" />
        </div>
        <button type="submit" class="button">
          {ui.preview}
        </button>
      </form>
    </Layout>
  )
}

export function ImportPreviewPage(props: { nonce: string; staff: StaffProps; page: ImportPage }) {
  const { plan, preview, agencies } = props.page
  const s = preview.summary
  const csrf = <input type="hidden" name="_csrf" value={props.staff.csrfToken} />
  const base = `/admin/plans/${plan.id}/imports/${preview.importId}`
  const committed = preview.status === 'committed'
  return (
    <Layout title={`${ui.previewTitle} - ${plan.title}`} nonce={props.nonce} staff={props.staff}>
      <p>
        <a href={`/admin/plans/${plan.id}`}>
          {ui.back}：{plan.title}
        </a>
      </p>
      <h1>{ui.previewTitle}</h1>
      <p>
        {ui.fileName}：{preview.filename}
      </p>
      {committed ? (
        <div class="panel" role="status">
          {ui.committed}
        </div>
      ) : (
        <p class="hint">{ui.previewHint}</p>
      )}
      <p id="import-summary">{ui.summary(s)}</p>
      {s.notices.length > 0 ? (
        <ul class="panel panel-warn">
          {s.notices.map((n) => (
            <li>{n.message}</li>
          ))}
        </ul>
      ) : null}
      {!committed && s.unmatchedUnits.length > 0 ? (
        <section class="panel panel-warn" aria-labelledby="map-title">
          <h2 id="map-title">{ui.mapTitle}</h2>
          <p>{ui.mapHint}</p>
          <form method="post" action={`${base}/mappings`} novalidate>
            {csrf}
            {s.unmatchedUnits.map((name, i) => (
              <div class="form-group">
                <label for={`map-${i}`}>{ui.mapTo(name)}</label>
                <input type="hidden" name={`name.${i}`} value={name} />
                <AgencySelect id={`map-${i}`} name={`agency.${i}`} agencies={agencies} selected="" />
              </div>
            ))}
            <button type="submit" class="button button-secondary">
              {ui.saveMappings}
            </button>
          </form>
        </section>
      ) : null}
      {!committed ? (
        <form method="post" action={`${base}/commit`}>
          {csrf}
          <p class="hint">{ui.commitHint}</p>
          <div class="button-row">
            <button type="submit" class="button">
              {ui.commit}
            </button>
            <a class="button button-secondary" href={`/admin/plans/${plan.id}/import`}>
              {ui.importAgain}
            </a>
          </div>
        </form>
      ) : null}
      <table class="import-preview">
        <thead>
          <tr>
            <th scope="col">{ui.row}</th>
            <th scope="col">{ui.status}</th>
            <th scope="col">{ui.name}</th>
            <th scope="col">{ui.deadline}</th>
            <th scope="col">{ui.lead}</th>
            <th scope="col">{ui.responsible}</th>
            <th scope="col">{ui.messages}</th>
          </tr>
        </thead>
        <tbody>
          {preview.rows.map((row) => (
            <tr class={`row-${row.status}`}>
              <td>{row.row}</td>
              <td>
                <span class={`tag ${row.status === 'ok' ? 'tag-muted' : 'tag-warn'}`}>
                  {ui.rowStatus[row.status]}
                </span>
                {row.action ? <div class="hint">{ui.action[row.action]}</div> : null}
              </td>
              <td>
                {row.task ? (
                  <>
                    {row.task.group ? <div class="hint">{row.task.group}</div> : null}
                    {row.task.seq !== null ? `${row.task.seq}. ` : ''}
                    {row.task.name}
                  </>
                ) : null}
              </td>
              <td>
                {row.task ? <Deadline text={row.task.deadlineText} milestones={row.task.milestones} /> : null}
              </td>
              <td>{row.task ? <Units units={row.task.leadUnits} /> : null}</td>
              <td>{row.task ? <Units units={row.task.responsibleUnits} /> : null}</td>
              <td>
                <ul>
                  {row.messages.map((m) => (
                    <li>{m.message}</li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  )
}
