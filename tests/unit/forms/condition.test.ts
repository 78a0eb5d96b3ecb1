import { describe, expect, it } from 'vitest'
import { answersFromFields, type Condition, evaluateCondition } from '../../../forms'

const answers = {
  deliveryMethod: 'post',
  topics: ['finance', 'other'],
  none: [],
  blank: '',
  declaration: true,
  idDocument: { type: 'passport', number: 'E12345678' },
  count: 0,
}

describe('evaluateCondition', () => {
  it.each<[string, Condition, boolean]>([
    ['eq on a matching answer', { op: 'eq', field: 'deliveryMethod', value: 'post' }, true],
    ['eq on a different answer', { op: 'eq', field: 'deliveryMethod', value: 'email' }, false],
    ['eq on an unanswered field', { op: 'eq', field: 'missing', value: 'post' }, false],
    ['eq on a multi-choice answer means "includes"', { op: 'eq', field: 'topics', value: 'other' }, true],
    ['eq does not coerce types', { op: 'eq', field: 'count', value: '0' }, false],
    ['eq compares booleans', { op: 'eq', field: 'declaration', value: true }, true],
    ['neq on a different answer', { op: 'neq', field: 'deliveryMethod', value: 'email' }, true],
    ['neq on the same answer', { op: 'neq', field: 'deliveryMethod', value: 'post' }, false],
    ['neq on an unanswered field', { op: 'neq', field: 'missing', value: 'post' }, true],
    [
      'neq on a multi-choice answer that includes the value',
      { op: 'neq', field: 'topics', value: 'finance' },
      false,
    ],
    ['in with a listed answer', { op: 'in', field: 'deliveryMethod', value: ['email', 'post'] }, true],
    ['in with an unlisted answer', { op: 'in', field: 'deliveryMethod', value: ['email', 'collect'] }, false],
    [
      'in on a multi-choice answer sharing one value',
      { op: 'in', field: 'topics', value: ['planning', 'other'] },
      true,
    ],
    ['in on an unanswered field', { op: 'in', field: 'missing', value: ['a'] }, false],
    ['notIn with an unlisted answer', { op: 'notIn', field: 'deliveryMethod', value: ['email'] }, true],
    ['notIn with a listed answer', { op: 'notIn', field: 'deliveryMethod', value: ['post'] }, false],
    ['notIn on an unanswered field', { op: 'notIn', field: 'missing', value: ['post'] }, true],
    ['truthy on a non-empty string', { op: 'truthy', field: 'deliveryMethod' }, true],
    ['truthy on an empty string', { op: 'truthy', field: 'blank' }, false],
    ['truthy on an empty list', { op: 'truthy', field: 'none' }, false],
    ['truthy on a ticked box', { op: 'truthy', field: 'declaration' }, true],
    ['truthy on an unanswered field', { op: 'truthy', field: 'missing' }, false],
    ['truthy on zero (an answer, not an absence)', { op: 'truthy', field: 'count' }, true],
    ['eq on a part of a composite answer', { op: 'eq', field: 'idDocument.type', value: 'passport' }, true],
    ['a part of a scalar answer reads as unanswered', { op: 'truthy', field: 'deliveryMethod.type' }, false],
    ['a part of an unanswered field reads as unanswered', { op: 'truthy', field: 'missing.type' }, false],
    [
      'and when every argument holds',
      {
        op: 'and',
        args: [
          { op: 'truthy', field: 'declaration' },
          { op: 'eq', field: 'deliveryMethod', value: 'post' },
        ],
      },
      true,
    ],
    [
      'and when one argument fails',
      {
        op: 'and',
        args: [
          { op: 'truthy', field: 'declaration' },
          { op: 'truthy', field: 'blank' },
        ],
      },
      false,
    ],
    [
      'or when one argument holds',
      {
        op: 'or',
        args: [
          { op: 'truthy', field: 'blank' },
          { op: 'truthy', field: 'declaration' },
        ],
      },
      true,
    ],
    [
      'or when no argument holds',
      {
        op: 'or',
        args: [
          { op: 'truthy', field: 'blank' },
          { op: 'truthy', field: 'none' },
        ],
      },
      false,
    ],
    ['not inverts', { op: 'not', args: [{ op: 'truthy', field: 'blank' }] }, true],
    [
      'nested trees',
      {
        op: 'and',
        args: [
          { op: 'not', args: [{ op: 'eq', field: 'deliveryMethod', value: 'email' }] },
          {
            op: 'or',
            args: [
              { op: 'in', field: 'topics', value: ['planning'] },
              { op: 'truthy', field: 'declaration' },
            ],
          },
        ],
      },
      true,
    ],
  ])('%s', (_case, condition, expected) => {
    expect(evaluateCondition(condition, answers)).toBe(expected)
  })

  it('never reads inherited properties as answers', () => {
    expect(evaluateCondition({ op: 'truthy', field: 'constructor' }, {})).toBe(false)
    expect(evaluateCondition({ op: 'truthy', field: 'toString' }, { ...answers })).toBe(false)
  })
})

describe('answersFromFields (the scope on the server and in the browser)', () => {
  it('reads one value as the answer, several as a list, and `name.part` as a part of a composite answer', () => {
    const scope = answersFromFields(
      new Map([
        ['deliveryMethod', ['post']],
        ['topics', ['finance', 'other']],
        ['idDocument.type', ['passport']],
        ['idDocument.number', ['E12345678']],
      ]),
    )
    expect(scope).toEqual({
      deliveryMethod: 'post',
      topics: ['finance', 'other'],
      idDocument: { type: 'passport', number: 'E12345678' },
    })
  })

  it('gives conditions on posted fields the same answers as on validated data', () => {
    const posted = answersFromFields([
      ['applicantType', ['organisation']],
      ['idDocument.type', ['resident_id']],
    ])
    const isOrganisation: Condition = { op: 'eq', field: 'applicantType', value: 'organisation' }
    const withResidentId: Condition = { op: 'eq', field: 'idDocument.type', value: 'resident_id' }
    expect(evaluateCondition(isOrganisation, posted)).toBe(true)
    expect(evaluateCondition(withResidentId, posted)).toBe(true)
    expect(evaluateCondition({ op: 'truthy', field: 'name' }, posted)).toBe(false)
  })

  it('keeps the posted lists it was given untouched', () => {
    const topics = ['finance', 'other']
    const scope = answersFromFields([['topics', topics]])
    ;(scope.topics as string[]).push('planning')
    expect(topics).toEqual(['finance', 'other'])
  })
})
