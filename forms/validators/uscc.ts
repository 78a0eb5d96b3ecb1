// 统一社会信用代码 (GB 32100-2015): 18 characters from a 31-symbol alphabet with a MOD 31 check character.
import { type Check, fail, pass } from './check'
import { normaliseCode } from './text'

// I, O, Z, S and V are excluded because they are easily confused with 1, 0, 2, 5 and U.
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const
// Registration authority, organisation type, 6-digit region code, 9-character organisation code, check.
const FORMAT = /^[0-9A-HJ-NP-RTUWXY]{2}\d{6}[0-9A-HJ-NP-RTUWXY]{10}$/

/** The check character for a 17-character body. */
export function usccCheckChar(body: string): string {
  if (!/^[0-9A-HJ-NP-RTUWXY]{17}$/.test(body)) throw new RangeError('usccCheckChar needs 17 code characters')
  let sum = 0
  for (let i = 0; i < 17; i++) sum += ALPHABET.indexOf(body[i]!) * WEIGHTS[i]!
  return ALPHABET[(31 - (sum % 31)) % 31]!
}

/** Normalises (full-width, spaces, lower case) and checks a 统一社会信用代码. */
export function validateUscc(raw: string): Check<string> {
  const code = normaliseCode(raw)
  if (!FORMAT.test(code)) return fail('uscc_format')
  if (usccCheckChar(code.slice(0, 17)) !== code[17]) return fail('uscc_checksum')
  return pass(code)
}
