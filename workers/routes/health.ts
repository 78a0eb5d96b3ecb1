// GET /healthz: version and whether D1 answers.
import { Hono } from 'hono'
import type { AppEnv } from '../env'

export const health = new Hono<AppEnv>().get('/healthz', async (c) => {
  let db: 'ok' | 'unreachable' = 'ok'
  try {
    await c.env.DB.prepare('SELECT 1').first()
  } catch {
    db = 'unreachable'
  }
  return c.json(
    { status: db === 'ok' ? 'ok' : 'degraded', version: c.env.APP_VERSION, db },
    db === 'ok' ? 200 : 503,
  )
})
