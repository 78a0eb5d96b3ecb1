// The staff pages under /admin/plans, as a browser without JavaScript uses them: create a plan, import a table
// (preview, map an unknown unit, confirm), add and edit a task by hand, a unit files a period through the
// task-report form, the office returns it and accepts it again, and the ledger page shows it with its .xlsx link.
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { browserLogin, call } from '../helpers'
import { at, count } from './task-helpers'

type Who = 'coordinator' | 'reporter-edu' | 'reporter-nrb' | 'registrar'
const sessions = new Map<string, { cookie: string; csrf: string }>()
const T0 = at('2025-03-03')

/** A browser session of `demo-<who>` logged in at `now` (sessions idle out, so one per instant). */
async function session(who: Who, now: number) {
  const key = `${who}@${now}`
  if (!sessions.has(key)) sessions.set(key, await browserLogin(`demo-${who}`, undefined, now))
  return sessions.get(key)!
}

async function get(who: Who, path: string, now = T0) {
  const { cookie } = await session(who, now)
  return call(path, { headers: { cookie, 'x-test-now': String(now) } })
}

async function page(who: Who, path: string, status = 200, now = T0): Promise<string> {
  const res = await get(who, path, now)
  const html = await res.text()
  if (res.status !== status) throw new Error(`GET ${path}: expected ${status}, got ${res.status}\n${html}`)
  return html
}

/** POST a form (urlencoded, or multipart when it carries a file) with the session's CSRF token. */
async function post(
  who: Who,
  path: string,
  fields: Record<string, string | string[]>,
  options: {
    file?: { field: string; name: string; bytes: Uint8Array<ArrayBuffer> | string }
    now?: number
  } = {},
) {
  const now = options.now ?? T0
  const { cookie, csrf } = await session(who, now)
  const headers: Record<string, string> = { cookie, 'x-test-now': String(now) }
  let body: BodyInit
  if (options.file) {
    const form = new FormData()
    form.append('_csrf', csrf)
    for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) form.append(k, one)
    form.append(options.file.field, new File([options.file.bytes], options.file.name))
    body = form
  } else {
    const params = new URLSearchParams({ _csrf: csrf })
    for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) params.append(k, one)
    headers['content-type'] = 'application/x-www-form-urlencoded'
    body = params.toString()
  }
  return call(path, { method: 'POST', headers, body })
}

function location(res: Response): string {
  if (res.status !== 303) throw new Error(`expected 303, got ${res.status}`)
  return res.headers.get('location')!
}

/** The quarter-by-quarter table, one unit name the demo tree does not know (县教体局). */
const TABLE = [
  '2025年示范县政务公开重点任务分解表',
  '序号,任务名称,具体任务内容,公开载体,完成时限,牵头单位,责任单位',
  '1,公开财政预决算,按季度公开预算执行情况。,县政府门户网站,每季度,县财政局,县教体局',
  '2,推进重大建设项目信息公开,公开批准和实施信息。,县政府门户网站,年底前完成,,县自然资源局',
  '3,优化政务公开专区,,政务服务中心,说不清楚的时限,,城关镇',
].join('\n')

let planId: string
let quarterlyId: string

beforeAll(async () => {
  const res = await post('coordinator', '/admin/plans', { agency: 'demo', year: '2025', title: '' })
  planId = /\/admin\/plans\/([^/?]+)$/.exec(location(res))![1]!
})

describe('plans', () => {
  it('lists the plan with the default title and offers creation only to the office', async () => {
    const html = await page('coordinator', '/admin/plans')
    expect(html).toContain('2025年政务公开重点任务分解表')
    expect(html).toContain('新建任务分解表')
    expect(await page('registrar', '/admin/plans')).not.toContain('新建任务分解表')
    expect(await page('coordinator', '/admin/')).toContain('href="/admin/plans"')
  })

  it('refuses a second plan for the year and a bad year with the error summary, writing nothing', async () => {
    const before = await count('SELECT count(*) AS n FROM task_plans')
    for (const year of ['2025', '19']) {
      const res = await post('coordinator', '/admin/plans', { agency: 'demo', year, title: '要点' })
      expect([409, 422]).toContain(res.status)
      expect(await res.text()).toContain('class="error-summary"')
    }
    expect(await count('SELECT count(*) AS n FROM task_plans')).toBe(before)
  })
})

describe('importing a table', () => {
  it('refuses a file that is not a spreadsheet on the upload page', async () => {
    const res = await post(
      'coordinator',
      `/admin/plans/${planId}/import`,
      {},
      { file: { field: 'file', name: 'notes.pdf', bytes: '%PDF-1.4 not a table' } },
    )
    expect(res.status).toBeGreaterThanOrEqual(400)
    expect(res.status).toBeLessThan(500)
    expect(await res.text()).toContain('class="error-summary"')
    expect(await count('SELECT count(*) AS n FROM tasks WHERE plan_id = ?1', planId)).toBe(0)
  })

  it('previews each row, maps the unknown unit, and writes only on confirmation', async () => {
    expect(await page('coordinator', `/admin/plans/${planId}/import`)).toContain('上传并预览')
    const uploaded = await post(
      'coordinator',
      `/admin/plans/${planId}/import`,
      {},
      { file: { field: 'file', name: '分解表.csv', bytes: TABLE } },
    )
    const previewPath = location(uploaded)
    let html = await page('coordinator', previewPath)
    expect(html).toContain('导入预览')
    expect(html).toContain('确认后将新增 3 项')
    expect(html).toContain('“县教体局”对应的单位')
    expect(html).toContain('说不清楚的时限')
    expect(await count('SELECT count(*) AS n FROM tasks WHERE plan_id = ?1', planId)).toBe(0)

    const mapped = await post('coordinator', `${previewPath}/mappings`, {
      'name.0': '县教体局',
      'agency.0': 'agency-demo-edu',
    })
    expect(location(mapped)).toBe(previewPath)
    html = await page('coordinator', previewPath)
    expect(html).not.toContain('“县教体局”对应的单位')
    const remembered = await env.DB.prepare(
      `SELECT mapped_agency_id AS agencyId FROM task_unit_mappings WHERE name = '县教体局'`,
    ).first<{ agencyId: string }>()
    expect(remembered?.agencyId).toBe('agency-demo-edu')

    const committed = await post('coordinator', `${previewPath}/commit`, {})
    expect(location(committed)).toBe(`/admin/plans/${planId}?imported=3,0,0`)
    html = await page('coordinator', location(committed))
    expect(html).toContain('导入完成：新增 3 项')
    expect(html).toContain('公开财政预决算')
    expect(await count('SELECT count(*) AS n FROM tasks WHERE plan_id = ?1', planId)).toBe(3)
    quarterlyId = (await env.DB.prepare(`SELECT id FROM tasks WHERE plan_id = ?1 AND name = '公开财政预决算'`)
      .bind(planId)
      .first<{ id: string }>())!.id
    // The confirmed preview offers no second commit.
    expect(await page('coordinator', previewPath)).toContain('这次导入已经确认')
    // The mapping form is the office's: a unit that now sees the plan is refused even with nothing to map, and an
    // import id of no import of the plan is a 404.
    expect((await post('reporter-edu', `${previewPath}/mappings`, {})).status).toBe(403)
    expect(
      (await post('coordinator', `/admin/plans/${planId}/imports/no-such-import/mappings`, {})).status,
    ).toBe(404)
  })
})

describe('tasks by hand', () => {
  it('adds a task with a person-set milestone, refuses a nameless one, and edits it at its version', async () => {
    expect(await page('coordinator', `/admin/plans/${planId}/tasks/new`)).toContain('新增任务')
    const nameless = await post('coordinator', `/admin/plans/${planId}/tasks`, {
      name: '',
      deadlineText: '年底前',
    })
    expect(nameless.status).toBe(422)
    expect(await nameless.text()).toContain('class="error-summary"')

    const created = await post('coordinator', `/admin/plans/${planId}/tasks`, {
      name: '公开政府信息公开工作年度报告',
      deadlineText: '按规定时间',
      responsibleUnits: '县教育局',
      milestoneMode: 'manual',
      'm.0.kind': 'complete',
      'm.0.by': '2025-01-31',
    })
    const taskPath = location(created)
    let html = await page('coordinator', taskPath)
    expect(html).toContain('公开政府信息公开工作年度报告')
    expect(html).toContain('2025-01-31')
    const version = /name="version" value="(\d+)"/.exec(await page('coordinator', `${taskPath}/edit`))![1]!
    const edited = await post('coordinator', taskPath, {
      version,
      name: '公开2024年政府信息公开工作年度报告',
      deadlineText: '按规定时间',
      responsibleUnits: '县教育局',
      milestoneMode: 'manual',
      'm.0.kind': 'complete',
      'm.0.by': '2025-01-31',
    })
    expect(location(edited)).toBe(`${taskPath}?done=1`)
    html = await page('coordinator', location(edited))
    expect(html).toContain('公开2024年政府信息公开工作年度报告')
    const stale = await post('coordinator', taskPath, { version, name: '旧版本', deadlineText: '' })
    expect(stale.status).toBe(409)
    expect(await stale.text()).toContain('class="error-summary"')
  })

  it('is not editable by a unit (403) nor visible to another unit (404)', async () => {
    expect((await get('reporter-edu', `/admin/plans/${planId}/tasks/${quarterlyId}/edit`)).status).toBe(403)
    expect((await get('reporter-nrb', `/admin/plans/${planId}/tasks/${quarterlyId}`)).status).toBe(404)
    expect((await get('reporter-nrb', `/admin/plans/${planId}/tasks/${quarterlyId}/report`)).status).toBe(404)
    expect((await get('coordinator', `/admin/plans/no-such-plan/tasks/${quarterlyId}`)).status).toBe(404)
  })
})

describe('a unit reports a quarter, the office returns it and accepts it', () => {
  const filedAt = at('2025-03-25')
  let reportPath: string

  it('shows the unit only its own tasks on the plan page', async () => {
    const html = await page('reporter-edu', `/admin/plans/${planId}`)
    expect(html).toContain('公开财政预决算')
    expect(html).not.toContain('推进重大建设项目信息公开')
  })

  it('refuses a report without its required answers, then files it', async () => {
    const form = await page(
      'reporter-edu',
      `/admin/plans/${planId}/tasks/${quarterlyId}/report`,
      200,
      filedAt,
    )
    expect(form).toContain('2025年第一季度（报送截止 2025-03-31）')
    const period = /<option value="([^"]+)" selected/.exec(form)![1]!
    const empty = await post(
      'reporter-edu',
      `/admin/plans/${planId}/tasks/${quarterlyId}/report`,
      { period },
      { now: filedAt },
    )
    expect(empty.status).toBe(422)
    expect(await empty.text()).toContain('class="error-summary"')
    expect(await count('SELECT count(*) AS n FROM task_reports')).toBe(0)

    const filed = await post(
      'reporter-edu',
      `/admin/plans/${planId}/tasks/${quarterlyId}/report`,
      {
        period,
        status: 'in_progress',
        progress: '已在县政府门户网站发布第一季度预算执行情况。',
        'publishedLinks[0].title': '财政预决算专栏',
        'publishedLinks[0].url': 'https://www.example.gov.cn/czyjs/',
      },
      { now: filedAt },
    )
    reportPath = location(filed).replace('?done=1', '')
    expect(reportPath).toMatch(new RegExp(`^/admin/plans/${planId}/reports/[^/]+$`))
    const html = await page('reporter-edu', reportPath, 200, filedAt)
    expect(html).toContain('按时报送')
    expect(html).toContain('https://www.example.gov.cn/czyjs/')
    expect(html).not.toContain('审核通过')
  })

  it('is returned with a comment, filed again, and accepted', async () => {
    const review = await page('coordinator', reportPath, 200, filedAt)
    expect(review).toContain('审核通过')
    const version = /name="version" value="(\d+)"/.exec(review)![1]!
    const noComment = await post(
      'coordinator',
      `${reportPath}/actions/return`,
      { version, comment: '' },
      { now: filedAt },
    )
    expect(noComment.status).toBe(422)
    expect(await noComment.text()).toContain('href="#return-comment"')
    const returned = await post(
      'coordinator',
      `${reportPath}/actions/return`,
      { version, comment: '请补充公开载体的具体栏目。' },
      { now: filedAt },
    )
    expect(location(returned)).toBe(`${reportPath}?done=1`)

    const again = await page('reporter-edu', `${reportPath}/resubmit`, 200, filedAt)
    expect(again).toContain('已退回修改：请补充公开载体的具体栏目。')
    expect(again).toContain('已在县政府门户网站发布第一季度预算执行情况。')
    const v2 = /name="version" value="(\d+)"/.exec(again)![1]!
    const resubmitted = await post(
      'reporter-edu',
      `${reportPath}/actions/resubmit`,
      {
        version: v2,
        status: 'in_progress',
        progress: '已在县政府门户网站“财政预决算”栏目发布第一季度预算执行情况。',
        'publishedLinks[0].title': '财政预决算专栏',
        'publishedLinks[0].url': 'https://www.example.gov.cn/czyjs/',
      },
      { now: filedAt },
    )
    expect(location(resubmitted)).toBe(`${reportPath}?done=1`)
    const v3 = /name="version" value="(\d+)"/.exec(await page('coordinator', reportPath, 200, filedAt))![1]!
    const stale = await post('coordinator', `${reportPath}/actions/accept`, { version }, { now: filedAt })
    expect(stale.status).toBe(409)
    const accepted = await post(
      'coordinator',
      `${reportPath}/actions/accept`,
      { version: v3 },
      { now: filedAt },
    )
    expect(location(accepted)).toBe(`${reportPath}?done=1`)
    const html = await page('coordinator', reportPath, 200, filedAt)
    expect(html).toContain('请补充公开载体的具体栏目。')
    expect(html).not.toContain('退回修改</button>')
  })

  it('shows in the ledger page, filtered by unit, with the .xlsx export link', async () => {
    const html = await page('coordinator', `/admin/plans/${planId}/ledger`, 200, filedAt)
    expect(html).toContain('工作台账')
    expect(html).toContain(reportPath)
    expect(html).toContain(`/api/v1/plans/${planId}/ledger?format=xlsx`)
    const edu = await page('coordinator', `/admin/plans/${planId}/ledger?unit=agency-demo-edu`, 200, filedAt)
    const matrix = edu.slice(0, edu.indexOf('id="summaries"'))
    expect(matrix).toContain('公开财政预决算')
    expect(matrix).not.toContain('推进重大建设项目信息公开')
    const xlsx = await get('coordinator', `/api/v1/plans/${planId}/ledger?format=xlsx`, filedAt)
    expect(xlsx.status).toBe(200)
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml')
    expect((await get('coordinator', `/admin/plans/${planId}/ledger?status=bogus`, filedAt)).status).toBe(200)
  })
})

describe('unit settings', () => {
  it('show the remembered mapping and save a configured group', async () => {
    const html = await page('coordinator', '/admin/plans/units?agency=demo')
    expect(html).toContain('县教体局')
    const saved = await post('coordinator', '/admin/plans/units/groups', {
      agency: 'demo',
      name: '有关单位',
      members: ['agency-demo-edu', 'agency-demo-nrb'],
    })
    expect(location(saved)).toContain('done=1')
    expect(await page('coordinator', location(saved))).toContain('有关单位')
    const nameless = await post('coordinator', '/admin/plans/units/groups', { agency: 'demo', name: ' ' })
    expect(nameless.status).toBe(422)
  })
})
