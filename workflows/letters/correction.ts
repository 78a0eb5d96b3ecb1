// Correcting a signed letter (更正): the signed letter stays frozen; a new letter with its own 文号 says which letter
// it corrects and why, repeats the whole corrected text, and replaces the old one from its own service. The fixed
// wording lives here, beside the templates; the reason is free text staff may edit in the draft.
import type { IsoDate } from '../calendar/types'
import { chineseDate } from './render'
import type { LetterDocument } from './types'

/** What a correction letter records about the letter it corrects. */
export interface LetterCorrection {
  /** The corrected letter's id, 文号, 成文日期 and title. */
  of: string
  number: string
  issuedOn: IsoDate
  title: string
  /** Why it is corrected (editable in the draft under CORRECTION_SLOT). */
  reason: string
  /** Who drafted the correction (the four-eyes rule keeps them from signing it). */
  draftedBy: string
}

/** The editable slot holding the correction's reason. */
export const CORRECTION_SLOT = 'correctionReason'
const CORRECTION_LABEL = '更正原因'

/** The title a correction letter carries: the corrected letter's, marked as a correction. */
export function correctionTitle(title: string): string {
  return `${title}（更正）`
}

/** The letter as a correction: marked title, and first what it corrects, why, and that it replaces it. */
export function asCorrection(
  document: LetterDocument,
  correction: LetterCorrection,
  editedReason?: string,
): LetterDocument {
  const old = `《${correction.title}》（${correction.number}）`
  const reason = (editedReason ?? correction.reason).trim()
  return {
    ...document,
    title: correctionTitle(document.title),
    paragraphs: [
      { text: `本机关于${chineseDate(correction.issuedOn)}向您出具的${old}有误，现予更正。` },
      { text: `${CORRECTION_LABEL}：${reason}`, slot: { key: CORRECTION_SLOT, label: CORRECTION_LABEL } },
      { text: `本文书送达后，原${old}不再适用，以本文书为准。` },
      ...document.paragraphs,
    ],
  }
}
