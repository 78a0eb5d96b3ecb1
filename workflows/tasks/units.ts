// Splits 牵头单位 / 责任单位 text into unit names and matches them to the deployment's agencies and unit groups.
import { foldText, matchKey } from './normalise'

/** A role written next to a unit: 牵头 (lead) or 配合/协助/参与 (support); null when the text gives none. */
export type UnitRole = 'lead' | 'support'

/** One unit named in a cell, kept as written (traditional characters stay traditional). */
export interface UnitMention {
  name: string
  role: UnitRole | null
}

export interface Agency {
  id: string
  name: string
  aliases?: readonly string[]
}

/** Group words ("各街镇", "区政府各部门", "园区管委会", "各市政府") → the agencies they stand for. */
export type UnitGroups = Readonly<Record<string, readonly string[]>>

/** A previous import's answers for names that matched nothing: name as written → agency id. */
export type RememberedUnits = Readonly<Record<string, string>>

/** The agencies and unit groups of a deployment, indexed for matching. Build once per import. */
export interface UnitDirectory {
  readonly agencyIds: ReadonlySet<string>
  /** Folded name or alias → agency ids (more than one: ambiguous). */
  readonly byName: ReadonlyMap<string, { ids: string[]; alias: boolean }>
  /** Folded group word (without a leading 各) → agency ids. */
  readonly groups: ReadonlyMap<string, readonly string[]>
}

/** How one mention was matched. `agencyIds` is what it stands for; empty when it needs mapping. */
export interface ResolvedUnit extends UnitMention {
  match: 'agency' | 'alias' | 'group' | 'remembered' | 'ambiguous' | 'unknown'
  agencyIds: string[]
  /** For `ambiguous`: the agencies that share the name. */
  candidates?: string[]
}

export interface UnitResolution {
  units: ResolvedUnit[]
  /** Every agency named, each once, in order of first mention. */
  agencyIds: string[]
  /** Names (as first written) that need a person to map them: unknown or ambiguous, each once. */
  unmatched: string[]
}

// Clauses end at a comma, semicolon, full stop or line break; a clause lists units with 、 or spaces.
const CLAUSE = /[，,；;。\n]+/
const ITEM = /[、/／\s]+/
const LEAD_SUFFIX = /(?:牵头落实|牵头负责|负责牵头|牵头)$/
const SUPPORT_SUFFIX = /(?:配合落实|配合|协助|协办|参与)$/
// Phrases that say the units act, without a role: stripped from the name.
const PLAIN_SUFFIX =
  /(?:分别落实|分别负责|共同落实|负责落实|按职责分工负责|按职责分工落实|按职责负责|负责|落实|等)$/
const ROLE_NOTE = /[（(]\s*(牵头单位|牵头|配合单位|配合|负责)\s*[）)]/
// A unit note in brackets after a sentence, as in 清水县's plan: "(县财政局牵头落实)".
const BRACKET_NOTE = /[（(]([^（()）]{2,200}?(?:落实|牵头|配合|负责))[）)]/g

/**
 * Splits a unit cell into the units it names, with the role written next to them.
 *
 * "各街镇、园区管委会，区政府各部门" → 各街镇, 园区管委会, 区政府各部门.
 * "县行政服务中心牵头落实，县政府有关部门配合落实" → 县行政服务中心 (lead), 县政府有关部门 (support).
 * A suffix covers the 、-list before it: "县房管局、县城乡建设局分别落实" → both, no role;
 * "A、B牵头" → both lead. Trailing 等, 负责, 落实 are dropped; a leading 由 too.
 */
export function splitUnits(cell: string): UnitMention[] {
  const mentions: UnitMention[] = []
  for (const clause of cell.split(CLAUSE)) {
    const items: UnitMention[] = []
    let carried: UnitRole | null = null
    const pieces = clause.split(ITEM).filter((piece) => piece.trim() !== '')
    for (const piece of pieces.reverse()) {
      const { name, role, hasSuffix } = readPiece(piece)
      if (hasSuffix) carried = role
      if (name !== '') items.push({ name, role: hasSuffix ? role : carried })
    }
    mentions.push(...items.reverse())
  }
  return mentions
}

function readPiece(piece: string): { name: string; role: UnitRole | null; hasSuffix: boolean } {
  let name = piece.trim().replace(/^由/, '')
  let role: UnitRole | null = null
  let hasSuffix = false
  // Notes and suffixes are found in simplified text and cut from the name as written (same length in t→cn).
  const folded = foldText(name)
  const note = folded.length === name.length ? ROLE_NOTE.exec(folded) : null
  if (note) {
    role = note[1]?.startsWith('牵头') ? 'lead' : note[1]?.startsWith('配合') ? 'support' : null
    hasSuffix = true
    name = (name.slice(0, note.index) + name.slice(note.index + note[0].length)).trim()
  }
  for (let again = true; again; ) {
    again = false
    const folded = foldText(name)
    for (const [pattern, suffixRole] of [
      [LEAD_SUFFIX, 'lead'],
      [SUPPORT_SUFFIX, 'support'],
      [PLAIN_SUFFIX, null],
    ] as const) {
      const match = pattern.exec(folded)
      if (!match || match[0].length >= folded.length || folded.length !== name.length) continue
      name = name.slice(0, name.length - match[0].length).trim()
      if (!hasSuffix || suffixRole !== null) role = suffixRole ?? role
      hasSuffix = true
      again = true
      break
    }
  }
  return { name, role, hasSuffix }
}

/**
 * Finds unit notes in brackets inside a task text, as 清水县's plan writes them after each task:
 * "…实行"阳光审批"。(县政府办公室牵头落实)". Returns the units and the text without those notes.
 * Brackets that do not end in 落实/牵头/配合/负责 ("(一)", "(涉密部门除外)") are left alone.
 */
export function unitsInBrackets(text: string): { text: string; units: UnitMention[] } {
  const units: UnitMention[] = []
  const rest = text.replace(BRACKET_NOTE, (_, note: string) => {
    units.push(...splitUnits(note))
    return ''
  })
  return { text: rest, units }
}

function groupKey(word: string): string {
  return matchKey(word).replace(/^各/, '')
}

/**
 * Indexes a deployment's agencies (name and aliases) and unit groups. Throws RangeError on a broken
 * configuration: an agency id given twice, or a group that names an agency that does not exist.
 */
export function buildUnitDirectory(agencies: readonly Agency[], groups: UnitGroups = {}): UnitDirectory {
  const agencyIds = new Set<string>()
  const byName = new Map<string, { ids: string[]; alias: boolean }>()
  const add = (name: string, id: string, alias: boolean) => {
    const key = matchKey(name)
    if (key === '') return
    const entry = byName.get(key)
    // A real name beats an alias that happens to be spelled the same.
    if (!entry || (entry.alias && !alias)) byName.set(key, { ids: [id], alias })
    else if (entry.alias === alias && !entry.ids.includes(id)) entry.ids.push(id)
  }
  for (const agency of agencies) {
    if (agencyIds.has(agency.id)) throw new RangeError(`Agency ${agency.id} given twice`)
    agencyIds.add(agency.id)
  }
  for (const agency of agencies) add(agency.name, agency.id, false)
  for (const agency of agencies) for (const alias of agency.aliases ?? []) add(alias, agency.id, true)
  const groupIndex = new Map<string, readonly string[]>()
  for (const [word, ids] of Object.entries(groups)) {
    for (const id of ids) {
      if (!agencyIds.has(id)) throw new RangeError(`Unit group ${word} names unknown agency ${id}`)
    }
    groupIndex.set(groupKey(word), [...new Set(ids)])
  }
  return { agencyIds, byName, groups: groupIndex }
}

/**
 * Matches the units of a cell (or mentions already split) to agencies. Order of precedence: an agency's
 * name, an alias, a group word (expanded to its agencies), a remembered mapping from an earlier import;
 * otherwise the name is `unknown` (or `ambiguous` when several agencies share it) and listed in
 * `unmatched` for a person to map. Names compare after traditional → simplified, full-width → half-width,
 * and without spaces or punctuation. A remembered mapping to an agency that no longer exists is ignored.
 */
export function resolveUnits(
  units: string | readonly UnitMention[],
  directory: UnitDirectory,
  remembered: RememberedUnits = {},
): UnitResolution {
  const mentions = typeof units === 'string' ? splitUnits(units) : units
  const rememberedByKey = new Map<string, string>()
  for (const [name, id] of Object.entries(remembered)) {
    if (directory.agencyIds.has(id)) rememberedByKey.set(matchKey(name), id)
  }
  const resolved: ResolvedUnit[] = []
  const agencyIds: string[] = []
  const unmatched = new Map<string, string>()
  for (const mention of mentions) {
    const unit = resolveOne(mention, directory, rememberedByKey)
    resolved.push(unit)
    for (const id of unit.agencyIds) if (!agencyIds.includes(id)) agencyIds.push(id)
    if (unit.match === 'unknown' || unit.match === 'ambiguous') {
      const key = matchKey(unit.name)
      if (!unmatched.has(key)) unmatched.set(key, unit.name)
    }
  }
  return { units: resolved, agencyIds, unmatched: [...unmatched.values()] }
}

function resolveOne(
  mention: UnitMention,
  directory: UnitDirectory,
  remembered: ReadonlyMap<string, string>,
): ResolvedUnit {
  const key = matchKey(mention.name)
  const named = directory.byName.get(key)
  if (named && named.ids.length === 1) {
    return { ...mention, match: named.alias ? 'alias' : 'agency', agencyIds: [...named.ids] }
  }
  const group = directory.groups.get(groupKey(mention.name))
  if (group) return { ...mention, match: 'group', agencyIds: [...group] }
  const mapped = remembered.get(key)
  if (mapped) return { ...mention, match: 'remembered', agencyIds: [mapped] }
  if (named) return { ...mention, match: 'ambiguous', agencyIds: [], candidates: [...named.ids] }
  return { ...mention, match: 'unknown', agencyIds: [] }
}
