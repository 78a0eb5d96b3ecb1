// File downloads: always an attachment, never sniffed, never cached by shared caches.

/** A .docx download; the stored SHA-256 (when signed) travels in a header so a recipient can check the bytes. */
export function docxResponse(file: {
  body: ReadableStream | Uint8Array
  filename: string
  sha256: string | null
  /** The plain-ASCII name for clients that ignore filename* (default letter.docx). */
  asciiName?: string
}) {
  const headers: Record<string, string> = {
    'Content-Type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    'Content-Disposition': `attachment; filename="${file.asciiName ?? 'letter.docx'}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'private, no-store',
  }
  if (file.sha256) headers['X-Content-SHA256'] = file.sha256
  return new Response(file.body as BodyInit, { headers })
}

/** A spreadsheet download (.xlsx or UTF-8 CSV with a BOM so that Excel reads the Chinese text). */
export function spreadsheetResponse(body: Uint8Array | string, format: 'xlsx' | 'csv', filename: string) {
  const type =
    format === 'xlsx'
      ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
      : 'text/csv; charset=utf-8'
  const ascii = `report.${format}`
  return new Response(typeof body === 'string' ? `\uFEFF${body}` : (body as BodyInit), {
    headers: {
      'Content-Type': type,
      'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'private, no-store',
    },
  })
}
