// The staff case list: filters (state, search, overdue, mine) and one row per case, ordered by due date.
import { CURRENT_DISCLOSURE_VERSION, caseWorkflow, disclosureWorkflow } from '../../workflows/definitions'
import { messages } from '../i18n/zh-CN'
import { listDueText } from './deadline'
import { Layout } from './layout'

const t = messages.cases

export interface CaseListFilterValues {
  state: string
  q: string
  overdue: boolean
  mine: boolean
}

export interface CaseListRow {
  id: string
  reference: string
  workflowId: string
  workflowVersion: number
  title: string
  state: string
  receivedOn: string | null
  dueOn: string | null
  duePendingYear: number | null
  closedAt: unknown
  overdue: boolean
}

/** The register export of the list as filtered (the API's names for the same filters). */
function registerQuery(f: CaseListFilterValues, format: 'xlsx' | 'csv'): string {
  const q = new URLSearchParams({ format })
  if (f.state) q.set('state', f.state)
  if (f.q) q.set('q', f.q)
  if (f.overdue) q.set('overdue', 'true')
  if (f.mine) q.set('assignee', 'me')
  return q.toString()
}

export function CaseListPage(props: {
  nonce: string
  staff: { displayName: string; csrfToken: string }
  filters: CaseListFilterValues
  items: CaseListRow[]
  /** The link to the next page (same filters, next cursor), if there is one. */
  nextPage: string | null
}) {
  // The list names states by the current version's labels (a state keeps its name across versions).
  const states = disclosureWorkflow(CURRENT_DISCLOSURE_VERSION)!.definition.states
  const f = props.filters
  return (
    <Layout title={t.listTitle} nonce={props.nonce} staff={props.staff}>
      <h1>{t.listTitle}</h1>
      <form method="get" class="filters">
        <div class="form-group">
          <label for="state">{t.state}</label>
          <select id="state" name="state">
            <option value="">{t.allStates}</option>
            {Object.entries(states).map(([key, s]) => (
              <option value={key} selected={f.state === key}>
                {s.label['zh-CN']}
              </option>
            ))}
          </select>
        </div>
        <div class="form-group">
          <label for="q">{t.search}</label>
          <input type="text" id="q" name="q" value={f.q} />
        </div>
        <div class="choice">
          <input type="checkbox" id="overdue" name="overdue" value="true" checked={f.overdue} />
          <label for="overdue">{t.overdueOnly}</label>
        </div>
        <div class="choice">
          <input type="checkbox" id="mine" name="mine" value="true" checked={f.mine} />
          <label for="mine">{t.mineOnly}</label>
        </div>
        <button type="submit" class="button button-secondary">
          {t.filter}
        </button>
      </form>
      <p class="no-print">
        <a href={`/api/v1/reports/register?${registerQuery(f, 'xlsx')}`}>
          {messages.reports.registerDownload}
        </a>
        {' · '}
        <a href={`/api/v1/reports/register?${registerQuery(f, 'csv')}`}>{messages.reports.registerCsv}</a>
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">{t.reference}</th>
            <th scope="col">{t.title}</th>
            <th scope="col">{t.state}</th>
            <th scope="col">{t.receivedOn}</th>
            <th scope="col">{t.dueOn}</th>
          </tr>
        </thead>
        <tbody>
          {props.items.map((r) => (
            <tr>
              <td>
                <a href={`/admin/cases/${r.id}`}>{r.reference}</a>
              </td>
              <td>{r.title}</td>
              <td>
                {(
                  caseWorkflow(r.workflowId, r.workflowVersion)?.definition.states[r.state] ?? states[r.state]
                )?.label['zh-CN'] ?? r.state}
              </td>
              <td>{r.receivedOn ?? t.notReceived}</td>
              <td>
                {listDueText(r)} {r.overdue ? <span class="tag tag-warn">{t.overdue}</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {props.items.length === 0 ? <p>{t.none}</p> : null}
      {props.nextPage ? (
        <p>
          <a href={props.nextPage}>{t.nextPage}</a>
        </p>
      ) : null}
    </Layout>
  )
}
