// GET /api/v1/openapi.json: the JSON API described for integrators (OpenAPI 3.1), built from the operations each
// API module exports with the very zod schemas its routes validate with, so the document cannot drift.
import { Hono } from 'hono'
import type { ZodType } from 'zod'
import * as z from 'zod'
import { CURRENT_DISCLOSURE_VERSION, disclosureWorkflow, taskReportV1 } from '../../workflows/definitions'
import type { AppEnv } from '../env'
import { type ApiDocKey, messages } from '../i18n/zh-CN'
import { apiApplicantOperations } from './api-applicant'
import { apiAuditOperations } from './api-audit'
import { apiAuthOperations } from './api-auth'
import { apiCalendarOperations } from './api-calendar'
import { apiCasesOperations } from './api-cases'
import type { ApiOperation, ApiOperations } from './api-docs'
import { apiFormsOperations } from './api-forms'
import { apiIntakeOperations } from './api-intake'
import { apiLettersOperations } from './api-letters'
import { apiReportsOperations } from './api-reports'
import { apiStaffOperations } from './api-staff'
import { apiTasksOperations } from './api-tasks'
import { trackingOperations } from './tracking'

/** Every documented operation of /api/v1, by `METHOD /path`. */
export const API_OPERATIONS: ApiOperations = {
  'GET /openapi.json': { access: 'public' },
  ...apiAuthOperations,
  ...apiCalendarOperations,
  ...trackingOperations,
  ...apiFormsOperations,
  ...apiIntakeOperations,
  ...apiCasesOperations,
  ...apiAuditOperations,
  ...apiApplicantOperations,
  ...apiLettersOperations,
  ...apiReportsOperations,
  ...apiStaffOperations,
  ...apiTasksOperations,
}

const errorEnvelope = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'requestId'],
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        requestId: { type: 'string' },
        issues: {
          type: 'array',
          items: {
            type: 'object',
            properties: { path: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } },
          },
        },
        details: { type: 'object' },
      },
    },
  },
}

function schemaOf(schema: ZodType): Record<string, unknown> {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>
}

/** Query parameters of an object schema, one per property. */
function queryParameters(schema: ZodType) {
  const json = schemaOf(schema) as { properties?: Record<string, unknown>; required?: string[] }
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: json.required?.includes(name) ?? false,
    schema: property,
  }))
}

let componentNames: string[] = []

/** References to every component schema whose name starts with `prefix.` (e.g. the action inputs). */
function refs(prefix: string) {
  return componentNames
    .filter((n) => n.startsWith(`${prefix}.`))
    .map((n) => ({ $ref: `#/components/schemas/${n}` }))
}

function operation(key: string, op: ApiOperation) {
  const path = key.slice(key.indexOf(' ') + 1)
  const parameters = [
    ...[...path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    })),
    ...(op.query ? queryParameters(op.query) : []),
    ...Object.entries(op.headers ?? {}).map(([name, description]) => ({
      name,
      in: 'header',
      required: false,
      description,
      schema: { type: 'string' },
    })),
  ]
  const content = op.body
    ? { 'application/json': { schema: schemaOf(op.body) } }
    : op.bodyRef
      ? { 'application/json': { schema: { oneOf: refs(op.bodyRef) } } }
      : op.multipart
        ? {
            'multipart/form-data': {
              schema: {
                type: 'object',
                properties: Object.fromEntries(
                  Object.entries(op.multipart).map(([name, description]) => [
                    name,
                    { type: 'string', format: 'binary', description },
                  ]),
                ),
              },
            },
          }
        : null
  return {
    summary: messages.apiDocs[key as ApiDocKey] ?? key,
    ...(op.access === 'staff' ? { security: [{ bearer: [] }] } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(content ? { requestBody: { required: true, content } } : {}),
    responses: {
      [String(op.status ?? 200)]: { description: 'OK' },
      default: {
        description: messages.apiDocs.errorResponse,
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      },
    },
  }
}

/** Each action of a workflow as a component schema `<prefix>.<action>`: its input plus the version. */
function actionSchemas(
  prefix: string,
  workflow: {
    definition: { actions: Readonly<Record<string, { label: { 'zh-CN': string }; input: string }>> }
    implementations: { inputs: Readonly<Record<string, ZodType>> }
  },
  except: readonly string[] = [],
) {
  return Object.fromEntries(
    Object.entries(workflow.definition.actions)
      .filter(([name]) => !except.includes(name))
      .map(([name, a]) => [
        `${prefix}.${name}`,
        {
          description: a.label['zh-CN'],
          allOf: [
            schemaOf(workflow.implementations.inputs[a.input]!),
            { properties: { version: { type: 'integer' } }, required: ['version'] },
          ],
        },
      ]),
  )
}

function document() {
  const actions = {
    ...actionSchemas('action', disclosureWorkflow(CURRENT_DISCLOSURE_VERSION)!),
    // `submit` is POST /tasks/{task}/reports, not an action of a filed report.
    ...actionSchemas('taskReportAction', taskReportV1, ['submit']),
  }
  componentNames = Object.keys(actions)
  const paths: Record<string, Record<string, unknown>> = {}
  for (const [key, op] of Object.entries(API_OPERATIONS)) {
    const method = key.slice(0, key.indexOf(' ')).toLowerCase()
    const path = key.slice(key.indexOf(' ') + 1).replace(/:([A-Za-z0-9_]+)/g, '{$1}')
    paths[path] = { ...paths[path], [method]: operation(key, op) }
  }
  return {
    openapi: '3.1.0',
    info: { title: messages.apiDocs.title, version: '1' },
    servers: [{ url: '/api/v1' }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: { Error: errorEnvelope, ...actions },
    },
    paths,
  }
}

let cached: ReturnType<typeof document> | null = null

export const openapi = new Hono<AppEnv>().get('/openapi.json', (c) => {
  cached ??= document()
  c.header('Cache-Control', 'public, max-age=3600')
  return c.json(cached)
})
