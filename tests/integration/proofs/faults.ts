// Fault injection for the proofs: a D1 whose Nth statement fails (before it runs: 'error') or whose answer is lost
// after it ran ('timeout'), and the app called with such bindings.
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { createApp } from '../../../workers/app'
import type { Bindings } from '../../../workers/env'
import { BASE } from '../helpers'

export type FaultMode = 'error' | 'timeout'

/**
 * D1 whose `failAt`-th statement fails: before running it ('error') or after it ran ('timeout'). `'batch'`: the
 * first batch fails, wherever it comes.
 */
export function faultyD1(db: D1Database, failAt: number | 'batch', mode: FaultMode) {
  // `batches`: the statement numbers each batch took ([first, last]); a fault anywhere inside one is the same fault.
  // `read`: the failed statement only read (a lost answer of a read is the same fault as its failure).
  // `trace`: each statement's SQL as it ran (a batch: its statements' SQL joined), up to the fault.
  const state = { n: 0, fired: false, batches: [] as [number, number][], read: false, trace: [] as string[] }
  const inner = Symbol('inner')
  const sqlOf = Symbol('sql')
  const fault = () => {
    state.fired = true
    return new Error(`D1_ERROR: injected ${mode} at statement ${failAt}`)
  }
  const wrap = (s: D1PreparedStatement, sql: string): D1PreparedStatement =>
    new Proxy(s, {
      get(target, prop) {
        if (prop === inner) return target
        if (prop === sqlOf) return sql
        if (prop === 'bind') return (...args: unknown[]) => wrap(target.bind(...args), sql)
        const value = Reflect.get(target, prop)
        if (typeof value !== 'function') return value
        if (prop === 'run' || prop === 'all' || prop === 'first' || prop === 'raw') {
          return async (...args: unknown[]) => {
            const mine = ++state.n === failAt
            state.trace.push(sql)
            if (mine) state.read = /^\s*select\b/i.test(sql)
            if (mine && mode === 'error') throw fault()
            const out = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args)
            if (mine) throw fault()
            return out
          }
        }
        return value.bind(target)
      },
    })
  const wrapped = new Proxy(db, {
    get(target, prop) {
      if (prop === 'prepare') return (query: string) => wrap(target.prepare(query), query)
      if (prop === 'batch') {
        return async (statements: D1PreparedStatement[]) => {
          // A batch is one transaction: a fault inside it rolls all of it back ('error'), or it committed and
          // the answer was lost ('timeout').
          const first = state.n + 1
          state.n += statements.length
          state.batches.push([first, state.n])
          state.trace.push(
            `batch: ${statements.map((s) => (s as unknown as Record<symbol, string>)[sqlOf]).join('; ')}`,
          )
          const mine = failAt === 'batch' ? state.batches.length === 1 : failAt >= first && failAt <= state.n
          if (mine && mode === 'error') throw fault()
          const out = await target.batch(
            statements.map((s) => (s as unknown as Record<symbol, D1PreparedStatement>)[inner] ?? s),
          )
          if (mine) throw fault()
          return out
        }
      }
      const value = Reflect.get(target, prop)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
  return { db: wrapped, state }
}

const app = createApp()

/** Call the app as the runtime would, with some bindings replaced. */
export async function send(
  path: string,
  init: RequestInit,
  bindings: Partial<Bindings> = {},
): Promise<Response> {
  const ctx = createExecutionContext()
  const req = new Request(`${BASE}${path}`, {
    redirect: 'manual',
    cf: { colo: 'TEST' },
    ...init,
  } as RequestInit)
  const res = await app.fetch(req, { ...(env as unknown as Bindings), ...bindings }, ctx)
  await waitOnExecutionContext(ctx)
  return res
}

/** A failure the client can act on: a 503 or a 4xx, never a 500, never internals. */
export async function clearFailure(res: Response): Promise<string | null> {
  const text = await res.text()
  if (res.status === 500 || res.status < 400) return `status ${res.status}`
  if (/D1_ERROR|injected|statement \d|stack|at .*\.ts/.test(text)) return `internals in ${text}`
  if (res.status === 503 && !text.includes('服务暂时不可用')) return 'no message'
  return null
}

/** The R2 bucket with every write failing; `state.puts` counts the writes tried. */
export function failingR2(bucket: R2Bucket) {
  const state = { puts: 0 }
  const wrapped = new Proxy(bucket, {
    get(target, prop) {
      if (prop === 'put' || prop === 'createMultipartUpload') {
        return async () => {
          state.puts++
          throw new Error('R2 put failed (injected)')
        }
      }
      const value = Reflect.get(target, prop)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
  return { bucket: wrapped, state }
}

async function count(sql: string): Promise<number> {
  return (await env.DB.prepare(sql).first<{ n: number }>())?.n ?? 0
}

/** Rows that only exist together: a case without its submission or first event, an event without its case. */
export async function partialRows(): Promise<number> {
  return (
    (await count(
      'SELECT count(*) AS n FROM cases c WHERE NOT EXISTS (SELECT 1 FROM submissions s WHERE s.id = c.submission_id)',
    )) +
    (await count(
      'SELECT count(*) AS n FROM submissions s WHERE NOT EXISTS (SELECT 1 FROM cases c WHERE c.submission_id = s.id)',
    )) +
    (await count(
      'SELECT count(*) AS n FROM cases c WHERE NOT EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id)',
    )) +
    (await count(
      'SELECT count(*) AS n FROM case_events e WHERE NOT EXISTS (SELECT 1 FROM cases c WHERE c.id = e.case_id)',
    )) +
    (await count(
      'SELECT count(*) AS n FROM cases c WHERE c.version <> (SELECT count(*) FROM case_events e WHERE e.case_id = c.id)',
    ))
  )
}

export interface SweepResult {
  /** Fault points tried (each statement up to the commit; 'timeout' only where the statement wrote). */
  points: number
  /** The faulty attempt whose commit stood (its answer lost), or null if the request's last fault point was passed. */
  committed: Response | null
  before: unknown
  after: unknown
}

/**
 * Run one write request under a D1 failing ('error') or losing the answer of ('timeout') its Nth statement, for
 * N = 1, 2, … until an attempt commits. Each failed attempt must be a clear 503/4xx and leave `observe()` (row
 * counts and versions of everything the request may write) as it was; the caller checks the commit that stood
 * (exactly once) and its retry. A batch is one fault point.
 */
export async function sweepUntilCommit(
  label: string,
  attempt: (bindings: Partial<Bindings>) => Promise<Response>,
  observe: () => Promise<unknown>,
  extra: Partial<Bindings> = {},
): Promise<SweepResult> {
  const insideBatch = new Set<number>()
  let points = 0
  for (let n = 1; n < 300; n++) {
    if (insideBatch.has(n)) continue
    let read = false
    for (const mode of ['error', 'timeout'] as const) {
      if (mode === 'timeout' && read) continue
      const before = await observe()
      const faulty = faultyD1(env.DB, n, mode)
      const res = await attempt({ ...extra, DB: faulty.db })
      for (const [first, last] of faulty.state.batches)
        for (let k = first + 1; k <= last; k++) insideBatch.add(k)
      read = faulty.state.read
      const after = await observe()
      const where = `${label}: ${mode} at ${n} (${res.status})`
      if (!faulty.state.fired) return { points, committed: null, before, after }
      points++
      if (res.status >= 300 && (await clearFailure(res.clone())) !== null)
        throw new Error(`${where}: ${await clearFailure(res)}`)
      if (JSON.stringify(after) === JSON.stringify(before)) continue
      return { points, committed: res, before, after }
    }
  }
  throw new Error(`${label}: more than 300 statements`)
}
