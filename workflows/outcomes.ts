// Reply outcomes (Art. 30–42) with the annual report rows they feed (国办公开办函〔2021〕30号, Tables 3 and 4).

/** The 21 leaf rows of Table 3 「三、本年度办理结果」, in report order. */
export const TABLE3_ROWS = [
  { key: '1', group: '（一）予以公开', label: '（一）予以公开' },
  {
    key: '2',
    group: '（二）部分公开（区分处理的，只计这一情形，不计其他情形）',
    label: '（二）部分公开（区分处理的，只计这一情形，不计其他情形）',
  },
  { key: '3.1', group: '（三）不予公开', label: '1.属于国家秘密' },
  { key: '3.2', group: '（三）不予公开', label: '2.其他法律行政法规禁止公开' },
  { key: '3.3', group: '（三）不予公开', label: '3.危及“三安全一稳定”' },
  { key: '3.4', group: '（三）不予公开', label: '4.保护第三方合法权益' },
  { key: '3.5', group: '（三）不予公开', label: '5.属于三类内部事务信息' },
  { key: '3.6', group: '（三）不予公开', label: '6.属于四类过程性信息' },
  { key: '3.7', group: '（三）不予公开', label: '7.属于行政执法案卷' },
  { key: '3.8', group: '（三）不予公开', label: '8.属于行政查询事项' },
  { key: '4.1', group: '（四）无法提供', label: '1.本机关不掌握相关政府信息' },
  { key: '4.2', group: '（四）无法提供', label: '2.没有现成信息需要另行制作' },
  { key: '4.3', group: '（四）无法提供', label: '3.补正后申请内容仍不明确' },
  { key: '5.1', group: '（五）不予处理', label: '1.信访举报投诉类申请' },
  { key: '5.2', group: '（五）不予处理', label: '2.重复申请' },
  { key: '5.3', group: '（五）不予处理', label: '3.要求提供公开出版物' },
  { key: '5.4', group: '（五）不予处理', label: '4.无正当理由大量反复申请' },
  { key: '5.5', group: '（五）不予处理', label: '5.要求行政机关确认或重新出具已获取信息' },
  {
    key: '6.1',
    group: '（六）其他处理',
    label: '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
  },
  {
    key: '6.2',
    group: '（六）其他处理',
    label: '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
  },
  { key: '6.3', group: '（六）其他处理', label: '3.其他' },
] as const

export type Table3RowKey = (typeof TABLE3_ROWS)[number]['key']

/** The other lines of Table 3 around the result rows. */
export const TABLE3_LINES = {
  newThisYear: '一、本年新收政府信息公开申请数量',
  carriedIn: '二、上年结转政府信息公开申请数量',
  results: '三、本年度办理结果',
  resultsTotal: '（七）总计',
  carriedOver: '四、结转下年度继续办理',
} as const

/** Applicant categories, the six data columns of Table 3 before 总计 (the last five are 法人或其他组织). */
export const APPLICANT_COLUMNS = [
  { key: 'natural_person', label: '自然人', group: null },
  { key: 'commercial_enterprise', label: '商业企业', group: '法人或其他组织' },
  { key: 'research_institution', label: '科研机构', group: '法人或其他组织' },
  { key: 'public_welfare_organization', label: '社会公益组织', group: '法人或其他组织' },
  { key: 'legal_service_institution', label: '法律服务机构', group: '法人或其他组织' },
  { key: 'other_organization', label: '其他', group: '法人或其他组织' },
] as const

/** A Table 3 data column: where an applicant is counted (not the category the citizen chose on the form). */
export type ReportColumn = (typeof APPLICANT_COLUMNS)[number]['key']

export const TABLE3_TOTAL_COLUMN = { key: 'total', label: '总计' } as const

/** Results of 行政复议 / 行政诉讼, the columns of Table 4 within each group. */
export const REMEDY_RESULTS = ['upheld', 'corrected', 'other', 'pending'] as const
export type RemedyResult = (typeof REMEDY_RESULTS)[number]
export const REMEDY_RESULT_LABELS: Record<RemedyResult, string> = {
  upheld: '结果维持',
  corrected: '结果纠正',
  other: '其他结果',
  pending: '尚未审结',
}

/** Table 4 column groups: reconsideration, then litigation without and after reconsideration. */
export const TABLE4_GROUPS = [
  { key: 'reconsideration', label: '行政复议' },
  { key: 'litigation_direct', label: '行政诉讼：未经复议直接起诉' },
  { key: 'litigation_after_reconsideration', label: '行政诉讼：复议后起诉' },
] as const
export type Table4Group = (typeof TABLE4_GROUPS)[number]['key']

/** How an outcome comes about: a drafted and signed reply, a system lapse, or the applicant's withdrawal. */
export type OutcomeSource = 'reply' | 'system' | 'applicant'

/** What the law and the report say about one outcome. */
export interface OutcomeInfo {
  /** zh-CN label for staff and letters. */
  label: string
  /** Article of the Regulation in DOMAIN.md notation (`36.2` is 第三十六条第（二）项), or null when none applies. */
  article: string | null
  /** Default legal-basis citation offered when drafting (staff may edit or add). */
  citation: string | null
  /** Table 3 row; null only for the configurable special-regime outcome (see table3RowFor). */
  row: Table3RowKey | null
  source: OutcomeSource
  /** Discloses information: needs the secrecy review (保密审查, Art. 17) before it is drafted. */
  disclosing: boolean
  /** Refuses or does not process: the reply must state reasons. */
  requiresReasons: boolean
}

const REGULATION = '《中华人民共和国政府信息公开条例》'

const reply = (
  label: string,
  article: string | null,
  citation: string | null,
  row: Table3RowKey | null,
  extra: Partial<Pick<OutcomeInfo, 'disclosing' | 'requiresReasons'>> = {},
): OutcomeInfo => ({
  label,
  article,
  citation: citation === null ? null : `${REGULATION}${citation}`,
  row,
  source: 'reply',
  disclosing: extra.disclosing ?? false,
  requiresReasons: extra.requiresReasons ?? true,
})

/** Every outcome code with its label, article and Table 3 row (DOMAIN.md §5). */
export const OUTCOMES = {
  already_published: reply('已主动公开，告知获取方式和途径', '36.1', '第三十六条第（一）项', '1', {
    requiresReasons: false,
  }),
  disclosed: reply('予以公开', '36.2', '第三十六条第（二）项', '1', {
    disclosing: true,
    requiresReasons: false,
  }),
  partially_disclosed: reply('部分公开', '37', '第三十七条', '2', {
    disclosing: true,
    requiresReasons: false,
  }),
  withheld_state_secret: reply('不予公开：属于国家秘密', '14', '第十四条', '3.1'),
  withheld_prohibited_by_law: reply('不予公开：其他法律行政法规禁止公开', '14', '第十四条', '3.2'),
  withheld_security_stability: reply('不予公开：危及“三安全一稳定”', '14', '第十四条', '3.3'),
  withheld_third_party_rights: reply('不予公开：保护第三方合法权益', '15', '第十五条', '3.4'),
  withheld_internal_affairs: reply('不予公开：属于三类内部事务信息', '16.1', '第十六条第一款', '3.5'),
  withheld_process_information: reply('不予公开：属于四类过程性信息', '16.2', '第十六条第二款', '3.6'),
  withheld_enforcement_files: reply('不予公开：属于行政执法案卷', '16.2', '第十六条第二款', '3.7'),
  administrative_query: reply('不予公开：属于行政查询事项', null, null, '3.8'),
  not_exist: reply('无法提供：政府信息不存在', '36.4', '第三十六条第（四）项', '4.1'),
  not_held: reply('无法提供：本机关不掌握，告知有关机关', '36.5', '第三十六条第（五）项', '4.1'),
  requires_new_processing: reply('无法提供：没有现成信息需要另行制作', '38', '第三十八条', '4.2'),
  unclear_after_correction: reply('无法提供：补正后申请内容仍不明确', '30', '第三十条', '4.3'),
  petition_disguised: reply('不予处理：信访、投诉、举报类申请', '39.1', '第三十九条第一款', '5.1'),
  repeat_request: reply('不予处理：重复申请', '36.6', '第三十六条第（六）项', '5.2'),
  published_materials: reply('不予处理：要求提供公开出版物', '39.2', '第三十九条第二款', '5.3'),
  excessive_requests: reply('不予处理：无正当理由大量反复申请', '35', '第三十五条', '5.4'),
  confirm_or_reissue: reply('不予处理：要求确认或重新出具已获取信息', null, null, '5.5'),
  special_regime: reply('告知依照有关法律、行政法规的特别规定办理', '36.7', '第三十六条第（七）项', null),
  other: reply('其他处理', null, null, '6.3'),
  correction_lapsed: {
    label: '申请人无正当理由逾期不补正，视为放弃申请',
    article: '30',
    citation: `${REGULATION}第三十条`,
    row: '6.1',
    source: 'system',
    disclosing: false,
    requiresReasons: false,
  },
  fee_lapsed: {
    label: '申请人逾期未缴纳信息处理费，视为放弃申请',
    article: '42',
    citation: `${REGULATION}第四十二条`,
    row: '6.2',
    source: 'system',
    disclosing: false,
    requiresReasons: false,
  },
  withdrawn: {
    label: '申请人撤回申请',
    article: null,
    citation: null,
    row: '6.3',
    source: 'applicant',
    disclosing: false,
    requiresReasons: false,
  },
} as const satisfies Record<string, OutcomeInfo>

export type OutcomeCode = keyof typeof OUTCOMES

/** All outcome codes, in the order of OUTCOMES. */
export const OUTCOME_CODES = Object.keys(OUTCOMES) as OutcomeCode[]

/** Outcomes a handler may choose in draft-reply (the others come from lapses and withdrawal). */
export const REPLY_OUTCOME_CODES = OUTCOME_CODES.filter((code) => OUTCOMES[code].source === 'reply')

/** Row the special statutory access regime (36.7, e.g. 工商/不动产登记) feeds unless the agency configures another. */
export const DEFAULT_SPECIAL_REGIME_ROW: Table3RowKey = '3.8'

/** The Table 3 row an outcome is counted in; only `special_regime` depends on the agency's setting. */
export function table3RowFor(
  code: OutcomeCode,
  options: { specialRegimeRow?: Table3RowKey } = {},
): Table3RowKey {
  const row = OUTCOMES[code].row
  return row ?? options.specialRegimeRow ?? DEFAULT_SPECIAL_REGIME_ROW
}

/** How a remedy was sought: 行政复议, or 行政诉讼 directly or after reconsideration. */
export type RemedyRoute =
  | { kind: 'reconsideration' }
  | { kind: 'litigation'; litigationPath: 'direct' | 'after_reconsideration' }

/** The Table 4 group a remedy is counted in. */
export function table4GroupFor(remedy: RemedyRoute): Table4Group {
  if (remedy.kind === 'reconsideration') return 'reconsideration'
  return remedy.litigationPath === 'direct' ? 'litigation_direct' : 'litigation_after_reconsideration'
}
