// Normalises free text and rejects what cannot be stored or shown safely.
import { CONTROL_CHARACTERS } from '../../workflows/support/text'
import { type Check, fail, pass } from './check'

/** How a text value is normalised and limited. */
export interface TextRules {
  /** Code points allowed after normalisation. */
  readonly maxLength: number
  readonly minLength?: number
  /** Keep line breaks and tabs (textarea); single-line text turns tabs into spaces and rejects breaks. */
  readonly multiline?: boolean
  /** NFKC instead of NFC: folds full-width letters and digits; only for codes, never for prose. */
  readonly compatibility?: boolean
  /** Refuse markup-looking input where it can never belong (names, hidden values). */
  readonly rejectMarkup?: boolean
}

const INVISIBLE = /[\u200B-\u200F\u061C\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/g
const ALLOWED_IN_MULTILINE = /[\n\t]/g
const MARKUP = /[<>]|&#|javascript\s*:|vbscript\s*:|\bon[a-z]+\s*=/i

/** Removes zero-width characters and bidi controls. */
export function stripInvisible(value: string): string {
  return value.replace(INVISIBLE, '')
}

/** Whether the text looks like HTML or a script URL rather than plain words. */
export function looksLikeMarkup(value: string): boolean {
  return MARKUP.test(value)
}

/** Counts user-perceived length in code points, so a rare CJK character outside the BMP counts once. */
export function codePointLength(value: string): number {
  let count = 0
  for (const _ of value) count++
  return count
}

/**
 * Trims, unifies line breaks, strips invisible characters, applies NFC (or NFKC), rejects control
 * characters, then enforces length. An empty result is `undefined` (not answered).
 *
 * Policy: zero-width characters (U+200B–U+200D, U+FEFF, U+2060) and bidi controls (U+200E, U+200F,
 * U+061C, U+202A–U+202E, U+2066–U+2069) are STRIPPED, not rejected: people paste them unknowingly
 * from chat apps and word processors and cannot see them to delete them; removing them also removes
 * the spoofing risk. Other control characters (C0 except tab/line feed in multi-line text, DEL, C1,
 * lone surrogates, U+FFFE/U+FFFF) are REJECTED with `control_chars`. Prose keeps NFC so full-width Chinese
 * punctuation survives; only codes use NFKC.
 */
export function normaliseText(raw: string, rules: TextRules): Check<string | undefined> {
  // Cheap guard before the expensive steps; stripping can only shorten and NFKC rarely lengthens.
  if (raw.length > rules.maxLength * 4 + 1024) return fail('too_long', { max: rules.maxLength })
  let value = stripInvisible(raw).replace(/\r\n?|[\u2028\u2029]/g, '\n')
  value = value.normalize(rules.compatibility ? 'NFKC' : 'NFC')
  if (!rules.multiline) value = value.replace(/\t/g, ' ')
  const probe = rules.multiline ? value.replace(ALLOWED_IN_MULTILINE, '') : value
  if (CONTROL_CHARACTERS.test(probe)) return fail('control_chars')
  value = value.trim()
  if (value === '') return pass(undefined)
  const length = codePointLength(value)
  if (length > rules.maxLength) return fail('too_long', { max: rules.maxLength })
  if (rules.minLength !== undefined && length < rules.minLength)
    return fail('too_short', { min: rules.minLength })
  if (rules.rejectMarkup && looksLikeMarkup(value)) return fail('markup_not_allowed')
  return pass(value)
}

/** Folds a code-like value: NFKC (full-width to half-width), no whitespace at all, upper case. */
export function normaliseCode(raw: string): string {
  return stripInvisible(raw).normalize('NFKC').replace(/\s+/g, '').toUpperCase()
}
