// 信息处理费 (Art. 42; 国办函〔2020〕109号): banded fees per request (cumulative per applicant per month) or per page.

/** 按件 (per request, counted cumulatively per applicant per calendar month) or 按量 (per page of one application). */
export const FEE_METHODS = ['per_request', 'per_page'] as const
export type FeeMethod = (typeof FEE_METHODS)[number]

export const FEE_METHOD_LABELS: Record<FeeMethod, string> = { per_request: '按件计收', per_page: '按量计收' }

/** Upper bound on counted units; anything larger is an input error, not a fee. */
export const MAX_FEE_UNITS = 100_000

/** One band of the breakdown: units `from`..`to` (1-based, inclusive) at `rateYuan` each. */
export interface FeeLine {
  from: number
  to: number
  units: number
  rateYuan: number
  amountYuan: number
}

/** The fee for units `from`..`to` with one line per band touched (free bands included), in whole yuan. */
export interface FeeBreakdown {
  method: FeeMethod
  from: number
  to: number
  lines: FeeLine[]
  totalYuan: number
}

interface Band {
  from: number
  to: number
  rateYuan: number
}

const PAGE_BANDS: readonly Band[] = [
  { from: 1, to: 30, rateYuan: 0 },
  { from: 31, to: 100, rateYuan: 10 },
  { from: 101, to: 200, rateYuan: 20 },
  { from: 201, to: Number.POSITIVE_INFINITY, rateYuan: 40 },
]

function* requestBands(): Generator<Band> {
  yield { from: 1, to: 10, rateYuan: 0 }
  yield { from: 11, to: 30, rateYuan: 100 }
  // From the 31st request on, bands of ten, each ¥100 dearer than the last (31–40 ¥200, 41–50 ¥300 …).
  for (let k = 0; ; k++) yield { from: 31 + 10 * k, to: 40 + 10 * k, rateYuan: 200 + 100 * k }
}

function bands(method: FeeMethod): Iterable<Band> {
  return method === 'per_page' ? PAGE_BANDS : requestBands()
}

function assertUnits(name: string, value: number, min: number): void {
  if (!Number.isSafeInteger(value) || value < min || value > MAX_FEE_UNITS) {
    throw new RangeError(`${name} must be an integer in ${min}..${MAX_FEE_UNITS}: ${value}`)
  }
}

function feeForRange(method: FeeMethod, from: number, to: number): FeeBreakdown {
  const lines: FeeLine[] = []
  if (to >= from) {
    for (const band of bands(method)) {
      if (band.from > to) break
      const start = Math.max(band.from, from)
      const end = Math.min(band.to, to)
      if (end < start) continue
      const units = end - start + 1
      lines.push({ from: start, to: end, units, rateYuan: band.rateYuan, amountYuan: units * band.rateYuan })
    }
  }
  const totalYuan = lines.reduce((sum, line) => sum + line.amountYuan, 0)
  return { method, from, to, lines, totalYuan }
}

/** Total 按件 fee for the first `requests` requests of one applicant in one calendar month (35 → ¥3,000). */
export function perRequestFee(requests: number): FeeBreakdown {
  assertUnits('requests', requests, 0)
  return feeForRange('per_request', 1, requests)
}

/** 按量 fee for one application of `pages` pages (250 → ¥4,700). */
export function perPageFee(pages: number): FeeBreakdown {
  assertUnits('pages', pages, 0)
  return feeForRange('per_page', 1, pages)
}

/** How one application is charged: its pages, or its requests after `priorCount` earlier ones that month. */
export type ApplicationFeeBasis =
  | { method: 'per_request'; count: number; priorCount: number }
  | { method: 'per_page'; count: number }

/**
 * The fee of one application. 按件 charges the application's requests at their place in the applicant's
 * monthly sequence (requests priorCount+1 … priorCount+count), so the month's notices add up to perRequestFee.
 * Throws RangeError on counts that are not integers in range (validate input before calling).
 */
export function applicationFee(basis: ApplicationFeeBasis): FeeBreakdown {
  assertUnits('count', basis.count, 0)
  if (basis.method === 'per_page') return feeForRange('per_page', 1, basis.count)
  assertUnits('priorCount', basis.priorCount, 0)
  assertUnits('priorCount + count', basis.priorCount + basis.count, 0)
  return feeForRange('per_request', basis.priorCount + 1, basis.priorCount + basis.count)
}

/** 国办函〔2020〕109号: the applicant has 20 working days from receiving the fee notice to pay, never fewer. */
export const FEE_PAYMENT_WORKING_DAYS = 20

/** Whether a payment window (working days) is shorter than the statutory one (a notice or a setting may not be). */
export function feeWindowTooShort(workingDays: number): boolean {
  return workingDays < FEE_PAYMENT_WORKING_DAYS
}

/** The payment window a fee notice gives: the one asked for, never shorter than the statutory 20 working days. */
export function feePaymentWindow(workingDays: number): number {
  return Math.max(FEE_PAYMENT_WORKING_DAYS, workingDays)
}
