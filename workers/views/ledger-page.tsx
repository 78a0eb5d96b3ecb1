// The ledger page (工作台账): filters, the tasks × units matrix with each unit's latest report (drill-down to it),
// the rates per unit and per task, the per-unit 落实情况 summaries to copy, and the .xlsx export.
import { messages } from '../i18n/zh-CN'
import type { CellView, LedgerView } from '../services/tasks/ledger'
import { Layout } from './layout'
import type { StaffProps } from './task-parts'

const ui = messages.plansUi
const L = messages.ledger
const t = messages.tasks

function Cell(props: { cell: CellView | undefined; base: string }) {
  const { cell } = props
  if (!cell) return <td class="muted">—</td>
  const report = cell.lastReport
  return (
    <td class={cell.overdue ? 'cell-overdue' : undefined}>
      {report ? <a href={`${props.base}/reports/${report.id}`}>{cell.statusLabel}</a> : cell.statusLabel}
      {cell.stateLabel ? <div class="hint">{cell.stateLabel}</div> : null}
      {report ? (
        <div class="hint">
          {ui.lastReport} {report.submittedOn}（{report.periodLabel}）
        </div>
      ) : null}
      {cell.onTime === null ? null : (
        <span class={`tag ${cell.onTime ? 'tag-muted' : 'tag-warn'}`}>
          {ui.onTimeOf(cell.onTimePeriods, cell.duePeriods)}
        </span>
      )}
      {cell.overdue ? (
        <div>
          <span class="tag tag-warn">{L.overdue}</span> <span class="hint">{cell.missing.join('、')}</span>
        </div>
      ) : null}
      {cell.reports.length > 1 ? (
        <details>
          <summary>{ui.reports}</summary>
          <ul>
            {cell.reports.map((r) => (
              <li>
                <a href={`${props.base}/reports/${r.id}`}>
                  {r.periodLabel}：{r.stateLabel}
                </a>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </td>
  )
}

export function LedgerPage(props: {
  nonce: string
  staff: StaffProps
  ledger: LedgerView
  exportUrl: string
}) {
  const { ledger } = props
  const f = ledger.filters
  const base = `/admin/plans/${ledger.plan.id}`
  const columns = ledger.units.filter((u) =>
    ledger.tasks.some((task) => task.cells.some((c) => c.agencyId === u.agencyId)),
  )
  const title = ui.ledgerTitle(ledger.plan.title)
  return (
    <Layout title={title} nonce={props.nonce} staff={props.staff}>
      <p>
        <a href={base}>
          {ui.back}：{ledger.plan.title}
        </a>
      </p>
      <h1>{title}</h1>
      <p>
        {ui.asOf(ledger.asOf)}
        {'，'}
        {ui.total({
          assigned: ledger.total.assigned,
          completion: ledger.total.completionText,
          onTime: ledger.total.onTimeText,
        })}
      </p>
      <p>
        <a class="button button-secondary" href={props.exportUrl} id="ledger-export">
          {ui.export}
        </a>
      </p>
      <form method="get" class="filters">
        <div class="form-group">
          <label for="unit">{ui.unit}</label>
          <select id="unit" name="unit">
            <option value="">{ui.allUnits}</option>
            {ledger.units.map((u) => (
              <option value={u.agencyId} selected={f.unit === u.agencyId}>
                {u.name}
              </option>
            ))}
          </select>
        </div>
        {ledger.groups.length > 0 ? (
          <div class="form-group">
            <label for="group">{ui.group}</label>
            <select id="group" name="group">
              <option value="">{ui.allGroups}</option>
              {ledger.groups.map((g) => (
                <option value={g} selected={f.group === g}>
                  {g}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div class="form-group">
          <label for="status">{messages.ledger.xlsx.status}</label>
          <select id="status" name="status">
            <option value="">{ui.allStatuses}</option>
            {Object.entries(t.progressStatus).map(([value, label]) => (
              <option value={value} selected={f.status === value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div class="choice">
          <input type="checkbox" id="overdue" name="overdue" value="true" checked={f.overdue === true} />
          <label for="overdue">{ui.overdueOnly}</label>
        </div>
        <button type="submit" class="button button-secondary">
          {ui.filter}
        </button>
      </form>
      <h2>{ui.matrix}</h2>
      {ledger.tasks.length === 0 ? (
        <p>{ui.noRows}</p>
      ) : (
        <div class="scroll">
          <table class="ledger">
            <thead>
              <tr>
                <th scope="col">{ui.seq}</th>
                <th scope="col">{ui.name}</th>
                <th scope="col">{ui.deadline}</th>
                {columns.map((u) => (
                  <th scope="col">{u.name}</th>
                ))}
                <th scope="col">{L.completionRate}</th>
                <th scope="col">{L.onTimeRate}</th>
              </tr>
            </thead>
            <tbody>
              {ledger.tasks.map((task) => (
                <tr>
                  <td>{task.seq ?? ''}</td>
                  <th scope="row">
                    {task.group ? <div class="hint">{task.group}</div> : null}
                    <a href={`${base}/tasks/${task.id}`}>{task.name}</a>
                  </th>
                  <td>{task.deadlineText}</td>
                  {columns.map((u) => (
                    <Cell cell={task.cells.find((c) => c.agencyId === u.agencyId)} base={base} />
                  ))}
                  <td>{task.rates.completionText}</td>
                  <td>{task.rates.onTimeText}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>{ui.byUnit}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{ui.unit}</th>
            <th scope="col">{ui.assigned}</th>
            <th scope="col">{t.progressStatus.completed}</th>
            <th scope="col">{t.progressStatus.ongoing}</th>
            <th scope="col">{t.progressStatus.in_progress}</th>
            <th scope="col">{t.progressStatus.not_started}</th>
            <th scope="col">{t.progressStatus.unreported}</th>
            <th scope="col">{ui.overdueCount}</th>
            <th scope="col">{L.completionRate}</th>
            <th scope="col">{L.onTimeRate}</th>
          </tr>
        </thead>
        <tbody>
          {ledger.units.map((u) => (
            <tr>
              <th scope="row">
                <a href={`${base}/ledger?unit=${encodeURIComponent(u.agencyId)}`}>{u.name}</a>
              </th>
              <td>{u.rates.assigned}</td>
              <td>{u.rates.byStatus.completed}</td>
              <td>{u.rates.byStatus.ongoing}</td>
              <td>{u.rates.byStatus.in_progress}</td>
              <td>{u.rates.byStatus.not_started}</td>
              <td>{u.rates.byStatus.unreported}</td>
              <td>{u.rates.overdue}</td>
              <td>{u.rates.completionText}</td>
              <td>{u.rates.onTimeText}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2 id="summaries">{ui.summaryTitle}</h2>
      {ledger.units.map((u, i) => (
        <div class="form-group">
          <label for={`summary-${i}`}>{u.name}</label>
          <textarea id={`summary-${i}`} rows={6} readonly>
            {u.summary}
          </textarea>
        </div>
      ))}
    </Layout>
  )
}
