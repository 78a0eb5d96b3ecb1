// Benchmark: GET /api/v1/deadline over HTTP against a local `wrangler dev` (workerd + local D1), with
// GET /healthz as a baseline (npx tsx <this file>; BENCH_SECONDS and BENCH_CONNECTIONS override the defaults).
// Uses a throwaway state dir (migrated and seeded here) and a free loopback port, so it never touches
// `.wrangler/state` or a `wrangler dev` already running on 8787. Exits non-zero on any non-2xx or socket error.
import { type ChildProcess, spawn } from 'node:child_process'
import { rmSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import { cpus, tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { getPlatformProxy } from 'wrangler'
import { DEFAULT_DEMO_PASSWORD } from '../../db/seed/constants'

const ROOT = path.resolve(import.meta.dirname, '../..')
const WRANGLER = path.join(ROOT, 'node_modules/wrangler/bin/wrangler.js')
const HOST = '127.0.0.1' // loopback only: this script never load-tests anything else
const SECONDS = positiveInt('BENCH_SECONDS', 10)
const CONNECTIONS = positiveInt('BENCH_CONNECTIONS', 10)
const BASELINE_SECONDS = Math.max(2, Math.ceil(SECONDS / 2))
const WARM_UP_SECONDS = 2
const STARTUP_TIMEOUT_MS = 60_000
const MIGRATE_TIMEOUT_MS = 120_000

function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${name} must be a positive integer, got "${raw}"`)
  return value
}

// autocannon ships no types and @types/autocannon is not a dependency: the small part used here, typed locally.
interface Histogram {
  average: number
  mean: number
  p50: number
  p99: number
  total: number
}
interface AutocannonResult {
  duration: number
  requests: Histogram
  latency: Histogram
  non2xx: number
  errors: number
  timeouts: number
  statusCodeStats: Record<string, { count: number }>
}
interface AutocannonRequest {
  method?: string
  path?: string
  setupRequest?: (request: AutocannonRequest) => AutocannonRequest
}
interface AutocannonOptions {
  url: string
  connections: number
  duration: number
  requests?: AutocannonRequest[]
}
type Autocannon = (options: AutocannonOptions) => Promise<AutocannonResult>
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon

// The seed is written against the Workers types, which this Node-typed project does not load, so it is imported
// through a computed specifier and given the one signature used here.
type SeedDemo = (db: unknown, opts: { password: string; now: number }) => Promise<void>

// Request mix: 50 dates every 20 days from 2024-01-01 (last 2026-09-07, so +40 working days stays inside the
// seeded 2024–2026 calendars) × n in 1..40, shuffled deterministically (xorshift32) so runs are comparable and
// consecutive requests hit different URLs.
const DATES = Array.from({ length: 50 }, (_, i) =>
  new Date(Date.UTC(2024, 0, 1 + 20 * i)).toISOString().slice(0, 10),
)
const PATHS = DATES.flatMap((from) =>
  Array.from({ length: 40 }, (_, k) => `/api/v1/deadline?from=${from}&workingDays=${k + 1}`),
)
let seed = 0x2024_0927
function random(): number {
  seed ^= seed << 13
  seed ^= seed >>> 17
  seed ^= seed << 5
  return (seed >>> 0) / 0x1_0000_0000
}
for (let i = PATHS.length - 1; i > 0; i--) {
  const j = Math.floor(random() * (i + 1))
  ;[PATHS[i], PATHS[j]] = [PATHS[j] as string, PATHS[i] as string]
}

let child: ChildProcess | null = null
let childExit: Promise<void> = Promise.resolve()
let stateDir: string | null = null
let proxy: { dispose(): Promise<void> } | null = null
const childLog: string[] = []

function keepLog(chunk: Buffer): void {
  childLog.push(...chunk.toString().split('\n'))
  if (childLog.length > 200) childLog.splice(0, childLog.length - 200)
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, HOST, () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => (port ? resolve(port) : reject(new Error('no free port'))))
    })
  })
}

/** Run a wrangler command to completion (bounded), failing with its output. */
function runWrangler(args: string[], timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [WRANGLER, ...args], {
      cwd: ROOT,
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: timeoutMs,
    })
    let output = ''
    proc.stdout.on('data', (d: Buffer) => {
      output += d.toString()
    })
    proc.stderr.on('data', (d: Buffer) => {
      output += d.toString()
    })
    proc.on('error', reject)
    proc.on('close', (code, signal) => {
      if (code === 0) resolve()
      else reject(new Error(`wrangler ${args.join(' ')} failed (${signal ?? `exit ${code}`}):\n${output}`))
    })
  })
}

async function prepareState(dir: string): Promise<void> {
  await runWrangler(['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', dir], MIGRATE_TIMEOUT_MS)
  const { seedDemo } = (await import(pathToFileURL(path.join(ROOT, 'db/seed/demo.ts')).href)) as {
    seedDemo: SeedDemo
  }
  // `--persist-to <dir>` stores under <dir>/v3; getPlatformProxy's `persist.path` is used as given.
  const platform = await getPlatformProxy<{ DB: unknown }>({
    configPath: path.join(ROOT, 'wrangler.toml'),
    persist: { path: path.join(dir, 'v3') },
    remoteBindings: false,
  })
  proxy = platform
  try {
    await seedDemo(platform.env.DB, { password: DEFAULT_DEMO_PASSWORD, now: Date.now() })
  } finally {
    proxy = null
    await platform.dispose()
  }
}

async function startWrangler(dir: string, port: number, inspectorPort: number): Promise<void> {
  const args = [
    ...[WRANGLER, 'dev', '--ip', HOST, '--port', String(port), '--persist-to', dir],
    ...['--inspector-port', String(inspectorPort), '--show-interactive-dev-session=false'],
    // Per-request info lines would otherwise be written (and piped here) for every benchmark request.
    ...['--log-level', 'warn'],
  ]
  // Own process group, so the whole tree (node + workerd) can be stopped by its id.
  const proc = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  child = proc
  childExit = new Promise((resolve) => proc.once('exit', () => resolve()))
  proc.stdout?.on('data', keepLog)
  proc.stderr?.on('data', keepLog)

  const deadline = Date.now() + STARTUP_TIMEOUT_MS
  while (Date.now() < deadline) {
    if (proc.exitCode !== null || proc.signalCode !== null) {
      throw new Error(
        `wrangler dev exited early (${proc.signalCode ?? proc.exitCode}):\n${childLog.join('\n')}`,
      )
    }
    try {
      const res = await fetch(`http://${HOST}:${port}/healthz`, { signal: AbortSignal.timeout(2_000) })
      await res.arrayBuffer()
      if (res.status === 200) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(
    `GET /healthz did not answer 200 within ${STARTUP_TIMEOUT_MS / 1000} s:\n${childLog.join('\n')}`,
  )
}

let cleaning: Promise<void> | null = null
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    const proc = child
    if (proc?.pid !== undefined && proc.exitCode === null && proc.signalCode === null) {
      try {
        process.kill(-proc.pid, 'SIGTERM')
      } catch {
        // already gone
      }
      const stopped = await Promise.race([
        childExit.then(() => true),
        new Promise<boolean>((r) => setTimeout(() => r(false), 5_000)),
      ])
      try {
        // Also reaps any workerd left in the group after wrangler itself exited.
        process.kill(-proc.pid, 'SIGKILL')
      } catch {
        // group already empty
      }
      if (!stopped) await childExit
    }
    if (proxy) await proxy.dispose().catch(() => {})
    if (stateDir) await rm(stateDir, { recursive: true, force: true })
  })()
  return cleaning
}

// On Ctrl-C/SIGTERM: stop the wrangler process group and remove the state dir from the 'exit' hook (synchronous
// calls only). Importing 'wrangler' installs its own SIGINT/SIGTERM listeners that call process.exit() with code 0,
// so ours is prepended: it runs first and exits with 128 + signal number instead.
function killGroupAndRemoveState(): void {
  if (child?.pid !== undefined && child.exitCode === null && child.signalCode === null) {
    try {
      process.kill(-child.pid, 'SIGKILL')
    } catch {
      // already gone
    }
  }
  if (stateDir) rmSync(stateDir, { recursive: true, force: true })
}
process.on('exit', killGroupAndRemoveState)
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const) {
  process.prependListener(signal, () => {
    console.error(`\n${signal}: stopping wrangler and removing ${stateDir ?? 'the state dir'}`)
    process.exit(code)
  })
}

interface Row {
  label: string
  result: AutocannonResult
}

function bench(url: string, seconds: number, requests?: AutocannonRequest[]): Promise<AutocannonResult> {
  if (new URL(url).hostname !== HOST) throw new Error(`refusing to load-test ${url}: loopback only`)
  return autocannon({ url, connections: CONNECTIONS, duration: seconds, ...(requests ? { requests } : {}) })
}

function printTable(rows: Row[]): void {
  const header = ['run', 'seconds', 'req/s (mean)', 'p50 ms', 'p99 ms', 'requests', 'non-2xx', 'errors']
  const lines = rows.map(({ label, result: r }) => [
    label,
    r.duration.toFixed(2),
    r.requests.mean.toFixed(1),
    String(r.latency.p50),
    String(r.latency.p99),
    String(r.requests.total),
    String(r.non2xx),
    String(r.errors + r.timeouts),
  ])
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] as string).length)))
  const format = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number)))
      .join('  ')
  console.log(format(header))
  console.log(widths.map((w) => '-'.repeat(w)).join('  '))
  for (const line of lines) console.log(format(line))
}

async function main(): Promise<number> {
  stateDir = await mkdtemp(path.join(tmpdir(), 'bench-deadline-'))
  await prepareState(stateDir)
  const port = await freePort()
  const inspectorPort = await freePort()
  await startWrangler(stateDir, port, inspectorPort)
  const base = `http://${HOST}:${port}`

  // Fail fast, with the error body, if the endpoint is broken (e.g. the calendar was not seeded).
  const probe = await fetch(`${base}${PATHS[0]}`)
  const probeBody = await probe.text()
  if (probe.status !== 200) throw new Error(`GET ${PATHS[0]} answered ${probe.status}: ${probeBody}`)

  let next = 0
  const deadlineRequests: AutocannonRequest[] = [
    {
      method: 'GET',
      setupRequest: (request) => {
        request.path = PATHS[next++ % PATHS.length] as string
        return request
      },
    },
  ]
  // Warm-up (not reported): JIT, the per-isolate calendar cache, D1 statement caches.
  const warmUp = await bench(`${base}/api/v1/deadline`, WARM_UP_SECONDS, deadlineRequests)
  next = 0
  const healthz = await bench(`${base}/healthz`, BASELINE_SECONDS)
  const deadline = await bench(`${base}/api/v1/deadline`, SECONDS, deadlineRequests)

  console.log(
    `node ${process.version}, ${cpus().length} CPUs, local wrangler dev (workerd + local D1) on ${HOST}, ` +
      `${CONNECTIONS} connections, ${PATHS.length} deadline URLs (50 dates 2024-01-01..2026-09-07 × n 1..40)`,
  )
  console.log(`sample: GET ${PATHS[0]} → ${probe.status} ${probeBody.slice(0, 160)}…`)
  printTable([
    { label: 'GET /healthz (baseline)', result: healthz },
    { label: 'GET /api/v1/deadline', result: deadline },
  ])
  const runs: Row[] = [
    { label: 'warm-up /api/v1/deadline', result: warmUp },
    { label: 'GET /healthz', result: healthz },
    { label: 'GET /api/v1/deadline', result: deadline },
  ]
  const failed = runs.filter(({ result: r }) => r.non2xx > 0 || r.errors > 0 || r.timeouts > 0)
  if (failed.length > 0) {
    for (const { label, result: r } of failed) {
      console.error(
        `${label}: status codes ${JSON.stringify(r.statusCodeStats)}, errors ${r.errors}, timeouts ${r.timeouts}`,
      )
    }
    console.error('FAILED: non-2xx responses or socket errors; the figures above are not a valid result.')
    return 1
  }
  return 0
}

let exitCode = 1
try {
  exitCode = await main()
} catch (error) {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error)
} finally {
  await cleanup()
}
process.exit(exitCode)
