import { describe, expect, it } from 'vitest'
import { compileForm, DefinitionError, disclosureV1, type RenderField } from '../../../forms'
import { personJson, sampleDefinition, TODAY } from './fixtures'

const compiled = compileForm(disclosureV1)
const fields = compiled.renderModel.pages.flatMap((page) => page.fields)
const field = (name: string): RenderField => {
  const found = fields.find((candidate) => candidate.name === name)
  if (!found) throw new Error(`no field ${name}`)
  return found
}

describe('compileForm', () => {
  it('refuses an invalid definition', () => {
    expect(() => compileForm({ ...disclosureV1, pages: [] })).toThrow(DefinitionError)
  })

  it('lists the personal-information fields', () => {
    expect(compiled.piiFieldNames).toEqual([
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

  it('counts a group as personal when a nested field is, and honours piiFields', () => {
    const sample = compileForm({ ...sampleDefinition(), piiFields: ['channel'] })
    expect(sample.piiFieldNames).toEqual(['fullName', 'channel', 'coApplicants'])
  })

  describe('render model', () => {
    it('has the pages in order with localised titles', () => {
      expect(compiled.renderModel).toMatchObject({
        slug: 'disclosure',
        version: 1,
        locale: 'zh-CN',
        title: '政府信息公开申请',
      })
      expect(compiled.renderModel.pages.map((page) => [page.id, page.title])).toEqual([
        ['applicant', '申请人信息'],
        ['request', '所需政府信息'],
        ['delivery', '获取信息的方式'],
        ['contact', '联系方式'],
        ['declaration', '材料与声明'],
      ])
    })

    it('describes radios with localised options and hints', () => {
      expect(field('applicantType')).toMatchObject({
        kind: 'choice',
        label: '申请人类型',
        required: true,
        controls: [
          {
            key: 'applicantType',
            control: 'radios',
            options: [
              { value: 'natural_person', label: '自然人', hint: '以个人名义申请' },
              { value: 'organisation', label: '法人或其他组织', hint: '以单位名义申请' },
            ],
          },
        ],
      })
    })

    it('gives composite fields one control per part, keyed name.part', () => {
      const idDocument = field('idDocument')
      expect(idDocument.visibleWhen).toEqual({ op: 'eq', field: 'applicantType', value: 'natural_person' })
      expect(idDocument.controls.map((control) => [control.key, control.label])).toEqual([
        ['idDocument.type', '证件类型'],
        ['idDocument.number', '证件号码'],
      ])
      expect(idDocument.controls[0]?.options?.map((option) => option.label)).toEqual([
        '居民身份证',
        '护照',
        '港澳居民来往内地通行证',
        '台湾居民来往大陆通行证',
        '外国人永久居留身份证',
        '其他证件',
      ])
      expect(idDocument.controls[1]).toMatchObject({
        spellcheck: false,
        autocapitalize: 'characters',
        autocomplete: 'off',
      })
      expect(field('postalAddress').controls.map((control) => control.key)).toEqual([
        'postalAddress.region',
        'postalAddress.detail',
        'postalAddress.postcode',
      ])
    })

    it('adds autocomplete and inputmode hints', () => {
      expect(field('phone').controls[0]).toMatchObject({ type: 'tel', inputmode: 'tel', autocomplete: 'tel' })
      expect(field('email').controls[0]).toMatchObject({
        type: 'email',
        inputmode: 'email',
        autocomplete: 'email',
      })
      expect(field('name').controls[0]).toMatchObject({ autocomplete: 'name', maxLength: 50 })
      expect(field('orgName').controls[0]).toMatchObject({ autocomplete: 'organization' })
      expect(field('postalAddress').controls[2]).toMatchObject({
        inputmode: 'numeric',
        autocomplete: 'postal-code',
      })
      expect(field('uscc').controls[0]).toMatchObject({ autocapitalize: 'characters', spellcheck: false })
    })

    it('marks conditional requirements as data, not as required', () => {
      expect(field('email')).toMatchObject({
        required: false,
        requiredWhen: { op: 'eq', field: 'deliveryMethod', value: 'email' },
      })
      expect(field('purpose').required).toBe(false)
    })

    it('describes the upload constraints', () => {
      expect(field('attachments').controls[0]).toMatchObject({
        control: 'file',
        accept: '.pdf,application/pdf,.jpg,.jpeg,image/jpeg,.png,image/png',
        multiple: true,
        maxBytes: 5 * 1024 * 1024,
        maxFiles: 5,
      })
    })

    it('carries the consent statement', () => {
      expect(field('declaration')).toMatchObject({ required: true, controls: [{ control: 'checkbox' }] })
      expect(field('declaration').statement).toMatch(/个人信息保护法/)
    })

    it('nests group questions and hidden prefill', () => {
      const sample = compileForm(sampleDefinition()).renderModel.pages
      const group = sample[1]?.fields[0]
      expect(group).toMatchObject({ kind: 'group', minItems: 1, maxItems: 3, controls: [] })
      expect(group?.fields?.map((child) => child.controls[0]?.key)).toEqual([
        'memberName',
        'memberPhone',
        'memberEmail',
      ])
      expect(sample[0]?.fields.find((f) => f.name === 'channel')?.controls[0]).toMatchObject({
        type: 'hidden',
        prefillQuery: 'from',
      })
    })
  })

  describe('JSON Schema', () => {
    const schema = compiled.jsonSchema as {
      type: string
      required: string[]
      additionalProperties: boolean
      properties: Record<string, Record<string, unknown>>
    }

    it('is a closed object listing the always-required answers', () => {
      expect(schema.type).toBe('object')
      expect(schema.additionalProperties).toBe(false)
      expect(schema.required).toEqual([
        'applicantType',
        'informationDescription',
        'carrier',
        'deliveryMethod',
        'phone',
        'declaration',
      ])
      expect(schema.required).not.toContain('purpose')
    })

    it('documents every field with title, type and constraints', () => {
      expect(Object.keys(schema.properties)).toHaveLength(19)
      expect(schema.properties.deliveryMethod).toMatchObject({
        type: 'string',
        title: '获取信息的方式',
        enum: ['post', 'email', 'collect', 'download', 'inspect'],
      })
      expect(schema.properties.informationDescription).toMatchObject({ type: 'string', maxLength: 2000 })
      expect(schema.properties.declaration).toMatchObject({ type: 'boolean', const: true })
      expect(schema.properties.attachments).toMatchObject({ type: 'array', maxItems: 5 })
      expect(schema.properties.idDocument).toMatchObject({
        type: 'object',
        required: ['type', 'number'],
        additionalProperties: false,
        'x-pii': true,
      })
    })

    it('exposes visibility and conditional requirements as extension keywords', () => {
      expect(schema.properties.uscc?.['x-visibleWhen']).toEqual({
        op: 'eq',
        field: 'applicantType',
        value: 'organisation',
      })
      expect(schema.properties.postalAddress?.['x-requiredWhen']).toEqual({
        op: 'eq',
        field: 'deliveryMethod',
        value: 'post',
      })
    })

    it('is plain JSON', () => {
      expect(JSON.parse(JSON.stringify(compiled.jsonSchema))).toEqual(compiled.jsonSchema)
    })
  })

  describe('schema', () => {
    it('validates and normalises a full submission, dropping hidden answers', () => {
      const result = compiled
        .schema({ today: TODAY })
        .safeParse(personJson({ uscc: 'not checked: hidden', name: ' 张三 ' }))
      expect(result.success).toBe(true)
      expect(result.data).not.toHaveProperty('uscc')
      expect(result.data?.name).toBe('张三')
    })

    it('reports rule issues in Chinese with a machine code', () => {
      const result = compiled.schema({ today: TODAY }).safeParse(personJson({ phone: '12345' }))
      expect(result.error?.issues).toEqual([
        expect.objectContaining({
          path: ['phone'],
          message: '请输入有效的电话号码：11位手机号码，或带区号的固定电话，例如 010-12345678',
          params: { code: 'phone_format', field: 'phone' },
        }),
      ])
    })

    it('refuses a clock that is not a date', () => {
      expect(() => compiled.schema({ today: '2026-13-01' })).toThrow(RangeError)
    })
  })
})
