// Mainland phone numbers: 11-digit mobiles and landlines with an area code, stored in one canonical form.
import { type Check, fail, pass } from './check'
import { stripInvisible } from './text'

/** Which kinds of number a field accepts. */
export type PhoneKind = 'mobile' | 'landline' | 'any'

const MOBILE = /^1[3-9]\d{9}$/
// 010 and 02x are three-digit area codes, the rest four; local numbers never start with 0 or 1.
const LANDLINE = /^\(?(010|02\d|0[3-9]\d{2})\)?-?([2-9]\d{6,7})(?:-(\d{1,6}))?$/

/**
 * Accepts `13812345678`, `+86 138 1234 5678`, `010-12345678`, `(0571)87654321-123` and
 * full-width digits; returns `13812345678` or `0571-87654321-123`.
 */
export function validatePhone(raw: string, accept: PhoneKind = 'any'): Check<string | undefined> {
  const value = stripInvisible(raw).normalize('NFKC').replace(/\s+/g, '')
  if (value === '') return pass(undefined)
  const code =
    accept === 'mobile' ? 'mobile_format' : accept === 'landline' ? 'landline_format' : 'phone_format'
  if (value.length > 32 || !/^[\d+()-]+$/.test(value)) return fail(code)
  if (accept !== 'landline') {
    const digits = value.replace(/[()-]/g, '').replace(/^(?:\+86|0086|86)(?=1\d{10}$)/, '')
    if (MOBILE.test(digits)) return pass(digits)
  }
  if (accept !== 'mobile') {
    const local = value.replace(/^(?:\+86|0086)-?\(?0?/, '0')
    const match = LANDLINE.exec(local)
    if (match) return pass([match[1], match[2], match[3]].filter((part) => part !== undefined).join('-'))
  }
  return fail(code)
}
