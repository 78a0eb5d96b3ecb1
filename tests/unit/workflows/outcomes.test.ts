// Outcome codes → annual report Table 3 rows and Table 4 groups, per DOMAIN.md §5 and §7.
import { describe, expect, it } from 'vitest'
import {
  APPLICANT_COLUMNS,
  DEFAULT_SPECIAL_REGIME_ROW,
  OUTCOME_CODES,
  OUTCOMES,
  type OutcomeCode,
  REPLY_OUTCOME_CODES,
  TABLE3_ROWS,
  type Table3RowKey,
  table3RowFor,
  table4GroupFor,
} from '../../../workflows/outcomes'

describe('Table 3 rows', () => {
  it('lists the 21 leaf rows in report order', () => {
    expect(TABLE3_ROWS.map((row) => row.key)).toEqual([
      '1',
      '2',
      '3.1',
      '3.2',
      '3.3',
      '3.4',
      '3.5',
      '3.6',
      '3.7',
      '3.8',
      '4.1',
      '4.2',
      '4.3',
      '5.1',
      '5.2',
      '5.3',
      '5.4',
      '5.5',
      '6.1',
      '6.2',
      '6.3',
    ])
  })

  it('has the six applicant columns of the 2021 format, five of them 法人或其他组织', () => {
    expect(APPLICANT_COLUMNS.map((column) => column.label)).toEqual([
      '自然人',
      '商业企业',
      '科研机构',
      '社会公益组织',
      '法律服务机构',
      '其他',
    ])
    expect(APPLICANT_COLUMNS.filter((column) => column.group === '法人或其他组织')).toHaveLength(5)
  })
})

describe('outcome → Table 3 row (DOMAIN.md §5)', () => {
  const expected: [OutcomeCode, Table3RowKey, string | null][] = [
    ['already_published', '1', '36.1'],
    ['disclosed', '1', '36.2'],
    ['partially_disclosed', '2', '37'],
    ['withheld_state_secret', '3.1', '14'],
    ['withheld_prohibited_by_law', '3.2', '14'],
    ['withheld_security_stability', '3.3', '14'],
    ['withheld_third_party_rights', '3.4', '15'],
    ['withheld_internal_affairs', '3.5', '16.1'],
    ['withheld_process_information', '3.6', '16.2'],
    ['withheld_enforcement_files', '3.7', '16.2'],
    ['administrative_query', '3.8', null],
    ['not_exist', '4.1', '36.4'],
    ['not_held', '4.1', '36.5'],
    ['requires_new_processing', '4.2', '38'],
    ['unclear_after_correction', '4.3', '30'],
    ['petition_disguised', '5.1', '39.1'],
    ['repeat_request', '5.2', '36.6'],
    ['published_materials', '5.3', '39.2'],
    ['excessive_requests', '5.4', '35'],
    ['confirm_or_reissue', '5.5', null],
    ['correction_lapsed', '6.1', '30'],
    ['fee_lapsed', '6.2', '42'],
    ['withdrawn', '6.3', null],
    ['other', '6.3', null],
    ['special_regime', '3.8', '36.7'],
  ]

  it.each(expected)('%s feeds row %s (article %s)', (code, row, article) => {
    expect(table3RowFor(code)).toBe(row)
    expect(OUTCOMES[code].article).toBe(article)
  })

  it('covers every outcome code', () => {
    expect(expected.map(([code]) => code).sort()).toEqual([...OUTCOME_CODES].sort())
  })

  it('feeds every leaf row from at least one outcome', () => {
    const fed = new Set(OUTCOME_CODES.map((code) => table3RowFor(code)))
    expect(TABLE3_ROWS.filter((row) => !fed.has(row.key))).toEqual([])
  })

  it('lets an agency count the special statutory regime elsewhere, defaulting to (三)8', () => {
    expect(DEFAULT_SPECIAL_REGIME_ROW).toBe('3.8')
    expect(table3RowFor('special_regime', { specialRegimeRow: '6.3' })).toBe('6.3')
    expect(table3RowFor('disclosed', { specialRegimeRow: '6.3' })).toBe('1')
  })

  it('marks exactly the disclosing outcomes for secrecy review', () => {
    expect(OUTCOME_CODES.filter((code) => OUTCOMES[code].disclosing)).toEqual([
      'disclosed',
      'partially_disclosed',
    ])
  })

  it('leaves lapses and withdrawal out of the drafted reply outcomes', () => {
    expect(REPLY_OUTCOME_CODES).not.toContain('correction_lapsed')
    expect(REPLY_OUTCOME_CODES).not.toContain('fee_lapsed')
    expect(REPLY_OUTCOME_CODES).not.toContain('withdrawn')
    expect(REPLY_OUTCOME_CODES).toHaveLength(22)
  })
})

describe('remedy → Table 4 group', () => {
  it('splits litigation into direct and after reconsideration', () => {
    expect(table4GroupFor({ kind: 'reconsideration' })).toBe('reconsideration')
    expect(table4GroupFor({ kind: 'litigation', litigationPath: 'direct' })).toBe('litigation_direct')
    expect(table4GroupFor({ kind: 'litigation', litigationPath: 'after_reconsideration' })).toBe(
      'litigation_after_reconsideration',
    )
  })
})
