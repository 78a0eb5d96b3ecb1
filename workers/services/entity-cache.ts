// Per-isolate caches of rows that rarely change (an agency with its parent's name), validated without a round trip
// of their own: the `cache_revisions` rows (a new random value on every write to the cached table, set by trigger:
// migration 0015) are read in the calendar stamp query the request runs anyway (services/calendar.ts). A cache is used only by a
// request that read them; any other reads the row itself. So a change made through any isolate — or by hand — is
// seen by the next request that confirms the revisions, never later.
import type { Db } from '../../db/client'

/** The revisions a request read (keyed by its `db`, which lives as long as the request). */
const revisionsRead = new WeakMap<Db, string>()

/** Record the revisions this request's stamp query read. */
export function noteRevisions(db: Db, revisions: string): void {
  revisionsRead.set(db, revisions)
}

/** Most entries a cache keeps (a deployment has tens of agencies; a flood of unknown keys never grows memory). */
const MAX_ENTRIES = 500

export class RevisionCache<T> {
  private revisions: string | null = null
  private readonly entries = new Map<string, T>()

  /** The row for `key`: cached if this request confirmed the revisions it was cached under, else `load`ed. */
  async get(db: Db, key: string, load: () => Promise<T>): Promise<T> {
    if (!this.confirmed(db)) return load()
    if (this.entries.has(key)) return this.entries.get(key) as T
    const revisions = this.revisions
    const value = await load()
    // Read after the revisions: at least as new as they are (a newer revision clears it on the next request).
    if (this.revisions === revisions) this.keep(key, value)
    return value
  }

  /** The cached row for `key` if this request confirmed the revisions it was cached under; else undefined. */
  peek(db: Db, key: string): T | undefined {
    const revisions = revisionsRead.get(db)
    if (revisions === undefined || this.revisions !== revisions) return undefined
    return this.entries.get(key)
  }

  /** Keep `value`, read by this request after it confirmed the revisions (else nothing is kept). */
  put(db: Db, key: string, value: T): void {
    if (this.confirmed(db)) this.keep(key, value)
  }

  /** Whether this request confirmed the revisions; the cache moves to them (entries of others are dropped). */
  private confirmed(db: Db): boolean {
    const revisions = revisionsRead.get(db)
    if (revisions === undefined) return false
    if (this.revisions !== revisions) {
      this.entries.clear()
      this.revisions = revisions
    }
    return true
  }

  private keep(key: string, value: T): void {
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear()
    this.entries.set(key, value)
  }

  /** Forget everything (after a write in this isolate, for a later read in the same request). */
  invalidate(): void {
    this.entries.clear()
    this.revisions = null
  }
}
