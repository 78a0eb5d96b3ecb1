// Per-request context: request id, clock, db client, CSP nonce and defaults for framing and auth; after the
// response, sealing of the events the request appended.
import type { Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import { createDb } from '../../db/client'
import type { AppEnv } from '../env'
import { randomToken } from '../lib/crypto'
import { hasAppended } from '../lib/seal-queue'
import { sealAppended } from '../services/sealing'

/** Sealing is retried by the cron and before every verification: a failure here is only logged. */
function sealFailed(err: unknown) {
  console.error(JSON.stringify({ seal: 'after_response', error: String(err) }))
}

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._-]{8,64}$/

/** Keep `work` running after the response (where the runtime gives an execution context to hold it open). */
function afterResponse(c: Context<AppEnv>, work: Promise<void>) {
  try {
    c.executionCtx.waitUntil(work)
  } catch {
    // No execution context (Hono's app.request in a test): the work still runs, unawaited.
  }
}

export const requestContext = createMiddleware<AppEnv>(async (c, next) => {
  // Accept a caller's id only when it is well-formed, so logs cannot be forged with arbitrary text.
  const incoming = c.req.header('x-request-id')
  const requestId = incoming && REQUEST_ID_PATTERN.test(incoming) ? incoming : crypto.randomUUID()
  c.set('requestId', requestId)
  // Tests drive the statutory clock through a header; only honoured when the deployment says it is a test.
  const testNow = c.env.APP_ENV === 'test' ? Number(c.req.header('x-test-now')) : Number.NaN
  c.set('now', Number.isFinite(testNow) ? testNow : Date.now())
  c.set('db', createDb(c.env.DB))
  c.set('nonce', randomToken(16))
  c.set('frameAncestors', [])
  c.set('auth', null)
  await next()
  c.res.headers.set('X-Request-Id', requestId)
  // What this request appended to a hash chain (case events, audit rows) is hashed after the response, not on its path.
  if (hasAppended()) afterResponse(c, sealAppended(c.get('db'), Date.now()).catch(sealFailed))
})
