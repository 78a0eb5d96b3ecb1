// File downloads: always an attachment, never sniffed, never cached by shared caches.

/** A .docx download; the stored SHA-256 (when signed) travels in a header so a recipient can check the bytes. */
export function docxResponse(file: {
  body: ReadableStream | Uint8Array
  filename: string
  sha256: string | null
}) {
  const headers: Record<string, string> = {
    'Content-Type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    'Content-Disposition': `attachment; filename="letter.docx"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'private, no-store',
  }
  if (file.sha256) headers['X-Content-SHA256'] = file.sha256
  return new Response(file.body as BodyInit, { headers })
}
