// Characters no stored text may hold: control characters (C0, DEL, C1), lone surrogates and the non-characters
// U+FFFE / U+FFFF. None can be shown, and XML 1.0 (the .docx and .xlsx files written from stored text) cannot
// carry them: a letter would silently differ from what was stored.
export const CONTROL_CHARACTERS = /[\p{Cc}\p{Cs}\uFFFE\uFFFF]/u

/** Whether `value` holds one of them (line breaks and tabs allowed in `multiline` text). */
export function hasControlCharacters(value: string, multiline = true): boolean {
  return CONTROL_CHARACTERS.test(multiline ? value.replace(/[\n\t]/g, '') : value)
}
