// Plans and table import through the JSON API: the real 江阳区 2023 table and the grouped provincial one (繁體) as
// .xlsx and .csv, preview before anything is written, commit, re-import without duplicates, units mapped by a
// person, and every bad file refused with a clear 4xx that leaves nothing behind.
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { runScheduled } from '../../../workers/index'
import JIANGYANG_CSV from '../../fixtures/tasks/jiangyang-2023.csv?raw'
import JIANGYANG_XLSX from '../../fixtures/tasks/jiangyang-2023.xlsx?inline'
import PROVINCIAL_CSV from '../../fixtures/tasks/provincial-2024.csv?raw'
import PROVINCIAL_XLSX from '../../fixtures/tasks/provincial-2024.xlsx?inline'
import { call } from '../helpers'
import {
  addAgencies,
  api,
  bytesOf,
  count,
  expectJson,
  fileForm,
  grant,
  type ImportPreview,
  newPlan,
  token,
} from './task-helpers'

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

beforeAll(async () => {
  await addAgencies([
    { id: 'jy', name: '泸州市江阳区人民政府', kind: 'government', parentId: null },
    { id: 'jy-office', name: '泸州市江阳区人民政府办公室', kind: 'department', parentId: 'jy' },
    { id: 'jy-fin', name: '泸州市江阳区财政局', kind: 'department', parentId: 'jy' },
    { id: 'jy-edu', name: '泸州市江阳区教育体育局', kind: 'department', parentId: 'jy' },
    { id: 'jy-approval', name: '泸州市江阳区行政审批局', kind: 'department', parentId: 'jy' },
    { id: 'jy-dsp', name: '泸州市江阳区大山坪街道办事处', kind: 'township', parentId: 'jy' },
    { id: 'jy-park', name: '泸州市江阳区工业园区管理委员会', kind: 'department', parentId: 'jy' },
    { id: 'prov', name: '某省人民政府', kind: 'government', parentId: null },
    { id: 'prov-office', name: '某省人民政府办公厅', kind: 'department', parentId: 'prov' },
    { id: 'prov-fin', name: '某省财政厅', kind: 'department', parentId: 'prov' },
    { id: 'prov-justice', name: '某省司法厅', kind: 'department', parentId: 'prov' },
    { id: 'prov-audit', name: '某省审计厅', kind: 'department', parentId: 'prov' },
    { id: 'city-a', name: '甲市人民政府', kind: 'government', parentId: 'prov' },
    { id: 'city-b', name: '乙市人民政府', kind: 'government', parentId: 'prov' },
  ])
  await grant('demo-coordinator', 'jy', 'task_coordinator')
  await grant('demo-coordinator', 'prov', 'task_coordinator')
})

async function preview(planId: string, form: FormData): Promise<ImportPreview> {
  return expectJson<ImportPreview>(await api('coordinator', `/plans/${planId}/imports`, { form }), 200)
}

async function commit(planId: string, importId: string) {
  return api('coordinator', `/plans/${planId}/imports/${importId}/commit`, { method: 'POST' })
}

const tasksOf = (planId: string) => count('SELECT count(*) AS n FROM tasks WHERE plan_id = ?1', planId)

describe('plans', () => {
  it('lets an agency’s office create one plan per year, and lists it', async () => {
    const res = await api('coordinator', '/agencies/demo/plans', {
      body: { year: 2030, title: '2030年要点' },
    })
    const plan = await expectJson<{ id: string; agencyId: string; year: number; taskCount: number }>(res, 201)
    expect(plan).toMatchObject({ agencyId: 'agency-demo', year: 2030, taskCount: 0 })
    const again = await api('coordinator', '/agencies/agency-demo/plans', {
      body: { year: 2030, title: 'x' },
    })
    expect(again.status).toBe(409)
    const list = await expectJson<{ items: { id: string }[] }>(
      await api('coordinator', '/agencies/demo/plans'),
      200,
    )
    expect(list.items.map((p) => p.id)).toContain(plan.id)
  })

  it.each([
    ['staff without the office role', 'registrar', '/agencies/demo/plans', 403],
    ['a unit’s reporter, for the government it is no part of', 'reporter-edu', '/agencies/demo/plans', 404],
    ['the office of another agency', 'coordinator', '/agencies/agency-demo-edu/plans', 404],
    ['anyone, for an agency that does not exist', 'coordinator', '/agencies/nowhere/plans', 404],
  ] as const)('refuses a plan to %s', async (_who, user, path, status) => {
    const res = await api(user, path, { body: { year: 2031, title: '要点' } })
    expect(res.status).toBe(status)
  })

  it.each([
    [{ year: 1999, title: '要点' }, 'year'],
    [{ year: '2031', title: '要点' }, 'year'],
    [{ year: 2031, title: '  ' }, 'title'],
    [{ year: 2031 }, 'title'],
    [{ year: 2031, title: '要点', extra: 1 }, 'extra'],
  ])('refuses the plan body %j (422 at %s)', async (body, path) => {
    const res = await api('coordinator', '/agencies/demo/plans', { body })
    const error = await expectJson<{ error: { issues: { path: string }[] } }>(res, 422)
    expect(error.error.issues.map((i) => i.path).join(',')).toContain(path)
  })

  it('answers 401 without a token', async () => {
    const res = await call('/api/v1/agencies/demo/plans')
    expect(res.status).toBe(401)
  })
})

describe('importing the 江阳区 2023 table', () => {
  it('previews without writing, maps units, commits, and re-imports the .csv without duplicates', async () => {
    const planId = await newPlan('jy', 2023)
    const first = await preview(planId, fileForm(bytesOf(JIANGYANG_XLSX), '分解表.xlsx', XLSX_TYPE))
    expect(first.rows).toHaveLength(19)
    expect(first.summary).toMatchObject({ error: 0, create: 19, update: 0, unchanged: 0 })
    expect(first.summary.unmatchedUnits).toEqual(
      expect.arrayContaining(['园区管委会', '区政府有关部门', '有关街镇']),
    )
    expect(await tasksOf(planId)).toBe(0)
    const first0 = first.rows[0]!
    expect(first0).toMatchObject({
      row: 4,
      status: 'warning',
      action: 'create',
      task: { group: '积极深化主动公开', name: '扎实推进重大战略部署信息公开', milestones: [] },
    })
    expect(first0.messages.map((m) => m.message)).toContain(
      '单位“园区管委会”不在本级政府的单位名录中，请对应到具体单位',
    )
    // 各街镇 is the township, 区政府各部门 every department.
    const units = first0.task!.responsibleUnits
    expect(units.filter((u) => u.name === '各街镇').map((u) => u.agencyId)).toEqual(['jy-dsp'])
    expect(units.filter((u) => u.name === '区政府各部门').map((u) => u.agencyId)).toHaveLength(5)

    // A person maps the unknown names; the same import, seen again, takes them in.
    for (const [name, agencyId] of [
      ['园区管委会', 'jy-park'],
      ['区政府有关部门', 'jy-office'],
      ['有关街镇', 'jy-dsp'],
    ]) {
      const mapped = await api('coordinator', '/agencies/jy/task-units/mappings', {
        method: 'PUT',
        body: { name, agencyId },
      })
      expect(mapped.status).toBe(200)
    }
    const again = await expectJson<ImportPreview>(
      await api('coordinator', `/plans/${planId}/imports/${first.importId}`),
      200,
    )
    for (const name of ['园区管委会', '区政府有关部门', '有关街镇']) {
      expect(again.summary.unmatchedUnits).not.toContain(name)
    }
    // Departments this test's tree does not have stay flagged for a person.
    expect(again.summary.unmatchedUnits).toContain('区科技和人才局')
    expect(await tasksOf(planId)).toBe(0)

    expect(await expectJson(await commit(planId, first.importId), 200)).toEqual({
      created: 19,
      updated: 0,
      unchanged: 0,
    })
    expect(await tasksOf(planId)).toBe(19)
    expect((await commit(planId, first.importId)).status).toBe(409)

    const csv = await preview(planId, fileForm(JIANGYANG_CSV, '分解表.csv', 'text/csv'))
    expect(csv.summary).toMatchObject({ create: 0, update: 0, unchanged: 19, error: 0 })
    expect(await expectJson(await commit(planId, csv.importId), 200)).toEqual({
      created: 0,
      updated: 0,
      unchanged: 19,
    })
    expect(await tasksOf(planId)).toBe(19)

    const list = await expectJson<{ items: { name: string; group: string | null; leadUnits: unknown[] }[] }>(
      await api('coordinator', `/plans/${planId}/tasks`),
      200,
    )
    expect(list.items).toHaveLength(19)
    expect(list.items[0]).toMatchObject({ group: '积极深化主动公开', name: '扎实推进重大战略部署信息公开' })
  })
})

describe('importing the grouped provincial table (繁體, 牵头单位 merged, 序号 restarting)', () => {
  it('reads every row of the .xlsx file: groups, restarting 序号, a merged name as two tasks', async () => {
    const planId = await newPlan('prov', 2024)
    const result = await preview(planId, fileForm(bytesOf(PROVINCIAL_XLSX), '重點任務.xlsx', XLSX_TYPE))
    expect(result.rows.map((r) => [r.row, r.status, r.task?.group, r.task?.seq])).toEqual([
      [4, 'ok', '省政府辦公廳', 1],
      [5, 'ok', '省政府辦公廳', 2],
      [6, 'ok', '省政府辦公廳', 3],
      [7, 'ok', '省政府辦公廳', 3],
      [8, 'ok', '省财政厅', 1],
      [9, 'warning', '省财政厅', 2],
      [10, 'warning', '省财政厅', 2],
      [12, 'ok', '省司法廳', 1],
      [13, 'warning', '省司法廳', 2],
    ])
    expect(result.rows[1]?.task).toMatchObject({
      name: '（二）做好政策解讀',
      deadlineText: '9月底前啟動\n年底前完成\n長期推進',
      milestones: [
        { kind: 'start', by: '2024-09-30' },
        { kind: 'complete', by: '2024-12-31' },
        { kind: 'ongoing' },
      ],
      leadUnits: [{ name: '省政府辦公廳', agencyId: 'prov-office' }],
    })
    expect(result.rows[3]?.task?.key).toBe('省政府办公厅/规范政府公报#2')
    expect(result.rows[6]?.messages.map((m) => m.code)).toEqual(['duplicate_seq'])
    expect(result.rows[8]?.messages.map((m) => m.message)).toEqual([
      '完成时限“及時”未能识别，导入后请人工设定',
    ])
    expect(result.summary).toMatchObject({ ok: 6, warning: 3, error: 0, create: 9 })
    expect(await expectJson(await commit(planId, result.importId), 200)).toEqual({
      created: 9,
      updated: 0,
      unchanged: 0,
    })
    expect(await tasksOf(planId)).toBe(9)
  })

  it('reads the .csv export the same way, except the name cell the export split (that row is left out)', async () => {
    const planId = await newPlan('prov', 2025)
    const result = await preview(planId, fileForm(PROVINCIAL_CSV, '重點任務.csv', 'text/csv'))
    expect(result.rows.map((r) => [r.row, r.status, r.task?.group ?? null, r.task?.seq ?? null])).toEqual([
      [4, 'ok', '省政府辦公廳', 1],
      [5, 'ok', '省政府辦公廳', 2],
      [6, 'ok', '省政府辦公廳', 3],
      [7, 'error', null, null],
      [8, 'ok', '省财政厅', 1],
      [9, 'warning', '省财政厅', 2],
      [10, 'warning', '省财政厅', 2],
      [12, 'ok', '省司法廳', 1],
      [13, 'warning', '省司法廳', 2],
    ])
    expect(result.rows[3]?.messages.map((m) => m.message)).toEqual(['这一行没有任务名称，不会导入'])
    expect(result.rows[1]?.task?.milestones).toMatchObject([
      { kind: 'start', by: '2025-09-30' },
      { kind: 'complete', by: '2025-12-31' },
      { kind: 'ongoing' },
    ])
    expect(await expectJson(await commit(planId, result.importId), 200)).toEqual({
      created: 8,
      updated: 0,
      unchanged: 0,
    })
    expect(await tasksOf(planId)).toBe(8)
  })

  it('updates the task a corrected file changes, by its key, and keeps a person’s milestones', async () => {
    const planId = await newPlan('prov', 2026)
    const first = await preview(planId, fileForm(PROVINCIAL_CSV, 'a.csv', 'text/csv'))
    await expectJson(await commit(planId, first.importId), 200)
    const tasks = await expectJson<{
      items: { id: string; name: string; version: number; deadlineText: string }[]
    }>(await api('coordinator', `/plans/${planId}/tasks`), 200)
    // A person sets the milestone 及時 left unread.
    const law = tasks.items.find((t) => t.name === '做好依申請公開工作')!
    const set = await api('coordinator', `/tasks/${law.id}`, {
      method: 'PUT',
      body: {
        version: law.version,
        group: '省司法廳',
        seq: 2,
        name: law.name,
        requirements: '完善法制審核流程，降低被糾錯率。',
        deadlineText: law.deadlineText,
        milestones: [{ kind: 'complete', by: '2026-03-31' }, { kind: 'ongoing' }],
        leadUnits: '省司法廳',
        responsibleUnits: '各市政府',
      },
    })
    expect(set.status).toBe(200)
    const corrected = PROVINCIAL_CSV.replace(
      '细化部门预决算公开内容，完善公开参考样表。',
      '细化部门预决算公开内容，完善公开参考样表并按时公开。',
    )
    const second = await preview(planId, fileForm(corrected, 'b.csv', 'text/csv'))
    expect(second.summary).toMatchObject({ create: 0, update: 1, unchanged: 7 })
    const changed = second.rows.find((r) => r.action === 'update')!
    expect(changed.task?.name).toBe('深化预决算公开')
    const kept = second.rows.find((r) => r.task?.name === '做好依申請公開工作')!
    expect(kept.action).toBe('unchanged')
    expect(kept.task?.milestones).toMatchObject([{ kind: 'complete', by: '2026-03-31' }, { kind: 'ongoing' }])
    expect(await expectJson(await commit(planId, second.importId), 200)).toEqual({
      created: 0,
      updated: 1,
      unchanged: 7,
    })
    expect(await tasksOf(planId)).toBe(8)
  })
})

describe('bad input to an import', () => {
  let planId: string
  beforeAll(async () => {
    planId = await newPlan('demo', 2029)
  })

  const refused = async (form: FormData | undefined, status: number, init: { contentType?: string } = {}) => {
    const res = init.contentType
      ? await call(`/api/v1/plans/${planId}/imports`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${await token('coordinator')}`,
            'content-type': init.contentType,
          },
          body: 'x',
        })
      : await api('coordinator', `/plans/${planId}/imports`, { form: form ?? new FormData() })
    const body = await expectJson<{
      error: { code: string; message: string; issues?: { code: string; message: string }[] }
    }>(res, status)
    expect(await count('SELECT count(*) AS n FROM task_imports WHERE plan_id = ?1', planId)).toBe(0)
    expect(await tasksOf(planId)).toBe(0)
    return body.error
  }

  it('refuses a 20 MB file with 413 and says how large a table may be', async () => {
    const error = await refused(fileForm(new Uint8Array(20 * 1024 * 1024), 'big.xlsx'), 413)
    expect(error.message).toBe('文件过大：任务分解表不能超过 5 MB')
  })

  it.each([
    [
      'a picture',
      new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
      'not_a_spreadsheet',
    ],
    [
      'an old .xls',
      new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]),
      'legacy_or_encrypted_workbook',
    ],
    [
      'a zip that is no workbook',
      new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6]),
      'not_a_spreadsheet',
    ],
    ['text without a header', new TextEncoder().encode('一,二,三\n1,2,3\n'), 'header_not_found'],
    ['a header with no task below it', new TextEncoder().encode('序号,任务名称,责任单位\n'), 'no_rows'],
  ])('refuses %s with 422 and a message', async (_what, bytes, code) => {
    const error = await refused(fileForm(bytes as Uint8Array<ArrayBuffer>, 'table.xlsx'), 422)
    expect(error.issues?.[0]?.code).toBe(code)
    expect(error.issues?.[0]?.message.length).toBeGreaterThan(8)
  })

  it('refuses a body without a file (422) and one that is not multipart (415)', async () => {
    expect((await refused(new FormData(), 422)).issues?.[0]?.code).toBe('required')
    await refused(undefined, 415, { contentType: 'application/json' })
  })

  it('refuses an import to staff who cannot see the plan (404), before reading the file', async () => {
    const form = fileForm(JIANGYANG_CSV, 'a.csv')
    expect((await api('reporter-edu', `/plans/${planId}/imports`, { form })).status).toBe(404)
    expect((await api('registrar', `/plans/${planId}/imports`, { form })).status).toBe(404)
    expect((await api('coordinator', '/plans/no-such-plan/imports', { form })).status).toBe(404)
  })

  it('leaves no half plan when an import is abandoned, and the cron removes the import a week later', async () => {
    const plan = await newPlan('demo', 2028)
    const result = await preview(
      plan,
      fileForm('序号,任务名称,完成时限,责任单位\n1,公开预算,年底前,县教育局\n', 'a.csv'),
    )
    expect(result.summary.create).toBe(1)
    expect(await tasksOf(plan)).toBe(0)
    expect(await count('SELECT count(*) AS n FROM task_plan_events WHERE plan_id = ?1', plan)).toBe(0)
    await runScheduled(env, Date.now() + 8 * 24 * 3_600_000)
    expect(await count('SELECT count(*) AS n FROM task_imports WHERE id = ?1', result.importId)).toBe(0)
    expect((await commit(plan, result.importId)).status).toBe(404)
  })

  it('writes one of two commits racing for the same import and answers the other 409', async () => {
    const plan = await newPlan('demo', 2027)
    const result = await preview(
      plan,
      fileForm(
        '序号,任务名称,完成时限,责任单位\n1,公开预算,年底前,县教育局\n2,公开决算,年底前,县教育局\n',
        'a.csv',
      ),
    )
    const [a, b] = await Promise.all([commit(plan, result.importId), commit(plan, result.importId)])
    expect([a.status, b.status].sort()).toEqual([200, 409])
    expect(await tasksOf(plan)).toBe(2)
  })
})
