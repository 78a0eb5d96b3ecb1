// Fault injection for the proofs: a D1 whose Nth statement fails (before it runs: 'error') or whose answer is lost
// after it ran ('timeout'), and the app called with such bindings.
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { createApp } from '../../../workers/app'
import type { Bindings } from '../../../workers/env'
import { BASE } from '../helpers'

export type FaultMode = 'error' | 'timeout'

/** D1 whose `failAt`-th statement fails: before running it ('error') or after it ran ('timeout'). */
export function faultyD1(db: D1Database, failAt: number, mode: FaultMode) {
  const state = { n: 0, fired: false }
  const inner = Symbol('inner')
  const fault = () => {
    state.fired = true
    return new Error(`D1_ERROR: injected ${mode} at statement ${failAt}`)
  }
  const wrap = (s: D1PreparedStatement): D1PreparedStatement =>
    new Proxy(s, {
      get(target, prop) {
        if (prop === inner) return target
        if (prop === 'bind') return (...args: unknown[]) => wrap(target.bind(...args))
        const value = Reflect.get(target, prop)
        if (typeof value !== 'function') return value
        if (prop === 'run' || prop === 'all' || prop === 'first' || prop === 'raw') {
          return async (...args: unknown[]) => {
            const mine = ++state.n === failAt
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
      if (prop === 'prepare') return (query: string) => wrap(target.prepare(query))
      if (prop === 'batch') {
        return async (statements: D1PreparedStatement[]) => {
          // A batch is one transaction: a fault inside it rolls all of it back ('error'), or it committed and
          // the answer was lost ('timeout').
          const first = state.n + 1
          state.n += statements.length
          const mine = failAt >= first && failAt <= state.n
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
