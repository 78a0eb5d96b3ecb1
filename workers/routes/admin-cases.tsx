// Staff pages for disclosure cases: the list (filters, by due date), one case (with the applicant masked unless a
// reveal is posted), and actions posted from the case page's forms (303 back to the case, or the page with errors).
import { type Context, Hono } from 'hono'
import * as z from 'zod'
import { isValidIsoDate } from '../../workflows/calendar'
import { caseScopedAgencyIds } from '../auth/sessions'
import type { AppEnv } from '../env'
import { AppError } from '../errors'
import { messages } from '../i18n/zh-CN'
import { formValue, readForm } from '../lib/body'
import { letterDepsFrom } from '../lib/letter-deps'
import { staff } from '../middleware/auth'
import { loadCalendar } from '../services/calendar'
import {
  actOnCaseFromForm,
  agencyHandlers,
  bulkAssign,
  type CaseListFilters,
  type CasePage,
  CursorSchema,
  casePage,
  listCases,
  SEARCH_MATCH_CAP,
} from '../services/cases'
import { type CaseListFilterValues, CaseListPage, listQuery } from '../views/case-list-page'
import { CasePageView } from '../views/case-page'
import type { SummaryIssue } from '../views/layout'
import { applicantFor } from './api-applicant'
import { staffChrome } from './staff-chrome'

const t = messages.cases
const PAGE_SIZE = 50

function staffProps(c: Context<AppEnv>) {
  const auth = staff(c)
  return staffChrome(auth)
}

/** What the action just done did, and what comes next (the newest signed letter's 文号 where it made one). */
function doneNotice(action: string, page: CasePage): string {
  const said = (t.doneBy as Record<string, (number: string | null) => string>)[action]
  const newest = page.letters
    .filter((l) => l.status === 'signed')
    .sort((a, b) => (a.signedAt ?? 0) - (b.signedAt ?? 0))
    .at(-1)
  return said ? said(newest?.number ?? null) : t.done
}

export const adminCases = new Hono<AppEnv>()

const FILTER_KEYS = [
  'state',
  'outcome',
  'applicantType',
  'channel',
  'receivedFrom',
  'receivedTo',
  'dueFrom',
  'dueBefore',
  'q',
  'sort',
] as const
const isoDate = z.string().refine(isValidIsoDate)

/** The list's filters from the query string; a value that cannot be one is ignored (the page shows all). */
function listFilters(q: Record<string, string>): CaseListFilterValues {
  const text = (k: string) => (q[k] ?? '').trim().slice(0, 100)
  const date = (k: string) => (isoDate.safeParse(q[k]).success ? q[k]! : '')
  return {
    state: text('state'),
    outcome: text('outcome'),
    applicantType: text('applicantType'),
    channel: text('channel'),
    receivedFrom: date('receivedFrom'),
    receivedTo: date('receivedTo'),
    dueFrom: date('dueFrom'),
    dueBefore: date('dueBefore'),
    q: text('q'),
    sort: q.sort === 'received' ? 'received' : 'due',
    overdue: q.overdue === 'true',
    dueSoon: q.dueSoon === 'true',
    mine: q.mine === 'true',
    assignee: text('assignee'),
  }
}

/** The page's filters as the list service takes them. */
function serviceFilters(f: CaseListFilterValues, cursor: string | undefined, limit: number): CaseListFilters {
  return {
    ...Object.fromEntries(FILTER_KEYS.map((k) => [k, f[k] || undefined])),
    sort: f.sort,
    overdue: f.overdue,
    dueSoon: f.dueSoon,
    assignee: f.mine ? 'me' : f.assignee || undefined,
    cursor,
    limit,
  }
}

adminCases.get('/', async (c) => {
  const auth = staff(c)
  const db = c.get('db')
  const f = listFilters(c.req.query())
  const calendar = await loadCalendar(db)
  const page = await listCases(
    db,
    auth,
    serviceFilters(f, CursorSchema.safeParse(c.req.query('cursor')).data, PAGE_SIZE),
    c.get('now'),
    { secret: c.env.APP_SECRET, calendar },
  )
  const query = listQuery(f)
  const next = new URLSearchParams(query)
  if (page.nextCursor) next.set('cursor', page.nextCursor)
  const mayAssign = auth.roles.some((r) => r.role === 'registrar' || r.role === 'admin')
  return c.html(
    <CaseListPage
      nonce={c.get('nonce')}
      staff={staffChrome(auth)}
      filters={f}
      items={page.items}
      queue={query.toString()}
      nextPage={page.nextCursor ? `/admin/cases?${next.toString()}` : null}
      handlers={mayAssign ? await agencyHandlers(db, caseScopedAgencyIds(auth)) : null}
      notice={c.req.query('assigned') ? t.bulkAssigned(Number(c.req.query('assigned'))) : null}
      searchCapped={page.searchCapped ? SEARCH_MATCH_CAP : null}
      issues={[]}
    />,
  )
})

adminCases.post('/bulk-assign', async (c) => {
  const auth = staff(c)
  const form = await readForm(c)
  const picked = (form.get('case') ?? []).flatMap((v) => {
    const m = /^([A-Za-z0-9:_-]{1,80})@(\d{1,9})$/.exec(v)
    return m ? [{ id: m[1]!, version: Number(m[2]) }] : []
  })
  const assigneeId = formValue(form, 'assigneeId')
  const back = formValue(form, 'queue')
  try {
    if (!assigneeId) {
      throw new AppError('validation_failed', {
        issues: [{ path: 'assigneeId', code: 'required', message: t.errors.assigneeRequired }],
      })
    }
    const db = c.get('db')
    await bulkAssign(db, {
      auth,
      cases: picked,
      assigneeId,
      now: c.get('now'),
      calendar: await loadCalendar(db, { withLocalRules: true }),
    })
  } catch (err) {
    if (!(err instanceof AppError) || ![403, 409, 422].includes(err.status)) throw err
    return c.html(
      <CaseListPage
        nonce={c.get('nonce')}
        staff={staffChrome(auth)}
        filters={listFilters(Object.fromEntries(new URLSearchParams(back)))}
        items={[]}
        queue={back}
        nextPage={null}
        handlers={null}
        notice={null}
        issues={[{ href: 'bulk-assignee', message: err.issues?.[0]?.message ?? err.message }]}
      />,
      err.status as 403 | 409 | 422,
    )
  }
  const to = new URLSearchParams(back)
  to.set('assigned', String(picked.length))
  return c.redirect(`/admin/cases?${to.toString()}`, 303)
})

/** The queue a case was opened from (`?queue=` on the case link) and the next case in it, for the n shortcut. */
async function queueAround(c: Context<AppEnv>, page: CasePage) {
  const raw = c.req.query('queue')
  if (raw === undefined || raw.length > 1000) return undefined
  const f = listFilters(Object.fromEntries(new URLSearchParams(raw)))
  const list = listQuery(f).toString()
  const d = page.detail
  const key = (f.sort === 'received' ? d.receivedOn : d.dueOn) ?? '9999-12-31'
  const db = c.get('db')
  const next = await listCases(db, staff(c), serviceFilters(f, `${key}|${d.id}`, 1), c.get('now'), {
    secret: c.env.APP_SECRET,
    calendar: await loadCalendar(db),
  })
  const item = next.items[0]
  return { list, next: item ? `/admin/cases/${item.id}?queue=${encodeURIComponent(list)}` : null }
}

async function renderCase(
  c: Context<AppEnv>,
  id: string,
  options: {
    issues?: SummaryIssue[]
    notice?: string | null
    status?: 200 | 403 | 409 | 422
    reveal?: boolean
    /** The action just done: the page says what it did and what comes next. */
    done?: string | null
  },
) {
  const db = c.get('db')
  const page = await casePage(db, {
    auth: staff(c),
    caseId: id,
    now: c.get('now'),
    calendar: await loadCalendar(db, { withLocalRules: true }),
    reconsiderationFirst: letterDepsFrom(c.env).reconsiderationFirst,
  })
  const applicant = await applicantFor(c, page.detail.id, options.reveal ?? false)
  const queue = await queueAround(c, page)
  return c.html(
    <CasePageView
      nonce={c.get('nonce')}
      staff={staffProps(c)}
      page={page}
      applicant={applicant}
      issues={options.issues ?? []}
      notice={options.notice ?? (options.done ? doneNotice(options.done, page) : null)}
      queue={queue}
    />,
    options.status ?? 200,
  )
}

adminCases.post('/:id/reveal', async (c) => renderCase(c, c.req.param('id'), { reveal: true }))

adminCases.get('/:id', async (c) => renderCase(c, c.req.param('id'), { done: c.req.query('done') ?? null }))

adminCases.post('/:id/actions/:action', async (c) => {
  const db = c.get('db')
  const id = c.req.param('id')
  try {
    await actOnCaseFromForm(db, {
      auth: staff(c),
      caseId: id,
      action: c.req.param('action'),
      read: async () => {
        const values = await readForm(c)
        return { expectedVersion: Number(values.get('version')?.[0] ?? -1), values }
      },
      now: c.get('now'),
      calendar: await loadCalendar(db, { withLocalRules: true }),
      letters: letterDepsFrom(c.env),
    })
  } catch (err) {
    // A refusal is shown on the case page; anything else (404, a body that cannot be read, 5xx) is an error page.
    if (!(err instanceof AppError) || ![403, 409, 422].includes(err.status)) throw err
    const issues = (err.issues ?? []).map((i) => ({
      href: `a-${i.path.split('.')[0]}`,
      message: `${i.path}：${i.message}`,
    }))
    return renderCase(c, id, {
      issues: issues.length > 0 ? issues : [{ href: 'main', message: err.message }],
      status: err.status as 403 | 409 | 422,
    })
  }
  return c.redirect(`/admin/cases/${id}?done=${encodeURIComponent(c.req.param('action'))}`, 303)
})
