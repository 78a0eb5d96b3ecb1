// The scripts we serve, bundled from workers/client (npm run build:client): form.js in our form pages,
// case-queue.js (keyboard shortcuts) in the staff case pages, and embed.js, which agency portals load from their own pages.
import { Hono } from 'hono'
import type { AppEnv } from '../env'
import { CASE_QUEUE_JS, EMBED_JS, FORM_JS } from '../static/client-scripts.generated'

const JAVASCRIPT = 'text/javascript; charset=utf-8'

export const clientScripts = new Hono<AppEnv>()

clientScripts.get('/static/form.js', (c) => {
  c.header('Cache-Control', 'public, max-age=3600')
  return c.body(FORM_JS, 200, { 'Content-Type': JAVASCRIPT })
})

clientScripts.get('/static/case-queue.js', (c) => {
  c.header('Cache-Control', 'public, max-age=3600')
  return c.body(CASE_QUEUE_JS, 200, { 'Content-Type': JAVASCRIPT })
})

// Loaded by agency portals from their own pages: cross-origin by design.
clientScripts.get('/embed.js', (c) => {
  c.header('Cache-Control', 'public, max-age=300')
  c.header('Cross-Origin-Resource-Policy', 'cross-origin')
  return c.body(EMBED_JS, 200, { 'Content-Type': JAVASCRIPT })
})
