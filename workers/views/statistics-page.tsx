// The statistics page (charts drawn on the server as SVG) with the frequently requested information and its
// one-click note to the proactive-disclosure list, and the list itself.
import { shanghaiDate } from '../../workflows/calendar'
import { messages } from '../i18n/zh-CN'
import type { Statistics } from '../services/reports/statistics'
import { ReportQueryForm } from './annual-report-page'
import { HorizontalBars, StackedColumns } from './charts'
import { ErrorSummary, Layout, type SummaryIssue } from './layout'

const t = messages.reports

const pct = (r: number | null) => (r === null ? t.notApplicable : `${Math.round(r * 1000) / 10}%`)

export function StatisticsPage(props: {
  nonce: string
  staff: { displayName: string; csrfToken: string }
  agencies: { id: string; slug: string; name: string }[]
  values: { agency: string; year: string; subAgencies: boolean }
  stats: Statistics | null
  issues: SummaryIssue[]
  notice?: string | undefined
}) {
  const v = props.values
  const s = props.stats
  return (
    <Layout title={t.statistics} nonce={props.nonce} staff={props.staff} hasErrors={props.issues.length > 0}>
      <ErrorSummary issues={props.issues} />
      <h1>{t.statistics}</h1>
      {props.notice ? <p class="notice">{props.notice}</p> : null}
      <ReportQueryForm action="/admin/reports/statistics" agencies={props.agencies} values={v} />
      <p>
        <a href={`/admin/reports/proactive?agency=${encodeURIComponent(v.agency)}`}>{t.proactiveList}</a>
      </p>
      {s ? (
        <>
          <p class="hint">{t.statisticsIntro}</p>
          <StackedColumns
            id="monthly-channel"
            title={t.monthlyByChannel}
            categories={s.months.map((m) => `${Number(m.slice(5))}月`)}
            series={s.monthly.byChannel.map((c) => ({ name: c.label, values: c.values }))}
          />
          <StackedColumns
            id="monthly-applicant"
            title={t.monthlyByApplicant}
            categories={s.months.map((m) => `${Number(m.slice(5))}月`)}
            series={s.monthly.byApplicant.map((c) => ({ name: c.label, values: c.values }))}
          />
          <HorizontalBars
            id="outcomes"
            title={t.outcomeMix}
            items={s.outcomes.map((o) => ({ label: o.label, value: o.n }))}
          />
          <h2>{t.replyFigures}</h2>
          <dl class="figures">
            <dt>{t.replied}</dt>
            <dd id="replied">{s.replies.replied}</dd>
            <dt>{t.onTimeRate}</dt>
            <dd id="on-time-rate">{pct(s.replies.onTimeRate)}</dd>
            <dt>{t.medianDays}</dt>
            <dd id="median-days">{s.replies.medianWorkingDays ?? t.notApplicable}</dd>
            <dt>{t.extensionRate}</dt>
            <dd id="extension-rate">{pct(s.replies.extensionRate)}</dd>
            <dt>{t.correctionRate}</dt>
            <dd id="correction-rate">{pct(s.replies.correctionRate)}</dd>
          </dl>
          <h2>{t.disputes}</h2>
          <HorizontalBars
            id="disputes"
            title={t.disputes}
            items={[
              { label: t.reconsiderationCount, value: s.disputes.reconsideration },
              { label: t.litigationCount, value: s.disputes.litigation },
            ]}
          />
          <dl class="figures">
            <dt>{t.correctedRate}</dt>
            <dd id="corrected-rate">{pct(s.disputes.correctedRate)}</dd>
            <dt>{t.lostRate}</dt>
            <dd id="lost-rate">{pct(s.disputes.lostRate)}</dd>
          </dl>
          <h2 id="frequent">{t.frequent}</h2>
          <p class="hint">{t.frequentIntro(s.minRequests)}</p>
          {s.frequent.length === 0 ? (
            <p>{t.noFrequent}</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">{t.frequentColumns.title}</th>
                  <th scope="col">{t.frequentColumns.requests}</th>
                  <th scope="col">{t.frequentColumns.disclosed}</th>
                  <th scope="col">{t.frequentColumns.flag}</th>
                </tr>
              </thead>
              <tbody>
                {s.frequent.map((g) => (
                  <tr>
                    <td>{g.title}</td>
                    <td class="num">{g.requests}</td>
                    <td class="num">{g.disclosed}</td>
                    <td>
                      {g.considerProactive ? <strong class="flag">{t.considerProactive}</strong> : null}
                      {g.noted ? (
                        <span> {t.noted}</span>
                      ) : (
                        <form method="post" action="/admin/reports/proactive" class="inline">
                          <input type="hidden" name="_csrf" value={props.staff.csrfToken} />
                          <input type="hidden" name="agency" value={s.agency.slug} />
                          <input type="hidden" name="year" value={String(s.year)} />
                          <input type="hidden" name="groupKey" value={g.key} />
                          <button type="submit" class="button button-secondary">
                            {t.noteProactive}
                          </button>
                        </form>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      ) : null}
    </Layout>
  )
}

export function ProactiveListPage(props: {
  nonce: string
  staff: { displayName: string; csrfToken: string }
  agency: { name: string; slug: string }
  items: {
    id: string
    title: string
    requests: number
    year: number
    createdBy: string
    createdAt: number
    note: string
  }[]
  names: Map<string, string>
}) {
  return (
    <Layout title={t.proactiveList} nonce={props.nonce} staff={props.staff}>
      <p>
        <a href={`/admin/reports/statistics?agency=${encodeURIComponent(props.agency.slug)}`}>
          {t.statistics}
        </a>
      </p>
      <h1>
        {t.proactiveList}：{props.agency.name}
      </h1>
      {props.items.length === 0 ? (
        <p>{t.proactiveEmpty}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t.proactiveColumns.title}</th>
              <th scope="col">{t.proactiveColumns.requests}</th>
              <th scope="col">{t.proactiveColumns.year}</th>
              <th scope="col">{t.proactiveColumns.by}</th>
              <th scope="col">{t.proactiveColumns.at}</th>
              <th scope="col">{t.proactiveColumns.note}</th>
            </tr>
          </thead>
          <tbody>
            {props.items.map((i) => (
              <tr>
                <td>{i.title}</td>
                <td class="num">{i.requests}</td>
                <td>{i.year}</td>
                <td>{props.names.get(i.createdBy) ?? i.createdBy}</td>
                <td>{shanghaiDate(i.createdAt)}</td>
                <td>{i.note}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  )
}
