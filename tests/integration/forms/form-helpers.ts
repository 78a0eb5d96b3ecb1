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

/** The draft id a flow page posts back. */
export function draftOf(html: string): string {
  return /name="_draft" value="([^"]+)"/.exec(html)![1]!
}

/** The page a flow page posts (`_check` on check-your-answers). */
export function pageOf(html: string): string {
  return /name="_page" value="([^"]+)"/.exec(html)![1]!
}

/** Every hidden input of the page (the flow fields). */
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

const at = (now: number) => ({ headers: { 'x-test-now': String(now) } })

/** Follow 303s like a browser (GET), except to the receipt; returns the last response, its text and URL. */
export async function follow(res: Response, now: number, url = '') {
  let current = res
  let where = url
  while (current.status === 303 && !current.headers.get('location')!.includes('/receipt/')) {
    where = current.headers.get('location')!
    current = await call(where, at(now))
  }
  return { res: current, html: await current.clone().text(), url: where }
}

/** GET the form as a browser does: 303 to a new draft's first page. */
export async function openPage(path: string, now: number = T0) {
  return follow(await call(path, at(now)), now, path)
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

/** Walk every page the form shows for `answers` (posting them all: a page keeps only its own), to the check page. */
export async function fillToCheck(path: string, answers: Record<string, string> = PERSON, start = T0) {
  let { html, url } = await openPage(path, start)
  let now = start
  for (let guard = 0; pageOf(html) !== '_check'; guard++) {
    if (guard > 12) throw new Error(`no check page: ${html.slice(0, 2000)}`)
    now += 1_000
    const res = await postPage(path, html, answers, 'next', now)
    if (res.status !== 303)
      throw new Error(`page ${pageOf(html)} → ${res.status}: ${(await res.text()).slice(0, 3000)}`)
    ;({ html, url } = await follow(res, now))
  }
  return { html, now, url }
}

/** Walk the form and submit; returns the 303 response. */
export async function submitForm(path: string, answers: Record<string, string> = PERSON, start = T0) {
  const { html, now } = await fillToCheck(path, answers, start)
  return { res: await postPage(path, html, {}, 'submit', now + 5_000), checkHtml: html, now: now + 5_000 }
}
