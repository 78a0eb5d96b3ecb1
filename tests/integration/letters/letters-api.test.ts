// Letters through the API: a refusal drafted, returned by legal review with a reason, redrafted, approved and
// signed; the frozen .docx (文号, dates, decision, article, remedies with 复议前置) and its hash; edits of a draft
// (markup kept as text, control characters refused, stale version 409, signed 409); 送达; another agency's letter
// is a 404; the applicant downloads the signed reply with reference + code; 文号 under concurrent signing, and a
// failed signing's number given to the next one (no gap).
import { env } from 'cloudflare:workers'
import { unzipSync } from 'fflate'
import { beforeAll, describe, expect, it } from 'vitest'
import { createDb } from '../../../db/client'
import { HOLD_MS, holdLetterNumbers, releaseHolds } from '../../../workers/services/letters/numbers'
import { bearer, browserLogin, call, json } from '../helpers'
import { failingR2, send } from '../proofs/faults'
import { foreignStaffToken } from '../workflow/agency-staff'
import { act, at, detail, newCase, ok, openAndAssign, token } from '../workflow/case-helpers'

interface LetterSummary {
  id: string
  kind: string
  status: string
  number: string | null
  issuedOn: string | null
  sha256: string | null
  version: number
  delivery: { method: string; servedOn: string; applicantReceivedOn: string | null } | null
}

const REFUSAL = {
  code: 'withheld_process_information',
  legalBasis: ['《中华人民共和国政府信息公开条例》第十六条第二款'],
  reasons: '所申请信息属于行政机关在履行行政管理职能过程中形成的讨论记录，属于过程性信息。',
}

async function lettersOf(caseId: string, who: 'admin' | 'handler' = 'admin'): Promise<LetterSummary[]> {
  const res = await call(`/api/v1/cases/${caseId}/letters`, bearer(await token(who)))
  expect(res.status).toBe(200)
  return ((await res.json()) as { items: LetterSummary[] }).items
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes)
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
}

function documentXml(bytes: Uint8Array): string {
  const files = unzipSync(bytes)
  expect(Object.keys(files)).toContain('word/document.xml')
  return new TextDecoder().decode(files['word/document.xml'])
}

/** Every w:t run of the document joined, so text split across runs still matches. */
function plainText(xml: string): string {
  return [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('')
}

function edit(letterId: string, who: 'handler' | 'admin', body: Record<string, unknown>) {
  return token(who).then((tk) =>
    call(`/api/v1/letters/${letterId}`, { ...json(body, { token: tk }), method: 'PUT' }),
  )
}

describe('a refusal, from draft to the signed letter the applicant downloads', () => {
  let caseId = ''
  let reference = ''
  let queryCode = ''
  let draftId = ''

  beforeAll(async () => {
    const sub = await newCase(at('2024-10-08', 9))
    caseId = sub.caseId
    reference = sub.reference
    queryCode = sub.queryCode
    await openAndAssign(caseId, '2024-10-08')
    await ok(caseId, 'handler', 'draft-reply', { outcome: REFUSAL, secrecyReviewed: true }, at('2024-10-09'))
  })

  it('generates the draft reply at draft-reply, editable in its free text only', async () => {
    const [draft] = (await lettersOf(caseId)).filter((l) => l.kind === 'reply')
    expect(draft).toMatchObject({ status: 'draft', number: null, sha256: null })
    draftId = draft!.id
    const res = await call(`/api/v1/letters/${draftId}`, bearer(await token('handler')))
    const view = (await res.json()) as { editable: { key: string; text: string }[]; canEdit: boolean }
    expect(view.canEdit).toBe(true)
    expect(view.editable.map((e) => e.key)).toContain('reasons')
    // Fixed legal text has no slot: an edit of anything else is refused.
    const legal = await edit(draftId, 'handler', { edits: { remedies: '无需复议' } })
    expect(legal.status).toBe(422)
  })

  it('keeps markup as text, refuses control characters, and refuses a stale version with 409', async () => {
    const before = (await lettersOf(caseId)).find((l) => l.id === draftId)!
    const control = await edit(draftId, 'handler', {
      edits: { reasons: 'a\u0007b' },
      version: before.version,
    })
    expect(control.status).toBe(422)
    const hostile = `${REFUSAL.reasons}<script>alert(1)</script>&`
    const saved = await edit(draftId, 'handler', { edits: { reasons: hostile }, version: before.version })
    expect(saved.status).toBe(200)
    const stale = await edit(draftId, 'handler', {
      edits: { reasons: '旧版本上的修改' },
      version: before.version,
    })
    expect(stale.status).toBe(409)
    // The staff page shows it escaped; the draft .docx carries it XML-escaped.
    const cookie = await token('handler')
    const page = await call(`/api/v1/letters/${draftId}`, bearer(cookie))
    expect(
      ((await page.json()) as { document: { paragraphs: { text: string }[] } }).document.paragraphs,
    ).toEqual(expect.arrayContaining([expect.objectContaining({ text: `理由：${hostile}` })]))
    const browser = await browserLogin('demo-handler', undefined, Date.now())
    const html = await (
      await call(`/admin/letters/${draftId}`, { headers: { cookie: browser.cookie } })
    ).text()
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(html).not.toContain('<script>alert(1)')
    const docx = await call(`/api/v1/letters/${draftId}/docx`, bearer(cookie))
    const xml = documentXml(new Uint8Array(await docx.arrayBuffer()))
    expect(xml).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&amp;')
    expect(xml).not.toContain('<script>')
  })

  it('shows the handler why legal review returned the draft, then signs the redraft with the next 文号', async () => {
    await ok(caseId, 'handler', 'submit-legal-review', {}, at('2024-10-10'))
    // The reviewer sees what they are asked to approve.
    const forReview = await call(`/api/v1/letters/${draftId}`, bearer(await token('legal')))
    expect(forReview.status).toBe(200)
    await ok(
      caseId,
      'legal',
      'legal-return',
      { reason: '理由部分请引用第十六条第二款原文' },
      at('2024-10-10', 15),
    )
    const returned = await detail(caseId, 'handler')
    expect(JSON.stringify(returned.events)).toContain('理由部分请引用第十六条第二款原文')
    await ok(caseId, 'handler', 'draft-reply', { outcome: REFUSAL, secrecyReviewed: true }, at('2024-10-11'))
    // The redraft replaces the returned draft.
    const drafts = (await lettersOf(caseId)).filter((l) => l.kind === 'reply')
    expect(drafts).toHaveLength(1)
    expect(drafts[0]!.id).not.toBe(draftId)
    draftId = drafts[0]!.id
    await ok(caseId, 'handler', 'submit-legal-review', {}, at('2024-10-11', 11))
    const locked = await edit(draftId, 'handler', { edits: { reasons: '送审后修改' } })
    expect(locked.status).toBe(409)
    await ok(caseId, 'legal', 'legal-approve', {}, at('2024-10-11', 14))
    await ok(caseId, 'approver', 'approve', {}, at('2024-10-12', 10))

    const replies = (await lettersOf(caseId)).filter((l) => l.kind === 'reply')
    expect(replies).toHaveLength(1)
    const signed = replies[0]!
    expect(signed.status).toBe('signed')
    expect(signed.number).toMatch(/^.+依申请公开〔2024〕第\d+号$/)
    expect(signed.issuedOn).toBe('2024-10-12')
    expect(signed.sha256).toMatch(/^[0-9a-f]{64}$/)
    // The case event that signed it carries the same number and hash (the audit chain covers the letter).
    const events = (await detail(caseId)).events
    const approve = events.find((e) => e.action === 'approve')!
    expect(approve.payload.letters).toEqual([
      { id: signed.id, type: 'reply', number: signed.number, sha256: signed.sha256 },
    ])
    draftId = signed.id
  })

  it('serves the frozen .docx: hash of the bytes = stored = header; 文号, dates, decision, article, 复议前置', async () => {
    const res = await call(`/api/v1/letters/${draftId}/docx`, bearer(await token('approver')))
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('wordprocessingml')
    const bytes = new Uint8Array(await res.arrayBuffer())
    const signed = (await lettersOf(caseId)).find((l) => l.id === draftId)!
    expect(await sha256Hex(bytes)).toBe(signed.sha256)
    expect(res.headers.get('x-content-sha256')).toBe(signed.sha256)
    const text = plainText(documentXml(bytes))
    expect(text).toContain(signed.number!)
    expect(text).toContain('2024年10月8日') // received
    expect(text).toContain('2024年10月12日') // issued
    expect(text).toContain('不予公开')
    expect(text).toContain('第十六条第二款')
    expect(text).toContain('应当先自知道该行政行为之日起六十日内')
    expect(text).toContain('申请行政复议')
    expect(text).not.toMatch(/\{\{|\}\}|【待填】/)
  })

  it('refuses every change to the signed letter', async () => {
    const res = await edit(draftId, 'admin', { edits: { reasons: '签发后修改' } })
    expect(res.status).toBe(409)
    const write = env.DB.prepare('UPDATE letters SET edits = ?2 WHERE id = ?1').bind(
      draftId,
      '{"reasons":"改"}',
    )
    await expect(write.run()).rejects.toThrow(/letter_signed/)
  })

  it('records 送达 of the reply against its letter', async () => {
    await ok(caseId, 'registrar', 'send-reply', { sentOn: '2024-10-14' }, at('2024-10-14'))
    await ok(
      caseId,
      'registrar',
      'record-delivery',
      { method: 'post', servedOn: '2024-10-14', applicantReceivedOn: '2024-10-16' },
      at('2024-10-16'),
    )
    const reply = (await lettersOf(caseId)).find((l) => l.id === draftId)!
    expect(reply.delivery).toEqual({
      method: 'post',
      servedOn: '2024-10-14',
      applicantReceivedOn: '2024-10-16',
    })
  })

  it('lets the applicant download the signed letter with reference + code, and nobody else', async () => {
    const track = await call(`/api/v1/track?reference=${reference}&code=${queryCode}`)
    const tracked = (await track.json()) as { letters: { id: string; number: string }[] }
    expect(tracked.letters.map((l) => l.id)).toContain(draftId)
    const res = await call(`/api/v1/track/letters/${draftId}`, json({ reference, code: queryCode }))
    expect(res.status).toBe(200)
    const bytes = new Uint8Array(await res.arrayBuffer())
    const signed = (await lettersOf(caseId)).find((l) => l.id === draftId)!
    expect(await sha256Hex(bytes)).toBe(signed.sha256)
    const wrong = await call(`/api/v1/track/letters/${draftId}`, json({ reference, code: 'WRONG-CODE' }))
    expect(wrong.status).toBeGreaterThanOrEqual(400)
    expect(wrong.status).toBeLessThan(500)
  })

  it('answers another agency’s staff with 404 for the letter, its file and its edits', async () => {
    await env.DB.prepare(
      "INSERT OR IGNORE INTO agencies (id, slug, name, kind, created_at) VALUES ('agency-letters-other', 'letters-other', '另一机关', 'department', 0)",
    ).run()
    const foreign = await foreignStaffToken('agency-letters-other', 'admin', 'letters-other-admin')
    for (const path of [`/api/v1/letters/${draftId}`, `/api/v1/letters/${draftId}/docx`]) {
      expect((await call(path, bearer(foreign))).status).toBe(404)
    }
    const put = await call(`/api/v1/letters/${draftId}`, {
      ...json({ edits: { reasons: 'x' } }, { token: foreign }),
      method: 'PUT',
    })
    expect(put.status).toBe(404)
  })
})

describe('文号 under concurrent signing', () => {
  it('gives every letter signed at once its own number from the gapless yearly sequence', {
    timeout: 60_000,
  }, async () => {
    const ids: string[] = []
    for (let i = 0; i < 6; i++) {
      const sub = await newCase(at('2025-03-03', 9))
      await openAndAssign(sub.caseId, '2025-03-03')
      await ok(
        sub.caseId,
        'handler',
        'draft-reply',
        { outcome: REFUSAL, secrecyReviewed: true },
        at('2025-03-04'),
      )
      await ok(sub.caseId, 'handler', 'submit-legal-review', {}, at('2025-03-04', 11))
      await ok(sub.caseId, 'legal', 'legal-approve', {}, at('2025-03-04', 14))
      ids.push(sub.caseId)
    }
    const before = await env.DB.prepare(
      "SELECT max(seq) AS n FROM letters WHERE agency_id = 'agency-demo' AND year = 2025",
    ).first<{ n: number | null }>()
    const results = await Promise.all(ids.map((id) => act(id, 'approver', 'approve', {}, at('2025-03-05'))))
    expect(results.map((r) => r.status)).toEqual(ids.map(() => 200))
    const rows = await env.DB.prepare(
      "SELECT seq, number FROM letters WHERE agency_id = 'agency-demo' AND year = 2025 AND status = 'signed' ORDER BY seq",
    ).all<{ seq: number; number: string }>()
    const seqs = rows.results.map((r) => r.seq)
    const start = (before?.n ?? 0) + 1
    expect(seqs.slice(-ids.length)).toEqual(ids.map((_, i) => start + i))
    expect(new Set(rows.results.map((r) => r.number)).size).toBe(rows.results.length)
  })

  it('gives the number of a signing that failed to the next signing: no gap in the sequence', {
    timeout: 60_000,
  }, async () => {
    const sub = await newCase(at('2025-04-01', 9))
    await openAndAssign(sub.caseId, '2025-04-01')
    await ok(
      sub.caseId,
      'handler',
      'draft-reply',
      { outcome: REFUSAL, secrecyReviewed: true },
      at('2025-04-02'),
    )
    await ok(sub.caseId, 'handler', 'submit-legal-review', {}, at('2025-04-02', 11))
    await ok(sub.caseId, 'legal', 'legal-approve', {}, at('2025-04-02', 14))
    const top = async () =>
      (
        await env.DB.prepare(
          "SELECT max(seq) AS n FROM letters WHERE agency_id = 'agency-demo' AND year = 2025",
        ).first<{ n: number | null }>()
      )?.n ?? 0
    const before = await top()
    const { version } = await detail(sub.caseId)
    const approver = await token('approver')
    const approve = (bindings = {}) =>
      send(
        `/api/v1/cases/${sub.caseId}/actions/approve`,
        json({ version }, { token: approver, headers: { 'x-test-now': String(at('2025-04-03')) } }),
        bindings,
      )
    // The .docx upload fails after the number was held: 503, and the number is released.
    const files = failingR2(env.FILES)
    expect((await approve({ FILES: files.bucket })).status).toBe(503)
    expect(files.state.puts).toBeGreaterThan(0)
    expect(await top()).toBe(before)
    expect((await approve()).status).toBe(200)
    expect(await top()).toBe(before + 1)
    // The signing batch dropped its hold; the released one was taken over, not left behind.
    const held = await env.DB.prepare(
      "SELECT count(*) AS n FROM letter_number_holds WHERE agency_id = 'agency-demo' AND year = 2025",
    ).first<{ n: number }>()
    expect(held?.n).toBe(0)
  })

  it('holds numbers without reading first: a released or expired hold is taken again, a live one never', async () => {
    const db = createDb(env.DB)
    const t0 = at('2031-01-06')
    const a = await holdLetterNumbers(db, 'agency-demo', 2031, 1, t0)
    const b = await holdLetterNumbers(db, 'agency-demo', 2031, 2, t0)
    expect([...a.seqs, ...b.seqs]).toEqual([1, 2, 3])
    await releaseHolds(db, a)
    // The released number first, then the next new one: 2 and 3 are still held.
    expect((await holdLetterNumbers(db, 'agency-demo', 2031, 2, t0 + 1)).seqs).toEqual([1, 4])
    // Another agency's sequence is its own.
    expect((await holdLetterNumbers(db, 'agency-other', 2031, 1, t0)).seqs).toEqual([1])
    // A signing that stopped without releasing: its holds expire and are taken in order.
    expect((await holdLetterNumbers(db, 'agency-demo', 2031, 1, t0 + HOLD_MS)).seqs).toEqual([2])
  })
})
