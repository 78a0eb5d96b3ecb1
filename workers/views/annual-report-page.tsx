// The annual report page: choose agency and year, then Tables 3 and 4 laid out as the official tables (every
// number links to its cases), the self-checks with the cases that break them, and the downloads.
import { shanghaiDate } from '../../workflows/calendar'
import { messages } from '../i18n/zh-CN'
import type { AnnualReport } from '../services/reports/annual-report'
import { draftNumbers, type Grid, table3Grid, table4Grid } from '../services/reports/layout'
import { ErrorSummary, Layout, type SummaryIssue } from './layout'

const t = messages.reports

export interface ReportFormValues {
  agency: string
  year: string
  subAgencies: boolean
}

function reportQuery(v: ReportFormValues, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams({ agency: v.agency, year: v.year, ...extra })
  if (v.subAgencies) q.set('subAgencies', 'true')
  return q.toString()
}

function GridTable(props: {
  grid: Grid
  caption: string
  headerRows: number
  link?: (line: string, column: string) => string
}) {
  const head = props.grid.slice(0, props.headerRows)
  const body = props.grid.slice(props.headerRows)
  const span = (c: { colSpan?: number; rowSpan?: number }) => ({
    ...(c.colSpan ? { colspan: c.colSpan } : {}),
    ...(c.rowSpan ? { rowspan: c.rowSpan } : {}),
  })
  return (
    <div class="report-scroll">
      <table class="report">
        <caption>{props.caption}</caption>
        <thead>
          {head.map((row) => (
            <tr>
              {row.map((c) =>
                c === null ? null : (
                  <th scope="col" {...span(c)}>
                    {c.text}
                  </th>
                ),
              )}
            </tr>
          ))}
        </thead>
        <tbody>
          {body.map((row) => (
            <tr>
              {row.map((c) => {
                if (c === null) return null
                if (c.kind !== 'number')
                  return (
                    <th scope="row" {...span(c)}>
                      {c.text}
                    </th>
                  )
                return (
                  <td class="num">
                    {props.link && c.cell ? (
                      <a href={props.link(c.cell.line, c.cell.column)}>{c.text}</a>
                    ) : (
                      c.text
                    )}
                  </td>
                )
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

export function AnnualReportPage(props: {
  nonce: string
  staff: { displayName: string; csrfToken: string }
  agencies: { id: string; slug: string; name: string }[]
  values: ReportFormValues
  report: AnnualReport | null
  issues: SummaryIssue[]
}) {
  const v = props.values
  const r = props.report
  const columnLabel = (key: string) => r?.table3.columns.find((c) => c.key === key)?.label ?? key
  return (
    <Layout title={t.title} nonce={props.nonce} staff={props.staff} hasErrors={props.issues.length > 0}>
      <ErrorSummary issues={props.issues} />
      <h1>{t.title}</h1>
      <ReportQueryForm action="/admin/reports/annual" agencies={props.agencies} values={v} />
      {r ? (
        <>
          <h2>
            {r.agency.name} {r.year}
          </h2>
          {r.subAgencies ? <p class="hint">{r.agencies.map((a) => a.name).join('、')}</p> : null}
          <p class="button-row no-print">
            <a
              class="button button-secondary"
              href={`/api/v1/reports/annual?${reportQuery(v, { format: 'xlsx' })}`}
            >
              {t.download}
            </a>
            <a href={`/api/v1/reports/annual?${reportQuery(v, { format: 'docx' })}`}>{t.downloadDocx}</a>
            <a href={`/api/v1/reports/annual?${reportQuery(v, { format: 'csv' })}`}>{t.downloadCsv}</a>
            <a href={`/admin/reports/statistics?${reportQuery(v)}`}>{t.statistics}</a>
          </p>
          <h2 id="draft">{t.draftHeading}</h2>
          <p class="report-draft">{t.draftText(draftNumbers(r))}</p>
          <h2 id="checks">{t.checks}</h2>
          <ul class="checks">
            {r.checks.map((c) => (
              <li class={c.ok ? 'ok' : 'failed'}>
                {c.label}：{c.ok ? t.checkOk : t.checkFailed}
                {c.failures.length ? (
                  <ul>
                    {c.failures.map((f) => (
                      <li>{t.failure(columnLabel(f.column), f.left, f.right)}</li>
                    ))}
                  </ul>
                ) : null}
                {c.cases.length ? (
                  <ul>
                    {c.cases.map((k) => (
                      <li>
                        <a href={`/admin/cases/${encodeURIComponent(k.id)}`}>{k.reference}</a>：
                        {k.explanation}
                      </li>
                    ))}
                  </ul>
                ) : null}
              </li>
            ))}
          </ul>
          <GridTable
            grid={table3Grid(r)}
            caption={t.table3Title}
            headerRows={3}
            link={(line, column) => `/admin/reports/annual/cases?${reportQuery(v, { line, column })}`}
          />
          <GridTable
            grid={table4Grid(r)}
            caption={t.table4Title}
            headerRows={3}
            link={(group, result) =>
              `/admin/reports/annual/remedy-cases?${reportQuery(v, { group, result })}`
            }
          />
          {r.subAgencies ? null : <ClosingSection report={r} values={v} csrfToken={props.staff.csrfToken} />}
        </>
      ) : null}
    </Layout>
  )
}

/** Closing the year: the rules, the close or reopen form, the published tables beside the recount, the corrections. */
function ClosingSection(props: { report: AnnualReport; values: ReportFormValues; csrfToken: string }) {
  const r = props.report
  const c = r.closure
  const hidden = (
    <>
      <input type="hidden" name="_csrf" value={props.csrfToken} />
      <input type="hidden" name="agency" value={r.agency.slug} />
      <input type="hidden" name="year" value={String(r.year)} />
    </>
  )
  const published: AnnualReport | null = c
    ? { ...r, table3: { ...r.table3, rows: c.frozen.table3 }, table4: { groups: c.frozen.table4 } }
    : null
  return (
    <section aria-labelledby="closing">
      <h2 id="closing">{t.closing}</h2>
      <p class="hint">{t.closeHint}</p>
      {c ? <p class="closure-status">{t.closedBanner(c.closedBy, c.closedOn)}</p> : null}
      {c?.status === 'reopened' && c.reopenedAt !== null ? (
        <p class="closure-status">
          {t.reopenedBanner(c.reopenedBy ?? '', shanghaiDate(c.reopenedAt), c.reopenReason ?? '')}
        </p>
      ) : null}
      {c?.status === 'closed' ? (
        <form method="post" action="/admin/reports/annual/reopen" class="no-print">
          {hidden}
          <div class="form-group">
            <label for="reason">{t.reopenReason}</label>
            <textarea id="reason" name="reason" rows={2} maxlength={500} />
          </div>
          <button type="submit" class="button button-secondary">
            {t.reopenButton}
          </button>
        </form>
      ) : (
        <form method="post" action="/admin/reports/annual/close" class="no-print">
          {hidden}
          <button type="submit" class="button">
            {t.closeButton}
          </button>
        </form>
      )}
      {published ? (
        <>
          <h3>{t.publishedTables}</h3>
          <GridTable
            grid={table3Grid(published)}
            caption={`${t.publishedTables}：${t.table3Title}`}
            headerRows={3}
          />
          <GridTable
            grid={table4Grid(published)}
            caption={`${t.publishedTables}：${t.table4Title}`}
            headerRows={3}
          />
          <h3 id="corrections">{t.corrections}</h3>
          {c!.corrections.length === 0 ? (
            <p>{t.noCorrections}</p>
          ) : (
            <table class="corrections">
              <thead>
                <tr>
                  <th scope="col">{t.correctionColumns.case}</th>
                  <th scope="col">{t.correctionColumns.on}</th>
                  <th scope="col">{t.correctionColumns.actor}</th>
                  <th scope="col">{t.correctionColumns.action}</th>
                  <th scope="col">{t.correctionColumns.cells}</th>
                </tr>
              </thead>
              <tbody>
                {c!.corrections.map((k) => (
                  <tr>
                    <td>
                      <a href={`/admin/cases/${encodeURIComponent(k.caseId)}`}>{k.reference}</a>
                    </td>
                    <td>{k.on}</td>
                    <td>{k.actor}</td>
                    <td>{k.action}</td>
                    <td>{k.changes.map((x) => x.text).join('；')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      ) : null}
    </section>
  )
}

export function ReportCellCasesPage(props: {
  nonce: string
  staff: { displayName: string; csrfToken: string }
  values: ReportFormValues
  label: string
  columnLabel: string
  items: {
    id: string
    reference: string
    title: string
    receivedOn: string | null
    decidedOn: string | null
  }[]
  nextPage: string | null
}) {
  const c = messages.cases
  return (
    <Layout title={t.cellCases} nonce={props.nonce} staff={props.staff}>
      <p>
        <a href={`/admin/reports/annual?${reportQuery(props.values)}`}>{t.back}</a>
      </p>
      <h1>
        {t.cellCases}：{props.label}（{props.columnLabel}）
      </h1>
      {props.items.length === 0 ? (
        <p>{t.noCases}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{c.reference}</th>
              <th scope="col">{c.title}</th>
              <th scope="col">{c.receivedOn}</th>
              <th scope="col">{t.registerColumns.repliedOn}</th>
            </tr>
          </thead>
          <tbody>
            {props.items.map((i) => (
              <tr>
                <td>
                  <a href={`/admin/cases/${encodeURIComponent(i.id)}`}>{i.reference}</a>
                </td>
                <td>{i.title}</td>
                <td>{i.receivedOn ?? ''}</td>
                <td>{i.decidedOn ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {props.nextPage ? (
        <p>
          <a href={props.nextPage}>{t.more}</a>
        </p>
      ) : null}
    </Layout>
  )
}

/** The agency / year / sub-agencies query of the report pages (annual report, statistics). */
export function ReportQueryForm(props: {
  action: string
  agencies: { id: string; slug: string; name: string }[]
  values: { agency: string; year: string; subAgencies: boolean }
}) {
  const v = props.values
  return (
    <form method="get" action={props.action} class="filters">
      <div class="form-group">
        <label for="agency">{t.agency}</label>
        <select id="agency" name="agency">
          {props.agencies.map((a) => (
            <option value={a.slug} selected={a.slug === v.agency || a.id === v.agency}>
              {a.name}
            </option>
          ))}
        </select>
      </div>
      <div class="form-group">
        <label for="year">{t.year}</label>
        <input type="number" id="year" name="year" value={v.year} min="2000" max="2100" inputmode="numeric" />
      </div>
      <div class="choice">
        <input type="checkbox" id="subAgencies" name="subAgencies" value="true" checked={v.subAgencies} />
        <label for="subAgencies">{t.subAgencies}</label>
      </div>
      <button type="submit" class="button">
        {t.show}
      </button>
    </form>
  )
}
