// The staff case list: filters, one row per case (reference, subject, state, assignee, receipt, due date with days
// left, late marker, outcome), keyset pages, bulk assignment and keyboard shortcuts (j / k, Enter, n on the case).
import { CURRENT_DISCLOSURE_VERSION, caseWorkflow, disclosureWorkflow } from '../../workflows/definitions'
import { RECEIPT_CHANNELS } from '../../workflows/definitions/disclosure-case'
import { APPLICANT_COLUMNS, OUTCOMES } from '../../workflows/outcomes'
import { messages } from '../i18n/zh-CN'
import { listDueText } from './deadline'
import { ErrorSummary, Layout, type StaffChrome, type SummaryIssue } from './layout'

const t = messages.cases

export interface CaseListFilterValues {
  state: string
  outcome: string
  applicantType: string
  channel: string
  receivedFrom: string
  receivedTo: string
  dueFrom: string
  dueBefore: string
  q: string
  sort: 'due' | 'received'
  overdue: boolean
  dueSoon: boolean
  mine: boolean
  assignee: string
}

export interface CaseListRow {
  id: string
  reference: string
  workflowId: string
  workflowVersion: number
  version: number
  title: string
  state: string
  assigneeName: string | null
  receivedOn: string | null
  dueOn: string | null
  duePendingYear: number | null
  daysLeft: number | null
  outcome: string | null
  closedAt: unknown
  overdue: boolean
}

/** The list's query string for these filters (what a page link, a queue and the export carry). */
export function listQuery(f: CaseListFilterValues): URLSearchParams {
  const q = new URLSearchParams()
  for (const k of [
    'state',
    'outcome',
    'applicantType',
    'channel',
    'receivedFrom',
    'receivedTo',
    'dueFrom',
    'dueBefore',
    'q',
    'assignee',
  ] as const) {
    if (f[k]) q.set(k, f[k])
  }
  if (f.sort === 'received') q.set('sort', 'received')
  if (f.overdue) q.set('overdue', 'true')
  if (f.dueSoon) q.set('dueSoon', 'true')
  if (f.mine) q.set('mine', 'true')
  return q
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

function Select(props: {
  id: string
  label: string
  value: string
  options: [string, string][]
  all: string
}) {
  return (
    <div class="form-group">
      <label for={props.id}>{props.label}</label>
      <select id={props.id} name={props.id}>
        <option value="">{props.all}</option>
        {props.options.map(([value, label]) => (
          <option value={value} selected={props.value === value}>
            {label}
          </option>
        ))}
      </select>
    </div>
  )
}

function DateInput(props: { id: string; label: string; value: string }) {
  return (
    <div class="form-group">
      <label for={props.id}>{props.label}</label>
      <input type="date" id={props.id} name={props.id} value={props.value} />
    </div>
  )
}

function Check(props: { id: string; label: string; checked: boolean }) {
  return (
    <div class="choice">
      <input type="checkbox" id={props.id} name={props.id} value="true" checked={props.checked} />
      <label for={props.id}>{props.label}</label>
    </div>
  )
}

export function CaseListPage(props: {
  nonce: string
  staff: StaffChrome
  filters: CaseListFilterValues
  items: CaseListRow[]
  /** The filters as a query string: case links carry it, so the case page can offer the next case of the queue. */
  queue: string
  /** The link to the next page (same filters, next cursor), if there is one. */
  nextPage: string | null
  /** Handlers the user may assign cases to (registrars and admins), or null: no bulk assignment. */
  handlers: { id: string; displayName: string }[] | null
  notice: string | null
  /** The text search had more matches than it lists (SEARCH_MATCH_CAP): ask for a narrower one. */
  searchCapped?: number | null
  issues: SummaryIssue[]
}) {
  // The list names states by the current version's labels (a state keeps its name across versions).
  const states = disclosureWorkflow(CURRENT_DISCLOSURE_VERSION)!.definition.states
  const f = props.filters
  const channels = t.options.receiptChannel as Record<string, string>
  const bulk = props.handlers !== null && props.items.length > 0
  return (
    <Layout
      title={t.listTitle}
      nonce={props.nonce}
      staff={props.staff}
      hasErrors={props.issues.length > 0}
      scripts={['/static/case-queue.js']}
    >
      <ErrorSummary issues={props.issues} />
      <h1>{t.listTitle}</h1>
      {props.notice ? (
        <div class="panel" role="status">
          {props.notice}
        </div>
      ) : null}
      {props.searchCapped ? (
        <div class="panel" role="status" id="search-capped">
          {t.searchCapped(props.searchCapped)}
        </div>
      ) : null}
      <form method="get" class="filters">
        <div class="form-group">
          <label for="q">{t.search}</label>
          <span class="hint" id="q-hint">
            {t.searchHint}
          </span>
          <input type="search" id="q" name="q" value={f.q} aria-describedby="q-hint" />
        </div>
        <Select
          id="state"
          label={t.state}
          value={f.state}
          all={t.allStates}
          options={Object.entries(states).map(([key, s]) => [key, s.label['zh-CN']])}
        />
        <Select
          id="outcome"
          label={t.outcome}
          value={f.outcome}
          all={t.all}
          options={Object.entries(OUTCOMES).map(([key, o]) => [key, o.label])}
        />
        <Select
          id="applicantType"
          label={t.applicantType}
          value={f.applicantType}
          all={t.all}
          options={APPLICANT_COLUMNS.map((a) => [a.key, a.label])}
        />
        <Select
          id="channel"
          label={t.channel}
          value={f.channel}
          all={t.all}
          options={RECEIPT_CHANNELS.map((ch) => [ch, channels[ch] ?? ch])}
        />
        <DateInput id="receivedFrom" label={t.receivedFrom} value={f.receivedFrom} />
        <DateInput id="receivedTo" label={t.receivedTo} value={f.receivedTo} />
        <DateInput id="dueFrom" label={t.dueFrom} value={f.dueFrom} />
        <DateInput id="dueBefore" label={t.dueBeforeLabel} value={f.dueBefore} />
        <Check id="overdue" label={t.overdueOnly} checked={f.overdue} />
        <Check id="dueSoon" label={t.dueSoonOnly} checked={f.dueSoon} />
        <Check id="mine" label={t.mineOnly} checked={f.mine} />
        <Select
          id="sort"
          label={t.sort}
          value={f.sort === 'received' ? 'received' : ''}
          all={t.sortDue}
          options={[['received', t.sortReceived]]}
        />
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
      <p class="hint no-print" id="shortcuts">
        {t.shortcuts}
      </p>
      {bulk ? <form method="post" action="/admin/cases/bulk-assign" id="bulk-form" /> : null}
      <table id="case-list">
        <thead>
          <tr>
            {bulk ? (
              <th scope="col">
                <span class="visually-hidden">{t.select}</span>
              </th>
            ) : null}
            <th scope="col">{t.reference}</th>
            <th scope="col">{t.title}</th>
            <th scope="col">{t.state}</th>
            <th scope="col">{t.assignee}</th>
            <th scope="col">{t.receivedOn}</th>
            <th scope="col">{t.dueOn}</th>
            <th scope="col">{t.outcome}</th>
          </tr>
        </thead>
        <tbody>
          {props.items.map((r) => (
            <tr>
              {bulk ? (
                <td>
                  <input
                    type="checkbox"
                    form="bulk-form"
                    name="case"
                    value={`${r.id}@${r.version}`}
                    id={`pick-${r.id}`}
                    aria-label={t.selectCase(r.reference)}
                  />
                </td>
              ) : null}
              <td>
                <a
                  href={`/admin/cases/${r.id}${props.queue ? `?queue=${encodeURIComponent(props.queue)}` : ''}`}
                  class="case-link"
                >
                  {r.reference}
                </a>
              </td>
              <td>{r.title}</td>
              <td>
                {(
                  caseWorkflow(r.workflowId, r.workflowVersion)?.definition.states[r.state] ?? states[r.state]
                )?.label['zh-CN'] ?? r.state}
              </td>
              <td>{r.assigneeName ?? t.unassigned}</td>
              <td>{r.receivedOn ?? t.notReceived}</td>
              <td>
                {listDueText(r)}{' '}
                {r.daysLeft !== null && !r.overdue ? (
                  <span class="days-left">（{t.daysLeft(r.daysLeft)}）</span>
                ) : null}{' '}
                {r.overdue ? <span class="tag tag-warn">{t.overdue}</span> : null}
              </td>
              <td>
                {r.closedAt !== null && r.outcome
                  ? ((OUTCOMES as Record<string, { label: string }>)[r.outcome]?.label ?? r.outcome)
                  : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {props.items.length === 0 ? <p>{t.none}</p> : null}
      {bulk ? (
        <div class="panel no-print">
          <input type="hidden" form="bulk-form" name="_csrf" value={props.staff.csrfToken} />
          <input type="hidden" form="bulk-form" name="queue" value={props.queue} />
          <div class="form-group">
            <label for="bulk-assignee">{t.bulkAssignTo}</label>
            <select id="bulk-assignee" name="assigneeId" form="bulk-form">
              <option value="">{t.chooseHandler}</option>
              {props.handlers!.map((h) => (
                <option value={h.id}>{h.displayName}</option>
              ))}
            </select>
          </div>
          <button type="submit" form="bulk-form" class="button">
            {t.bulkAssign}
          </button>
        </div>
      ) : null}
      {props.nextPage ? (
        <p>
          <a href={props.nextPage} rel="next">
            {t.nextPage}
          </a>
        </p>
      ) : null}
    </Layout>
  )
}
