import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  hasValidResidentIdChecksum,
  type IdDocumentType,
  residentIdCheckChar,
  usccCheckChar,
  validateIdNumber,
  validateResidentId,
  validateUscc,
} from '../../../forms'
import { residentId, STANDARD_ID, TODAY, uscc, VALID_USCC } from './fixtures'

const today = { today: TODAY }
const CHECK_CHARS = '10X98765432'
const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'

describe('居民身份证 (GB 11643)', () => {
  it('computes the standard example check character', () => {
    expect(residentIdCheckChar('11010519491231002')).toBe('X')
    expect(validateResidentId(STANDARD_ID, today)).toEqual({ ok: true, value: STANDARD_ID })
  })

  it.each([
    ['lower-case x', '11010519491231002x'],
    ['full-width digits and letter', '１１０１０５１９４９１２３１００２Ｘ'],
    ['full-width digits, lower-case full-width x', '１１０１０５１９４９１２３１００２ｘ'],
    ['spaces between groups', ' 110105 19491231 002X '],
    ['a zero-width space pasted in', '110105\u200B19491231002X'],
  ])('normalises %s', (_case, input) => {
    expect(validateResidentId(input, today)).toEqual({ ok: true, value: STANDARD_ID })
  })

  it.each<[string, string, string]>([
    ['a wrong check character', '110105194912310021', 'resident_id_checksum'],
    ['too short', '11010519491231002', 'resident_id_format'],
    ['too long', '11010519491231002X1', 'resident_id_format'],
    ['X in the middle', '1101051949X231002X', 'resident_id_format'],
    ['an unknown province', residentId('990101', '19900101', '001'), 'resident_id_region'],
    ['30 February 1999', residentId('110105', '19990230', '001'), 'resident_id_birth_date'],
    ['29 February in a common year', residentId('110105', '19000229', '001'), 'resident_id_birth_date'],
    ['month 13', residentId('110105', '19901301', '001'), 'resident_id_birth_date'],
    ['a birth date after today', residentId('110105', '20261122', '001'), 'resident_id_birth_date'],
    ['a birth date before 1900', residentId('110105', '18991231', '001'), 'resident_id_birth_date'],
    ['script instead of a number', '"><img src=x onerror=alert(1)>', 'resident_id_format'],
  ])('rejects %s', (_case, input, code) => {
    expect(validateResidentId(input, today)).toMatchObject({ ok: false, code })
  })

  it('accepts 29 February in a leap year and a birth date of today', () => {
    expect(validateResidentId(residentId('440304', '20000229', '123'), today).ok).toBe(true)
    expect(validateResidentId(residentId('440304', '20261121', '123'), today).ok).toBe(true)
  })

  it('validates any 17-digit body with its computed check character, and fails with any other', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{17}$/), fc.constantFrom(...CHECK_CHARS), (body, other) => {
        const check = residentIdCheckChar(body)
        expect(hasValidResidentIdChecksum(`${body}${check}`)).toBe(true)
        fc.pre(other !== check)
        expect(hasValidResidentIdChecksum(`${body}${other}`)).toBe(false)
      }),
    )
  })

  it('accepts every well-formed number with a real birth date and rejects it once the check character flips', () => {
    const birth = fc
      .date({
        min: new Date('1900-01-01T00:00:00Z'),
        max: new Date(`${TODAY}T00:00:00Z`),
        noInvalidDate: true,
      })
      .map((date) => date.toISOString().slice(0, 10).replaceAll('-', ''))
    const region = fc.constantFrom('110105', '310104', '440304', '510107', '650102', '810000')
    const sequence = fc.stringMatching(/^\d{3}$/)
    fc.assert(
      fc.property(region, birth, sequence, fc.integer({ min: 1, max: 10 }), (area, date, seq, shift) => {
        const id = residentId(area, date, seq)
        expect(validateResidentId(id, today)).toEqual({ ok: true, value: id })
        const flipped = CHECK_CHARS[(CHECK_CHARS.indexOf(id[17]!) + shift) % 11]!
        expect(validateResidentId(`${id.slice(0, 17)}${flipped}`, today)).toMatchObject({
          ok: false,
          code: 'resident_id_checksum',
        })
      }),
    )
  })
})

describe('统一社会信用代码 (GB 32100-2015)', () => {
  it('accepts a real-format code and its normalised variants', () => {
    expect(usccCheckChar('91350100M000100Y4')).toBe('3')
    expect(validateUscc(VALID_USCC)).toEqual({ ok: true, value: VALID_USCC })
    expect(validateUscc('91350100m000100y43')).toEqual({ ok: true, value: VALID_USCC })
    expect(validateUscc('９１３５０１００Ｍ０００１００Ｙ４３')).toEqual({ ok: true, value: VALID_USCC })
    expect(validateUscc(' 9135 0100 M000 100Y 43 ')).toEqual({ ok: true, value: VALID_USCC })
  })

  it('maps a remainder of 0 to check character 0', () => {
    // Find a body whose weighted sum is divisible by 31 and check the wrap-around.
    const body = Array.from({ length: 31 }, (_, i) => `1100000000000000${USCC_ALPHABET[i]}`).find(
      (candidate) => usccCheckChar(candidate) === '0',
    )
    expect(body).toBeDefined()
    expect(validateUscc(`${body}0`).ok).toBe(true)
  })

  it.each<[string, string, string]>([
    ['a wrong check character', '91350100M000100Y44', 'uscc_checksum'],
    ['a forbidden letter I', '91350100M000I00Y43', 'uscc_format'],
    ['a forbidden letter O', '9135010OM000100Y43', 'uscc_format'],
    ['letters in the region code', '9135A100M000100Y43', 'uscc_format'],
    ['17 characters', '91350100M000100Y4', 'uscc_format'],
    ['script', '<script>alert(1)</script>', 'uscc_format'],
  ])('rejects %s', (_case, input, code) => {
    expect(validateUscc(input)).toMatchObject({ ok: false, code })
  })

  it('validates any body with its computed check character and fails any other', () => {
    const body = fc
      .tuple(
        fc.stringMatching(/^[0-9A-HJ-NP-RTUWXY]{2}$/),
        fc.stringMatching(/^\d{6}$/),
        fc.stringMatching(/^[0-9A-HJ-NP-RTUWXY]{9}$/),
      )
      .map((parts) => parts.join(''))
    fc.assert(
      fc.property(body, fc.constantFrom(...USCC_ALPHABET), (code, other) => {
        const check = usccCheckChar(code)
        expect(validateUscc(`${code}${check}`).ok).toBe(true)
        fc.pre(other !== check)
        expect(validateUscc(`${code}${other}`)).toMatchObject({ ok: false, code: 'uscc_checksum' })
      }),
    )
  })

  it('builds test codes with the fixture helper', () => {
    expect(validateUscc(uscc('91110000600037341')).ok).toBe(true)
  })
})

describe('other identity documents', () => {
  it.each<[IdDocumentType, string, string]>([
    ['passport', 'E12345678', 'E12345678'],
    ['passport', 'ea1234567', 'EA1234567'],
    ['hk_macao_permit', 'H12345678', 'H12345678'],
    ['hk_macao_permit', 'm1234567890', 'M1234567890'],
    ['taiwan_permit', '12345678', '12345678'],
    ['foreign_permanent_residence', 'USA123456789012', 'USA123456789012'],
    ['foreign_permanent_residence', '93111119900101001X', '93111119900101001X'],
    ['other', '军字第123456号', '军字第123456号'],
  ])('accepts a %s number %s', (type, input, value) => {
    expect(validateIdNumber(type, input, today)).toEqual({ ok: true, value })
  })

  it.each<[IdDocumentType, string, string]>([
    ['passport', 'ABCDEFG', 'passport_format'],
    ['passport', 'E123', 'passport_format'],
    ['hk_macao_permit', 'A12345678', 'hk_macao_permit_format'],
    ['hk_macao_permit', 'H1234567', 'hk_macao_permit_format'],
    ['taiwan_permit', '1234567', 'taiwan_permit_format'],
    ['foreign_permanent_residence', 'US123456789012', 'foreign_permanent_residence_format'],
    ['other', 'javascript:alert(1)', 'id_number_format'],
    ['other', 'x', 'id_number_format'],
    ['resident_id', '110105194912310021', 'resident_id_checksum'],
  ])('rejects a %s number %s', (type, input, code) => {
    expect(validateIdNumber(type, input, today)).toMatchObject({ ok: false, code })
  })
})
