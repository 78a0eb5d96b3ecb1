import { describe, expect, it } from 'vitest'
import {
  DefinitionError,
  disclosureV1,
  type FormDefinitionInput,
  formDefinitionSchema,
  parseDefinition,
} from '../../../forms'
import { sampleDefinition } from './fixtures'

const label = (text: string) => ({ 'zh-CN': text })

function withFields(fields: unknown[]): unknown {
  return {
    slug: 'probe',
    version: 1,
    title: label('测试'),
    pages: [{ id: 'main', title: label('页'), fields }],
  }
}

const colour = {
  kind: 'choice',
  name: 'colour',
  label: label('颜色'),
  pii: false,
  options: [
    { value: 'red', label: label('红') },
    { value: 'blue', label: label('蓝') },
  ],
}

function messages(input: unknown): string[] {
  try {
    parseDefinition(input)
  } catch (error) {
    if (error instanceof DefinitionError) return error.issues.map((issue) => `${issue.path} ${issue.message}`)
    throw error
  }
  return []
}

describe('form definition meta-schema', () => {
  it('accepts the disclosure application v1 and applies defaults', () => {
    const definition = parseDefinition(disclosureV1)
    const consent = definition.pages
      .flatMap((page) => page.fields)
      .find((field) => field.name === 'declaration')
    expect(consent).toMatchObject({ kind: 'consent', required: true })
    expect(definition.pages.map((page) => page.id)).toEqual([
      'applicant',
      'request',
      'delivery',
      'contact',
      'declaration',
    ])
  })

  it('accepts a definition with groups, nested conditions and hidden prefill', () => {
    expect(formDefinitionSchema.safeParse(sampleDefinition()).success).toBe(true)
  })

  it.each<[string, unknown, RegExp]>([
    [
      'duplicate field names across pages',
      {
        slug: 'probe',
        version: 1,
        title: label('测试'),
        pages: [
          {
            id: 'a',
            title: label('一'),
            fields: [{ kind: 'email', name: 'email', label: label('邮箱'), pii: true }],
          },
          {
            id: 'b',
            title: label('二'),
            fields: [{ kind: 'email', name: 'email', label: label('邮箱'), pii: true }],
          },
        ],
      },
      /字段名称“email”重复/,
    ],
    [
      'a nested field reusing a top-level name',
      withFields([
        { kind: 'text', name: 'who', label: label('谁'), pii: false },
        {
          kind: 'group',
          name: 'items',
          label: label('项'),
          pii: false,
          fields: [{ kind: 'text', name: 'who', label: label('谁'), pii: false }],
        },
      ]),
      /字段名称“who”重复/,
    ],
    [
      'a condition on an unknown field',
      withFields([
        {
          kind: 'text',
          name: 'a',
          label: label('甲'),
          pii: false,
          visibleWhen: { op: 'truthy', field: 'ghost' },
        },
      ]),
      /不存在的字段“ghost”/,
    ],
    [
      'a condition on a later field',
      withFields([
        {
          kind: 'text',
          name: 'a',
          label: label('甲'),
          pii: false,
          visibleWhen: { op: 'eq', field: 'colour', value: 'red' },
        },
        colour,
      ]),
      /只能引用在它之前出现的字段/,
    ],
    [
      'a condition on the field itself',
      withFields([
        { kind: 'text', name: 'a', label: label('甲'), pii: false, required: { op: 'truthy', field: 'a' } },
      ]),
      /只能引用在它之前出现的字段/,
    ],
    [
      'a condition comparing a choice with a value it does not offer',
      withFields([
        colour,
        {
          kind: 'text',
          name: 'why',
          label: label('原因'),
          pii: false,
          visibleWhen: { op: 'in', field: 'colour', value: ['green'] },
        },
      ]),
      /条件值“green”不是“colour”的有效选项/,
    ],
    [
      'a condition on a part a field does not have',
      withFields([
        { kind: 'id-document', name: 'doc', label: label('证件'), pii: true },
        {
          kind: 'text',
          name: 'a',
          label: label('甲'),
          pii: false,
          visibleWhen: { op: 'truthy', field: 'doc.region' },
        },
      ]),
      /没有这一子项/,
    ],
    [
      'an id-document type condition naming a type the field does not allow',
      withFields([
        { kind: 'id-document', name: 'doc', label: label('证件'), pii: true, types: ['resident_id'] },
        {
          kind: 'text',
          name: 'a',
          label: label('甲'),
          pii: false,
          visibleWhen: { op: 'eq', field: 'doc.type', value: 'passport' },
        },
      ]),
      /不是“doc.type”的有效选项/,
    ],
    [
      'duplicate option values',
      withFields([{ ...colour, options: [colour.options[0], colour.options[0]] }]),
      /选项值“red”重复/,
    ],
    ['a choice without options', withFields([{ ...colour, options: [] }]), /options/],
    [
      'an option value that is not a code',
      withFields([{ ...colour, options: [{ value: '红 色', label: label('红') }] }]),
      /value/,
    ],
    [
      'an unknown field kind',
      withFields([{ kind: 'signature', name: 'sig', label: label('签名'), pii: false }]),
      /kind/,
    ],
    [
      'a misspelt property',
      withFields([{ kind: 'text', name: 'a', label: label('甲'), pii: false, visibelWhen: {} }]),
      /visibelWhen/,
    ],
    ['a field without a pii decision', withFields([{ kind: 'text', name: 'a', label: label('甲') }]), /pii/],
    [
      'a label without zh-CN',
      withFields([{ kind: 'text', name: 'a', label: { en: 'A' }, pii: false }]),
      /zh-CN/,
    ],
    [
      'a field name that is not an identifier',
      withFields([{ kind: 'text', name: 'full name', label: label('甲'), pii: false }]),
      /name/,
    ],
    [
      'an optional consent box',
      withFields([{ kind: 'consent', name: 'ok', label: label('同意'), pii: false, required: false }]),
      /required/,
    ],
    [
      'a group whose minimum exceeds its maximum',
      withFields([
        { kind: 'group', name: 'g', label: label('组'), pii: false, min: 5, max: 2, fields: [colour] },
      ]),
      /最小值大于最大值/,
    ],
    [
      'text whose minLength exceeds maxLength',
      withFields([{ kind: 'text', name: 'a', label: label('甲'), pii: false, minLength: 10, maxLength: 5 }]),
      /最小值大于最大值/,
    ],
    [
      'an and without arguments',
      withFields([
        colour,
        { kind: 'text', name: 'a', label: label('甲'), pii: false, visibleWhen: { op: 'and', args: [] } },
      ]),
      /visibleWhen/,
    ],
    [
      'a condition nested too deeply',
      withFields([
        colour,
        {
          kind: 'text',
          name: 'a',
          label: label('甲'),
          pii: false,
          visibleWhen: Array.from({ length: 9 }).reduce<unknown>((inner) => ({ op: 'not', args: [inner] }), {
            op: 'truthy',
            field: 'colour',
          }),
        },
      ]),
      /嵌套超过8层/,
    ],
    [
      'a top-level condition reaching into a group',
      withFields([
        {
          kind: 'group',
          name: 'g',
          label: label('组'),
          pii: false,
          fields: [{ kind: 'text', name: 'inner', label: label('内'), pii: false }],
        },
        {
          kind: 'text',
          name: 'a',
          label: label('甲'),
          pii: false,
          visibleWhen: { op: 'truthy', field: 'inner' },
        },
      ]),
      /不存在的字段“inner”/,
    ],
    [
      'an unknown name in piiFields',
      { ...(withFields([colour]) as object), piiFields: ['nobody'] },
      /个人信息字段列表引用了不存在的字段“nobody”/,
    ],
    [
      'duplicate page ids',
      {
        slug: 'probe',
        version: 1,
        title: label('测试'),
        pages: [
          { id: 'a', title: label('一'), fields: [colour] },
          { id: 'a', title: label('二'), fields: [{ ...colour, name: 'shade' }] },
        ],
      },
      /页面标识“a”重复/,
    ],
    [
      'a version that is not a positive integer',
      { ...(withFields([colour]) as object), version: 0 },
      /version/,
    ],
  ])('rejects %s', (_case, input, expected) => {
    const found = messages(input)
    expect(found.join('\n')).toMatch(expected)
  })

  it('lets nested fields look back at earlier siblings and earlier top-level fields', () => {
    const definition = withFields([
      colour,
      {
        kind: 'group',
        name: 'g',
        label: label('组'),
        pii: false,
        fields: [
          {
            kind: 'text',
            name: 'first',
            label: label('一'),
            pii: false,
            visibleWhen: { op: 'eq', field: 'colour', value: 'red' },
          },
          {
            kind: 'text',
            name: 'second',
            label: label('二'),
            pii: false,
            required: { op: 'truthy', field: 'first' },
          },
        ],
      },
    ])
    expect(messages(definition)).toEqual([])
  })

  it('reports every problem at once with a path, in Chinese', () => {
    const input = withFields([
      { kind: 'text', name: 'a', label: label('甲'), pii: false, visibleWhen: { op: 'truthy', field: 'x' } },
      { kind: 'text', name: 'a', label: label('乙'), pii: false },
    ])
    const error = (() => {
      try {
        parseDefinition(input)
      } catch (caught) {
        return caught
      }
    })()
    expect(error).toBeInstanceOf(DefinitionError)
    const issues = (error as DefinitionError).issues
    expect(issues).toHaveLength(2)
    expect(issues.map((issue) => issue.path)).toEqual([
      'pages[0].fields[1].name',
      'pages[0].fields[0].visibleWhen',
    ])
    expect((error as Error).message).toMatch(/^表单定义无效：/)
  })

  it('is usable as a type for authored definitions', () => {
    const typed: FormDefinitionInput = sampleDefinition()
    expect(parseDefinition(typed).slug).toBe('sample')
  })
})
