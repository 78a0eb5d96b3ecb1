// Staff pages for disclosure cases: the list (filters, overdue first by due date), and one case with its clock
// explained, the applicant (masked; reveal is audited), the trail, and a form for each action this user may take.
import { eq, inArray } from 'drizzle-orm'
import { type Context, Hono } from 'hono'
import { z } from 'zod'
import { agencies, userRoles, users } from '../../db/schema'
import {
  DELIVERY_METHOD_LABELS,
  disclosureWorkflow,
  RECEIPT_CHANNEL_LABELS,
} from '../../workflows/definitions'
import { scopedAgencyIds } from '../auth/sessions'
import type { AppEnv } from '../env'
import { AppError } from '../errors'
import { messages } from '../i18n/zh-CN'
import { readForm } from '../lib/body'
import { shanghaiDateTime } from '../lib/time'
import { staff } from '../middleware/auth'
import { loadCalendar } from '../services/calendar'
import { applyCaseAction, caseDetail, listCases, loadAgencyCase, staffActor } from '../services/cases'
import { transferExtras } from '../services/transfer'
import {
  DraftReplyFields,
  draftReplyInput,
  FeeNoticeFields,
  feeNoticeInput,
} from '../views/case-action-forms'
import { clockDueText, listDueText } from '../views/deadline'
import { ErrorSummary, Layout, type SummaryIssue } from '../views/layout'
import { applicantFor } from './api-applicant'

const t = messages.cases
const ENUM_LABELS: Record<string, Record<string, string>> = {
  channel: RECEIPT_CHANNEL_LABELS,
  method: { ...DELIVERY_METHOD_LABELS, per_request: '按件计收', per_page: '按量计收' },
  position: { agrees: '同意公开', objects: '不同意公开', partly_agrees: '部分同意' },
  kind: { reconsideration: '行政复议', litigation: '行政诉讼' },
  litigationPath: { direct: '未经复议直接起诉', after_reconsideration: '复议后起诉' },
  result: { upheld: '结果维持', corrected: '结果纠正', other: '其他结果', pending: '尚未审结' },
}

type JsonSchema = {
  type?: string
  enum?: string[]
  items?: JsonSchema
  properties?: Record<string, JsonSchema>
  required?: string[]
  oneOf?: JsonSchema[]
}

function staffProps(c: Context<AppEnv>) {
  const auth = staff(c)
  return { displayName: auth.user.displayName, csrfToken: auth.session.csrfToken }
}

export const adminCases = new Hono<AppEnv>()

adminCases.get('/', async (c) => {
  const auth = staff(c)
  const q = c.req.query()
  const filters = {
    state: q.state || undefined,
    overdue: q.overdue === 'true',
    q: q.q?.trim().slice(0, 100) || undefined,
    assignee: q.mine === 'true' ? 'me' : undefined,
    cursor: /^\d{4}-\d{2}-\d{2}\|[A-Za-z0-9:_-]{1,80}$/.test(q.cursor ?? '') ? q.cursor : undefined,
    limit: 50,
  }
  const page = await listCases(c.get('db'), auth, filters, c.get('now'))
  const states = disclosureWorkflow(1)!.definition.states
  const next = new URLSearchParams({
    ...Object.fromEntries(Object.entries(q).filter(([k]) => k !== 'cursor')),
  })
  if (page.nextCursor) next.set('cursor', page.nextCursor)
  return c.html(
    <Layout title={t.listTitle} nonce={c.get('nonce')} staff={staffProps(c)}>
      <h1>{t.listTitle}</h1>
      <form method="get" class="filters">
        <div class="form-group">
          <label for="state">{t.state}</label>
          <select id="state" name="state">
            <option value="">{t.allStates}</option>
            {Object.entries(states).map(([key, s]) => (
              <option value={key} selected={q.state === key}>
                {s.label['zh-CN']}
              </option>
            ))}
          </select>
        </div>
        <div class="form-group">
          <label for="q">{t.search}</label>
          <input type="text" id="q" name="q" value={q.q ?? ''} />
        </div>
        <div class="choice">
          <input type="checkbox" id="overdue" name="overdue" value="true" checked={filters.overdue} />
          <label for="overdue">{t.overdueOnly}</label>
        </div>
        <div class="choice">
          <input type="checkbox" id="mine" name="mine" value="true" checked={q.mine === 'true'} />
          <label for="mine">{t.mineOnly}</label>
        </div>
        <button type="submit" class="button button-secondary">
          {t.filter}
        </button>
      </form>
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
          {page.items.map((r) => (
            <tr>
              <td>
                <a href={`/admin/cases/${r.id}`}>{r.reference}</a>
              </td>
              <td>{r.title}</td>
              <td>{states[r.state]?.label['zh-CN'] ?? r.state}</td>
              <td>{r.receivedOn ?? t.notReceived}</td>
              <td>
                {listDueText(r)} {r.overdue ? <span class="tag tag-warn">{t.overdue}</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {page.items.length === 0 ? <p>{t.none}</p> : null}
      {page.nextCursor ? (
        <p>
          <a href={`/admin/cases?${next.toString()}`}>{t.nextPage}</a>
        </p>
      ) : null}
    </Layout>,
  )
})

/** One input control per property of an action's input schema; nested or alternative shapes take JSON. */
function ActionField(props: {
  name: string
  schema: JsonSchema
  required: boolean
  options: Record<string, { value: string; label: string }[]>
}) {
  const { name, schema } = props
  const id = `a-${name}`
  const label = (t.fields as Record<string, string>)[name] ?? name
  const opt = props.required ? null : <span class="optional">{messages.form.optional}</span>
  const choices =
    props.options[name] ?? schema.enum?.map((v) => ({ value: v, label: ENUM_LABELS[name]?.[v] ?? v }))
  if (choices) {
    return (
      <div class="form-group">
        <label for={id}>
          {label}
          {opt}
        </label>
        <select id={id} name={name}>
          <option value="">{messages.form.choose}</option>
          {choices.map((o) => (
            <option value={o.value}>{o.label}</option>
          ))}
        </select>
      </div>
    )
  }
  if (schema.type === 'boolean') {
    return (
      <div class="choice">
        <input type="checkbox" id={id} name={name} value="true" />
        <label for={id}>{label}</label>
      </div>
    )
  }
  const isDate = /On$/.test(name)
  if (schema.type === 'array' && schema.items?.type === 'string') {
    return (
      <div class="form-group">
        <label for={id}>
          {label}
          {opt}
        </label>
        <span class="hint">{t.onePerLine}</span>
        <textarea id={id} name={name} rows={3} />
      </div>
    )
  }
  if (schema.type === 'string' || schema.type === 'integer') {
    return (
      <div class="form-group">
        <label for={id}>
          {label}
          {opt}
        </label>
        {schema.type === 'string' &&
        !isDate &&
        (name === 'reason' || name === 'summary' || name === 'matter') ? (
          <textarea id={id} name={name} rows={3} />
        ) : (
          <input type={isDate ? 'date' : schema.type === 'integer' ? 'number' : 'text'} id={id} name={name} />
        )}
      </div>
    )
  }
  return (
    <div class="form-group">
      <label for={id}>
        {label}（JSON）
        {opt}
      </label>
      <span class="hint">{name === 'outcome' ? t.outcomeHint : t.jsonHint}</span>
      <textarea id={id} name={`${name}:json`} rows={6} spellcheck={false} />
    </div>
  )
}

/** Form values → the action input: numbers, booleans, line lists and JSON fields typed per the schema. */
function inputFromForm(form: Map<string, string[]>, schema: JsonSchema): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  if (schema.oneOf) {
    const raw = form.get('input:json')?.[0] ?? ''
    try {
      return raw.trim() ? (JSON.parse(raw) as Record<string, unknown>) : {}
    } catch {
      throw new AppError('validation_failed', {
        issues: [{ path: 'input', code: 'json', message: t.badJson }],
      })
    }
  }
  for (const [name, prop] of Object.entries(schema.properties ?? {})) {
    const json = form.get(`${name}:json`)?.[0]
    const value = form.get(name)?.[0]
    if (json !== undefined) {
      if (!json.trim()) continue
      try {
        out[name] = JSON.parse(json)
      } catch {
        throw new AppError('validation_failed', {
          issues: [{ path: name, code: 'json', message: t.badJson }],
        })
      }
    } else if (prop.type === 'boolean') out[name] = value === 'true'
    else if (value === undefined || value.trim() === '') continue
    else if (prop.type === 'integer') out[name] = Number(value)
    else if (prop.type === 'array')
      out[name] = value
        .split(/\r?\n/)
        .map((s) => s.trim())
        .filter(Boolean)
    else out[name] = value.trim()
  }
  return out
}

async function renderCase(
  c: Context<AppEnv>,
  id: string,
  issues: SummaryIssue[],
  notice: string | null,
  status: 200 | 409 | 422 | 403 = 200,
  reveal = false,
) {
  const auth = staff(c)
  const db = c.get('db')
  const calendar = await loadCalendar(db)
  const d = await caseDetail(db, auth, id, c.get('now'), calendar)
  const applicant = await applicantFor(c, d.id, reveal)
  const workflow = disclosureWorkflow(d.workflow.version)!
  const people = await db
    .select({ id: users.id, name: users.displayName, role: userRoles.role, disabledAt: users.disabledAt })
    .from(userRoles)
    .innerJoin(users, eq(users.id, userRoles.userId))
    .where(eq(userRoles.agencyId, d.agencyId))
    .all()
  const others = await db.select({ id: agencies.id, name: agencies.name }).from(agencies).all()
  const nameOf = (userId: string | null) => people.find((p) => p.id === userId)?.name ?? userId ?? t.system
  const options: Record<string, { value: string; label: string }[]> = {
    assigneeId: people
      .filter((p) => p.role === 'handler' && p.disabledAt === null)
      .map((p) => ({ value: p.id, label: p.name })),
    toAgencyId: others.filter((a) => a.id !== d.agencyId).map((a) => ({ value: a.id, label: a.name })),
  }
  const clock = d.clock
  return c.html(
    <Layout
      title={`${d.reference} ${d.stateLabel}`}
      nonce={c.get('nonce')}
      staff={staffProps(c)}
      hasErrors={issues.length > 0}
    >
      <ErrorSummary issues={issues} />
      {notice ? (
        <div class="panel" role="status">
          {notice}
        </div>
      ) : null}
      <p>
        <a href="/admin/cases">{t.back}</a>
      </p>
      <h1>
        {d.reference} <span class="tag">{d.stateLabel}</span>
      </h1>
      <p>{d.title}</p>
      <dl class="summary">
        <dt>{t.receivedOn}</dt>
        <dd>{d.receivedOn ?? t.notReceived}</dd>
        <dt>{t.dueOn}</dt>
        <dd>
          {clockDueText(clock)}
          {clock.workingDaysLeft !== null && clock.replyDueOn
            ? `（${t.daysLeft(clock.workingDaysLeft)}）`
            : ''}
          {clock.overdue ? <span class="tag tag-warn">{t.overdue}</span> : null}
          {clock.dueSoon ? <span class="tag tag-warn">{t.dueSoon}</span> : null}
        </dd>
        <dt>{t.clockStatus}</dt>
        <dd>{(t.clockStatuses as Record<string, string>)[clock.status] ?? clock.status}</dd>
        <dt>{t.assignee}</dt>
        <dd>{d.assigneeId ? nameOf(d.assigneeId) : '—'}</dd>
      </dl>
      <details>
        <summary>{t.explain}</summary>
        <p>
          {t.counted(clock.countedDays.length)} {clock.extended ? t.extended : ''}
        </p>
        {clock.excludedSpans.length > 0 ? (
          <table>
            <thead>
              <tr>
                <th scope="col">{t.spanFrom}</th>
                <th scope="col">{t.spanTo}</th>
                <th scope="col">{t.spanReason}</th>
                <th scope="col">{t.spanDays}</th>
              </tr>
            </thead>
            <tbody>
              {clock.excludedSpans.map((s) => (
                <tr>
                  <td>{s.from}</td>
                  <td>{s.to}</td>
                  <td>{(t.spanReasons as Record<string, string>)[s.reason] ?? s.reason}</td>
                  <td>{s.workingDays}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        <p class="hint">{clock.countedDays.join('、')}</p>
      </details>
      <h2>{t.applicant}</h2>
      {applicant.revealed ? <p class="panel">{t.revealed}</p> : <p class="hint">{t.applicantMasked}</p>}
      <dl class="summary">
        {applicant.rows.map((r) => (
          <>
            <dt>{r.label}</dt>
            <dd>{r.value}</dd>
          </>
        ))}
      </dl>
      {applicant.revealed ? null : (
        <form method="post" action={`/admin/cases/${d.id}/reveal`}>
          <input type="hidden" name="_csrf" value={auth.session.csrfToken} />
          <button type="submit" class="button button-secondary">
            {t.reveal}
          </button>
        </form>
      )}
      <h2>{t.actions}</h2>
      {d.allowedActions.length === 0 ? <p>{t.noActions}</p> : null}
      {d.allowedActions.map((action) => {
        const def = workflow.definition.actions[action]!
        const schema = z.toJSONSchema(workflow.implementations.inputs[def.input]!, {
          io: 'input',
          unrepresentable: 'any',
        }) as JsonSchema
        const props = Object.entries(schema.properties ?? {})
        return (
          <details class="action">
            <summary>{def.label['zh-CN']}</summary>
            <form method="post" action={`/admin/cases/${d.id}/actions/${action}`}>
              <input type="hidden" name="_csrf" value={auth.session.csrfToken} />
              <input type="hidden" name="version" value={String(d.version)} />
              {action === 'draft-reply' ? (
                <DraftReplyFields />
              ) : action === 'issue-fee-notice' ? (
                <FeeNoticeFields />
              ) : schema.oneOf ? (
                <div class="form-group">
                  <label for={`a-${action}-json`}>{t.inputJson}</label>
                  <textarea id={`a-${action}-json`} name="input:json" rows={5} spellcheck={false} />
                </div>
              ) : (
                props
                  .filter(([name]) => !(action === 'transfer' && name === 'toAgencyName'))
                  .map(([name, p]) => (
                    <ActionField
                      name={name}
                      schema={p}
                      required={schema.required?.includes(name) ?? false}
                      options={options}
                    />
                  ))
              )}
              <button type="submit" class="button">
                {def.label['zh-CN']}
              </button>
            </form>
          </details>
        )
      })}
      <h2>{t.trail}</h2>
      <ol class="timeline">
        {d.events.map((e) => (
          <li>
            <time datetime={e.at}>{shanghaiDateTime(Date.parse(e.at))}</time>{' '}
            {workflow.definition.actions[e.action]?.label['zh-CN'] ??
              (t.systemEvents as Record<string, string>)[e.action] ??
              e.action}
            {' · '}
            {e.actorKind === 'staff'
              ? nameOf(e.actorId)
              : e.actorKind === 'applicant'
                ? t.applicantActor
                : t.system}
          </li>
        ))}
      </ol>
    </Layout>,
    status,
  )
}

adminCases.post('/:id/reveal', async (c) => renderCase(c, c.req.param('id'), [], null, 200, true))

adminCases.get('/:id', async (c) => renderCase(c, c.req.param('id'), [], c.req.query('done') ? t.done : null))

adminCases.post('/:id/actions/:action', async (c) => {
  const auth = staff(c)
  const db = c.get('db')
  const id = c.req.param('id')
  const action = c.req.param('action')
  const row = await loadAgencyCase(db, scopedAgencyIds(auth), id)
  const workflow = disclosureWorkflow(row.workflowVersion)
  const def =
    workflow && Object.hasOwn(workflow.definition.actions, action)
      ? workflow.definition.actions[action]
      : undefined
  if (!workflow || !def) throw new AppError('unknown_action')
  const form = await readForm(c)
  const schema = z.toJSONSchema(workflow.implementations.inputs[def.input]!, {
    io: 'input',
    unrepresentable: 'any',
  }) as JsonSchema
  try {
    const input =
      action === 'draft-reply'
        ? draftReplyInput(form)
        : action === 'issue-fee-notice'
          ? feeNoticeInput(form)
          : inputFromForm(form, schema)
    if (action === 'transfer' && typeof input.toAgencyId === 'string') {
      const target = await db
        .select({ name: agencies.name })
        .from(agencies)
        .where(inArray(agencies.id, [input.toAgencyId]))
        .get()
      input.toAgencyName = target?.name ?? ''
    }
    const now = c.get('now')
    const calendar = await loadCalendar(db)
    await applyCaseAction(db, {
      row,
      action,
      actor: staffActor(auth, row.agencyId),
      body: input,
      expectedVersion: Number(form.get('version')?.[0] ?? -1),
      now,
      calendar,
      ...(action === 'transfer' ? { extra: () => transferExtras(db, row, input, now, calendar) } : {}),
    })
  } catch (err) {
    if (!(err instanceof AppError) || err.status >= 500 || err.code === 'not_found') throw err
    const issues = (err.issues ?? []).map((i) => ({
      href: `a-${i.path.split('.')[0]}`,
      message: `${i.path}：${i.message}`,
    }))
    return renderCase(
      c,
      id,
      issues.length > 0 ? issues : [{ href: 'main', message: err.message }],
      null,
      err.status as 422,
    )
  }
  return c.redirect(`/admin/cases/${id}?done=1`, 303)
})
