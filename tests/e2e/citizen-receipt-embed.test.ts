// Issue 14 in a real Chromium against a seeded `wrangler dev` (test clock on): the receipt shows even when the
// address has used up its tracking lookups, shows the code once and expires; tracking explains the rule and the
// pauses; the embed grows and shrinks, hides its fallback once loaded and focuses its error summary; every page
// visited has no axe-core violation. (The refused embed's govforms:error is in citizen-journey.test.ts.)
import type { Browser, BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiToken, launchChromium, newBrowserContext } from '../support/browser'
import {
  axeViolations,
  closeHostPage,
  go,
  type HostPage,
  type Scope,
  startHostPage,
} from '../support/citizen-pages'
import { type DevServer, startDevServer } from '../support/dev-server'

const FORM_PATH = '/demo/forms/disclosure'
/** The server's minimum fill time (3 s) plus a margin. */
const MIN_FILL_MS = 3_500
const POLL = { timeout: 15_000 }

let app: DevServer
let browser: Browser
let allowed: HostPage
const contexts: BrowserContext[] = []

async function newContext(options: Parameters<Browser['newContext']>[0] = {}) {
  // axe-core is injected as a script tag: the pages' CSP (nonces only) would refuse it.
  const context = await newBrowserContext(browser, { bypassCSP: true, ...options })
  contexts.push(context)
  return context
}

/** Every page of the form as a natural person, to check-your-answers. */
async function fillForm(scope: Scope): Promise<void> {
  await scope.getByLabel('自然人').check()
  await go(scope, '继续', '申请人信息')
  await scope.getByLabel('申请人姓名').fill('李四')
  const idDocument = scope.getByRole('group', { name: '申请人身份证件', exact: true })
  await idDocument.getByLabel('居民身份证', { exact: true }).check()
  await idDocument.getByLabel('证件号码', { exact: true }).fill('11010519491231002X')
  await go(scope, '继续', '所需政府信息')
  await scope.getByLabel('所需政府信息的名称或内容描述').fill('示范县2025年政府采购目录')
  await go(scope, '继续', '获取信息的方式')
  await scope.getByLabel('电子数据', { exact: true }).check()
  await scope.getByRole('radio', { name: /^电子邮件/ }).check()
  await go(scope, '继续', '联系方式')
  await scope.getByLabel('联系电话').fill('13800138000')
  await scope.getByLabel('电子邮箱').fill('li@example.cn')
  await go(scope, '继续', '材料与声明')
  await scope.getByLabel('本人承诺所填信息真实').check()
  await go(scope, '检查填写内容', '提交前请检查您的申请')
}

/** A bearer token for a demo user (with the demo second factor for the roles that need one). */
function staffToken(username: string): Promise<string> {
  return apiToken(app.url, username)
}

async function api(token: string, pathname: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${app.url}/api/v1${pathname}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  if (res.status !== 200) throw new Error(`${pathname} → ${res.status}: ${await res.text()}`)
  return (await res.json()) as Record<string, unknown>
}

function hostPage(): Promise<HostPage> {
  return startHostPage(`<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>示范县门户网站</title></head>
<body style="margin:0;font-family:sans-serif"><main>
<h1 style="font-size:1.2rem;padding:12px;margin:0">示范县门户网站 · 依申请公开</h1>
<div id="gov-form"><a href="${app.url}${FORM_PATH}">在新窗口中填写</a></div>
<script src="${app.url}/embed.js" data-agency="demo" data-form="disclosure" data-target="gov-form"></script>
</main></body></html>`)
}

beforeAll(async () => {
  app = await startDevServer({ vars: { APP_ENV: 'test' } })
  allowed = await hostPage()
  const admin = await staffToken('demo-admin')
  const settingsUrl = `${app.url}/api/v1/agencies/agency-demo/settings`
  const auth = { authorization: `Bearer ${admin}` }
  const { disclosure } = (await (await fetch(settingsUrl, { headers: auth })).json()) as {
    disclosure: unknown
  }
  const put = await fetch(settingsUrl, {
    method: 'PUT',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ embedOrigins: [allowed.origin], disclosure }),
  })
  expect(put.status).toBe(200)
  browser = await launchChromium()
})

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined)
  await browser?.close().catch(() => undefined)
  await closeHostPage(allowed)
  await app?.stop()
})

describe('receipt, tracking and embed (issue 14) in Chromium', () => {
  let reference = ''
  let code = ''

  it('shows the receipt to an address whose tracking lookups are used up, once, and the link expires', async () => {
    const context = await newContext()
    const page = await context.newPage()
    await page.goto(`${app.url}/track`)
    // Use up this browser's tracking lookups, from the browser itself (the address the server sees for it).
    const statuses = await page.evaluate(async () => {
      const out: number[] = []
      // A new reference each time: the per-reference guard must not be what answers 429.
      for (let i = 0; i < 25 && out.at(-1) !== 429; i++) {
        const reference = `2026-AAAA-AA${'BCDEFGHJKLMNPQRSTUVWXYZ'[i]}A`
        out.push((await fetch(`/api/v1/track?reference=${reference}&code=AAAAAA`)).status)
      }
      return out
    })
    expect(statuses.at(-1)).toBe(429)
    // The tracking page says how long to wait.
    await page.getByLabel('申请编号').fill('2026-AAAA-AAAA')
    await page.getByLabel('查询码').fill('AAAAAA')
    await page.getByRole('button', { name: '查询', exact: true }).click()
    await page.getByRole('heading', { name: '出现问题' }).waitFor()
    expect(await page.locator('.error-summary').textContent()).toMatch(/请在 \d+ 分钟后再试/)
    expect(await axeViolations(page)).toEqual([])

    await page.goto(`${app.url}${FORM_PATH}`)
    const startedAt = Date.now()
    await fillForm(page)
    await new Promise((r) => setTimeout(r, Math.max(0, startedAt + MIN_FILL_MS - Date.now())))
    const receiptResponse = page.waitForResponse((r) => r.url().includes('/receipt/') && r.status() === 200)
    await go(page, '确认并提交申请', '申请已提交')
    const receiptUrl = (await receiptResponse).url()
    expect(receiptUrl).toContain('k=')
    const strong = page.locator('.panel-confirm strong.reference')
    ;[reference, code] = (await strong.allTextContents()).map((s) => s.trim()) as [string, string]
    expect(code).toMatch(/^[2-9A-HJ-NP-Z]{6}$/)
    expect(await page.locator('#track-address').textContent()).toContain(`/track?reference=${reference}`)
    expect(await page.evaluate(() => document.compatMode)).toBe('CSS1Compat')
    expect(await axeViolations(page)).toEqual([])
    // The code is shown once: the address bar has dropped the key, so a reload shows no code.
    await expect.poll(() => page.url(), POLL).not.toContain('k=')
    await page.reload()
    await page.getByRole('heading', { level: 1, name: '回执页面已关闭' }).waitFor()
    expect(await page.content()).not.toContain(code)
    expect(await axeViolations(page)).toEqual([])
    // 31 minutes later (test clock) the link itself no longer shows the receipt.
    const later = await newContext({ extraHTTPHeaders: { 'x-test-now': String(Date.now() + 31 * 60_000) } })
    const old = await later.newPage()
    const expired = await old.goto(receiptUrl)
    expect(expired?.status()).toBe(410)
    expect(await old.locator('main').textContent()).toContain('此链接已过期')
    expect(await old.content()).not.toContain(code)
  })

  it('tracking shows the agency, the rule with its article and the pause in plain words', async () => {
    expect(reference).not.toBe('')
    const registrar = await staffToken('demo-registrar')
    const handler = await staffToken('demo-handler')
    const list = (await api(registrar, `/cases?q=${reference}`)) as { items: { id: string }[] }
    const caseId = list.items[0]!.id
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)
    let version = ((await api(registrar, `/cases/${caseId}`)) as { version: number }).version
    const step = async (token: string, action: string, input: Record<string, unknown>) => {
      version = (
        (await api(token, `/cases/${caseId}/actions/${action}`, { version, ...input })) as { version: number }
      ).version
    }
    await step(registrar, 'confirm-receipt', { channel: 'online', receivedOn: today })
    await step(registrar, 'accept', {})
    await step(registrar, 'assign', { assigneeId: 'user-demo-handler' })
    await step(handler, 'consult-third-party', { consultee: '某公司', sentOn: today })
    // Three days on (the test clock): the consultation has run for working days, in a later rate-limit window.
    const context = await newContext({
      extraHTTPHeaders: { 'x-test-now': String(Date.now() + 3 * 86_400_000) },
    })
    const page = await context.newPage()
    await page.goto(`${app.url}/track?reference=${reference}`)
    await page.getByLabel('查询码').fill(code)
    await go(page, '查询', `申请编号 ${reference}`)
    const text = (await page.locator('main').textContent()) ?? ''
    expect(text).toContain('示范县人民政府')
    expect(text).toContain('示范县2025年政府采购目录')
    expect(await page.locator('#deadline-basis').textContent()).toContain(
      `自收到申请之日（${today}）起 20 个工作日内答复（《政府信息公开条例》第三十三条）`,
    )
    expect(await page.locator('#deadline-pauses').textContent()).toMatch(
      /仍在进行中.*征求第三方意见期间不计算在内/,
    )
    // One lookup form: none is repeated under the status with the code in plain text.
    expect(await page.locator('form[action="/track"]').count()).toBe(0)
    await page.getByText('撤回申请', { exact: true }).click()
    expect(await page.locator('details').textContent()).toContain('已撤回的申请不能恢复')
    expect(await axeViolations(page)).toEqual([])
  })

  it('the embed grows and shrinks, hides its fallback once loaded, and moves focus to the error summary', async () => {
    const context = await newContext()
    const page = await context.newPage()
    await page.goto(allowed.origin)
    const iframe = page.locator('#gov-form iframe')
    const frame = page.frameLocator('#gov-form iframe')
    await frame.getByRole('group', { name: '申请人类型' }).waitFor()
    const fallback = page.getByRole('link', { name: /无法显示表单时/ })
    await expect.poll(() => fallback.isVisible(), POLL).toBe(false)
    const heightOf = () => iframe.evaluate((el) => Math.round(el.getBoundingClientRect().height))
    await expect
      .poll(() => iframe.evaluate((el) => (el as HTMLElement).style.height), POLL)
      .toMatch(/^\d+px$/)
    // An empty page 1: the error summary (a taller page) takes focus inside the frame.
    await frame.getByRole('button', { name: '继续', exact: true }).click()
    await frame.getByRole('heading', { name: '出现问题' }).waitFor()
    const tall = page.frames().find((f) => f.url().includes(FORM_PATH))!
    await expect
      .poll(
        () => tall.evaluate(() => document.activeElement?.classList.contains('error-summary') ?? false),
        POLL,
      )
      .toBe(true)
    await frame.getByLabel('自然人').check()
    const short = await expect.poll(heightOf, POLL).toBeGreaterThan(200).then(heightOf)
    // The next page (the applicant's details) is taller: the frame grows to it …
    await go(frame, '继续', '申请人信息')
    await expect.poll(heightOf, POLL).toBeGreaterThan(short + 150)
    const inner = () => page.frames().find((f) => f.url().includes(FORM_PATH))!
    const contentHeight = () =>
      inner().evaluate(() => Math.ceil(document.documentElement.getBoundingClientRect().height))
    await expect.poll(async () => heightOf().then(async (h) => h - (await contentHeight())), POLL).toBe(0)
    // … and Back to the shorter page shrinks it again, to that page's own height: no blank under the form.
    await go(frame, '返回上一步', '申请人类型')
    await expect.poll(heightOf, POLL).toBeLessThan(short + 150)
    await expect.poll(async () => heightOf().then(async (h) => h - (await contentHeight())), POLL).toBe(0)
    expect(await axeViolations(page)).toEqual([])
    expect(await axeViolations(page, '#gov-form iframe')).toEqual([])
  })

  it('serves a favicon', async () => {
    const res = await fetch(`${app.url}/favicon.ico`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/svg+xml')
    expect(await res.text()).toContain('<svg')
  })
})
