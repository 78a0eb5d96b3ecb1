// fflate as write-excel-file sees it in the Worker. write-excel-file zips the .xlsx with fflate's asynchronous
// `zip`, which compresses every part over 160 kB in a Web Worker; workerd has no `Worker`, so an export with a sheet
// that large (a few thousand register rows, a ledger with long reports) failed with a 500. The build
// (scripts/worker-build.ts) and the test pool (vitest.config.ts) resolve write-excel-file's `fflate` to this module:
// fflate's own exports, with `zip` compressing in the same isolate (as its `zipSync`; a Worker has no threads to
// offload to anyway). Nothing else imports it.
import { type AsyncZipOptions, type AsyncZippable, type FlateCallback, zipSync } from 'fflate'

export * from 'fflate'

export function zip(data: AsyncZippable, options: AsyncZipOptions | FlateCallback, callback?: FlateCallback) {
  const done = (typeof options === 'function' ? options : callback) as FlateCallback
  const opts = typeof options === 'function' ? {} : options
  queueMicrotask(() => {
    let archive: ReturnType<typeof zipSync>
    try {
      archive = zipSync(data, opts)
    } catch (error) {
      done(error as Parameters<FlateCallback>[0], new Uint8Array())
      return
    }
    done(null, archive)
  })
  return () => {}
}
