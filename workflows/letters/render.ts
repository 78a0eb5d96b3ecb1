// Fills a letter template with a case's values and staff edits: a complete document, or the values still missing.
import type { IsoDate } from '../calendar/types'
import { SEAL_PLACEHOLDER } from './templates.v1'
import type { LetterDocument, LetterParagraph, LetterValues, RenderInput, TemplateBlock } from './types'

/** Shown in a draft where the signed letter will carry its number and date. */
export const DRAFT_NUMBER = '（文号于签发时生成）'
export const DRAFT_DATE = '（成文日期于签发时生成）'

const PLACEHOLDER = /\{\{([A-Za-z0-9_]+)\}\}/g

/** 成文日期 as GB/T 9704 writes it: 2026年12月10日. */
export function chineseDate(date: IsoDate): string {
  return `${date.slice(0, 4)}年${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`
}

function present(values: LetterValues, key: string | undefined): boolean {
  if (key === undefined) return true
  const value = values[key]
  return (
    value !== null &&
    value !== undefined &&
    (typeof value === 'string' ? value.trim() !== '' : value.length > 0)
  )
}

function applies(block: TemplateBlock, values: LetterValues): boolean {
  return present(values, block.when) && (block.unless === undefined || !present(values, block.unless))
}

function fill(text: string, values: LetterValues, missing: Set<string>): string {
  return text.replace(PLACEHOLDER, (_m, key: string) => {
    const value = values[key]
    if (typeof value === 'string' && value.trim() !== '') return value
    if (Array.isArray(value) && value.length > 0) return value.join('、')
    missing.add(key)
    return ''
  })
}

/**
 * Render a letter. Fails with the names of the values a paragraph needs and does not have, so no letter ever goes
 * out with a blank or a `{{placeholder}}` in it.
 */
export function renderLetter(
  input: RenderInput,
): { ok: true; document: LetterDocument } | { ok: false; missing: string[] } {
  const { template, values } = input
  const edits = input.edits ?? {}
  const missing = new Set<string>()
  const paragraphs: LetterParagraph[] = []
  for (const block of template.blocks) {
    if (!applies(block, values)) continue
    if ('text' in block) {
      paragraphs.push({ text: fill(block.text, values, missing) })
    } else if ('slot' in block) {
      const edited = edits[block.slot]
      const raw = edited ?? values[block.slot]
      const text = typeof raw === 'string' ? raw.trim() : Array.isArray(raw) ? raw.join('\n') : ''
      if (!text) continue
      paragraphs.push({ text: `${block.prefix ?? ''}${text}`, slot: { key: block.slot, label: block.label } })
    } else {
      const items = values[block.list]
      if (!Array.isArray(items) || items.length === 0) {
        missing.add(block.list)
        continue
      }
      paragraphs.push({ text: '', items })
    }
  }
  if (!input.addresseeName.trim()) missing.add('addressee')
  if (missing.size > 0) return { ok: false, missing: [...missing].sort() }
  const agency = input.agency
  const contact = [
    agency.address ? `地址：${agency.address}${agency.postcode ? `（邮编 ${agency.postcode}）` : ''}` : null,
    agency.contactPerson || agency.phone
      ? `联系人及电话：${[agency.contactPerson, agency.phone].filter(Boolean).join(' ')}`
      : null,
  ].filter((line): line is string => line !== null)
  return {
    ok: true,
    document: {
      type: template.type,
      variant: template.variant,
      templateVersion: input.templateVersion,
      agency: agency.name,
      title: template.title,
      number: input.number ?? DRAFT_NUMBER,
      addressee: `${input.addresseeName}：`,
      paragraphs,
      dateLine: input.issuedOn ? chineseDate(input.issuedOn) : DRAFT_DATE,
      seal: SEAL_PLACEHOLDER,
      contact,
    },
  }
}

/** The letter as plain text (for hashing, search and the e-mail copy): one paragraph per line. */
export function letterText(doc: LetterDocument): string {
  const body = doc.paragraphs.map((p) =>
    p.items ? p.items.map((item, i) => `${i + 1}. ${item}`).join('\n') : p.text,
  )
  return [
    doc.agency,
    doc.title,
    doc.number,
    '',
    doc.addressee,
    ...body,
    '',
    doc.agency,
    doc.dateLine,
    ...doc.contact,
  ].join('\n')
}
