// A correction letter (更正): the corrected letter named by title, 文号 and date, the reason (editable), and that it
// replaces the old one — before the full corrected text.
import { describe, expect, it } from 'vitest'
import { asCorrection, CORRECTION_SLOT, type LetterDocument } from '../../../workflows/letters'

const doc: LetterDocument = {
  type: 'reply',
  variant: 'withheld_process_information',
  templateVersion: 1,
  agency: '示范县人民政府',
  title: '政府信息公开申请答复书',
  number: '示范县依申请公开〔2026〕第3号',
  addressee: '张三：',
  paragraphs: [{ text: '经审查，……' }, { text: '特此告知。' }],
  dateLine: '2026年12月2日',
  seal: '（印章）',
  contact: [],
}

const correction = {
  of: 'old',
  number: '示范县依申请公开〔2026〕第1号',
  issuedOn: '2026-11-30',
  title: '政府信息公开申请答复书',
  reason: '引用条款有误',
  draftedBy: 'u1',
}

describe('asCorrection', () => {
  it('marks the title and puts what, why and what replaces it before the corrected text', () => {
    const out = asCorrection(doc, correction)
    expect(out.title).toBe('政府信息公开申请答复书（更正）')
    expect(out.paragraphs.map((p) => p.text)).toEqual([
      '本机关于2026年11月30日向您出具的《政府信息公开申请答复书》（示范县依申请公开〔2026〕第1号）有误，现予更正。',
      '更正原因：引用条款有误',
      '本文书送达后，原《政府信息公开申请答复书》（示范县依申请公开〔2026〕第1号）不再适用，以本文书为准。',
      '经审查，……',
      '特此告知。',
    ])
    expect(out.paragraphs[1]!.slot).toEqual({ key: CORRECTION_SLOT, label: '更正原因' })
    expect(out.number).toBe(doc.number)
  })

  it('uses the edited reason when staff changed it in the draft', () => {
    expect(asCorrection(doc, correction, '  日期写错 ').paragraphs[1]!.text).toBe('更正原因：日期写错')
  })
})
