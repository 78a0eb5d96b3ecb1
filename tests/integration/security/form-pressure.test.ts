// Issue 11, Fix 2 and 7: one actor cannot close a form for everyone (per-applicant limit, and proof-of-work under
// pressure instead of a hard cap), and a proof-of-work solution is good for one submission only.

import { env } from 'cloudflare:workers'
import { solveChallenge } from 'altcha-lib/v1'
import { describe, expect, it } from 'vitest'
import { FORM_PRESSURE } from '../../../workers/services/intake'
import { fillToCheck, postPage } from '../forms/form-helpers'
import { call, countRows, json } from '../helpers'

const API = '/api/v1/agencies/demo/forms/disclosure'
const NOW = Date.parse('2026-11-20T10:10:00+08:00')

const BODY = {
  applicantType: 'natural_person',
  name: '王五',
  idDocument: { type: 'resident_id', number: '11010519491231002X' },
  informationDescription: '示范县2025年决算',
  carrier: 'electronic',
  deliveryMethod: 'download',
  phone: '13800138000',
  declaration: true,
}

let client = 1
function submit(body: unknown, extra: Record<string, string> = {}, now = NOW) {
  const headers = { 'cf-connecting-ip': `198.51.100.${client++ % 250}`, 'x-test-now': String(now), ...extra }
  return call(`${API}/submissions`, json(body, { headers }))
}

async function putPressure(count: number, now = NOW) {
  const agency = await env.DB.prepare("SELECT id FROM agencies WHERE slug = 'demo'").first<{ id: string }>()
  const windowStart = now - (now % FORM_PRESSURE.windowMs)
  await env.DB.prepare(
    'INSERT INTO rate_limits (key, window_start, count) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET count = excluded.count',
  )
    .bind(`submit-form:${agency!.id}:disclosure`, windowStart, count)
    .run()
}

type Challenge = { algorithm: string; challenge: string; salt: string; signature: string; maxnumber: number }

async function solve(challenge: Challenge): Promise<string> {
  const solution = await solveChallenge(
    challenge.challenge,
    challenge.salt,
    challenge.algorithm,
    challenge.maxnumber,
  ).promise
  return btoa(JSON.stringify({ ...challenge, number: solution!.number, maxnumber: undefined }))
}

describe('one applicant cannot close a form for everyone', () => {
  it('limits one ID number across rotating addresses while another applicant still gets through', async () => {
    const statuses: number[] = []
    for (let i = 0; i < 21; i++) {
      statuses.push((await submit({ ...BODY, informationDescription: `第${i}项信息` })).status)
    }
    expect(statuses.slice(0, 20).every((s) => s === 201)).toBe(true)
    expect(statuses[20]).toBe(429)
    // The same number spelled with a lower-case x is the same applicant.
    const respelled = await submit({
      ...BODY,
      idDocument: { type: 'resident_id', number: '11010519491231002x' },
      informationDescription: '另一项',
    })
    expect(respelled.status).toBe(429)
    const other = await submit({ ...BODY, idDocument: { type: 'resident_id', number: '110101199003070070' } })
    expect(other.status).toBe(201)
    // The stored counter keys reveal no ID number.
    const keys = await env.DB.prepare("SELECT key FROM rate_limits WHERE key LIKE 'submit-applicant:%'").all()
    expect(JSON.stringify(keys.results)).not.toContain('11010519491231002')
  })

  it('keeps accepting past the old 500/hour cap, asking for proof-of-work instead of shutting the form', async () => {
    const later = NOW + 24 * 3_600_000
    await putPressure(600, later)
    const before = await countRows('submissions')
    const body = { ...BODY, idDocument: { type: 'resident_id', number: '110101199003070070' } }
    const without = await submit(body, {}, later)
    expect(without.status).toBe(422)
    expect(JSON.stringify(await without.json())).toContain('pow_required')
    const challengeRes = await call(`${API}/challenge`, { headers: { 'x-test-now': String(later) } })
    expect(challengeRes.status).toBe(200)
    const payload = await solve((await challengeRes.json()) as Challenge)
    const solved = await submit(body, { 'x-altcha': payload }, later + 1_000)
    expect(solved.status).toBe(201)
    expect(await countRows('submissions')).toBe(before + 1)
    // Replay of the same solution: refused, nothing stored.
    const replay = await submit(
      { ...body, informationDescription: '重放' },
      { 'x-altcha': payload },
      later + 2_000,
    )
    expect(replay.status).toBe(422)
    expect(await countRows('submissions')).toBe(before + 1)
  })

  it('below the pressure threshold, no challenge is asked for (the form is open as usual)', async () => {
    const later = NOW + 2 * 24 * 3_600_000
    await putPressure(FORM_PRESSURE.threshold - 1, later)
    expect((await call(`${API}/challenge`, { headers: { 'x-test-now': String(later) } })).status).toBe(404)
    const body = { ...BODY, idDocument: { type: 'resident_id', number: '110101199003070070' } }
    expect((await submit(body, {}, later)).status).toBe(201)
    // That valid submission reached the threshold: the next one needs proof-of-work.
    expect((await call(`${API}/challenge`, { headers: { 'x-test-now': String(later) } })).status).toBe(200)
  })

  it('the HTML form under pressure shows a challenge on the check page and spends its solution once', async () => {
    const PATH = '/demo/forms/disclosure'
    const start = NOW + 3 * 24 * 3_600_000
    await putPressure(FORM_PRESSURE.threshold, start)
    const { html, now } = await fillToCheck(PATH, undefined, start)
    const raw = /data-challenge="([^"]+)"/.exec(html)?.[1]
    expect(raw).toBeTruthy()
    const challenge = JSON.parse(raw!.replace(/&quot;/g, '"').replace(/&amp;/g, '&')) as Challenge
    const payload = await solve(challenge)
    const page = html.replace(/name="_pow" value=""/, '')
    const before = await countRows('submissions')
    const ok = await postPage(PATH, page, { _pow: payload }, 'submit', now + 5_000)
    expect(ok.status).toBe(303)
    expect(await countRows('submissions')).toBe(before + 1)
  })
})
