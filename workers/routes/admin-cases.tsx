// Staff pages for disclosure cases: the list (filters, by due date), one case (with the applicant masked unless a
// reveal is posted), and actions posted from the case page's forms (303 back to the case, or the page with errors).
import { type Context, Hono } from 'hono'
import type { AppEnv } from '../env'
import { AppError } from '../errors'
import { messages } from '../i18n/zh-CN'
import { readForm } from '../lib/body'
import { letterDepsFrom } from '../lib/letter-deps'
import { staff } from '../middleware/auth'
import { loadCalendar } from '../services/calendar'
import { actOnCaseFromForm, type CasePage, CursorSchema, casePage, listCases } from '../services/cases'
import { CaseListPage } from '../views/case-list-page'
import { CasePageView } from '../views/case-page'
import type { SummaryIssue } from '../views/layout'
import { applicantFor } from './api-applicant'

const t = messages.cases
const PAGE_SIZE = 50

function staffProps(c: Context<AppEnv>) {
  const auth = staff(c)
  return { displayName: auth.user.displayName, csrfToken: auth.session.csrfToken }
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

adminCases.get('/', async (c) => {
  const q = c.req.query()
  const filters = {
    state: q.state || undefined,
    overdue: q.overdue === 'true',
    q: q.q?.trim().slice(0, 100) || undefined,
    assignee: q.mine === 'true' ? 'me' : undefined,
    cursor: CursorSchema.safeParse(q.cursor).data,
    limit: PAGE_SIZE,
  }
  const page = await listCases(c.get('db'), staff(c), filters, c.get('now'))
  const next = new URLSearchParams(Object.entries(q).filter(([k]) => k !== 'cursor'))
  if (page.nextCursor) next.set('cursor', page.nextCursor)
  return c.html(
    <CaseListPage
      nonce={c.get('nonce')}
      staff={staffProps(c)}
      filters={{ state: q.state ?? '', q: q.q ?? '', overdue: filters.overdue, mine: q.mine === 'true' }}
      items={page.items}
      nextPage={page.nextCursor ? `/admin/cases?${next.toString()}` : null}
    />,
  )
})

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
    calendar: await loadCalendar(db),
    reconsiderationFirst: letterDepsFrom(c.env).reconsiderationFirst,
  })
  const applicant = await applicantFor(c, page.detail.id, options.reveal ?? false)
  return c.html(
    <CasePageView
      nonce={c.get('nonce')}
      staff={staffProps(c)}
      page={page}
      applicant={applicant}
      issues={options.issues ?? []}
      notice={options.notice ?? (options.done ? doneNotice(options.done, page) : null)}
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
      calendar: await loadCalendar(db),
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
