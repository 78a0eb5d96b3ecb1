// The workbench: queue counters kept with every write, the keyset case list on real indexes (EXPLAIN QUERY PLAN),
// FTS5 trigram search (Chinese substrings) and keyed-hash applicant search, bulk assignment, the per-user inbox.
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { createDb } from '../../../db/client'
import { loadKeyring } from '../../../workers/lib/pii'
import {
  caseListStatement,
  SEARCH_MATCH_CAP,
  searchOverflowStatement,
} from '../../../workers/services/cases/list'
import { pruneOutbox } from '../../../workers/services/outbox'
import { createSubmission } from '../../../workers/services/submissions'
import { bearer, browserLogin, call, json } from '../helpers'
import { at, detail, ok, openAndAssign, token } from '../workflow/case-helpers'

async function submit(title: string, pii: Record<string, unknown> = { name: '王小明' }, date = '2024-09-27') {
  const ring = await loadKeyring(env.PII_KEYS, env.PII_ACTIVE_KEY)
  return createSubmission(
    createDb(env.DB),
    { ring, secret: env.APP_SECRET },
    {
      agencyId: 'agency-demo',
      formVersionId: 'test-form',
      channel: 'online',
      data: { informationDescription: `${title}\n详细说明：关于本县城乡规划的批复文件` },
      pii,
      reportColumn: 'natural_person',
      title,
      idempotencyKey: null,
      bodyHash: crypto.randomUUID(),
    },
    at(date, 9),
  )
}

async function ids(params: Record<string, string>, now?: number) {
  const headers: Record<string, string> = { authorization: `Bearer ${await token('registrar')}` }
  if (now) headers['x-test-now'] = String(now)
  const res = await call(`/api/v1/cases?${new URLSearchParams(params)}`, { headers })
  expect(res.status).toBe(200)
  const body = (await res.json()) as { items: { id: string }[]; nextCursor: string | null }
  return body
}

/** `n` cases of an agency titled `<title> <i>`, inserted by SQL (the migrations' triggers index them). */
async function bulkCases(agencyId: string, prefix: string, title: string, n: number) {
  await env.DB.prepare(
    `INSERT OR IGNORE INTO agencies (id, slug, name, kind, created_at) VALUES (?1, ?1, '检索隔离测试机关', 'government', 0)`,
  )
    .bind(agencyId)
    .run()
  const series = 'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?3)'
  await env.DB.batch([
    env.DB.prepare(
      `${series} INSERT INTO submissions (id, agency_id, form_version_id, channel, submitted_at, body_hash, reference,
        query_code_hash, data, pii, pii_key_id, applicant_type, created_at)
       SELECT ?2 || i, ?1, 'test-form', 'online', i, 'x', upper(?2) || i, 'x', '{}', '{}', 't1', 'natural_person', i FROM n`,
    ).bind(agencyId, prefix, n),
    env.DB.prepare(
      `${series} INSERT INTO cases (id, agency_id, submission_id, workflow_id, workflow_version, state, snapshot,
        applicant_type, title, received_on, due_on, created_at, updated_at)
       SELECT ?2 || i, ?1, ?2 || i, 'disclosure', 2, 'in_progress', '{}', 'natural_person', ?4 || ' ' || i,
        '2024-09-02', date('2024-09-02', '+' || (i % 28) || ' days'), i, i FROM n`,
    ).bind(agencyId, prefix, n, title),
  ])
}

async function rowsRead(s: { sql: string; params: (string | number)[] }) {
  const r = await env.DB.prepare(s.sql)
    .bind(...s.params)
    .all<{ id: string }>()
  return { ids: r.results.map((x) => x.id), read: r.meta.rows_read }
}

async function plan(sql: string, params: (string | number)[]) {
  const rows = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
    .bind(...params)
    .all<{ detail: string }>()
  return rows.results.map((r) => r.detail).join('\n')
}

async function countersMatchCases() {
  const kept = await env.DB.prepare(
    "SELECT agency_id || '|' || state || '|' || assignee_id AS k, n FROM case_counts WHERE n <> 0 ORDER BY k",
  ).all<{ k: string; n: number }>()
  const counted = await env.DB.prepare(
    "SELECT agency_id || '|' || state || '|' || coalesce(assignee_id, '') AS k, count(*) AS n FROM cases GROUP BY 1 ORDER BY k",
  ).all<{ k: string; n: number }>()
  expect(kept.results).toEqual(counted.results)
}

async function queueCount(cookie: string, key: string, now: number): Promise<number> {
  const html = await (await call('/admin', { headers: { cookie, 'x-test-now': String(now) } })).text()
  const m = new RegExp(`id="queue-${key}"[^>]*><strong>(\\d+)</strong>`).exec(html)
  if (!m) throw new Error(`no counter ${key}`)
  return Number(m[1])
}

describe('workbench counters', () => {
  it('follow every transition in the same batch, and each links to its filtered list', async () => {
    const now = at('2024-09-27', 14)
    const { cookie } = await browserLogin('demo-registrar', undefined, now)
    const before = await queueCount(cookie, 'submitted', now)
    const a = await submit('计数甲 预算')
    const b = await submit('计数乙 预算')
    expect(await queueCount(cookie, 'submitted', now)).toBe(before + 2)
    const receivedBefore = await queueCount(cookie, 'received', now)
    await ok(
      a.caseId,
      'registrar',
      'confirm-receipt',
      { channel: 'online', receivedOn: '2024-09-27' },
      at('2024-09-27', 11),
    )
    expect(await queueCount(cookie, 'submitted', now)).toBe(before + 1)
    expect(await queueCount(cookie, 'received', now)).toBe(receivedBefore + 1)
    await countersMatchCases()
    await openAndAssign(b.caseId, '2024-09-27')
    await countersMatchCases()
    const handler = await browserLogin('demo-handler', undefined, now)
    const mine = await queueCount(handler.cookie, 'mine', now)
    expect(mine).toBeGreaterThanOrEqual(1)
    // The handler's home shows the handler's queues only; the registrar's has no 待我办理.
    const html = await (await call('/admin', { headers: { cookie, 'x-test-now': String(now) } })).text()
    expect(html).not.toContain('id="queue-mine"')
    expect(html).toContain('href="/admin/cases?state=submitted"')
    // The navigation shows the areas of the roles: the registrar has no 审计.
    expect(html).toContain('href="/admin/cases">案件</a>')
    expect(html).not.toContain('href="/admin/audit"')
    // Overdue: an indexed range count of open cases due before today (b is due 2024-10-30).
    const late = at('2024-11-05', 10)
    const lateLogin = await browserLogin('demo-registrar', undefined, late)
    const overdue = await queueCount(lateLogin.cookie, 'overdue', late)
    const listed = await ids({ overdue: 'true', limit: '100' }, late)
    expect(overdue).toBeGreaterThanOrEqual(1)
    expect(listed.items.map((i) => i.id)).toContain(b.caseId)
  })
})

describe('case list on real indexes', () => {
  it('never sorts in a temporary B-tree nor walks the table, for each sort and filter', async () => {
    const f = { limit: 50 }
    const cases: [string, Parameters<typeof caseListStatement>[1], string][] = [
      ['due', f, 'cases_list_due_idx'],
      ['received', { ...f, sort: 'received' }, 'cases_list_received_idx'],
      ['state', { ...f, state: 'received' }, 'cases_list_state_due_idx'],
      ['assignee', { ...f, assigneeId: 'user-demo-handler' }, 'cases_list_assignee_due_idx'],
      ['overdue', { ...f, overdue: true }, 'cases_list_open_due_idx'],
      ['due soon', { ...f, dueSoon: true, dueSoonBound: '2024-10-10' }, 'cases_list_open_due_idx'],
      [
        'deep page',
        { ...f, cursor: '2024-10-30|zzz', outcome: 'already_published', channel: 'online' },
        'cases_list_due_idx',
      ],
    ]
    for (const [name, filters, index] of cases) {
      const s = caseListStatement('agency-demo', filters, '2024-10-01', [])
      const p = await plan(s.sql, s.params)
      expect(p, name).not.toContain('TEMP B-TREE')
      expect(p, name).toContain(index)
      expect(p, name).not.toMatch(/SCAN (c|cases)\b(?! USING)/)
      expect(s.sql, name).not.toMatch(/OFFSET|count\(/i)
    }
    // A date range bounds the walk on the sort key: the page starts at the range, not at the agency's first case.
    const window = caseListStatement(
      'agency-demo',
      { limit: 20, sort: 'received', receivedFrom: '2024-06-01', receivedTo: '2024-06-30' },
      '2024-10-01',
      [],
    )
    expect(await plan(window.sql, window.params)).toMatch(
      /SEARCH c USING (COVERING )?INDEX cases_list_received_idx \(agency_id=\? AND received_key>\? AND received_key<\?\)/,
    )
    const due = caseListStatement('agency-demo', { limit: 20, dueFrom: '2024-06-01' }, '2024-10-01', [])
    expect(await plan(due.sql, due.params)).toMatch(
      /SEARCH c USING (COVERING )?INDEX cases_list_due_idx \(agency_id=\? AND due_key>\?\)/,
    )
    // The cursor is a row value on the index: a deep page starts at its key.
    const deep = caseListStatement('agency-demo', { limit: 20, cursor: '2024-10-30|x' }, '2024-10-01', [])
    expect(await plan(deep.sql, deep.params)).toMatch(
      /SEARCH c USING (COVERING )?INDEX cases_list_due_idx \(agency_id=\? AND \(due_key,id\)>\(\?,\?\)\)/,
    )
  })

  it('a search starts from its matches (FTS index, applicant hash), never from the cases', async () => {
    const s = caseListStatement('agency-demo', { limit: 20, q: '城乡规划' }, '2024-10-01', ['h1', 'h2'])
    const p = await plan(s.sql, s.params)
    expect(p).toContain('VIRTUAL TABLE INDEX')
    // FTS5 takes the agency's rowid range (><) with the MATCH: it reads that agency's matches only.
    expect(p).toMatch(/VIRTUAL TABLE INDEX \d+:M\d*></)
    expect(p).toMatch(/SEARCH c USING INDEX sqlite_autoindex_cases_1 \(id=\?\)/)
    expect(p).toContain('applicant_keys')
    expect(p).not.toMatch(/SCAN (c|cases|c2|c3|s|s3)\b/)
  })

  it('keeps keyset pages stable while cases are added, filtered by date range', async () => {
    const made: string[] = []
    for (const d of ['2024-10-08', '2024-10-09', '2024-10-10']) {
      const s = await submit(`翻页丙 ${d}`, { name: '赵六' }, d)
      await ok(s.caseId, 'registrar', 'confirm-receipt', { channel: 'online', receivedOn: d }, at(d, 11))
      made.push(s.caseId)
    }
    const params = { q: '翻页丙', limit: '1', receivedFrom: '2024-10-08', receivedTo: '2024-10-10' }
    const p1 = await ids(params)
    expect(p1.items.map((i) => i.id)).toEqual([made[0]])
    const inserted = await submit('翻页丙 插入', { name: '赵六' }, '2024-09-27')
    await ok(
      inserted.caseId,
      'registrar',
      'confirm-receipt',
      { channel: 'online', receivedOn: '2024-10-08' },
      at('2024-10-08', 11),
    )
    const p2 = await ids({ ...params, cursor: p1.nextCursor! })
    const p3 = await ids({ ...params, cursor: p2.nextCursor! })
    // The inserted case (due with the first) sorts by id beside it: it is either before the cursor or next; never twice.
    const walked = [p1, p2, p3].flatMap((p) => p.items.map((i) => i.id))
    expect(new Set(walked).size).toBe(walked.length)
    expect(walked).toContain(made[1])
    expect(
      await ids({ q: '翻页丙', receivedFrom: '2024-10-09' }).then((r) => r.items.map((i) => i.id).sort()),
    ).toEqual([made[1], made[2]].sort())
    expect((await ids({ q: '翻页丙', sort: 'received', limit: '100' })).items[0]!.id).toBe(
      [made[0], inserted.caseId].sort()[0],
    )
  })
})

describe('full-text search', () => {
  it('runs on FTS5 with the trigram tokenizer in this SQLite', async () => {
    const opts = await env.DB.prepare("SELECT sql FROM sqlite_master WHERE name = 'case_search'").first<{
      sql: string
    }>()
    expect(opts?.sql).toContain("tokenize = 'trigram'")
  })

  it('finds Chinese substrings of the subject and description, and the applicant only by exact keyed hash', async () => {
    const s = await submit('关于搜索丁号的信息公开', {
      name: '欧阳小芳',
      idDocument: { type: 'resident_id', number: '11010519491231002x' },
    })
    const other = await submit('无关的申请')
    expect((await ids({ q: '搜索丁' })).items.map((i) => i.id)).toEqual([s.caseId])
    // From the request description (not in the title).
    expect((await ids({ q: '城乡规划的批复' })).items.map((i) => i.id)).toContain(s.caseId)
    // The name: exact (normalised) match through the keyed hash; a part of it finds nothing; nothing in clear.
    expect((await ids({ q: '欧阳小芳' })).items.map((i) => i.id)).toEqual([s.caseId])
    expect((await ids({ q: '欧阳小' })).items.map((i) => i.id)).toEqual([])
    expect((await ids({ q: `${'110105194912310021'.slice(0, 17)}X` })).items.map((i) => i.id)).toEqual([
      s.caseId,
    ])
    const leaked = await env.DB.prepare(
      'SELECT count(*) AS n FROM case_search WHERE case_search MATCH \'"欧阳小芳"\'',
    ).first<{ n: number }>()
    expect(leaked?.n).toBe(0)
    // Under 3 characters: no trigram search (a name of 2 characters still matches exactly).
    expect((await ids({ q: '无关' })).items).toEqual([])
    expect((await ids({ q: '王小明' })).items.map((i) => i.id)).toContain(other.caseId)
  })

  it('reads only the caller agency’s matches, and at most the cap for a common term (D1 rows_read)', async () => {
    // Another agency holds 300 cases with the text, the demo agency 3: the demo search reads its 3, not 303.
    await bulkCases('agency-search-other', 'iso-other-', '隔离检索词 外单位', 300)
    await bulkCases('agency-demo', 'iso-demo-', '隔离检索词 本单位', 3)
    const own = await rowsRead(
      caseListStatement('agency-demo', { limit: 20, q: '隔离检索词' }, '2024-10-01', []),
    )
    expect(own.ids.sort()).toEqual(['iso-demo-1', 'iso-demo-2', 'iso-demo-3'])
    const other = await rowsRead(
      caseListStatement('agency-search-other', { limit: 20, q: '隔离检索词' }, '2024-10-01', []),
    )
    expect(other.ids).toHaveLength(21)
    // A few rows per match (index, case, submission), a constant besides; 300 other matches would be > 300.
    expect(own.read).toBeLessThan(40)
    expect(other.read).toBeGreaterThan(300)
    const listed = await ids({ q: '隔离检索词', limit: '100' })
    expect(listed.items.map((i) => i.id).sort()).toEqual(['iso-demo-1', 'iso-demo-2', 'iso-demo-3'])
    expect((listed as { searchCapped?: boolean }).searchCapped).toBe(false)

    // A common term: the newest `cap` matches are read, however many there are.
    const capped = await rowsRead(
      caseListStatement('agency-search-other', { limit: 20, q: '隔离检索词' }, '2024-10-01', [], 10),
    )
    expect(capped.ids).toHaveLength(10)
    expect(capped.ids.every((id) => Number(id.slice('iso-other-'.length)) > 290)).toBe(true)
    expect(capped.read).toBeLessThan(other.read / 10)
    const over = searchOverflowStatement('agency-search-other', '隔离检索词', 10)!
    const more = await env.DB.prepare(over.sql)
      .bind(...over.params)
      .first<{ more: number }>()
    expect(more?.more).toBe(1)
    const fits = searchOverflowStatement('agency-demo', '隔离检索词', 10)!
    expect(
      (
        await env.DB.prepare(fits.sql)
          .bind(...fits.params)
          .first<{ more: number }>()
      )?.more,
    ).toBe(0)

    // Through the list: more demo matches than the cap → the API flags it, the page says to narrow the search.
    await bulkCases('agency-demo', 'cap-demo-', '常见检索词', SEARCH_MATCH_CAP + 5)
    const many = (await ids({ q: '常见检索词', limit: '100' })) as Awaited<ReturnType<typeof ids>> & {
      searchCapped: boolean
    }
    expect(many.searchCapped).toBe(true)
    expect(many.items).toHaveLength(100)
    const walked = new Set(many.items.map((i) => i.id))
    let cursor = many.nextCursor
    while (cursor) {
      const next = await ids({ q: '常见检索词', limit: '100', cursor })
      for (const i of next.items) walked.add(i.id)
      cursor = next.nextCursor
    }
    // The newest cap matches, each once; the 5 oldest are beyond the cap.
    expect(walked.size).toBe(SEARCH_MATCH_CAP)
    expect([...walked].every((id) => Number(id.slice('cap-demo-'.length)) > 5)).toBe(true)
    const { cookie } = await browserLogin('demo-registrar', undefined, at('2024-10-01', 10))
    const page = await (
      await call(`/admin/cases?q=${encodeURIComponent('常见检索词')}`, {
        headers: { cookie, 'x-test-now': String(at('2024-10-01', 10)) },
      })
    ).text()
    expect(page).toContain('id="search-capped"')
    expect(page).toContain(`结果过多，请细化搜索：含有该文字的案件超过 ${SEARCH_MATCH_CAP} 件`)
    const rare = await (
      await call(`/admin/cases?q=${encodeURIComponent('隔离检索词')}`, {
        headers: { cookie, 'x-test-now': String(at('2024-10-01', 10)) },
      })
    ).text()
    expect(rare).not.toContain('id="search-capped"')
  })
})

describe('bulk assign', () => {
  it('assigns every chosen case in one batch, each with its own event, or none on a stale version', async () => {
    const a = await submit('批量戊 一')
    const b = await submit('批量戊 二')
    for (const c of [a, b]) {
      await ok(
        c.caseId,
        'registrar',
        'confirm-receipt',
        { channel: 'online', receivedOn: '2024-09-27' },
        at('2024-09-27', 11),
      )
      await ok(c.caseId, 'registrar', 'accept', {}, at('2024-09-27', 12))
    }
    const [da, db] = [await detail(a.caseId), await detail(b.caseId)]
    const now = at('2024-09-27', 15)
    const { cookie, csrf } = await browserLogin('demo-registrar', undefined, now)
    const post = (cases: string[]) =>
      call('/admin/cases/bulk-assign', {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', 'x-test-now': String(now) },
        body: new URLSearchParams([
          ['_csrf', csrf],
          ['assigneeId', 'user-demo-handler'],
          ['queue', 'q=批量戊'],
          ...cases.map((c) => ['case', c]),
        ]).toString(),
      })
    // One stale version: 409 and nothing written to either case.
    const stale = await post([`${a.caseId}@${da.version}`, `${b.caseId}@${db.version - 1}`])
    expect(stale.status).toBe(409)
    expect((await detail(a.caseId)).version).toBe(da.version)
    const res = await post([`${a.caseId}@${da.version}`, `${b.caseId}@${db.version}`])
    expect(res.status).toBe(303)
    for (const c of [a, b]) {
      const d = await detail(c.caseId)
      expect(d.state).toBe('in_progress')
      expect(d.events.at(-1)!.action).toBe('assign')
    }
    const verify = await call('/api/v1/audit/verify?agency=demo', bearer(await token('auditor')))
    expect(((await verify.json()) as { ok: boolean }).ok).toBe(true)
    await countersMatchCases()
  })
})

describe('staff inbox', () => {
  it('pages a user’s own notifications, marks read, dismisses; delivered outbox rows are pruned', async () => {
    const s = await submit('提醒己')
    await openAndAssign(s.caseId, '2024-09-27')
    const tok = await token('handler')
    const page = (await (await call('/api/v1/notifications?limit=1', bearer(tok))).json()) as {
      items: { id: string; caseId: string; read: boolean }[]
      nextCursor: string | null
      unread: number
    }
    expect(page.items).toHaveLength(1)
    const item = page.items[0]!
    expect(item.read).toBe(false)
    expect(
      (await call(`/api/v1/notifications/${item.id}/read`, json({}, { token: tok, method: 'POST' }))).status,
    ).toBe(200)
    const after = (await (await call('/api/v1/notifications?limit=1', bearer(tok))).json()) as typeof page
    expect(after.unread).toBe(page.unread - 1)
    expect(after.items[0]!.read).toBe(true)
    expect(
      (await call(`/api/v1/notifications/${item.id}/dismiss`, json({}, { token: tok, method: 'POST' })))
        .status,
    ).toBe(200)
    const gone = (await (await call('/api/v1/notifications?limit=100', bearer(tok))).json()) as typeof page
    expect(gone.items.map((i) => i.id)).not.toContain(item.id)
    // Someone else's notification is a 404.
    const legal = await token('legal')
    expect(
      (await call(`/api/v1/notifications/${item.id}/read`, json({}, { token: legal, method: 'POST' })))
        .status,
    ).toBe(404)
    // Pruning: sent rows older than the retention period go; the inbox keeps its copy.
    await env.DB.prepare("UPDATE outbox SET status = 'sent', next_attempt_at = 0 WHERE id = ?")
      .bind(item.id)
      .run()
    expect(await pruneOutbox(createDb(env.DB), 100 * 86_400_000, 90)).toBeGreaterThanOrEqual(1)
    expect(await env.DB.prepare('SELECT id FROM outbox WHERE id = ?').bind(item.id).first()).toBeNull()
    expect(
      await env.DB.prepare('SELECT outbox_id FROM staff_inbox WHERE outbox_id = ?').bind(item.id).first(),
    ).not.toBeNull()
  })
})
