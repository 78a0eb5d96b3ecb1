// Benchmark: GET /api/v1/deadline over HTTP against a local `wrangler dev` (workerd + local D1), with
// GET /healthz as a baseline (npx tsx <this file>; BENCH_SECONDS and BENCH_CONNECTIONS override the defaults).
// Uses a throwaway state dir (migrated and seeded here) and a free loopback port, so it never touches
// `.wrangler/state` or a `wrangler dev` already running on 8787. Exits non-zero on any non-2xx or socket error.
import { createRequire } from 'node:module'
import { cpus } from 'node:os'
import { type DevServer, HOST, startDevServer } from '../support/dev-server'
import { positiveInt } from './env'

const SECONDS = positiveInt('BENCH_SECONDS', 10)
const CONNECTIONS = positiveInt('BENCH_CONNECTIONS', 10)
const BASELINE_SECONDS = Math.max(2, Math.ceil(SECONDS / 2))
const WARM_UP_SECONDS = 2

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

let server: DevServer | null = null
/** A function, not an inline `server?.stop()`: the compiler would narrow `server` to its initial null there. */
function stopServer(): Promise<void> {
  return server?.stop() ?? Promise.resolve()
}

// On Ctrl-C/SIGTERM the server's 'exit' hook stops the wrangler process group and removes its state dir (synchronous
// calls only). Importing 'wrangler' installs its own SIGINT/SIGTERM listeners that call process.exit() with code 0,
// so ours is prepended: it runs first and exits with 128 + signal number instead.
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const) {
  process.prependListener(signal, () => {
    console.error(`\n${signal}: stopping wrangler and removing its state dir`)
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
  // Per-request info lines would otherwise be written (and piped here) for every benchmark request.
  server = await startDevServer({ logLevel: 'warn' })
  const base = server.url

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
  await stopServer()
}
process.exit(exitCode)
