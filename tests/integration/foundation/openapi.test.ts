// The API description is generated from the routes' own schemas and covers exactly the registered routes, so it
// cannot drift: a new route without a description, or a description without a route, fails here.
import { describe, expect, it } from 'vitest'
import { createApp } from '../../../workers/app'
import { type ApiDocKey, messages } from '../../../workers/i18n/zh-CN'
import { isPublicRoute } from '../../../workers/middleware/access'
import { API_OPERATIONS } from '../../../workers/routes/openapi'
import { call } from '../helpers'

const apiRoutes = createApp()
  .routes.filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/v1/'))
  .map((r) => `${r.method} ${r.path.slice('/api/v1'.length)}`)

interface JsonSchema {
  required?: string[]
  properties?: Record<string, unknown>
  oneOf?: unknown[]
}
interface Operation {
  summary: string
  security?: unknown
  requestBody?: { content: Record<string, { schema: JsonSchema }> }
  parameters?: { name: string }[]
}
interface Doc {
  paths: Record<string, Record<string, Operation>>
}

describe('GET /api/v1/openapi.json', () => {
  it('describes every registered API route, and nothing else', () => {
    expect(Object.keys(API_OPERATIONS).sort()).toEqual([...new Set(apiRoutes)].sort())
  })

  it('gives every operation a summary from the catalogue', () => {
    const missing = Object.keys(API_OPERATIONS).filter((key) => !messages.apiDocs[key as ApiDocKey])
    expect(missing).toEqual([])
  })

  it('marks exactly the staff routes as needing a bearer token', () => {
    const wrong = Object.entries(API_OPERATIONS).filter(([key, op]) => {
      const [method = '', path = ''] = key.split(' ')
      const concrete = `/api/v1${path.replace(/:[A-Za-z0-9_]+/g, 'x').replace('*', 'submissions')}`
      return (op.access === 'public') !== isPublicRoute(method, concrete)
    })
    expect(wrong).toEqual([])
  })

  it('documents request bodies from the validating schemas (POST /users has one)', async () => {
    const doc = (await (await call('/api/v1/openapi.json')).json()) as Doc
    const users = doc.paths['/users']?.post
    const schema = users?.requestBody?.content['application/json']?.schema
    expect(schema?.required).toEqual(
      expect.arrayContaining(['username', 'displayName', 'password', 'agencyId', 'roles']),
    )
    const settings =
      doc.paths['/agencies/{id}/settings']?.put?.requestBody?.content['application/json']?.schema
    expect(Object.keys(settings?.properties ?? {})).toEqual(
      expect.arrayContaining(['embedOrigins', 'disclosure', 'readOnly']),
    )
    const list = doc.paths['/cases']?.get?.parameters?.map((p) => p.name)
    expect(list).toEqual(expect.arrayContaining(['state', 'cursor', 'limit']))
    const action =
      doc.paths['/cases/{id}/actions/{action}']?.post?.requestBody?.content['application/json']?.schema
    expect(action?.oneOf?.length).toBeGreaterThan(15)
    expect(doc.paths['/cases']?.get?.security).toEqual([{ bearer: [] }])
    expect(doc.paths['/deadline']?.get?.security).toBeUndefined()
  })
})
