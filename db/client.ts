// Creates a drizzle client per request (never a module singleton: bindings are per-invocation). Keep it per request:
// what a request has confirmed (calendar stamps, cache revisions) is recorded per client (services/calendar.ts,
// services/entity-cache.ts).
import { drizzle } from 'drizzle-orm/d1'
import * as schema from './schema'

export type Db = ReturnType<typeof createDb>

export function createDb(d1: D1Database) {
  return drizzle(d1, { schema })
}
