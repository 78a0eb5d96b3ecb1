// What `npm run bench` (product.ts) and `npm run bench:load` (load.ts) share: autocannon typed locally, the request
// clocks and generated applicants, the product's and the baseline's Miniflare workers with the D1 meter, the demo
// seed, and staff logins (with the demo second factor). Loopback only.
import { createRequire } from 'node:module'
import path from 'node:path'
import { Log, LogLevel, Miniflare } from 'miniflare'
import { Secret, TOTP } from 'otpauth'
import { DEFAULT_DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../../db/seed/constants'
import { type D1Like, migrateAndSeedDemo } from './seed'
import { type Bundle, metered } from './workers'

export const HOST = '127.0.0.1'
export const SECRET = 'bench-app-secret-0123456789abcdef0123456789'

// ---- autocannon (no types shipped; the part used here, typed locally) ----
export interface Histogram {
  mean: number
  p50: number
  p99: number
  total: number
}
export interface AutocannonResult {
  duration: number
  requests: Histogram
  latency: Histogram
  non2xx: number
  errors: number
  timeouts: number
  '2xx': number
  '3xx': number
  statusCodeStats: Record<string, { count: number }>
}
export interface AutocannonRequest {
  method?: string
  path?: string
  headers?: Record<string, string>
  body?: string
  setupRequest?: (request: AutocannonRequest) => AutocannonRequest
  /** Called with each response (status, body); the 201 bodies of submissions carry their reference. */
  onResponse?: (status: number, body: string) => void
}
type Autocannon = (options: {
  url: string
  connections: number
  duration?: number
  amount?: number
  timeout?: number
  headers?: Record<string, string>
  requests?: AutocannonRequest[]
}) => Promise<AutocannonResult>
export const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon

// ---- clocks: the product runs with APP_ENV=test so the bench can set the request clock (x-test-now) ----
/** Submissions start here and advance 40 s each: 90 an hour stays under the form's pressure threshold (100/h). */
export const T_SUBMIT = Date.parse('2026-11-02T09:00:00+08:00')
/** Staff act after every submission the bench can make (a confirmed receipt may not precede the submission). */
export const T_STAFF = Date.parse('2026-11-25T10:00:00+08:00')
export const STAFF_DAY = '2026-11-25'
let submitClock = 0
export const nextSubmitNow = () => T_SUBMIT + 40_000 * submitClock++

/** A valid resident ID number (GB 11643 check digit) unique per `n`: the per-applicant limit never bites. */
export function residentId(n: number): string {
  const birth = new Date(Date.UTC(1950, 0, 1) + (n % 18_000) * 86_400_000).toISOString().slice(0, 10)
  const body = `110105${birth.replaceAll('-', '')}${String(Math.floor(n / 18_000) % 1000).padStart(3, '0')}`
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  const sum = [...body].reduce((s, d, i) => s + Number(d) * weights[i]!, 0)
  return body + '10X98765432'[sum % 11]!
}
let clientCounter = 1
/** A fresh client address per submission, so the per-address limit (10/h) never bites. */
export const nextClientIp = () => {
  const n = clientCounter++
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`
}
let applicantCounter = 1
/** A resident ID number no submission of this run has used. */
export const nextApplicantId = () => residentId(applicantCounter++)

export function jsonSubmission(): AutocannonRequest {
  const n = applicantCounter++
  return {
    method: 'POST',
    path: '/api/v1/agencies/demo/forms/disclosure/submissions',
    headers: {
      'content-type': 'application/json',
      'x-test-now': String(nextSubmitNow()),
      'x-real-ip': nextClientIp(),
    },
    body: JSON.stringify({
      applicantType: 'natural_person',
      name: '李四',
      idDocument: { type: 'resident_id', number: residentId(n) },
      informationDescription: `示范县2025年政府工作报告（第${n}份申请）`,
      carrier: 'electronic',
      deliveryMethod: 'email',
      phone: '13800138000',
      email: 'li@example.cn',
      declaration: true,
    }),
  }
}

// ---- Miniflare ----
export interface Stats {
  requests: number
  ok2xx: number
  /** 201 answers (a JSON submission accepted). */
  created201: number
  ok3xx: number
  inFlight: number
  roundTrips: number
  rowsRead: number
  rowsWritten: number
  maxTripRowsRead: number
}

export function workerOptions(name: string, modules: Bundle['modules'], bindings: Record<string, string>) {
  return {
    name,
    modules,
    modulesRoot: '/',
    compatibilityDate: '2026-04-20',
    compatibilityFlags: ['nodejs_compat'],
    bindings,
    d1Databases: { DB: 'bench-db' },
    r2Buckets: { FILES: 'bench-files' },
    unsafeDirectSockets: [{ host: HOST, port: 0 }],
  }
}

export const PRODUCT_BINDINGS = {
  APP_VERSION: 'bench',
  APP_ENV: 'test',
  PII_KEYS: JSON.stringify({ t1: 'dGVzdC1rZXktMDEyMzQ1Njc4OWFiY2RlZi0wMTIzNDU' }),
  PII_ACTIVE_KEY: 't1',
  APP_SECRET: SECRET,
  TRUSTED_PROXY_HEADER: 'x-real-ip',
}

/** The meter's totals since the last call (retried: workerd may still be closing the sockets autocannon dropped). */
export async function d1Stats(base: string): Promise<Stats> {
  for (let attempt = 1; ; attempt++) {
    try {
      return (await (await fetch(`${base}/__bench/d1`)).json()) as Stats
    } catch (error) {
      if (attempt === 5) throw new Error(`GET ${base}/__bench/d1: ${String((error as Error).cause ?? error)}`)
      await new Promise((resolve) => setTimeout(resolve, 1000))
    }
  }
}

/** Only 127.0.0.1: a load run never leaves the machine. */
export function assertLoopback(base: string): void {
  if (new URL(base).hostname !== HOST) throw new Error(`refusing to load-test ${base}: loopback only`)
}

export interface BenchRuntime {
  mf: Miniflare
  productUrl: string
  /** Empty when no baseline Worker runs. */
  baselineUrl: string
  db: D1Like
}

/** The product (and the baseline, if given) under one Miniflare on one D1 database, migrated and demo-seeded. */
export async function startRuntime(
  stateDir: string,
  product: Bundle,
  baseline: Bundle | null,
): Promise<BenchRuntime> {
  const mf = new Miniflare({
    log: new Log(LogLevel.WARN),
    cf: false,
    d1Persist: path.join(stateDir, 'd1'),
    r2Persist: path.join(stateDir, 'r2'),
    workers: [
      workerOptions('product', metered(product), PRODUCT_BINDINGS),
      ...(baseline ? [workerOptions('baseline', metered(baseline), {})] : []),
    ],
  })
  await mf.ready
  const productUrl = (await mf.unsafeGetDirectURL('product')).origin
  const baselineUrl = baseline ? (await mf.unsafeGetDirectURL('baseline')).origin : ''
  const db = (await mf.getD1Database('DB', 'product')) as unknown as D1Like
  process.stderr.write('seeding: migrations, demo data\n')
  await migrateAndSeedDemo(db, T_SUBMIT - 86_400_000, {
    keys: PRODUCT_BINDINGS.PII_KEYS,
    activeKey: PRODUCT_BINDINGS.PII_ACTIVE_KEY,
  })
  return { mf, productUrl, baselineUrl, db }
}

let loginStep = 0
/** The demo second factor's code at an instant (workers/auth/totp.ts is typed for workerd, not this Node project). */
const demoCode = (now: number) =>
  TOTP.generate({ secret: Secret.fromBase32(DEMO_TOTP_SECRET), digits: 6, period: 30, timestamp: now })
/**
 * A staff bearer session at the staff clock (sessions idle out after 2 h of test-clock time). Accounts with the
 * demo second factor send its code; each code works once, so every login moves the clock one 30 s step on.
 */
export async function staffLogin(base: string, username: string): Promise<{ token: string; now: number }> {
  const now = T_STAFF + 30_000 * loginStep++
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-test-now': String(now), 'x-real-ip': '10.255.0.1' },
    body: JSON.stringify({
      username,
      password: DEFAULT_DEMO_PASSWORD,
      totp: demoCode(now),
    }),
  })
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`)
  return { token: ((await res.json()) as { token: string }).token, now }
}

/** The headers of a staff request on a session from staffLogin. */
export function staffHeaders(session: { token: string; now: number }): Record<string, string> {
  return { authorization: `Bearer ${session.token}`, 'x-test-now': String(session.now) }
}
