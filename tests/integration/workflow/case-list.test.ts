// GET /api/v1/cases: filters, keyset pagination in due-date order and agency scoping. Storage is shared by the
// tests of this file, so each test tags its cases' titles with its own token and filters on it with `q`.
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { createDb } from '../../../db/client'
import { loadKeyring } from '../../../workers/lib/pii'
import { createSubmission, type SubmissionInput } from '../../../workers/services/submissions'
import { call } from '../helpers'
import { foreignStaffToken } from './agency-staff'
import { at, ok, openAndAssign, token, type Who } from './case-helpers'

interface Item {
  id: string
  agencyId: string
  reference: string
  state: string
  dueOn: string | null
  assigneeId: string | null
  applicantType: string
  title: string
  overdue: boolean
}
interface Page {
  items: Item[]
  nextCursor: string | null
}

async function submit(
  title: string,
  opts: { agencyId?: string; reportColumn?: SubmissionInput['reportColumn']; date?: string } = {},
) {
  const ring = await loadKeyring(env.PII_KEYS, env.PII_ACTIVE_KEY)
  return createSubmission(
    createDb(env.DB),
    { ring, secret: env.APP_SECRET },
    {
      agencyId: opts.agencyId ?? 'agency-demo',
      formVersionId: 'test-form',
      channel: 'online',
      data: { title },
      pii: { name: '李四', phone: '13900139000' },
      reportColumn: opts.reportColumn ?? 'natural_person',
      title,
      idempotencyKey: null,
      bodyHash: crypto.randomUUID(),
    },
    at(opts.date ?? '2024-09-27', 9),
  )
}

async function confirm(caseId: string, date: string) {
  await ok(caseId, 'registrar', 'confirm-receipt', { channel: 'online', receivedOn: date }, at(date, 11))
}

async function listRes(
  params: Record<string, string>,
  who: Who | { token: string } = 'registrar',
  now?: number,
) {
  const tok = typeof who === 'string' ? await token(who) : who.token
  const headers: Record<string, string> = { authorization: `Bearer ${tok}` }
  if (now !== undefined) headers['x-test-now'] = String(now)
  return call(`/api/v1/cases?${new URLSearchParams(params)}`, { headers })
}

async function list(
  params: Record<string, string>,
  who: Who | { token: string } = 'registrar',
  now?: number,
) {
  const res = await listRes(params, who, now)
  expect(res.status).toBe(200)
  return (await res.json()) as Page
}

async function ids(params: Record<string, string>, who: Who | { token: string } = 'registrar', now?: number) {
  return (await list(params, who, now)).items.map((i) => i.id).sort()
}

describe('case list filters', () => {
  it('filters by state, assignee=me, applicant type and text (title or reference)', async () => {
    const tag = 'LSTA'
    const a = await submit(`${tag} 甲 预算执行情况`)
    const b = await submit(`${tag} 乙 征地补偿标准`, { reportColumn: 'commercial_enterprise' })
    const c = await submit(`${tag} 丙 学校布局规划`, { reportColumn: 'research_institution' })
    await openAndAssign(a.caseId, '2024-09-27')
    await confirm(b.caseId, '2024-09-27')

    expect(await ids({ q: tag })).toEqual([a.caseId, b.caseId, c.caseId].sort())
    expect(await ids({ q: tag, state: 'submitted' })).toEqual([c.caseId])
    expect(await ids({ q: tag, state: 'received' })).toEqual([b.caseId])
    expect(await ids({ q: tag, state: 'in_progress' })).toEqual([a.caseId])
    expect(await ids({ q: tag, state: 'closed' })).toEqual([])

    expect(await ids({ q: tag, assignee: 'me' }, 'handler')).toEqual([a.caseId])
    expect(await ids({ q: tag, assignee: 'me' }, 'registrar')).toEqual([])
    expect(await ids({ q: tag, assignee: 'user-demo-handler' }, 'registrar')).toEqual([a.caseId])

    expect(await ids({ q: tag, applicantType: 'commercial_enterprise' })).toEqual([b.caseId])
    expect(await ids({ q: tag, applicantType: 'natural_person' })).toEqual([a.caseId])
    expect(await ids({ q: tag, applicantType: 'legal_service_institution' })).toEqual([])

    // Text: a word of one title, and a reference (whole, or as typed in lower case).
    expect(await ids({ q: `${tag} 乙` })).toEqual([b.caseId])
    expect(await ids({ q: '征地补偿' })).toEqual([b.caseId])
    expect(await ids({ q: c.reference })).toEqual([c.caseId])
    expect(await ids({ q: c.reference.slice(5) })).toEqual([c.caseId])
    // LIKE wildcards are taken literally.
    expect(await ids({ q: '%' })).toEqual([])
    expect(await ids({ q: `${tag}_` })).toEqual([])

    const item = (await list({ q: a.reference })).items[0]!
    expect(item).toMatchObject({
      id: a.caseId,
      agencyId: 'agency-demo',
      reference: a.reference,
      state: 'in_progress',
      dueOn: '2024-10-30',
      assigneeId: 'user-demo-handler',
      applicantType: 'natural_person',
      title: `${tag} 甲 预算执行情况`,
    })
  })

  it('filters overdue cases by the request clock, and by due date', async () => {
    const tag = 'LSTB'
    const early = await submit(`${tag} 早`)
    const late = await submit(`${tag} 晚`, { date: '2024-10-09' })
    const closed = await submit(`${tag} 撤`)
    const unconfirmed = await submit(`${tag} 未确认`)
    await confirm(early.caseId, '2024-09-27') // due 2024-10-30
    await confirm(late.caseId, '2024-10-09') // due 2024-11-05
    await confirm(closed.caseId, '2024-09-27')
    await ok(closed.caseId, 'registrar', 'withdraw', {}, at('2024-10-08'))

    // The deadline runs to the end of its day: not overdue on 10-30, overdue from 10-31.
    expect(await ids({ q: tag, overdue: 'true' }, 'registrar', at('2024-10-30', 23))).toEqual([])
    expect(await ids({ q: tag, overdue: 'true' }, 'registrar', at('2024-10-31', 1))).toEqual([early.caseId])
    expect(await ids({ q: tag, overdue: 'true' }, 'registrar', at('2024-11-06'))).toEqual(
      [early.caseId, late.caseId].sort(),
    )
    // overdue=false does not filter; the flag on each item follows the request clock.
    const all = await list({ q: tag, overdue: 'false' }, 'registrar', at('2024-10-31'))
    expect(all.items).toHaveLength(4)
    const flags = Object.fromEntries(all.items.map((i) => [i.id, i.overdue]))
    expect(flags).toEqual({
      [early.caseId]: true,
      [late.caseId]: false,
      [closed.caseId]: false,
      [unconfirmed.caseId]: false,
    })

    expect(await ids({ q: tag, state: 'received', dueBefore: '2024-11-01' })).toEqual([early.caseId])
    expect(await ids({ q: tag, state: 'received', dueBefore: '2024-10-30' })).toEqual([])
    expect(await ids({ q: tag, state: 'received', dueBefore: '2024-12-01' })).toEqual(
      [early.caseId, late.caseId].sort(),
    )
    // A case without a deadline is never "due before" anything.
    expect(await ids({ q: tag, dueBefore: '2099-01-01' })).not.toContain(unconfirmed.caseId)
  })
})

describe('case list pagination', () => {
  it('returns every case exactly once, in due-date order, with limit=2', async () => {
    const tag = 'LSTC'
    const plan = ['2024-10-09', '2024-09-27', '2024-10-15', '2024-09-27', '2024-10-08', null]
    const made: string[] = []
    for (const [i, date] of plan.entries()) {
      const s = await submit(`${tag} 第${i}件`, { date: date ?? '2024-09-27' })
      if (date) await confirm(s.caseId, date)
      made.push(s.caseId)
    }
    const seen: Item[] = []
    const cursors: (string | null)[] = []
    let cursor: string | null = null
    for (let page = 0; page < 10; page++) {
      const params: Record<string, string> = { q: tag, limit: '2' }
      if (cursor) params.cursor = cursor
      const res = await list(params)
      expect(res.items.length).toBeLessThanOrEqual(2)
      seen.push(...res.items)
      cursors.push(res.nextCursor)
      cursor = res.nextCursor
      if (!cursor) break
    }
    expect(cursors).toHaveLength(3) // 6 cases, 2 per page, and no empty page at the end
    expect(cursors.at(-1)).toBeNull()
    expect(seen.map((i) => i.id).sort()).toEqual([...made].sort())
    expect(new Set(seen.map((i) => i.id)).size).toBe(seen.length)
    // Due date ascending, undated last, ties broken by id.
    const key = (i: Item) => `${i.dueOn ?? '9999-12-31'}|${i.id}`
    expect(seen.map(key)).toEqual(seen.map(key).sort())
    expect(seen.at(-1)!.dueOn).toBeNull()
    expect(seen.map((i) => i.dueOn)).toEqual([
      '2024-10-30',
      '2024-10-30',
      '2024-11-04',
      '2024-11-05',
      '2024-11-12',
      null,
    ])
    // The same walk with limit=100 gives the same order in one page.
    const one = await list({ q: tag, limit: '100' })
    expect(one.items.map((i) => i.id)).toEqual(seen.map((i) => i.id))
    expect(one.nextCursor).toBeNull()
  })

  it('keeps a walk stable when a case is added behind the cursor', async () => {
    const tag = 'LSTD'
    const first = await submit(`${tag} 1`, { date: '2024-10-08' })
    const second = await submit(`${tag} 2`, { date: '2024-10-09' })
    await confirm(first.caseId, '2024-10-08') // due 2024-11-04
    await confirm(second.caseId, '2024-10-09') // due 2024-11-05
    const page1 = await list({ q: tag, limit: '1' })
    expect(page1.items.map((i) => i.id)).toEqual([first.caseId])
    // A case due before the cursor appears meanwhile: the next page goes on after the cursor (an offset
    // would shift and serve the first case again).
    const newer = await submit(`${tag} 3`)
    await confirm(newer.caseId, '2024-09-27') // due 2024-10-30
    const page2 = await list({ q: tag, limit: '1', cursor: page1.nextCursor! })
    expect(page2.items.map((i) => i.id)).toEqual([second.caseId])
    expect(page2.nextCursor).toBeNull()
  })

  it('refuses a bad cursor or bad parameters with 422', async () => {
    const bad: Record<string, string>[] = [
      { cursor: 'garbage' },
      { cursor: '2024-10-30|' },
      { cursor: "2024-10-30|x' OR 1=1 --" },
      { cursor: '2024-10-30' },
      { cursor: `2024-10-30|${'a'.repeat(81)}` },
      { limit: '0' },
      { limit: '101' },
      { limit: 'ten' },
      { overdue: 'yes' },
      { dueBefore: '2024-02-30' },
      { dueBefore: 'tomorrow' },
      { sort: 'title' },
    ]
    for (const params of bad) {
      const res = await listRes(params)
      expect(res.status, JSON.stringify(params)).toBe(422)
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('validation_failed')
    }
  })
})

describe('case list scoping', () => {
  it('never lists a case of another agency', async () => {
    const tag = 'LSTE'
    const ours = await submit(`${tag} 本机关`)
    const theirs = await submit(`${tag} 他机关`, { agencyId: 'agency-demo-nrb' })
    for (const who of ['registrar', 'admin', 'auditor', 'handler'] as const) {
      expect(await ids({ q: tag }, who)).toEqual([ours.caseId])
      expect(await ids({ q: theirs.reference }, who)).toEqual([])
    }
    // Walking every page of the agency's list never meets it either.
    let cursor: string | null = null
    const all: string[] = []
    do {
      const params: Record<string, string> = { limit: '100' }
      if (cursor) params.cursor = cursor
      const page = await list(params, 'admin')
      all.push(...page.items.map((i) => i.id))
      for (const i of page.items) expect(i.agencyId).toBe('agency-demo')
      cursor = page.nextCursor
    } while (cursor)
    expect(all).toContain(ours.caseId)
    expect(all).not.toContain(theirs.caseId)

    // The other agency's staff see theirs and not ours.
    const nrb = { token: await foreignStaffToken('agency-demo-nrb', 'registrar', 'nrb-registrar-list') }
    expect(await ids({ q: tag }, nrb)).toEqual([theirs.caseId])
  })

  it('needs a session', async () => {
    const res = await call('/api/v1/cases')
    expect(res.status).toBe(401)
  })
})
