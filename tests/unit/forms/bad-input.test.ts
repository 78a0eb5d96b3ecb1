import { describe, expect, it } from 'vitest'
import {
  compileForm,
  disclosureV1,
  neutraliseFormula,
  type ValidationResult,
  validateSubmission,
} from '../../../forms'
import { personForm, personJson, residentId, STANDARD_ID, TODAY } from './fixtures'

const disclosure = compileForm(disclosureV1)
const json = { source: 'json', today: TODAY } as const
const form = { source: 'form', today: TODAY } as const

function only(result: ValidationResult): { path: string; code: string; message: string } {
  if (result.ok) throw new Error(`expected one issue, got ${JSON.stringify(result.data)}`)
  expect(result.issues).toHaveLength(1)
  const [issue] = result.issues
  return { path: issue!.path, code: issue!.code, message: issue!.message }
}

function accepted(result: ValidationResult): Record<string, unknown> {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.issues)}`)
  return result.data
}

describe('bad input through validateSubmission', () => {
  describe('empty answers', () => {
    it.each(['', '   ', '\u3000\u3000', '\u200B\u200B'])('treats %j as no name', (name) => {
      expect(only(validateSubmission(disclosure, personForm({ name }), form))).toEqual({
        path: 'name',
        code: 'required',
        message: '请输入申请人姓名',
      })
    })
  })

  describe('too long', () => {
    it('limits the description to 2000 characters after normalisation', () => {
      const fits = `${'字'.repeat(2000)}\u200B\u200B  `
      expect(
        accepted(validateSubmission(disclosure, personJson({ informationDescription: fits }), json)),
      ).toHaveProperty('informationDescription', '字'.repeat(2000))
      expect(
        only(validateSubmission(disclosure, personJson({ informationDescription: '字'.repeat(2001) }), json)),
      ).toEqual({
        path: 'informationDescription',
        code: 'too_long',
        message: '所需政府信息的名称或内容描述不能超过2000个字',
      })
    })

    it('limits an ID number before checking it', () => {
      const result = validateSubmission(
        disclosure,
        personJson({ idDocument: { type: 'other', number: '1'.repeat(100) } }),
        json,
      )
      expect(only(result)).toMatchObject({ path: 'idDocument.number', code: 'too_long' })
    })
  })

  describe('wrong types', () => {
    it.each([
      ['a number for a name', { name: 42 }, 'name'],
      ['an object for text', { informationDescription: { toString: 'x' } }, 'informationDescription'],
      ['a string for a composite', { idDocument: STANDARD_ID }, 'idDocument'],
      [
        'a number inside a composite',
        { idDocument: { type: 'resident_id', number: 11010519491231 } },
        'idDocument.number',
      ],
      ['a string for a list', { attachments: 'abc' }, 'attachments'],
    ])('refuses %s', (_case, overrides, path) => {
      expect(only(validateSubmission(disclosure, personJson(overrides), json))).toMatchObject({
        path,
        code: 'invalid_type',
      })
    })
  })

  describe('script injection', () => {
    const script = '<script>alert(1)</script>'
    const attribute = '"><img src=x onerror=alert(1)>'

    it('keeps script-looking text in descriptions as plain words (the renderer escapes)', () => {
      const data = accepted(
        validateSubmission(
          disclosure,
          personJson({
            informationDescription: `${script}${attribute}`,
            otherFeatures: 'javascript:void(0)',
          }),
          json,
        ),
      )
      expect(data.informationDescription).toBe(`${script}${attribute}`)
      expect(data.otherFeatures).toBe('javascript:void(0)')
    })

    it.each([script, attribute, 'javascript:alert(1)', '张三<b>'])('refuses %j as a name', (name) => {
      expect(only(validateSubmission(disclosure, personJson({ name }), json))).toEqual({
        path: 'name',
        code: 'markup_not_allowed',
        message: '申请人姓名不能包含“<”“>”或网页脚本等内容',
      })
    })

    it.each<[string, Record<string, unknown>, string, string]>([
      ['a phone number', { phone: `138${script}` }, 'phone', 'phone_format'],
      [
        'an email address',
        { deliveryMethod: 'email', email: `${attribute}@example.com` },
        'email',
        'email_format',
      ],
      [
        'an ID number',
        { idDocument: { type: 'resident_id', number: attribute } },
        'idDocument.number',
        'resident_id_format',
      ],
      [
        'another ID number',
        { idDocument: { type: 'other', number: script } },
        'idDocument.number',
        'id_number_format',
      ],
      [
        'a postal region',
        { postalAddress: { region: script, detail: '某路1号' } },
        'postalAddress.region',
        'markup_not_allowed',
      ],
      ['an attachment reference', { attachments: ['../../etc/passwd'] }, 'attachments', 'file_reference'],
    ])('refuses script in %s', (_case, overrides, path, code) => {
      expect(only(validateSubmission(disclosure, personJson(overrides), json))).toMatchObject({ path, code })
    })
  })

  describe('spreadsheet formulas', () => {
    it('stores formulas as typed and neutralises them on export', () => {
      const formula = '=HYPERLINK("http://evil.example","点击")'
      const data = accepted(
        validateSubmission(
          disclosure,
          personJson({ informationDescription: formula, documentNumber: '+1' }),
          json,
        ),
      )
      expect(data.informationDescription).toBe(formula)
      expect(neutraliseFormula(String(data.informationDescription))).toBe(`'${formula}`)
      expect(neutraliseFormula(String(data.documentNumber))).toBe("'+1")
    })
  })

  describe('invisible and control characters', () => {
    it('strips a right-to-left override and zero-width characters from a name', () => {
      const data = accepted(
        validateSubmission(disclosure, personJson({ name: '\u202E张\u200B三\u2066\uFEFF' }), json),
      )
      expect(data.name).toBe('张三')
    })

    it('refuses control characters with a clear message', () => {
      expect(only(validateSubmission(disclosure, personJson({ name: '张三\u0000' }), json))).toEqual({
        path: 'name',
        code: 'control_chars',
        message: '申请人姓名含有无法识别的控制字符，请删除后重新输入',
      })
    })

    it('refuses a name made only of digits and symbols', () => {
      expect(only(validateSubmission(disclosure, personJson({ name: '123-456' }), json))).toMatchObject({
        code: 'name_format',
      })
    })
  })

  describe('identity numbers', () => {
    it('normalises full-width digits and a lower-case x', () => {
      const data = accepted(
        validateSubmission(
          disclosure,
          personForm({ 'idDocument.number': '１１０１０５１９４９１２３１００２ｘ' }),
          form,
        ),
      )
      expect(data.idDocument).toEqual({ type: 'resident_id', number: '11010519491231002X' })
    })

    it('refuses a wrong check character', () => {
      expect(
        only(validateSubmission(disclosure, personForm({ 'idDocument.number': '110105194912310021' }), form)),
      ).toEqual({
        path: 'idDocument.number',
        code: 'resident_id_checksum',
        message: '身份证号码校验位不正确，请核对后重新输入',
      })
    })

    it('refuses an impossible birth date even with a correct check character', () => {
      const id = residentId('110105', '19990230', '001')
      expect(only(validateSubmission(disclosure, personForm({ 'idDocument.number': id }), form))).toEqual({
        path: 'idDocument.number',
        code: 'resident_id_birth_date',
        message: '身份证号码中的出生日期无效',
      })
    })

    it('refuses a birth date after the injected today', () => {
      const id = residentId('110105', '20261122', '001')
      expect(only(validateSubmission(disclosure, personForm({ 'idDocument.number': id }), form)).code).toBe(
        'resident_id_birth_date',
      )
      expect(
        validateSubmission(disclosure, personForm({ 'idDocument.number': id }), {
          ...form,
          today: '2026-11-22',
        }).ok,
      ).toBe(true)
    })

    it('refuses an invalid 统一社会信用代码', () => {
      const org = {
        applicantType: 'organisation',
        orgCategory: 'commercial',
        orgName: '某某科技有限公司',
        agentName: '李四',
        'agentIdDocument.type': 'resident_id',
        'agentIdDocument.number': '11010519491231002X',
      }
      expect(
        only(validateSubmission(disclosure, personForm({ ...org, uscc: '91350100M000100Y44' }), form)),
      ).toEqual({
        path: 'uscc',
        code: 'uscc_checksum',
        message: '统一社会信用代码校验位不正确，请核对后重新输入',
      })
      expect(
        only(validateSubmission(disclosure, personForm({ ...org, uscc: '91350100MOOO100Y43' }), form)).code,
      ).toBe('uscc_format')
      expect(
        accepted(
          validateSubmission(
            disclosure,
            personForm({ ...org, uscc: '９１３５０１００ｍ０００１００ｙ４３' }),
            form,
          ),
        ).uscc,
      ).toBe('91350100M000100Y43')
    })
  })

  describe('attachments', () => {
    it('accepts up to five references and refuses a sixth', () => {
      const ids = ['att_1', 'att_2', 'att_3', 'att_4', 'att_5']
      expect(
        accepted(validateSubmission(disclosure, personForm({ attachments: ids }), form)).attachments,
      ).toEqual(ids)
      expect(
        only(validateSubmission(disclosure, personForm({ attachments: [...ids, 'att_6'] }), form)),
      ).toEqual({
        path: 'attachments',
        code: 'too_many',
        message: '身份证明等材料最多只能上传5个文件',
      })
    })
  })
})
