import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { previewTaskImport } from '../../../workflows/tasks/preview'
import {
  readTaskTableCsv,
  readTaskTableFile,
  type TaskTable,
  type TaskTableResult,
} from '../../../workflows/tasks/table'
import { buildUnitDirectory } from '../../../workflows/tasks/units'

const LIMITS = { maxBytes: 1_000_000 }

function table(result: TaskTableResult): TaskTable {
  if (!result.ok) throw new Error(JSON.stringify(result.error))
  return result.table
}

const province = buildUnitDirectory(
  [
    { id: 'office', name: '省政府办公厅' },
    { id: 'finance', name: '省财政厅' },
    { id: 'justice', name: '省司法厅' },
    { id: 'audit', name: '省审计厅' },
    { id: 'city-a', name: '甲市人民政府' },
    { id: 'city-b', name: '乙市人民政府' },
  ],
  { 各市政府: ['city-a', 'city-b'], 省政府各部门: ['office', 'finance', 'justice', 'audit'] },
)

describe('previewTaskImport', () => {
  it('shows what each row of the provincial table becomes, with what needs a person', () => {
    const bytes = new Uint8Array(
      readFileSync(new URL('../../fixtures/tasks/provincial-2024.xlsx', import.meta.url)),
    )
    const preview = previewTaskImport(table(readTaskTableFile(bytes, LIMITS)), {
      planYear: 2024,
      units: province,
    })
    expect(preview.rows.map((row) => [row.row, row.status, row.messages.map((m) => m.code)])).toEqual([
      [4, 'ok', []],
      [5, 'ok', []],
      [6, 'ok', []],
      [7, 'ok', []],
      [8, 'ok', []],
      [9, 'warning', ['unit_unmatched']],
      [10, 'warning', ['duplicate_seq']],
      [12, 'ok', []],
      [13, 'warning', ['deadline_unparsed']],
    ])
    expect(preview.summary).toEqual({ ok: 6, warning: 3, error: 0, unmatchedUnits: ['有关被审计单位'] })
    const policy = preview.rows[1]?.task
    expect(policy).toMatchObject({
      key: '省政府办公厅/做好政策解读',
      group: '省政府辦公廳',
      seq: 2,
      name: '（二）做好政策解讀',
      deadlineText: '9月底前啟動\n年底前完成\n長期推進',
      milestones: [
        { kind: 'start', by: '2024-09-30' },
        { kind: 'complete', by: '2024-12-31' },
        { kind: 'ongoing' },
      ],
    })
    expect(policy?.leadUnits.map((unit) => [unit.name, unit.agencyIds])).toEqual([
      ['省政府辦公廳', ['office']],
    ])
    expect(policy?.responsibleUnits.flatMap((unit) => unit.agencyIds)).toEqual([
      'city-a',
      'city-b',
      'office',
      'finance',
      'justice',
      'audit',
    ])
    expect(preview.rows[8]?.messages).toEqual([
      { code: 'deadline_unparsed', severity: 'warning', params: { text: '及時' } },
    ])
  })

  it('uses a remembered mapping for a unit mapped in an earlier import', () => {
    const bytes = new Uint8Array(
      readFileSync(new URL('../../fixtures/tasks/provincial-2024.xlsx', import.meta.url)),
    )
    const preview = previewTaskImport(table(readTaskTableFile(bytes, LIMITS)), {
      planYear: 2024,
      units: province,
      remembered: { 有关被审计单位: 'audit' },
    })
    expect(preview.summary.unmatchedUnits).toEqual([])
    expect(preview.rows[5]?.status).toBe('ok')
  })

  it('leaves a row with an error out, with its message', () => {
    const preview = previewTaskImport(
      table(readTaskTableCsv('序号,任务名称,牵头单位\n1,,省财政厅', LIMITS)),
      {
        planYear: 2024,
        units: province,
      },
    )
    expect(preview.rows).toEqual([
      {
        row: 2,
        status: 'error',
        messages: [{ code: 'missing_task_name', severity: 'error', params: {} }],
        task: null,
      },
    ])
    expect(preview.summary).toMatchObject({ ok: 0, warning: 0, error: 1 })
  })

  it('takes units from bracket notes in the task text when the table has no unit columns (清水县 style)', () => {
    const county = buildUnitDirectory([
      { id: 'office', name: '县政府办公室' },
      { id: 'service', name: '县行政服务中心' },
    ])
    const csv = [
      '序号,任务名称,具体任务内容',
      '1,推进行政权力清单公开,"实行“阳光审批”。(县政府办公室牵头落实)发布服务指南。(县行政服务中心牵头落实,县政府有关部门配合落实)"',
    ].join('\n')
    const preview = previewTaskImport(table(readTaskTableCsv(csv, LIMITS)), { planYear: 2015, units: county })
    const task = preview.rows[0]?.task
    expect(task?.leadUnits.map((unit) => [unit.name, unit.role, unit.agencyIds])).toEqual([
      ['县政府办公室', 'lead', ['office']],
      ['县行政服务中心', 'lead', ['service']],
    ])
    expect(task?.responsibleUnits.map((unit) => [unit.name, unit.match])).toEqual([
      ['县政府有关部门', 'unknown'],
    ])
    expect(preview.rows[0]?.messages.map((m) => m.code)).toEqual(['unit_unmatched'])
  })
})
