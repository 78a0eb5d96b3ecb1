// Walking a hash chain in order — an agency's case events, a staff audit-log chain — recomputing every link: its
// position, its predecessor's hash and its own hash; at the end the head row (written with every link) must point at
// the last link, so a deleted tail shows. Pure: the callers read the rows and say how a link's hash is computed.

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
