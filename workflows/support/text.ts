// Characters no stored text may hold: control characters (C0, DEL, C1), lone surrogates and the non-characters
// U+FFFE / U+FFFF. None can be shown, and XML 1.0 (the .docx and .xlsx files written from stored text) cannot
// carry them: a letter would silently differ from what was stored.
export const CONTROL_CHARACTERS = /[\p{Cc}\p{Cs}\uFFFE\uFFFF]/u

/** Whether `value` holds one of them (line breaks and tabs allowed in `multiline` text). */
export function hasControlCharacters(value: string, multiline = true): boolean {
  return CONTROL_CHARACTERS.test(multiline ? value.replace(/[\n\t]/g, '') : value)
}

const CONTROL_CHARACTERS_ALL = /[\p{Cc}\p{Cs}\uFFFE\uFFFF]/gu
const CONTROL_CHARACTERS_BUT_BREAKS = /(?![\n\t])[\p{Cc}\p{Cs}\uFFFE\uFFFF]/gu

/** `value` without those characters (keeping line breaks and tabs in `multiline` text). */
export function withoutControlCharacters(value: string, multiline = true): string {
  return value.replace(multiline ? CONTROL_CHARACTERS_BUT_BREAKS : CONTROL_CHARACTERS_ALL, '')
}
