// How each JSON API operation describes itself for /api/v1/openapi.json: the same zod schemas the route validates
// with, so the document cannot drift from the code. Each API module exports its operations next to its router.
import type { ZodType } from 'zod'

/**
 * One operation of the JSON API. Keys are `METHOD /path` with Hono parameters (`/cases/:id`); the summary is the
 * catalogue's `apiDocs[key]`.
 */
export interface ApiOperation {
  /** Who may call it: anyone, or a staff member with a bearer token (or session cookie + CSRF token). */
  access: 'public' | 'staff'
  query?: ZodType
  /** JSON request body. */
  body?: ZodType
  /** A multipart upload instead of JSON (field names and their meaning). */
  multipart?: Record<string, string>
  /** Request headers the operation reads. */
  headers?: Record<string, string>
  /** Status of a success when it is not 200 (e.g. 201). */
  status?: number
  /** The body is one of the component schemas named `<bodyRef>.<name>` (e.g. `action`: the action inputs). */
  bodyRef?: string
}

export type ApiOperations = Record<string, ApiOperation>
