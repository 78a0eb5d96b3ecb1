// Migrations are append-only: a committed migration never changes, and every migration is pinned by its hash.
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = path.resolve(import.meta.dirname, '../../../db')
const DIR = path.join(ROOT, 'migrations')
const pinned = JSON.parse(readFileSync(path.join(ROOT, 'migration-checksums.json'), 'utf8')) as Record<
  string,
  string
>
const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.sql'))
  .sort()

function sha256(name: string): string {
  return createHash('sha256')
    .update(readFileSync(path.join(DIR, name)))
    .digest('hex')
}

describe('migrations are append-only', () => {
  it('has every pinned migration, unchanged', () => {
    const changed = Object.entries(pinned)
      .filter(([name, hash]) => !files.includes(name) || sha256(name) !== hash)
      .map(([name]) => name)
    // Never edit or delete a committed migration: add a new one (`npm run db:generate`).
    expect(changed).toEqual([])
  })

  it('pins every migration (run `npm run db:generate`, or `node db/pin-migrations.mjs` after writing one)', () => {
    expect(files.filter((f) => !pinned[f])).toEqual([])
  })

  it('numbers migrations in order without gaps', () => {
    expect(files.map((f) => Number(f.slice(0, 4)))).toEqual(files.map((_, i) => i))
  })
})
