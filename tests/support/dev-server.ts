// A seeded `wrangler dev` on a throwaway state dir and a free loopback port, for benches and browser tests: never
// touches `.wrangler/state`, `.dev.vars` values or a server already running on 8787.
import { type ChildProcess, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { rmSync } from 'node:fs'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { getPlatformProxy, unstable_splitSqlQuery } from 'wrangler'
import { DEFAULT_DEMO_PASSWORD } from '../../db/seed/constants'

const ROOT = path.resolve(import.meta.dirname, '../..')
const WRANGLER = path.join(ROOT, 'node_modules/wrangler/bin/wrangler.js')
/** Loopback only: these servers are for local tests and benches. */
export const HOST = '127.0.0.1'
const STARTUP_TIMEOUT_MS = 60_000
const MIGRATIONS_DIR = path.join(ROOT, 'db/migrations')
const LOG_LINES = 200

export interface DevServer {
  /** `http://127.0.0.1:<port>` */
  url: string
  port: number
  /** The last lines wrangler wrote (for failure messages). */
  log(): string
  /** Stop the wrangler process group and remove the state dir; safe to call more than once. */
  stop(): Promise<void>
  /** Synchronous last resort for `process.on('exit')` and signal handlers. */
  killSync(): void
}

export interface DevServerOptions {
  /** `wrangler dev --log-level` (default `warn`: no per-request lines piped back). */
  logLevel?: 'debug' | 'info' | 'log' | 'warn' | 'error' | 'none'
  /** Extra `[vars]` for the Worker (CLI vars override `wrangler.toml` and any `.dev.vars`). */
  vars?: Record<string, string>
}

// The seed is written against the Workers types, which this Node-typed project does not load, so it is imported
// through a computed specifier and given the one signature used here.
type SeedDemo = (
  db: unknown,
  opts: { password: string; now: number; piiKeys: { keys: string; activeKey: string } },
) => Promise<void>

/** A port the OS reports free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
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

/** The few D1 calls made here on the platform proxy's binding (the Node project does not load the Workers types). */
interface LocalD1 {
  prepare(query: string): { bind(...values: unknown[]): unknown; run(): Promise<unknown> }
  batch(statements: unknown[]): Promise<unknown>
}

/**
 * Apply db/migrations as `wrangler d1 migrations apply DB --local` does (the same statement split, each file with its
 * row in `d1_migrations` in one batch), in this process rather than in a wrangler process of its own.
 */
async function applyMigrations(db: LocalD1): Promise<void> {
  await db
    .prepare(
      `CREATE TABLE IF NOT EXISTS d1_migrations(
        id         INTEGER PRIMARY KEY AUTOINCREMENT,
        name       TEXT UNIQUE,
        applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL
      )`,
    )
    .run()
  const files = (await readdir(MIGRATIONS_DIR)).filter((f) => f.endsWith('.sql')).sort()
  for (const file of files) {
    const queries = unstable_splitSqlQuery(await readFile(path.join(MIGRATIONS_DIR, file), 'utf8'))
    await db.batch([
      ...queries.map((q) => db.prepare(q)),
      db.prepare('INSERT INTO d1_migrations (name) VALUES (?)').bind(file),
    ])
  }
}

/**
 * Migrate and seed the local D1 under `dir` (the demo agency, staff, calendars; the demo second factor sealed with
 * the server's keys).
 */
async function prepareState(dir: string, secrets: Record<string, string>): Promise<void> {
  const { seedDemo } = (await import(pathToFileURL(path.join(ROOT, 'db/seed/demo.ts')).href)) as {
    seedDemo: SeedDemo
  }
  // `--persist-to <dir>` stores under <dir>/v3; getPlatformProxy's `persist.path` is used as given.
  const platform = await getPlatformProxy<{ DB: LocalD1 }>({
    configPath: path.join(ROOT, 'wrangler.toml'),
    persist: { path: path.join(dir, 'v3') },
    remoteBindings: false,
  })
  try {
    await applyMigrations(platform.env.DB)
    await seedDemo(platform.env.DB, {
      password: DEFAULT_DEMO_PASSWORD,
      now: Date.now(),
      piiKeys: { keys: secrets.PII_KEYS!, activeKey: secrets.PII_ACTIVE_KEY! },
    })
  } finally {
    await platform.dispose()
  }
}

/** Fresh secrets for this server only: the form, tracking and PII routes refuse to run without them. */
function throwawaySecrets(): Record<string, string> {
  return {
    APP_SECRET: randomBytes(32).toString('base64url'),
    PII_KEYS: JSON.stringify({ local1: randomBytes(32).toString('base64url') }),
    PII_ACTIVE_KEY: 'local1',
  }
}

/**
 * Migrate and seed a throwaway local D1, then start `wrangler dev` on a free 127.0.0.1 port and wait for
 * `GET /healthz`. The caller must `stop()` it (a process 'exit' hook kills it as a last resort).
 */
export async function startDevServer(options: DevServerOptions = {}): Promise<DevServer> {
  const stateDir = await mkdtemp(path.join(tmpdir(), 'wrangler-dev-'))
  const lines: string[] = []
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString().split('\n'))
    if (lines.length > LOG_LINES) lines.splice(0, lines.length - LOG_LINES)
  }
  let child: ChildProcess | null = null
  let childExit: Promise<void> = Promise.resolve()
  const running = () => child?.pid !== undefined && child.exitCode === null && child.signalCode === null

  const killSync = () => {
    if (child?.pid !== undefined && running()) {
      try {
        process.kill(-child.pid, 'SIGKILL')
      } catch {
        // already gone
      }
    }
    rmSync(stateDir, { recursive: true, force: true })
  }
  process.on('exit', killSync)

  let stopping: Promise<void> | null = null
  const stop = () => {
    stopping ??= (async () => {
      const proc = child
      if (proc?.pid !== undefined && running()) {
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
      await rm(stateDir, { recursive: true, force: true })
      process.off('exit', killSync)
    })()
    return stopping
  }

  try {
    const vars = { ...throwawaySecrets(), ...options.vars }
    await prepareState(stateDir, vars)
    const port = await freePort()
    const inspectorPort = await freePort()
    const args = [
      ...[WRANGLER, 'dev', '--ip', HOST, '--port', String(port), '--persist-to', stateDir],
      ...['--inspector-port', String(inspectorPort), '--show-interactive-dev-session=false'],
      ...['--log-level', options.logLevel ?? 'warn'],
      // `KEY:VALUE`, split at the first colon (so JSON values are fine).
      ...Object.entries(vars).flatMap(([key, value]) => ['--var', `${key}:${value}`]),
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
    proc.stdout?.on('data', keep)
    proc.stderr?.on('data', keep)

    const url = `http://${HOST}:${port}`
    const deadline = Date.now() + STARTUP_TIMEOUT_MS
    for (;;) {
      if (!running()) {
        throw new Error(
          `wrangler dev exited early (${proc.signalCode ?? proc.exitCode}):\n${lines.join('\n')}`,
        )
      }
      try {
        const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) })
        await res.arrayBuffer()
        if (res.status === 200) break
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        throw new Error(
          `GET /healthz did not answer 200 within ${STARTUP_TIMEOUT_MS / 1000} s:\n${lines.join('\n')}`,
        )
      }
      await new Promise((r) => setTimeout(r, 250))
    }
    return { url, port, log: () => lines.join('\n'), stop, killSync }
  } catch (error) {
    await stop()
    throw error
  }
}
