// Builds what `npm run bench` runs: the product Worker as wrangler uploads it (`wrangler deploy --dry-run --outdir`
// runs the custom build, scripts/worker-build.ts, and copies its modules: exactly what `npm run deploy` would
// upload), the baseline Worker bundled by esbuild with the same settings, and the bench-only D1 meter that wraps
// either of them. Nothing here is part of the deployed Worker.
import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { build, type Metafile } from 'esbuild'
import {
  type BuiltModule,
  builtModules,
  METAFILE,
  WORKER_OUTDIR,
  workerBuildOptions,
} from '../../scripts/worker-build'

const ROOT = path.resolve(import.meta.dirname, '../..')

export interface Module {
  type: 'ESModule'
  path: string
  contents: string
}

export interface Bundle {
  modules: Module[]
  /** Sum of the modules' sizes, raw and gzip -9 (what wrangler reports as "Total Upload … / gzip"). */
  bytes: number
  gzipBytes: number
  /** The main module's own size. */
  mainGzipBytes: number
  /** What a cold start loads: the main module and the chunks it imports statically (gzip -9 each, summed). */
  startupGzipBytes: number
  /** Each module with its size and libraries (from the build's metafile); the product only. */
  built: BuiltModule[]
  wranglerSummary: string
}

function sizes(modules: Module[], main: string) {
  let bytes = 0
  let gzipBytes = 0
  let mainGzipBytes = 0
  for (const m of modules) {
    const gz = gzipSync(m.contents, { level: 9 }).length
    bytes += Buffer.byteLength(m.contents)
    gzipBytes += gz
    if (m.path === main) mainGzipBytes = gz
  }
  return { bytes, gzipBytes, mainGzipBytes, startupGzipBytes: mainGzipBytes }
}

/**
 * The product as wrangler uploads it for deployment (wrangler.toml: the custom build, `no_bundle`, the module rules),
 * with each module's size and libraries from that build's metafile (checked to name the same modules).
 */
export function buildProduct(outdir: string): Bundle {
  const wrangler = path.join(ROOT, 'node_modules/wrangler/bin/wrangler.js')
  const run = spawnSync(process.execPath, [wrangler, 'deploy', '--dry-run', '--outdir', outdir], {
    cwd: ROOT,
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1' },
    encoding: 'utf8',
    timeout: 180_000,
  })
  if (run.status !== 0) throw new Error(`wrangler deploy --dry-run failed:\n${run.stdout}\n${run.stderr}`)
  const summary = /Total Upload:[^\n]*/.exec(run.stdout)?.[0] ?? ''
  const modules: Module[] = readdirSync(outdir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.js') || f.endsWith('.mjs'))
    .sort((a, b) => (a === 'index.js' ? -1 : b === 'index.js' ? 1 : a.localeCompare(b)))
    .map((f) => ({ type: 'ESModule', path: f, contents: readFileSync(path.join(outdir, f), 'utf8') }))
  if (modules[0]?.path !== 'index.js') throw new Error(`no index.js in ${outdir}`)
  // The build wrangler just ran (wrangler.toml [build]) left its metafile beside the modules it uploaded.
  const buildDir = path.join(ROOT, WORKER_OUTDIR)
  const meta = JSON.parse(readFileSync(path.join(buildDir, METAFILE), 'utf8')) as Metafile
  const built = builtModules(meta, buildDir)
  const names = (list: string[]) => JSON.stringify([...list].sort())
  if (names(built.map((m) => m.name)) !== names(modules.map((m) => m.path))) {
    throw new Error(
      `wrangler uploads ${names(modules.map((m) => m.path))} but the build made ${names(built.map((m) => m.name))}`,
    )
  }
  const startupGzipBytes = built.filter((m) => m.startup).reduce((n, m) => n + m.gzipBytes, 0)
  return { modules, ...sizes(modules, 'index.js'), startupGzipBytes, built, wranglerSummary: summary }
}

/** The baseline Worker, bundled by esbuild with the product's settings (one module: nothing to split). */
export async function buildBaseline(): Promise<Bundle> {
  const out = await build({
    ...workerBuildOptions(''),
    entryPoints: [path.join(import.meta.dirname, 'baseline-worker.ts')],
    outdir: undefined,
    splitting: false,
    sourcemap: false,
    metafile: false,
    write: false,
    logLevel: 'error',
  })
  const modules: Module[] = [{ type: 'ESModule', path: 'index.js', contents: out.outputFiles[0]!.text }]
  return { modules, ...sizes(modules, 'index.js'), built: [], wranglerSummary: '' }
}

/**
 * The D1 meter: a bench-only entry module that imports a Worker unchanged and counts, for the requests it serves,
 * D1 round trips (one per call that reaches the database: a statement's run/all/first/raw, a batch, an exec) and
 * the `rows_read` / `rows_written` D1 reports in each result's `meta` (also the most rows one call read: for the case
 * list that is its page statement, apart from the session's), and the 2xx/3xx responses it returned (also
 * those finished after the load generator stopped waiting: the submission integrity check counts those). It hooks the binding's session `_send`, the
 * one method every D1 call goes through in workerd's D1 API (`raw()` and `first()` discard `meta` before a wrapper
 * could see it). `GET /__bench/d1` returns the totals since the last call (and the requests still in flight) and resets them.
 */
export function metered(bundle: Bundle): Module[] {
  const entry = `import worker from './index.js'
const totals = () => ({ requests: 0, ok2xx: 0, created201: 0, ok3xx: 0, roundTrips: 0, rowsRead: 0, rowsWritten: 0, maxTripRowsRead: 0 })
let inFlight = 0
let stats = totals()
let hooked = false
function hook(db) {
  let proto = Object.getPrototypeOf(db.prepare('SELECT 1').dbSession)
  while (proto && !Object.prototype.hasOwnProperty.call(proto, '_send')) proto = Object.getPrototypeOf(proto)
  if (!proto) throw new Error('bench meter: no D1 _send to hook (workerd D1 API changed?)')
  const send = proto._send
  proto._send = async function (...args) {
    stats.roundTrips++
    const result = await send.apply(this, args)
    let read = 0
    for (const r of Array.isArray(result) ? result : [result]) {
      read += r?.meta?.rows_read ?? 0
      stats.rowsWritten += r?.meta?.rows_written ?? 0
    }
    stats.rowsRead += read
    if (read > stats.maxTripRowsRead) stats.maxTripRowsRead = read
    return result
  }
  hooked = true
}
export default {
  async fetch(request, env, ctx) {
    if (!hooked) hook(env.DB)
    if (new URL(request.url).pathname === '/__bench/d1') {
      const out = { ...stats, inFlight }
      stats = totals()
      return Response.json(out)
    }
    inFlight++
    try {
      const response = await worker.fetch(request, env, ctx)
      stats.requests++
      if (response.status >= 200 && response.status < 300) stats.ok2xx++
      if (response.status === 201) stats.created201++
      if (response.status >= 300 && response.status < 400) stats.ok3xx++
      return response
    } finally {
      inFlight--
    }
  },
}
`
  return [{ type: 'ESModule', path: 'bench-meter.js', contents: entry }, ...bundle.modules]
}
