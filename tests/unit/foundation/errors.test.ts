// Thrown values become the one error envelope: an HTTPException keeps the meaning of its status.
import { HTTPException } from 'hono/http-exception'
import { describe, expect, it } from 'vitest'
import { AppError, toAppError } from '../../../workers/errors'
import { allowedMethods } from '../../../workers/lib/routes'

describe('toAppError', () => {
  it.each<[number, string]>([
    [400, 'bad_request'],
    [401, 'unauthenticated'],
    [403, 'forbidden'],
    [404, 'not_found'],
    [405, 'method_not_allowed'],
    [413, 'payload_too_large'],
    [415, 'unsupported_media_type'],
    [422, 'validation_failed'],
    [429, 'rate_limited'],
    [418, 'bad_request'],
    [503, 'service_unavailable'],
    [502, 'internal'],
  ])('maps an HTTPException %i to %s with the same status class', (status, code) => {
    const err = toAppError(new HTTPException(status as 400))
    expect(err.code).toBe(code)
    expect(err.status >= 500).toBe(status >= 500)
  })

  it('keeps an AppError and hides anything else as internal', () => {
    const own = new AppError('conflict')
    expect(toAppError(own)).toBe(own)
    expect(toAppError(new TypeError('secret detail')).code).toBe('internal')
    expect(toAppError(new TypeError('secret detail')).message).not.toContain('secret')
  })
})

describe('allowedMethods', () => {
  const routes = [
    { method: 'ALL', path: '/*' },
    { method: 'GET', path: '/api/v1/cases' },
    { method: 'GET', path: '/api/v1/cases/:id' },
    { method: 'POST', path: '/api/v1/cases/:id/actions/:action' },
    { method: 'GET', path: '/admin/calendar/:year{[0-9]{4}}' },
    { method: 'OPTIONS', path: '/api/v1/agencies/:agency/forms/:form/*' },
  ]

  it.each<[string, string[]]>([
    ['/api/v1/cases', ['GET', 'HEAD']],
    ['/api/v1/cases/', ['GET', 'HEAD']],
    ['/api/v1/cases/c1/actions/accept', ['POST']],
    ['/admin/calendar/2027', ['GET', 'HEAD']],
    ['/admin/calendar/27', []],
    ['/api/v1/agencies/demo/forms/disclosure/submissions', ['OPTIONS']],
    ['/nowhere', []],
  ])('%s answers %j', (path, methods) => {
    expect(allowedMethods(routes, path)).toEqual(methods)
  })
})
