// Uploads never linked to a submission are removed by the cron a day later; linked ones stay.
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { runScheduled } from '../../../workers/index'
import { call } from '../helpers'

const PNG = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
])

async function upload(): Promise<string> {
  const form = new FormData()
  form.append('file', new File([PNG], 'id.png', { type: 'image/png' }))
  const res = await call('/api/v1/agencies/demo/forms/disclosure/attachments', { method: 'POST', body: form })
  return ((await res.json()) as { id: string }).id
}

describe('orphan uploads', () => {
  it('are deleted by the cron a day after upload, linked ones are kept', async () => {
    const id = await upload()
    expect(await env.FILES.get(`attachments/agency-demo/${id}`)).not.toBeNull()
    await runScheduled(env, Date.now() + 25 * 3_600_000)
    const row = await env.DB.prepare('SELECT count(*) AS n FROM attachments WHERE id = ?')
      .bind(id)
      .first<{ n: number }>()
    expect(row?.n).toBe(0)
    expect(await env.FILES.get(`attachments/agency-demo/${id}`)).toBeNull()
  })
})
