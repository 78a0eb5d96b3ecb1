// Rate limits count the address the runtime vouches for: a client rotating a header it writes itself, or the
// addresses of its own IPv6 /64, still counts as one client.
import { describe, expect, it } from 'vitest'
import { TRACK_RATE } from '../../../workers/services/tracking'
import { call } from '../helpers'

// A fresh (unknown) reference per lookup, so only the per-address limit is in play, not the per-reference one.
let n = 0
function nextReference(): string {
  n++
  const symbol = (i: number) => 'ABCDEFGHJKLMNPQRSTUVWXYZ'[i % 24]
  return `2024-AAAA-${symbol(n)}${symbol(n >> 3)}${symbol(n >> 6)}B`
}

const lookup = (headers: Record<string, string>, viaCloudflare = true) =>
  call(`/api/v1/track?reference=${nextReference()}&code=AAAAAA`, { headers, viaCloudflare })

describe('the client address behind the rate limits', () => {
  it('ignores a client-supplied CF-Connecting-IP when the request did not come through Cloudflare', async () => {
    const now = String(Date.UTC(2031, 0, 1))
    const statuses: number[] = []
    for (let i = 0; i <= TRACK_RATE.limit; i++) {
      const forged = { 'cf-connecting-ip': `198.51.100.${i + 1}`, 'x-forwarded-for': `192.0.2.${i + 1}` }
      statuses.push((await lookup({ ...forged, 'x-test-now': now }, false)).status)
    }
    expect(statuses.slice(0, TRACK_RATE.limit).every((s) => s === 404)).toBe(true)
    expect(statuses.at(-1)).toBe(429)
  })

  it('believes CF-Connecting-IP on Cloudflare, so different clients have their own limits', async () => {
    const now = String(Date.UTC(2031, 1, 1))
    for (let i = 0; i <= TRACK_RATE.limit; i++) {
      const res = await lookup({ 'cf-connecting-ip': `198.51.100.${i + 1}`, 'x-test-now': now })
      expect(res.status).toBe(404)
    }
  })

  it('counts every address of one IPv6 /64 as one client', async () => {
    const now = String(Date.UTC(2031, 2, 1))
    const statuses: number[] = []
    for (let i = 0; i <= TRACK_RATE.limit; i++) {
      const address = `2001:db8:77:1:${(i + 1).toString(16)}::${i + 7}`
      statuses.push((await lookup({ 'cf-connecting-ip': address, 'x-test-now': now })).status)
    }
    expect(statuses.at(-1)).toBe(429)
    const otherNetwork = await lookup({ 'cf-connecting-ip': '2001:db8:77:2::1', 'x-test-now': now })
    expect(otherNetwork.status).toBe(404)
  })
})
