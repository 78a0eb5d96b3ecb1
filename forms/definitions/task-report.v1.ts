// 任务进展报送 v1: a unit's progress report on one task of the annual task table. Published: never edit.
import type { FormDefinitionInput } from '../definition/meta-schema'

const MB = 1024 * 1024

/** The progress report, slug `task-report`, version 1. A staff form: never offered on the public form pages. */
export const taskReportV1 = {
  slug: 'task-report',
  version: 1,
  title: { 'zh-CN': '重点任务落实情况报送' },
  description: {
    'zh-CN': '请如实填写本单位对该项任务的落实情况。已在网站、公报等公开载体发布的，请填写发布网址以便核查。',
  },
  pages: [
    {
      id: 'progress',
      title: { 'zh-CN': '落实情况' },
      fields: [
        {
          kind: 'choice',
          name: 'status',
          label: { 'zh-CN': '落实状态' },
          required: true,
          pii: false,
          options: [
            { value: 'not_started', label: { 'zh-CN': '未启动' } },
            { value: 'in_progress', label: { 'zh-CN': '推进中' } },
            { value: 'completed', label: { 'zh-CN': '已完成' } },
            {
              value: 'ongoing',
              label: { 'zh-CN': '长期推进' },
              hint: { 'zh-CN': '常态化开展、没有完成节点的任务' },
            },
          ],
        },
        {
          kind: 'textarea',
          name: 'progress',
          label: { 'zh-CN': '进展情况' },
          help: { 'zh-CN': '写明做了什么、何时完成、取得的成效，可列举发布的信息数量。' },
          maxLength: 5000,
          rows: 8,
          required: true,
          pii: false,
        },
        {
          kind: 'group',
          name: 'publishedLinks',
          label: { 'zh-CN': '公开载体链接' },
          help: { 'zh-CN': '信息发布在哪里：载体或栏目名称和网址。' },
          itemLabel: { 'zh-CN': '链接' },
          required: false,
          pii: false,
          max: 10,
          fields: [
            {
              kind: 'text',
              name: 'title',
              label: { 'zh-CN': '载体或栏目名称' },
              maxLength: 100,
              required: false,
              pii: false,
            },
            {
              kind: 'text',
              name: 'url',
              label: { 'zh-CN': '网址' },
              format: 'url',
              maxLength: 500,
              required: true,
              pii: false,
            },
          ],
        },
        {
          kind: 'file',
          name: 'evidence',
          label: { 'zh-CN': '佐证材料' },
          help: { 'zh-CN': 'PDF、OFD 或图片，每个文件不超过 10 MB，最多 5 个。' },
          accept: ['application/pdf', 'application/ofd', 'image/jpeg', 'image/png'],
          maxBytes: 10 * MB,
          maxFiles: 5,
          required: false,
          pii: false,
        },
        {
          kind: 'textarea',
          name: 'problems',
          label: { 'zh-CN': '存在问题' },
          maxLength: 2000,
          rows: 4,
          required: false,
          pii: false,
        },
        {
          kind: 'textarea',
          name: 'nextSteps',
          label: { 'zh-CN': '下一步工作' },
          maxLength: 2000,
          rows: 4,
          required: false,
          pii: false,
        },
      ],
    },
  ],
} satisfies FormDefinitionInput
