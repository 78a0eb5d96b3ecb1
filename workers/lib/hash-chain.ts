// Hash chains (an agency's case events, a staff audit-log chain). Sealing: appended links get their predecessor's hash
// and their own, in position order, continuing from the last sealed link. Walking: every link is recomputed in order —
// its position, its predecessor's hash and its own hash; at the end the sealed head must point at the last sealed
// link, so a deleted tail shows. Pure: the callers read the rows and say how a link's hash is computed.

export type ChainProblem = 'hash_mismatch' | 'prev_mismatch' | 'gap' | 'head_mismatch'

/** What the walk reads of each link. */
export interface ChainLink {
  seq: number | null
  prevHash: string | null
  hash: string | null
}

export class ChainWalk {
  private expectedPrev: string
  private expectedSeq = 1
  /** Links verified so far. */
  checked = 0

  constructor(genesisHash: string) {
    this.expectedPrev = genesisHash
  }

  /**
   * Check the next link (in chain order); `recompute` gives the hash of its content (called only when its position
   * and predecessor are right, so it may take both from the link). Returns the problem, or null and moves on.
   */
  async step(link: ChainLink, recompute: () => Promise<string>): Promise<ChainProblem | null> {
    if (link.seq !== this.expectedSeq) return 'gap'
    if (link.prevHash !== this.expectedPrev) return 'prev_mismatch'
    if ((await recompute()) !== link.hash) return 'hash_mismatch'
    this.expectedPrev = link.hash
    this.expectedSeq++
    this.checked++
    return null
  }

  /** Position of the last link verified (0 before the first). */
  get lastSeq(): number {
    return this.expectedSeq - 1
  }

  /** Whether the head row disagrees with the walked chain (no head is right only for an empty chain). */
  headMismatch(head: { seq: number; hash: string } | null | undefined): boolean {
    return head ? head.seq !== this.lastSeq || head.hash !== this.expectedPrev : this.lastSeq > 0
  }
}

/** A link the sealer hashes: its position, and whether it already carries a hash. */
export interface UnsealedLink {
  seq: number
  sealed: boolean
}

/**
 * Seal appended links onto a chain whose last sealed link is `head`: link i gets prevHash = the hash of link i-1 (the
 * head's for the first) and hash = `hashOf(link, prevHash)`. Pure: the caller reads the links (in position order,
 * after the head) and writes the result. Stops before the first link that is not the next position or is already
 * sealed, so a hole in the appended tail is never papered over (the verifier reports it).
 */
export async function sealLinks<L extends UnsealedLink>(
  head: { seq: number; hash: string },
  links: readonly L[],
  hashOf: (link: L, prevHash: string) => Promise<string>,
): Promise<{ sealed: { link: L; prevHash: string; hash: string }[]; head: { seq: number; hash: string } }> {
  const sealed: { link: L; prevHash: string; hash: string }[] = []
  let at = { ...head }
  for (const link of links) {
    if (link.sealed || link.seq !== at.seq + 1) break
    const hash = await hashOf(link, at.hash)
    sealed.push({ link, prevHash: at.hash, hash })
    at = { seq: link.seq, hash }
  }
  return { sealed, head: at }
}
