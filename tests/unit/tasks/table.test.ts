import { readFileSync } from 'node:fs'
import { strToU8, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import writeXlsxFile from 'write-excel-file/universal'
import { parseDeadline } from '../../../workflows/tasks/deadlines'
import {
  readTaskTableCsv,
  readTaskTableFile,
  readTaskTableXlsx,
  type TaskRow,
  type TaskTable,
  type TaskTableResult,
} from '../../../workflows/tasks/table'
import { JIANGYANG_2023 } from '../../fixtures/tasks/jiangyang-2023'
import { PROVINCIAL_2024 } from '../../fixtures/tasks/provincial-2024'
import { type FixtureSheet, JIANGYANG_FIRST_TASK_ROW } from '../../fixtures/tasks/sheets'
import { rawXlsx, row, text } from './xlsx-builder'

const LIMITS = { maxBytes: 1_000_000 }

function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`../../fixtures/tasks/${name}`, import.meta.url)))
}

function table(result: TaskTableResult): TaskTable {
  if (!result.ok) throw new Error(`expected a table, got ${JSON.stringify(result.error)}`)
  return result.table
}

async function xlsxOf(sheet: FixtureSheet): Promise<Uint8Array> {
  const blob = await writeXlsxFile(sheet, {}).toBlob()
  return new Uint8Array(await blob.arrayBuffer())
}

const codes = (row: TaskRow) => row.problems.map((problem) => problem.code)

describe('江阳区 2023 (seed 004): 任务名称 over two columns, categories merged down', () => {
  const expected = JIANGYANG_2023.flatMap((block) =>
    block.tasks.map((task) => ({ ...task, group: block.category })),
  )

  for (const file of ['jiangyang-2023.xlsx', 'jiangyang-2023.csv']) {
    it(`reads every row of ${file}`, () => {
      const result = table(readTaskTableFile(fixture(file), LIMITS))
      expect(result.format).toBe(file.endsWith('.xlsx') ? 'xlsx' : 'csv')
      expect(result.headerRow).toBe(3)
      expect(result.columns).toEqual({ group: 0, name: 1, requirements: 2, responsible: 3 })
      expect(result.notices).toEqual([])
      expect(result.rows).toHaveLength(19)
      result.rows.forEach((taskRow, index) => {
        const task = expected[index]
        expect(taskRow).toMatchObject({
          row: JIANGYANG_FIRST_TASK_ROW + index,
          group: task?.group,
          seq: null,
          part: null,
          problems: [],
          cells: {
            seq: '',
            name: task?.name,
            requirements: task?.content,
            carrier: '',
            deadline: '',
            lead: '',
            responsible: task?.units,
          },
        })
      })
    })
  }

  it('reads the .xlsx and the .csv export of the same table alike', () => {
    const xlsx = table(readTaskTableFile(fixture('jiangyang-2023.xlsx'), LIMITS))
    const csv = table(readTaskTableFile(fixture('jiangyang-2023.csv'), LIMITS))
    expect(csv.rows).toEqual(xlsx.rows)
  })

  it('keeps one group for a category the source repeats across a page break', () => {
    const rows = table(readTaskTableFile(fixture('jiangyang-2023.xlsx'), LIMITS)).rows
    expect(rows.filter((r) => r.group === '切实推动政务公开转型升级').map((r) => r.row)).toEqual([
      8, 9, 10, 11, 12, 13,
    ])
    expect(new Set(rows.map((r) => r.group)).size).toBe(5)
    expect(rows[0]?.key).toBe('积极深化主动公开/扎实推进重大战略部署信息公开')
    expect(rows[1]?.key).toBe('积极深化主动公开/扎实推进教育科技人才建设信息公开')
  })
})

describe('a provincial table grouped by 牵头单位 (繁體, 序号 restarting, 牵头单位 merged down)', () => {
  const expected = PROVINCIAL_2024.flatMap((group) => group.rows.map((r) => ({ ...r, lead: group.lead })))
  const rowNumbers = [4, 5, 6, 7, 8, 9, 10, 12, 13]

  it('reads every row of the .xlsx, merged cells filled in', () => {
    const result = table(readTaskTableFile(fixture('provincial-2024.xlsx'), LIMITS))
    expect(result.headerRow).toBe(3)
    expect(result.columns).toEqual({
      seq: 0,
      name: 1,
      requirements: 2,
      carrier: 3,
      deadline: 4,
      lead: 5,
      responsible: 6,
    })
    expect(result.rows.map((r) => r.row)).toEqual(rowNumbers)
    result.rows.forEach((taskRow, index) => {
      const source = expected[index]
      expect(taskRow.group).toBe(source?.lead)
      expect(taskRow.seq).toBe(source?.seq)
      expect(taskRow.cells).toEqual({
        seq: String(source?.seq),
        name: source?.name,
        requirements: source?.content,
        carrier: source?.carrier,
        deadline: source?.deadline,
        lead: source?.lead,
        responsible: source?.responsible,
      })
    })
    expect(result.rows.map((r) => r.part)).toEqual([null, null, 1, 2, null, null, null, null, null])
    expect(result.rows.map((r) => r.key)).toEqual([
      '省政府办公厅/推进重大决策预公开',
      '省政府办公厅/做好政策解读',
      '省政府办公厅/规范政府公报#1',
      '省政府办公厅/规范政府公报#2',
      '省财政厅/深化预决算公开',
      '省财政厅/推进审计整改结果公开',
      '省财政厅/公开政府债务信息',
      '省司法厅/公开行政执法结果',
      '省司法厅/做好依申请公开工作',
    ])
    expect(result.rows.map(codes)).toEqual([[], [], [], [], [], [], ['duplicate_seq'], [], []])
    expect(result.rows[6]?.problems[0]).toEqual({
      code: 'duplicate_seq',
      severity: 'warning',
      params: { seq: 2, firstRow: 9 },
    })
  })

  it('keeps multi-line 完成时限 cells verbatim and reads them for the plan year', () => {
    const result = table(readTaskTableFile(fixture('provincial-2024.xlsx'), LIMITS))
    const policy = result.rows.find((r) => r.row === 5)
    expect(policy?.cells.deadline).toBe('9月底前啟動\n年底前完成\n長期推進')
    expect(parseDeadline(policy?.cells.deadline ?? '', 2024)).toEqual([
      { kind: 'start', by: '2024-09-30', text: '9月底前啟動' },
      { kind: 'complete', by: '2024-12-31', text: '年底前完成' },
      { kind: 'ongoing', text: '長期推進' },
    ])
  })

  it('reads the .csv export: lead units continue down their group, a split name cell is lost', () => {
    const result = table(readTaskTableFile(fixture('provincial-2024.csv'), LIMITS))
    expect(result.rows.map((r) => r.row)).toEqual(rowNumbers)
    expect(result.rows.map((r) => r.cells.lead)).toEqual(expected.map((r) => r.lead))
    expect(result.rows.map((r) => r.group)).toEqual(expected.map((r) => r.lead))
    // CSV has no merged cells: the second row of 规范政府公报 has no name of its own.
    expect(result.rows.map(codes)).toEqual([
      [],
      [],
      [],
      ['missing_task_name'],
      [],
      [],
      ['duplicate_seq'],
      [],
      [],
    ])
    expect(result.rows[2]).toMatchObject({ part: null, key: '省政府办公厅/规范政府公报' })
    expect(result.rows[3]).toMatchObject({ key: null, seq: null })
  })
})

describe('files that are not task tables', () => {
  it('refuses a file over the size limit before reading it', () => {
    const twentyMegabytes = new Uint8Array(20 * 1024 * 1024)
    expect(readTaskTableFile(twentyMegabytes, { maxBytes: 10 * 1024 * 1024 })).toEqual({
      ok: false,
      error: { code: 'file_too_large', size: 20 * 1024 * 1024, max: 10 * 1024 * 1024 },
    })
    expect(readTaskTableXlsx(fixture('provincial-2024.xlsx'), { maxBytes: 100 })).toMatchObject({
      ok: false,
      error: { code: 'file_too_large', max: 100 },
    })
    expect(readTaskTableCsv('序号,任务名称\n1,公开', { maxBytes: 10 })).toMatchObject({
      ok: false,
      error: { code: 'file_too_large', max: 10 },
    })
  })

  it('says an image or other binary file is not a spreadsheet', () => {
    const png = new Uint8Array([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52,
    ])
    expect(readTaskTableFile(png, LIMITS)).toEqual({ ok: false, error: { code: 'not_a_spreadsheet' } })
  })

  it('says a zip that is not a workbook, or a damaged one, is not a spreadsheet', () => {
    const docx = zipSync({ 'word/document.xml': strToU8('<w:document/>') })
    expect(readTaskTableFile(docx, LIMITS)).toEqual({ ok: false, error: { code: 'not_a_spreadsheet' } })
    const truncated = fixture('provincial-2024.xlsx').slice(0, 1500)
    expect(readTaskTableFile(truncated, LIMITS)).toEqual({ ok: false, error: { code: 'not_a_spreadsheet' } })
    const badXml = rawXlsx({ sheets: [{ name: 'S', rows: '<row r="1"><c r="A1"' }] })
    expect(readTaskTableFile(badXml, LIMITS)).toEqual({ ok: false, error: { code: 'not_a_spreadsheet' } })
  })

  it('asks for .xlsx instead of an old binary .xls or a password-protected workbook', () => {
    const ole = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0])
    expect(readTaskTableFile(ole, LIMITS)).toEqual({
      ok: false,
      error: { code: 'legacy_or_encrypted_workbook' },
    })
  })

  it('refuses a workbook part that unpacks far beyond the file size (zip bomb)', () => {
    const rows = row(1, ['序号', '任务名称']) + row(2, ['1', 'x'.repeat(3_000_000)])
    const bomb = rawXlsx({ sheets: [{ name: 'S', rows }] })
    expect(bomb.length).toBeLessThan(100_000)
    expect(readTaskTableFile(bomb, { maxBytes: 100_000 })).toEqual({
      ok: false,
      error: { code: 'unpacked_too_large', part: 'xl/worksheets/sheet1.xml', max: 2_000_000 },
    })
  })

  it('refuses a sheet with data below the row limit', () => {
    const lines = ['序号,任务名称', ...Array.from({ length: 30 }, (_, i) => `${i + 1},任务${i + 1}`)]
    expect(readTaskTableCsv(lines.join('\n'), { ...LIMITS, maxRows: 20 })).toEqual({
      ok: false,
      error: { code: 'too_many_rows', rows: 21, max: 20 },
    })
    const far = rawXlsx({
      sheets: [{ name: 'S', rows: row(1, ['序号', '任务名称']) + row(6000, ['1', '任务']) }],
    })
    expect(readTaskTableXlsx(far, LIMITS)).toEqual({
      ok: false,
      error: { code: 'too_many_rows', rows: 6000, max: 5000 },
    })
  })

  it('says when no sheet has a task header', () => {
    expect(readTaskTableCsv('姓名,电话\n张三,123', LIMITS)).toEqual({
      ok: false,
      error: { code: 'header_not_found', searchedRows: 30 },
    })
    expect(readTaskTableFile(strToU8('hello world'), LIMITS)).toMatchObject({
      ok: false,
      error: { code: 'header_not_found' },
    })
  })
})

describe('text encodings of CSV', () => {
  const utf8 = '序号,任务名称,完成时限,责任单位\r\n1,推进政务公开,年底前完成,区财政局\r\n'
  const expectRow = (result: TaskTableResult) =>
    expect(table(result).rows).toMatchObject([
      { row: 2, seq: 1, cells: { name: '推进政务公开', deadline: '年底前完成', responsible: '区财政局' } },
    ])

  it('reads UTF-8 with and without a byte-order mark', () => {
    expectRow(readTaskTableFile(strToU8(utf8), LIMITS))
    expectRow(readTaskTableFile(strToU8(`\uFEFF${utf8}`), LIMITS))
  })

  it('reads GB18030, as Excel saves CSV on Chinese Windows', () => {
    // The same text encoded as GB18030.
    const gb18030 = new Uint8Array([
      208, 242, 186, 197, 44, 200, 206, 206, 241, 195, 251, 179, 198, 44, 205, 234, 179, 201, 202, 177, 207,
      222, 44, 212, 240, 200, 206, 181, 165, 206, 187, 13, 10, 49, 44, 205, 198, 189, 248, 213, 254, 206, 241,
      185, 171, 191, 170, 44, 196, 234, 181, 215, 199, 176, 205, 234, 179, 201, 44, 199, 248, 178, 198, 213,
      254, 190, 214, 13, 10,
    ])
    expectRow(readTaskTableFile(gb18030, LIMITS))
  })

  it('reads UTF-16 with a byte-order mark (Excel "Unicode text", tab-separated)', () => {
    const tabbed = utf8.replace(/,/g, '\t')
    const bytes = new Uint8Array(2 + tabbed.length * 2)
    bytes.set([0xff, 0xfe])
    for (let i = 0; i < tabbed.length; i++) {
      const code = tabbed.charCodeAt(i)
      bytes[2 + i * 2] = code & 0xff
      bytes[3 + i * 2] = code >> 8
    }
    expectRow(readTaskTableFile(bytes, LIMITS))
  })
})

describe('control characters in cells', () => {
  it('drops them (C0 as _xHHHH_ in an .xlsx; DEL, C1 and non-characters in a CSV) and keeps line breaks', () => {
    const xlsx = rawXlsx({
      sheets: [
        {
          name: 'S',
          rows:
            row(1, ['任务名称', '完成时限']) + row(2, ['推进_x0007_政务_x0000_公开', '年底前_x000D_\n完成']),
        },
      ],
    })
    const csv = strToU8('任务名称,完成时限\n推进\u0085政务\uffff公开,"年底前\r\n完成\u007f"\n')
    for (const result of [readTaskTableXlsx(xlsx, LIMITS), readTaskTableFile(csv, LIMITS)]) {
      expect(table(result).rows[0]?.cells).toMatchObject({
        name: '推进政务公开',
        deadline: '年底前\n完成',
      })
    }
  })
})

describe('finding the header', () => {
  it('skips title rows, notes and blank rows above it, and accepts spaced or full-width headers', () => {
    const csv = [
      '附件2',
      '',
      '"2024年某县政务公开重点任务分解表"',
      '（此表由县政府办公室汇总）',
      '序　号,"任 务\n名 称",工作要求,"完成时限",牵头单位,"责任单位（部门）"',
      '1,做好年报,按时发布,1月31日前,县政府办公室,各乡镇',
    ].join('\n')
    const result = table(readTaskTableCsv(csv, LIMITS))
    expect(result.headerRow).toBe(5)
    expect(result.columns).toEqual({ seq: 0, name: 1, requirements: 2, deadline: 3, lead: 4, responsible: 5 })
    expect(result.rows).toMatchObject([{ row: 6, seq: 1, group: null, cells: { name: '做好年报' } }])
  })

  it('uses the lower row of a two-row header with merged cells', async () => {
    const bytes = await xlsxOf([
      [
        { value: '序号', rowSpan: 2 },
        { value: '任务名称', rowSpan: 2 },
        { value: '任务分工', columnSpan: 2 },
        null,
      ],
      [null, null, { value: '牵头单位' }, { value: '配合单位' }],
      [{ value: 1 }, { value: '推进决策公开' }, { value: '县政府办公室' }, { value: '各乡镇' }],
    ])
    const result = table(readTaskTableXlsx(bytes, LIMITS))
    expect(result.headerRow).toBe(2)
    expect(result.columns).toEqual({ seq: 0, name: 1, lead: 2, responsible: 3 })
    expect(result.rows).toMatchObject([{ row: 3, cells: { lead: '县政府办公室', responsible: '各乡镇' } }])
  })

  it('reads a second header row under a heading that spans columns', () => {
    const csv = '序号,任务名称,任务分工,\n,,牵头单位,责任单位\n1,推进决策公开,县政府办公室,各乡镇'
    const result = table(readTaskTableCsv(csv, LIMITS))
    expect(result.headerRow).toBe(2)
    expect(result.columns).toEqual({ seq: 0, name: 1, lead: 2, responsible: 3 })
    expect(result.notices).toEqual([])
    expect(result.rows).toMatchObject([
      { row: 3, problems: [], cells: { lead: '县政府办公室', responsible: '各乡镇' } },
    ])
  })

  it('lists headed columns it does not use and uses the first of two columns for one field', () => {
    const csv = '序号,任务名称,责任单位,配合单位,备注\n1,做好年报,县政府办公室,各乡镇,无'
    const result = table(readTaskTableCsv(csv, LIMITS))
    expect(result.rows[0]?.cells.responsible).toBe('县政府办公室')
    expect(result.notices).toEqual([
      { code: 'duplicate_column', params: { field: 'responsible', column: 4, header: '配合单位' } },
      { code: 'column_ignored', params: { column: 5, header: '备注' } },
    ])
  })

  it('skips the header where a page break repeats it', () => {
    const csv = '序号,任务名称,责任单位\n1,甲任务,县财政局\n序号,任务名称,责任单位\n2,乙任务,县审计局'
    const result = table(readTaskTableCsv(csv, LIMITS))
    expect(result.rows.map((r) => [r.row, r.cells.name])).toEqual([
      [2, '甲任务'],
      [4, '乙任务'],
    ])
    expect(result.notices).toEqual([{ code: 'header_repeated', params: { row: 3 } }])
  })
})

describe('groups and per-row problems', () => {
  it('takes group headings from heading rows, with 序号 restarting under each', () => {
    const csv = [
      '序号,任务名称,牵头单位,责任单位',
      '一、省政府办公厅牵头,,,',
      '1,推进决策公开,省政府办公厅,各市政府',
      '2,做好政策解读,省政府办公厅,各市政府',
      '',
      '二、省财政厅牵头,,,',
      '1,推进决策公开,省财政厅,各市政府',
      '1,预算公开,省财政厅,各市政府',
    ].join('\n')
    const result = table(readTaskTableCsv(csv, LIMITS))
    expect(result.rows.map((r) => [r.row, r.group, r.seq, codes(r)])).toEqual([
      [3, '一、省政府办公厅牵头', 1, []],
      [4, '一、省政府办公厅牵头', 2, []],
      [7, '二、省财政厅牵头', 1, []],
      [8, '二、省财政厅牵头', 1, ['duplicate_seq']],
    ])
    // The same task name in two groups is two tasks.
    expect(result.rows[0]?.key).not.toBe(result.rows[2]?.key)
  })

  it('takes a heading merged across the row in .xlsx', async () => {
    const bytes = await xlsxOf([
      [{ value: '序号' }, { value: '任务名称' }, { value: '责任单位' }],
      [{ value: '（一）深化决策公开', columnSpan: 3 }, null, null],
      [{ value: 1 }, { value: '推进决策预公开' }, { value: '各市政府' }],
    ])
    const result = table(readTaskTableXlsx(bytes, LIMITS))
    expect(result.rows).toMatchObject([{ row: 3, group: '（一）深化决策公开', seq: 1, problems: [] }])
  })

  it('flags a row with content but no task name, and goes on', () => {
    const csv = '序号,任务名称,责任单位\n1,,县财政局\n2,预算公开,县财政局'
    const result = table(readTaskTableCsv(csv, LIMITS))
    expect(result.rows.map((r) => [r.row, r.key, r.problems])).toEqual([
      [2, null, [{ code: 'missing_task_name', severity: 'error', params: {} }]],
      [3, '/预算公开', []],
    ])
  })

  it('flags the second row with the same task key', () => {
    const csv = '序号,任务名称,责任单位\n1,预算公开,县财政局\n2,预算公开。,县财政局'
    const result = table(readTaskTableCsv(csv, LIMITS))
    expect(result.rows[1]?.problems).toEqual([
      { code: 'duplicate_task', severity: 'error', params: { firstRow: 2 } },
    ])
  })

  it('warns about a task without any unit', () => {
    const csv = '序号,任务名称,牵头单位,责任单位\n1,预算公开,,'
    expect(table(readTaskTableCsv(csv, LIMITS)).rows[0]?.problems).toEqual([
      { code: 'no_units', severity: 'warning', params: {} },
    ])
  })

  it('does not take the 序号 of one merged cell for a duplicate', async () => {
    const bytes = await xlsxOf([
      [{ value: '序号' }, { value: '任务名称' }, { value: '具体任务内容' }, { value: '牵头单位' }],
      [
        { value: 1, rowSpan: 2 },
        { value: '规范公报', rowSpan: 2 },
        { value: '归集历史数据' },
        { value: '省司法厅' },
      ],
      [null, null, { value: '公开纸质公报' }, { value: '各市政府' }],
    ])
    const result = table(readTaskTableXlsx(bytes, LIMITS))
    expect(result.rows.map((r) => [r.seq, r.part, r.cells.name, r.cells.requirements, codes(r)])).toEqual([
      [1, 1, '规范公报', '归集历史数据', []],
      [1, 2, '规范公报', '公开纸质公报', []],
    ])
  })
})

describe('cells of an .xlsx as a spreadsheet program writes them', () => {
  it('reads shared strings with rich-text runs, without phonetic guides, and decodes _x000D_', () => {
    const bytes = rawXlsx({
      sharedStrings:
        '<si><t>序号</t></si><si><t>任务名称</t></si>' +
        '<si><r><rPr><b/></rPr><t>推进</t></r><r><t xml:space="preserve">政务公开</t></r><rPh sb="0" eb="2"><t>tuījìn</t></rPh></si>' +
        '<si><t>第一行_x000D_\n第二行</t></si><si><t>完成时限</t></si>',
      sheets: [
        {
          name: 'S',
          rows:
            '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>4</v></c></row>' +
            // Cells without an address follow the one before.
            '<row r="2"><c r="A2"><v>1</v></c><c t="s"><v>2</v></c><c t="s"><v>3</v></c></row>',
        },
      ],
    })
    const result = table(readTaskTableXlsx(bytes, LIMITS))
    expect(result.rows).toMatchObject([
      { seq: 1, cells: { name: '推进政务公开', deadline: '第一行\n第二行' } },
    ])
  })

  it('shows a date-formatted 完成时限 as an ISO date, in both date systems', () => {
    const styles =
      '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
      '<numFmts count="1"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts>' +
      '<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="176"/></cellXfs></styleSheet>'
    const sheet = (serial1: number, serial2: number) => ({
      name: 'S',
      rows:
        row(1, ['序号', '任务名称', '完成时限', '备注']) +
        `<row r="2">${text('B2', '甲')}<c r="C2" s="1"><v>${serial1}</v></c><c r="D2" s="0"><v>45473</v></c></row>` +
        `<row r="3">${text('B3', '乙')}<c r="C3" s="2"><v>${serial2}</v></c></row>`,
    })
    const plain = table(readTaskTableXlsx(rawXlsx({ styles, sheets: [sheet(45473, 45657)] }), LIMITS))
    expect(plain.rows.map((r) => r.cells.deadline)).toEqual(['2024-06-30', '2024-12-31'])
    const mac = table(
      readTaskTableXlsx(rawXlsx({ styles, date1904: true, sheets: [sheet(44011, 44195)] }), LIMITS),
    )
    expect(mac.rows.map((r) => r.cells.deadline)).toEqual(['2024-06-30', '2024-12-31'])
    expect(parseDeadline(plain.rows[0]?.cells.deadline ?? '', 2024)).toEqual([
      { kind: 'complete', by: '2024-06-30', text: '2024-06-30' },
    ])
  })

  it('reads the first visible sheet that has a task header and names the sheets after it', () => {
    const bytes = rawXlsx({
      sheets: [
        { name: '隐藏', state: 'hidden', rows: row(1, ['序号', '任务名称']) + row(2, ['1', '隐藏任务']) },
        { name: '说明', rows: row(1, ['填表说明']) },
        { name: '任务表', rows: row(1, ['序号', '任务名称']) + row(2, ['1', '真任务']) },
        { name: '汇总', rows: row(1, ['合计']) },
      ],
    })
    const result = table(readTaskTableXlsx(bytes, LIMITS))
    expect(result.sheet).toBe('任务表')
    expect(result.rows.map((r) => r.cells.name)).toEqual(['真任务'])
    expect(result.notices).toEqual([{ code: 'sheets_not_read', params: { sheets: '汇总' } }])
  })
})
