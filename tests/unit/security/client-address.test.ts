// The client address comes only from a source the client cannot write, and IPv6 clients are limited per /64.
import { describe, expect, it } from 'vitest'
import { type AddressSource, clientAddress, UNKNOWN_ADDRESS } from '../../../workers/lib/client-address'
import { addressBucket, normaliseIp, parseIPv6 } from '../../../workers/lib/ip'

function source(headers: Record<string, string>, over: Partial<AddressSource> = {}): AddressSource {
  return {
    header: (name) => headers[name.toLowerCase()],
    viaCloudflare: false,
    trustedProxyHeader: undefined,
    ...over,
  }
}

describe('client address', () => {
  const forged = {
    'cf-connecting-ip': '198.51.100.1',
    'x-forwarded-for': '198.51.100.2',
    'x-real-ip': '198.51.100.3',
  }

  it.each([
    ['on Cloudflare: CF-Connecting-IP', { viaCloudflare: true }, '198.51.100.1'],
    ['self-hosted, no proxy configured: no header is believed', {}, UNKNOWN_ADDRESS],
    ['self-hosted behind a proxy setting X-Real-IP', { trustedProxyHeader: 'X-Real-IP' }, '198.51.100.3'],
    [
      'self-hosted behind a proxy appending to X-Forwarded-For',
      { trustedProxyHeader: 'x-forwarded-for' },
      '198.51.100.2',
    ],
    // A configured proxy header wins over CF-Connecting-IP even if the request looks like Cloudflare's.
    [
      'a configured header, not CF-Connecting-IP',
      { trustedProxyHeader: 'x-real-ip', viaCloudflare: true },
      '198.51.100.3',
    ],
  ])('%s', (_name, over, expected) => {
    expect(clientAddress(source(forged, over))).toBe(expected)
  })

  it('reads the entry the trusted proxy appended to X-Forwarded-For, not the ones the client sent', () => {
    const headers = { 'x-forwarded-for': '10.0.0.1, 192.0.2.9, 203.0.113.50' }
    expect(clientAddress(source(headers, { trustedProxyHeader: 'x-forwarded-for' }))).toBe('203.0.113.50')
  })

  it('treats a malformed value as unknown rather than as a fresh address per spelling', () => {
    expect(clientAddress(source({ 'cf-connecting-ip': 'not-an-ip' }, { viaCloudflare: true }))).toBe(
      UNKNOWN_ADDRESS,
    )
    expect(clientAddress(source({}, { viaCloudflare: true }))).toBe(UNKNOWN_ADDRESS)
  })
})

describe('address buckets', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:0db8:0001:0002:ffff::1', '2001:db8:1:2::/64'],
    ['2001:db8:1:2::', '2001:db8:1:2::/64'],
    ['[2001:db8:1:2::9]', '2001:db8:1:2::/64'],
  ])('%s → %s', (address, bucket) => {
    expect(addressBucket(address)).toBe(bucket)
  })

  it('puts every address of one /64 in one bucket and the next /64 in another', () => {
    const a = addressBucket('2001:db8:aa:bb:1::1')
    expect(addressBucket('2001:db8:aa:bb:ffff:ffff:ffff:ffff')).toBe(a)
    expect(addressBucket('2001:db8:aa:bc::1')).not.toBe(a)
  })

  it('normalises spellings of one IPv6 address to one text', () => {
    expect(normaliseIp('2001:DB8::0001')).toBe('2001:db8:0:0:0:0:0:1')
    expect(normaliseIp('::ffff:192.0.2.1')).toBe('0:0:0:0:0:ffff:c000:201')
    expect(parseIPv6('1:2:3:4:5:6:7:8:9')).toBeNull()
    expect(parseIPv6('1::2::3')).toBeNull()
    expect(parseIPv6('12345::')).toBeNull()
  })
})
