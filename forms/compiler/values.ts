// Shapes of validated answers and of the issues validation reports.
import type { MessageKey } from '../i18n'
import type { IdDocumentType } from '../validators/id-document'

/** An identity document answer. */
export interface IdDocumentValue {
  type: IdDocumentType
  number: string
}

/** A postal address answer. */
export interface AddressValue {
  region: string
  detail: string
  postcode?: string
}

/** One item of a repeatable group. */
export interface GroupItem {
  [name: string]: FieldValue
}

/** A normalised answer: text and codes are strings, multi-choice and files string arrays, consent `true`. */
export type FieldValue = string | string[] | true | IdDocumentValue | AddressValue | GroupItem[]

/** A validated submission: only visible, answered fields are present. */
export type SubmissionData = Record<string, FieldValue>

type CodeOf<K> = K extends `${infer Code}.${string}` ? Code : K

/** Stable machine codes of submission issues (`required`, `too_long`, `resident_id_checksum`, …). */
export type IssueCode = Exclude<CodeOf<MessageKey>, 'definition' | 'part' | 'idType' | 'file'>

/** A problem with one answer. `path` is the form-encoded key (`idDocument.number`, `members[1].phone`). */
export interface SubmissionIssue {
  readonly path: string
  /** The definition field the issue belongs to (for error summaries and page lookup). */
  readonly field: string
  readonly code: IssueCode
  /** zh-CN, ready to show. */
  readonly message: string
}

/** Outcome of validating a submission or a page. */
export type ValidationResult =
  | { readonly ok: true; readonly data: SubmissionData }
  | { readonly ok: false; readonly issues: readonly SubmissionIssue[] }
