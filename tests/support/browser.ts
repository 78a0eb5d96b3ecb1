// Debian's Chromium for browser tests (`apt-get install chromium`; .ci/run does it), never a browser a test tool
// downloads; and staff logins against a dev server.
import { existsSync } from 'node:fs'
import { Secret, TOTP } from 'otpauth'
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'
import { DEFAULT_DEMO_PASSWORD, DEMO_MFA_USERNAMES, DEMO_TOTP_SECRET } from '../../db/seed/constants'

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

const TOTP_PERIOD_S = 30
const totpStep = (at: number) => Math.floor(at / 1000 / TOTP_PERIOD_S)
/** The TOTP code (RFC 6238, 6 digits, 30 s) of a base32 secret at an instant. */
export const totpCodeAt = (secret: string, at: number) =>
  TOTP.generate({ secret: Secret.fromBase32(secret), digits: 6, period: TOTP_PERIOD_S, timestamp: at })

/** The last time step whose code this process sent, per account (the server takes each code once). */
const lastStep = new Map<string, number>()

/**
 * The second-factor code for the next login of a seeded demo account with one (demo-admin, demo-auditor,
 * demo-operator: DEMO_TOTP_SECRET), null for others. The current step's code, or the next step's (accepted too);
 * when both were used, waits for the next step.
 */
export async function demoTotp(username: string): Promise<string | null> {
  if (!DEMO_MFA_USERNAMES.includes(username)) return null
  for (;;) {
    const now = Date.now()
    const step = Math.max(totpStep(now), (lastStep.get(username) ?? 0) + 1)
    if (step <= totpStep(now) + 1) {
      lastStep.set(username, step)
      return totpCodeAt(DEMO_TOTP_SECRET, step * TOTP_PERIOD_S * 1000)
    }
    await new Promise((resolve) =>
      setTimeout(resolve, TOTP_PERIOD_S * 1000 - (now % (TOTP_PERIOD_S * 1000)) + 50),
    )
  }
}

/** Log a demo user in through the staff login page (and its code page, if it has a second factor); on the dashboard. */
export async function staffPage(context: BrowserContext, appUrl: string, username: string): Promise<Page> {
  const page = await context.newPage()
  await page.goto(`${appUrl}/admin/login`)
  await page.getByLabel('用户名').fill(username)
  await page.getByLabel('密码').fill(DEFAULT_DEMO_PASSWORD)
  await page.getByRole('button', { name: '登录' }).click()
  const code = await demoTotp(username)
  if (code) {
    await page.getByRole('heading', { level: 1, name: '输入验证码' }).waitFor()
    await page.getByLabel('验证码或恢复码').fill(code)
    await page.getByRole('button', { name: '验证', exact: true }).click()
  }
  await page.getByRole('heading', { level: 1, name: '工作台' }).waitFor()
  return page
}

/** A bearer token for a demo user from the JSON login. */
export async function apiToken(appUrl: string, username: string): Promise<string> {
  const login = await fetch(`${appUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      username,
      password: DEFAULT_DEMO_PASSWORD,
      totp: (await demoTotp(username)) ?? undefined,
    }),
  })
  if (login.status !== 200) throw new Error(`login ${username} → ${login.status}: ${await login.text()}`)
  return ((await login.json()) as { token: string }).token
}
