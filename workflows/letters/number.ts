// 文号: per agency and letter type, a pattern such as 示政公开〔{year}〕第{seq}号, filled at signing from a gapless
// per-agency, per-year sequence.

export const DEFAULT_NUMBER_PATTERN = '{prefix}〔{year}〕第{seq}号'

/** Fill a 文号 pattern; `{seq}` may carry a width (`{seq:3}` → 012). Unknown placeholders are left as written. */
export function formatLetterNumber(
  pattern: string,
  values: { prefix: string; year: number; seq: number },
): string {
  return pattern.replace(/\{(prefix|year|seq)(?::(\d))?\}/g, (_m, key: string, width?: string) => {
    if (key === 'prefix') return values.prefix
    if (key === 'year') return String(values.year)
    return String(values.seq).padStart(width ? Number(width) : 1, '0')
  })
}

/** Whether a pattern can number letters: it must contain {seq} so that every number differs. */
export function isValidNumberPattern(pattern: string): boolean {
  return pattern.includes('{seq') && pattern.length <= 60 && ![...pattern].some((c) => c < ' ')
}
