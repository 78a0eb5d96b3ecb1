// The identity of a task across imports of the same plan: its group (or lead unit) and its name, normalised.
import { foldText, matchKey } from './normalise'

/** What a task key is made of; `group` wins over `lead` when both are given. */
export interface TaskKeyParts {
  group: string | null
  lead: string
  name: string
  /** Position among rows sharing one merged 任务名称 cell, if more than one. */
  part?: number | null
}

// "（一）", "(3)", "一、", "3." and "3、" before a name are numbering, not part of it.
const LEADING_NUMBER = /^\s*(?:\(\s*[一二三四五六七八九十\d]+\s*\)|[一二三四五六七八九十\d]+\s*[、.])\s*/

/**
 * The key under which a re-import finds the task it already has, so a corrected file updates rather than
 * duplicates.
 *
 * Rule: `<scope>/<name>[#<part>]`, where scope is the group heading when the table has groups, else the
 * lead unit cell, else empty; and each part is compared in folded form — traditional → simplified,
 * full-width → half-width, leading numbering, whitespace and punctuation removed, Latin lower-cased.
 * The row number and the 序号 take no part: 序号 restarts in every group and rows move when a row is
 * inserted above. What does change the key: a reworded name (other than spacing, punctuation, numbering or
 * 繁/简), or a task moved to another group (or, in a table without groups, given another lead unit).
 */
export function taskKey(parts: TaskKeyParts): string {
  const scope = matchKey(parts.group ?? parts.lead)
  const name = matchKey(foldText(parts.name).replace(LEADING_NUMBER, ''))
  return parts.part ? `${scope}/${name}#${parts.part}` : `${scope}/${name}`
}
