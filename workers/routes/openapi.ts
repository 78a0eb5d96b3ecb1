// GET /api/v1/openapi.json: the JSON API described for integrators (OpenAPI 3.1). Action inputs and the error
// envelope are generated from the same zod schemas the server validates with, so the document cannot drift.
import { Hono } from 'hono'
import { z } from 'zod'
import { disclosureWorkflow } from '../../workflows/definitions'
import type { AppEnv } from '../env'
import { ImportBody } from './api-calendar'

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

function op(summary: string, extra: Record<string, unknown> = {}) {
  return {
    summary,
    responses: {
      '200': { description: 'OK' },
      default: {
        description: '错误',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      },
    },
    ...extra,
  }
}

function document() {
  const workflow = disclosureWorkflow(1)!
  const actions = Object.fromEntries(
    Object.entries(workflow.definition.actions).map(([name, a]) => {
      const input = z.toJSONSchema(workflow.implementations.inputs[a.input]!, {
        io: 'input',
        unrepresentable: 'any',
      })
      return [
        name,
        {
          description: a.label['zh-CN'],
          allOf: [input, { properties: { version: { type: 'integer' } }, required: ['version'] }],
        },
      ]
    }),
  )
  const staff = [{ bearer: [] }]
  return {
    openapi: '3.1.0',
    info: { title: '政务公开平台 API', version: '1' },
    servers: [{ url: '/api/v1' }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        Error: errorEnvelope,
        ...Object.fromEntries(Object.entries(actions).map(([k, v]) => [`action.${k}`, v])),
      },
    },
    paths: {
      '/auth/login': { post: op('登录，获取令牌') },
      '/auth/logout': { post: op('注销令牌', { security: staff }) },
      '/auth/me': { get: op('当前用户', { security: staff }) },
      '/deadline': {
        get: op(
          '计算期限并说明计入的工作日（from, workingDays）；所需年度未载入时 409，details 给出已计与尚余的工作日（missingYear, countedThrough, countedDays, remainingWorkingDays）',
        ),
      },
      '/calendar': { get: op('已载入的节假日年度') },
      '/calendar/{year}': {
        get: op('某年的节假日安排'),
        put: op('替换某年的节假日安排（管理员）', { security: staff }),
      },
      '/calendar/{year}/import': {
        post: op(
          '导入某年的节假日安排：notice（粘贴国务院办公厅通知原文）/ics/csv/json；preview 为 true 时只返回解析出的日期和提示 { year, days, warnings, ignored }，不写入',
          {
            security: staff,
            requestBody: {
              required: true,
              content: {
                'application/json': {
                  schema: z.toJSONSchema(ImportBody, { io: 'input', unrepresentable: 'any' }),
                },
              },
            },
          },
        ),
      },
      '/calendar/{year}/confirm': { post: op('确认或撤销确认某年的安排', { security: staff }) },
      '/calendar/{year}/days/{date}': {
        put: op('新增或修改一天', { security: staff }),
        delete: op('删除一天', { security: staff }),
      },
      '/agencies/{agency}/forms/{form}': { get: op('表单定义（JSON Schema）') },
      '/agencies/{agency}/forms/{form}/submissions': {
        post: op('提交申请（可带 Idempotency-Key 头）', {
          parameters: [{ name: 'Idempotency-Key', in: 'header', schema: { type: 'string' } }],
          responses: { '201': { description: '已提交：reference, queryCode, status, submittedAt' } },
        }),
      },
      '/agencies/{agency}/forms/{form}/attachments': { post: op('上传材料（multipart，字段 file）') },
      '/agencies/{agency}/forms/{form}/challenge': {
        get: op('工作量证明题目（机关启用时；解答放入提交请求的 X-Altcha 头）'),
      },
      '/track': { get: op('凭申请编号和查询码查询进度（reference, code）') },
      '/track/withdraw': { post: op('申请人撤回申请') },
      '/cases': {
        get: op('案件列表（state, assignee, dueBefore, overdue, applicantType, q, cursor, limit）', {
          security: staff,
        }),
      },
      '/cases/{id}': { get: op('案件详情、可执行操作、期限说明和办理记录', { security: staff }) },
      '/cases/{id}/actions/{action}': {
        post: op('执行操作：请求体为 components.schemas 中对应的 action.<名称>', { security: staff }),
      },
      '/cases/{id}/applicant': { get: op('申请人信息（脱敏）', { security: staff }) },
      '/cases/{id}/applicant/reveal': { post: op('查看完整个人信息（记录审计日志）', { security: staff }) },
      '/attachments/{id}': { get: op('下载材料（记录审计日志）', { security: staff }) },
      '/audit/verify': { get: op('校验审计哈希链（agency）', { security: staff }) },
      '/agencies/{id}/settings': {
        get: op('机关设置', { security: staff }),
        put: op('修改机关设置', { security: staff }),
      },
      '/users': { get: op('工作人员', { security: staff }), post: op('新建工作人员', { security: staff }) },
    },
  }
}

let cached: ReturnType<typeof document> | null = null

export const openapi = new Hono<AppEnv>().get('/openapi.json', (c) => {
  cached ??= document()
  c.header('Cache-Control', 'public, max-age=3600')
  return c.json(cached)
})
