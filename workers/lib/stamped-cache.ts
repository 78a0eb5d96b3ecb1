// Per-isolate caches of rarely changing data (the working-day calendar, local calendar rules), each validated by a
// stamp: a cheap fingerprint of its source tables that changes on every edit.
//
// By default every read confirms the stamp (one small query) and rebuilds only when it changed: anything that
// writes with the data (a case's deadline, the recompute job) sees every committed edit. A caller whose answer is
// informational (the public deadline API) may accept a stamp confirmed within `maxAgeMs` (wall clock) instead: no
// query at all; writes through the services invalidate the writing isolate at once, other isolates follow within
// `maxAgeMs`.

/** How long the public deadline API trusts a confirmed stamp. */
export const PUBLIC_STAMP_MAX_AGE_MS = 30_000

export class StampedCache<T> {
  private value: { stamp: string; data: T } | null = null
  private confirmed: { stamp: string; at: number } | null = null

  private observe(stamp: string): void {
    this.confirmed = { stamp, at: Date.now() }
  }

  /** Forget what is cached (after a write in this isolate). */
  invalidate(): void {
    this.confirmed = null
    this.value = null
  }

  /** The cached data if its stamp is current (or, with `maxAgeMs`, was confirmed that recently); else rebuilt. */
  async get(readStamp: () => Promise<string>, build: () => Promise<T>, maxAgeMs = 0): Promise<T> {
    const confirmed = this.confirmed
    let stamp: string
    if (confirmed && Date.now() - confirmed.at < maxAgeMs) stamp = confirmed.stamp
    else {
      stamp = await readStamp()
      this.observe(stamp)
    }
    if (this.value?.stamp === stamp) return this.value.data
    const data = await build()
    this.value = { stamp, data }
    return data
  }
}
