// The citizen form behaves like the web (issue 14), in a real Chromium against a seeded `wrangler dev`: browser
// Back on every page keeps the answers, a saved link resumes in a fresh context without cookies, 更改 returns to
// check-your-answers, the applicant type routes the pages with JavaScript off; axe-core finds nothing on any state.
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import type { Browser, BrowserContext, BrowserContextOptions } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, newBrowserContext } from '../support/browser'
import { axeViolations, go, heading } from '../support/citizen-pages'
import { type DevServer, startDevServer } from '../support/dev-server'

const SCREENSHOTS = path.join(import.meta.dirname, 'screenshots')
const FORM_PATH = '/demo/forms/disclosure'

let app: DevServer
let browser: Browser
/** A JavaScript-on context that may inject axe-core despite the pages' CSP. */
let axeContext: BrowserContext
const contexts: BrowserContext[] = []

async function newContext(options: BrowserContextOptions = {}): Promise<BrowserContext> {
  const context = await newBrowserContext(browser, options)
  contexts.push(context)
  return context
}

/** A page of a JavaScript-off context, checked by loading the same GET in the axe context (same HTML). */
async function violationsAt(url: string): Promise<string[]> {
  const page = await axeContext.newPage()
  try {
    await page.goto(url)
    return await axeViolations(page)
  } finally {
    await page.close()
  }
}

const ANSWERS = {
  name: '张三',
  idNumber: '11010519491231002X',
  description: '示范县2025年财政预算执行情况报告',
  documentNumber: '示政发〔2025〕1号',
  phone: '13800138000',
  email: 'zhang@example.cn',
}

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true })
  app = await startDevServer()
  browser = await launchChromium()
  axeContext = await newContext({ bypassCSP: true })
  // Starting, migrating and seeding `wrangler dev` is slow on a loaded machine.
}, 300_000)

afterAll(async () => {
  for (const step of [
    ...contexts.map((c) => () => c.close()),
    () => browser?.close() ?? Promise.resolve(),
    () => app?.stop() ?? Promise.resolve(),
  ]) {
    try {
      await step()
    } catch (error) {
      console.error('e2e cleanup:', error)
    }
  }
})

describe('the citizen form behaves like the web', () => {
  it('Back on every page keeps the answers; 更改 returns to the check page; axe finds nothing', async () => {
    const context = await newContext({ bypassCSP: true })
    const page = await context.newPage()
    const seen: Record<string, string[]> = {}
    const audit = async (state: string) => {
      seen[state] = await axeViolations(page)
    }
    await page.goto(`${app.url}${FORM_PATH}`)
    await heading(page, '申请人类型').waitFor()
    await audit('applicant-type')
    await page.getByLabel('自然人').check()
    await go(page, '继续', '申请人信息')
    await audit('applicant')
    await page.getByLabel('申请人姓名').fill(ANSWERS.name)
    const id = page.getByRole('group', { name: '申请人身份证件', exact: true })
    await id.getByLabel('居民身份证', { exact: true }).check()
    await id.getByLabel('证件号码', { exact: true }).fill(ANSWERS.idNumber)
    await go(page, '继续', '所需政府信息')
    await page.getByLabel('所需政府信息的名称或内容描述').fill(ANSWERS.description)
    await page.getByLabel('文号').fill(ANSWERS.documentNumber)
    await audit('request')
    await go(page, '继续', '获取信息的方式')
    // With script, 电子邮件 is withdrawn as soon as 纸质 is chosen, and offered again for 电子数据.
    await page.getByLabel('纸质', { exact: true }).check()
    await page.getByRole('radio', { name: /^电子邮件/ }).waitFor({ state: 'hidden' })
    await audit('delivery-paper')
    await page.getByLabel('电子数据', { exact: true }).check()
    await page.getByRole('radio', { name: /^电子邮件/ }).check()
    await go(page, '继续', '联系方式')
    await page.getByLabel('联系电话').fill(ANSWERS.phone)
    await page.getByLabel('电子邮箱').fill(ANSWERS.email)
    // The counter speaks near the limit and past it; pasted text is never cut.
    const long = '说'.repeat(120)
    await page.getByLabel('电子邮箱').fill(long)
    expect(await page.getByLabel('电子邮箱').inputValue()).toBe(long)
    await page.getByLabel('电子邮箱').fill(ANSWERS.email)
    await audit('contact')
    await go(page, '继续', '材料与声明')
    await page.getByLabel('本人承诺所填信息真实').check()
    await audit('declaration')
    await go(page, '检查填写内容', '提交前请检查您的申请')
    await audit('check')
    await page.screenshot({ path: path.join(SCREENSHOTS, 'drafts-check.png'), fullPage: true })

    // The browser's Back, page by page: each is a GET showing what was answered (no resubmission prompt).
    const back = async (title: string) => {
      const response = await page.goBack()
      expect(response === null || response.status() === 200).toBe(true)
      await heading(page, title).waitFor()
    }
    await back('材料与声明')
    expect(await page.getByLabel('本人承诺所填信息真实').isChecked()).toBe(true)
    await back('联系方式')
    expect(await page.getByLabel('联系电话').inputValue()).toBe(ANSWERS.phone)
    expect(await page.getByLabel('电子邮箱').inputValue()).toBe(ANSWERS.email)
    await back('获取信息的方式')
    expect(await page.getByRole('radio', { name: /^电子邮件/ }).isChecked()).toBe(true)
    await back('所需政府信息')
    expect(await page.getByLabel('文号').inputValue()).toBe(ANSWERS.documentNumber)
    await back('申请人信息')
    expect(await page.getByLabel('申请人姓名').inputValue()).toBe(ANSWERS.name)
    await back('申请人类型')
    expect(await page.getByLabel('自然人').isChecked()).toBe(true)
    // Reload loses nothing either.
    await page.reload()
    expect(await page.getByLabel('自然人').isChecked()).toBe(true)

    // Forward to the check page, then 更改 one answer: straight back to the check page.
    await page.goto(page.url().replace(/([?&])p=[^&]*/, '$1p=_check'))
    await heading(page, '提交前请检查您的申请').waitFor()
    await page.getByRole('link', { name: '更改 更改“文号”' }).click()
    await heading(page, '所需政府信息').waitFor()
    await audit('change-request')
    await page.getByLabel('文号').fill('示政发〔2025〕9号')
    await go(page, '保存并返回检查页面', '提交前请检查您的申请')
    expect(await page.locator('dl.summary').first().innerText()).toBeDefined()
    expect(await page.getByText('示政发〔2025〕9号').count()).toBe(1)

    for (const [state, list] of Object.entries(seen)) expect(list, state).toEqual([])
  })

  it('resumes from a saved link in a fresh context with no cookies', async () => {
    const first = await newContext()
    const page = await first.newPage()
    await page.goto(`${app.url}${FORM_PATH}`)
    await page.getByLabel('自然人').check()
    await go(page, '继续', '申请人信息')
    await page.getByLabel('申请人姓名').fill(ANSWERS.name)
    await page.getByRole('button', { name: '保存，稍后继续' }).click()
    await page.getByText('已保存').first().waitFor()
    const link = await page.locator('#resume a').getAttribute('href')
    expect(link).toMatch(/\?d=[0-9a-z]+\.[\w-]{22}\.[\w-]{22}$/)
    expect(await first.cookies()).toEqual([])
    await first.close()

    const fresh = await newContext({ bypassCSP: true })
    expect(await fresh.cookies()).toEqual([])
    const again = await fresh.newPage()
    await again.goto(link!)
    await heading(again, '申请人信息').waitFor()
    expect(await again.getByLabel('申请人姓名').inputValue()).toBe(ANSWERS.name)
    expect(await axeViolations(again)).toEqual([])
    await go(again, '返回上一步', '申请人类型')
    expect(await again.getByLabel('自然人').isChecked()).toBe(true)
  })

  it('routes by the applicant type with JavaScript off; axe finds nothing on each state', async () => {
    const context = await newContext({ javaScriptEnabled: false })
    const page = await context.newPage()
    await page.goto(`${app.url}${FORM_PATH}`)
    await heading(page, '申请人类型').waitFor()
    expect(await page.getByText('仅在适用时填写').count()).toBe(0)
    const states = [page.url()]
    await page.getByLabel('法人或其他组织').check()
    await go(page, '继续', '申请单位信息')
    expect(await page.getByText('第 2 步，共 6 步').count()).toBe(1)
    expect(await page.getByLabel('申请人姓名').count()).toBe(0)
    await page.getByRole('group', { name: '机构类型' }).waitFor()
    states.push(page.url())
    await page.screenshot({ path: path.join(SCREENSHOTS, 'drafts-nojs-organisation.png'), fullPage: true })
    await go(page, '返回上一步', '申请人类型')
    await page.getByLabel('自然人').check()
    await go(page, '继续', '申请人信息')
    expect(await page.getByRole('group', { name: '机构类型' }).count()).toBe(0)
    states.push(page.url())
    for (const url of states) expect(await violationsAt(url), url).toEqual([])
  })
})
