import { describe, expect, it } from 'vitest'
import { compileForm, definitionHash, taskReportV1, validateSubmission, validateUrl } from '../../../forms'

// The published task-report form v1. If this fails, the published definition changed: publish task-report.v2.ts.
const TASK_REPORT_V1_HASH = '919334960af14072d23db9b095f1208c7d3c21172e5e7b4180fa3dee0b0aeac4'
const form = compileForm(taskReportV1)
const today = '2024-06-20'

describe('task report form v1', () => {
  it('is pinned by its hash', async () => {
    expect(await definitionHash(taskReportV1)).toBe(TASK_REPORT_V1_HASH)
  })

  it('accepts a report with its status, progress, published links and evidence', () => {
    const result = validateSubmission(
      form,
      {
        status: 'in_progress',
        progress: '已在门户网站开设专栏，发布政策解读12篇。',
        publishedLinks: [
          { title: '政策解读专栏', url: 'www.example.gov.cn/zcjd/' },
          { title: '', url: '' },
        ],
        evidence: ['file-1'],
        nextSteps: '第四季度完成专栏改版。',
      },
      { source: 'json', today },
    )
    expect(result).toEqual({
      ok: true,
      data: {
        status: 'in_progress',
        progress: '已在门户网站开设专栏，发布政策解读12篇。',
        publishedLinks: [{ title: '政策解读专栏', url: 'https://www.example.gov.cn/zcjd/' }],
        evidence: ['file-1'],
        nextSteps: '第四季度完成专栏改版。',
      },
    })
  })

  it('reads the same answers from a posted HTML form (group rows as publishedLinks[i].url)', () => {
    const result = validateSubmission(
      form,
      { status: 'ongoing', progress: '常态化开展', 'publishedLinks[0].url': 'https://example.gov.cn/a' },
      { source: 'form', today },
    )
    expect(result.ok && result.data.publishedLinks).toEqual([{ url: 'https://example.gov.cn/a' }])
  })

  it.each([
    [{}, ['status', 'progress']],
    [{ status: 'done', progress: 'x' }, ['status']],
    [{ status: 'completed', progress: 'x', publishedLinks: [{ title: '专栏' }] }, ['publishedLinks[0].url']],
    [
      { status: 'completed', progress: 'x', publishedLinks: [{ url: 'javascript:alert(1)' }] },
      ['publishedLinks[0].url'],
    ],
    [{ status: 'completed', progress: 'x', evidence: ['a', 'b', 'c', 'd', 'e', 'f'] }, ['evidence']],
  ])('refuses %j at %j', (input, paths) => {
    const result = validateSubmission(form, input, { source: 'json', today })
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.issues.map((issue) => issue.path)).toEqual(paths)
  })
})

describe('validateUrl', () => {
  it.each([
    ['https://www.gov.cn/zhengce/', 'https://www.gov.cn/zhengce/'],
    ['http://example.gov.cn', 'http://example.gov.cn/'],
    ['ｗｗｗ．ｇｏｖ．ｃｎ/ｘｘｇｋ', 'https://www.gov.cn/xxgk'],
    ['  ', undefined],
  ])('accepts %j as %j', (raw, value) => {
    expect(validateUrl(raw, 500)).toEqual({ ok: true, value })
  })

  it.each([
    'javascript:alert(1)',
    'ftp://example.gov.cn/file',
    'https://user:pass@example.gov.cn/',
    'https://intranet/',
    'https://example.gov.cn/a b',
    'https://example.gov.cn/<script>',
  ])('refuses %j', (raw) => {
    expect(validateUrl(raw, 500)).toMatchObject({ ok: false, code: 'url_format' })
  })

  it('refuses an address longer than the field allows', () => {
    expect(validateUrl(`https://example.gov.cn/${'a'.repeat(600)}`, 500)).toMatchObject({
      ok: false,
      code: 'too_long',
    })
  })
})
