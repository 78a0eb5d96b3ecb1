import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { HOLIDAYS_CN } from '../../../db/seed/holidays-cn'
import { isValidIsoDate } from '../../../workflows/calendar/iso-date'
import {
  MAX_NOTICE_CHARS,
  type NoticeWarning,
  type ParsedNotice,
  parseHolidayNotice,
} from '../../../workflows/calendar/notice'
// Vite `?raw` imports, typed by `declare module '*.txt?raw'` in tests/integration/env.d.ts.
import notice2024 from '../../fixtures/notices/2024.txt?raw'
import notice2025 from '../../fixtures/notices/2025.txt?raw'
import notice2026 from '../../fixtures/notices/2026.txt?raw'

const NOTICES: Record<number, string> = { 2024: notice2024, 2025: notice2025, 2026: notice2026 }
const YEARS = [2024, 2025, 2026] as const
const SIGNED: Record<number, string> = {
  2024: '2023年10月25日',
  2025: '2024年11月12日',
  2026: '2025年11月4日',
}

// The 2026 notice as Hong Kong / Taiwan sites and 繁體 reposts print it.
const NOTICE_2026_TRADITIONAL = `國務院辦公廳關於2026年部分節假日安排的通知

各省、自治區、直轄市人民政府，國務院各部委、各直屬機構：

經國務院批准，現將2026年元旦、春節、清明節、勞動節、端午節、中秋節和國慶節放假調休日期的具體安排通知如下。

一、元旦：1月1日（週四）至3日（週六）放假調休，共3天。1月4日（週日）上班。

二、春節：2月15日（農曆臘月二十八、週日）至23日（農曆正月初七、週一）放假調休，共9天。2月14日（週六）、2月28日（週六）上班。

三、清明節：4月4日（週六）至6日（週一）放假，共3天。

四、勞動節：5月1日（週五）至5日（週二）放假調休，共5天。5月9日（週六）上班。

五、端午節：6月19日（週五）至21日（週日）放假，共3天。

六、中秋節：9月25日（週五）至27日（週日）放假，共3天。

七、國慶節：10月1日（週四）至7日（週三）放假調休，共7天。9月20日（週日）、10月10日（週六）上班。

鼓勵單位和個人結合落實帶薪年休假等制度，實際形成較長假期，推動錯峰出行。節假日期間，各地區、各部門要妥善安排好值班和安全、保衛、疫情防控等工作，遇有重大突發事件，要按規定及時報告並妥善處置，確保人民群眾祥和平安度過節日假期。

國務院辦公廳
2025年11月4日
`

function notice(year: number): string {
  const text = NOTICES[year]
  if (!text) throw new Error(`No fixture for ${year}`)
  return text
}

function parsed(text: string, year: number): ParsedNotice {
  const result = parseHolidayNotice(text, year)
  if (!result.ok) throw new Error(`Expected a notice, got ${JSON.stringify(result.error)}`)
  return result.value
}

function rows(value: ParsedNotice): string[] {
  return value.days.map((d) => `${d.date} ${d.isWorkday ? '班' : '休'}`)
}

function codes(value: ParsedNotice): string[] {
  return value.warnings.map((w) => w.code)
}

const HALF_WIDTH: Record<string, string> = { '（': '(', '）': ')', '：': ':', '，': ',', '；': ';' }

describe('parseHolidayNotice on the State Council notices for 2024–2026', () => {
  it.each(YEARS)(
    'reproduces the seeded %i calendar: same dates, same kinds, none extra, none missing',
    (year) => {
      const seed = (HOLIDAYS_CN[year] ?? []).map(([date, isWorkday]) => `${date} ${isWorkday ? '班' : '休'}`)
      expect(seed.length).toBeGreaterThan(30)
      expect(rows(parsed(notice(year), year))).toEqual([...seed].sort())
    },
  )

  it.each(YEARS)('names each %i day after its section, containing the seed name', (year) => {
    const names = new Map(parsed(notice(year), year).days.map((d) => [d.date, d.name]))
    for (const [date, isWorkday, seedName] of HOLIDAYS_CN[year] ?? []) {
      const name = names.get(date) ?? ''
      expect(name).toContain(seedName.replace(/调休上班$/, ''))
      expect(name.endsWith('调休上班')).toBe(isWorkday)
    }
  })

  it.each(YEARS)('raises no blocking warning on the %i notice and states its year', (year) => {
    const value = parsed(notice(year), year)
    expect(value.warnings.filter((w) => w.blocking)).toEqual([])
    expect(value.statedYear).toBe(year)
  })

  it('reports the 2024 除夕 encouragement as one non-blocking unread_text and uses none of its dates', () => {
    const value = parsed(notice(2024), 2024)
    expect(value.warnings).toEqual([
      {
        code: 'unread_text',
        blocking: false,
        section: '春节',
        text: '鼓励各单位结合带薪年休假等制度落实,安排职工在除夕(2月9日)休息',
        params: {},
      },
    ])
    expect(value.days.map((d) => d.date)).not.toContain('2024-02-09')
  })

  it.each([2025, 2026])('raises no warning at all on the %i notice', (year) => {
    expect(parsed(notice(year), year).warnings).toEqual([])
  })

  it('lists title, addressee, preamble, closing and signature of 2024 as ignored, in order', () => {
    expect(parsed(notice(2024), 2024).ignored).toEqual([
      '国务院办公厅关于2024年部分节假日安排的通知',
      '各省、自治区、直辖市人民政府,国务院各部委、各直属机构:',
      '经国务院批准,现将2024年元旦、春节、清明节、劳动节、端午节、中秋节和国庆节放假调休日期的具体安排通知如下',
      '节假日期间,各地区、各部门要妥善安排好值班和安全、保卫、疫情防控等工作,遇有重大突发事件,要按规定及时报告并妥善处置,确保人民群众祥和平安度过节日假期',
      '国务院办公厅',
      '2023年10月25日',
    ])
  })

  it.each(YEARS)('lists the %i preamble, closing and signature as ignored', (year) => {
    const { ignored } = parsed(notice(year), year)
    expect(ignored[0]).toBe(`国务院办公厅关于${year}年部分节假日安排的通知`)
    expect(ignored.some((s) => s.includes(`现将${year}年元旦、春节`))).toBe(true)
    expect(ignored.some((s) => s.startsWith('节假日期间,各地区、各部门'))).toBe(true)
    expect(ignored.slice(-2)).toEqual(['国务院办公厅', SIGNED[year]])
  })

  it('keeps the 2026 closing encouragement out of the last section', () => {
    const value = parsed(notice(2026), 2026)
    expect(value.ignored).toContain('鼓励单位和个人结合落实带薪年休假等制度,实际形成较长假期,推动错峰出行')
    expect(value.sections.at(-1)).toEqual({
      name: '国庆节',
      holidays: [
        '2026-10-01',
        '2026-10-02',
        '2026-10-03',
        '2026-10-04',
        '2026-10-05',
        '2026-10-06',
        '2026-10-07',
      ],
      workdays: ['2026-09-20', '2026-10-10'],
      statedDays: 7,
    })
  })

  it('keeps the long 2025 preamble (with its own dates and day counts) out of every section', () => {
    const value = parsed(notice(2025), 2025)
    expect(value.ignored.some((s) => s.includes('自2025年1月1日起'))).toBe(true)
    expect(value.ignored.some((s) => s.includes('(如逢周三则只在当日放假)'))).toBe(true)
  })

  it('reads combined festivals as one section named as written, with each stated count', () => {
    const value = parsed(notice(2025), 2025)
    expect(value.sections.map((s) => [s.name, s.statedDays, s.holidays.length, s.workdays.length])).toEqual([
      ['元旦', 1, 1, 0],
      ['春节', 8, 8, 2],
      ['清明节', 3, 3, 0],
      ['劳动节', 5, 5, 1],
      ['端午节', 3, 3, 0],
      ['国庆节、中秋节', 8, 8, 2],
    ])
    expect(value.days.find((d) => d.date === '2025-10-06')?.name).toBe('国庆节、中秋节')
    expect(value.days.find((d) => d.date === '2025-10-11')?.name).toBe('国庆节、中秋节调休上班')
  })
})

describe('parseHolidayNotice on the ways a notice is written', () => {
  const cases: [string, string, number, string[]][] = [
    ['reads a single day off', '一、元旦:1月1日放假,与周末连休。', 2024, ['2024-01-01 休']],
    [
      'reads a single day with its weekday and 放假1天',
      '一、元旦:1月1日(周三)放假1天,不调休。',
      2025,
      ['2025-01-01 休'],
    ],
    [
      'reads a range in a month',
      '三、清明节:4月4日(周六)至6日(周一)放假,共3天。',
      2026,
      ['2026-04-04 休', '2026-04-05 休', '2026-04-06 休'],
    ],
    [
      'reads a range across months',
      '五、端午节:5月31日(周六)至6月2日(周一)放假,共3天。',
      2025,
      ['2025-05-31 休', '2025-06-01 休', '2025-06-02 休'],
    ],
    [
      'reads a range across months with lunar notes',
      '二、春节:1月28日(农历除夕、周二)至2月4日(农历正月初七、周二)放假调休,共8天。',
      2025,
      [
        '2025-01-28 休',
        '2025-01-29 休',
        '2025-01-30 休',
        '2025-01-31 休',
        '2025-02-01 休',
        '2025-02-02 休',
        '2025-02-03 休',
        '2025-02-04 休',
      ],
    ],
    [
      'reads several make-up days in one sentence',
      '四、劳动节:5月1日至5日放假调休,共5天。4月28日(星期日)、5月11日(星期六)上班。',
      2024,
      [
        '2024-04-28 班',
        '2024-05-01 休',
        '2024-05-02 休',
        '2024-05-03 休',
        '2024-05-04 休',
        '2024-05-05 休',
        '2024-05-11 班',
      ],
    ],
    [
      'reads make-up days joined by 和 and 及',
      '一、元旦:1月1日放假。1月4日(周日)和1月10日(周六)及1月11日(周日)上班。',
      2026,
      ['2026-01-01 休', '2026-01-04 班', '2026-01-10 班', '2026-01-11 班'],
    ],
    [
      'reads a range written with -',
      '一、元旦:1月1日-3日放假调休,共3天。',
      2026,
      ['2026-01-01 休', '2026-01-02 休', '2026-01-03 休'],
    ],
    [
      'reads a range written with —',
      '一、元旦:1月1日—3日放假调休,共3天。',
      2026,
      ['2026-01-01 休', '2026-01-02 休', '2026-01-03 休'],
    ],
    [
      'reads a range written with ～',
      '一、元旦:1月1日～3日放假调休,共3天。',
      2026,
      ['2026-01-01 休', '2026-01-02 休', '2026-01-03 休'],
    ],
    [
      'reads full-width digits and punctuation',
      '一、元旦：１月１日（周四）至３日（周六）放假调休，共３天。１月４日（周日）上班。',
      2026,
      ['2026-01-01 休', '2026-01-02 休', '2026-01-03 休', '2026-01-04 班'],
    ],
    [
      'reads a range whose start names the year',
      '一、元旦:2026年1月1日至3日放假调休,共3天。',
      2026,
      ['2026-01-01 休', '2026-01-02 休', '2026-01-03 休'],
    ],
    [
      'reads a note with a comma inside',
      '二、春节：1月28日（农历除夕，周二）放假。',
      2025,
      ['2025-01-28 休'],
    ],
    [
      'reads 补休 as a day off (the 2017 phrasing)',
      '一、元旦:1月1日放假,1月2日(星期一)补休。',
      2017,
      ['2017-01-01 休', '2017-01-02 休'],
    ],
    ['reads a heading numbered with a full stop', '一.元旦:1月1日放假。', 2026, ['2026-01-01 休']],
    [
      'reads a heading numbered with a full-width full stop',
      '一．元旦：1月1日放假。',
      2026,
      ['2026-01-01 休'],
    ],
    ['reads an indented heading and a space after 、', '\t  一、 元旦:1月1日放假。', 2026, ['2026-01-01 休']],
    [
      'reads sentences split by ;',
      '一、元旦:1月1日放假;1月4日(周日)上班',
      2026,
      ['2026-01-01 休', '2026-01-04 班'],
    ],
    [
      'reads spaces pasted between words',
      '一、元旦: 1 月 1 日 ( 周四 ) 至 3 日 放假 , 共 3 天 。',
      2026,
      ['2026-01-01 休', '2026-01-02 休', '2026-01-03 休'],
    ],
  ]

  it.each(cases)('%s', (_label, text, year, expected) => {
    const value = parsed(text, year)
    expect(rows(value)).toEqual(expected)
    expect(value.warnings).toEqual([])
  })

  it('reads numbered headings past ten', () => {
    const value = parsed('十、元旦:1月1日放假。十一、春节:2月17日放假。', 2026)
    expect(value.sections.map((s) => s.name)).toEqual(['元旦', '春节'])
  })

  it.each(YEARS)('reads the %i notice with half-width punctuation into the identical result', (year) => {
    const half = notice(year).replace(/[（）：，；]/g, (c) => HALF_WIDTH[c] ?? c)
    expect(half).not.toMatch(/[（）：，]/)
    expect(parseHolidayNotice(half, year)).toEqual(parseHolidayNotice(notice(year), year))
  })

  it.each(YEARS)('reads the %i notice with full-width digits into the identical result', (year) => {
    const wide = notice(year).replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)))
    expect(wide).not.toMatch(/\d/)
    expect(parseHolidayNotice(wide, year)).toEqual(parseHolidayNotice(notice(year), year))
  })

  it.each(YEARS.flatMap((year) => [[year, ''] as const, [year, ' '] as const]))(
    'reads the %i notice pasted as one line (joined by %j)',
    (year, glue) => {
      const line = notice(year).split(/\n+/).join(glue)
      expect(line).not.toContain('\n')
      const one = parsed(line, year)
      const lines = parsed(notice(year), year)
      expect(one.days).toEqual(lines.days)
      expect(one.sections).toEqual(lines.sections)
      expect(one.warnings).toEqual(lines.warnings)
      expect(one.statedYear).toBe(year)
      expect(one.ignored.some((s) => s.includes('节假日期间'))).toBe(true)
    },
  )

  it.each(YEARS)('reads the %i notice copied from a PDF with line breaks inside dates and ranges', (year) => {
    // Break every line after each 至, inside each note and before each 放假, as a PDF copy does.
    const broken = notice(year)
      .replace(/至/g, '至\n')
      .replace(/、(周|星期)/g, '、\n$1')
      .replace(/放假/g, '\n放假')
    expect(broken.split('\n').length).toBeGreaterThan(notice(year).split('\n').length + 10)
    const lines = parsed(notice(year), year)
    const pdf = parsed(broken, year)
    expect(pdf.days).toEqual(lines.days)
    expect(pdf.warnings.filter((w) => w.blocking)).toEqual([])
  })

  it('reads a traditional-character notice into the same days with simplified names', () => {
    expect(NOTICE_2026_TRADITIONAL).toContain('農曆臘月二十八、週日')
    expect(parseHolidayNotice(NOTICE_2026_TRADITIONAL, 2026)).toEqual(parseHolidayNotice(notice(2026), 2026))
  })

  it.each([
    ['週', '周'],
    ['調休', '调休'],
    ['節', '节'],
    ['勞動', '劳动'],
    ['國慶', '国庆'],
    ['農曆', '农历'],
    ['臘月', '腊月'],
    ['與週末連休', '与周末连休'],
  ])('converts %s to %s', (traditional, simplified) => {
    const value = parsed(`${traditional}\n一、元旦:1月1日放假。`, 2026)
    expect(value.ignored).toEqual([simplified])
  })

  it('reads 與週末連休 in a traditional section as the modifier it is', () => {
    const value = parsed('一、元旦：1月1日放假，與週末連休。', 2024)
    expect(rows(value)).toEqual(['2024-01-01 休'])
    expect(value.warnings).toEqual([])
  })

  it.each(['周四', '星期四', '礼拜四', '禮拜四'])('checks the weekday written as %s', (weekday) => {
    expect(parsed(`一、元旦:1月1日(${weekday})放假。`, 2026).warnings).toEqual([])
    expect(codes(parsed(`一、元旦:1月2日(${weekday})放假。`, 2026))).toEqual(['weekday_mismatch'])
  })

  it.each(['周日', '周天', '星期日', '星期天', '礼拜日', '礼拜天'])('reads %s as Sunday', (sunday) => {
    expect(parsed(`一、元旦:1月1日放假。1月4日(${sunday})上班。`, 2026).warnings).toEqual([])
  })

  it('checks no weekday when the note has none', () => {
    expect(parsed('二、春节:2月9日(农历除夕)放假。', 2024).warnings).toEqual([])
  })

  it.each([
    ['共3天', 3, []],
    ['共三天', 3, []],
    ['放假三天', 3, []],
    ['共四天', 4, ['day_count_mismatch']],
    ['共十天', 10, ['day_count_mismatch']],
  ] as const)('reads the count in "%s"', (count, statedDays, expected) => {
    const tail = count.startsWith('放假') ? count : `放假调休,${count}`
    const value = parsed(`一、元旦:1月1日(周四)至3日(周六)${tail}。`, 2026)
    expect(value.sections[0]?.statedDays).toBe(statedDays)
    expect(codes(value)).toEqual(expected)
  })

  it('does not take "二十八、周日" inside a lunar note for a section heading', () => {
    const value = parsed(
      '二、春节:2月15日(农历腊月 二十八、周日)至23日(农历正月初七、周一)放假调休,共9天。',
      2026,
    )
    expect(value.sections.map((s) => s.name)).toEqual(['春节'])
    expect(value.days).toHaveLength(9)
  })

  it('does not take "初一、周二:" inside a note for a section heading', () => {
    const value = parsed('二、春节:2月17日(农历正月初一、周二:春节)放假。', 2026)
    expect(value.sections.map((s) => s.name)).toEqual(['春节'])
    expect(rows(value)).toEqual(['2026-02-17 休'])
    expect(value.warnings).toEqual([])
  })

  it('needs the heading name to touch its colon', () => {
    const result = parseHolidayNotice('一、元旦放假安排如下 1月1日放假。', 2026)
    expect(result).toEqual({ ok: false, error: { code: 'no_sections' } })
  })

  it('reads the stated year from a title split over two lines', () => {
    const text = '国务院办公厅关于2026年\n部分节假日安排的通知\n一、元旦:1月1日放假。'
    expect(parsed(text, 2026).statedYear).toBe(2026)
    expect(parseHolidayNotice(text, 2025)).toEqual({
      ok: false,
      error: { code: 'year_mismatch', stated: 2026, expected: 2025 },
    })
  })

  it('needs no title, and does not take the signature date for the stated year', () => {
    const value = parsed('一、元旦:1月1日放假。\n国务院办公厅\n2025年11月4日', 2026)
    expect(value.statedYear).toBeNull()
    expect(value.ignored).toEqual(['国务院办公厅', '2025年11月4日'])
  })
})

describe('parseHolidayNotice warnings', () => {
  const cases: [string, number, Omit<NoticeWarning, 'text'>][] = [
    [
      '一、元旦:1月1日(周三)至3日(周六)放假调休,共3天。',
      2026,
      {
        code: 'weekday_mismatch',
        blocking: true,
        section: '元旦',
        params: { date: '2026-01-01', stated: '三', actual: '四' },
      },
    ],
    [
      '一、元旦:1月1日(周四)至3日(周六)放假调休,共4天。',
      2026,
      {
        code: 'day_count_mismatch',
        blocking: true,
        section: '元旦',
        params: { from: '2026-01-01', to: '2026-01-03', stated: 4, actual: 3 },
      },
    ],
    [
      '一、元旦:1月1日放假。1月5日上班。',
      2026,
      { code: 'makeup_not_weekend', blocking: true, section: '元旦', params: { date: '2026-01-05' } },
    ],
    [
      '一、元旦:1月1日至3日放假。二、春节:1月3日放假。',
      2026,
      { code: 'duplicate_date', blocking: true, section: '春节', params: { date: '2026-01-03' } },
    ],
    [
      '一、元旦:2025年12月31日至2026年1月2日放假调休,共3天。',
      2026,
      { code: 'outside_year', blocking: true, section: '元旦', params: { date: '2025-12-31' } },
    ],
    [
      '二、春节:2月15日放假。2月30日上班。',
      2026,
      { code: 'invalid_date', blocking: true, section: '春节', params: { month: 2, day: 30 } },
    ],
    [
      '二、春节:2月15日至23日放假。鼓励各单位安排职工在除夕(2月16日)休息。',
      2026,
      { code: 'unread_text', blocking: false, section: '春节', params: {} },
    ],
    [
      '一、元旦:1月1日放假。请各单位提前做好安排。二、春节:2月17日放假。',
      2026,
      { code: 'unread_text', blocking: false, section: '元旦', params: {} },
    ],
  ]

  it.each(cases)('warns about %s', (text, year, expected) => {
    const { warnings } = parsed(text, year)
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatchObject(expected)
    // The sentence it concerns, not the whole notice.
    expect(text).toContain(warnings[0]?.text ?? '-')
    expect(warnings[0]?.text).not.toContain('。')
  })

  it('reads a range over New Year into the next year and flags the days outside the import year', () => {
    const value = parsed('一、元旦:12月31日至1月2日放假调休,共3天。', 2026)
    expect(rows(value)).toEqual(['2026-12-31 休', '2027-01-01 休', '2027-01-02 休'])
    expect(value.warnings.map((w) => [w.code, w.params])).toEqual([
      ['outside_year', { date: '2027-01-01' }],
      ['outside_year', { date: '2027-01-02' }],
    ])
  })

  it('lets the first occurrence of a duplicated date win', () => {
    const value = parsed('一、元旦:1月1日至3日放假。二、春节:1月3日上班。', 2026)
    expect(value.days.find((d) => d.date === '2026-01-03')).toEqual({
      date: '2026-01-03',
      isWorkday: false,
      name: '元旦',
    })
    expect(value.sections[1]?.workdays).toEqual(['2026-01-03'])
  })

  it('flags a date given twice in one section', () => {
    expect(codes(parsed('一、元旦:1月1日放假。1月1日放假。', 2026))).toEqual(['duplicate_date'])
  })

  it('skips a range with an invalid end instead of counting it', () => {
    const value = parsed('二、春节:2月27日至30日放假,共4天。', 2026)
    expect(value.warnings.map((w) => [w.code, w.params])).toEqual([['invalid_date', { month: 2, day: 30 }]])
    expect(value.days).toEqual([])
  })

  it('uses none of the dates of a sentence it only half understands', () => {
    const value = parsed('一、元旦:1月1日至3日放假调休,1月2日另行通知。1月4日(周日)上班。', 2026)
    expect(rows(value)).toEqual(['2026-01-04 班'])
    expect(codes(value)).toEqual(['unread_text'])
    expect(value.warnings[0]?.text).toBe('1月1日至3日放假调休,1月2日另行通知')
  })

  it.each([
    ['a reversed range', '一、元旦:1月3日至1日放假。1月4日上班。'],
    ['a range longer than a month', '一、元旦:1月1日至3月1日放假。1月4日上班。'],
    ['a 共N天 with no days before it', '一、元旦:共3天。1月4日上班。'],
    ['a list that ends in 、', '一、元旦:1月1日、放假。1月4日上班。'],
  ])('reports %s as unread instead of guessing', (_label, text) => {
    const value = parsed(text, 2026)
    expect(rows(value)).toEqual(['2026-01-04 班'])
    expect(codes(value)).toEqual(['unread_text'])
  })

  it('ends the last section at its last sentence with a date, so the closing paragraph is ignored, not unread', () => {
    const value = parsed('七、国庆节:10月1日至7日放假。请各单位提前做好安排。国务院办公厅', 2026)
    expect(value.warnings).toEqual([])
    expect(value.ignored).toEqual(['请各单位提前做好安排', '国务院办公厅'])
  })

  it('reports every sentence of a last section that gives no date at all', () => {
    const value = parsed('一、元旦:1月1日放假。二、春节:另行通知。', 2026)
    expect(value.warnings.map((w) => [w.code, w.section, w.text])).toEqual([
      ['unread_text', '春节', '另行通知'],
    ])
  })

  it('names a make-up day after its section', () => {
    const value = parsed('一、元旦:1月1日放假。1月4日(周日)上班。', 2026)
    expect(value.days).toEqual([
      { date: '2026-01-01', isWorkday: false, name: '元旦' },
      { date: '2026-01-04', isWorkday: true, name: '元旦调休上班' },
    ])
  })
})

describe('parseHolidayNotice errors', () => {
  it.each([
    ['empty text', ''],
    ['whitespace only', ' \n\t\u3000\r\n'],
  ])('refuses %s as empty', (_label, text) => {
    expect(parseHolidayNotice(text, 2026)).toEqual({ ok: false, error: { code: 'empty' } })
  })

  it('refuses text longer than MAX_NOTICE_CHARS and accepts text of exactly that length', () => {
    const padded = notice(2026).padEnd(MAX_NOTICE_CHARS, ' ')
    expect(parseHolidayNotice(padded, 2026).ok).toBe(true)
    expect(parseHolidayNotice(`${padded}x`, 2026)).toEqual({
      ok: false,
      error: { code: 'too_long', max: MAX_NOTICE_CHARS },
    })
  })

  it('refuses a 2025 notice imported as 2026', () => {
    expect(parseHolidayNotice(notice(2025), 2026)).toEqual({
      ok: false,
      error: { code: 'year_mismatch', stated: 2025, expected: 2026 },
    })
  })

  it('refuses a notice whose title and preamble disagree about the year', () => {
    const text = notice(2026).replace('现将2026年', '现将2027年')
    expect(parseHolidayNotice(text, 2026)).toEqual({
      ok: false,
      error: { code: 'year_mismatch', stated: 2027, expected: 2026 },
    })
  })

  it.each([
    ['random prose', '今天天气很好，我们去公园散步。明天1月2日再说。'],
    ['a CSV export', 'date,type,name\n2026-01-01,休,元旦\n2026-01-04,班,元旦调休上班'],
    ['a heading with nothing readable under it', '一、背景:本通知用于测试。'],
    ['the title alone', '国务院办公厅关于2026年部分节假日安排的通知'],
  ])('refuses %s as having no sections', (_label, text) => {
    expect(parseHolidayNotice(text, 2026)).toEqual({ ok: false, error: { code: 'no_sections' } })
  })
})

describe('parseHolidayNotice on arbitrary input', () => {
  // Notice-shaped text with wrong weekdays, impossible dates, stray years and odd verbs mixed in.
  const dateText = fc
    .tuple(
      fc.constantFrom('', '', '2025年', '2026年'),
      fc.constantFrom(1, 2, 2, 10, 13),
      fc.integer({ min: 1, max: 32 }),
      fc.constantFrom('', '', '(周一)', '(星期三)', '(礼拜天)', '(週六)', '(农历除夕、周二)'),
    )
    .map(([year, month, day, note]) => `${year}${month}月${day}日${note}`)
  const clause = fc
    .tuple(
      dateText,
      fc.option(fc.tuple(fc.constantFrom('至', '-'), dateText), { nil: undefined }),
      fc.constantFrom('放假', '放假调休', '上班', '补休', '休息'),
      fc.constantFrom('', ',共3天', ',共八天', '1天', ',与周末连休', ',不调休'),
    )
    .map(([from, to, verb, tail]) => `${from}${to ? to.join('') : ''}${verb}${tail}`)
  const section = fc
    .tuple(
      fc.constantFrom('一、', '十一.', '二．'),
      fc.constantFrom('元旦', '春节', '国庆节、中秋节', '勞動節'),
      fc.constantFrom(':', '：'),
      fc.array(fc.array(clause, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }),
    )
    .map(
      ([n, name, colon, sentences]) => `${n}${name}${colon}${sentences.map((c) => c.join(',')).join('。')}。`,
    )
  const noticeLike = fc
    .tuple(fc.array(section, { minLength: 1, maxLength: 4 }), fc.constantFrom('\n', '', ' '))
    .map(([sections, glue]) => sections.join(glue))

  function wellFormed(text: string): void {
    const result = parseHolidayNotice(text, 2026)
    if (!result.ok) return
    const dates = result.value.days.map((d) => d.date)
    expect(dates.every((d) => isValidIsoDate(d))).toBe(true)
    expect(dates).toEqual([...new Set(dates)].sort())
    for (const w of result.value.warnings) expect(w.blocking).toBe(w.code !== 'unread_text')
  }

  it.each([
    ['fc.string()', fc.string()],
    ['full Unicode code points, lone surrogates included', fc.string({ unit: 'binary' })],
    ['notice-shaped text', noticeLike],
  ] as const)('never throws on %s, and what it accepts is well-formed', (_label, input) => {
    fc.assert(fc.property(input, wellFormed))
  })

  it('keeps every date a section gives in days once, and flags each repeat as duplicate_date', () => {
    fc.assert(
      fc.property(noticeLike, (text) => {
        const result = parseHolidayNotice(text, 2026)
        if (!result.ok) return
        const given = result.value.sections.flatMap((s) => [...s.holidays, ...s.workdays])
        expect(new Set(result.value.days.map((d) => d.date))).toEqual(new Set(given))
        const repeats = result.value.warnings.filter((w) => w.code === 'duplicate_date')
        expect(repeats).toHaveLength(given.length - new Set(given).size)
      }),
    )
  })

  it('reads any generated range with correct weekdays and count into exactly that range, without warnings', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2000, max: 2099 }),
        fc.integer({ min: 0, max: 364 }),
        fc.integer({ min: 1, max: 9 }),
        (year, offset, length) => {
          const start = Date.UTC(year, 0, 1 + offset)
          const end = Date.UTC(year, 0, offset + length)
          fc.pre(new Date(end).getUTCFullYear() === year)
          const md = (ms: number) => {
            const d = new Date(ms)
            return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日(周${'日一二三四五六'[d.getUTCDay()]})`
          }
          const value = parsed(`一、春节:${md(start)}至${md(end)}放假调休,共${length}天。`, year)
          expect(value.warnings).toEqual([])
          expect(value.days.map((d) => d.date)).toEqual(
            Array.from({ length }, (_, i) => new Date(start + i * 86_400_000).toISOString().slice(0, 10)),
          )
        },
      ),
    )
  })
})
