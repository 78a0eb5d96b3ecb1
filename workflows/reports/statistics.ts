// Statistics that help an office act: rates, medians and the most frequently requested information (Art. 44), from
// rows the edge reads. Pure and deterministic.

/** The middle value (the mean of the two middle ones for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** part ÷ whole, null when the whole is 0. */
export function rate(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole
}

// Words every request title carries that say nothing about what is asked for.
const FILLER = [
  '申请公开',
  '要求公开',
  '请求公开',
  '申请获取',
  '政府信息公开申请',
  '政府信息',
  '相关信息',
  '有关信息',
  '相关',
  '有关',
  '关于',
  '申请',
  '公开',
  '信息',
  '情况',
  '的',
]

/**
 * A title folded for comparison: full-width forms to ASCII (NFKC), lower case, years and other numbers, filler
 * words, punctuation and spaces removed. "申请公开2024年XX路拓宽工程征收补偿方案" and "要求公开XX路拓宽工程的征收
 * 补偿方案（2025）" fold to the same text.
 */
export function normaliseTitle(title: string): string {
  let s = title.normalize('NFKC').toLowerCase()
  s = s.replace(/\d+\s*年度?/g, '').replace(/\d+/g, '')
  for (const word of FILLER) s = s.split(word).join('')
  return s.replace(/[\p{P}\p{S}\s]/gu, '')
}

/** The character trigrams of a folded title (the whole text when shorter than three). */
export function trigrams(folded: string): Set<string> {
  const chars = [...folded]
  if (chars.length < 3) return new Set(chars.length ? [chars.join('')] : [])
  const grams = new Set<string>()
  for (let i = 0; i + 3 <= chars.length; i++) grams.add(chars.slice(i, i + 3).join(''))
  return grams
}

/** |A ∩ B| ÷ |A ∪ B|. */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1
  let common = 0
  for (const g of a) if (b.has(g)) common++
  return common / (a.size + b.size - common)
}

export interface TitledRequest {
  id: string
  title: string
  /** Whether the request was answered with (partial) disclosure: the information is disclosable. */
  disclosed: boolean
}

export interface RequestGroup {
  /** The folded title of the group's first request (its identity, stable for the same requests). */
  key: string
  /** The most common title as written in the group (ties: the first in order). */
  title: string
  ids: string[]
  requests: number
  disclosed: number
  /** Requested often enough, and disclosed at least once: worth publishing proactively (Art. 44). */
  considerProactive: boolean
}

export const DEFAULT_SIMILARITY = 0.5
export const DEFAULT_MIN_REQUESTS = 3

/**
 * Similar titles grouped: requests in id order, each joining the first group whose first title's trigrams are at
 * least `similarity` alike (Jaccard), else opening its own. Groups largest first (then by key), with the flag.
 */
export function groupSimilarRequests(
  requests: readonly TitledRequest[],
  options: { similarity?: number; minRequests?: number } = {},
): RequestGroup[] {
  const similarity = options.similarity ?? DEFAULT_SIMILARITY
  const minRequests = options.minRequests ?? DEFAULT_MIN_REQUESTS
  const groups: { key: string; grams: Set<string>; members: TitledRequest[] }[] = []
  const exact = new Map<string, (typeof groups)[number]>()
  for (const r of [...requests].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    const folded = normaliseTitle(r.title)
    if (!folded) continue
    let group = exact.get(folded)
    if (!group) {
      const grams = trigrams(folded)
      group = groups.find((g) => jaccard(g.grams, grams) >= similarity)
      if (!group) {
        group = { key: folded, grams, members: [] }
        groups.push(group)
      }
      exact.set(folded, group)
    }
    group.members.push(r)
  }
  return groups
    .map((g) => {
      const counts = new Map<string, number>()
      for (const m of g.members) counts.set(m.title, (counts.get(m.title) ?? 0) + 1)
      let title = g.members[0]!.title
      for (const [t, n] of counts) if (n > (counts.get(title) ?? 0)) title = t
      const disclosed = g.members.filter((m) => m.disclosed).length
      return {
        key: g.key,
        title,
        ids: g.members.map((m) => m.id),
        requests: g.members.length,
        disclosed,
        considerProactive: g.members.length >= minRequests && disclosed > 0,
      }
    })
    .sort((a, b) => b.requests - a.requests || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
}
