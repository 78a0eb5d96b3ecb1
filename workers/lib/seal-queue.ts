// Chains this isolate appended to since the last drain (case events per agency, staff audit-log chains): the request
// that wrote them seals them after its response (workers/services/sealing.ts, via waitUntil), off the response path.
// Losing an entry (isolate evicted, a drain that failed) only delays sealing until the next write, the cron or a
// verification, which seal whatever waits.

export type ChainKind = 'case' | 'log'

const appended = new Map<string, { kind: ChainKind; chain: string }>()

export function markAppended(kind: ChainKind, chain: string): void {
  appended.set(`${kind}:${chain}`, { kind, chain })
}

/** Whether anything waits to be sealed. */
export function hasAppended(): boolean {
  return appended.size > 0
}

/** Take (and forget) what waits: the caller seals it. */
export function takeAppended(): { kind: ChainKind; chain: string }[] {
  const all = [...appended.values()]
  appended.clear()
  return all
}
