// Characters no stored text may hold: control characters (C0, DEL, C1), lone surrogates and the non-characters
// U+FFFE / U+FFFF. None can be shown, and XML 1.0 (the .docx and .xlsx files written from stored text) cannot
// carry them: a letter would silently differ from what was stored.
const CONTROL = String.raw`[\p{Cc}\p{Cs}\uFFFE\uFFFF]`
// The same, less line breaks and tabs (allowed in multi-line text).
const CONTROL_BUT_BREAKS = String.raw`(?![\n\t])${CONTROL}`

export const CONTROL_CHARACTERS = new RegExp(CONTROL, 'u')
const CONTROL_CHARACTERS_BUT_BREAKS = new RegExp(CONTROL_BUT_BREAKS, 'u')

/** Whether `value` holds one of them (line breaks and tabs allowed in `multiline` text). */
export function hasControlCharacters(value: string, multiline = true): boolean {
  return (multiline ? CONTROL_CHARACTERS_BUT_BREAKS : CONTROL_CHARACTERS).test(value)
}

const EVERY_CONTROL = new RegExp(CONTROL, 'gu')
const EVERY_CONTROL_BUT_BREAKS = new RegExp(CONTROL_BUT_BREAKS, 'gu')

/** `value` without those characters (keeping line breaks and tabs in `multiline` text). */
export function withoutControlCharacters(value: string, multiline = true): string {
  return value.replace(multiline ? EVERY_CONTROL_BUT_BREAKS : EVERY_CONTROL, '')
}
