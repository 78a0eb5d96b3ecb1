// The units a task table can name, from one government's agency tree: each agency with the short names tables use
// ("县教育局" for 示范县教育局), and the default unit groups ("各乡镇", "县政府各部门", "各市政府").
import type { Agency, UnitGroups } from './units'

/** An agency as the deployment stores it. */
export interface AgencyNode {
  id: string
  name: string
  kind: 'government' | 'department' | 'township'
  parentId: string | null
}

// "示范县人民政府" → place 示范, level 县; "泸州市江阳区人民政府" → place 泸州市江阳, level 区.
const GOVERNMENT = /^(.+?)(省|自治区|市|区|县|旗|州|盟)人民政府$/

const TOWNSHIP_WORDS = [
  '各街镇',
  '各乡镇',
  '各镇',
  '各乡',
  '各街道',
  '各镇街',
  '各乡镇街道',
  '各街道办事处',
  '各乡镇人民政府',
  '各镇人民政府',
  '各乡镇政府',
  '各镇政府',
]
const GOVERNMENT_WORDS = [
  '各市政府',
  '各市人民政府',
  '各县政府',
  '各县人民政府',
  '各区政府',
  '各区人民政府',
  '各县区政府',
  '各区县政府',
  '各县市区政府',
]
const departmentWords = (level: string) => [
  `${level}政府各部门`,
  `${level}级各部门`,
  `${level}直各部门`,
  `${level}直各单位`,
  `${level}政府各工作部门`,
  '各部门',
]

/** The agencies under `rootId` (the root included), depth first; unknown ids give []. */
export function subtree(rootId: string, nodes: readonly AgencyNode[]): AgencyNode[] {
  const children = new Map<string, AgencyNode[]>()
  for (const node of nodes) {
    if (node.parentId === null) continue
    const list = children.get(node.parentId)
    if (list) list.push(node)
    else children.set(node.parentId, [node])
  }
  const root = nodes.find((node) => node.id === rootId)
  if (!root) return []
  const out: AgencyNode[] = []
  const seen = new Set<string>()
  const visit = (node: AgencyNode) => {
    if (seen.has(node.id)) return
    seen.add(node.id)
    out.push(node)
    for (const child of children.get(node.id) ?? []) visit(child)
  }
  visit(root)
  return out
}

/** The top of the tree `agencyId` belongs to (itself when it has no parent). */
export function rootOf(agencyId: string, nodes: readonly AgencyNode[]): string {
  const byId = new Map(nodes.map((node) => [node.id, node]))
  let current = byId.get(agencyId)
  const seen = new Set<string>()
  while (current?.parentId && byId.has(current.parentId) && !seen.has(current.id)) {
    seen.add(current.id)
    current = byId.get(current.parentId)
  }
  return current?.id ?? agencyId
}

function shortNames(name: string, root: { place: string; level: string } | null, isRoot: boolean): string[] {
  const out = new Set<string>()
  const withoutGov = (text: string) => text.replace(/(人民政府|办事处)$/, '')
  if (root) {
    const full = root.place + root.level
    // The last place segment: 泸州市江阳 → 江阳.
    const local = root.place.replace(/^.*(省|自治区|市|州|盟)/, '') + root.level
    if (isRoot) {
      for (const prefix of [root.level, full, local]) {
        out.add(`${prefix}政府`)
        out.add(`${prefix}人民政府`)
      }
    } else if (name.startsWith(full) && name.length > full.length) {
      const rest = name.slice(full.length)
      for (const candidate of [root.level + rest, local + rest, rest]) {
        out.add(candidate)
        out.add(withoutGov(candidate))
        // 区人民政府办公室 is written 区政府办公室.
        out.add(candidate.replace('人民政府', '政府'))
      }
    }
  }
  if (!isRoot) out.add(withoutGov(name))
  out.delete(name)
  out.delete('')
  return [...out].filter((alias) => alias.length >= 2)
}

/**
 * The units of the tree rooted at `rootId`: every agency with short names as tables write them (the
 * government's place name left out, "人民政府" dropped from a township), and the default groups — the
 * townships ("各乡镇", "各街镇", …), the departments ("县政府各部门", "各部门", …) and governments below the
 * root ("各市政府", …). A group with no member is left out. Configured groups are merged over these by the caller.
 */
export function treeUnits(
  rootId: string,
  nodes: readonly AgencyNode[],
): { agencies: Agency[]; groups: Record<string, string[]> } {
  const tree = subtree(rootId, nodes)
  const root = tree[0]
  const match = root ? GOVERNMENT.exec(root.name) : null
  const place = match ? { place: match[1] ?? '', level: match[2] ?? '' } : null
  const agencies: Agency[] = tree.map((node) => ({
    id: node.id,
    name: node.name,
    aliases: shortNames(node.name, place, node.id === rootId),
  }))
  const members = (kind: AgencyNode['kind']) =>
    tree.filter((node) => node.id !== rootId && node.kind === kind).map((node) => node.id)
  const groups: Record<string, string[]> = {}
  const give = (words: readonly string[], ids: string[]) => {
    if (ids.length === 0) return
    for (const word of words) groups[word] = ids
  }
  give(TOWNSHIP_WORDS, members('township'))
  give(departmentWords(place?.level ?? '县'), members('department'))
  give(GOVERNMENT_WORDS, members('government'))
  return { agencies, groups }
}

/** Default and configured groups together; a configured word replaces the default of the same word. */
export function mergeUnitGroups(defaults: UnitGroups, configured: UnitGroups): UnitGroups {
  return { ...defaults, ...configured }
}
