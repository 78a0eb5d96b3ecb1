// Task reporting in a real Chromium against a seeded `wrangler dev`: the office imports a grouped .xlsx table
// (lead units merged down their group), maps a unit name the directory does not know, a unit files its quarterly
// report with evidence, the office returns it with a comment and accepts it once filed again, and the ledger page
// and its .xlsx export show it.
import { mkdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import writeXlsxFile from 'write-excel-file/universal'
import { readXlsxGrid } from '../../workflows/tasks/xlsx-grid'
import { launchChromium, newBrowserContext, staffPage } from '../support/browser'
import { type DevServer, startDevServer } from '../support/dev-server'

const SCREENSHOTS = path.join(import.meta.dirname, 'screenshots')
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** The plan is for the current year, so its current quarter is open for a report today. */
const YEAR = Number(new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 4))
const QUARTERLY = '公开财政预决算'
const UNKNOWN_UNIT = '县教体局'
const PROGRESS = '已在县政府门户网站开设财政预决算公开专栏，本季度发布部门预算执行情况 12 份。'
const RETURN_COMMENT = '请补充公开载体的具体栏目名称。'
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n')

let app: DevServer
let browser: Browser
const contexts: BrowserContext[] = []

type Cell = { value: string | number; rowSpan?: number; columnSpan?: number; wrap?: boolean } | null

/** A grouped table as offices issue them: title row, blank row, header, 牵头单位 merged down each group, 序号 restarting. */
async function taskTable(): Promise<Buffer> {
  const header = ['序号', '牵头单位', '任务名称', '具体任务内容', '公开载体', '完成时限', '责任单位']
  const rows: Cell[][] = [
    [{ value: `${YEAR}年示范县政务公开重点任务分解表`, columnSpan: 7 }, null, null, null, null, null, null],
    [null, null, null, null, null, null, null],
    header.map((value) => ({ value })),
    [
      { value: 1 },
      { value: '县财政局', rowSpan: 2, wrap: true },
      { value: QUARTERLY },
      { value: '按季度公开预算执行情况，\n细化到功能分类项级科目。', wrap: true },
      { value: '县政府门户网站' },
      { value: '每季度' },
      { value: `${UNKNOWN_UNIT}、城关镇` },
    ],
    [
      { value: 2 },
      null,
      { value: '公开政府采购意向' },
      { value: '及时公开采购意向。' },
      { value: '县政府门户网站' },
      { value: '长期推进' },
      { value: '县政府各部门' },
    ],
    [
      { value: 1 },
      { value: '县自然资源局' },
      { value: '推进重大建设项目信息公开' },
      { value: '公开批准和实施信息。' },
      { value: '县政府门户网站' },
      { value: '7月底前启动 年底前完成' },
      { value: '县自然资源局' },
    ],
  ]
  const blob = await writeXlsxFile(rows, {
    columns: [6, 16, 24, 40, 16, 16, 24].map((width) => ({ width })),
  }).toBlob()
  return Buffer.from(await blob.arrayBuffer())
}

const problems: string[] = []

/** A demo user logged in through the login page in a fresh context; script and console errors are collected. */
async function login(username: string): Promise<Page> {
  const context = await newBrowserContext(browser, {
    viewport: { width: 1280, height: 800 },
    acceptDownloads: true,
  })
  contexts.push(context)
  const page = await staffPage(context, app.url, username)
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
  page.on('console', (m) => {
    // Error pages are answered with 4xx on purpose; Chrome logs every 4xx document.
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) problems.push(`console: ${m.text()}`)
  })
  return page
}

function heading(page: Page, name: string) {
  return page.getByRole('heading', { level: 1, name })
}

function screenshot(page: Page, name: string): Promise<Buffer> {
  return page.screenshot({ path: path.join(SCREENSHOTS, `tasks-${name}.png`), fullPage: true })
}

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true })
  app = await startDevServer()
  browser = await launchChromium()
})

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {})
  await browser?.close()
  await app?.stop()
})

describe('a year of task reporting, in the browser', () => {
  let planUrl: string
  let reportUrl: string

  it('creates the plan and imports the table: preview, map the unknown unit, confirm', async () => {
    const page = await login('demo-coordinator')
    await page.getByRole('link', { name: /重点任务落实/ }).click()
    await heading(page, '重点任务分解表').waitFor()
    await page.getByLabel('年度').fill(String(YEAR))
    await page.getByRole('button', { name: '新建', exact: true }).click()
    await heading(page, `${YEAR}年政务公开重点任务分解表`).waitFor()
    planUrl = page.url()

    await page.getByRole('link', { name: '导入任务分解表' }).click()
    await page
      .getByLabel('任务分解表文件')
      .setInputFiles({ name: `${YEAR}年分解表.xlsx`, mimeType: XLSX_TYPE, buffer: await taskTable() })
    await page.getByRole('button', { name: '上传并预览' }).click()
    await heading(page, '导入预览').waitFor()
    expect(await page.locator('#import-summary').textContent()).toContain('确认后将新增 3 项')
    // The parse beside the text: 7月底前启动 年底前完成 → two dated milestones of the plan's year.
    const preview = (await page.locator('table.import-preview').textContent()) ?? ''
    expect(preview).toContain(`${YEAR}-07-31`)
    expect(preview).toContain(`${YEAR}-12-31`)
    expect(preview).toContain(UNKNOWN_UNIT)
    await screenshot(page, '1-import-preview')

    await page.getByLabel(`“${UNKNOWN_UNIT}”对应的单位`).selectOption({ label: '示范县教育局' })
    await page.getByRole('button', { name: '保存对应关系' }).click()
    await heading(page, '导入预览').waitFor()
    expect(await page.getByLabel(`“${UNKNOWN_UNIT}”对应的单位`).count()).toBe(0)
    await page.getByRole('button', { name: '确认导入' }).click()
    await heading(page, `${YEAR}年政务公开重点任务分解表`).waitFor()
    expect(await page.getByRole('status').textContent()).toContain('导入完成：新增 3 项')
    const row = page.locator('table.tasks tr', { hasText: QUARTERLY })
    expect(await row.textContent()).toContain('示范县教育局')
    await screenshot(page, '2-plan')
  })

  it('has the unit file its quarterly report with a published link and evidence', async () => {
    const page = await login('demo-reporter-edu')
    await page.goto(planUrl)
    expect(await page.locator('table.tasks tbody tr').count()).toBe(2)
    await page.locator('table.tasks tr', { hasText: QUARTERLY }).getByRole('link', { name: '填报' }).click()
    await heading(page, QUARTERLY).waitFor()
    const period = (await page.getByLabel('报送期').locator('option:checked').textContent()) ?? ''
    expect(period).toMatch(new RegExp(`^${YEAR}年第[一二三四]季度`))
    await page.getByLabel('推进中').check()
    await page.getByLabel('进展情况').fill(PROGRESS)
    await page.getByLabel('链接 1 载体或栏目名称').fill('县政府门户网站')
    await page.getByLabel('链接 1 网址').fill('https://www.example.gov.cn/czyjs/')
    await page
      .getByLabel('佐证材料')
      .setInputFiles({ name: '预算执行情况.pdf', mimeType: 'application/pdf', buffer: PDF })
    await screenshot(page, '3-report-form')
    await page.getByRole('button', { name: '报送', exact: true }).click()
    await page.locator('#report-state').waitFor()
    reportUrl = page.url().replace(/\?.*$/, '')
    expect(await page.locator('#report-state').textContent()).toBe('已报送，待审核')
    expect(await page.getByRole('link', { name: '预算执行情况.pdf' }).count()).toBe(1)
  })

  it('has the office return it with a comment, the unit file it again, and the office accept it', async () => {
    const office = await login('demo-coordinator')
    await office.goto(reportUrl)
    await office.getByLabel('审核意见', { exact: true }).fill(RETURN_COMMENT)
    await office.getByRole('button', { name: '退回修改' }).click()
    await office.getByText(`已退回修改：${RETURN_COMMENT}`).waitFor()
    await screenshot(office, '4-returned')

    const unit = await login('demo-reporter-edu')
    await unit.goto(reportUrl)
    await unit.getByRole('link', { name: '修改后重新报送' }).click()
    await unit.getByText(`已退回修改：${RETURN_COMMENT}`).waitFor()
    expect(await unit.getByLabel('进展情况').inputValue()).toBe(PROGRESS)
    await unit.getByLabel('链接 1 载体或栏目名称').fill('县政府门户网站“财政预决算”专栏')
    await unit.getByRole('button', { name: '修改后重新报送' }).click()
    await unit.locator('#report-state').waitFor()
    expect(await unit.locator('#report-state').textContent()).toBe('已重新报送，待审核')
    // The evidence stays with the report when it is filed again.
    expect(await unit.getByRole('link', { name: '预算执行情况.pdf' }).count()).toBe(1)

    await office.goto(reportUrl)
    await office.getByRole('button', { name: '审核通过' }).click()
    await office.getByText('已完成操作。').waitFor()
    expect(await office.locator('#report-state').textContent()).toBe('审核通过')
    expect(await office.locator('dl.summary').first().textContent()).toContain('按时报送')
    const trail = (await office.locator('table').last().textContent()) ?? ''
    expect(trail).toContain(RETURN_COMMENT)
    await screenshot(office, '5-accepted')
  })

  it('shows the accepted report in the ledger and in its .xlsx export', async () => {
    const page = await login('demo-coordinator')
    await page.goto(`${planUrl}/ledger`)
    await heading(page, `${YEAR}年政务公开重点任务分解表工作台账`).waitFor()
    const row = page.locator('table.ledger tr', { hasText: QUARTERLY })
    const cells = (await row.textContent()) ?? ''
    expect(cells).toContain('推进中')
    expect(cells).toContain('审核通过')
    // Earlier quarters of the year may already be overdue, depending on the day this runs; this one was on time.
    expect(cells).toMatch(/按时报送 [1-4]\/[1-4] 期/)
    await screenshot(page, '6-ledger')
    // Drill-down: the cell leads to the report.
    await row.getByRole('link', { name: '推进中' }).click()
    expect(page.url()).toBe(reportUrl)
    await page.goBack()

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: '导出 Excel' }).click(),
    ])
    const file = await download.path()
    const grid = readXlsxGrid(new Uint8Array(readFileSync(file)), { maxPartBytes: 10_000_000, maxRows: 1000 })
    expect(grid.ok).toBe(true)
    if (!grid.ok) return
    const rows = grid.sheets[0]?.rows ?? []
    expect(rows[0]?.cells[0]).toBe(`${YEAR}年政务公开重点任务分解表落实情况工作台账`)
    // The quarterly task's row for the unit that reported: its status, as accepted.
    const line = rows.find((r) => r.cells.includes(QUARTERLY) && r.cells.includes('示范县教育局'))
    expect(line?.cells.join(' ')).toContain('推进中')
    expect(problems).toEqual([])
  })
})
