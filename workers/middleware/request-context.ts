// Per-request context: request id, clock, db client, CSP nonce and defaults for framing and auth.
import { createMiddleware } from 'hono/factory'
import { createDb } from '../../db/client'
import type { AppEnv } from '../env'
import { randomToken } from '../lib/crypto'

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._-]{8,64}$/

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
})
