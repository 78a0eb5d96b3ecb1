// 信息处理费 bands: the worked examples of DOMAIN.md §4 and the arithmetic of monthly per-request counting.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  applicationFee,
  FEE_PAYMENT_WORKING_DAYS,
  feePaymentWindow,
  feeWindowTooShort,
  MAX_FEE_UNITS,
  perPageFee,
  perRequestFee,
} from '../../../workflows/fees'

describe('per-request fee (按件, cumulative per applicant per month)', () => {
  it.each([
    [0, 0],
    [1, 0],
    [10, 0],
    [11, 100],
    [30, 2_000],
    [31, 2_200],
    [35, 3_000],
    [40, 4_000],
    [41, 4_300],
    [50, 7_000],
    [52, 7_800],
    [60, 11_000],
  ])('%i requests in a month cost ¥%i', (requests, total) => {
    expect(perRequestFee(requests).totalYuan).toBe(total)
  })

  it('breaks 52 requests into the bands of 国办函〔2020〕109号', () => {
    expect(perRequestFee(52).lines).toEqual([
      { from: 1, to: 10, units: 10, rateYuan: 0, amountYuan: 0 },
      { from: 11, to: 30, units: 20, rateYuan: 100, amountYuan: 2_000 },
      { from: 31, to: 40, units: 10, rateYuan: 200, amountYuan: 2_000 },
      { from: 41, to: 50, units: 10, rateYuan: 300, amountYuan: 3_000 },
      { from: 51, to: 52, units: 2, rateYuan: 400, amountYuan: 800 },
    ])
  })
})

describe('per-page fee (按量)', () => {
  it.each([
    [0, 0],
    [30, 0],
    [31, 10],
    [100, 700],
    [101, 720],
    [200, 2_700],
    [201, 2_740],
    [250, 4_700],
  ])('%i pages cost ¥%i', (pages, total) => {
    expect(perPageFee(pages).totalYuan).toBe(total)
  })

  it('breaks 250 pages into its bands', () => {
    expect(perPageFee(250).lines.map((line) => [line.units, line.rateYuan, line.amountYuan])).toEqual([
      [30, 0, 0],
      [70, 10, 700],
      [100, 20, 2_000],
      [50, 40, 2_000],
    ])
  })
})

describe('application fee', () => {
  it('charges an application its place in the monthly sequence of requests', () => {
    const fee = applicationFee({ method: 'per_request', count: 5, priorCount: 28 })
    expect(fee.from).toBe(29)
    expect(fee.to).toBe(33)
    expect(fee.totalYuan).toBe(2 * 100 + 3 * 200)
  })

  it('adds up, over a month of applications, to the cumulative per-request fee', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 15 }), { maxLength: 12 }), (counts) => {
        let prior = 0
        let sum = 0
        for (const count of counts) {
          sum += applicationFee({ method: 'per_request', count, priorCount: prior }).totalYuan
          prior += count
        }
        expect(sum).toBe(perRequestFee(prior).totalYuan)
      }),
    )
  })

  it('gives lines that account for every unit and the total', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2_000 }), fc.integer({ min: 0, max: 500 }), (prior, count) => {
        const fee = applicationFee({ method: 'per_request', count, priorCount: prior })
        expect(fee.lines.reduce((n, line) => n + line.units, 0)).toBe(count)
        expect(fee.lines.reduce((n, line) => n + line.amountYuan, 0)).toBe(fee.totalYuan)
        expect(Number.isInteger(fee.totalYuan)).toBe(true)
      }),
    )
  })

  it.each([-1, 1.5, Number.NaN, MAX_FEE_UNITS + 1])('rejects %s units', (units) => {
    expect(() => perPageFee(units)).toThrow(RangeError)
    expect(() => applicationFee({ method: 'per_request', count: 1, priorCount: units })).toThrow(RangeError)
  })
})

describe('the statutory payment window (国办函〔2020〕109号)', () => {
  it('is 20 working days, never shortened, and may be lengthened', () => {
    expect(FEE_PAYMENT_WORKING_DAYS).toBe(20)
    expect([19, 20, 30].map(feeWindowTooShort)).toEqual([true, false, false])
    expect([1, 20, 30].map(feePaymentWindow)).toEqual([20, 20, 30])
  })
})
