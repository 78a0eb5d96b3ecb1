// Web addresses where the information was published (公开载体): http or https only, so a link is always safe to show.
import { type Check, fail, pass } from './check'
import { looksLikeMarkup, stripInvisible } from './text'

/**
 * Normalises and checks a web address: full-width characters folded, an address without a scheme read as
 * https ("www.gov.cn/…"), then only http(s) with a host that has a dot (or localhost) is accepted. The value kept
 * is the URL as the WHATWG parser serialises it.
 */
export function validateUrl(raw: string, maxLength: number): Check<string | undefined> {
  const value = stripInvisible(raw).normalize('NFKC').trim()
  if (value === '') return pass(undefined)
  if (value.length > maxLength) return fail('too_long', { max: maxLength })
  if (/\s/.test(value) || looksLikeMarkup(value)) return fail('url_format')
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(value) ? value : `https://${value}`
  let url: URL
  try {
    url = new URL(withScheme)
  } catch {
    return fail('url_format')
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return fail('url_format')
  if (url.username !== '' || url.password !== '') return fail('url_format')
  if (!url.hostname.includes('.') && url.hostname !== 'localhost') return fail('url_format')
  const href = url.href
  return href.length > maxLength ? fail('too_long', { max: maxLength }) : pass(href)
}
