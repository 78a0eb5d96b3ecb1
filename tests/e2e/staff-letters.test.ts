// A reply from draft to signed letter in a real Chromium, each step by the role that owns it: the handler drafts
// a refusal, legal review returns it with a reason the handler then sees, the redraft is approved by legal review
// and signed by the approver who reads the letter first; the .docx carries the 文号, the dates, the decision, the
// article and the remedies with 复议前置, and its bytes hash to the frozen SHA-256; the applicant's tracking page
// offers the same letter.
import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { unzipSync } from 'fflate'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiToken, launchChromium, newBrowserContext, staffPage } from '../support/browser'
import { type DevServer, startDevServer } from '../support/dev-server'

const SCREENSHOTS = path.join(import.meta.dirname, 'screenshots')
const RETURN_REASON = '理由部分请写明讨论记录的形成过程，并引用第十六条第二款原文'

let app: DevServer
let browser: Browser
const contexts: BrowserContext[] = []

async function as(username: string): Promise<Page> {
  const context = await newBrowserContext(browser, { acceptDownloads: true })
  contexts.push(context)
  return staffPage(context, app.url, username)
}

/** Beijing calendar date today (the dev server's legal day). */
function today(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)
}

async function api(token: string, pathname: string, body?: unknown) {
  const res = await fetch(`${app.url}${pathname}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  if (res.status >= 300) throw new Error(`${pathname} → ${res.status}: ${await res.text()}`)
  return res.json() as Promise<Record<string, unknown>>
}

async function apiAction(token: string, caseId: string, action: string, input: Record<string, unknown>) {
  const { version } = (await api(token, `/api/v1/cases/${caseId}`)) as { version: number }
  return api(token, `/api/v1/cases/${caseId}/actions/${action}`, { version, ...input })
}

/** Open the action on the case page, let `fill` complete its form, submit, and return the page's notice. */
async function act(
  page: Page,
  caseId: string,
  action: string,
  fill?: (form: ReturnType<Page['locator']>) => Promise<void>,
) {
  await page.goto(`${app.url}/admin/cases/${caseId}`)
  const form = page.locator(`form[action="/admin/cases/${caseId}/actions/${action}"]`)
  await page.locator('details.action', { has: form }).locator('summary').click()
  await fill?.(form)
  await form.locator('button[type="submit"]').click()
  await page.waitForURL((url) => url.pathname === `/admin/cases/${caseId}`)
  return (await page.getByRole('status').first().textContent()) ?? ''
}

async function draftRefusal(page: Page, caseId: string, reasons: string) {
  return act(page, caseId, 'draft-reply', async (form) => {
    await form.getByLabel('答复类型').selectOption('withheld_process_information')
    await form.getByLabel('法律依据').fill('《中华人民共和国政府信息公开条例》第十六条第二款')
    await form.getByLabel('理由', { exact: true }).fill(reasons)
    await form.getByLabel('已完成保密审查（《条例》第十七条）').check()
  })
}

function docxText(bytes: Uint8Array): string {
  const xml = new TextDecoder().decode(unzipSync(bytes)['word/document.xml'])
  return [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('')
}

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true })
  app = await startDevServer()
  browser = await launchChromium()
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

describe('letters in Chromium', () => {
  it('drafts, returns with a reason, redrafts, approves and signs; the .docx and the tracking page agree', async () => {
    // A citizen's request through the public JSON API, registered and assigned by the registrar.
    const submitted = await fetch(`${app.url}/api/v1/agencies/demo/forms/disclosure/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        applicantType: 'natural_person',
        name: '王五',
        idDocument: { type: 'resident_id', number: '11010519491231002X' },
        informationDescription: '示范县2026年政府常务会议讨论记录',
        carrier: 'electronic',
        deliveryMethod: 'email',
        phone: '13800138000',
        email: 'wang@example.cn',
        declaration: true,
      }),
    })
    expect(submitted.status).toBe(201)
    const { reference, queryCode } = (await submitted.json()) as { reference: string; queryCode: string }
    const registrar = await apiToken(app.url, 'demo-registrar')
    const list = (await api(registrar, `/api/v1/cases?q=${reference}`)) as { items: { id: string }[] }
    const caseId = list.items[0]!.id
    await apiAction(registrar, caseId, 'confirm-receipt', { channel: 'online', receivedOn: today() })
    await apiAction(registrar, caseId, 'accept', {})
    await apiAction(registrar, caseId, 'assign', { assigneeId: 'user-demo-handler' })

    // The handler drafts a refusal: the draft letter appears on the case page.
    const handler = await as('demo-handler')
    expect(await draftRefusal(handler, caseId, '所申请信息为会议讨论记录。')).toContain('答复书草稿已生成')
    await expect.poll(() => handler.locator('#draft-title').count()).toBe(1)
    expect(await act(handler, caseId, 'submit-legal-review')).toContain('已提交审核')

    // Legal review reads the draft and returns it with a reason.
    const legal = await as('demo-legal')
    await legal.goto(`${app.url}/admin/cases/${caseId}`)
    const draftSection = legal.getByRole('region', { name: '答复书草稿（审核和签发的内容）' })
    expect(await draftSection.textContent()).toContain('本机关决定不予公开')
    expect(
      await act(legal, caseId, 'legal-return', async (form) => {
        await form.getByLabel('理由', { exact: true }).fill(RETURN_REASON)
      }),
    ).toContain('已退回承办人修改')

    // The handler sees why, redrafts and resubmits.
    await handler.goto(`${app.url}/admin/cases/${caseId}`)
    const history = handler.getByRole('region', { name: '审核记录（提交、退回及理由、同意）' })
    expect(await history.textContent()).toContain(RETURN_REASON)
    await draftRefusal(handler, caseId, '所申请信息为2026年政府常务会议的讨论记录，属于过程性信息。')
    await act(handler, caseId, 'submit-legal-review')
    expect(await act(legal, caseId, 'legal-approve')).toContain('法制审核已通过')

    // The approver reads the letter, then signs it: the notice names the 文号.
    const approver = await as('demo-approver')
    await approver.goto(`${app.url}/admin/cases/${caseId}`)
    const toSign = approver.getByRole('region', { name: '答复书草稿（审核和签发的内容）' })
    expect(await toSign.textContent()).toContain('属于过程性信息')
    expect(await toSign.textContent()).toContain('应当先自知道该行政行为之日起六十日内')
    await approver.screenshot({
      path: path.join(SCREENSHOTS, 'letters-1-approver-reads.png'),
      fullPage: true,
    })
    const signedNotice = await act(approver, caseId, 'approve')
    const number = /文号 (\S+?)；/.exec(signedNotice)?.[1]
    expect(number).toMatch(/依申请公开〔\d{4}〕第\d+号$/)

    // The letter page: the frozen hash, and the .docx whose bytes hash to it.
    await approver.getByRole('link', { name: '政府信息公开申请答复书' }).first().click()
    await approver.waitForURL(/\/admin\/letters\//)
    await approver.screenshot({ path: path.join(SCREENSHOTS, 'letters-2-signed.png'), fullPage: true })
    const sha256 = (await approver.locator('dd code').first().textContent())?.trim()
    expect(sha256).toMatch(/^[0-9a-f]{64}$/)
    const [download] = await Promise.all([
      approver.waitForEvent('download'),
      approver.getByRole('link', { name: /下载/ }).first().click(),
    ])
    const bytes = new Uint8Array(readFileSync((await download.path())!))
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(sha256)
    const text = docxText(bytes)
    const [y, m, d] = today().split('-').map(Number)
    expect(text).toContain(number!)
    expect(text).toContain(`${y}年${m}月${d}日`)
    expect(text).toContain('本机关决定不予公开')
    expect(text).toContain('第十六条第二款')
    expect(text).toContain('应当先自知道该行政行为之日起六十日内')
    expect(text).toContain('对行政复议决定不服的，可以依法向人民法院提起行政诉讼')
    expect(text).not.toContain(RETURN_REASON)

    // The applicant's tracking page offers the signed letter, with the same bytes.
    const citizen = await newBrowserContext(browser, { acceptDownloads: true })
    contexts.push(citizen)
    const track = await citizen.newPage()
    await track.goto(`${app.url}/track`)
    await track.getByLabel('申请编号').fill(reference)
    await track.getByLabel('查询码').fill(queryCode)
    await track.getByRole('button', { name: '查询' }).click()
    const letters = track.getByRole('region', { name: '机关出具的告知书和答复书' })
    expect(await letters.textContent()).toContain(number!)
    await track.screenshot({ path: path.join(SCREENSHOTS, 'letters-3-tracking.png'), fullPage: true })
    const [citizenDownload] = await Promise.all([
      track.waitForEvent('download'),
      letters.locator('li', { hasText: number! }).getByRole('button').click(),
    ])
    const citizenBytes = new Uint8Array(readFileSync((await citizenDownload.path())!))
    expect(createHash('sha256').update(citizenBytes).digest('hex')).toBe(sha256)
  })
})
