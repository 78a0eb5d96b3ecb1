import { solveChallenge } from 'altcha-lib/v1'
import { describe, expect, it } from 'vitest'
import { apiLogin, call, countRows, json } from '../helpers'
import { fillToCheck, postPage } from './form-helpers'

const PATH = '/demo/forms/disclosure'

async function setProofOfWork(on: boolean) {
  const token = await apiLogin('demo-admin')
  const res = await call('/api/v1/agencies/agency-demo/settings', {
    ...json({ embedOrigins: [], disclosure: {}, proofOfWork: on }, { token }),
    method: 'PUT',
  })
  expect(res.status).toBe(200)
}

function challengeOf(html: string) {
  const raw = /data-challenge="([^"]+)"/.exec(html)?.[1]
  if (!raw) return null
  return JSON.parse(raw.replace(/&quot;/g, '"').replace(/&amp;/g, '&')) as {
    algorithm: string
    challenge: string
    salt: string
    signature: string
    maxnumber: number
  }
}

describe('optional proof-of-work on the JSON API', () => {
  it('requires a solved challenge in X-Altcha when the agency turned it on', async () => {
    const api = '/api/v1/agencies/demo/forms/disclosure'
    expect((await call(`${api}/challenge`)).status).toBe(404)
    await setProofOfWork(true)
    try {
      const body = {
        applicantType: 'natural_person',
        name: '赵六',
        idDocument: { type: 'resident_id', number: '11010519491231002X' },
        informationDescription: '示范县2025年决算',
        carrier: 'electronic',
        deliveryMethod: 'download',
        phone: '13800138000',
        declaration: true,
      }
      const without = await call(`${api}/submissions`, json(body))
      expect(without.status).toBe(422)
      const challenge = (await (await call(`${api}/challenge`)).json()) as {
        algorithm: string
        challenge: string
        salt: string
        signature: string
        maxnumber: number
      }
      const solution = await solveChallenge(
        challenge.challenge,
        challenge.salt,
        challenge.algorithm,
        challenge.maxnumber,
      ).promise
      const payload = btoa(JSON.stringify({ ...challenge, number: solution!.number, maxnumber: undefined }))
      const res = await call(`${api}/submissions`, json(body, { headers: { 'x-altcha': payload } }))
      expect(res.status).toBe(201)
    } finally {
      await setProofOfWork(false)
    }
  })
})

describe('optional proof-of-work', () => {
  it('is off by default: no challenge on the check page', async () => {
    const { html } = await fillToCheck(PATH)
    expect(challengeOf(html)).toBeNull()
  })

  it('when an agency turns it on, refuses a submit without a solution and accepts a solved one', async () => {
    await setProofOfWork(true)
    try {
      const { html, now } = await fillToCheck(PATH)
      const challenge = challengeOf(html)
      expect(challenge).not.toBeNull()
      const before = await countRows('submissions')
      const unsolved = await postPage(PATH, html, {}, 'submit', now + 5_000)
      expect(unsolved.status).toBe(422)
      expect(await unsolved.text()).toContain('安全校验未完成')
      const forged = btoa(JSON.stringify({ ...challenge, number: 1 }))
      expect((await postPage(PATH, html, { _pow: forged }, 'submit', now + 5_500)).status).toBe(422)
      const solution = await solveChallenge(
        challenge!.challenge,
        challenge!.salt,
        challenge!.algorithm,
        challenge!.maxnumber,
      ).promise
      const payload = btoa(
        JSON.stringify({
          algorithm: challenge!.algorithm,
          challenge: challenge!.challenge,
          number: solution!.number,
          salt: challenge!.salt,
          signature: challenge!.signature,
        }),
      )
      const page = html.replace(/name="_pow" value=""/, '')
      const late = await postPage(PATH, page, { _pow: payload }, 'submit', now + 31 * 60_000)
      expect(late.status).toBe(422)
      const solved = await postPage(PATH, page, { _pow: payload }, 'submit', now + 6_000)
      expect(solved.status).toBe(303)
      expect(await countRows('submissions')).toBe(before + 1)
    } finally {
      await setProofOfWork(false)
    }
  })
})

describe('proof-of-work binding', () => {
  it('refuses a solution made for another form session', async () => {
    await setProofOfWork(true)
    try {
      const first = await fillToCheck(PATH)
      const second = await fillToCheck(PATH)
      const challenge = challengeOf(first.html)!
      const solution = await solveChallenge(
        challenge.challenge,
        challenge.salt,
        challenge.algorithm,
        challenge.maxnumber,
      ).promise
      const payload = btoa(JSON.stringify({ ...challenge, number: solution!.number }))
      const page = second.html.replace(/name="_pow" value=""/, '')
      expect((await postPage(PATH, page, { _pow: payload }, 'submit', second.now + 5_000)).status).toBe(422)
    } finally {
      await setProofOfWork(false)
    }
  })
})
