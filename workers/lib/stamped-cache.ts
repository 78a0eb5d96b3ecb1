// Per-isolate caches of rarely changing data (the working-day calendar, local calendar rules), each validated by a
// stamp: a cheap fingerprint of its source tables that changes on every edit.
//
// A stamp costs no round trip of its own on staff requests: the session query reads the stamps as scalar subqueries
// and reports them here (`observe`), so a staff request always works with data as of its own session check. A
// request without a session (the public deadline API, citizen forms) trusts a stamp confirmed in the last `ttlMs`
// and otherwise reads it (one small query). Writes through the services invalidate the writing isolate at once;
// other isolates follow within `ttlMs` on public requests and at their next staff request.

/** How long a confirmed stamp is trusted by requests that do not confirm it themselves (wall clock). */
export const STAMP_TTL_MS = 30_000

export class StampedCache<T> {
  private value: { stamp: string; data: T } | null = null
  private confirmed: { stamp: string; at: number } | null = null

  constructor(private readonly ttlMs = STAMP_TTL_MS) {}

  /** The current stamp, read on a round trip the request made anyway. */
  observe(stamp: string): void {
    this.confirmed = { stamp, at: Date.now() }
  }

  /** Forget what is cached (after a write in this isolate). */
  invalidate(): void {
    this.confirmed = null
    this.value = null
  }

  /** The cached data while its stamp is the one confirmed within the TTL; otherwise read the stamp and rebuild. */
  async get(readStamp: () => Promise<string>, build: () => Promise<T>): Promise<T> {
    const confirmed = this.confirmed
    let stamp: string
    if (confirmed && Date.now() - confirmed.at < this.ttlMs) stamp = confirmed.stamp
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
