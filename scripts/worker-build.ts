// The Worker's build: esbuild with code splitting, so the libraries only some routes need (docx, write-excel-file,
// OpenCC, xmldom, ical.js, …) become additional modules loaded by those routes' `import()`, not code every isolate
// parses on a cold start. wrangler runs this as its custom build (wrangler.toml `[build]`) and uploads the output
// unbundled (`no_bundle`, `find_additional_modules`); the settings below are those wrangler's own bundler uses for
// workerd. The bench (tests/bench) and the size budget test (tests/unit/build/bundle-size.test.ts) read the same
// build through `buildWorker`.
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { type BuildOptions, build, type Metafile } from 'esbuild'
import { fflateRedirect } from './fflate-sync-zip'

/** The repository root: esbuild resolves the entry from it and names sources relative to it. */
export const REPOSITORY_ROOT = path.resolve(import.meta.dirname, '..')

/** Where wrangler.toml's `main` points; the lazily loaded chunks sit in its `chunks/` folder. */
export const WORKER_OUTDIR = 'dist/worker'

/**
 * The budget of what a cold start loads (issue 15, S8): the main module and the chunks it imports statically,
 * gzip -9 each, summed.
 */
export const STARTUP_BUDGET_GZIP_BYTES = 300 * 1024

/** Libraries only some routes need: none of them may be in what a cold start loads (the budget test checks). */
export const ON_DEMAND_PACKAGES = [
  'docx',
  'write-excel-file',
  'opencc-js',
  '@xmldom/xmldom',
  'ical.js',
  'papaparse',
  'fflate',
  'otpauth',
  'uqr',
] as const

export function workerBuildOptions(outdir: string): BuildOptions {
  const nodeEnv = JSON.stringify(process.env.NODE_ENV || 'production')
  return {
    absWorkingDir: REPOSITORY_ROOT,
    entryPoints: { index: 'workers/index.ts' },
    outdir,
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    // As wrangler bundles for workerd: its target, export conditions and defines; minified, names kept for stacks.
    target: 'es2024',
    supported: { 'import-source': true },
    conditions: ['workerd', 'worker', 'browser'],
    define: {
      'process.env.NODE_ENV': nodeEnv,
      'global.process.env.NODE_ENV': nodeEnv,
      'globalThis.process.env.NODE_ENV': nodeEnv,
    },
    external: ['cloudflare:*', 'node:*'],
    minify: true,
    keepNames: true,
    sourcemap: true,
    charset: 'utf8',
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
    plugins: [
      {
        name: 'fflate-sync-zip',
        setup(b) {
          b.onResolve({ filter: /^fflate$/ }, (args) => {
            const redirect = fflateRedirect(args.path, args.importer)
            return redirect ? { path: redirect } : undefined
          })
        },
      },
    ],
  }
}

/** Where a build leaves its metafile (not uploaded: the module rules match chunks/*.js only). */
export const METAFILE = 'meta.json'

/** Build the Worker into `outdir` (cleared first), with its metafile beside it; returns the metafile. */
export async function buildWorker(outdir = path.join(REPOSITORY_ROOT, WORKER_OUTDIR)): Promise<Metafile> {
  rmSync(outdir, { recursive: true, force: true })
  const result = await build(workerBuildOptions(outdir))
  writeFileSync(path.join(outdir, METAFILE), JSON.stringify(result.metafile))
  return result.metafile!
}

export interface BuiltModule {
  /** Relative to the output folder, as wrangler uploads it (`index.js`, `chunks/…`). */
  name: string
  bytes: number
  gzipBytes: number
  /** Loaded by a cold start: the main module or a chunk it imports statically (directly or not). */
  startup: boolean
  /** The npm packages with code in it, and their bytes in it. */
  packages: Record<string, number>
}

/** The built modules (read from `outdir`), the main module first, then those a cold start loads, then the rest. */
export function builtModules(meta: Metafile, outdir: string): BuiltModule[] {
  const outputs = Object.fromEntries(
    Object.entries(meta.outputs)
      .filter(([file]) => file.endsWith('.js'))
      .map(([file, info]) => [path.resolve(REPOSITORY_ROOT, file), info]),
  )
  const main = path.resolve(outdir, 'index.js')
  if (!outputs[main]) throw new Error(`no index.js among the outputs in ${outdir}`)
  const startup = new Set([main])
  for (const file of startup) {
    for (const i of outputs[file]!.imports) {
      if (i.kind === 'import-statement' && !i.external) startup.add(path.resolve(REPOSITORY_ROOT, i.path))
    }
  }
  return Object.entries(outputs)
    .map(([file, info]) => {
      const packages: Record<string, number> = {}
      for (const [input, { bytesInOutput }] of Object.entries(info.inputs)) {
        const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1]
        if (pkg && bytesInOutput > 0) packages[pkg] = (packages[pkg] ?? 0) + bytesInOutput
      }
      return {
        name: path.relative(outdir, file),
        bytes: info.bytes,
        gzipBytes: gzipSync(readFileSync(file), { level: 9 }).length,
        startup: startup.has(file),
        packages,
      }
    })
    .sort(
      (a, b) =>
        Number(b.name === 'index.js') - Number(a.name === 'index.js') ||
        Number(b.startup) - Number(a.startup) ||
        b.gzipBytes - a.gzipBytes,
    )
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const meta = await buildWorker()
  console.log(
    `built ${WORKER_OUTDIR}: ${Object.keys(meta.outputs).filter((f) => f.endsWith('.js')).length} modules`,
  )
}
