// Drive task reporting through the JSON API as the demo office and units, at chosen instants (the test clock).
import { env } from 'cloudflare:workers'
import { apiLogin, call } from '../helpers'

/** 10:00 China time on an ISO date, as epoch ms. */
export function at(date: string, hour = 10): number {
  return Date.parse(`${date}T${String(hour).padStart(2, '0')}:00:00+08:00`)
}

export type TaskUser =
  | 'coordinator'
  | 'reporter-edu'
  | 'reporter-nrb'
  | 'reporter-town'
  | 'registrar'
  | 'admin'

const tokens = new Map<TaskUser, string>()

/** A bearer token of `demo-<who>` (cached per test file). */
export async function token(who: TaskUser): Promise<string> {
  if (!tokens.has(who)) tokens.set(who, await apiLogin(`demo-${who}`))
  return tokens.get(who)!
}

/** Call the API as `who`, optionally at an instant and with a JSON body. */
export async function api(
  who: TaskUser,
  path: string,
  init: { method?: string; body?: unknown; now?: number; form?: FormData } = {},
): Promise<Response> {
  const headers: Record<string, string> = { authorization: `Bearer ${await token(who)}` }
  if (init.now !== undefined) headers['x-test-now'] = String(init.now)
  let body: BodyInit | undefined
  if (init.form) body = init.form
  else if (init.body !== undefined) {
    headers['content-type'] = 'application/json'
    body = JSON.stringify(init.body)
  }
  return call(`/api/v1${path}`, { method: init.method ?? (body ? 'POST' : 'GET'), headers, body })
}

/** The JSON of a response that must have `status`; fails with the body otherwise. */
export async function expectJson<T = Record<string, unknown>>(res: Response, status: number): Promise<T> {
  const text = await res.text()
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${text}`)
  return JSON.parse(text) as T
}

/** The bytes of a `?inline` fixture (a data URL). */
export function bytesOf(dataUrl: string): Uint8Array<ArrayBuffer> {
  const base64 = dataUrl.slice(dataUrl.indexOf(',') + 1)
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))
}

/** A multipart body with one `file`. */
export function fileForm(bytes: Uint8Array<ArrayBuffer> | string, name: string, type = ''): FormData {
  const form = new FormData()
  form.append('file', new File([bytes], name, { type }))
  return form
}

/** A plan of `agency` for `year`, created by its office; returns its id. */
export async function newPlan(agency: string, year: number, title = `${year}年政务公开重点任务分解表`) {
  const res = await api('coordinator', `/agencies/${agency}/plans`, { body: { year, title } })
  return (await expectJson<{ id: string }>(res, 201)).id
}

/** Agencies added to the test database (another government's tree). */
export async function addAgencies(
  rows: {
    id: string
    name: string
    kind: 'government' | 'department' | 'township'
    parentId: string | null
  }[],
): Promise<void> {
  await env.DB.batch(
    rows.map((a) =>
      env.DB.prepare(
        `INSERT OR IGNORE INTO agencies (id, slug, name, kind, parent_id, created_at) VALUES (?1, ?1, ?2, ?3, ?4, 0)`,
      ).bind(a.id, a.name, a.kind, a.parentId),
    ),
  )
}

/** Give a demo user a role in an agency (their next login sees it). */
export async function grant(username: string, agencyId: string, role: string): Promise<void> {
  await env.DB.prepare(
    `INSERT OR IGNORE INTO user_roles (user_id, agency_id, role) VALUES ('user-' || ?1, ?2, ?3)`,
  )
    .bind(username, agencyId, role)
    .run()
}

export async function count(sql: string, ...params: unknown[]): Promise<number> {
  const row = await env.DB.prepare(sql)
    .bind(...params)
    .first<{ n: number }>()
  return row?.n ?? 0
}

export interface ImportRow {
  row: number
  status: 'ok' | 'warning' | 'error'
  messages: { code: string; message: string }[]
  action: 'create' | 'update' | 'unchanged' | null
  task: {
    key: string
    group: string | null
    seq: number | null
    name: string
    requirements: string
    deadlineText: string
    milestones: { kind: string; by?: string; every?: string }[]
    leadUnits: { name: string; agencyId: string | null }[]
    responsibleUnits: { name: string; agencyId: string | null }[]
  } | null
}

export interface ImportPreview {
  importId: string
  rows: ImportRow[]
  summary: {
    ok: number
    warning: number
    error: number
    unmatchedUnits: string[]
    create: number
    update: number
    unchanged: number
  }
}
