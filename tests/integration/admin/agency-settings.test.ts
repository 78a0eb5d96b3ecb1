// An agency's settings through the JSON API: the statutory periods are not settings, a change keeps the other
// overrides, and what a GET returns can be PUT back unchanged (read-only parts under `readOnly`).
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { apiLogin, call, json } from '../helpers'

const URL = '/api/v1/agencies/agency-demo/settings'

interface SettingsView {
  embedOrigins: string[]
  disclosure: Record<string, unknown>
  webhookUrl: string
  proofOfWork: boolean
  readOnly: {
    id: string
    name: string
    statutory: Record<string, unknown>
    webhookSecret: string
  }
}

async function settings(token: string): Promise<SettingsView> {
  const res = await call(URL, { headers: { authorization: `Bearer ${token}` } })
  expect(res.status).toBe(200)
  return (await res.json()) as SettingsView
}

function put(token: string, body: unknown) {
  return call(URL, { ...json(body, { token }), method: 'PUT' })
}

async function storedSettings(): Promise<{ settings: string; embedOrigins: string }> {
  return (await env.DB.prepare(
    `SELECT settings, embed_origins AS embedOrigins FROM agencies WHERE id = 'agency-demo'`,
  ).first<{
    settings: string
    embedOrigins: string
  }>())!
}

describe('agency settings', () => {
  it('refuse the statutory periods and keep the other overrides when one is changed', async () => {
    const token = await apiLogin('demo-admin')
    const putDisclosure = (disclosure: Record<string, unknown>) =>
      put(token, { embedOrigins: [], disclosure })
    expect((await putDisclosure({ replyWorkingDays: 60 })).status).toBe(422)
    expect((await putDisclosure({ maxExtensionWorkingDays: 40 })).status).toBe(422)
    // The 20 working days to pay (国办函〔2020〕109号) may be lengthened, never shortened.
    expect((await putDisclosure({ feePaymentWorkingDays: 10 })).status).toBe(422)
    expect((await putDisclosure({ feePaymentWorkingDays: 30 })).status).toBe(200)
    const res = await putDisclosure({ dueSoonWorkingDays: 3, fourEyes: false, legalReviewDueWorkingDays: 5 })
    const view = (await res.json()) as SettingsView
    expect(view.disclosure).toMatchObject({
      feePaymentWorkingDays: 30,
      dueSoonWorkingDays: 3,
      fourEyes: false,
      legalReviewDueWorkingDays: 5,
      approvalDueWorkingDays: 3,
    })
    expect(view.readOnly.statutory).toMatchObject({ replyWorkingDays: 20, maxExtensionWorkingDays: 20 })
    await putDisclosure({
      feePaymentWorkingDays: 20,
      dueSoonWorkingDays: 5,
      fourEyes: true,
      legalReviewDueWorkingDays: 3,
    })
  })

  it('take back what a GET returned, with 200 and no change', async () => {
    const token = await apiLogin('demo-admin')
    const setup = await put(token, {
      embedOrigins: ['https://portal.example.gov.cn'],
      disclosure: { dueSoonWorkingDays: 4 },
      webhookUrl: 'https://hooks.example.gov.cn/round-trip',
    })
    expect(setup.status).toBe(200)
    const before = await settings(token)
    expect(before.readOnly).toMatchObject({ id: 'agency-demo', name: '示范县人民政府' })
    expect(before.readOnly.webhookSecret).toMatch(/^whsec_/)
    const origins = (await storedSettings()).embedOrigins

    const res = await put(token, before)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual(before)
    expect(await settings(token)).toEqual(before)
    expect((await storedSettings()).embedOrigins).toBe(origins)
    // The read-only part is ignored, not applied: a changed name or secret sent back changes nothing.
    const forged = {
      ...before,
      readOnly: { ...before.readOnly, name: '别的机关', webhookSecret: 'whsec_forged' },
    }
    expect((await put(token, forged)).status).toBe(200)
    expect(await settings(token)).toEqual(before)
    // Sending the secret back does not put it in the audit log.
    const audit = await env.DB.prepare(
      `SELECT payload FROM audit_log WHERE action = 'agency.settings_changed' ORDER BY id DESC`,
    ).first<{ payload: string }>()
    expect(audit!.payload).not.toContain(before.readOnly.webhookSecret)
    expect(audit!.payload).not.toContain('whsec_forged')

    await put(token, { embedOrigins: [], disclosure: { dueSoonWorkingDays: 5 }, webhookUrl: '' })
  })

  it('still refuse the read-only keys at the top level', async () => {
    const token = await apiLogin('demo-admin')
    const view = await settings(token)
    const { readOnly, ...changeable } = view
    for (const key of ['id', 'name', 'statutory', 'webhookSecret'] as const) {
      const res = await put(token, { ...changeable, [key]: readOnly[key] })
      expect(res.status).toBe(422)
    }
  })
})
