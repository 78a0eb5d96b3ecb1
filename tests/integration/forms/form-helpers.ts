// Fill the citizen form like a browser without JavaScript: GET the first page, then POST each page in turn.
import { call } from '../helpers'

export const T0 = Date.parse('2026-11-20T10:00:00+08:00')

export const PERSON: Record<string, string> = {
  applicantType: 'natural_person',
  name: '张三',
  'idDocument.type': 'resident_id',
  'idDocument.number': '11010519491231002X',
  informationDescription: '示范县2025年财政预算执行情况报告',
  documentNumber: '示政发〔2025〕1号',
  carrier: 'electronic',
  deliveryMethod: 'email',
  phone: '13800138000',
  email: 'zhang@example.cn',
  declaration: 'on',
}

export function tokenOf(html: string): string {
  return /name="_token" value="([^"]+)"/.exec(html)![1]!
}

/** Every hidden input of the page (the carried answers and the flow fields). */
export function hiddenFields(html: string): [string, string][] {
  const out: [string, string][] = []
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) {
    out.push([
      m[1]!,
      m[2]!
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, '&')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>'),
    ])
  }
  return out
}

export async function postPage(
  path: string,
  html: string,
  fields: Record<string, string | string[]>,
  nav: string,
  now: number,
  extra: [string, string][] = [],
): Promise<Response> {
  const body = new URLSearchParams()
  for (const [k, v] of hiddenFields(html)) body.append(k, v)
  for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) body.append(k, x)
  for (const [k, v] of extra) body.append(k, v)
  body.set('_nav', nav)
  return call(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-test-now': String(now) },
    body: body.toString(),
  })
}

const PAGES: Record<string, string[]> = {
  applicant: ['applicantType', 'name', 'idDocument.type', 'idDocument.number'],
  request: ['informationDescription', 'documentNumber'],
  delivery: ['carrier', 'deliveryMethod'],
  contact: ['phone', 'email'],
  declaration: ['declaration'],
}

/** Walk all pages with `answers`; returns the check-your-answers HTML. */
export async function fillToCheck(path: string, answers: Record<string, string> = PERSON, start = T0) {
  const first = await call(path, { headers: { 'x-test-now': String(start) } })
  let html = await first.text()
  let now = start
  for (const [page, keys] of Object.entries(PAGES)) {
    now += 1_000
    const fields = Object.fromEntries(
      keys.filter((k) => answers[k] !== undefined).map((k) => [k, answers[k]!]),
    )
    const res = await postPage(path, html, fields, 'next', now)
    html = await res.text()
    if (res.status !== 200) throw new Error(`page ${page} → ${res.status}: ${html.slice(0, 2000)}`)
  }
  return { html, now }
}

/** Walk the form and submit; returns the 303 response. */
export async function submitForm(path: string, answers: Record<string, string> = PERSON, start = T0) {
  const { html, now } = await fillToCheck(path, answers, start)
  return { res: await postPage(path, html, {}, 'submit', now + 5_000), checkHtml: html, now: now + 5_000 }
}
