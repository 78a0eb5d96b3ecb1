// The engine's refusals (data) as the app's one error type: each refusal code to its error code and status.
import type { Refusal } from '../../../workflows/engine'
import { AppError } from '../../errors'
import { messages } from '../../i18n/zh-CN'

export function refusalError(refusal: Refusal): AppError {
  switch (refusal.code) {
    case 'unknown_action':
      return new AppError('unknown_action', { message: refusal.message })
    case 'role_not_allowed':
      return new AppError('forbidden', { message: refusal.message })
    case 'invalid_input':
      return new AppError('validation_failed', {
        message: refusal.message,
        issues: (refusal.issues ?? []).map((i) => ({
          path: i.path.join('.'),
          code: i.code,
          message: i.message,
        })),
      })
    case 'calendar_year_not_loaded':
      return new AppError('calendar_year_not_loaded', {
        ...(refusal.year === undefined
          ? {}
          : {
              message: messages.errors.calendarYearNotLoaded(refusal.year),
              details: { year: refusal.year },
            }),
      })
    case 'not_allowed_in_state':
      return new AppError('not_allowed_in_state', { message: refusal.message })
    case 'case_closed':
      return new AppError('case_closed', { message: refusal.message })
    case 'guard_failed':
      return new AppError('guard_failed', {
        message: refusal.message,
        ...(refusal.guard ? { details: { guard: refusal.guard } } : {}),
      })
  }
}
