// The drizzle client of a D1 binding. drizzle() derives the relational config from the whole schema on every call
// (~0.3 ms in workerd, on every request), so the client is kept per binding object: weakly, so a binding workerd
// hands out again reuses it, a new binding gets its own, and nothing outlives the binding (never a module singleton).
import { drizzle } from 'drizzle-orm/d1'
import * as schema from './schema'

export type Db = ReturnType<typeof newDb>

function newDb(d1: D1Database) {
  return drizzle(d1, { schema })
}

const clients = new WeakMap<D1Database, Db>()

export function createDb(d1: D1Database): Db {
  let db = clients.get(d1)
  if (!db) {
    db = newDb(d1)
    clients.set(d1, db)
  }
  return db
}
