// .xlsx writing (write-excel-file), imported on first use: only the exports need it, so the Worker's build makes it a
// separate module that a cold start does not parse (scripts/worker-build.ts).

/** write-excel-file's `writeXlsxFile`, loaded on demand. */
export async function loadXlsxWriter() {
  return (await import('write-excel-file/universal')).default
}
