import { describe, expect, it } from 'vitest'
import { type AgencyNode, rootOf, subtree, treeUnits } from '../../../workflows/tasks/agency-units'
import { buildUnitDirectory, resolveUnits } from '../../../workflows/tasks/units'

const COUNTY: AgencyNode[] = [
  { id: 'gov', name: '示范县人民政府', kind: 'government', parentId: null },
  { id: 'edu', name: '示范县教育局', kind: 'department', parentId: 'gov' },
  { id: 'nrb', name: '示范县自然资源局', kind: 'department', parentId: 'gov' },
  { id: 'town', name: '示范县城关镇人民政府', kind: 'township', parentId: 'gov' },
  { id: 'other', name: '邻县人民政府', kind: 'government', parentId: null },
  { id: 'other-edu', name: '邻县教育局', kind: 'department', parentId: 'other' },
]

function directoryOf(nodes: AgencyNode[], root: string) {
  const { agencies, groups } = treeUnits(root, nodes)
  return buildUnitDirectory(agencies, groups)
}

describe('treeUnits', () => {
  it('matches the short names a county table uses', () => {
    const resolution = resolveUnits('县教育局、自然资源局，城关镇，县政府', directoryOf(COUNTY, 'gov'))
    expect(resolution.units.map((unit) => [unit.name, unit.match, unit.agencyIds])).toEqual([
      ['县教育局', 'alias', ['edu']],
      ['自然资源局', 'alias', ['nrb']],
      ['城关镇', 'alias', ['town']],
      ['县政府', 'alias', ['gov']],
    ])
  })

  it('expands the default groups to the townships and departments of the tree only', () => {
    const resolution = resolveUnits('各乡镇、县政府各部门', directoryOf(COUNTY, 'gov'))
    expect(resolution.units.map((unit) => [unit.match, unit.agencyIds])).toEqual([
      ['group', ['town']],
      ['group', ['edu', 'nrb']],
    ])
  })

  it('leaves another government’s agencies out of the directory', () => {
    expect(resolveUnits('邻县教育局', directoryOf(COUNTY, 'gov')).unmatched).toEqual(['邻县教育局'])
  })

  it('reads a district under a city (泸州市江阳区) and a province with its cities', () => {
    const district: AgencyNode[] = [
      { id: 'jy', name: '泸州市江阳区人民政府', kind: 'government', parentId: null },
      { id: 'fin', name: '泸州市江阳区财政局', kind: 'department', parentId: 'jy' },
      { id: 'office', name: '泸州市江阳区人民政府办公室', kind: 'department', parentId: 'jy' },
      { id: 'dsp', name: '泸州市江阳区大山坪街道办事处', kind: 'township', parentId: 'jy' },
    ]
    const units = resolveUnits(
      '区财政局、江阳区财政局、大山坪街道、区政府办公室，各街镇、区政府各部门',
      directoryOf(district, 'jy'),
    )
    expect(units.units.map((unit) => unit.agencyIds)).toEqual([
      ['fin'],
      ['fin'],
      ['dsp'],
      ['office'],
      ['dsp'],
      ['fin', 'office'],
    ])
    const province: AgencyNode[] = [
      { id: 'prov', name: '某省人民政府', kind: 'government', parentId: null },
      { id: 'office', name: '某省人民政府办公厅', kind: 'department', parentId: 'prov' },
      { id: 'city', name: '甲市人民政府', kind: 'government', parentId: 'prov' },
    ]
    const provincial = resolveUnits('各市政府、省政府各部门', directoryOf(province, 'prov'))
    expect(provincial.units.map((unit) => unit.agencyIds)).toEqual([['city'], ['office']])
  })

  it('finds the root and the subtree of an agency', () => {
    expect(rootOf('town', COUNTY)).toBe('gov')
    expect(rootOf('gov', COUNTY)).toBe('gov')
    expect(subtree('gov', COUNTY).map((node) => node.id)).toEqual(['gov', 'edu', 'nrb', 'town'])
    expect(subtree('missing', COUNTY)).toEqual([])
  })
})
