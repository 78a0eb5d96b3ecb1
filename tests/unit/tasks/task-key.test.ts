import { describe, expect, it } from 'vitest'
import writeXlsxFile from 'write-excel-file/universal'
import { readTaskTableCsv, readTaskTableXlsx, type TaskTable } from '../../../workflows/tasks/table'
import { taskKey } from '../../../workflows/tasks/task-key'
import { PROVINCIAL_2024, type ProvincialGroup } from '../../fixtures/tasks/provincial-2024'
import { provincialSheet } from '../../fixtures/tasks/sheets'

const LIMITS = { maxBytes: 1_000_000 }

function csvTable(csv: string): TaskTable {
  const result = readTaskTableCsv(csv, LIMITS)
  if (!result.ok) throw new Error(JSON.stringify(result.error))
  return result.table
}

describe('taskKey', () => {
  it('is the folded group and name', () => {
    expect(taskKey({ group: '省政府办公厅', lead: '', name: '推进决策公开' })).toBe(
      '省政府办公厅/推进决策公开',
    )
  })

  it.each([
    ['spacing', ' 推进 决策\n公开 '],
    ['punctuation', '推进“决策”公开。'],
    ['full-width punctuation and spaces', '推进　决策（公开）'],
    ['traditional characters', '推進決策公開'],
    ['numbering (一)', '（一）推进决策公开'],
    ['numbering 1.', '1．推进决策公开'],
    ['numbering 三、', '三、推进决策公开'],
  ])('does not change with %s', (_, name) => {
    expect(taskKey({ group: '省政府辦公廳', lead: '', name })).toBe('省政府办公厅/推进决策公开')
  })

  it('changes when the name is reworded or the task moves to another group', () => {
    const key = taskKey({ group: 'A组', lead: '', name: '推进决策公开' })
    expect(taskKey({ group: 'A组', lead: '', name: '推进重大决策公开' })).not.toBe(key)
    expect(taskKey({ group: 'B组', lead: '', name: '推进决策公开' })).not.toBe(key)
  })

  it('falls back to the lead unit when there is no group, and ignores the lead when there is one', () => {
    expect(taskKey({ group: null, lead: '县财政局', name: '预算公开' })).toBe('县财政局/预算公开')
    expect(taskKey({ group: '一、财政', lead: '县财政局', name: '预算公开' })).toBe(
      taskKey({ group: '一、财政', lead: '县审计局', name: '预算公开' }),
    )
    expect(taskKey({ group: null, lead: '', name: '预算公开' })).toBe('/预算公开')
  })

  it('tells apart the rows of one merged name cell', () => {
    expect(taskKey({ group: 'A', lead: '', name: '规范公报', part: 2 })).toBe('a/规范公报#2')
  })

  it('does not depend on the 序号 or the row', () => {
    const first = csvTable('序号,任务名称,牵头单位\n1,预算公开,县财政局').rows[0]
    const moved = csvTable('说明\n序号,任务名称,牵头单位\n\n7,预算公开,县财政局').rows[0]
    expect(moved?.row).not.toBe(first?.row)
    expect(moved?.key).toBe(first?.key)
  })

  it('keeps two groups that both start at 序号 1 apart', () => {
    const table = csvTable(
      [
        '序号,任务名称,牵头单位',
        '1,做好政策解读,省政府办公厅',
        '2,推进决策公开,省政府办公厅',
        '1,做好政策解读,省财政厅',
      ].join('\n'),
    )
    expect(table.rows.map((row) => [row.group, row.seq, row.key, row.problems])).toEqual([
      ['省政府办公厅', 1, '省政府办公厅/做好政策解读', []],
      ['省政府办公厅', 2, '省政府办公厅/推进决策公开', []],
      ['省财政厅', 1, '省财政厅/做好政策解读', []],
    ])
  })
})

describe('re-importing a corrected provincial table', () => {
  async function keysOf(groups: ProvincialGroup[]): Promise<Map<string, number>> {
    const blob = await writeXlsxFile(provincialSheet(groups), {}).toBlob()
    const result = readTaskTableXlsx(new Uint8Array(await blob.arrayBuffer()), LIMITS)
    if (!result.ok) throw new Error(JSON.stringify(result.error))
    expect(result.table.rows.flatMap((row) => row.problems.filter((p) => p.severity === 'error'))).toEqual([])
    return new Map(result.table.rows.map((row) => [row.key ?? '', row.row]))
  }

  it('finds every task again after a row is inserted above, names are tidied and 序号 renumbered', async () => {
    const before = await keysOf(PROVINCIAL_2024)
    const [office, finance, justice] = PROVINCIAL_2024 as [ProvincialGroup, ProvincialGroup, ProvincialGroup]
    const inserted = {
      seq: 1,
      name: '新增：公开年度报告',
      content: '按时发布年度报告。',
      carrier: '省政府門戶網站',
      deadline: '1月31日前',
      responsible: '省政府各部门',
    }
    const corrected: ProvincialGroup[] = [
      {
        ...office,
        rows: [
          inserted,
          ...office.rows.map((row) => ({
            ...row,
            seq: row.seq + 1,
            // Re-typed in simplified characters with half-width brackets and a stray space.
            name: row.name.replace('（一）推進重大決策預公開', '(一) 推进重大决策预公开'),
          })),
        ],
      },
      { ...finance, rows: finance.rows.map((row, index) => ({ ...row, seq: index + 1 })) },
      justice,
    ]
    const after = await keysOf(corrected)
    for (const [key, row] of before) {
      expect(after.has(key), key).toBe(true)
      expect(after.get(key), key).toBeGreaterThan(row)
    }
    expect(after.size).toBe(before.size + 1)
  })
})
