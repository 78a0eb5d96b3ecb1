import { describe, expect, it } from 'vitest'
import {
  compileForm,
  disclosureV1,
  type SubmissionIssue,
  type ValidationResult,
  validatePage,
  validateSubmission,
} from '../../../forms'
import { organisationJson, personForm, personJson, STANDARD_ID, sampleDefinition, TODAY } from './fixtures'

const disclosure = compileForm(disclosureV1)
const sample = compileForm(sampleDefinition())
const json = { source: 'json', today: TODAY } as const
const form = { source: 'form', today: TODAY } as const

function issues(result: ValidationResult): SubmissionIssue[] {
  if (result.ok) throw new Error(`expected issues, got ${JSON.stringify(result.data)}`)
  return [...result.issues]
}

function paths(result: ValidationResult): string[] {
  return issues(result).map((issue) => `${issue.path}:${issue.code}`)
}

describe('validateSubmission with JSON', () => {
  it('accepts a complete 自然人 application and returns normalised answers only', () => {
    const result = validateSubmission(
      disclosure,
      personJson({
        name: '  张三 ',
        idDocument: { type: 'resident_id', number: '11010519491231002x' },
        phone: '+86 138 1234 5678',
        purpose: '',
      }),
      json,
    )
    expect(result).toEqual({
      ok: true,
      data: {
        applicantType: 'natural_person',
        name: '张三',
        idDocument: { type: 'resident_id', number: STANDARD_ID },
        informationDescription: '本县2024年度财政预算执行情况报告',
        carrier: 'electronic',
        deliveryMethod: 'download',
        phone: '13812345678',
        declaration: true,
      },
    })
  })

  it('accepts a complete 法人或其他组织 application', () => {
    const result = validateSubmission(disclosure, organisationJson({ uscc: '91350100m000100y43' }), json)
    expect(result).toMatchObject({
      ok: true,
      data: {
        orgCategory: 'legal_services',
        uscc: '91350100M000100Y43',
        postalAddress: { region: '北京市朝阳区', detail: '某某路1号', postcode: '100020' },
      },
    })
  })

  it('drops answers to questions the applicant was not shown', () => {
    const result = validateSubmission(
      disclosure,
      personJson({
        orgName: '<b>x</b>',
        uscc: 'garbage',
        agentIdDocument: { type: 'resident_id', number: '1' },
      }),
      json,
    )
    expect(result.ok).toBe(true)
    if (result.ok)
      expect(Object.keys(result.data)).not.toEqual(
        expect.arrayContaining(['orgName', 'uscc', 'agentIdDocument']),
      )
  })

  it('rejects keys the form does not have', () => {
    expect(issues(validateSubmission(disclosure, personJson({ isAdmin: true }), json))).toEqual([
      { path: 'isAdmin', field: 'isAdmin', code: 'unknown_field', message: '表单中没有“isAdmin”这一项' },
    ])
    expect(
      paths(
        validateSubmission(
          disclosure,
          personJson({ idDocument: { type: 'passport', number: 'E12345678', extra: 1 } }),
          json,
        ),
      ),
    ).toEqual(['idDocument.extra:unknown_field'])
  })

  it('refuses answers of the wrong JSON type', () => {
    const result = validateSubmission(
      disclosure,
      personJson({ phone: 13812345678, declaration: 'yes' }),
      json,
    )
    expect(issues(result)).toEqual([
      { path: 'phone', field: 'phone', code: 'invalid_type', message: '联系电话的格式不正确' },
      {
        path: 'declaration',
        field: 'declaration',
        code: 'invalid_type',
        message: '本人承诺所填信息真实、准确，并已阅读个人信息处理告知的格式不正确',
      },
    ])
    expect(paths(validateSubmission(disclosure, null, json))).toEqual([':invalid_type'])
    expect(paths(validateSubmission(disclosure, [], json))).toEqual([':invalid_type'])
  })

  it('requires an email address only when delivery is by email', () => {
    expect(validateSubmission(disclosure, personJson(), json).ok).toBe(true)
    expect(issues(validateSubmission(disclosure, personJson({ deliveryMethod: 'email' }), json))).toEqual([
      { path: 'email', field: 'email', code: 'required', message: '请输入电子邮箱' },
    ])
    expect(
      validateSubmission(disclosure, personJson({ deliveryMethod: 'email', email: 'a@b.cn' }), json).ok,
    ).toBe(true)
  })

  it('requires a postal address only when delivery is by post', () => {
    expect(paths(validateSubmission(disclosure, personJson({ deliveryMethod: 'post' }), json))).toEqual([
      'postalAddress.region:required',
      'postalAddress.detail:required',
    ])
    const partial = validateSubmission(
      disclosure,
      personJson({ postalAddress: { detail: '某某路1号', postcode: '1000' } }),
      json,
    )
    expect(paths(partial)).toEqual([
      'postalAddress.region:required',
      'postalAddress.postcode:postcode_format',
    ])
  })

  it('never requires a purpose', () => {
    const result = validateSubmission(disclosure, personJson(), json)
    expect(result.ok).toBe(true)
    expect(
      disclosure.definition.pages.flatMap((page) => page.fields).find((f) => f.name === 'purpose')?.required,
    ).toBe(false)
  })

  it('reports every missing answer at once, in page order', () => {
    expect(paths(validateSubmission(disclosure, {}, json))).toEqual([
      'applicantType:required',
      'informationDescription:required',
      'carrier:required',
      'deliveryMethod:required',
      'phone:required',
      'declaration:required',
    ])
    expect(
      issues(validateSubmission(disclosure, { applicantType: 'natural_person' }, json)).slice(0, 3),
    ).toEqual([
      { path: 'name', field: 'name', code: 'required', message: '请输入申请人姓名' },
      { path: 'idDocument.type', field: 'idDocument', code: 'required', message: '请选择证件类型' },
      { path: 'idDocument.number', field: 'idDocument', code: 'required', message: '请输入证件号码' },
    ])
  })

  it('rejects a choice that is not offered', () => {
    expect(issues(validateSubmission(disclosure, personJson({ carrier: 'fax' }), json))).toEqual([
      {
        path: 'carrier',
        field: 'carrier',
        code: 'invalid_option',
        message: '请从给出的选项中选择信息的载体形式',
      },
    ])
    expect(
      paths(
        validateSubmission(
          disclosure,
          personJson({ idDocument: { type: 'driving_licence', number: 'x' } }),
          json,
        ),
      ),
    ).toEqual(['idDocument.type:invalid_option'])
  })

  it('requires the declaration to be ticked', () => {
    expect(paths(validateSubmission(disclosure, personJson({ declaration: false }), json))).toEqual([
      'declaration:required',
    ])
  })
})

describe('validateSubmission with form posts', () => {
  it('gives the same data as the JSON API for the same answers', () => {
    const fromForm = validateSubmission(disclosure, personForm(), form)
    expect(fromForm).toEqual(validateSubmission(disclosure, personJson(), json))
    expect(fromForm.ok).toBe(true)
  })

  it('reads composite parts from name.part keys and ignores keys it does not know', () => {
    const result = validateSubmission(
      disclosure,
      personForm({
        deliveryMethod: 'post',
        'postalAddress.region': '福建省福州市鼓楼区',
        'postalAddress.detail': '某某路2号',
        'postalAddress.postcode': '３５０００１',
        'postalAddress.evil': 'x',
        action: 'submit',
      }),
      form,
    )
    expect(result).toMatchObject({
      ok: true,
      data: { postalAddress: { region: '福建省福州市鼓楼区', detail: '某某路2号', postcode: '350001' } },
    })
  })

  it.each([
    ['on', true],
    ['true', true],
    ['', false],
    [undefined, false],
  ])('reads the declaration checkbox value %j', (value, ticked) => {
    const input = personForm()
    if (value === undefined) delete input.declaration
    else input.declaration = value
    expect(validateSubmission(disclosure, input, form).ok).toBe(ticked)
  })

  it('refuses repeated values for a single-answer field', () => {
    expect(
      paths(validateSubmission(disclosure, personForm({ carrier: ['paper', 'electronic'] }), form)),
    ).toEqual(['carrier:invalid_type'])
  })

  it('reports the same issues for empty inputs as for missing ones', () => {
    const empty = Object.fromEntries(Object.keys(personForm()).map((key) => [key, '']))
    expect(paths(validateSubmission(disclosure, empty, form))).toEqual(
      paths(validateSubmission(disclosure, {}, json)),
    )
  })
})

describe('validateSubmission with groups, lists and dates', () => {
  const base = {
    fullName: '王五',
    'coApplicants[0].memberName': '赵六',
    'coApplicants[0].memberPhone': '13912345678',
  }

  it('reads repeated keys as a list and group rows from name[i].field keys', () => {
    const result = validateSubmission(
      sample,
      {
        ...base,
        topics: ['planning', 'finance'],
        'coApplicants[1].memberName': '',
        'coApplicants[2].memberName': '钱七',
        'coApplicants[2].memberEmail': 'qian@example.cn',
        'coApplicants[x].memberName': 'ignored',
        channel: 'portal-a',
      },
      form,
    )
    expect(result).toEqual({
      ok: true,
      data: {
        fullName: '王五',
        topics: ['finance', 'planning'],
        channel: 'portal-a',
        coApplicants: [
          { memberName: '赵六', memberPhone: '13912345678' },
          { memberName: '钱七', memberEmail: 'qian@example.cn' },
        ],
      },
    })
  })

  it('points group issues at the submitted row index', () => {
    const result = validateSubmission(
      sample,
      { ...base, 'coApplicants[3].memberName': '<script>', 'coApplicants[3].memberPhone': '010-62345678' },
      form,
    )
    expect(issues(result)).toEqual([
      {
        path: 'coApplicants[3].memberName',
        field: 'memberName',
        code: 'markup_not_allowed',
        message: '姓名不能包含“<”“>”或网页脚本等内容',
      },
      {
        path: 'coApplicants[3].memberPhone',
        field: 'memberPhone',
        code: 'mobile_format',
        message: '请输入有效的11位手机号码，例如 13812345678',
      },
      // A phone number that failed reads as no phone number, so the email becomes required too.
      { path: 'coApplicants[3].memberEmail', field: 'memberEmail', code: 'required', message: '请输入邮箱' },
    ])
  })

  it('evaluates nested conditions against the same row', () => {
    const result = validateSubmission(
      sample,
      { fullName: '王五', coApplicants: [{ memberName: '赵六' }] },
      json,
    )
    expect(paths(result)).toEqual(['coApplicants[0].memberEmail:required'])
  })

  it('enforces group size', () => {
    expect(issues(validateSubmission(sample, { fullName: '王五' }, json))).toEqual([
      { path: 'coApplicants', field: 'coApplicants', code: 'too_few', message: '共同申请人至少需要1项' },
    ])
    const four = Array.from({ length: 4 }, () => ({ memberName: '赵六', memberPhone: '13912345678' }))
    expect(paths(validateSubmission(sample, { fullName: '王五', coApplicants: four }, json))).toEqual([
      'coApplicants:too_many',
    ])
  })

  it('shows a follow-up question only for the answer that needs it', () => {
    expect(paths(validateSubmission(sample, { ...base, topics: 'other' }, form))).toEqual([
      'otherTopic:required',
    ])
    expect(
      validateSubmission(sample, { ...base, topics: 'finance', otherTopic: 'dropped' }, form),
    ).toMatchObject({
      ok: true,
      data: { topics: ['finance'] },
    })
  })

  it('limits how many options may be ticked and which', () => {
    expect(
      paths(
        validateSubmission(
          sample,
          { ...base, topics: ['finance', 'planning', 'other'], otherTopic: 'x' },
          form,
        ),
      ),
    ).toEqual(['topics:too_many'])
    expect(paths(validateSubmission(sample, { ...base, topics: ['finance', 'weather'] }, form))).toEqual([
      'topics:invalid_option',
    ])
  })

  it.each([
    ['2026-11-21', true],
    ['２０２６-１１-２１', true],
    ['2026-11-22', false],
    ['2025-02-29', false],
    ['21/11/2026', false],
  ])('checks the date %s against the injected today', (date, ok) => {
    expect(validateSubmission(sample, { ...base, eventDate: date }, form).ok).toBe(ok)
  })

  it('refuses markup in a hidden value', () => {
    expect(
      paths(validateSubmission(sample, { ...base, channel: '"><script>alert(1)</script>' }, form)),
    ).toEqual(['channel:markup_not_allowed'])
  })
})

describe('validatePage', () => {
  it('validates only the page and returns only its answers', () => {
    const result = validatePage(disclosure, 'delivery', personForm(), form)
    expect(result).toEqual({ ok: true, data: { carrier: 'electronic', deliveryMethod: 'download' } })
  })

  it('reads earlier answers for conditions that look back', () => {
    const contact = { phone: '13812345678' }
    expect(
      validatePage(disclosure, 'contact', contact, { ...form, answers: { deliveryMethod: 'download' } }).ok,
    ).toBe(true)
    expect(
      paths(validatePage(disclosure, 'contact', contact, { ...form, answers: { deliveryMethod: 'email' } })),
    ).toEqual(['email:required'])
  })

  it('ignores stale answers for fields of the page itself', () => {
    const result = validatePage(
      disclosure,
      'applicant',
      { applicantType: 'organisation' },
      { ...json, answers: { name: '张三' } },
    )
    expect(paths(result)).toContain('orgName:required')
  })

  it('rejects JSON keys that belong to other pages', () => {
    expect(
      paths(
        validatePage(disclosure, 'delivery', { carrier: 'paper', deliveryMethod: 'post', phone: '1' }, json),
      ),
    ).toEqual(['phone:unknown_field'])
  })

  it('refuses a page the form does not have', () => {
    expect(() => validatePage(disclosure, 'payment', {}, form)).toThrow(RangeError)
  })
})
