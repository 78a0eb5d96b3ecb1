import { describe, expect, it } from 'vitest'
import { type Milestone, parseDeadline } from '../../../workflows/tasks/deadlines'

type Case = [text: string, year: number, expected: Milestone[]]

const complete = (by: string, text: string): Milestone => ({ kind: 'complete', by, text })
const start = (by: string, text: string): Milestone => ({ kind: 'start', by, text })
const unparsed = (text: string): Milestone => ({ kind: 'unparsed', text })
const ongoing = (text: string): Milestone => ({ kind: 'ongoing', text })
const every = (period: 'month' | 'quarter' | 'half-year' | 'year', text: string): Milestone => ({
  kind: 'recurring',
  every: period,
  text,
})

// Every 完成时限-like phrase in shared/seeds (and in issue 12's own examples), as it is written there.
const SEED_PHRASES: Record<string, Case[]> = {
  'issue 12': [
    ['7月底前启动', 2023, [start('2023-07-31', '7月底前启动')]],
    ['年底前完成', 2023, [complete('2023-12-31', '年底前完成')]],
    ['长期推进', 2023, [ongoing('长期推进')]],
    ['每季度发布', 2023, [every('quarter', '每季度发布')]],
    [
      '9月底前启动 年底前完成 长期推进',
      2023,
      [start('2023-09-30', '9月底前启动'), complete('2023-12-31', '年底前完成'), ongoing('长期推进')],
    ],
    ['2023年8月底前', 2023, [complete('2023-08-31', '2023年8月底前')]],
  ],
  '004 江阳区 2023': [
    ['9月底前实现', 2023, [complete('2023-09-30', '9月底前实现')]],
    ['2023年底前实现', 2023, [complete('2023-12-31', '2023年底前实现')]],
    ['2023年7月7日', 2023, [complete('2023-07-07', '2023年7月7日')]],
    ['每年至少开展1次', 2023, [every('year', '每年至少开展1次')]],
    ['每年至少组织1次', 2023, [every('year', '每年至少组织1次')]],
    ['常态化', 2023, [ongoing('常态化')]],
    // "于2023年8月底前" lost its 年 when the page was scraped: the digits are not read as a year and month.
    ['20238月底前', 2023, [unparsed('20238月底前')]],
    ['20239月底前', 2023, [unparsed('20239月底前')]],
    ['1个月内', 2023, [unparsed('1个月内')]],
    ['及时', 2023, [unparsed('及时')]],
    ['实时', 2023, [unparsed('实时')]],
    ['定期', 2023, [unparsed('定期')]],
    ['同步', 2023, [unparsed('同步')]],
    ['动态更新', 2023, [unparsed('动态更新')]],
  ],
  '003 清水县 2015': [
    ['今年10月底之前', 2015, [complete('2015-10-31', '今年10月底之前')]],
    ['2015年7月14 日', 2015, [complete('2015-07-14', '2015年7月14 日')]],
    ['持续发布', 2015, [ongoing('持续发布')]],
    ['常态化、规范化', 2015, [ongoing('常态化'), unparsed('规范化')]],
    ['第一时间', 2015, [unparsed('第一时间')]],
    ['逐步', 2015, [unparsed('逐步')]],
    ['同步推进', 2015, [unparsed('同步推进')]],
  ],
  '001 2023 bureau plan': [
    ['于年底前', 2023, [complete('2023-12-31', '于年底前')]],
    ['每年', 2023, [every('year', '每年')]],
    ['持续公布', 2023, [ongoing('持续公布')]],
    ['动态调整', 2023, [unparsed('动态调整')]],
    ['到xxxx年', 2023, [unparsed('到xxxx年')]],
    ['最迟要在x小时内', 2023, [unparsed('最迟要在x小时内')]],
    ['在xx小时内', 2023, [unparsed('在xx小时内')]],
  ],
  '000 本溪高新区 2019 (繁體)': [
    ['按月公開', 2019, [every('month', '按月公開')]],
    ['每月按不低于50%比例', 2019, [every('month', '每月按不低于50%比例')]],
    ['持續開展', 2019, [ongoing('持續開展')]],
    ['定期', 2019, [unparsed('定期')]],
    // The scrape glued pinyin to some characters: "及時(shí)". Neither piece is a deadline.
    ['及時(shí)', 2019, [unparsed('及時'), unparsed('shí')]],
    ['持續(xù)開展', 2019, [ongoing('持續'), unparsed('xù'), unparsed('開展')]],
    ['同步組織', 2019, [unparsed('同步組織')]],
  ],
}

const VARIANTS: Case[] = [
  ['7月底前', 2023, [complete('2023-07-31', '7月底前')]],
  ['年底前', 2024, [complete('2024-12-31', '年底前')]],
  ['年内完成', 2024, [complete('2024-12-31', '年内完成')]],
  ['本年度内', 2024, [complete('2024-12-31', '本年度内')]],
  ['6月30日前', 2024, [complete('2024-06-30', '6月30日前')]],
  ['6月30号之前', 2024, [complete('2024-06-30', '6月30号之前')]],
  ['上半年', 2024, [complete('2024-06-30', '上半年')]],
  ['下半年', 2024, [complete('2024-12-31', '下半年')]],
  ['2025年上半年', 2024, [complete('2025-06-30', '2025年上半年')]],
  ['第一季度末', 2024, [complete('2024-03-31', '第一季度末')]],
  ['一季度', 2024, [complete('2024-03-31', '一季度')]],
  ['第3季度底前', 2024, [complete('2024-09-30', '第3季度底前')]],
  ['前三季度', 2024, [complete('2024-09-30', '前三季度')]],
  ['6月上旬', 2024, [complete('2024-06-10', '6月上旬')]],
  ['6月中旬前', 2024, [complete('2024-06-20', '6月中旬前')]],
  ['2月下旬', 2024, [complete('2024-02-29', '2月下旬')]],
  ['2月底前', 2024, [complete('2024-02-29', '2月底前')]],
  ['2月底前', 2023, [complete('2023-02-28', '2月底前')]],
  ['9月完成', 2024, [complete('2024-09-30', '9月完成')]],
  ['10月末', 2024, [complete('2024-10-31', '10月末')]],
  ['次年1月底前', 2024, [complete('2025-01-31', '次年1月底前')]],
  ['2023-06-30', 2023, [complete('2023-06-30', '2023-06-30')]],
  ['2023/6/30', 2023, [complete('2023-06-30', '2023/6/30')]],
  ['2023.6.30', 2023, [complete('2023-06-30', '2023.6.30')]],
  ['力争年底前完成', 2024, [complete('2024-12-31', '力争年底前完成')]],
  ['年底前 完成', 2024, [complete('2024-12-31', '年底前 完成')]],
  ['年底前 启动', 2024, [start('2024-12-31', '年底前 启动')]],
  ['７月底前啟動', 2024, [start('2024-07-31', '７月底前啟動')]],
  ['每月', 2024, [every('month', '每月')]],
  ['每个月10日前报送', 2024, [every('month', '每个月10日前报送')]],
  ['每季度末', 2024, [every('quarter', '每季度末')]],
  ['按季度更新', 2024, [every('quarter', '按季度更新')]],
  ['每半年', 2024, [every('half-year', '每半年')]],
  ['每年度', 2024, [every('year', '每年度')]],
  ['每年1月31日前', 2024, [every('year', '每年1月31日前')]],
  ['每季度發佈', 2024, [every('quarter', '每季度發佈')]],
  ['持续推进', 2024, [ongoing('持续推进')]],
  ['持续', 2024, [ongoing('持续')]],
  ['長期推進', 2024, [ongoing('長期推進')]],
  ['長期堅持', 2024, [ongoing('長期堅持')]],
  [
    '9月底前啟動\n年底前完成\n長期推進',
    2024,
    [start('2024-09-30', '9月底前啟動'), complete('2024-12-31', '年底前完成'), ongoing('長期推進')],
  ],
  [
    '9月底前启动年底前完成长期推进',
    2024,
    [start('2024-09-30', '9月底前启动'), complete('2024-12-31', '年底前完成'), ongoing('长期推进')],
  ],
  [
    '6月底前启动；12月底前完成，并长期坚持',
    2024,
    [start('2024-06-30', '6月底前启动'), complete('2024-12-31', '12月底前完成'), ongoing('并长期坚持')],
  ],
  ['第一季度末\n及時', 2024, [complete('2024-03-31', '第一季度末'), unparsed('及時')]],
  // Not understood: returned as written, never turned into a date.
  ['7月前', 2024, [unparsed('7月前')]],
  ['7月初', 2024, [unparsed('7月初')]],
  ['2月30日前', 2024, [unparsed('2月30日前')]],
  ['13月底前', 2024, [unparsed('13月底前')]],
  ['3年内', 2024, [unparsed('3年内')]],
  ['xx月底前', 2024, [unparsed('xx月底前')]],
  ['根据上级要求', 2024, [unparsed('根据上级要求')]],
  ['按要求 年底前完成', 2024, [unparsed('按要求'), complete('2024-12-31', '年底前完成')]],
  ['视情况年底前完成', 2024, [unparsed('视情况'), complete('2024-12-31', '年底前完成')]],
]

describe('parseDeadline', () => {
  for (const [source, cases] of Object.entries(SEED_PHRASES)) {
    describe(`phrases from ${source}`, () => {
      it.each(cases)('reads %j for %i', (text, year, expected) => {
        expect(parseDeadline(text, year)).toEqual(expected)
      })
    })
  }

  describe('invented variants', () => {
    it.each(VARIANTS)('reads %j for %i', (text, year, expected) => {
      expect(parseDeadline(text, year)).toEqual(expected)
    })
  })

  it('gives no milestone for an empty or blank cell', () => {
    expect(parseDeadline('', 2024)).toEqual([])
    expect(parseDeadline(' \n　', 2024)).toEqual([])
  })

  it('quotes traditional text as written while reading it as simplified', () => {
    const [milestone] = parseDeadline('年底前完成長期推進', 2024).slice(1)
    expect(milestone).toEqual(ongoing('長期推進'))
  })

  it('uses the plan year for phrases without one and keeps an explicit year', () => {
    expect(parseDeadline('7月底前', 2026)).toEqual([complete('2026-07-31', '7月底前')])
    expect(parseDeadline('2027年7月底前', 2026)).toEqual([complete('2027-07-31', '2027年7月底前')])
  })

  it('refuses a plan year that is not a calendar year', () => {
    expect(() => parseDeadline('年底前', 24)).toThrow(RangeError)
    expect(() => parseDeadline('年底前', 2024.5)).toThrow(RangeError)
  })

  it('never returns a date outside the calendar', () => {
    for (let month = 0; month <= 14; month++) {
      for (const text of [`${month}月底前`, `${month}月`, `${month}月31日前`]) {
        for (const milestone of parseDeadline(text, 2024)) {
          if ('by' in milestone) expect(Number.isNaN(Date.parse(`${milestone.by}T00:00:00Z`))).toBe(false)
          if ('by' in milestone) expect(milestone.by.slice(5, 7)).toBe(String(month).padStart(2, '0'))
        }
      }
    }
  })
})
