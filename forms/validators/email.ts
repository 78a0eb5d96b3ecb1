// Email addresses in the practical WHATWG form; full-width input is folded and the domain lower-cased.
import { type Check, fail, pass } from './check'
import { stripInvisible } from './text'

const LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/

/** Normalises and checks an email address; the domain needs at least one dot and a letter TLD. */
export function validateEmail(raw: string): Check<string | undefined> {
  const value = stripInvisible(raw).normalize('NFKC').trim()
  if (value === '') return pass(undefined)
  if (value.length > 254) return fail('email_format')
  const at = value.lastIndexOf('@')
  const local = value.slice(0, at)
  const domain = value.slice(at + 1).toLowerCase()
  if (at < 1 || local.length > 64 || !LOCAL.test(local)) return fail('email_format')
  const labels = domain.split('.')
  if (labels.length < 2 || !labels.every((label) => LABEL.test(label))) return fail('email_format')
  if (!/^[a-z]{2,63}$/.test(labels[labels.length - 1] ?? '')) return fail('email_format')
  return pass(`${local}@${domain}`)
}
