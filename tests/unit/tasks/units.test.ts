import { describe, expect, it } from 'vitest'
import {
  type Agency,
  buildUnitDirectory,
  resolveUnits,
  splitUnits,
  type UnitGroups,
  unitsInBrackets,
} from '../../../workflows/tasks/units'
import { JIANGYANG_2023 } from '../../fixtures/tasks/jiangyang-2023'

const names = (cell: string) => splitUnits(cell).map((unit) => unit.name)

describe('splitUnits', () => {
  it.each([
    ['各街镇、园区管委会，区政府各部门', ['各街镇', '园区管委会', '区政府各部门']],
    ['各街镇、园区管委会,区政府各部门', ['各街镇', '园区管委会', '区政府各部门']],
    ['区财政局、区审计局', ['区财政局', '区审计局']],
    ['区财政局 区审计局；区统计局', ['区财政局', '区审计局', '区统计局']],
    ['各市政府、省政府各部门负责落实', ['各市政府', '省政府各部门']],
    ['区政府办公室、区政府有关部门等', ['区政府办公室', '区政府有关部门']],
    ['由县财政局牵头', ['县财政局']],
    ['區財政局、區審計局', ['區財政局', '區審計局']],
    ['', []],
  ])('splits %j', (cell, expected) => {
    expect(names(cell)).toEqual(expected)
  })

  it('splits every 责任单位 cell of the 江阳区 table into names that carry no separators', () => {
    for (const task of JIANGYANG_2023.flatMap((block) => block.tasks)) {
      const units = names(task.units)
      expect(units.length).toBeGreaterThan(0)
      for (const unit of units) expect(unit).not.toMatch(/[、，,；;\s]/)
    }
    const last = JIANGYANG_2023[2]?.tasks[0]
    expect(names(last?.units ?? '')).toEqual([
      '各街镇',
      '园区管委会',
      '区政府办公室',
      '区信访局',
      '区行政审批局',
      '区政府有关部门',
    ])
  })

  it('reads roles written after the units', () => {
    expect(splitUnits('县行政服务中心牵头落实，县政府有关部门配合落实')).toEqual([
      { name: '县行政服务中心', role: 'lead' },
      { name: '县政府有关部门', role: 'support' },
    ])
    expect(splitUnits('县财政局、县审计局牵头，各乡镇配合')).toEqual([
      { name: '县财政局', role: 'lead' },
      { name: '县审计局', role: 'lead' },
      { name: '各乡镇', role: 'support' },
    ])
    expect(splitUnits('县房管局、县城乡建设局分别落实')).toEqual([
      { name: '县房管局', role: null },
      { name: '县城乡建设局', role: null },
    ])
    expect(splitUnits('區財政局（牽頭）、區審計局')).toEqual([
      { name: '區財政局', role: 'lead' },
      { name: '區審計局', role: null },
    ])
  })
})

describe('unitsInBrackets (清水县 2015, seed 003)', () => {
  it('reads the unit notes after each task and leaves other brackets alone', () => {
    const paragraph =
      '(一)推进行政权力清单公开。除涉及国家秘密、商业秘密或个人隐私外,县政府各部门要主动公开本部门行政审批事项目录及有关信息,实行“阳光审批”。(县政府办公室牵头落实)逐步建立全县各工作部门权力清单制度。(县编办牵头落实)对于保留的行政审批事项,均要发布服务指南。(县行政服务中心牵头落实,县政府有关部门配合落实)'
    const { text, units } = unitsInBrackets(paragraph)
    expect(units).toEqual([
      { name: '县政府办公室', role: 'lead' },
      { name: '县编办', role: 'lead' },
      { name: '县行政服务中心', role: 'lead' },
      { name: '县政府有关部门', role: 'support' },
    ])
    expect(text.startsWith('(一)推进行政权力清单公开。')).toBe(true)
    expect(text).not.toContain('落实)')
  })

  it.each([
    ['(县财政局牵头落实)', [{ name: '县财政局', role: 'lead' }]],
    [
      '(县房管局、县城乡建设局分别落实)',
      [
        { name: '县房管局', role: null },
        { name: '县城乡建设局', role: null },
      ],
    ],
    [
      '(县发改局、县政府其他有关部门分别落实)',
      [
        { name: '县发改局', role: null },
        { name: '县政府其他有关部门', role: null },
      ],
    ],
    [
      '(县人社局、县卫计局分别落实)',
      [
        { name: '县人社局', role: null },
        { name: '县卫计局', role: null },
      ],
    ],
    ['(县食品药品监管局牵头落实)', [{ name: '县食品药品监管局', role: 'lead' }]],
    ['做好预决算公开(涉密部门除外)', []],
  ])('reads %j', (text, expected) => {
    expect(unitsInBrackets(text).units).toEqual(expected)
  })
})

describe('resolveUnits', () => {
  const agencies: Agency[] = [
    { id: 'gov-office', name: '区政府办公室', aliases: ['区府办'] },
    { id: 'finance', name: '区财政局' },
    { id: 'audit', name: '区审计局' },
    { id: 'dashanping', name: '大山坪街道' },
    { id: 'nancheng', name: '南城街道' },
    { id: 'huangyi', name: '黄艺镇' },
    { id: 'park', name: '酒业园区管委会' },
  ]
  const groups: UnitGroups = {
    各街镇: ['dashanping', 'nancheng', 'huangyi'],
    园区管委会: ['park'],
    区政府各部门: ['gov-office', 'finance', 'audit'],
  }
  const directory = buildUnitDirectory(agencies, groups)

  it('expands group words and matches names, keeping names as written', () => {
    const result = resolveUnits('各街镇、园区管委会，区政府各部门', directory)
    expect(result.units.map((unit) => [unit.name, unit.match, unit.agencyIds])).toEqual([
      ['各街镇', 'group', ['dashanping', 'nancheng', 'huangyi']],
      ['园区管委会', 'group', ['park']],
      ['区政府各部门', 'group', ['gov-office', 'finance', 'audit']],
    ])
    expect(result.agencyIds).toEqual([
      'dashanping',
      'nancheng',
      'huangyi',
      'park',
      'gov-office',
      'finance',
      'audit',
    ])
    expect(result.unmatched).toEqual([])
  })

  it('matches traditional characters, full-width punctuation and aliases', () => {
    const result = resolveUnits('區財政局，区 审计局、区府办', directory)
    expect(result.units.map((unit) => [unit.name, unit.match, unit.agencyIds])).toEqual([
      ['區財政局', 'agency', ['finance']],
      ['区', 'unknown', []],
      ['审计局', 'unknown', []],
      ['区府办', 'alias', ['gov-office']],
    ])
  })

  it('accepts a group word with or without 各', () => {
    expect(resolveUnits('街镇', directory).agencyIds).toEqual(['dashanping', 'nancheng', 'huangyi'])
    expect(resolveUnits('各园区管委会', directory).agencyIds).toEqual(['park'])
  })

  it('flags unknown names for mapping, each once, and uses a remembered mapping next time', () => {
    const cell = '各街镇、园区管委会，区司法局、有关建议和提案办理单位、区司法局'
    const first = resolveUnits(cell, directory)
    expect(first.unmatched).toEqual(['区司法局', '有关建议和提案办理单位'])
    const next = resolveUnits(cell, directory, {
      區司法局: 'gov-office',
      有关建议和提案办理单位: 'nonexistent',
    })
    expect(next.units.map((unit) => unit.match)).toEqual([
      'group',
      'group',
      'remembered',
      'unknown',
      'remembered',
    ])
    expect(next.unmatched).toEqual(['有关建议和提案办理单位'])
  })

  it('prefers the configured directory to a remembered mapping', () => {
    const result = resolveUnits('区财政局', directory, { 区财政局: 'audit' })
    expect(result.units[0]).toMatchObject({ match: 'agency', agencyIds: ['finance'] })
  })

  it('says a name shared by two agencies is ambiguous', () => {
    const twoCities = buildUnitDirectory([
      { id: 'a', name: '甲市政府', aliases: ['市政府'] },
      { id: 'b', name: '乙市政府', aliases: ['市政府'] },
    ])
    const result = resolveUnits('市政府', twoCities)
    expect(result.units[0]).toMatchObject({ match: 'ambiguous', agencyIds: [], candidates: ['a', 'b'] })
    expect(result.unmatched).toEqual(['市政府'])
    expect(resolveUnits('市政府', twoCities, { 市政府: 'b' }).agencyIds).toEqual(['b'])
  })

  it('expands 各市政府 and 省政府各部门 from a provincial configuration', () => {
    const province = buildUnitDirectory(
      [
        { id: 'c1', name: '甲市人民政府' },
        { id: 'c2', name: '乙市人民政府' },
        { id: 'd1', name: '省财政厅' },
      ],
      { 各市政府: ['c1', 'c2'], 省政府各部门: ['d1'] },
    )
    expect(resolveUnits('各市政府、省政府各部門負責落實', province).agencyIds).toEqual(['c1', 'c2', 'd1'])
  })

  it('refuses a configuration with a repeated agency or a group naming an unknown agency', () => {
    expect(() => buildUnitDirectory([agencies[0] as Agency, agencies[0] as Agency])).toThrow(RangeError)
    expect(() => buildUnitDirectory(agencies, { 各街镇: ['nowhere'] })).toThrow(RangeError)
  })
})
