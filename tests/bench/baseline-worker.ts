// The baseline Worker of `npm run bench`: what the platform costs without the product, in the same Miniflare and on
// the same D1 database. Bundled by tests/bench/workers.ts with the same esbuild settings as the product.
//   GET  /hello        a bare Hono route (no D1)
//   POST /insert       one-row D1 insert (one round trip)
//   GET  /select?...   an indexed `LIMIT 20` select on the seeded cases (one round trip, reads ≤ 21 rows)
import { Hono } from 'hono'

// The D1 surface used here, typed locally (this file is type-checked with the Node types, not the Workers types).
interface D1Statement {
  bind(...values: unknown[]): D1Statement
  run(): Promise<unknown>
  all(): Promise<{ results: unknown[] }>
}
interface Env {
  DB: { prepare(sql: string): D1Statement }
}

const app = new Hono<{ Bindings: Env }>()

app.get('/hello', (c) => c.text('hello'))

app.post('/insert', async (c) => {
  const body = await c.req.text()
  await c.env.DB.prepare(
    'INSERT INTO bench_baseline (id, agency_id, body, created_at) VALUES (?1, ?2, ?3, ?4)',
  )
    .bind(crypto.randomUUID(), 'agency-demo', body.slice(0, 2000), Date.now())
    .run()
  return c.json({ ok: true }, 201)
})

// The same index the product's case list is meant to walk: (agency_id, due_on) with a row-value cursor on (due_on, id).
app.get('/select', async (c) => {
  const after = c.req.query('after') ?? ''
  const { results } = await c.env.DB.prepare(
    `SELECT id, state, due_on, title FROM cases INDEXED BY cases_agency_due_idx
     WHERE agency_id = ?1 AND due_on > ?2 ORDER BY due_on LIMIT 20`,
  )
    .bind(c.req.query('agency') ?? 'agency-demo', after)
    .all()
  return c.json({ items: results })
})

export default app
