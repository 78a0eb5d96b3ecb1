// Reading D1/SQLite results and failures: which ones mean "someone else wrote that row first".

/** Whether a failed statement broke a UNIQUE or PRIMARY KEY constraint (D1 wraps the SQLite message). */
export function isUniqueViolation(err: unknown): boolean {
  const text = `${String(err)} ${String((err as { cause?: unknown })?.cause ?? '')}`
  return /UNIQUE constraint failed/i.test(text)
}

/** How many rows a D1 write statement (run in a batch) changed: 0 when its condition no longer held. */
export function changedRows(result: unknown): number {
  return (result as { meta?: { changes?: number } } | undefined)?.meta?.changes ?? 0
}
