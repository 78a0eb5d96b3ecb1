// Records the SHA-256 of each new migration in db/migration-checksums.json. Existing entries are never changed:
// a committed migration is immutable, and tests/unit/db/migrations.test.ts fails if one is edited.
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'

const dir = path.join(import.meta.dirname, 'migrations')
const file = path.join(import.meta.dirname, 'migration-checksums.json')
const pinned = JSON.parse(readFileSync(file, 'utf8'))
let added = 0
for (const name of readdirSync(dir)
  .filter((f) => f.endsWith('.sql'))
  .sort()) {
  if (pinned[name]) continue
  pinned[name] = createHash('sha256')
    .update(readFileSync(path.join(dir, name)))
    .digest('hex')
  added++
}
writeFileSync(file, `${JSON.stringify(pinned, null, 2)}\n`)
console.log(added ? `pinned ${added} new migration(s)` : 'no new migrations')
