// Per test file: a fresh database (the real migrations, then the demo seed) and an empty R2 bucket.
//
// The workers project runs its files one after another in one workerd (`isolate: false` in vitest.config.ts) rather
// than starting a new workerd and reloading the Worker for each file (~2.5 s a file), so storage is shared between
// files: this setup wipes what the previous file left (every table, view and trigger, and every stored file) before
// migrating and seeding, and each file starts from the same state as in its own runtime.
import { resetStorage } from './storage'

interface RunnerModule {
  file?: string | null
  evaluated: boolean
  promise?: unknown
  exports?: unknown
}
interface ModuleRunner {
  transport?: { invoke?: unknown }
  evaluatedModules?: { idToModuleMap: Map<string, RunnerModule> }
}

function moduleRunner(): ModuleRunner | undefined {
  return (globalThis as { __vitest_mocker__?: { moduleRunner?: ModuleRunner } }).__vitest_mocker__
    ?.moduleRunner
}

/**
 * The pool (@cloudflare/vitest-pool-workers 0.15.1) wraps the module runner's transport again for every file a
 * reused runtime runs, so each later import goes through one more Durable Object round trip per file already run
 * (fixed upstream in @cloudflare/vitest-plugin 1.4.5). Keep the first wrapper and ignore the later ones.
 */
function keepFirstTransportWrapper(runner: ModuleRunner | undefined): void {
  const transport = runner?.transport
  if (!transport || typeof transport.invoke !== 'function') return
  if (Object.getOwnPropertyDescriptor(transport, 'invoke')?.set) return
  const first = transport.invoke
  Object.defineProperty(transport, 'invoke', { configurable: true, get: () => first, set: () => {} })
}

const TESTS_DIR = new URL('..', import.meta.url).pathname
const SETUP_FILE = new URL(import.meta.url).pathname

/**
 * Test helpers keep per-file state at module level (cached login tokens, case versions): have every module under
 * tests/ evaluated afresh for each file, as in a runtime of its own. The Worker's own modules stay loaded.
 */
function freshTestModules(runner: ModuleRunner | undefined): void {
  for (const [id, node] of runner?.evaluatedModules?.idToModuleMap ?? []) {
    const file = node.file ?? id
    if (!file.startsWith(TESTS_DIR) || file === SETUP_FILE) continue
    node.promise = undefined
    node.exports = undefined
    node.evaluated = false
  }
}

const runner = moduleRunner()
keepFirstTransportWrapper(runner)
freshTestModules(runner)
await resetStorage()
