// Table 3 and 4 arithmetic over hand-built case facts: every line, carry-over across years, and the self-checks.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { APPLICANT_COLUMNS, TABLE3_ROWS, type Table3RowKey } from '../../../workflows/outcomes'
import {
  annualChecks,
  annualTable3,
  annualTable3FromCounts,
  annualTable4,
  type ReportCase,
  type ReportCount,
} from '../../../workflows/reports/annual'

let n = 0
function kase(over: Partial<ReportCase>): ReportCase {
  n++
  return {
    id: `c${n}`,
    reference: `R${n}`,
    column: 'natural_person',
    receivedOn: '2026-03-02',
    decidedOn: null,
    row: null,
    ...over,
  }
}

describe('Table 3', () => {
  const cases = [
    kase({ receivedOn: '2026-03-02', decidedOn: '2026-03-20', row: '1' }), // new, decided
    kase({ receivedOn: '2026-12-20', decidedOn: null, column: 'commercial_enterprise' }), // new, carried out
    kase({ receivedOn: '2025-12-15', decidedOn: '2026-01-10', row: '3.4' }), // carried in, decided
    kase({ receivedOn: '2025-12-30', decidedOn: '2027-01-05', row: '4.1', column: 'research_institution' }), // in and out
    kase({ receivedOn: '2025-06-01', decidedOn: '2025-06-20', row: '1' }), // last year only
    kase({ receivedOn: '2027-01-04', decidedOn: null }), // next year only
    kase({ receivedOn: '2026-05-05', decidedOn: '2026-06-01', row: '6.2', column: 'other_organization' }),
  ]
  const table = annualTable3(cases, 2026)

  it('counts 一 new, 二 carried in, 三 by row, （七） and 四 carried out, per column and in total', () => {
    const l = table.lines
    expect(l.new).toMatchObject({
      natural_person: 1,
      commercial_enterprise: 1,
      other_organization: 1,
      total: 3,
    })
    expect(l.carriedIn).toMatchObject({ natural_person: 1, research_institution: 1, total: 2 })
    expect(l['1'].total).toBe(1)
    expect(l['3.4'].total).toBe(1)
    expect(l['6.2']).toMatchObject({ other_organization: 1, total: 1 })
    expect(l.resultsTotal.total).toBe(3)
    expect(l.carriedOut).toMatchObject({ commercial_enterprise: 1, research_institution: 1, total: 2 })
  })

  it('names the cases behind each cell', () => {
    expect(table.cases.carriedOut.research_institution).toEqual([cases[3]!.id])
    expect(table.cases['3.4'].total).toEqual([cases[2]!.id])
  })

  it('passes every self-check on consistent data, including carry-over from the previous year', () => {
    const previous = annualTable3(cases, 2025)
    expect(previous.lines.carriedOut.total).toBe(2)
    expect(annualChecks(table, cases, 2026, previous).every((c) => c.ok)).toBe(true)
  })

  it('fails the balance when a case was decided without an outcome row, and names it', () => {
    const broken = [
      ...cases,
      kase({ receivedOn: '2026-04-01', decidedOn: '2026-04-20', row: null, reference: 'BAD-1' }),
    ]
    const checks = annualChecks(annualTable3(broken, 2026), broken, 2026)
    const balance = checks.find((c) => c.key === 'balance')!
    expect(balance.ok).toBe(false)
    expect(balance.failures).toContainEqual({ column: 'total', left: 6, right: 5 })
    expect(balance.cases).toContainEqual({ id: broken.at(-1)!.id, reference: 'BAD-1', why: 'no_outcome_row' })
  })

  it('fails carry-over when last year’s 四 differs from this year’s 二', () => {
    const lastYear = annualTable3([kase({ receivedOn: '2025-12-01' })], 2025)
    const check = annualChecks(table, cases, 2026, lastYear).find((c) => c.key === 'carry_over')!
    expect(check.ok).toBe(false)
    expect(check.failures).toContainEqual({ column: 'total', left: 2, right: 1 })
  })

  it('keeps 一 + 二 = 三(七) + 四, （七） = the leaf rows and 总计 = the six columns for any consistent data', () => {
    const rowKeys = TABLE3_ROWS.map((r) => r.key) as Table3RowKey[]
    const day = fc.integer({ min: 0, max: 3 * 365 }).map((d) => {
      const t = new Date(Date.UTC(2025, 0, 1 + d))
      return t.toISOString().slice(0, 10)
    })
    const arbCase = fc
      .record({
        received: day,
        lag: fc.option(fc.integer({ min: 0, max: 400 }), { nil: null }),
        row: fc.constantFrom(...rowKeys),
        column: fc.constantFrom(...APPLICANT_COLUMNS.map((c) => c.key)),
      })
      .map(({ received, lag, row, column }) => {
        const decided =
          lag === null
            ? null
            : new Date(Date.parse(`${received}T00:00:00Z`) + lag * 86_400_000).toISOString().slice(0, 10)
        return kase({ receivedOn: received, decidedOn: decided, row, column })
      })
    fc.assert(
      fc.property(fc.array(arbCase, { maxLength: 60 }), (list) => {
        const previous = annualTable3(list, 2025)
        const current = annualTable3(list, 2026)
        expect(annualChecks(current, list, 2026, previous).filter((c) => !c.ok)).toEqual([])
      }),
      { numRuns: 300 },
    )
  })
})

describe('Table 3 from counters', () => {
  // What the report_counts triggers keep: received cases grouped by (year received, year decided, column, row).
  function countsOf(list: readonly ReportCase[]): ReportCount[] {
    const map = new Map<string, ReportCount>()
    for (const c of list) {
      if (c.receivedOn === null) continue
      const decidedYear = c.decidedOn === null ? null : Number(c.decidedOn.slice(0, 4))
      const row = c.decidedOn === null ? null : c.row
      const key = `${c.receivedOn.slice(0, 4)}|${decidedYear}|${c.column}|${row}`
      const entry = map.get(key) ?? {
        receivedYear: Number(c.receivedOn.slice(0, 4)),
        decidedYear,
        column: c.column,
        row,
        n: 0,
      }
      entry.n++
      map.set(key, entry)
    }
    return [...map.values()]
  }

  it('gives exactly the lines of the case-by-case count, faults included', () => {
    const day = fc
      .integer({ min: 0, max: 4 * 365 })
      .map((d) => new Date(Date.UTC(2024, 0, 1 + d)).toISOString().slice(0, 10))
    const arbCase = fc
      .record({
        received: fc.option(day, { nil: null, freq: 8 }),
        decided: fc.option(day, { nil: null, freq: 3 }),
        row: fc.option(fc.constantFrom(...(TABLE3_ROWS.map((r) => r.key) as Table3RowKey[])), {
          nil: null,
          freq: 10,
        }),
        column: fc.constantFrom(...APPLICANT_COLUMNS.map((c) => c.key)),
      })
      .map(({ received, decided, row, column }) =>
        kase({ receivedOn: received, decidedOn: decided, row, column }),
      )
    fc.assert(
      fc.property(
        fc.array(arbCase, { maxLength: 80 }),
        fc.integer({ min: 2024, max: 2027 }),
        (list, year) => {
          expect(annualTable3FromCounts(countsOf(list), year)).toEqual(annualTable3(list, year).lines)
        },
      ),
      { numRuns: 300 },
    )
  })
})

describe('Table 4', () => {
  it('counts remedies filed in the year by result as of its end, later results as 尚未审结', () => {
    const t = annualTable4(
      [
        {
          caseId: 'a',
          group: 'reconsideration',
          filedOn: '2026-02-01',
          result: 'upheld',
          decidedOn: '2026-04-01',
        },
        {
          caseId: 'b',
          group: 'reconsideration',
          filedOn: '2026-11-01',
          result: 'corrected',
          decidedOn: '2027-01-20',
        },
        {
          caseId: 'c',
          group: 'litigation_direct',
          filedOn: '2026-05-01',
          result: 'other',
          decidedOn: '2026-09-01',
        },
        {
          caseId: 'd',
          group: 'litigation_after_reconsideration',
          filedOn: '2025-12-01',
          result: 'upheld',
          decidedOn: null,
        },
      ],
      2026,
    )
    expect(t.reconsideration).toEqual({ upheld: 1, corrected: 0, other: 0, pending: 1, total: 2 })
    expect(t.litigation_direct).toEqual({ upheld: 0, corrected: 0, other: 1, pending: 0, total: 1 })
    expect(t.litigation_after_reconsideration.total).toBe(0)
  })
})
