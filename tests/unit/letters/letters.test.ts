// Letters: every template and every outcome renders a complete letter (no blank, no placeholder), the remedies are
// exact, 文号 patterns fill, and the .docx carries the text, escaped.
import { unzipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { OUTCOMES, REPLY_OUTCOME_CODES } from '../../../workflows/outcomes'
import {
  DEFAULT_RECONSIDERATION_FIRST,
  formatLetterNumber,
  LETTER_TEMPLATES_V1,
  LETTER_TYPES,
  type LetterFacts,
  type LetterType,
  letterDocx,
  letterText,
  letterValues,
  REMEDIES_FOR_TEST,
  remediesText,
  renderLetter,
  templateFor,
} from './support'

const facts = (over: Partial<LetterFacts> = {}): LetterFacts => ({
  reference: '2026-7KQ4-M9XZ',
  requestTitle: '示范县2025年财政预算执行情况报告',
  receivedOn: '2026-03-02',
  correctedOn: null,
  replyDueOn: '2026-03-30',
  replyDuePending: null,
  correction: {
    requestedOn: '2026-03-04',
    items: ['请写明文件名称或文号', '请说明所需年份'],
    dueOn: '2026-03-25',
  },
  extension: { workingDays: 20, reason: '需要调取多个部门档案' },
  agencySetDate: { dueOn: '2026-06-30', reason: '申请数量较大' },
  reasonsQuestions: '请说明申请的用途与所需数量的关系',
  consultation: { consultee: '某某有限公司', matter: '某项目合同', sentOn: '2026-03-05' },
  override: { disclosedContent: '合同金额与履约期限', reasons: '涉及重大公共利益' },
  fee: {
    amountYuan: 3000,
    basis: '按件计收，本月第31至35件',
    lines: ['第31至35件，每件200元，计1000元'],
    issuedOn: '2026-03-06',
    payBy: '2026-04-03',
    paymentMethod: '银行转账至示范县财政局非税收入账户',
  },
  outcome: null,
  remedies: REMEDIES_FOR_TEST,
  ...over,
})

// A complete structured outcome for every reply code, as draft-reply would record it.
function outcomeFor(code: string) {
  const basis = [OUTCOMES[code as keyof typeof OUTCOMES].citation ?? '《中华人民共和国政府信息公开条例》']
  return {
    code,
    legalBasis: basis,
    reasons: `理由：${code}`,
    location: '示范县人民政府门户网站“政府信息公开”栏目',
    howToObtain: '随本答复书邮寄纸质文本',
    disclosedParts: [{ description: '预算执行总表' }],
    withheldParts: [
      {
        description: '供应商银行账户',
        ground: 'withheld_third_party_rights',
        legalBasis: ['《中华人民共和国政府信息公开条例》第十五条'],
        reasons: '涉及第三方商业秘密',
      },
    ],
    rightAgency: { name: '示范县财政局', contact: '0000-1234567' },
    regime: '《不动产登记暂行条例》',
    howToApply: '到不动产登记中心查询',
  }
}

const RECIPIENT = { name: '示范县人民政府', address: '示范县人民路1号', phone: '0000-7654321' }

function render(type: LetterType, f: LetterFacts, signed = true) {
  const chosen = templateFor(type, f)
  if (!chosen) throw new Error(`no template for ${type}`)
  const result = renderLetter({
    template: chosen.template,
    templateVersion: chosen.version,
    agency: RECIPIENT,
    addresseeName: '张三',
    values: letterValues(f),
    number: signed ? '示政公开〔2026〕第12号' : null,
    issuedOn: signed ? '2026-03-20' : null,
  })
  if (!result.ok) throw new Error(`${type}: missing ${result.missing.join(', ')}`)
  return result.document
}

describe('every letter renders complete', () => {
  const single = LETTER_TYPES.filter((t) => t !== 'reply' && t !== 'termination_notice')
  it.each(single)('%s has no blank and no placeholder left', (type) => {
    const doc = render(type, facts())
    const text = letterText(doc)
    expect(text).not.toMatch(/\{\{|\}\}|undefined|null|NaN/)
    expect(text).toContain('示政公开〔2026〕第12号')
    expect(text).toContain('2026年3月20日')
    expect(doc.paragraphs.length).toBeGreaterThanOrEqual(2)
  })

  it.each(REPLY_OUTCOME_CODES)(
    'a reply with outcome %s is complete, cites its article and states remedies',
    (code) => {
      const doc = render('reply', facts({ outcome: outcomeFor(code) }))
      const text = letterText(doc)
      expect(text).not.toMatch(/\{\{|\}\}|undefined|null|NaN/)
      expect(text).toContain('2026年3月2日')
      expect(text).toContain('示范县2025年财政预算执行情况报告')
      expect(text).toContain('六十日内向示范县人民政府（地址：示范县人民路1号）申请行政复议')
      const article = OUTCOMES[code].article
      if (article) expect(text).toMatch(/第[一二三四五六七八九十]+条/)
    },
  )

  it.each(['correction_lapsed', 'fee_lapsed'])('a termination notice for %s is complete', (code) => {
    const doc = render('termination_notice', facts({ outcome: { code, legalBasis: [], reasons: null } }))
    expect(letterText(doc)).not.toMatch(/\{\{|\}\}|undefined|null/)
    expect(letterText(doc)).toContain('视为放弃申请')
  })

  it('has a template for every letter type and every reply outcome, and no two for one variant', () => {
    const keys = LETTER_TEMPLATES_V1.map((t) => `${t.type}/${t.variant}`)
    expect(new Set(keys).size).toBe(keys.length)
    for (const type of LETTER_TYPES) expect(keys.some((k) => k.startsWith(`${type}/`))).toBe(true)
    for (const code of REPLY_OUTCOME_CODES) expect(keys).toContain(`reply/${code}`)
  })

  it('refuses to render when a needed value is missing, naming it', () => {
    const chosen = templateFor('correction_notice', facts())!
    const result = renderLetter({
      template: chosen.template,
      templateVersion: 1,
      agency: RECIPIENT,
      addresseeName: '张三',
      values: letterValues(facts({ correction: null })),
      number: null,
      issuedOn: null,
    })
    expect(result).toEqual({ ok: false, missing: ['correctionDueOn', 'correctionItems'] })
  })

  it('shows the number and date as placeholders in a draft', () => {
    const doc = render('reply', facts({ outcome: outcomeFor('disclosed') }), false)
    expect(doc.number).toBe('（文号于签发时生成）')
    expect(doc.dateLine).toBe('（成文日期于签发时生成）')
  })

  it('states the corrected receipt date after a 补正', () => {
    const text = letterText(
      render('reply', facts({ correctedOn: '2026-03-10', outcome: outcomeFor('disclosed') })),
    )
    expect(text).toContain('并于2026年3月10日收到补正后的申请')
  })

  it('states what is known of a deadline that waits for next year’s holidays, never a date', () => {
    const text = letterText(
      render(
        'receipt_acknowledgement',
        facts({
          replyDueOn: null,
          replyDuePending: {
            missingYear: 2027,
            countedThrough: '2026-12-31',
            countedDays: 15,
            remainingWorkingDays: 5,
          },
        }),
      ),
    )
    expect(text).toContain('答复期限跨入2027年')
  })

  it('names the holding agency for "not held" only when it can be determined', () => {
    const named = letterText(render('reply', facts({ outcome: outcomeFor('not_held') })))
    expect(named).toContain('负责公开该政府信息的机关为示范县财政局')
    const unnamed = letterText(
      render('reply', facts({ outcome: { ...outcomeFor('not_held'), rightAgency: null } })),
    )
    expect(unnamed).not.toContain('负责公开该政府信息的机关为')
  })

  it('lets staff edit a free-text slot but not the fixed legal text', () => {
    const chosen = templateFor('reply', facts({ outcome: outcomeFor('disclosed') }))!
    const result = renderLetter({
      template: chosen.template,
      templateVersion: 1,
      agency: RECIPIENT,
      addresseeName: '张三',
      values: letterValues(facts({ outcome: outcomeFor('disclosed') })),
      edits: { howToObtain: '请于2026年3月25日前到政务服务中心3号窗口领取', remedies: '无' },
      number: null,
      issuedOn: null,
    })
    expect(result.ok).toBe(true)
    if (!result.ok) return
    const text = letterText(result.document)
    expect(text).toContain('3号窗口领取')
    expect(text).toContain('申请行政复议')
    expect(result.document.paragraphs.filter((p) => p.slot).map((p) => p.slot?.key)).toEqual(['howToObtain'])
  })
})

describe('remedies', () => {
  it.each(DEFAULT_RECONSIDERATION_FIRST.filter((c) => c !== 'partially_disclosed'))(
    '%s: reconsideration comes first (复议前置), then litigation',
    (code) => {
      const text = remediesText(code, REMEDIES_FOR_TEST)
      expect(text).toContain('《中华人民共和国行政复议法》第二十三条第一款第（四）项')
      expect(text).toContain('应当先自知道该行政行为之日起六十日内')
      expect(text).toContain('对行政复议决定不服的，可以依法向人民法院提起行政诉讼')
      expect(text).not.toContain('六个月内')
    },
  )

  it('a partial disclosure: reconsideration first for the withheld part, either route for the rest', () => {
    const text = remediesText('partially_disclosed', REMEDIES_FOR_TEST)
    expect(text).toMatch(/不予公开的部分不服.*应当先.*其他内容不服.*六个月内向人民法院提起行政诉讼/)
  })

  it.each(['disclosed', 'not_exist', 'excessive_requests', 'fee_lapsed'])(
    '%s: reconsideration within 60 days or litigation within 6 months',
    (code) => {
      const text = remediesText(code, REMEDIES_FOR_TEST)
      expect(text).toBe(
        '如对本答复不服，可以自知道该行政行为之日起六十日内向示范县人民政府（地址：示范县人民路1号）申请行政复议，或者自知道该行政行为之日起六个月内向人民法院提起行政诉讼。',
      )
    },
  )

  it('takes the set of outcomes with 复议前置 from the setting', () => {
    const wider = {
      ...REMEDIES_FOR_TEST,
      reconsiderationFirst: [...DEFAULT_RECONSIDERATION_FIRST, 'not_exist'],
    }
    expect(remediesText('not_exist', wider)).toContain('应当先')
  })
})

describe('文号', () => {
  it.each<[string, number, string]>([
    ['示政公开〔{year}〕第{seq}号', 12, '示政公开〔2026〕第12号'],
    ['示政公开〔{year}〕{seq:3}号', 7, '示政公开〔2026〕007号'],
    ['{prefix}〔{year}〕第{seq}号', 1, '示财公开〔2026〕第1号'],
  ])('%s with %i → %s', (pattern, seq, expected) => {
    expect(formatLetterNumber(pattern, { prefix: '示财公开', year: 2026, seq })).toBe(expected)
  })
})

describe('.docx', () => {
  it('carries every paragraph, the number and the date, with markup escaped', async () => {
    const hostile = {
      ...outcomeFor('withheld_process_information'),
      reasons: '<script>alert(1)</script> & "引号"',
    }
    const doc = render('reply', facts({ outcome: hostile }))
    const bytes = await letterDocx(doc)
    const files = unzipSync(bytes)
    const xml = new TextDecoder().decode(files['word/document.xml'])
    expect(xml).toContain('示政公开〔2026〕第12号')
    expect(xml).toContain('2026年3月20日')
    expect(xml).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp;')
    expect(xml).not.toContain('<script>')
    expect(xml).toContain('仿宋_GB2312')
    expect(xml).toContain('应当先自知道该行政行为之日起六十日内')
    expect(Object.keys(files)).toContain('word/footer1.xml')
  })
})
