// Text folding for matching only (headers, keys, unit names, deadlines): the text shown and stored stays as written.
import * as OpenCC from 'opencc-js/t2cn'
import { withoutControlCharacters } from '../support/text'

let converter: ((text: string) => string) | undefined

/** Traditional → simplified (OpenCC t→cn); the dictionaries load on first use. */
export function toSimplified(text: string): string {
  converter ??= OpenCC.Converter({ from: 't', to: 'cn' })
  return converter(text)
}

/** NFKC (full-width letters, digits and punctuation to ASCII), simplified characters, one kind of line break. */
export function foldText(text: string): string {
  return toSimplified(text.normalize('NFKC').replace(/\r\n?|[\u2028\u2029\v\f]/g, '\n'))
}

// Letters and digits survive; punctuation, symbols, spaces and invisible marks do not.
const NOT_WORD = /[\p{P}\p{S}\p{Z}\p{Cc}\p{Cf}\s]+/gu

/** The comparison form of a name: folded, lower-case, without spaces or punctuation. */
export function matchKey(text: string): string {
  return foldText(text).replace(NOT_WORD, '').toLowerCase()
}

/** A folded text and, for every code unit of it, the index of the source code unit it came from. */
export interface FoldedText {
  text: string
  /** `sourceIndex[i]` is where `text[i]` starts in the source; one extra entry holds the source length. */
  sourceIndex: number[]
}

/**
 * Like foldText, but keeps a map back to the source so that a phrase found in the folded text can be quoted
 * verbatim. OpenCC t→cn keeps the length for the phrases met here; if it ever does not, characters are
 * converted one by one instead.
 */
export function foldWithMap(source: string): FoldedText {
  let nfkc = ''
  const nfkcIndex: number[] = []
  for (let i = 0; i < source.length; ) {
    const codePoint = source.codePointAt(i) ?? 0
    const width = codePoint > 0xffff ? 2 : 1
    let piece = source.slice(i, i + width).normalize('NFKC')
    if (piece === '\r' || piece === '\u2028' || piece === '\u2029' || piece === '\v' || piece === '\f') {
      piece = '\n'
    }
    for (let k = 0; k < piece.length; k++) nfkcIndex.push(i)
    nfkc += piece
    i += width
  }
  nfkcIndex.push(source.length)
  const whole = toSimplified(nfkc)
  if (whole.length === nfkc.length) return { text: whole, sourceIndex: nfkcIndex }
  let text = ''
  const sourceIndex: number[] = []
  for (let i = 0; i < nfkc.length; i++) {
    const piece = toSimplified(nfkc[i] ?? '')
    for (let k = 0; k < piece.length; k++) sourceIndex.push(nfkcIndex[i] ?? source.length)
    text += piece
  }
  sourceIndex.push(source.length)
  return { text, sourceIndex }
}

/**
 * Cell text as kept: line breaks unified, control characters dropped (a spreadsheet carries them invisibly, e.g.
 * as `_x0007_`, and no stored text may hold them: workflows/support/text.ts), outer whitespace (including
 * full-width spaces) trimmed.
 */
export function cleanCell(text: string): string {
  return withoutControlCharacters(text.replace(/\r\n?/g, '\n')).trim()
}
