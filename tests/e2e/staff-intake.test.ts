// Issue 10 in a real Chromium against a seeded `wrangler dev`: a registrar registers an oral application through the
// admin (the citizen form's own questions, channel, day of receipt, error summary), and an Art. 41 correction
// request filed on its own form (with evidence) is received, reviewed and corrected, ending in its notice.
import { existsSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_DEMO_PASSWORD } from '../../db/seed/constants'
import { type DevServer, startDevServer } from '../support/dev-server'

const CHROMIUM = '/usr/bin/chromium'
const SCREENSHOTS = path.join(import.meta.dirname, 'screenshots')
const REFERENCE = /^\d{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/
const QUERY_CODE = /^[2-9A-HJ-NP-Z]{6}$/
/** The server's minimum fill time (3 s) plus a margin, counted from the form's first page. */
const MIN_FILL_MS = 3_500
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n')

let app: DevServer
let browser: Browser
const contexts: BrowserContext[] = []

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1024, height: 768 } })
  context.setDefaultTimeout(15_000)
  context.setDefaultNavigationTimeout(30_000)
  contexts.push(context)
  const page = await context.newPage()
  page.on('pageerror', (e) => {
    throw e
  })
  return page
}

function heading(page: Page, name: string | RegExp) {
  return page.getByRole('heading', { level: 1, name })
}

function screenshot(page: Page, name: string) {
  return page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true })
}

async function login(page: Page, username: string) {
  await page.goto(`${app.url}/admin/login`)
  await page.getByLabel('用户名').fill(username)
  await page.getByLabel('密码').fill(DEFAULT_DEMO_PASSWORD)
  await page.getByRole('button', { name: '登录' }).click()
  await heading(page, '工作台').waitFor()
}

async function openCase(page: Page, reference: string) {
  await page.goto(`${app.url}/admin/cases?q=${encodeURIComponent(reference)}`)
  await page.getByRole('link', { name: reference }).click()
  await heading(page, new RegExp(reference)).waitFor()
}

/** Open an action's form on the case page, fill it and run it. */
async function runAction(page: Page, label: string, fill: () => Promise<void> = async () => {}) {
  await page.locator('details.action summary', { hasText: label }).click()
  await fill()
  await page.getByRole('button', { name: label, exact: true }).click()
  await page.getByRole('status').waitFor()
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (see .ci/run)`)
  mkdirSync(SCREENSHOTS, { recursive: true })
  app = await startDevServer()
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    timeout: 30_000,
  })
})

afterAll(async () => {
  for (const step of [...contexts.map((c) => () => c.close()), () => browser?.close(), () => app?.stop()]) {
    try {
      await step()
    } catch (error) {
      console.error('e2e cleanup:', error)
    }
  }
})

describe('staff intake and Art. 41 in Chromium', () => {
  it('registers an oral application through the admin: error summary first, then received that day', async () => {
    const page = await newPage()
    await login(page, 'demo-registrar')
    await page.getByRole('link', { name: /登记收到的申请.*示范县/ }).click()
    await heading(page, '登记收到的申请').waitFor()

    // Nothing chosen: the GOV.UK error pattern, focused, each link reaching its field.
    await page.getByRole('button', { name: '登记并开始计算期限' }).click()
    const summary = page.getByRole('alert')
    await summary.getByRole('heading', { name: '出现问题' }).waitFor()
    expect(await page.title()).toMatch(/^错误：/)
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.classList.contains('error-summary') ?? false))
      .toBe(true)
    const hrefs = await summary.getByRole('link').evaluateAll((as) => as.map((a) => a.getAttribute('href')))
    expect(hrefs).toContain('#intake-channel')
    for (const href of hrefs) expect(await page.locator(href!).count(), `${href} has a target`).toBe(1)
    await screenshot(page, 'intake-error-summary')

    // A walk-in applicant asks orally; the registrar fills the same questions for them.
    await page.getByLabel('口头提出，由工作人员代为填写').check()
    const today = await page.getByLabel('收到申请之日').inputValue()
    expect(today).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    await page.getByLabel('自然人').check()
    await page.getByLabel('申请人姓名').fill('赵六')
    const id = page.getByRole('group', { name: '申请人身份证件', exact: true })
    await id.getByLabel('居民身份证', { exact: true }).check()
    await id.getByLabel('证件号码', { exact: true }).fill('11010519491231002X')
    await page.getByLabel('所需政府信息的名称或内容描述').fill('示范县2026年义务教育学校招生计划')
    await page.getByLabel('纸质', { exact: true }).check()
    await page.getByLabel('自行领取', { exact: true }).check()
    await page.getByLabel('联系电话').fill('13800138000')
    await page.getByLabel('纸质申请的扫描件（选填）').setInputFiles({
      name: '口头申请记录.pdf',
      mimeType: 'application/pdf',
      buffer: PDF,
    })
    await page.getByLabel('本人承诺所填信息真实').check()
    await page.getByRole('button', { name: '登记并开始计算期限' }).click()
    await heading(page, '申请已登记').waitFor()
    const reference = (await page.locator('#intake-reference').textContent())!.trim()
    expect(reference).toMatch(REFERENCE)
    expect((await page.locator('#intake-query-code').textContent())!.trim()).toMatch(QUERY_CODE)
    await screenshot(page, 'intake-registered')

    // The case is received on that day (no confirmation step), entered by the registrar, channel oral.
    await page.getByRole('link', { name: '查看案件' }).click()
    await heading(page, new RegExp(reference)).waitFor()
    const summaryRows = await page
      .locator('dl.summary')
      .first()
      .evaluate((dl) =>
        Array.from(dl.querySelectorAll('dt'), (dt) => [dt.textContent, dt.nextElementSibling?.textContent]),
      )
    expect(summaryRows).toContainEqual(['收到申请之日', today])
    expect(await page.locator('h1 .tag').textContent()).toBe('待受理')
    const trail = await page.locator('ol.timeline').textContent()
    expect(trail).toContain('登记收到的申请（工作人员录入） · 登记员（演示）')
    expect(await page.locator('details.action summary', { hasText: '确认收到申请' }).count()).toBe(0)
    await screenshot(page, 'intake-case')
  })

  it('walks an Art. 41 correction request from the citizen form to its notice', async () => {
    // The applicant files on the second form, with evidence.
    const citizen = await newPage()
    const startedAt = Date.now()
    await citizen.goto(`${app.url}/demo/forms/record-correction`)
    await heading(citizen, '申请人信息').waitFor()
    await citizen.getByLabel('自然人').check()
    await citizen.getByLabel('申请人姓名').fill('王五')
    const id = citizen.getByRole('group', { name: '申请人身份证件', exact: true })
    await id.getByLabel('居民身份证', { exact: true }).check()
    await id.getByLabel('证件号码', { exact: true }).fill('11010519491231002X')
    await citizen.getByRole('button', { name: '继续', exact: true }).click()
    await heading(citizen, '需要更正的记录').waitFor()
    await citizen.getByLabel('需要更正的政府信息记录').fill('示范县不动产登记信息中本人房屋面积记录')
    await citizen.getByLabel('不准确之处及应当更正为').fill('记录为 80 平方米，实为 98 平方米')
    await citizen.getByLabel('证明记录不准确的证据材料').setInputFiles({
      name: '测绘报告.pdf',
      mimeType: 'application/pdf',
      buffer: PDF,
    })
    await citizen.getByRole('button', { name: '继续', exact: true }).click()
    await heading(citizen, '联系方式').waitFor()
    await citizen.getByLabel('联系电话').fill('13900139000')
    await citizen.getByRole('button', { name: '继续', exact: true }).click()
    await heading(citizen, '声明').waitFor()
    await citizen.getByLabel('本人承诺所填信息和提供的证据真实').check()
    await citizen.getByRole('button', { name: '检查填写内容', exact: true }).click()
    await heading(citizen, '提交前请检查您的申请').waitFor()
    expect(await citizen.locator('main').textContent()).toContain('测绘报告.pdf')
    const left = startedAt + MIN_FILL_MS - Date.now()
    if (left > 0) await new Promise((r) => setTimeout(r, left))
    await citizen.getByRole('button', { name: '确认并提交申请', exact: true }).click()
    await heading(citizen, '申请已提交').waitFor()
    const [reference, code] = (
      await citizen.locator('.panel-confirm strong.reference').allTextContents()
    ).map((s) => s.trim())
    expect(reference).toMatch(REFERENCE)
    expect(code).toMatch(QUERY_CODE)

    // The registrar confirms receipt; the due date is the agency's own target, never called statutory.
    const registrar = await newPage()
    await login(registrar, 'demo-registrar')
    await openCase(registrar, reference!)
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date())
    await runAction(registrar, '确认收到申请', async () => {
      await registrar.getByLabel('申请渠道').selectOption('online')
      await registrar.getByLabel('收到日期').fill(today)
    })
    expect(await registrar.locator('main').textContent()).toContain('办理目标日期（本机关自定，非法定期限）')
    await screenshot(registrar, 'record-correction-received')

    // The handler reviews and corrects the record; the notice is recorded on the case.
    const handler = await newPage()
    await login(handler, 'demo-handler')
    await openCase(handler, reference!)
    await runAction(handler, '开始审查')
    await runAction(handler, '予以更正并告知', async () => {
      await handler.getByLabel('更正的内容（更正前与更正后）').fill('房屋面积由 80 平方米更正为 98 平方米')
    })
    expect(await handler.locator('h1 .tag').textContent()).toBe('已更正并告知')
    expect(await handler.locator('#decision-notice').textContent()).toContain(
      '房屋面积由 80 平方米更正为 98 平方米',
    )
    await screenshot(handler, 'record-correction-corrected')

    // The applicant tracks it and reads the notice.
    await citizen.goto(`${app.url}/track`)
    await citizen.getByLabel('申请编号').fill(reference!)
    await citizen.getByLabel('查询码').fill(code!)
    await citizen.getByRole('button', { name: '查询', exact: true }).click()
    await heading(citizen, `申请编号 ${reference}`).waitFor()
    expect((await citizen.locator('dl.summary dd strong').textContent())?.trim()).toBe('已更正')
    const notice = (await citizen.locator('#decision-notice').textContent()) ?? ''
    expect(notice).toContain(`已于${today}予以更正`)
    expect(notice).toContain('《中华人民共和国政府信息公开条例》第四十一条')
    expect(await citizen.locator('main').textContent()).toContain('办理目标日期（本机关自定，非法定期限）')
    await screenshot(citizen, 'record-correction-tracking')
  })
})
