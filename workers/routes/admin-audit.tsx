// The auditor's view of the staff audit log: filters, the chain's verification, paging and the CSV export.
import { type Context, Hono } from 'hono'
import { isOperator } from '../auth/sessions'
import type { AppEnv } from '../env'
import { AppError } from '../errors'
import { messages } from '../i18n/zh-CN'
import { parseWith } from '../lib/body'
import { shanghaiDateTime } from '../lib/time'
import { clientIp, staff } from '../middleware/auth'
import { type AuditRowView, exportAuditLog, readAuditLog, verifyAuditChain } from '../services/audit'
import { listAgencies } from '../services/staff-admin'
import { Layout } from '../views/layout'
import { AuditLogQuery } from './api-audit'
import { staffChrome } from './staff-chrome'

const t = messages.audit

/** The chains this user may read: agencies where they are auditor, and the platform's for the operator. */
async function chains(c: Context<AppEnv>): Promise<{ value: string; label: string }[]> {
  const auth = staff(c)
  const auditorOf = auth.roles.filter((r) => r.role === 'auditor').map((r) => r.agencyId)
  const agencies = (await listAgencies(c.get('db'), auth)).filter((a) => auditorOf.includes(a.id))
  return [
    ...agencies.map((a) => ({ value: a.id, label: a.name })),
    ...(isOperator(auth) ? [{ value: '', label: t.platform }] : []),
  ]
}

function AuditTable(props: { items: AuditRowView[] }) {
  const h = t.columns
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{h.at}</th>
          <th scope="col">{h.actor}</th>
          <th scope="col">{h.action}</th>
          <th scope="col">{h.target}</th>
          <th scope="col">{h.ip}</th>
          <th scope="col">{h.payload}</th>
        </tr>
      </thead>
      <tbody>
        {props.items.map((r) => (
          <tr>
            <td>
              <time datetime={r.at}>{shanghaiDateTime(Date.parse(r.at))}</time>
            </td>
            <td>{r.actor ?? ''}</td>
            <td>
              <code>{r.action}</code>
            </td>
            <td>{r.target ?? ''}</td>
            <td>{r.ip ?? ''}</td>
            <td>
              <code class="hint">{JSON.stringify(r.payload)}</code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

export const adminAudit = new Hono<AppEnv>()

adminAudit.get('/', async (c) => {
  const auth = staff(c)
  const options = await chains(c)
  if (options.length === 0) throw new AppError('forbidden')
  const raw = c.req.query()
  // The first chain unless one is picked ('' is the platform's).
  const chosen =
    raw.agency !== undefined && options.some((o) => o.value === raw.agency) ? raw.agency : options[0]!.value
  const { format: _format, ...query } = parseWith(AuditLogQuery, {
    ...Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== '')),
    agency: chosen || undefined,
  })
  const db = c.get('db')
  const [page, verification] = await Promise.all([
    readAuditLog(db, auth, query),
    verifyAuditChain(db, auth, query.agency, c.get('now')),
  ])
  const keep = new URLSearchParams(
    Object.entries({
      agency: chosen,
      action: query.action,
      actor: query.actor,
      from: query.from,
      to: query.to,
    }).flatMap(([k, v]) => (v === undefined ? [] : [[k, v]])),
  )
  const next = page.nextBefore ? `/admin/audit?${keep}&before=${page.nextBefore}` : null
  const value = (v: string | undefined) => v ?? ''
  return c.html(
    <Layout title={t.title} nonce={c.get('nonce')} staff={staffChrome(auth)}>
      <h1>{t.title}</h1>
      <p class="hint">{t.intro}</p>
      <p class={verification.ok ? 'panel' : 'panel panel-warn'} role="status" id="chain-status">
        {verification.ok
          ? t.chainOk(verification.auditLog.rowsChecked, verification.eventsChecked)
          : t.chainBroken}
        {verification.unsealed.events > 0
          ? ` ${t.unsealed(verification.unsealed.events, Math.floor((verification.unsealed.lagMs ?? 0) / 60_000))}`
          : null}
      </p>
      <form method="get" action="/admin/audit" class="filters">
        <div class="form-group">
          <label for="agency">{t.agency}</label>
          <select id="agency" name="agency">
            {options.map((o) => (
              <option value={o.value} selected={o.value === chosen}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
        <div class="form-group">
          <label for="action">{t.action}</label>
          <input type="text" id="action" name="action" value={value(query.action)} />
        </div>
        <div class="form-group">
          <label for="actor">{t.actor}</label>
          <input type="text" id="actor" name="actor" value={value(query.actor)} />
        </div>
        <div class="form-group">
          <label for="from">{t.from}</label>
          <input type="text" id="from" name="from" value={value(query.from)} placeholder={t.dateHint} />
        </div>
        <div class="form-group">
          <label for="to">{t.to}</label>
          <input type="text" id="to" name="to" value={value(query.to)} placeholder={t.dateHint} />
        </div>
        <button type="submit" class="button button-secondary">
          {t.filter}
        </button>{' '}
        <a class="button" href={`/admin/audit/export.csv?${keep}`}>
          {t.export}
        </a>
      </form>
      {page.items.length === 0 ? <p>{t.none}</p> : <AuditTable items={page.items} />}
      {next ? (
        <p>
          <a href={next}>{t.next}</a>
        </p>
      ) : null}
    </Layout>,
  )
})

adminAudit.get('/export.csv', async (c) => {
  const {
    format: _f,
    limit: _l,
    before: _b,
    ...query
  } = parseWith(AuditLogQuery, {
    ...Object.fromEntries(Object.entries(c.req.query()).filter(([, v]) => v !== '')),
  })
  const csv = await exportAuditLog(c.get('db'), staff(c), query, { ip: clientIp(c), now: c.get('now') })
  return c.body(csv, 200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': 'attachment; filename="audit-log.csv"',
    'Cache-Control': 'private, no-store',
  })
})
