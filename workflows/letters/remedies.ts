// The remedies every reply must state (DOMAIN.md §5): 行政复议 within 60 days, 行政诉讼 within 6 months, and
// reconsideration first (复议前置) for refusals to disclose, by a deployment setting.

/** Outcomes whose reply says reconsideration comes first (行政复议法 2023 Art. 23(1)(4)): refusals to disclose. */
export const DEFAULT_RECONSIDERATION_FIRST = [
  'withheld_state_secret',
  'withheld_prohibited_by_law',
  'withheld_security_stability',
  'withheld_third_party_rights',
  'withheld_internal_affairs',
  'withheld_process_information',
  'withheld_enforcement_files',
  'partially_disclosed',
] as const

export interface RemedySettings {
  /** The reconsideration body (行政复议机关) and where to find it. */
  reconsiderationBody: { name: string; address?: string | null }
  /** Outcome codes that carry 复议前置; a partial disclosure carries it for its withheld part only. */
  reconsiderationFirst: readonly string[]
}

function body(settings: RemedySettings): string {
  const b = settings.reconsiderationBody
  return b.address ? `${b.name}（地址：${b.address}）` : b.name
}

const LAW = '《中华人民共和国行政复议法》第二十三条第一款第（四）项'

/** Whether a reply with this outcome must tell the applicant that reconsideration comes first. */
export function reconsiderationFirst(outcome: string, settings: RemedySettings): boolean {
  return settings.reconsiderationFirst.includes(outcome)
}

/** The remedies paragraph of a reply or termination notice with this outcome. */
export function remediesText(outcome: string, settings: RemedySettings): string {
  const to = body(settings)
  const either = `可以自知道该行政行为之日起六十日内向${to}申请行政复议，或者自知道该行政行为之日起六个月内向人民法院提起行政诉讼。`
  const first = `根据${LAW}的规定，应当先自知道该行政行为之日起六十日内向${to}申请行政复议；对行政复议决定不服的，可以依法向人民法院提起行政诉讼。`
  if (!reconsiderationFirst(outcome, settings)) return `如对本答复不服，${either}`
  if (outcome === 'partially_disclosed') {
    return `如对本答复中不予公开的部分不服，${first}如对本答复的其他内容不服，${either}`
  }
  return `如对本答复不服，${first}`
}
