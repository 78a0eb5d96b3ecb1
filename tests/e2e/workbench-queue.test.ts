// Working a queue from the workbench in a real Chromium: the registrar's 待确认收到 counter → its filtered list →
// the case (opened from the list, with the next case of the queue offered) → confirm receipt → back to the
// workbench through the navigation, where the counter has gone down by one.
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import type { Browser, BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, newBrowserContext, staffPage } from '../support/browser'
import { type DevServer, startDevServer } from '../support/dev-server'

const SCREENSHOTS = path.join(import.meta.dirname, 'screenshots')

let app: DevServer
let browser: Browser
let context: BrowserContext | undefined

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true })
  app = await startDevServer()
  browser = await launchChromium()
})

afterAll(async () => {
  for (const step of [() => context?.close(), () => browser?.close(), () => app?.stop()]) {
    try {
      await step()
    } catch (error) {
      console.error('e2e cleanup:', error)
    }
  }
})

function today(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)
}

describe('workbench in Chromium', () => {
  it('counter → filtered list → case → confirm receipt → back, with the counter updated', async () => {
    const submitted = await fetch(`${app.url}/api/v1/agencies/demo/forms/disclosure/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        applicantType: 'natural_person',
        name: '钱七',
        idDocument: { type: 'resident_id', number: '11010519491231002X' },
        informationDescription: '示范县工作台队列测试用的信息',
        carrier: 'electronic',
        deliveryMethod: 'email',
        phone: '13800138000',
        email: 'qian@example.cn',
        declaration: true,
      }),
    })
    expect(submitted.status).toBe(201)
    const { reference } = (await submitted.json()) as { reference: string }

    context = await newBrowserContext(browser)
    const page = await staffPage(context, app.url, 'demo-registrar')
    await page.goto(`${app.url}/admin`)
    const counter = page.locator('#queue-submitted')
    const before = Number(await counter.locator('strong').textContent())
    expect(before).toBeGreaterThanOrEqual(1)
    await page.screenshot({ path: path.join(SCREENSHOTS, 'workbench-counters.png'), fullPage: true })

    await counter.click()
    await page.waitForURL(
      (url) => url.pathname === '/admin/cases' && url.searchParams.get('state') === 'submitted',
    )
    await page.screenshot({ path: path.join(SCREENSHOTS, 'workbench-queue-list.png'), fullPage: true })
    // The keyboard shortcut: j focuses the first case of the list.
    await page.keyboard.press('j')
    expect(await page.evaluate(() => document.activeElement?.classList.contains('case-link'))).toBe(true)
    await page.locator('a.case-link', { hasText: reference }).click()
    await page.waitForURL((url) => url.pathname.startsWith('/admin/cases/') && url.searchParams.has('queue'))
    const caseId = new URL(page.url()).pathname.split('/').at(-1)!

    const form = page.locator(`form[action="/admin/cases/${caseId}/actions/confirm-receipt"]`)
    await page.locator('details.action', { has: form }).locator('summary').click()
    await form.locator('[name="receivedOn"]').fill(today())
    const radio = form.locator('input[name="channel"][value="online"]')
    if ((await radio.count()) > 0) await radio.check()
    else await form.locator('select[name="channel"]').selectOption('online')
    await form.locator('button[type="submit"]').click()
    await page.waitForURL((url) => url.pathname === `/admin/cases/${caseId}`)

    await page.locator('nav.staff-nav a', { hasText: '工作台' }).click()
    await page.waitForURL((url) => url.pathname === '/admin')
    await page.screenshot({ path: path.join(SCREENSHOTS, 'workbench-after.png'), fullPage: true })
    expect(Number(await page.locator('#queue-submitted strong').textContent())).toBe(before - 1)
  })
})
