// Browser-enforced defences in a real Chromium against one seeded `wrangler dev` (issue 11, Prove 5), and the TOTP
// second factor end to end: CSP blocks an injected inline script; the admin refuses to be framed; the embed shows
// on an allowed portal and not on another; a foreign postMessage is ignored; the embedded form works with
// third-party cookies blocked; enrolling through the page, logging out and logging in with a code.
import { mkdirSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import path from 'node:path'
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_DEMO_PASSWORD } from '../../db/seed/constants'
import {
  apiToken,
  CHROMIUM,
  launchChromium,
  newBrowserContext,
  staffPage,
  totpCodeAt as totpCode,
} from '../support/browser'
import { type DevServer, HOST, startDevServer } from '../support/dev-server'

const SCREENSHOTS = path.join(import.meta.dirname, 'screenshots')
const FORM_PATH = '/demo/forms/disclosure'
/** How long a refused frame is watched for any sign of its page. */
const REFUSED_WATCH_MS = 4_000
const POLL = { timeout: 10_000 }

let app: DevServer
let browser: Browser
const servers: Server[] = []
const contexts: BrowserContext[] = []

/** A page on its own loopback origin (another site than the app as far as the browser is concerned). */
async function hostPage(html: (origin: string) => string): Promise<string> {
  let origin = ''
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
    res.end(html(origin))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, HOST, resolve)
  })
  servers.push(server)
  const address = server.address()
  if (!address || typeof address === 'string') throw new Error('host page server has no port')
  // `localhost` is another site than the app's 127.0.0.1, so the app in a frame here is third-party.
  origin = `http://localhost:${address.port}`
  return origin
}

const portal = (appUrl: string) => () =>
  `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>门户网站</title></head><body>
<div id="gov-form"><a href="${appUrl}${FORM_PATH}">无法显示表单时，请点击此处填写申请</a></div>
<script>
  window.__events = [];
  ['loaded', 'page', 'error', 'submitted'].forEach(function (t) {
    document.getElementById('gov-form').addEventListener('govforms:' + t, function (e) {
      window.__events.push({ type: e.type, detail: e.detail });
    });
  });
</script>
<script src="${appUrl}/embed.js" data-agency="demo" data-form="disclosure" data-target="gov-form"></script>
</body></html>`

async function newContext(on: Browser = browser): Promise<BrowserContext> {
  const context = await newBrowserContext(on)
  contexts.push(context)
  return context
}

function events(page: Page): Promise<{ type: string; detail: Record<string, unknown> }[]> {
  return page.evaluate(
    () => (window as unknown as { __events: { type: string; detail: Record<string, unknown> }[] }).__events,
  )
}

let allowedOrigin: string
let refusedOrigin: string
let framingOrigin: string

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true })
  app = await startDevServer()
  allowedOrigin = await hostPage(portal(app.url))
  refusedOrigin = await hostPage(portal(app.url))
  framingOrigin = await hostPage(
    () => `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>x</title></head><body>
<iframe id="admin" src="${app.url}/admin/login" width="800" height="600"></iframe></body></html>`,
  )
  // The demo admin (second factor entered by the helper) puts one portal on the embed allow-list.
  const token = await apiToken(app.url, 'demo-admin')
  const auth = { authorization: `Bearer ${token}` }
  const settingsUrl = `${app.url}/api/v1/agencies/agency-demo/settings`
  const { disclosure } = (await (await fetch(settingsUrl, { headers: auth })).json()) as {
    disclosure: Record<string, unknown>
  }
  const put = await fetch(settingsUrl, {
    method: 'PUT',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ embedOrigins: [allowedOrigin], disclosure }),
  })
  if (put.status !== 200) throw new Error(`PUT settings → ${put.status}: ${await put.text()}`)
  browser = await launchChromium()
})

afterAll(async () => {
  const steps: Array<() => Promise<unknown>> = [
    ...contexts.map((c) => () => c.close()),
    () => browser?.close() ?? Promise.resolve(),
    ...servers.map(
      (s) => () =>
        new Promise<void>((resolve) => {
          s.closeAllConnections()
          s.close(() => resolve())
        }),
    ),
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

describe('browser security in Chromium', () => {
  it('CSP blocks an inline script injected into a page', async () => {
    const page = await (await newContext()).newPage()
    await page.goto(`${app.url}${FORM_PATH}`)
    const result = await page.evaluate(async () => {
      const violations: string[] = []
      document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective))
      const script = document.createElement('script')
      script.textContent = 'window.__injected = true'
      document.body.append(script)
      await new Promise((resolve) => setTimeout(resolve, 200))
      return { ran: (window as unknown as { __injected?: boolean }).__injected === true, violations }
    })
    expect(result.ran).toBe(false)
    expect(result.violations.join(' ')).toMatch(/script-src/)
  })

  it('the admin refuses to be framed by another site', async () => {
    const page = await (await newContext()).newPage()
    const adminResponse = page.waitForResponse((r) => r.url() === `${app.url}/admin/login`)
    await page.goto(framingOrigin)
    const headers = await (await adminResponse).allHeaders()
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'")
    expect(headers['x-frame-options']).toBe('DENY')
    const frame = page.frameLocator('#admin')
    await expect(
      frame.getByRole('heading', { name: '工作人员登录' }).waitFor({ timeout: REFUSED_WATCH_MS }),
    ).rejects.toThrow()
  })

  it('the embed shows the form on an allowed portal and not on another', async () => {
    const page = await (await newContext()).newPage()
    await page.goto(allowedOrigin)
    await page.frameLocator('#gov-form iframe').getByRole('group', { name: '申请人类型' }).waitFor()
    await expect.poll(async () => (await events(page)).map((e) => e.type), POLL).toContain('govforms:loaded')

    const other = await (await newContext()).newPage()
    await other.goto(refusedOrigin)
    await expect(
      other
        .frameLocator('#gov-form iframe')
        .getByRole('group', { name: '申请人类型' })
        .waitFor({ timeout: REFUSED_WATCH_MS }),
    ).rejects.toThrow()
    // The refused frame never loads the form; the host hears only that it failed (govforms:error).
    const refused = (await events(other)).map((e) => e.type)
    expect(refused).not.toContain('govforms:loaded')
    expect(refused.every((type) => type === 'govforms:error')).toBe(true)
  })

  it('ignores a postMessage that does not come from the form frame', async () => {
    const page = await (await newContext()).newPage()
    await page.goto(allowedOrigin)
    const iframe = page.locator('#gov-form iframe')
    await page.frameLocator('#gov-form iframe').getByRole('group', { name: '申请人类型' }).waitFor()
    await expect.poll(async () => (await events(page)).map((e) => e.type), POLL).toContain('govforms:loaded')
    const before = await iframe.evaluate((el) => (el as HTMLElement).style.height)
    const count = (await events(page)).length
    // Forged messages in the protocol's own shape, posted by the portal page itself and by a foreign frame.
    await page.evaluate(() => {
      const forged = [
        { source: 'govforms', type: 'govforms:submitted', reference: 'FAKE-0000-0000' },
        { source: 'govforms', type: 'govforms:resize', height: 2999 },
      ]
      for (const m of forged) window.postMessage(m, '*')
      const foreign = document.createElement('iframe')
      foreign.srcdoc = `<script>parent.postMessage(${JSON.stringify(forged[0])}, '*')</script>`
      document.body.append(foreign)
    })
    await new Promise((resolve) => setTimeout(resolve, 1_000))
    expect((await events(page)).length).toBe(count)
    expect(await iframe.evaluate((el) => (el as HTMLElement).style.height)).toBe(before)
  })

  it('the embedded form works with third-party cookies blocked', async () => {
    const strict = await chromium.launch({
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
        '--test-third-party-cookie-phaseout',
      ],
    })
    try {
      const page = await (await newContext(strict)).newPage()
      await page.goto(allowedOrigin)
      const frame = page.frameLocator('#gov-form iframe')
      await frame.getByRole('group', { name: '申请人类型' }).waitFor()
      // The frame cannot keep a cookie: the blocking is in force.
      const kept = await page
        .frames()
        .find((f) => f.url().startsWith(app.url))!
        .evaluate(() => {
          // biome-ignore lint/suspicious/noDocumentCookie: the probe is exactly a script setting a cookie
          document.cookie = 'probe=1; SameSite=None; Secure; Path=/'
          return document.cookie.includes('probe=1')
        })
      expect(kept).toBe(false)
      // Moving on is POST → 303 → GET under the draft id in the URL: no cookie carries the answers.
      await frame.getByLabel('自然人').check()
      await frame.getByRole('button', { name: '继续', exact: true }).click()
      await frame.getByRole('heading', { level: 1, name: '申请人信息' }).waitFor()
      await frame.getByLabel('申请人姓名').fill('张三')
      const idDocument = frame.getByRole('group', { name: '申请人身份证件', exact: true })
      await idDocument.getByLabel('居民身份证', { exact: true }).check()
      await idDocument.getByLabel('证件号码', { exact: true }).fill('11010519491231002X')
      await frame.getByRole('button', { name: '继续', exact: true }).click()
      await frame.getByRole('heading', { level: 1, name: '所需政府信息' }).waitFor()
      await expect
        .poll(async () => (await events(page)).filter((e) => e.type === 'govforms:page').length, POLL)
        .toBeGreaterThanOrEqual(3)
    } finally {
      await strict.close()
    }
  })
})

describe('the second factor in Chromium', () => {
  it('enrols through the page, logs out, and logs in with a code', async () => {
    const context = await newContext()
    const page = await staffPage(context, app.url, 'demo-handler')
    await page.getByRole('link', { name: '两步验证' }).click()
    await page.getByRole('heading', { level: 1, name: '两步验证' }).waitFor()
    expect(await page.locator('.qr svg').count()).toBe(1)
    const secret = ((await page.locator('#totp-secret').textContent()) ?? '').replace(/\s/g, '')
    expect(secret).toMatch(/^[A-Z2-7]{32}$/)
    await page.screenshot({ path: path.join(SCREENSHOTS, 'mfa-enrol.png'), fullPage: true })
    await page.getByLabel('验证码').fill('000000' === totpCode(secret, Date.now()) ? '111111' : '000000')
    await page.getByRole('button', { name: '确认启用' }).click()
    await page.getByRole('alert').waitFor()
    await page.getByLabel('验证码').fill(totpCode(secret, Date.now()))
    await page.getByRole('button', { name: '确认启用' }).click()
    const recovery = page.getByRole('region', { name: '恢复码' })
    await recovery.waitFor()
    expect(await recovery.locator('li').count()).toBe(10)

    await page.getByRole('button', { name: '退出登录' }).click()
    await page.getByRole('heading', { level: 1, name: '工作人员登录' }).waitFor()
    await page.getByLabel('用户名').fill('demo-handler')
    await page.getByLabel('密码').fill(DEFAULT_DEMO_PASSWORD)
    await page.getByRole('button', { name: '登录' }).click()
    await page.getByRole('heading', { level: 1, name: '输入验证码' }).waitFor()
    // The code of the next step: the one used to enrol cannot be used again.
    await page.getByLabel('验证码或恢复码').fill(totpCode(secret, Date.now() + 30_000))
    await page.getByRole('button', { name: '验证', exact: true }).click()
    await page.getByRole('heading', { level: 1, name: '工作台' }).waitFor()
  })
})
