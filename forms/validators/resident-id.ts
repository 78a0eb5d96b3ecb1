// 居民身份证号码 (GB 11643-1999): 6-digit region, 8-digit birth date, 3-digit sequence, ISO 7064 MOD 11-2 check.
import { type Check, fail, pass } from './check'
import { isRealDate } from './date'
import { normaliseCode } from './text'

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const
const CHECK_CHARS = '10X98765432'
// Province-level codes (GB/T 2260) plus 71/81/82/83 used for Taiwan, Hong Kong and Macao residents.
const PROVINCES = new Set([
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
  '71',
  '81',
  '82',
  '83',
])
const EARLIEST_BIRTH = '1900-01-01'

/** The check character for a 17-digit body. */
export function residentIdCheckChar(body: string): string {
  if (!/^\d{17}$/.test(body)) throw new RangeError('residentIdCheckChar needs exactly 17 digits')
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(body[i]) * WEIGHTS[i]!
  return CHECK_CHARS[sum % 11]!
}

/** Whether an already-normalised 18-character number carries the right check character. */
export function hasValidResidentIdChecksum(id: string): boolean {
  return /^\d{17}[\dX]$/.test(id) && residentIdCheckChar(id.slice(0, 17)) === id[17]
}

/** Full-width digits and letters to half-width, spaces removed, lower-case x to X. */
export function normaliseResidentId(raw: string): string {
  return normaliseCode(raw)
}

/**
 * Checks format, region, birth date (a real date between 1900-01-01 and `today`) and the check
 * character, in that order, returning the normalised number.
 */
export function validateResidentId(raw: string, options: { readonly today: string }): Check<string> {
  const id = normaliseResidentId(raw)
  if (!/^\d{17}[\dX]$/.test(id)) return fail('resident_id_format')
  if (!PROVINCES.has(id.slice(0, 2))) return fail('resident_id_region')
  const year = Number(id.slice(6, 10))
  const month = Number(id.slice(10, 12))
  const day = Number(id.slice(12, 14))
  const birth = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`
  if (!isRealDate(year, month, day) || birth < EARLIEST_BIRTH || birth > options.today) {
    return fail('resident_id_birth_date')
  }
  if (!hasValidResidentIdChecksum(id)) return fail('resident_id_checksum')
  return pass(id)
}
