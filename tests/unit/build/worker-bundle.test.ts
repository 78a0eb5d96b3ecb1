// The Worker as scripts/worker-build.ts builds it for wrangler: what a cold start loads (the main module and the chunks
// it imports statically) stays within the size budget, and the libraries only some routes need are in chunks those
// routes import on demand. Sizes are bytes of the build, not timings.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type BuiltModule,
  buildWorker,
  builtModules,
  ON_DEMAND_PACKAGES,
  STARTUP_BUDGET_GZIP_BYTES,
} from '../../../scripts/worker-build'

const outdir = mkdtempSync(path.join(tmpdir(), 'worker-build-'))
let modules: BuiltModule[] = []

beforeAll(async () => {
  modules = builtModules(await buildWorker(outdir), outdir)
}, 60_000)
afterAll(() => rmSync(outdir, { recursive: true, force: true }))

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`

describe('the Worker build', () => {
  it('loads at most the budget on a cold start (gzip), and splits off at least as much again', () => {
    const startup = modules.filter((m) => m.startup).reduce((n, m) => n + m.gzipBytes, 0)
    const onDemand = modules.filter((m) => !m.startup).reduce((n, m) => n + m.gzipBytes, 0)
    expect(modules[0]?.name).toBe('index.js')
    expect(startup, `cold start loads ${kib(startup)} gzip`).toBeLessThanOrEqual(STARTUP_BUDGET_GZIP_BYTES)
    expect(onDemand, `on-demand chunks hold ${kib(onDemand)} gzip`).toBeGreaterThan(startup / 2)
  })

  it.each(ON_DEMAND_PACKAGES)('keeps %s out of the cold start, in a chunk imported on demand', (pkg) => {
    const holders = modules.filter((m) => (m.packages[pkg] ?? 0) > 0)
    expect(holders.length, `${pkg} is not in the build at all`).toBeGreaterThan(0)
    expect(holders.filter((m) => m.startup).map((m) => m.name)).toEqual([])
    expect(holders.every((m) => m.name.startsWith('chunks/'))).toBe(true)
  })
})
