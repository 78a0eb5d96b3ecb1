// A year of disclosure cases built through the workflow API (2025, with cases carried in from 2024 and out into
// 2026), and the Table 3 / Table 4 cells they must produce, written out by hand from the law's definitions.
import { env } from 'cloudflare:workers'
import { runScheduled } from '../../../workers/index'
import type { ReportColumn } from '../../../workflows/outcomes'
import { call, json } from '../helpers'
import { foreignStaffToken, postAction } from '../workflow/agency-staff'
import { at, detail, newCase, SECRECY, token, type Who } from '../workflow/case-helpers'

// The version each case is at, so an action needs one request instead of two (no detail read first).
const versions = new Map<string, number>()

async function ok(caseId: string, who: Who, action: string, input: Record<string, unknown>, now: number) {
  const version = versions.get(caseId) ?? (await detail(caseId)).version
  const res = await call(
    `/api/v1/cases/${caseId}/actions/${action}`,
    json({ version, ...input }, { token: await token(who), headers: { 'x-test-now': String(now) } }),
  )
  if (res.status !== 200) throw new Error(`${action} → ${res.status}: ${await res.text()}`)
  const body = (await res.json()) as { version: number }
  versions.set(caseId, body.version)
  return body
}

const BASIS = ['《中华人民共和国政府信息公开条例》第三十六条']

export const COLUMNS: ReportColumn[] = [
  'natural_person',
  'commercial_enterprise',
  'research_institution',
  'public_welfare_organization',
  'legal_service_institution',
  'other_organization',
]
/** Contract names of the columns, in the same order. */
export const CONTRACT: Record<ReportColumn, string> = {
  natural_person: 'natural_person',
  commercial_enterprise: 'commercial',
  research_institution: 'research',
  public_welfare_organization: 'social_welfare',
  legal_service_institution: 'legal_services',
  other_organization: 'other',
}

/** Expected cells: line key → contract column → count (total derived). */
export type Expected = Record<string, Record<string, number>>

export interface BuiltYear {
  expected2025: Expected
  expected2026Partial: { carriedIn: Record<string, number>; row1: Record<string, number> }
  ids: Record<string, string>
  references: Record<string, string>
}

function plain(code: string) {
  return { code, legalBasis: BASIS, reasons: '依法说明的理由' }
}

const REPLIES: Record<string, Record<string, unknown>> = {
  disclosed: { code: 'disclosed', legalBasis: BASIS, howToObtain: '随答复书邮寄' },
  partially_disclosed: {
    code: 'partially_disclosed',
    legalBasis: ['《条例》第三十七条'],
    howToObtain: '邮寄',
    disclosedParts: [{ description: '预算总表' }],
    withheldParts: [
      {
        description: '个人信息',
        ground: 'withheld_third_party_rights',
        legalBasis: ['《条例》第十五条'],
        reasons: '涉及个人隐私',
      },
    ],
  },
  special_regime: {
    code: 'special_regime',
    legalBasis: BASIS,
    reasons: '不动产登记资料查询',
    regime: '不动产登记资料查询暂行办法',
    howToApply: '至不动产登记中心查询',
  },
}

async function received(date: string, column: ReportColumn, title = '2025年预算执行情况') {
  const c = await newCase(at(date, 9), { reportColumn: column, title })
  await ok(c.caseId, 'registrar', 'confirm-receipt', { channel: 'online', receivedOn: date }, at(date, 11))
  return c
}

async function assigned(date: string, column: ReportColumn, title?: string) {
  const c = await received(date, column, title)
  await ok(c.caseId, 'registrar', 'accept', {}, at(date, 12))
  await ok(c.caseId, 'registrar', 'assign', { assigneeId: 'user-demo-handler' }, at(date, 13))
  return c
}

/** Draft → (legal review off) → approve → send on `day`. */
async function reply(caseId: string, outcome: Record<string, unknown>, day: string) {
  await ok(caseId, 'handler', 'draft-reply', { outcome, ...SECRECY }, at(day, 9))
  await ok(caseId, 'handler', 'submit-legal-review', {}, at(day, 10))
  await ok(caseId, 'approver', 'approve', {}, at(day, 14))
  await ok(caseId, 'registrar', 'send-reply', { sentOn: day }, at(day, 15))
}

export async function buildYear(): Promise<BuiltYear> {
  // Legal review off for the demo agency: one action fewer per reply, the report is the same.
  await env.DB.prepare(
    `UPDATE agencies SET settings = '{"disclosure":{"legalReview":false}}' WHERE id = 'agency-demo'`,
  ).run()
  const ids: Record<string, string> = {}
  const references: Record<string, string> = {}
  const expected: Expected = {}
  const count = (line: string, column: ReportColumn) => {
    const row = expected[line] ?? {}
    expected[line] = row
    row[CONTRACT[column]] = (row[CONTRACT[column]] ?? 0) + 1
  }
  const keep = (name: string, c: { caseId: string; reference: string }) => {
    ids[name] = c.caseId
    references[name] = c.reference
  }

  // Carried in from 2024: decided in 2025 (二 and （一）), and still open at the end of 2025 (二 and 四).
  const inDecided = await assigned('2024-12-20', 'natural_person')
  await reply(inDecided.caseId, REPLIES.disclosed!, '2025-01-10')
  count('carried_in', 'natural_person')
  count('1', 'natural_person')
  keep('carriedInDecided', inDecided)
  const inOpen = await assigned('2024-12-23', 'research_institution')
  count('carried_in', 'research_institution')
  count('carried_out', 'research_institution')
  keep('carriedInOpen', inOpen)
  // Received and decided in 2024: not in the 2025 report at all.
  const old = await assigned('2024-11-01', 'commercial_enterprise')
  await reply(old.caseId, REPLIES.disclosed!, '2024-11-20')

  // One reply per outcome row, received and decided in 2025, the columns taken in turn.
  const replied: [string, string, Record<string, unknown>][] = [
    ['1', 'disclosed', REPLIES.disclosed!],
    ['2', 'partially_disclosed', REPLIES.partially_disclosed!],
    ['3.1', 'withheld_state_secret', plain('withheld_state_secret')],
    ['3.2', 'withheld_prohibited_by_law', plain('withheld_prohibited_by_law')],
    ['3.3', 'withheld_security_stability', plain('withheld_security_stability')],
    ['3.4', 'withheld_third_party_rights', plain('withheld_third_party_rights')],
    ['3.5', 'withheld_internal_affairs', plain('withheld_internal_affairs')],
    ['3.6', 'withheld_process_information', plain('withheld_process_information')],
    ['3.7', 'withheld_enforcement_files', plain('withheld_enforcement_files')],
    ['3.8', 'administrative_query', plain('administrative_query')],
    ['3.8', 'special_regime', REPLIES.special_regime!],
    ['4.1', 'not_exist', plain('not_exist')],
    ['4.2', 'requires_new_processing', plain('requires_new_processing')],
    ['5.1', 'petition_disguised', plain('petition_disguised')],
    ['5.2', 'repeat_request', plain('repeat_request')],
    ['5.3', 'published_materials', plain('published_materials')],
    ['5.5', 'confirm_or_reissue', plain('confirm_or_reissue')],
    ['6.3', 'other', plain('other')],
  ]
  let turn = 0
  const nextColumn = () => COLUMNS[turn++ % COLUMNS.length]!
  for (const [row, code, outcome] of replied) {
    const column = nextColumn()
    const c = await assigned('2025-03-03', column, `申请公开${code}相关信息`)
    await reply(c.caseId, outcome, '2025-03-20')
    count('new', column)
    count(row, column)
    keep(code, c)
  }
  // 4.3 after a correction; 5.4 after the reasons were asked (Art. 35).
  {
    const column = nextColumn()
    const c = await assigned('2025-04-01', column)
    await ok(c.caseId, 'registrar', 'request-correction', { items: ['请明确所需信息'] }, at('2025-04-02'))
    await ok(c.caseId, 'registrar', 'receive-correction', { receivedOn: '2025-04-08' }, at('2025-04-08'))
    await reply(c.caseId, plain('unclear_after_correction'), '2025-04-15')
    count('new', column)
    count('4.3', column)
    keep('unclear_after_correction', c)
  }
  {
    const column = nextColumn()
    const c = await assigned('2025-04-01', column)
    await ok(c.caseId, 'handler', 'request-reasons', { questions: '请说明申请理由' }, at('2025-04-02'))
    await reply(
      c.caseId,
      { code: 'excessive_requests', legalBasis: ['《条例》第三十五条'], reasons: '无正当理由' },
      '2025-04-15',
    )
    count('new', column)
    count('5.4', column)
    keep('excessive_requests', c)
  }
  // 4.1 by transfer (Art. 36(5) reply at the sender); the receiving sub-agency counts its own case when it receives it.
  {
    const column = nextColumn()
    const c = await received('2025-05-06', column)
    await ok(
      c.caseId,
      'registrar',
      'transfer',
      { toAgencyId: 'agency-demo-nrb', toAgencyName: '示范县自然资源局', reason: '由县自然资源局制作和保存' },
      at('2025-05-07'),
    )
    count('new', column)
    count('4.1', column)
    keep('transfer', c)
    const row = await env.DB.prepare(
      `SELECT id, version FROM cases WHERE submission_id = ? AND agency_id = 'agency-demo-nrb'`,
    )
      .bind(c.submissionId)
      .first<{ id: string; version: number }>()
    const nrb = await foreignStaffToken('agency-demo-nrb', 'registrar', 'nrb-registrar')
    const res = await postAction(
      row!.id,
      nrb,
      'confirm-receipt',
      { version: row!.version, channel: 'online', receivedOn: '2025-05-08' },
      at('2025-05-08'),
    )
    if (res.status !== 200) throw new Error(`nrb confirm ${res.status}: ${await res.text()}`)
    ids.nrbCase = row!.id
  }
  // 6.1: no correction in time; 6.2: fee not paid — the cron flags each, the registrar confirms 视为放弃; 6.3: withdrawn.
  {
    const column = nextColumn()
    const c = await received('2025-06-03', column)
    await ok(
      c.caseId,
      'registrar',
      'request-correction',
      { items: ['请补充'], windowWorkingDays: 5 },
      at('2025-06-04'),
    )
    count('new', column)
    count('6.1', column)
    keep('correction_lapsed', c)
    const column2 = nextColumn()
    const f = await assigned('2025-06-03', column2)
    await ok(
      f.caseId,
      'handler',
      'issue-fee-notice',
      { method: 'per_page', count: 250, amountYuan: 4700 },
      at('2025-06-04'),
    )
    await ok(
      f.caseId,
      'registrar',
      'record-fee-notice-receipt',
      { receivedOn: '2025-06-05' },
      at('2025-06-05'),
    )
    count('new', column2)
    count('6.2', column2)
    keep('fee_lapsed', f)
    await runScheduled(env, at('2025-07-10', 1))
    versions.clear() // the cron moved cases on
    await ok(c.caseId, 'registrar', 'confirm-lapse', {}, at('2025-07-10', 10))
    await ok(f.caseId, 'registrar', 'confirm-lapse', {}, at('2025-07-10', 11))
    const column3 = nextColumn()
    const w = await received('2025-06-03', column3)
    await ok(w.caseId, 'registrar', 'withdraw', { reason: '申请人撤回' }, at('2025-06-05'))
    count('new', column3)
    count('6.3', column3)
    keep('withdrawn', w)
  }
  // Withdrawn before anyone confirmed receipt: never received, not in Table 3.
  const unconfirmed = await newCase(at('2025-07-01', 9), { reportColumn: 'other_organization' })
  await ok(unconfirmed.caseId, 'registrar', 'withdraw', {}, at('2025-07-02'))
  // Received at the end of 2025: one still open, one replied in January 2026 (both 四; the latter 二 of 2026).
  const lateOpen = await received('2025-12-29', 'legal_service_institution')
  count('new', 'legal_service_institution')
  count('carried_out', 'legal_service_institution')
  keep('lateOpen', lateOpen)
  const lateDecided = await assigned('2025-12-30', 'public_welfare_organization')
  await reply(lateDecided.caseId, REPLIES.disclosed!, '2026-01-05')
  count('new', 'public_welfare_organization')
  count('carried_out', 'public_welfare_organization')
  keep('lateDecided', lateDecided)

  // Remedies (Table 4): filed in 2025 unless said otherwise.
  const remedy = (name: string, input: Record<string, unknown>, now: string) =>
    ok(ids[name]!, 'handler', 'record-remedy', input, at(now))
  await remedy(
    'withheld_state_secret',
    {
      kind: 'reconsideration',
      filedOn: '2025-04-01',
      result: 'upheld',
      decidedOn: '2025-06-01',
      body: '示范市人民政府',
    },
    '2025-06-02',
  )
  await remedy(
    'withheld_internal_affairs',
    {
      kind: 'reconsideration',
      filedOn: '2025-04-10',
      result: 'corrected',
      decidedOn: '2025-07-01',
      body: '示范市人民政府',
    },
    '2025-07-02',
  )
  await remedy(
    'not_exist',
    {
      kind: 'reconsideration',
      filedOn: '2025-11-10',
      result: 'upheld',
      decidedOn: '2026-01-20',
      body: '示范市人民政府',
    },
    '2026-01-21',
  )
  await remedy(
    'repeat_request',
    { kind: 'reconsideration', filedOn: '2025-05-01', result: 'pending' },
    '2025-05-02',
  )
  await remedy(
    'disclosed',
    {
      kind: 'litigation',
      litigationPath: 'direct',
      filedOn: '2025-05-10',
      result: 'corrected',
      decidedOn: '2025-10-10',
    },
    '2025-10-11',
  )
  await remedy(
    'requires_new_processing',
    {
      kind: 'litigation',
      litigationPath: 'after_reconsideration',
      filedOn: '2025-08-01',
      result: 'other',
      decidedOn: '2025-12-01',
    },
    '2025-12-02',
  )
  await remedy(
    'other',
    { kind: 'litigation', litigationPath: 'direct', filedOn: '2025-09-01', result: 'pending' },
    '2025-09-02',
  )
  // A second remedy on one case; then one filed in 2024 about the 2024 case (not in 2025's Table 4).
  await remedy(
    'disclosed',
    {
      kind: 'reconsideration',
      filedOn: '2025-04-02',
      result: 'other',
      decidedOn: '2025-05-02',
      body: '示范市人民政府',
    },
    '2025-05-03',
  )
  await ok(
    old.caseId,
    'handler',
    'record-remedy',
    {
      kind: 'reconsideration',
      filedOn: '2024-12-01',
      result: 'upheld',
      decidedOn: '2025-02-01',
      body: '示范市人民政府',
    },
    at('2025-02-02'),
  )

  // Sanity: the lapses really happened through the cron.
  for (const name of ['correction_lapsed', 'fee_lapsed']) {
    const d = await detail(ids[name]!)
    if (d.outcome !== name) throw new Error(`${name}: outcome ${d.outcome}`)
  }
  return {
    expected2025: expected,
    expected2026Partial: {
      carriedIn: { research: 1, legal_services: 1, social_welfare: 1 },
      row1: { social_welfare: 1 },
    },
    ids,
    references,
  }
}

/** Table 4 of 2025 for the data above. */
export const EXPECTED_TABLE4_2025 = {
  reconsideration: { upheld: 1, corrected: 1, other: 1, pending: 2, total: 5 },
  litigation_direct: { upheld: 0, corrected: 1, other: 0, pending: 1, total: 2 },
  litigation_after_reconsideration: { upheld: 0, corrected: 0, other: 1, pending: 0, total: 1 },
}
