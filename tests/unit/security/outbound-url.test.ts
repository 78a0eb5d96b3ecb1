// Issue 11, Fix 3: outbound URLs (webhooks, gateways) refuse this machine, private networks and metadata services
// in every spelling, credentials in the URL and any scheme but https.
import { describe, expect, it } from 'vitest'
import { outboundUrlProblem } from '../../../workers/lib/outbound-url'

describe('outbound URL check', () => {
  it.each([
    'https://127.0.0.1:18443/hook',
    'https://127.1/hook',
    'https://2130706433/hook',
    'https://0x7f000001/hook',
    'https://0x7f.0.0.1/hook',
    'https://0177.0.0.1/hook',
    'https://[::1]/hook',
    'https://[::]/hook',
    'https://[::ffff:127.0.0.1]/hook',
    'https://[::ffff:7f00:1]/hook',
    'https://[64:ff9b::a9fe:a9fe]/hook',
    'https://[2002:7f00:1::]/hook',
    'https://10.1.2.3/hook',
    'https://172.16.0.1/hook',
    'https://192.168.1.1/hook',
    'https://100.64.0.1/hook',
    'https://100.100.100.200/latest/meta-data',
    'https://169.254.169.254/latest/meta-data',
    'https://[fe80::1]/hook',
    'https://[fd00:ec2::254]/hook',
    'https://[fc00::1]/hook',
    'https://0.0.0.0/hook',
    'https://localhost/hook',
    'https://api.localhost/hook',
    'https://metadata.google.internal/computeMetadata/v1/',
    'https://printer.local/hook',
    'https://intranet-gw/hook',
    'https://LOCALHOST./hook',
  ])('refuses the private host of %s', (url) => {
    expect(outboundUrlProblem(url)).toBe('host')
  })

  it('refuses credentials and schemes other than https', () => {
    expect(outboundUrlProblem('https://user:pw@hooks.example.gov.cn/x')).toBe('credentials')
    expect(outboundUrlProblem('https://token@hooks.example.gov.cn/x')).toBe('credentials')
    expect(outboundUrlProblem('http://hooks.example.gov.cn/x')).toBe('scheme')
    expect(outboundUrlProblem('ftp://hooks.example.gov.cn/x')).toBe('scheme')
    expect(outboundUrlProblem('file:///etc/passwd')).toBe('scheme')
    expect(outboundUrlProblem('not a url')).toBe('invalid')
  })

  it('accepts public https hosts, by name or address', () => {
    expect(outboundUrlProblem('https://hooks.example.gov.cn/gov?x=1')).toBeNull()
    expect(outboundUrlProblem('https://hooks.example.gov.cn:8443/gov')).toBeNull()
    expect(outboundUrlProblem('https://1.1.1.1/hook')).toBeNull()
    expect(outboundUrlProblem('https://[2400:3200::1]/hook')).toBeNull()
  })
})
