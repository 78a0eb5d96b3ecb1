import { describe, expect, it } from 'vitest'
import {
  compileForm,
  definitionHash,
  disclosureV1,
  disclosureV2,
  nextPage,
  pageShown,
  parseDefinition,
  previousPage,
  shownPages,
  validatePage,
  validateSubmission,
} from '../../../forms'
import { organisationJson, personJson, TODAY } from './fixtures'

// The published disclosure application v2 (issue 14). If this fails, v2 changed: publish v3 instead.
const DISCLOSURE_V2_HASH = 'a1b4700f0283f48fb9481674a86f362b8395a7d20eaf3adde4da1f16d9c46a7c'

const v2 = compileForm(disclosureV2)
const pages = v2.renderModel.pages
const ids = (list: readonly { id: string }[]) => list.map((p) => p.id)

describe('condition-driven page routing', () => {
  it('skips a page whose every question is hidden under the answers so far', () => {
    expect(ids(shownPages(pages, { applicantType: 'natural_person' }))).toEqual([
      'applicant-type',
      'applicant',
      'request',
      'delivery',
      'contact',
      'declaration',
    ])
    expect(ids(shownPages(pages, { applicantType: 'organisation' }))).toEqual([
      'applicant-type',
      'organisation',
      'request',
      'delivery',
      'contact',
      'declaration',
    ])
    // Before the applicant type is known neither conditional page has anything to ask.
    expect(ids(shownPages(pages, {}))).not.toContain('applicant')
    expect(ids(shownPages(pages, {}))).not.toContain('organisation')
  })

  it('walks forwards and backwards over the skipped page', () => {
    const org = { applicantType: 'organisation' }
    expect(nextPage(pages, 'applicant-type', org)?.id).toBe('organisation')
    expect(nextPage(pages, 'organisation', org)?.id).toBe('request')
    expect(previousPage(pages, 'request', org)?.id).toBe('organisation')
    expect(previousPage(pages, 'request', { applicantType: 'natural_person' })?.id).toBe('applicant')
    expect(previousPage(pages, 'applicant-type', org)).toBeUndefined()
    expect(nextPage(pages, 'declaration', org)).toBeUndefined()
  })

  it('shows a page with any unconditional question, whatever the answers', () => {
    expect(pageShown({ id: 'p', fields: [{}, { visibleWhen: { op: 'truthy', field: 'x' } }] }, {})).toBe(true)
    expect(pageShown({ id: 'p', fields: [{ visibleWhen: { op: 'truthy', field: 'x' } }] }, {})).toBe(false)
    expect(pageShown({ id: 'p', fields: [{ visibleWhen: { op: 'truthy', field: 'x' } }] }, { x: 'y' })).toBe(
      true,
    )
  })

  it('routes every form by its definition: v1 keeps its five pages', () => {
    const v1 = compileForm(disclosureV1).renderModel.pages
    expect(ids(shownPages(v1, { applicantType: 'organisation' }))).toHaveLength(5)
  })
})

describe('disclosure v2', () => {
  it('is pinned, and is not v1', async () => {
    expect(await definitionHash(disclosureV2)).toBe(DISCLOSURE_V2_HASH)
    expect(await definitionHash(disclosureV2)).not.toBe(await definitionHash(disclosureV1))
    expect(parseDefinition(disclosureV2).version).toBe(2)
  })

  it('accepts exactly the submissions v1 accepts, shaped alike', () => {
    for (const input of [personJson(), organisationJson()]) {
      const a = validateSubmission(compileForm(disclosureV1), input, { source: 'json', today: TODAY })
      const b = validateSubmission(v2, input, { source: 'json', today: TODAY })
      expect(b).toEqual(a)
    }
  })

  it('refuses 纸质 with 电子邮件 or 在线下载, naming the choice, on the page and on submit', () => {
    const form = { source: 'form', today: TODAY } as const
    for (const method of ['email', 'download']) {
      const page = validatePage(v2, 'delivery', { carrier: 'paper', deliveryMethod: method }, form)
      expect(page.ok).toBe(false)
      if (page.ok) continue
      expect(page.issues).toEqual([
        expect.objectContaining({
          path: 'deliveryMethod',
          field: 'deliveryMethod',
          code: 'option_unavailable',
        }),
      ])
      expect(page.issues[0]!.message).toContain(method === 'email' ? '“电子邮件”' : '“在线下载”')
    }
    expect(validatePage(v2, 'delivery', { carrier: 'paper', deliveryMethod: 'post' }, form).ok).toBe(true)
    expect(validatePage(v2, 'delivery', { carrier: 'electronic', deliveryMethod: 'email' }, form).ok).toBe(
      true,
    )
    const whole = validateSubmission(
      v2,
      { ...personJson(), carrier: 'paper' },
      { source: 'json', today: TODAY },
    )
    expect(whole.ok).toBe(false)
  })

  it('refuses an option condition that looks forward', () => {
    const bad = structuredClone(disclosureV2) as unknown as {
      pages: { fields: { name: string; options?: { visibleWhen?: unknown }[] }[] }[]
    }
    const carrier = bad.pages[4]!.fields[0]!
    carrier.options![0]!.visibleWhen = { op: 'eq', field: 'deliveryMethod', value: 'post' }
    expect(() => parseDefinition(bad)).toThrow(/只能引用在它之前出现的字段/)
  })
})
