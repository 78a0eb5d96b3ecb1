// Reference numbers and query codes: short, unambiguous (no 0/O/1/I), unguessable, with the year.
import { randomBytes } from './crypto'

/** Crockford-like alphabet without 0, O, 1, I (32 symbols = 5 bits each). */
export const REFERENCE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ'

function randomSymbols(n: number): string {
  // 32 divides 256, so taking each byte mod 32 is unbiased.
  return Array.from(randomBytes(n), (b) => REFERENCE_ALPHABET[b % 32]).join('')
}

/** e.g. `2026-7KQ4-M9XZ`: 40 random bits; with the 30-bit query code, 70 bits to guess a pair. */
export function newReference(year: number): string {
  const s = randomSymbols(8)
  return `${year}-${s.slice(0, 4)}-${s.slice(4)}`
}

export function newQueryCode(): string {
  return randomSymbols(6)
}

/** Accept what people type: lower case, spaces, full-width characters and dashes. */
export function normaliseReference(input: string): string {
  return input
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s]/g, '')
    .replace(/[‐‑‒–—―]/g, '-')
}

export const REFERENCE_PATTERN = /^\d{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/
export const QUERY_CODE_PATTERN = /^[2-9A-HJ-NP-Z]{6}$/
