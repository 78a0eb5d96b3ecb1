// The result every validator returns: a normalised value or a catalogue code explaining the refusal.
import type { MessageKey, MessageParams } from '../i18n'

/** Outcome of checking one value; `code` doubles as the message key. */
export type Check<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly code: MessageKey; readonly params?: MessageParams }

/** A successful check carrying the normalised value. */
export function pass<T>(value: T): Check<T> {
  return { ok: true, value }
}

/** A failed check; `code` names the catalogue message. */
export function fail<T = never>(code: MessageKey, params?: MessageParams): Check<T> {
  return params === undefined ? { ok: false, code } : { ok: false, code, params }
}
