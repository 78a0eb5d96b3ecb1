// Reading request bodies with a size cap, a content-type check and zod validation, all as AppErrors.
import type { Context } from 'hono'
import type { ZodType, z } from 'zod'
import { AppError, type FieldIssue } from '../errors'

export const LIMITS = {
  json: 64 * 1024,
  form: 256 * 1024,
  upload: 12 * 1024 * 1024,
} as const

/** Read the raw body, refusing anything over `limit` bytes whether or not Content-Length is sent. */
export async function readBodyBytes(req: Request, limit: number): Promise<Uint8Array> {
  const declared = Number(req.headers.get('content-length') ?? 'NaN')
  if (Number.isFinite(declared) && declared > limit) throw new AppError('payload_too_large')
  if (!req.body) return new Uint8Array()
  const reader = req.body.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.byteLength
    if (total > limit) {
      await reader.cancel()
      throw new AppError('payload_too_large')
    }
    chunks.push(value)
  }
  const out = new Uint8Array(total)
  let offset = 0
  for (const chunk of chunks) {
    out.set(chunk, offset)
    offset += chunk.byteLength
  }
  return out
}

function mediaType(c: Context): string {
  return (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
}

export function zodIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((i) => ({
    path: i.path.map(String).join('.') || (i.code === 'unrecognized_keys' ? i.keys.join(',') : ''),
    code: i.code,
    message: i.message,
  }))
}

export function parseWith<T extends ZodType>(schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value)
  if (!result.success) throw new AppError('validation_failed', { issues: zodIssues(result.error) })
  return result.data
}

/** Read a JSON request body as an untyped value: 415, 413 or 400 as AppError. */
export async function readJsonValue(c: Context): Promise<unknown> {
  if (mediaType(c) !== 'application/json') throw new AppError('unsupported_media_type')
  const bytes = await readBodyBytes(c.req.raw, LIMITS.json)
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes))
  } catch {
    throw new AppError('malformed_json')
  }
}

/** Parse a JSON request body against a (strict) zod schema: 415, 413, 400 or 422 as AppError. */
export async function readJson<T extends ZodType>(c: Context, schema: T): Promise<z.output<T>> {
  return parseWith(schema, await readJsonValue(c))
}

/** Parse an application/x-www-form-urlencoded body into a multi-value map (415/413 as AppError). */
export async function readForm(c: Context, limit: number = LIMITS.form): Promise<Map<string, string[]>> {
  if (mediaType(c) !== 'application/x-www-form-urlencoded') throw new AppError('unsupported_media_type')
  const bytes = await readBodyBytes(c.req.raw, limit)
  const params = new URLSearchParams(new TextDecoder().decode(bytes))
  const out = new Map<string, string[]>()
  for (const [k, v] of params) out.set(k, [...(out.get(k) ?? []), v])
  return out
}

export function formValue(form: Map<string, string[]>, key: string): string {
  return form.get(key)?.[0] ?? ''
}

/**
 * Read one file of a multipart body, the whole body capped at `maxBytes` plus room for the other fields (413
 * with `tooLarge` as the message when given; 415 when the body is not multipart; 422 when it cannot be parsed).
 */
export async function readMultipartFile(
  c: Context,
  field: string,
  options: { maxBytes: number; tooLarge?: string },
): Promise<File | undefined> {
  const type = c.req.header('content-type') ?? ''
  if (mediaType(c) !== 'multipart/form-data') throw new AppError('unsupported_media_type')
  let bytes: Uint8Array
  try {
    bytes = await readBodyBytes(c.req.raw, options.maxBytes + 64 * 1024)
  } catch (err) {
    if (err instanceof AppError && err.code === 'payload_too_large' && options.tooLarge) {
      throw new AppError('payload_too_large', { message: options.tooLarge })
    }
    throw err
  }
  let form: FormData
  try {
    form = await new Request('https://body.invalid/', {
      method: 'POST',
      headers: { 'content-type': type },
      body: bytes,
    }).formData()
  } catch {
    throw new AppError('validation_failed')
  }
  const value = form.get(field)
  return typeof value === 'string' || value === null ? undefined : value
}
