import { describe, expect, it } from 'vitest'
import { looksLikeMarkup, neutraliseFormula, normaliseText } from '../../../forms'

const line = { maxLength: 20 }
const prose = { maxLength: 200, multiline: true }

describe('normaliseText', () => {
  it.each([
    ['surrounding spaces, including the ideographic space', '\u3000 张三 \u3000', '张三'],
    ['zero-width space', '张\u200B三', '张三'],
    ['zero-width joiner and non-joiner', '张\u200C\u200D三', '张三'],
    ['byte-order mark', '\uFEFF张三', '张三'],
    ['word joiner', '张\u2060三', '张三'],
    ['right-to-left override', '张三\u202Egnp.exe', '张三gnp.exe'],
    ['bidi isolates', '\u2066张三\u2069', '张三'],
    ['left-to-right and right-to-left marks', '\u200E张三\u200F', '张三'],
    ['decomposed characters (NFC)', 'Zoe\u0308', 'Zoë'],
  ])('strips or normalises %s', (_case, input, value) => {
    expect(normaliseText(input, line)).toEqual({ ok: true, value })
  })

  it('keeps full-width punctuation in prose (NFC, not NFKC)', () => {
    expect(normaliseText('关于（2024）年度预算，请提供。', prose)).toEqual({
      ok: true,
      value: '关于（2024）年度预算，请提供。',
    })
  })

  it('folds full-width letters and digits only when asked to (codes)', () => {
    expect(normaliseText('ＡＢ１２', { maxLength: 10, compatibility: true })).toEqual({
      ok: true,
      value: 'AB12',
    })
    expect(normaliseText('ＡＢ１２', { maxLength: 10 })).toEqual({ ok: true, value: 'ＡＢ１２' })
  })

  it('keeps line breaks in multi-line text and unifies them', () => {
    expect(normaliseText('第一行\r\n第二行\r第三行\u2028第四行', prose)).toEqual({
      ok: true,
      value: '第一行\n第二行\n第三行\n第四行',
    })
  })

  it('turns tabs into spaces in single-line text', () => {
    expect(normaliseText('张\t三', line)).toEqual({ ok: true, value: '张 三' })
  })

  it.each([
    ['a NUL byte', 'abc\u0000'],
    ['a bell', 'a\u0007b'],
    ['an escape sequence', '\u001b[31mred'],
    ['DEL', 'a\u007fb'],
    ['a C1 control', 'a\u0085b'],
    ['a lone surrogate', 'a\uD800b'],
    ['a line break in single-line text', '第一行\n第二行'],
  ])('rejects %s', (_case, input) => {
    expect(normaliseText(input, line)).toMatchObject({ ok: false, code: 'control_chars' })
  })

  it('treats empty and invisible-only input as unanswered', () => {
    expect(normaliseText('', line)).toEqual({ ok: true, value: undefined })
    expect(normaliseText(' \u200B\u3000 ', line)).toEqual({ ok: true, value: undefined })
  })

  it('counts length after normalisation, in code points', () => {
    expect(normaliseText(`${'字'.repeat(20)}\u200B\u200B`, line)).toEqual({
      ok: true,
      value: '字'.repeat(20),
    })
    expect(normaliseText('𠮷'.repeat(20), line)).toMatchObject({ ok: true })
    expect(normaliseText('字'.repeat(21), line)).toMatchObject({
      ok: false,
      code: 'too_long',
      params: { max: 20 },
    })
    expect(normaliseText('a', { maxLength: 20, minLength: 2 })).toMatchObject({
      ok: false,
      code: 'too_short',
    })
  })

  it('refuses absurdly long input before normalising it', () => {
    expect(normaliseText('x'.repeat(1_000_000), line)).toMatchObject({ ok: false, code: 'too_long' })
  })

  it('accepts script-looking text as words unless markup is refused for the field', () => {
    const script = '<script>alert(1)</script>'
    expect(normaliseText(script, line)).toMatchObject({ ok: false, code: 'too_long' })
    expect(normaliseText(script, prose)).toEqual({ ok: true, value: script })
    expect(normaliseText(script, { ...prose, rejectMarkup: true })).toMatchObject({
      ok: false,
      code: 'markup_not_allowed',
    })
  })
})

describe('looksLikeMarkup', () => {
  it.each([
    '<script>alert(1)</script>',
    '"><img src=x onerror=alert(1)>',
    'javascript:alert(1)',
    'JavaScript :alert(1)',
    'x onmouseover=alert(1)',
    '&#60;script&#62;',
  ])('flags %s', (input) => {
    expect(looksLikeMarkup(input)).toBe(true)
  })

  it.each(['张三', '欧阳·娜娜', "O'Brien", '某某（北京）科技有限公司', 'Jean-Luc Picard', 'Don Juan'])(
    'lets %s through',
    (input) => {
      expect(looksLikeMarkup(input)).toBe(false)
    },
  )
})

describe('neutraliseFormula', () => {
  it.each([
    ['=SUM(A1:A9)', "'=SUM(A1:A9)"],
    ['+8613812345678', "'+8613812345678"],
    ['-1+1', "'-1+1"],
    ['@cmd', "'@cmd"],
    ['\t=1', "'\t=1"],
    ['\r=1', "'\r=1"],
    ['=HYPERLINK("http://evil.example","点击")', '\'=HYPERLINK("http://evil.example","点击")'],
  ])('prefixes %j', (input, output) => {
    expect(neutraliseFormula(input)).toBe(output)
  })

  it.each(['张三', '13812345678', '', ' =1', "'=1", '１＋１'])('leaves %j alone', (input) => {
    expect(neutraliseFormula(input)).toBe(input)
  })
})
