// 更正: a signed reply is never changed; a handler drafts a correction that names it and why, an approver (not the
// drafter, under the four-eyes rule) signs it with the next 文号, its bytes hashed into a case event, and the
// applicant sees both letters. Bad input writes nothing: an unsigned letter, a second correction, a stale version,
// another agency's letter.
import { env } from 'cloudflare:workers'
import { unzipSync } from 'fflate'
import { beforeAll, describe, expect, it } from 'vitest'
import { bearer, browserLogin, call, json } from '../helpers'
import { foreignStaffToken, staffToken } from '../workflow/agency-staff'
import { at, detail, errorCode, newCase, ok, openAndAssign, token } from '../workflow/case-helpers'

interface LetterView {
  id: string
  status: string
  title: string
  number: string | null
  sha256: string | null
  version: number
  supersedes: string | null
  editable: { key: string; text: string }[]
  correctedBy: { id: string; number: string | null; status: string } | null
  corrects: { id: string; number: string | null } | null
  canCorrect: boolean
  canSignCorrection: boolean
  document: { title: string; paragraphs: { text: string }[] }
}

const REFUSAL = {
  code: 'withheld_process_information',
  legalBasis: ['《中华人民共和国政府信息公开条例》第十六条第二款'],
  reasons: '所申请信息属于过程性信息。',
}

async function view(id: string, tk: string): Promise<LetterView> {
  const res = await call(`/api/v1/letters/${id}`, bearer(tk))
  expect(res.status).toBe(200)
  return (await res.json()) as LetterView
}

/** The case's replies (its reply and the corrections of it), oldest first. */
async function letterRows(caseId: string) {
  return (
    await env.DB.prepare(
      `SELECT id, status, number, sha256, signed_body AS body, supersedes FROM letters
        WHERE case_id = ? AND kind = 'reply' ORDER BY created_at`,
    )
      .bind(caseId)
      .all<{
        id: string
        status: string
        number: string | null
        sha256: string | null
        body: string | null
      }>()
  ).results
}

/** A new case replied to with a signed refusal: receipt on `day` (a Monday), reply signed on the Wednesday. */
async function signedReplyCase(day: string, next: string, signOn: string) {
  const sub = await newCase(at(day, 9))
  await openAndAssign(sub.caseId, day)
  await ok(sub.caseId, 'handler', 'draft-reply', { outcome: REFUSAL, secrecyReviewed: true }, at(next))
  await ok(sub.caseId, 'handler', 'submit-legal-review', {}, at(next, 11))
  await ok(sub.caseId, 'legal', 'legal-approve', {}, at(next, 14))
  await ok(sub.caseId, 'approver', 'approve', {}, at(signOn))
  const reply = (await letterRows(sub.caseId)).find((l) => l.status === 'signed')!.id
  return { ...sub, reply }
}

describe('correcting a signed reply with a new letter', () => {
  let caseId = ''
  let reference = ''
  let queryCode = ''
  let replyId = ''
  let correctionId = ''

  beforeAll(async () => {
    const sub = await signedReplyCase('2024-11-04', '2024-11-05', '2024-11-06')
    ;({ caseId, reference, queryCode } = sub)
    replyId = sub.reply
  })

  it('refuses to correct a draft or with no reason, and lets only a handler start one', async () => {
    const handler = await token('handler')
    const empty = await call(
      `/api/v1/letters/${replyId}/corrections`,
      json({ reason: '  ' }, { token: handler }),
    )
    expect(empty.status).toBe(422)
    const byApprover = await call(
      `/api/v1/letters/${replyId}/corrections`,
      json({ reason: '理由有误' }, { token: await token('approver') }),
    )
    expect(byApprover.status).toBe(403)
    expect((await letterRows(caseId)).length).toBe(1)
    expect((await view(replyId, handler)).canCorrect).toBe(true)
  })

  it('drafts the correction: the old letter untouched, the new one naming it, editable, once only', async () => {
    const handler = await token('handler')
    const before = (await letterRows(caseId))[0]!
    const res = await call(
      `/api/v1/letters/${replyId}/corrections`,
      json({ reason: '原答复书引用的条款有误' }, { token: handler }),
    )
    expect(res.status).toBe(201)
    const draft = (await res.json()) as LetterView
    correctionId = draft.id
    expect(draft).toMatchObject({ status: 'draft', supersedes: replyId, number: null, canEdit: true })
    expect(draft.title.endsWith('（更正）')).toBe(true)
    expect(draft.corrects).toEqual({ id: replyId, number: before.number })
    const texts = draft.document.paragraphs.map((p) => p.text)
    expect(texts[0]).toContain(`（${before.number}）有误，现予更正`)
    expect(texts[1]).toBe('更正原因：原答复书引用的条款有误')
    expect(texts.join('\n')).toContain('所申请信息属于过程性信息。')
    expect(draft.editable.map((e) => e.key)).toEqual(expect.arrayContaining(['correctionReason', 'reasons']))
    // The signed letter is exactly as it was, and shows what corrects it.
    expect((await letterRows(caseId))[0]).toEqual(before)
    const old = await view(replyId, handler)
    expect(old.correctedBy).toEqual({ id: correctionId, number: null, status: 'draft' })
    expect(old.canCorrect).toBe(false)
    // A second start is refused and writes nothing.
    const again = await call(
      `/api/v1/letters/${replyId}/corrections`,
      json({ reason: '再次更正' }, { token: handler }),
    )
    expect(again.status).toBe(409)
    expect((await letterRows(caseId)).length).toBe(2)
    // The handler puts the text right.
    const edited = await call(`/api/v1/letters/${correctionId}`, {
      ...json(
        {
          edits: { reasons: '所申请信息属于内部事务信息。', correctionReason: '理由部分引用的信息类别有误' },
          version: draft.version,
        },
        { token: handler },
      ),
      method: 'PUT',
    })
    expect(edited.status).toBe(200)
  })

  it('four eyes: the drafter cannot sign their own correction; a stale version is 409; nothing is written', async () => {
    // One person holding both roles drafts a correction of another case's reply and may not sign it.
    const both = await staffToken('agency-demo', ['handler', 'approver'], 'demo-both-corrections')
    const otherReply = (await signedReplyCase('2024-11-11', '2024-11-12', '2024-11-13')).reply
    const drafted = (await (
      await call(`/api/v1/letters/${otherReply}/corrections`, json({ reason: '笔误' }, { token: both }))
    ).json()) as LetterView
    expect(drafted.canSignCorrection).toBe(false)
    const own = await call(
      `/api/v1/letters/${drafted.id}/sign`,
      json({ version: drafted.version }, { token: both }),
    )
    expect(own.status).toBe(409)
    expect(await errorCode(own)).toBe('guard_failed')

    const approver = await token('approver')
    const current = await view(correctionId, approver)
    expect(current.canSignCorrection).toBe(true)
    const events = (await detail(caseId)).events.length
    const stale = await call(
      `/api/v1/letters/${correctionId}/sign`,
      json({ version: current.version - 1 }, { token: approver }),
    )
    expect(stale.status).toBe(409)
    expect((await letterRows(caseId))[1]!.status).toBe('draft')
    expect((await detail(caseId)).events.length).toBe(events)
    // Signing a reply draft is the case's own step, not this one.
    const notCorrection = await call(
      `/api/v1/letters/${replyId}/sign`,
      json({ version: 1 }, { token: approver }),
    )
    expect(notCorrection.status).toBe(409)
  })

  it('signs it with the next 文号: frozen, hashed into a case event, and both letters offered to the applicant', async () => {
    const approver = await token('approver')
    const current = await view(correctionId, approver)
    const res = await call(
      `/api/v1/letters/${correctionId}/sign`,
      json({ version: current.version }, { token: approver }),
    )
    expect(res.status).toBe(200)
    const signed = (await res.json()) as LetterView
    const [old, corrected] = await letterRows(caseId)
    expect(signed).toMatchObject({ status: 'signed', supersedes: replyId })
    expect(signed.number).not.toBe(old!.number)
    expect(signed.number).toMatch(/依申请公开〔\d{4}〕第\d+号$/)
    expect(corrected!.sha256).toMatch(/^[0-9a-f]{64}$/)
    expect(old!.status).toBe('signed')
    // The event names the new letter's number and hash, and the letter it corrects.
    const event = (await detail(caseId)).events.at(-1)!
    expect(event.action).toBe('letter-corrected')
    expect(event.payload).toEqual({
      letters: [{ id: correctionId, type: 'reply', number: signed.number, sha256: corrected!.sha256 }],
      supersedes: { id: replyId, number: old!.number },
    })
    const verify = await call('/api/v1/audit/verify?agency=agency-demo', bearer(await token('admin')))
    expect(((await verify.json()) as { ok: boolean }).ok).toBe(true)
    // The stored bytes are the hashed ones and say what they correct.
    const docx = await call(`/api/v1/letters/${correctionId}/docx`, bearer(approver))
    const bytes = new Uint8Array(await docx.arrayBuffer())
    const digest = [...new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))]
      .map((b) => b.toString(16).padStart(2, '0'))
      .join('')
    expect(digest).toBe(corrected!.sha256)
    const xml = new TextDecoder().decode(unzipSync(bytes)['word/document.xml'])
    const text = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('')
    expect(text).toContain('更正原因：理由部分引用的信息类别有误')
    expect(text).toContain(old!.number!)
    expect(text).toContain('所申请信息属于内部事务信息。')
    // Frozen like every signed letter.
    const edit = await call(`/api/v1/letters/${correctionId}`, {
      ...json({ edits: { reasons: '再改' } }, { token: await token('handler') }),
      method: 'PUT',
    })
    expect(edit.status).toBe(409)
    // The applicant's tracking lists both, the correction marked as such.
    const tracked = await call(`/api/v1/track?reference=${reference}&code=${queryCode}`)
    const body = (await tracked.json()) as { letters: { id: string; title: string; number: string }[] }
    const ids = body.letters.map((l) => l.id)
    expect(ids).toEqual(expect.arrayContaining([replyId, correctionId]))
    expect(ids.indexOf(replyId)).toBeLessThan(ids.indexOf(correctionId))
    expect(body.letters.find((l) => l.id === correctionId)!.title.endsWith('（更正）')).toBe(true)
    // And the corrected letter can be corrected no more (correct the latest one instead).
    const again = await call(
      `/api/v1/letters/${replyId}/corrections`,
      json({ reason: '再次更正' }, { token: await token('handler') }),
    )
    expect(again.status).toBe(409)
  })

  it('works from the letter page: the form to start one, refusals in the error summary, signing by the approver', async () => {
    const other = await signedReplyCase('2024-11-18', '2024-11-19', '2024-11-20')
    const reply = other.reply
    const handler = await browserLogin('demo-handler')
    const page = await (await call(`/admin/letters/${reply}`, { headers: { cookie: handler.cookie } })).text()
    expect(page).toContain(`action="/admin/letters/${reply}/correction"`)
    const post = (path: string, who: { cookie: string; csrf: string }, body: Record<string, string>) =>
      call(path, {
        method: 'POST',
        headers: { cookie: who.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: who.csrf, ...body }).toString(),
      })
    const empty = await post(`/admin/letters/${reply}/correction`, handler, { reason: '' })
    expect(empty.status).toBe(422)
    const emptyHtml = await empty.text()
    expect(emptyHtml).toContain('error-summary')
    expect(emptyHtml).toContain('href="#reason"')
    const started = await post(`/admin/letters/${reply}/correction`, handler, { reason: '申请日期写错' })
    expect(started.status).toBe(303)
    const draftUrl = started.headers.get('location')!
    expect(draftUrl).toMatch(/^\/admin\/letters\/[0-9a-f]{32}\?done=correction$/)
    const draftId = draftUrl.split('/')[3]!.split('?')[0]!
    const approver = await browserLogin('demo-approver')
    const draftPage = await (await call(draftUrl, { headers: { cookie: approver.cookie } })).text()
    expect(draftPage).toContain('更正原因：申请日期写错')
    const version = /name="version" value="(\d+)"/.exec(draftPage)![1]!
    const signed = await post(`/admin/letters/${draftId}/sign`, approver, { version })
    expect(signed.status).toBe(303)
    const after = await (
      await call(signed.headers.get('location')!, { headers: { cookie: approver.cookie } })
    ).text()
    expect(after).toContain('更正文书已签发')
    expect((await letterRows(other.caseId)).map((l) => l.status)).toEqual(['signed', 'signed'])
  })

  it("another agency's letter is a 404", async () => {
    const foreign = await foreignStaffToken('agency-demo-nrb', 'handler', 'demo-nrb-corrector')
    const res = await call(
      `/api/v1/letters/${replyId}/corrections`,
      json({ reason: '越权' }, { token: foreign }),
    )
    expect(res.status).toBe(404)
  })
})
