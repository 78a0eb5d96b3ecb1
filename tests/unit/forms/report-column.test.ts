// The applicant category a citizen chooses on the disclosure form versus the annual-report column (Table 3) the
// request is counted in: different codes, mapped in one place.
import { describe, expect, it } from 'vitest'
import { compileForm, disclosureV1, validateSubmission } from '../../../forms'
import { reportColumnOf, requestTitle } from '../../../workers/services/intake'
import { APPLICANT_COLUMNS } from '../../../workflows/outcomes'
import { organisationJson, personJson, TODAY } from './fixtures'

const disclosure = compileForm(disclosureV1)

function validated(answers: Record<string, unknown>) {
  const result = validateSubmission(disclosure, answers, { source: 'json', today: TODAY })
  if (!result.ok) throw new Error(JSON.stringify(result.issues))
  return result.data
}

describe('reportColumnOf', () => {
  // 国办公开办函〔2021〕30号, Table 3: 自然人, then 法人或其他组织 in five columns.
  it.each([
    [personJson(), 'natural_person', '自然人'],
    [organisationJson({ orgCategory: 'commercial' }), 'commercial_enterprise', '商业企业'],
    [organisationJson({ orgCategory: 'research' }), 'research_institution', '科研机构'],
    [organisationJson({ orgCategory: 'social_welfare' }), 'public_welfare_organization', '社会公益组织'],
    [organisationJson({ orgCategory: 'legal_services' }), 'legal_service_institution', '法律服务机构'],
    [organisationJson({ orgCategory: 'other' }), 'other_organization', '其他'],
  ])('counts %o in the column %s (%s)', (answers, column, label) => {
    expect(reportColumnOf(validated(answers))).toBe(column)
    expect(APPLICANT_COLUMNS.find((c) => c.key === column)?.label).toBe(label)
  })

  it('reaches every applicant column of Table 3', () => {
    const categories = ['commercial', 'research', 'social_welfare', 'legal_services', 'other']
    const reached = new Set([
      reportColumnOf(validated(personJson())),
      ...categories.map((orgCategory) => reportColumnOf(validated(organisationJson({ orgCategory })))),
    ])
    expect([...reached].sort()).toEqual(APPLICANT_COLUMNS.map((c) => c.key).sort())
  })

  it('refuses answers the disclosure form cannot produce rather than guessing a column', () => {
    expect(() => reportColumnOf({ applicantType: 'organisation', orgCategory: 'government' })).toThrow(
      TypeError,
    )
  })
})

describe('requestTitle', () => {
  it('is the first line of the description, without personal fields', () => {
    const data = validated(personJson({ informationDescription: '预算执行报告\n第二行说明' }))
    expect(requestTitle(data)).toBe('预算执行报告')
    expect(requestTitle(data)).not.toContain('张三')
  })
})
