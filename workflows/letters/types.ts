// Shared types of letters (告知书): what a template is, what it is filled with, and the document it renders to.
import type { IsoDate } from '../calendar/types'

/** Every letter the disclosure procedure issues (DOMAIN.md §6). */
export const LETTER_TYPES = [
  'receipt_acknowledgement',
  'correction_notice',
  'reasons_request',
  'deadline_notice',
  'extension_notice',
  'third_party_consultation',
  'agency_consultation',
  'third_party_override_notice',
  'fee_notice',
  'termination_notice',
  'reply',
] as const
export type LetterType = (typeof LETTER_TYPES)[number]

/**
 * One paragraph of a template. `text` is fixed legal wording with `{{name}}` values; a `slot` paragraph is free text
 * that staff may edit in the draft (reasons, how to obtain). `when` names a value that must be present (non-empty)
 * for the paragraph to appear; `unless` one that must be absent.
 */
export type TemplateBlock =
  | { text: string; when?: string; unless?: string }
  | { slot: string; label: string; prefix?: string; when?: string; unless?: string }
  | { list: string; when?: string; unless?: string }

/** A letter template: data, versioned and frozen like form definitions. */
export interface LetterTemplate {
  type: LetterType
  /** Variant of a type (the reply's outcome, the termination's cause); '' for the only one. */
  variant: string
  title: string
  /** Who the letter is addressed to: the applicant, or a consulted third party / agency. */
  addressee: 'applicant' | 'consultee'
  blocks: readonly TemplateBlock[]
}

/** The values a letter is filled with; strings are plain text (renderers escape them), lists are item texts. */
export type LetterValues = Record<string, string | readonly string[] | null | undefined>

/** One rendered paragraph: fixed legal text, or a free-text slot staff may edit. */
export interface LetterParagraph {
  text: string
  /** Present on editable paragraphs: the slot key, and its label for the edit form. */
  slot?: { key: string; label: string }
  /** Items of a numbered list paragraph. */
  items?: readonly string[]
}

/** A complete letter, ready for HTML or .docx output. */
export interface LetterDocument {
  type: LetterType
  variant: string
  templateVersion: number
  /** Issuing agency (发文机关). */
  agency: string
  title: string
  /** 文号; a placeholder until the letter is signed. */
  number: string
  /** Salutation line, e.g. "张三：". */
  addressee: string
  paragraphs: LetterParagraph[]
  /** 成文日期 in words, e.g. "2026年12月10日"; a placeholder until signed. */
  dateLine: string
  /** The seal placeholder under the date. */
  seal: string
  /** Contact lines under the signature (address, telephone). */
  contact: string[]
}

export interface Letterhead {
  name: string
  address?: string | null
  postcode?: string | null
  phone?: string | null
  contactPerson?: string | null
}

export interface RenderInput {
  template: LetterTemplate
  templateVersion: number
  agency: Letterhead
  addresseeName: string
  values: LetterValues
  /** Staff edits of free-text slots, by slot key. */
  edits?: Record<string, string>
  /** Present once signed. */
  number: string | null
  issuedOn: IsoDate | null
}
