import { describe, expect, it } from 'vitest'
import {
  type ApplicantCategory,
  applicantCategory,
  compileForm,
  disclosureV1,
  parseDefinition,
  validateSubmission,
} from '../../../forms'
import { organisationJson, personJson, TODAY } from './fixtures'

const disclosure = compileForm(disclosureV1)
const json = { source: 'json', today: TODAY } as const
const allFields = parseDefinition(disclosureV1).pages.flatMap((page) => page.fields)

describe('disclosure application v1', () => {
  it('is slug disclosure, version 1', () => {
    expect([disclosure.definition.slug, disclosure.definition.version]).toEqual(['disclosure', 1])
  })

  it('makes mandatory only what Art. 29 needs', () => {
    const always = allFields
      .filter((field) => field.required === true && field.visibleWhen === undefined)
      .map((f) => f.name)
    expect(always).toEqual([
      'applicantType',
      'informationDescription',
      'carrier',
      'deliveryMethod',
      'phone',
      'declaration',
    ])
    const optional = allFields.filter((field) => field.required === false).map((f) => f.name)
    expect(optional).toEqual(['documentNumber', 'otherFeatures', 'purpose', 'attachments'])
  })

  it('never asks for a purpose as a condition of the application', () => {
    const purpose = allFields.find((field) => field.name === 'purpose')
    expect(purpose).toMatchObject({ required: false })
    expect(purpose?.visibleWhen).toBeUndefined()
  })

  it('marks identity and contact details as personal information, and nothing about the request', () => {
    const pii = allFields.filter((field) => field.pii).map((field) => field.name)
    expect(pii).toEqual([
      'name',
      'idDocument',
      'agentName',
      'agentIdDocument',
      'phone',
      'email',
      'postalAddress',
      'attachments',
    ])
  })

  it('accepts attachments as PDF, JPEG or PNG, up to 5 MB each and 5 files', () => {
    expect(allFields.find((field) => field.name === 'attachments')).toMatchObject({
      kind: 'file',
      accept: ['application/pdf', 'image/jpeg', 'image/png'],
      maxBytes: 5 * 1024 * 1024,
      maxFiles: 5,
    })
  })

  it('offers the delivery methods and carriers of Art. 29', () => {
    const options = (name: string) => {
      const field = allFields.find((candidate) => candidate.name === name)
      return field?.kind === 'choice' ? field.options.map((option) => option.label['zh-CN']) : []
    }
    expect(options('carrier')).toEqual(['纸质', '电子数据'])
    expect(options('deliveryMethod')).toEqual(['邮寄', '电子邮件', '自行领取', '在线下载', '当场查阅、抄录'])
    expect(options('orgCategory')).toEqual(['商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他'])
  })
})

describe('applicantCategory', () => {
  it.each<[Record<string, unknown>, ApplicantCategory]>([
    [personJson(), 'natural_person'],
    [organisationJson({ orgCategory: 'commercial' }), 'commercial'],
    [organisationJson({ orgCategory: 'research' }), 'research'],
    [organisationJson({ orgCategory: 'social_welfare' }), 'social_welfare'],
    [organisationJson({ orgCategory: 'legal_services' }), 'legal_services'],
    [organisationJson({ orgCategory: 'other' }), 'other'],
  ])('maps validated answers to the annual-report column (%#)', (input, category) => {
    const result = validateSubmission(disclosure, input, json)
    if (!result.ok) throw new Error(JSON.stringify(result.issues))
    expect(applicantCategory(result.data)).toBe(category)
  })

  it('ignores a category left over from switching to 自然人', () => {
    const result = validateSubmission(disclosure, personJson({ orgCategory: 'research' }), json)
    if (!result.ok) throw new Error(JSON.stringify(result.issues))
    expect(applicantCategory(result.data)).toBe('natural_person')
  })

  it('refuses data that did not come from validation', () => {
    expect(() => applicantCategory({ applicantType: 'organisation' })).toThrow(TypeError)
    expect(() => applicantCategory({ applicantType: 'organisation', orgCategory: 'government' })).toThrow(
      TypeError,
    )
    expect(() => applicantCategory({})).toThrow(TypeError)
  })
})
