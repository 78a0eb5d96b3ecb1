// One error type for the whole app: a code maps to an HTTP status here and to a zh-CN message in i18n.
import { messages } from './i18n/zh-CN'

const STATUS = {
  not_found: 404,
  method_not_allowed: 405,
  validation_failed: 422,
  malformed_json: 400,
  unsupported_media_type: 415,
  payload_too_large: 413,
  unauthenticated: 401,
  invalid_credentials: 401,
  too_many_attempts: 429,
  rate_limited: 429,
  forbidden: 403,
  csrf_failed: 403,
  conflict: 409,
  unknown_action: 404,
  not_allowed_in_state: 409,
  case_closed: 409,
  guard_failed: 409,
  idempotency_conflict: 422,
  calendar_year_not_loaded: 409,
  internal: 500,
  service_unavailable: 503,
} as const

export type ErrorCode = keyof typeof STATUS

export interface FieldIssue {
  /** Dotted path of the offending field, e.g. `applicant.idNumber`. */
  path: string
  code: string
  message: string
}

export class AppError extends Error {
  readonly code: ErrorCode
  readonly status: number
  readonly issues: FieldIssue[] | undefined
  /** Extra machine-readable details safe to show to the client (e.g. the missing calendar year). */
  readonly details: Record<string, unknown> | undefined

  constructor(
    code: ErrorCode,
    options: { message?: string; issues?: FieldIssue[]; details?: Record<string, unknown> } = {},
  ) {
    super(options.message ?? messages.errors[code])
    this.code = code
    this.status = STATUS[code]
    this.issues = options.issues
    this.details = options.details
  }
}

export interface ErrorEnvelope {
  error: {
    code: ErrorCode
    message: string
    requestId: string
    issues?: FieldIssue[]
    details?: Record<string, unknown>
  }
}

export function errorEnvelope(err: AppError, requestId: string): ErrorEnvelope {
  return {
    error: {
      code: err.code,
      message: err.message,
      requestId,
      ...(err.issues ? { issues: err.issues } : {}),
      ...(err.details ? { details: err.details } : {}),
    },
  }
}
