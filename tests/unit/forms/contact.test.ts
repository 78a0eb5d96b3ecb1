import { describe, expect, it } from 'vitest'
import { type PhoneKind, validateEmail, validatePhone } from '../../../forms'

describe('validatePhone', () => {
  it.each<[string, PhoneKind, string]>([
    ['13812345678', 'any', '13812345678'],
    ['138 1234 5678', 'any', '13812345678'],
    ['138-1234-5678', 'mobile', '13812345678'],
    ['+86 138 1234 5678', 'mobile', '13812345678'],
    ['008613812345678', 'mobile', '13812345678'],
    ['１３８１２３４５６７８', 'any', '13812345678'],
    ['19912345678', 'mobile', '19912345678'],
    ['010-62345678', 'any', '010-62345678'],
    ['01062345678', 'landline', '010-62345678'],
    ['(0571)87654321', 'any', '0571-87654321'],
    ['0571-87654321-123', 'landline', '0571-87654321-123'],
    ['020-8765432', 'any', '020-8765432'],
    ['+86 10 62345678', 'landline', '010-62345678'],
  ])('accepts %s as %s', (input, accept, value) => {
    expect(validatePhone(input, accept)).toEqual({ ok: true, value })
  })

  it.each<[string, PhoneKind, string]>([
    ['12812345678', 'any', 'phone_format'],
    ['1381234567', 'mobile', 'mobile_format'],
    ['138123456789', 'mobile', 'mobile_format'],
    ['12345678', 'any', 'phone_format'],
    ['010-02345678', 'landline', 'landline_format'],
    ['010-12345678', 'landline', 'landline_format'],
    ['13812345678', 'landline', 'landline_format'],
    ['010-62345678', 'mobile', 'mobile_format'],
    ['138<script>alert(1)</script>', 'any', 'phone_format'],
    ['javascript:alert(1)', 'any', 'phone_format'],
    ['=1+13812345678', 'any', 'phone_format'],
  ])('rejects %s as %s', (input, accept, code) => {
    expect(validatePhone(input, accept)).toMatchObject({ ok: false, code })
  })

  it('treats blank input as unanswered', () => {
    expect(validatePhone('   ')).toEqual({ ok: true, value: undefined })
  })
})

describe('validateEmail', () => {
  it.each([
    ['name@example.com', 'name@example.com'],
    ['  Name.Surname+tag@Example.COM.cn ', 'Name.Surname+tag@example.com.cn'],
    ['ｎａｍｅ＠ｅｘａｍｐｌｅ．ｃｏｍ', 'name@example.com'],
    ['a@b.co', 'a@b.co'],
  ])('accepts %s', (input, value) => {
    expect(validateEmail(input)).toEqual({ ok: true, value })
  })

  it.each([
    'plainaddress',
    '@example.com',
    'name@',
    'name@localhost',
    'name@example.c0m',
    'name..dots@example.com',
    '.name@example.com',
    'name@-example.com',
    'name@example..com',
    '"><img src=x onerror=alert(1)>@example.com',
    'javascript:alert(1)@example.com',
    'name <name@example.com>',
    `${'a'.repeat(65)}@example.com`,
    `name@${'a'.repeat(250)}.com`,
  ])('rejects %s', (input) => {
    expect(validateEmail(input)).toMatchObject({ ok: false, code: 'email_format' })
  })
})
