// Public surface of letters (告知书): templates as data, rendering, remedies, 文号 and the .docx output.
import type { LetterDocument } from './types'

export {
  asCorrection,
  CORRECTION_SLOT,
  correctionTitle,
  type LetterCorrection,
} from './correction'
export { DEFAULT_NUMBER_PATTERN, formatLetterNumber, isValidNumberPattern } from './number'
export {
  DEFAULT_RECONSIDERATION_FIRST,
  type RemedySettings,
  reconsiderationFirst,
  remediesText,
} from './remedies'
export { chineseDate, DRAFT_DATE, DRAFT_NUMBER, letterText, renderLetter } from './render'
export { LETTER_TEMPLATES_V1, LETTER_TEMPLATES_VERSION, letterTemplate } from './templates.v1'
export {
  LETTER_TYPES,
  type LetterDocument,
  type Letterhead,
  type LetterParagraph,
  type LetterTemplate,
  type LetterType,
  type LetterValues,
  type TemplateBlock,
} from './types'
export {
  hasReplyTemplate,
  type LetterFacts,
  type LetterOutcome,
  letterValues,
  letterVariant,
  templateFor,
  type WithheldPart,
} from './values'

/**
 * The letter as .docx bytes (./docx.ts). The docx library is large and only letters and reports need it, so it is
 * imported on first use: the Worker's build makes it a separate module (scripts/worker-build.ts).
 */
export async function letterDocx(doc: LetterDocument): Promise<Uint8Array> {
  return (await import('./docx')).letterDocx(doc)
}
