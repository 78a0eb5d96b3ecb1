// A form inside an agency portal: only an allow-listed parent origin is honoured, with its valid theme colours.
import { describe, expect, it } from 'vitest'
import { embedContext, embedQuery } from '../../../workers/services/embedding'

const ALLOWED = ['https://portal.example.gov.cn']
const theme = (values: Record<string, string>) => (key: string) => values[key]

describe('embedContext', () => {
  it('keeps an allowed parent and the colours that are colours', () => {
    expect(
      embedContext(
        ALLOWED,
        'https://portal.example.gov.cn',
        theme({ brand: '#1d70b8', link: 'red', focus: '#ffdd00;}', text: '#0b0c0c' }),
      ),
    ).toEqual({
      parentOrigin: 'https://portal.example.gov.cn',
      theme: { 'c-brand': '#1d70b8', 'c-text': '#0b0c0c' },
    })
  })

  it.each([
    ['an origin not on the allow-list', 'https://evil.example'],
    ['a look-alike origin', 'https://portal.example.gov.cn.evil.example'],
    ['no parent', undefined],
  ])('drops the embedding (and its theme) for %s', (_case, parent) => {
    expect(embedContext(ALLOWED, parent, theme({ brand: '#1d70b8' }))).toEqual({
      parentOrigin: null,
      theme: {},
    })
  })
})

describe('embedQuery', () => {
  it('carries the embedding to a linked page, and nothing when not embedded', () => {
    const embed = embedContext(ALLOWED, ALLOWED[0], theme({ link: '#4c2c92', brand: '#1d70b8' }))
    expect(embedQuery(embed)).toEqual([
      ['embed', '1'],
      ['parent', 'https://portal.example.gov.cn'],
      ['brand', '#1d70b8'],
      ['link', '#4c2c92'],
    ])
    const query = new URLSearchParams(embedQuery(embed))
    expect(embedContext(ALLOWED, query.get('parent') ?? undefined, (k) => query.get(k) ?? undefined)).toEqual(
      embed,
    )
    expect(embedQuery(embedContext(ALLOWED, undefined, theme({})))).toEqual([])
  })
})
