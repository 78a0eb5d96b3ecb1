// Uploads on the HTML flow (multipart, no JavaScript): stored before the page is validated so nothing is asked for
// twice, named on check-your-answers, linked to the submission; refused files are named with the reason.
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { runScheduled } from '../../../workers/index'
import { DRAFT_TTL_MS } from '../../../workers/services/form-drafts'
import { ORPHAN_UPLOAD_TTL_MS } from '../../../workers/services/uploads'
import { call, countRows } from '../helpers'
import { follow, hiddenFields, openPage, PERSON, pageOf, postPage, T0 } from './form-helpers'

const PATH = '/demo/forms/disclosure'
const PNG = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
])

/** Walk to the declaration page (the one with the upload question); returns its HTML and the clock. */
async function toDeclarationPage() {
  let { html } = await openPage(PATH, T0)
  let now = T0
  while (pageOf(html) !== 'declaration') {
    now += 1_000
    const res = await postPage(PATH, html, { ...PERSON, declaration: '' }, 'next', now)
    expect(res.status).toBe(303)
    ;({ html } = await follow(res, now))
  }
  expect(html).toContain('name="attachments.upload"')
  return { html, now }
}

/** POST the page as a browser without script does: multipart, the flow fields, the files. */
function postWithFiles(html: string, files: File[], now: number, fields: Record<string, string> = {}) {
  const body = new FormData()
  for (const [k, v] of hiddenFields(html)) body.append(k, v)
  for (const [k, v] of Object.entries(fields)) body.append(k, v)
  for (const file of files) body.append('attachments.upload', file)
  body.set('_nav', 'next')
  return call(PATH, { method: 'POST', headers: { 'x-test-now': String(now) }, body })
}

const png = (name: string) => new File([PNG], name, { type: 'image/png' })

describe('uploads on the form pages', () => {
  it('keeps uploads when another answer on the page is wrong, then shows and links them', async () => {
    const { html, now } = await toDeclarationPage()
    const attachmentsBefore = await countRows('attachments')
    // The declaration is not ticked: the page comes back, with the file kept (not asked for again).
    const wrong = await postWithFiles(html, [png('身份证正面.png')], now + 1_000)
    expect(wrong.status).toBe(422)
    const again = await wrong.text()
    expect(again).toContain('已上传： 身份证正面.png')
    expect(await countRows('attachments')).toBe(attachmentsBefore + 1)

    const check = await postWithFiles(again, [], now + 2_000, { declaration: 'on' })
    expect(check.status).toBe(303)
    const checkHtml = (await follow(check, now + 2_000)).html
    expect(checkHtml).toContain('身份证正面.png')

    const id = (
      await env.DB.prepare('SELECT id FROM attachments ORDER BY created_at DESC LIMIT 1').first<{
        id: string
      }>()
    )?.id
    const linkedTo = () =>
      env.DB.prepare('SELECT submission_id AS s FROM attachments WHERE id = ?')
        .bind(id!)
        .first<{ s: string }>()
    expect((await linkedTo())?.s).toBeNull()
    const submitted = await postPage(PATH, checkHtml, {}, 'submit', now + 10_000)
    expect(submitted.status).toBe(303)
    const reference = /receipt\/([^?]+)/.exec(submitted.headers.get('location') ?? '')?.[1]
    const submission = await env.DB.prepare('SELECT id FROM submissions WHERE reference = ?')
      .bind(reference!)
      .first<{ id: string }>()
    expect((await linkedTo())?.s).toBe(submission!.id)
  })

  it('refuses a sixth file with the limit of the question, keeping the five', async () => {
    const { html, now } = await toDeclarationPage()
    const six = Array.from({ length: 6 }, (_, i) => png(`材料${i + 1}.png`))
    const res = await postWithFiles(html, six, now + 1_000, { declaration: 'on' })
    expect(res.status).toBe(422)
    const page = await res.text()
    expect(page).toContain('身份证明等材料最多只能上传5个文件')
    expect(page.match(/已上传：/g)).toHaveLength(5)
    expect(page).not.toContain('材料6.png')
  })

  it('names a refused file and says why, and stores nothing for it', async () => {
    const { html, now } = await toDeclarationPage()
    const before = await countRows('attachments')
    const fake = new File([new TextEncoder().encode('<html>not a scan</html>')], '扫描件.png', {
      type: 'image/png',
    })
    const res = await postWithFiles(html, [fake], now + 1_000, { declaration: 'on' })
    expect(res.status).toBe(422)
    expect(await res.text()).toMatch(/扫描件\.png：[^<]+/)
    expect(await countRows('attachments')).toBe(before)
  })

  it('keeps a draft’s uploads as long as the draft (not the day an unlinked upload gets), then removes them', async () => {
    const { html, now } = await toDeclarationPage()
    const saved = await postWithFiles(html, [png('营业执照.png')], now + 1_000)
    expect(saved.status).toBe(422)
    const row = await env.DB.prepare(
      "SELECT id, r2_key AS key FROM attachments WHERE filename = '营业执照.png'",
    ).first<{
      id: string
      key: string
    }>()
    const stored = async () => ({
      row: (await env.DB.prepare('SELECT count(*) AS n FROM attachments WHERE id = ?')
        .bind(row!.id)
        .first<{ n: number }>())!.n,
      object: (await env.FILES.get(row!.key)) !== null,
    })
    // Three days on, well past the unlinked-upload day: the draft is open, so the cron keeps its file …
    const later = now + 3 * 24 * 3_600_000
    expect(later - now).toBeGreaterThan(ORPHAN_UPLOAD_TTL_MS)
    await runScheduled(env, later)
    expect(await stored()).toEqual({ row: 1, object: true })
    // … and the resumed page still names it.
    const draftUrl = hiddenFields(html).find(([k]) => k === '_draft')![1]
    const resumed = await call(`${PATH}?d=${draftUrl}&p=declaration`, {
      headers: { 'x-test-now': String(later) },
    })
    expect(await resumed.text()).toContain('已上传： 营业执照.png')
    // Once the draft has expired, the next cron run removes the file with it.
    await runScheduled(env, now + 1_000 + DRAFT_TTL_MS + 60_000)
    expect(await stored()).toEqual({ row: 0, object: false })
  })
})
