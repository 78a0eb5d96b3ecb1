// Progress reports through the JSON API: units see and file only their own tasks (404 otherwise), the office returns
// and accepts, evidence stays with its report, the ledger and its .xlsx show it, and the cron reminds once.
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { runScheduled } from '../../../workers/index'
import { readTaskTableFile } from '../../../workflows/tasks'
import { readXlsxGrid } from '../../../workflows/tasks/xlsx-grid'
import { api, at, count, expectJson, fileForm, newPlan, type TaskUser } from './task-helpers'

interface Report {
  id: string
  state: string
  version: number
  period: string
  periodLabel: string
  onTime: boolean
  comment: string | null
  progressStatus: string
  files: { id: string; filename: string }[]
  allowedActions: string[]
}

const PDF = new TextEncoder().encode(
  '%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n',
) as Uint8Array<ArrayBuffer>
const ANSWERS = {
  status: 'in_progress',
  progress: '已在县政府门户网站开设财政预决算公开专栏，发布部门预算 12 份。',
  publishedLinks: [{ title: '财政预决算专栏', url: 'https://www.example.gov.cn/czyjs/' }],
}

let planId: string
let quarterly: string
let yearly: string

async function addTask(body: Record<string, unknown>, now = at('2024-03-01')): Promise<string> {
  const res = await api('coordinator', `/plans/${planId}/tasks`, { body, now })
  return (await expectJson<{ id: string }>(res, 201)).id
}

async function file(who: TaskUser, taskId: string, body: Record<string, unknown>, now: number) {
  return api(who, `/tasks/${taskId}/reports`, { body, now })
}

async function act(
  who: TaskUser,
  reportId: string,
  action: string,
  body: Record<string, unknown>,
  now: number,
) {
  return api(who, `/task-reports/${reportId}/actions/${action}`, { body, now })
}

async function inbox(who: TaskUser): Promise<{ subject: string; body: string; link: string | null }[]> {
  return (
    await expectJson<{ items: { subject: string; body: string; link: string | null }[] }>(
      await api(who, '/notifications'),
      200,
    )
  ).items
}

beforeAll(async () => {
  planId = await newPlan('demo', 2024, '2024年示范县政务公开重点任务分解表')
  quarterly = await addTask({
    group: '深化主动公开',
    seq: 1,
    name: '公开财政预决算',
    requirements: '按季度公开预算执行情况。',
    carrier: '县政府门户网站',
    deadlineText: '每季度',
    responsibleUnits: '县教育局、城关镇',
  })
  yearly = await addTask({
    group: '深化主动公开',
    seq: 2,
    name: '推进重大建设项目信息公开',
    deadlineText: '年底前完成',
    leadUnits: '自然资源局',
  })
})

describe('what a unit sees', () => {
  it('lists only the tasks its agency reports on, and the plan they are in', async () => {
    const tasks = await expectJson<{ items: { id: string; responsibleUnits: { agencyId: string }[] }[] }>(
      await api('reporter-edu', `/plans/${planId}/tasks`),
      200,
    )
    expect(tasks.items.map((t) => t.id)).toEqual([quarterly])
    expect(tasks.items[0]?.responsibleUnits.map((u) => u.agencyId)).toEqual([
      'agency-demo-edu',
      'agency-demo-town',
    ])
    const plans = await expectJson<{ items: { id: string; coordinates: boolean }[] }>(
      await api('reporter-edu', '/agencies/demo/plans'),
      200,
    )
    expect(plans.items).toEqual([expect.objectContaining({ id: planId, coordinates: false })])
  })

  it('cannot see or write another unit’s task: 404, whatever it sends', async () => {
    expect((await api('reporter-edu', `/tasks/${yearly}`)).status).toBe(404)
    const body = { period: 'D2024-12-31', data: ANSWERS }
    expect((await file('reporter-edu', yearly, body, at('2024-03-20'))).status).toBe(404)
    expect((await file('reporter-edu', yearly, { nonsense: true }, at('2024-03-20'))).status).toBe(404)
    expect(
      (await api('reporter-edu', `/tasks/${yearly}/attachments`, { form: fileForm(PDF, 'a.pdf') })).status,
    ).toBe(404)
    expect((await api('registrar', `/tasks/${quarterly}`)).status).toBe(404)
    expect((await api('reporter-nrb', `/plans/${planId}/tasks`)).status).toBe(200)
    expect((await api('admin', `/plans/${planId}/tasks`)).status).toBe(404)
  })

  it('may not edit its task (403) nor file for a unit it does not report for (404)', async () => {
    const res = await api('reporter-edu', `/tasks/${quarterly}`, {
      method: 'PUT',
      body: { version: 1, name: '改名', responsibleUnits: '县教育局' },
    })
    expect(res.status).toBe(403)
    const other = await file(
      'reporter-edu',
      quarterly,
      { period: '2024-Q1', agencyId: 'demo-town', data: ANSWERS },
      at('2024-03-20'),
    )
    expect(other.status).toBe(404)
  })

  it('gets no disclosure case from a task role', async () => {
    for (const who of ['reporter-edu', 'coordinator'] as const) {
      const cases = await expectJson<{ items: unknown[] }>(await api(who, '/cases'), 200)
      expect(cases.items).toEqual([])
    }
  })
})

describe('a quarterly report: filed, returned with a comment, filed again, accepted', () => {
  let report: Report

  it('files the first quarter on time and tells the office', async () => {
    const res = await file('reporter-edu', quarterly, { period: '2024-Q1', data: ANSWERS }, at('2024-03-20'))
    report = await expectJson<Report>(res, 201)
    expect(report).toMatchObject({
      state: 'submitted',
      version: 1,
      period: '2024-Q1',
      periodLabel: '2024年第一季度',
      onTime: true,
      progressStatus: 'in_progress',
      allowedActions: [],
    })
    const office = await inbox('coordinator')
    expect(office[0]).toMatchObject({
      subject: '待审核：示范县教育局报送了“公开财政预决算”',
      link: `/admin/plans/${planId}/reports/${report.id}`,
    })
  })

  it.each([
    ['the same period again', { period: '2024-Q1', data: ANSWERS }, 409, ''],
    ['a period the task does not have', { period: '2024-M01', data: ANSWERS }, 422, 'period'],
    ['answers without a status', { period: '2024-Q2', data: { progress: 'x' } }, 422, 'status'],
    [
      'a link that is not a web address',
      { period: '2024-Q2', data: { ...ANSWERS, publishedLinks: [{ url: 'javascript:1' }] } },
      422,
      'publishedLinks[0].url',
    ],
    [
      'evidence that was never uploaded',
      { period: '2024-Q2', data: { ...ANSWERS, evidence: ['nope'] } },
      422,
      'evidence',
    ],
    ['an unknown field', { period: '2024-Q2', data: ANSWERS, extra: 1 }, 422, 'extra'],
  ])('refuses %s', async (_what, body, status, path) => {
    const res = await file('reporter-edu', quarterly, body, at('2024-03-21'))
    const error = await expectJson<{ error: { issues?: { path: string }[] } }>(res, status)
    if (path) expect(error.error.issues?.map((i) => i.path)).toContain(path)
    expect(await count('SELECT count(*) AS n FROM task_reports WHERE task_id = ?1', quarterly)).toBe(1)
  })

  it('keeps other units and units themselves from reviewing it', async () => {
    expect((await api('reporter-nrb', `/task-reports/${report.id}`)).status).toBe(404)
    expect((await api('reporter-town', `/task-reports/${report.id}`)).status).toBe(404)
    expect((await act('reporter-nrb', report.id, 'accept', { version: 1 }, at('2024-03-22'))).status).toBe(
      404,
    )
    expect((await act('reporter-edu', report.id, 'accept', { version: 1 }, at('2024-03-22'))).status).toBe(
      403,
    )
  })

  it('is returned with a comment (not without one, nor at a stale version)', async () => {
    const bare = await act('coordinator', report.id, 'return', { version: 1 }, at('2024-03-22'))
    expect(bare.status).toBe(422)
    const stale = await act(
      'coordinator',
      report.id,
      'return',
      { version: 0, comment: 'x' },
      at('2024-03-22'),
    )
    expect(stale.status).toBe(409)
    const res = await act(
      'coordinator',
      report.id,
      'return',
      { version: 1, comment: '请补充专栏网址截图' },
      at('2024-03-22'),
    )
    report = await expectJson<Report>(res, 200)
    expect(report).toMatchObject({ state: 'returned', version: 2, comment: '请补充专栏网址截图' })
    const unit = await inbox('reporter-edu')
    expect(unit[0]?.body).toContain('请补充专栏网址截图')
  })

  it('is filed again with evidence and accepted', async () => {
    const upload = await api('reporter-edu', `/tasks/${quarterly}/attachments`, {
      form: fileForm(PDF, '专栏截图.pdf', 'application/pdf'),
      now: at('2024-03-25'),
    })
    const stored = await expectJson<{ id: string }>(upload, 201)
    const again = await act(
      'reporter-edu',
      report.id,
      'resubmit',
      { version: 2, data: { ...ANSWERS, evidence: [stored.id] } },
      at('2024-03-25'),
    )
    report = await expectJson<Report>(again, 200)
    expect(report).toMatchObject({ state: 'resubmitted', version: 3, comment: null, onTime: true })
    expect(report.files.map((f) => f.filename)).toEqual(['专栏截图.pdf'])
    const download = await api('coordinator', `/task-reports/${report.id}/files/${stored.id}`)
    expect(download.status).toBe(200)
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(PDF)
    expect((await api('reporter-town', `/task-reports/${report.id}/files/${stored.id}`)).status).toBe(404)

    const accepted = await act(
      'coordinator',
      report.id,
      'accept',
      { version: 3, comment: '' },
      at('2024-03-26'),
    )
    report = await expectJson<Report>(accepted, 200)
    expect(report).toMatchObject({ state: 'accepted', version: 4 })
    expect(
      (await act('coordinator', report.id, 'return', { version: 4, comment: 'x' }, at('2024-03-27'))).status,
    ).toBe(409)
    const detail = await expectJson<{ events: { action: string; comment: string | null }[] }>(
      await api('reporter-edu', `/task-reports/${report.id}`),
      200,
    )
    expect(detail.events.map((e) => [e.action, e.comment])).toEqual([
      ['submit', null],
      ['return', '请补充专栏网址截图'],
      ['resubmit', null],
      ['accept', null],
    ])
  })
})

describe('the ledger', () => {
  beforeAll(async () => {
    // The second quarter, filed late.
    await expectJson(
      await file(
        'reporter-edu',
        quarterly,
        { period: '2024-Q2', data: { ...ANSWERS, status: 'completed' } },
        at('2024-07-03'),
      ),
      201,
    )
  })

  interface Ledger {
    tasks: {
      id: string
      cells: {
        agencyId: string
        status: string
        state: string | null
        onTime: boolean | null
        overdue: boolean
        missing: string[]
      }[]
      rates: { completionText: string; onTimeText: string }
    }[]
    units: { agencyId: string; summary: string; rates: { onTimeRate: number | null } }[]
  }

  it('shows each unit’s latest report, on-time and overdue flags and the rates', async () => {
    const ledger = await expectJson<Ledger>(
      await api('coordinator', `/plans/${planId}/ledger`, { now: at('2024-07-10') }),
      200,
    )
    const task = ledger.tasks.find((t) => t.id === quarterly)!
    expect(task.cells).toEqual([
      expect.objectContaining({
        agencyId: 'agency-demo-edu',
        status: 'completed',
        state: 'submitted',
        onTime: false,
        overdue: false,
      }),
      expect.objectContaining({
        agencyId: 'agency-demo-town',
        status: 'unreported',
        state: null,
        overdue: true,
        missing: ['2024年第一季度', '2024年第二季度'],
      }),
    ])
    expect(task.rates).toMatchObject({ completionText: '0%', onTimeText: '25%' })
    const edu = ledger.units.find((u) => u.agencyId === 'agency-demo-edu')!
    expect(edu.rates.onTimeRate).toBe(0.5)
    expect(edu.summary).toContain('示范县教育局承担《2024年示范县政务公开重点任务分解表》重点任务 1 项')
  })

  it.each([
    ['unit=demo-town', [['quarterly', ['agency-demo-town']]]],
    [
      'status=unreported',
      [
        ['quarterly', ['agency-demo-town']],
        ['yearly', ['agency-demo-nrb']],
      ],
    ],
    ['overdue=true', [['quarterly', ['agency-demo-town']]]],
    ['group=深化主动公开&status=completed', [['quarterly', ['agency-demo-edu']]]],
  ])('filters by %s', async (query, expected) => {
    const ledger = await expectJson<Ledger>(
      await api('coordinator', `/plans/${planId}/ledger?${query}`, { now: at('2024-07-10') }),
      200,
    )
    const which = (id: string) => (id === quarterly ? 'quarterly' : id === yearly ? 'yearly' : id)
    expect(ledger.tasks.map((t) => [which(t.id), t.cells.map((c) => c.agencyId)])).toEqual(expected)
  })

  it('shows a unit its own column only', async () => {
    const ledger = await expectJson<Ledger>(
      await api('reporter-town', `/plans/${planId}/ledger`, { now: at('2024-07-10') }),
      200,
    )
    expect(ledger.tasks.flatMap((t) => t.cells.map((c) => c.agencyId))).toEqual(['agency-demo-town'])
    expect(ledger.units.map((u) => u.agencyId)).toEqual(['agency-demo-town'])
  })

  it('refuses a bad filter', async () => {
    expect((await api('coordinator', `/plans/${planId}/ledger?status=done`)).status).toBe(422)
    expect((await api('coordinator', `/plans/${planId}/ledger?format=pdf`)).status).toBe(422)
  })

  it('exports an .xlsx with a title, merged task and group cells, and a summary sheet', async () => {
    const res = await api('coordinator', `/plans/${planId}/ledger?format=xlsx`, { now: at('2024-07-10') })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    )
    const bytes = new Uint8Array(await res.arrayBuffer())
    const grid = readXlsxGrid(bytes, { maxPartBytes: 10_000_000, maxRows: 1000 })
    if (!grid.ok) throw new Error(grid.error.code)
    const [sheet, summary] = grid.sheets
    const text = (row: number) => sheet?.rows.find((r) => r.row === row)?.cells ?? []
    expect(text(1)[0]).toBe('2024年示范县政务公开重点任务分解表落实情况工作台账')
    expect(text(3).slice(0, 6)).toEqual(['分组', '序号', '任务名称', '具体任务内容', '完成时限', '责任单位'])
    expect(text(4).slice(0, 7)).toEqual([
      '深化主动公开',
      '1',
      '公开财政预决算',
      '按季度公开预算执行情况。',
      '每季度',
      '示范县教育局',
      '已完成',
    ])
    expect(text(5).slice(5, 7)).toEqual(['示范县城关镇人民政府', '未报送（逾期未报）'])
    // The group over both tasks' three rows, each task over its units.
    expect(sheet?.merges).toEqual(
      expect.arrayContaining([
        { top: 4, bottom: 6, left: 0, right: 0 },
        { top: 4, bottom: 5, left: 2, right: 2 },
      ]),
    )
    expect(summary?.name).toBe('落实情况汇总')
    expect(summary?.rows.some((r) => r.cells.some((c) => c.startsWith('示范县教育局承担')))).toBe(true)
    // The table reader recognises the layout: the export can be read back as a task table.
    const table = readTaskTableFile(bytes, { maxBytes: 5_000_000 })
    expect(table.ok && table.table.rows.map((r) => r.cells.name)).toEqual([
      '公开财政预决算',
      '公开财政预决算',
      '推进重大建设项目信息公开',
    ])
  })
})

describe('reminders', () => {
  const reminders = () =>
    count("SELECT count(*) AS n FROM outbox WHERE kind IN ('task_due_soon', 'task_overdue')")

  it('reminds each unit before a period falls due and flags it after, once', async () => {
    await runScheduled(env, at('2024-09-25'))
    const soon = await env.DB.prepare(
      "SELECT recipient, payload FROM outbox WHERE kind = 'task_due_soon' ORDER BY recipient",
    ).all<{ recipient: string; payload: string }>()
    expect(soon.results.map((r) => [r.recipient, JSON.parse(r.payload).period])).toEqual([
      ['role:agency-demo-edu:task_reporter', '2024年第三季度'],
      ['role:agency-demo-town:task_reporter', '2024年第三季度'],
    ])
    const overdue = await env.DB.prepare(
      "SELECT recipient, payload FROM outbox WHERE kind = 'task_overdue' ORDER BY recipient, payload",
    ).all<{ recipient: string; payload: string }>()
    expect(overdue.results.map((r) => [r.recipient, JSON.parse(r.payload).period]).sort()).toEqual([
      ['role:agency-demo-town:task_reporter', '2024年第一季度'],
      ['role:agency-demo-town:task_reporter', '2024年第二季度'],
      ['role:agency-demo:task_coordinator', '2024年第一季度'],
      ['role:agency-demo:task_coordinator', '2024年第二季度'],
    ])
    const before = await reminders()
    await runScheduled(env, at('2024-09-25', 16))
    expect(await reminders()).toBe(before)
    const town = await inbox('reporter-town')
    expect(town.map((n) => n.subject)).toContain(
      '即将到期：“公开财政预决算”2024年第三季度请于 2024-09-30 前报送',
    )
  })
})

describe('tasks by hand', () => {
  it.each([
    [{ name: '无单位的任务' }, 422],
    [{ name: '', responsibleUnits: '县教育局' }, 422],
    [{ group: '深化主动公开', name: '公开财政预决算', responsibleUnits: '县教育局' }, 409],
    [
      {
        name: '日期错误',
        responsibleUnits: '县教育局',
        milestones: [{ kind: 'complete', by: '2024-02-30' }],
      },
      422,
    ],
  ])('refuses %j', async (body, status) => {
    const res = await api('coordinator', `/plans/${planId}/tasks`, { body, now: at('2024-03-01') })
    expect(res.status).toBe(status)
  })

  it('edits a task at the version it was read (409 otherwise), moving its units and milestones', async () => {
    const before = await expectJson<{ task: { version: number } }>(
      await api('coordinator', `/tasks/${yearly}`),
      200,
    )
    const body = {
      name: '推进重大建设项目信息公开',
      deadlineText: '9月底前完成',
      leadUnits: '自然资源局、城关镇',
    }
    const stale = await api('coordinator', `/tasks/${yearly}`, {
      method: 'PUT',
      body: { ...body, version: 0 },
    })
    expect(stale.status).toBe(409)
    const res = await api('coordinator', `/tasks/${yearly}`, {
      method: 'PUT',
      body: { ...body, version: before.task.version },
    })
    const task = await expectJson<{
      milestones: { kind: string; by?: string }[]
      leadUnits: { agencyId: string }[]
    }>(res, 200)
    expect(task.milestones).toMatchObject([{ kind: 'complete', by: '2024-09-30' }])
    expect(task.leadUnits.map((u) => u.agencyId)).toEqual(['agency-demo-nrb', 'agency-demo-town'])
    const town = await expectJson<{ items: { id: string }[] }>(
      await api('reporter-town', `/plans/${planId}/tasks`),
      200,
    )
    expect(town.items.map((t) => t.id)).toEqual([quarterly, yearly])
  })
})
