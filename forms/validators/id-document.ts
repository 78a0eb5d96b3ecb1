// Identity document numbers by type: the full GB 11643 check for 居民身份证, plausible patterns for the rest.
import type { MessageKey } from '../i18n'
import { type Check, fail, pass } from './check'
import { validateResidentId } from './resident-id'
import { normaliseCode } from './text'

/** Identity document types an applicant may present, in display order. */
export const ID_DOCUMENT_TYPES = [
  'resident_id',
  'passport',
  'hk_macao_permit',
  'taiwan_permit',
  'foreign_permanent_residence',
  'other',
] as const

/** One of `ID_DOCUMENT_TYPES`. */
export type IdDocumentType = (typeof ID_DOCUMENT_TYPES)[number]

const PATTERNS: Record<Exclude<IdDocumentType, 'resident_id'>, { pattern: RegExp; code: MessageKey }> = {
  // Chinese passports are E/G/D/S/P plus digits; foreign ones vary, so only shape and length are checked.
  passport: { pattern: /^(?=.*\d)[A-Z0-9]{5,17}$/, code: 'passport_format' },
  // 回乡证: H (Hong Kong) or M (Macao), 8 digits on the current card, 10 on the old one.
  hk_macao_permit: { pattern: /^[HM]\d{8}(\d{2})?$/, code: 'hk_macao_permit_format' },
  // 台胞证: 8 digits since 2015, 10 on older booklets.
  taiwan_permit: { pattern: /^\d{8}(\d{2})?$/, code: 'taiwan_permit_format' },
  // 2004 card: 3-letter nationality + 12 digits; 2023 card: 18 characters starting with 9.
  foreign_permanent_residence: {
    pattern: /^(?:[A-Z]{3}\d{12}|9\d{16}[\dX])$/,
    code: 'foreign_permanent_residence_format',
  },
  // Anything else (军官证, 外国证件 …): letters of any script, digits and hyphens only.
  other: { pattern: /^[\p{L}\p{N}][\p{L}\p{N}-]{1,29}$/u, code: 'id_number_format' },
}

/** Normalises and checks a document number for its type; `today` bounds resident-ID birth dates. */
export function validateIdNumber(
  type: IdDocumentType,
  raw: string,
  options: { readonly today: string },
): Check<string> {
  if (type === 'resident_id') return validateResidentId(raw, options)
  const rule = PATTERNS[type]
  const value = normaliseCode(raw)
  return rule.pattern.test(value) ? pass(value) : fail(rule.code)
}
