// Debian's Chromium for browser tests (`apt-get install chromium`; .ci/run does it), never a browser a test tool
// downloads; and staff logins against a dev server.
import { existsSync } from 'node:fs'
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'
import { DEFAULT_DEMO_PASSWORD } from '../../db/seed/constants'

export const CHROMIUM = '/usr/bin/chromium'
/** Bounded waits: every locator action and navigation gives up after these. */
export const ACTION_TIMEOUT_MS = 15_000
export const NAVIGATION_TIMEOUT_MS = 30_000

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (see .ci/run)`)
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // playwright-core gives every launch a fresh temporary user-data-dir and removes it on close.
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
}

/** A fresh zh-CN desktop context with the bounded waits. */
export async function newBrowserContext(
  browser: Browser,
  options: Parameters<Browser['newContext']>[0] = {},
) {
  const context = await browser.newContext({
    locale: 'zh-CN',
    viewport: { width: 1024, height: 768 },
    ...options,
  })
  context.setDefaultTimeout(ACTION_TIMEOUT_MS)
  context.setDefaultNavigationTimeout(NAVIGATION_TIMEOUT_MS)
  return context
}

/** Log a demo user in through the staff login page; resolves on the dashboard. */
export async function staffPage(context: BrowserContext, appUrl: string, username: string): Promise<Page> {
  const page = await context.newPage()
  await page.goto(`${appUrl}/admin/login`)
  await page.getByLabel('用户名').fill(username)
  await page.getByLabel('密码').fill(DEFAULT_DEMO_PASSWORD)
  await page.getByRole('button', { name: '登录' }).click()
  await page.getByRole('heading', { level: 1, name: '工作台' }).waitFor()
  return page
}

/** A bearer token for a demo user from the JSON login. */
export async function apiToken(appUrl: string, username: string): Promise<string> {
  const login = await fetch(`${appUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEFAULT_DEMO_PASSWORD }),
  })
  if (login.status !== 200) throw new Error(`login ${username} → ${login.status}: ${await login.text()}`)
  return ((await login.json()) as { token: string }).token
}
