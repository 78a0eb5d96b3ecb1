// Where write-excel-file's `import 'fflate'` resolves in the Worker's build and in the workerd test pool: to
// workers/lib/fflate-sync-zip.ts (why: see there). One rule for both, so tests run what is deployed.
import path from 'node:path'

export const FFLATE_SYNC_ZIP = path.resolve(import.meta.dirname, '../workers/lib/fflate-sync-zip.ts')

/** The module to use for `source` imported from `importer`, or null to resolve it as usual. */
export function fflateRedirect(source: string, importer: string | undefined): string | null {
  return source === 'fflate' &&
    importer?.split(path.sep).join('/').includes('/node_modules/write-excel-file/')
    ? FFLATE_SYNC_ZIP
    : null
}
