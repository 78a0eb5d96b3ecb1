// What the fuzzing proofs share: hostile text built from fragments an attacker or a careless paste brings along,
// a marker tag to look for on pages, and the check that an .xlsx/.docx file's XML parts are well-formed.
import { DOMParser } from '@xmldom/xmldom'
import fc from 'fast-check'
import { unzipSync } from 'fflate'
import { expect } from 'vitest'

/** Markup, control, bidi and astral text, formula triggers: the common fragments. */
export const HOSTILE_FRAGMENTS = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  ']]><![CDATA[',
  '&amp;&lt;',
  '\u202e\u2066',
  '\u0000\u0007\u001b[31m',
  '\r\n\t',
  '=HYPERLINK("http://x")',
  '+SUM(A1)',
  '𠮷野家👨‍👩‍👧',
  '\ud800',
  '\uffff',
]

/** Short random strings, runs of `fragments` mixed with noise, or one of the `huge` strings. */
export function hostileTextOf(
  fragments: readonly string[],
  options: { maxLength: number; maxParts: number; huge: readonly string[] },
): fc.Arbitrary<string> {
  return fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: options.maxLength }),
    fc
      .array(fc.oneof(fc.constantFrom(...fragments), fc.string({ maxLength: 6 })), {
        minLength: 1,
        maxLength: options.maxParts,
      })
      .map((parts) => parts.join('')),
    fc.constantFrom(...options.huge),
  )
}

/** A tag that must never reach a page unescaped. */
export const markerTag = fc.nat({ max: 1_000_000 }).map((n) => `<i data-fz="${n}">`)

/** The tag as a page shows it escaped. */
export const escapedTag = (tag: string) =>
  tag.replace('<', '&lt;').replace('>', '&gt;').replace(/"/g, '&quot;')

/** Every XML part of an Office file (a zip) parses without an error or warning. */
export function expectWellFormedOfficeFile(bytes: Uint8Array): void {
  const files = unzipSync(bytes)
  const parts = Object.keys(files).filter((n) => n.endsWith('.xml'))
  expect(parts.length).toBeGreaterThan(0)
  for (const part of parts) {
    const errors: string[] = []
    new DOMParser({ onError: (level, msg) => errors.push(`${level}: ${msg}`) }).parseFromString(
      new TextDecoder().decode(files[part]),
      'text/xml',
    )
    expect(errors, part).toEqual([])
  }
}
