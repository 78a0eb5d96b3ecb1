// The pure parts of the statistics (title folding, similar-title groups, medians) and of closing a year (which
// changes are refused, which become corrections and which cells they move).
import { describe, expect, it } from 'vitest'
import { type CountedCase, cellChanges, closedYearEffect } from '../../../workflows/reports/closing'
import { groupSimilarRequests, median, normaliseTitle, rate } from '../../../workflows/reports/statistics'

describe('statistics', () => {
  it('folds years, numbers, filler words and punctuation out of a title', () => {
    expect(normaliseTitle('申请公开2025年XX路拓宽工程征收补偿方案')).toBe('xx路拓宽工程征收补偿方案')
    expect(normaliseTitle('要求公开ＸＸ路拓宽工程的征收补偿方案（2024年度）')).toBe(
      'xx路拓宽工程征收补偿方案',
    )
  })

  it('groups similar titles by trigram similarity, deterministically, and flags frequent disclosable ones', () => {
    const requests = [
      { id: 'c', title: 'XX路拓宽工程房屋征收补偿方案', disclosed: false },
      { id: 'a', title: '申请公开2025年XX路拓宽工程征收补偿方案', disclosed: true },
      { id: 'b', title: '要求公开XX路拓宽工程的征收补偿方案', disclosed: false },
      { id: 'd', title: '区教育局2025年招生计划', disclosed: true },
    ]
    const groups = groupSimilarRequests(requests, { minRequests: 3 })
    expect(groups[0]).toMatchObject({
      ids: ['a', 'b', 'c'],
      requests: 3,
      disclosed: 1,
      considerProactive: true,
    })
    expect(groups[1]).toMatchObject({ ids: ['d'], considerProactive: false })
    expect(groupSimilarRequests([...requests].reverse(), { minRequests: 3 })).toEqual(groups)
    // Frequent but never disclosed: not flagged.
    expect(
      groupSimilarRequests(
        requests.map((r) => ({ ...r, disclosed: false })),
        { minRequests: 3 },
      )[0]!.considerProactive,
    ).toBe(false)
  })

  it('takes medians and rates', () => {
    expect(median([13, 5, 10, 5])).toBe(7.5)
    expect(median([3, 1, 2])).toBe(2)
    expect(median([])).toBeNull()
    expect(rate(1, 4)).toBe(0.25)
    expect(rate(1, 0)).toBeNull()
  })
})

describe('closing a year', () => {
  const open: CountedCase = {
    column: 'natural_person',
    receivedOn: '2025-12-29',
    decidedOn: null,
    row: null,
    remedies: [],
  }

  it('turns a reply dated in the closed year into a correction moving 四 to its row', () => {
    const replied = { ...open, decidedOn: '2025-12-31', row: '1' as const }
    expect(cellChanges(open, replied, 2025)).toEqual([
      { table: 3, line: '1', column: 'natural_person', delta: 1 },
      { table: 3, line: 'carriedOut', column: 'natural_person', delta: -1 },
    ])
    const effect = closedYearEffect(open, replied, [2025])
    expect(effect).toEqual({
      refused: false,
      corrections: [{ year: 2025, kind: 'outcome', changes: expect.any(Array) }],
    })
    // Replied in 2026: the closed 2025 does not move.
    expect(closedYearEffect(open, { ...open, decidedOn: '2026-01-05', row: '1' }, [2025])).toEqual({
      refused: false,
      corrections: [],
    })
  })

  it('refuses a receipt dated in a closed year and records a remedy as a Table 4 correction', () => {
    const unreceived = { ...open, receivedOn: null }
    expect(closedYearEffect(unreceived, open, [2025])).toEqual({ refused: true, year: 2025 })
    expect(closedYearEffect(unreceived, open, [2024])).toEqual({ refused: false, corrections: [] })
    const remedy = {
      kind: 'litigation' as const,
      litigationPath: 'direct' as const,
      filedOn: '2025-05-01',
      result: 'corrected' as const,
      decidedOn: '2025-09-01',
    }
    expect(closedYearEffect(open, { ...open, remedies: [remedy] }, [2025])).toEqual({
      refused: false,
      corrections: [
        {
          year: 2025,
          kind: 'remedy',
          changes: [{ table: 4, line: 'litigation_direct', column: 'corrected', delta: 1 }],
        },
      ],
    })
  })
})
