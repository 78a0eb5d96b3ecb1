// The citizen journey in a real Chromium against a seeded `wrangler dev`: the form with JavaScript off and on,
// check-your-answers, receipt and tracking; and the one-tag embed on an allowed and a refused portal origin.
import { mkdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiToken, launchChromium, newBrowserContext, staffPage } from '../support/browser'
import {
  closeHostPage,
  go,
  type HostPage,
  heading,
  type Scope,
  startHostPage,
} from '../support/citizen-pages'
import { type DevServer, startDevServer } from '../support/dev-server'

const SCREENSHOTS = path.join(import.meta.dirname, 'screenshots')
const FORM_PATH = '/demo/forms/disclosure'
/** The server's minimum fill time (MIN_FILL_MS, 3 s) plus a margin; counted from the first page load. */
const MIN_FILL_MS = 3_500
const REFERENCE = /^\d{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/
const QUERY_CODE = /^[2-9A-HJ-NP-Z]{6}$/
/** How long a refused embed is watched for any sign of the form. */
const REFUSED_WATCH_MS = 5_000
/** For `expect.poll` on things the page does asynchronously (focus, postMessage round trips). */
const POLL = { timeout: 10_000 }

const PERSON = {
  name: '张三',
  idNumber: '11010519491231002X',
  description: '示范县2025年财政预算执行情况报告',
  documentNumber: '示政发〔2025〕1号',
  phone: '13800138000',
  email: 'zhang@example.cn',
}

interface GovEvent {
  type: string
  detail: Record<string, unknown>
}
interface Receipt {
  reference: string
  code: string
  /** Beijing date of submission, as the receipt shows it. */
  submittedOn: string
}

let app: DevServer
let browser: Browser
let allowed: HostPage
let refused: HostPage
const contexts: BrowserContext[] = []

async function newContext(options: BrowserContextOptions = {}): Promise<BrowserContext> {
  const context = await newBrowserContext(browser, options)
  contexts.push(context)
  return context
}

/** Pages 1–2 as a natural person, by the labels a person reads. */
async function fillApplicant(scope: Scope): Promise<void> {
  await scope.getByLabel('自然人').check()
  await go(scope, '继续', '申请人信息')
  await scope.getByLabel('申请人姓名').fill(PERSON.name)
  const idDocument = scope.getByRole('group', { name: '申请人身份证件', exact: true })
  await idDocument.getByLabel('居民身份证', { exact: true }).check()
  await idDocument.getByLabel('证件号码', { exact: true }).fill(PERSON.idNumber)
}

/** The pages after the applicant's, ending on check-your-answers. */
async function fillRest(scope: Scope): Promise<void> {
  await go(scope, '继续', '所需政府信息')
  await scope.getByLabel('所需政府信息的名称或内容描述').fill(PERSON.description)
  await scope.getByLabel('文号').fill(PERSON.documentNumber)
  await go(scope, '继续', '获取信息的方式')
  await scope.getByLabel('电子数据', { exact: true }).check()
  await scope.getByRole('radio', { name: /^电子邮件/ }).check()
  await go(scope, '继续', '联系方式')
  await scope.getByLabel('联系电话').fill(PERSON.phone)
  await scope.getByLabel('电子邮箱').fill(PERSON.email)
  await go(scope, '继续', '材料与声明')
  await scope.getByLabel('本人承诺所填信息真实').check()
  await go(scope, '检查填写内容', '提交前请检查您的申请')
}

async function waitUntil(startedAt: number, ms: number): Promise<void> {
  const left = startedAt + ms - Date.now()
  if (left > 0) await new Promise((r) => setTimeout(r, left))
}

/** Submit from check-your-answers (after the minimum fill time); returns the receipt's reference and code. */
async function submit(scope: Scope, firstLoadAt: number): Promise<Receipt> {
  await waitUntil(firstLoadAt, MIN_FILL_MS)
  await go(scope, '确认并提交申请', '申请已提交')
  const strong = scope.locator('.panel-confirm strong.reference')
  const [reference, code] = (await strong.allTextContents()).map((s) => s.trim())
  expect(reference).toMatch(REFERENCE)
  expect(code).toMatch(QUERY_CODE)
  // "YYYY-MM-DD HH:MM（北京时间）"
  const submittedAt = (await scope.locator('dl.summary dd').last().textContent()) ?? ''
  const submittedOn = /^(\d{4}-\d{2}-\d{2}) \d{2}:\d{2}（北京时间）$/.exec(submittedAt.trim())?.[1]
  expect(submittedOn, submittedAt).toBeDefined()
  return { reference: reference!, code: code!, submittedOn: submittedOn! }
}

/** Empty page 1 → 422 with the GOV.UK error pattern: 错误： title, focused summary linking to the fields. */
async function expectErrorSummary(page: Page): Promise<void> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(FORM_PATH)),
    page.getByRole('button', { name: '继续', exact: true }).click(),
  ])
  expect(response.status()).toBe(422)
  // The same page comes back: wait for what only the new document has.
  const summary = page.getByRole('alert')
  await summary.getByRole('heading', { name: '出现问题' }).waitFor()
  expect(await page.title()).toMatch(/^错误：/)
  expect(await summary.getAttribute('autofocus')).not.toBeNull()
  await expect
    .poll(
      () => page.evaluate(() => document.activeElement?.classList.contains('error-summary') ?? false),
      POLL,
    )
    .toBe(true)
  const hrefs = await summary
    .getByRole('link')
    .evaluateAll((links) => links.map((a) => a.getAttribute('href')))
  expect(hrefs).toContain('#f-applicantType')
  for (const href of hrefs) expect(await page.locator(href!).count(), `${href} has a target`).toBe(1)
  // The field itself says what is wrong, next to it.
  await page.locator('fieldset.has-error .field-error').first().waitFor()
}

async function track(page: Page, receipt: Receipt): Promise<void> {
  await page.getByRole('link', { name: '查询办理进度' }).click()
  await heading(page, '查询申请进度').waitFor()
  await page.getByLabel('申请编号').fill(receipt.reference)
  await page.getByLabel('查询码').fill(receipt.code)
  await go(page, '查询', `申请编号 ${receipt.reference}`)
  const status = page.locator('dl.summary dd strong')
  expect((await status.textContent())?.trim()).toBe('已提交，待确认收到')
  // 提交时间 is the same (Beijing) day the receipt showed, at any hour of the day.
  const rows = await page
    .locator('dl.summary')
    .evaluate((dl) =>
      Array.from(dl.querySelectorAll('dt'), (dt) => [dt.textContent, dt.nextElementSibling?.textContent]),
    )
  expect(rows).toContainEqual(['提交时间', receipt.submittedOn])
}

/** Script errors and console errors (CSP violations are reported there) of the page and its frames. */
function collectProblems(page: Page): string[] {
  const problems: string[] = []
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
  page.on('console', (m) => {
    // The error page is answered with 422 on purpose; Chrome logs every 4xx document.
    if (m.type() === 'error' && !m.text().includes('status of 422')) problems.push(`console: ${m.text()}`)
  })
  return problems
}

function screenshot(page: Page, name: string): Promise<Buffer> {
  return page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true })
}

/** A portal page on its own loopback origin: the embed tag plus a recorder of the container's events. */
function hostPage(appUrl: string): Promise<HostPage> {
  return startHostPage(`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>示范县门户网站</title></head>
<body style="margin:0;font-family:sans-serif">
<header style="padding:12px;background:#eee">示范县门户网站 · 依申请公开</header>
<div id="gov-form"><a href="${appUrl}${FORM_PATH}">fallback</a></div>
<script>
  window.__events = [];
  ['loaded', 'page', 'error', 'submitted'].forEach(function (t) {
    document.getElementById('gov-form').addEventListener('govforms:' + t, function (e) {
      window.__events.push({ type: e.type, detail: e.detail });
    });
  });
</script>
<script src="${appUrl}/embed.js" data-agency="demo" data-form="disclosure" data-target="gov-form"></script>
</body></html>`)
}

/** Put `origin` on the demo agency's embed allow-list through the staff API (keeping its other settings). */
async function allowEmbedding(appUrl: string, origin: string): Promise<void> {
  const token = await apiToken(appUrl, 'demo-admin')
  const auth = { authorization: `Bearer ${token}` }
  const settingsUrl = `${appUrl}/api/v1/agencies/agency-demo/settings`
  const current = await fetch(settingsUrl, { headers: auth })
  if (current.status !== 200) throw new Error(`GET settings → ${current.status}: ${await current.text()}`)
  const { disclosure } = (await current.json()) as { disclosure: Record<string, unknown> }
  const put = await fetch(settingsUrl, {
    method: 'PUT',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ embedOrigins: [origin], disclosure }),
  })
  if (put.status !== 200) throw new Error(`PUT settings → ${put.status}: ${await put.text()}`)
  const saved = (await put.json()) as { embedOrigins: string[] }
  expect(saved.embedOrigins).toEqual([origin])
}

function events(page: Page): Promise<GovEvent[]> {
  return page.evaluate(() => (window as unknown as { __events: GovEvent[] }).__events)
}

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true })
  app = await startDevServer()
  allowed = await hostPage(app.url)
  refused = await hostPage(app.url)
  await allowEmbedding(app.url, allowed.origin)
  browser = await launchChromium()
})

afterAll(async () => {
  const steps: Array<() => Promise<unknown>> = [
    ...contexts.map((c) => () => c.close()),
    () => browser?.close() ?? Promise.resolve(),
    () => closeHostPage(allowed),
    () => closeHostPage(refused),
    () => app?.stop() ?? Promise.resolve(),
  ]
  for (const step of steps) {
    try {
      await step()
    } catch (error) {
      console.error('e2e cleanup:', error)
    }
  }
})

describe('citizen journey in Chromium', () => {
  it('works with JavaScript off: errors, every page, check answers, receipt, tracking', async () => {
    const context = await newContext({ javaScriptEnabled: false })
    const page = await context.newPage()
    await page.goto(`${app.url}${FORM_PATH}`)
    const firstLoadAt = Date.now()
    await heading(page, '申请人类型').waitFor()
    // Without script the applicant type is asked first, on its own: its answer routes the next page.
    expect(await page.getByText('仅在适用时填写：').count()).toBe(0)

    await expectErrorSummary(page)
    await screenshot(page, 'nojs-1-error-summary')

    await fillApplicant(page)
    await fillRest(page)
    const check = page.locator('dl.summary')
    expect(await check.allInnerTexts()).toEqual(
      expect.arrayContaining([expect.stringContaining(`居民身份证 ${PERSON.idNumber}`)]),
    )
    await screenshot(page, 'nojs-2-check-answers')

    const receipt = await submit(page, firstLoadAt)
    expect(await page.title()).not.toMatch(/^错误/)
    await screenshot(page, 'nojs-3-receipt')

    await track(page, receipt)
    await screenshot(page, 'nojs-4-tracking')
  })

  it('works with JavaScript on and reveals the options that apply', async () => {
    const context = await newContext({ javaScriptEnabled: true })
    const page = await context.newPage()
    const problems = collectProblems(page)
    await page.goto(`${app.url}${FORM_PATH}`)
    const firstLoadAt = Date.now()
    await heading(page, '申请人类型').waitFor()
    await expectErrorSummary(page)
    await screenshot(page, 'js-1-error-summary')

    await fillApplicant(page)
    await go(page, '继续', '所需政府信息')
    await page.getByLabel('所需政府信息的名称或内容描述').fill(PERSON.description)
    await go(page, '继续', '获取信息的方式')
    // 电子邮件 and 在线下载 only fit 电子数据: the script withdraws them for 纸质.
    const email = page.getByRole('radio', { name: /^电子邮件/ })
    await page.getByLabel('纸质', { exact: true }).check()
    await email.waitFor({ state: 'hidden' })
    expect(await page.getByRole('radio', { name: /^在线下载/ }).isVisible()).toBe(false)
    await page.getByLabel('电子数据', { exact: true }).check()
    await email.waitFor({ state: 'visible' })
    await email.check()
    await go(page, '继续', '联系方式')
    await page.getByLabel('联系电话').fill(PERSON.phone)
    await page.getByLabel('电子邮箱').fill(PERSON.email)
    await go(page, '继续', '材料与声明')
    await page.getByLabel('本人承诺所填信息真实').check()
    await go(page, '检查填写内容', '提交前请检查您的申请')
    const receipt = await submit(page, firstLoadAt)
    await screenshot(page, 'js-3-receipt')
    await track(page, receipt)
    expect(problems).toEqual([])
  })

  it('embeds on an allowed portal origin: auto-height, events, submit inside the frame', async () => {
    const context = await newContext()
    const page = await context.newPage()
    const problems = collectProblems(page)
    await page.goto(allowed.origin)
    const iframe = page.locator('#gov-form iframe')
    await iframe.waitFor()
    const frame = page.frameLocator('#gov-form iframe')
    await frame.getByRole('group', { name: '申请人类型' }).waitFor()
    const frameLoadedAt = Date.now()

    await expect
      .poll(async () => (await events(page)).map((e) => e.type), POLL)
      .toEqual(expect.arrayContaining(['govforms:loaded', 'govforms:page']))
    expect((await events(page)).find((e) => e.type === 'govforms:page')?.detail).toEqual({
      page: 'applicant-type',
    })

    // The frame is sized by the form's resize messages: the longer applicant page makes it taller.
    const heightOf = () => iframe.evaluate((el) => Math.round(el.getBoundingClientRect().height))
    const initialHeight = await heightOf()
    await expect
      .poll(() => iframe.evaluate((el) => (el as HTMLElement).style.height), POLL)
      .toMatch(/^\d+px$/)
    await fillApplicant(frame)
    await expect.poll(heightOf, POLL).toBeGreaterThan(Math.max(initialHeight, 480))
    await screenshot(page, 'embed-allowed')

    await fillRest(frame)
    const receipt = await submit(frame, frameLoadedAt)
    await expect
      .poll(async () => (await events(page)).find((e) => e.type === 'govforms:submitted')?.detail, POLL)
      .toEqual({ reference: receipt.reference })
    const pages = (await events(page)).filter((e) => e.type === 'govforms:page').map((e) => e.detail.page)
    expect(pages).toEqual([
      'applicant-type',
      'applicant',
      'request',
      'delivery',
      'contact',
      'declaration',
      'check',
    ])
    expect(problems).toEqual([])
  })

  it('is refused on a portal origin not on the allow-list, which keeps the fallback link', async () => {
    const context = await newContext()
    const page = await context.newPage()
    // The form's page itself (after the 303 to a new draft id).
    const formResponse = page.waitForResponse(
      (r) => r.url().startsWith(`${app.url}${FORM_PATH}?`) && r.status() === 200,
    )
    await page.goto(refused.origin)
    // The server answered; the browser refuses to show it because the CSP names only the allowed portal.
    const response = await formResponse
    expect(response.status()).toBe(200)
    const csp = (await response.allHeaders())['content-security-policy'] ?? ''
    expect(csp).toContain(`frame-ancestors ${allowed.origin}`)
    expect(csp).not.toContain(refused.origin)

    const frame = page.frameLocator('#gov-form iframe')
    await expect(
      frame.getByRole('group', { name: '申请人类型' }).waitFor({ timeout: REFUSED_WATCH_MS }),
    ).rejects.toThrow()
    // The portal learns that the form did not load (frame refused), and the fallback link stays.
    await expect
      .poll(() => events(page), POLL)
      .toEqual([{ type: 'govforms:error', detail: { reason: 'not_loaded' } }])
    const fallback = page.getByRole('link', { name: /无法显示表单时/ })
    expect(await fallback.isVisible()).toBe(true)
    expect(await fallback.getAttribute('href')).toBe(`${app.url}${FORM_PATH}`)
    await screenshot(page, 'embed-refused')
  })
})

describe('staff in Chromium', () => {
  it('loads next year from the pasted State Council notice: banner, preview, import', async () => {
    const context = await newContext()
    const page = await staffPage(context, app.url, 'demo-operator')

    // The seed stops at 2026, so the dashboard warns that 2027 is missing and links to its import.
    const banner = page.locator('#calendar-missing')
    expect(await banner.textContent()).toContain('2027 年节假日安排尚未载入并确认')
    await banner.getByRole('link', { name: /导入 2027 年安排/ }).click()
    await heading(page, '2027 节假日安排').waitFor()

    // A made-up 2027 notice in the official phrasing (the real one is not in the repository).
    const notice = readFileSync(path.join(import.meta.dirname, '../fixtures/notices/2027-test.txt'), 'utf8')
    await page.getByLabel('国务院通知原文').check()
    await page.getByLabel('导入内容').fill(notice)
    await page.getByRole('button', { name: '预览', exact: true }).click()
    const preview = page.getByRole('region', { name: '预览：将导入的日期' })
    await preview.waitFor()
    const rows = preview.locator('tbody tr')
    expect(await rows.count()).toBe(33)
    const springFestival = preview.locator('tr', { hasText: '2027-02-05' })
    expect(await springFestival.textContent()).toMatch(/周五.*放假.*春节/)
    const makeUp = preview.locator('tr', { hasText: '2027-02-20' })
    expect(await makeUp.textContent()).toMatch(/周六.*上班.*春节调休上班/)
    // The preview wrote nothing: the year is still not loaded.
    expect((await fetch(`${app.url}/api/v1/calendar/2027`)).status).toBe(404)
    await screenshot(page, 'calendar-notice-preview')

    await page.getByRole('button', { name: '导入', exact: true }).click()
    await page.getByRole('status').filter({ hasText: '已导入' }).waitFor()
    const year = (await (await fetch(`${app.url}/api/v1/calendar/2027`)).json()) as {
      confirmed: boolean
      days: unknown[]
    }
    expect(year).toMatchObject({ confirmed: false })
    expect(year.days).toHaveLength(33)
  })
})
