// Reading D1/SQLite failures: which ones mean "someone else wrote that row first".

/** Whether a failed statement broke a UNIQUE or PRIMARY KEY constraint (D1 wraps the SQLite message). */
export function isUniqueViolation(err: unknown): boolean {
  const text = `${String(err)} ${String((err as { cause?: unknown })?.cause ?? '')}`
  return /UNIQUE constraint failed/i.test(text)
}
