// One error type for the whole app: a code maps to an HTTP status here and to a zh-CN message in i18n.
import { HTTPException } from 'hono/http-exception'
import { messages } from './i18n/zh-CN'

const STATUS = {
  bad_request: 400,
  not_found: 404,
  link_expired: 410,
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
  password_change_required: 403,
  mfa_required: 401,
  mfa_invalid: 401,
  mfa_enrolment_required: 403,
  conflict: 409,
  unknown_action: 404,
  not_allowed_in_state: 409,
  case_closed: 409,
  guard_failed: 409,
  idempotency_conflict: 422,
  calendar_year_not_loaded: 409,
  report_year_closed: 409,
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

/** The code for an HTTP status raised as an `HTTPException` (by Hono or a library): its own code, not a guess. */
const CODE_FOR_STATUS: Partial<Record<number, ErrorCode>> = {
  400: 'bad_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'validation_failed',
  429: 'rate_limited',
  503: 'service_unavailable',
}

/**
 * Whether an error came from the storage the app runs on (D1, R2, the network to them) rather than from the app:
 * the request may succeed when retried. Drizzle wraps the driver's error as `cause`; the whole chain is looked at.
 */
export function isStorageFault(err: unknown): boolean {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (/\b(D1_[A-Z_]+|R2)\b|Network connection lost|storage operation|timed out/i.test(e.message))
      return true
  }
  return false
}

/**
 * Any thrown value as an AppError: itself, an HTTPException by its status, a storage fault as 503 (retry later;
 * nothing was half written, every write being one batch), anything else internal.
 */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err
  if (err instanceof HTTPException) {
    const code = CODE_FOR_STATUS[err.status] ?? (err.status < 500 ? 'bad_request' : 'internal')
    return new AppError(code)
  }
  if (isStorageFault(err)) return new AppError('service_unavailable')
  return new AppError('internal')
}
