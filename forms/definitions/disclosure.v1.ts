// 政府信息公开申请表 v1 (Regulation Art. 27, 29, 43): only what the law needs is mandatory. Published: never edit.

import type { SubmissionData } from '../compiler/values'
import type { FormDefinitionInput } from '../definition/meta-schema'

const isPerson = { op: 'eq', field: 'applicantType', value: 'natural_person' } as const
const isOrganisation = { op: 'eq', field: 'applicantType', value: 'organisation' } as const
const MB = 1024 * 1024

/** The disclosure application, slug `disclosure`, version 1. */
export const disclosureV1 = {
  slug: 'disclosure',
  version: 1,
  title: { 'zh-CN': '政府信息公开申请' },
  description: {
    'zh-CN':
      '依据《中华人民共和国政府信息公开条例》第二十七条、第二十九条，公民、法人或者其他组织可以向行政机关申请获取相关政府信息。注明“选填”的项目可以不填。',
  },
  pages: [
    {
      id: 'applicant',
      title: { 'zh-CN': '申请人信息' },
      fields: [
        {
          kind: 'choice',
          name: 'applicantType',
          label: { 'zh-CN': '申请人类型' },
          required: true,
          pii: false,
          options: [
            { value: 'natural_person', label: { 'zh-CN': '自然人' }, hint: { 'zh-CN': '以个人名义申请' } },
            {
              value: 'organisation',
              label: { 'zh-CN': '法人或其他组织' },
              hint: { 'zh-CN': '以单位名义申请' },
            },
          ],
        },
        {
          kind: 'text',
          name: 'name',
          label: { 'zh-CN': '申请人姓名' },
          format: 'name',
          maxLength: 50,
          autocomplete: 'name',
          required: true,
          pii: true,
          visibleWhen: isPerson,
        },
        {
          kind: 'id-document',
          name: 'idDocument',
          label: { 'zh-CN': '申请人身份证件' },
          help: { 'zh-CN': '身份证号码最后一位如为X，大小写均可。' },
          required: true,
          pii: true,
          visibleWhen: isPerson,
        },
        {
          kind: 'choice',
          name: 'orgCategory',
          label: { 'zh-CN': '机构类型' },
          required: true,
          pii: false,
          visibleWhen: isOrganisation,
          options: [
            { value: 'commercial', label: { 'zh-CN': '商业企业' } },
            { value: 'research', label: { 'zh-CN': '科研机构' } },
            { value: 'social_welfare', label: { 'zh-CN': '社会公益组织' } },
            { value: 'legal_services', label: { 'zh-CN': '法律服务机构' } },
            { value: 'other', label: { 'zh-CN': '其他' } },
          ],
        },
        {
          kind: 'text',
          name: 'orgName',
          label: { 'zh-CN': '申请人名称' },
          help: { 'zh-CN': '填写营业执照或登记证书上的全称。' },
          format: 'name',
          maxLength: 100,
          autocomplete: 'organization',
          required: true,
          pii: false,
          visibleWhen: isOrganisation,
        },
        {
          kind: 'text',
          name: 'uscc',
          label: { 'zh-CN': '统一社会信用代码' },
          help: { 'zh-CN': '18位，见营业执照或登记证书。' },
          format: 'uscc',
          required: true,
          pii: false,
          visibleWhen: isOrganisation,
        },
        {
          kind: 'text',
          name: 'agentName',
          label: { 'zh-CN': '经办人姓名' },
          format: 'name',
          maxLength: 50,
          autocomplete: 'name',
          required: true,
          pii: true,
          visibleWhen: isOrganisation,
        },
        {
          kind: 'id-document',
          name: 'agentIdDocument',
          label: { 'zh-CN': '经办人身份证件' },
          required: true,
          pii: true,
          visibleWhen: isOrganisation,
        },
      ],
    },
    {
      id: 'request',
      title: { 'zh-CN': '所需政府信息' },
      fields: [
        {
          kind: 'textarea',
          name: 'informationDescription',
          label: { 'zh-CN': '所需政府信息的名称或内容描述' },
          help: { 'zh-CN': '请尽量写明信息的名称，或者便于查找的内容描述，例如发布机关、时间、涉及的事项。' },
          maxLength: 2000,
          rows: 6,
          required: true,
          pii: false,
        },
        {
          kind: 'text',
          name: 'documentNumber',
          label: { 'zh-CN': '文号' },
          help: { 'zh-CN': '例如：某政发〔2024〕1号。' },
          maxLength: 100,
          required: false,
          pii: false,
        },
        {
          kind: 'textarea',
          name: 'otherFeatures',
          label: { 'zh-CN': '其他特征描述' },
          maxLength: 1000,
          rows: 3,
          required: false,
          pii: false,
        },
        {
          // Art. 2019 revision removed the "三需要" test: the purpose may be given, never demanded.
          kind: 'textarea',
          name: 'purpose',
          label: { 'zh-CN': '申请用途' },
          help: { 'zh-CN': '无需说明用途，不填写不影响申请的受理和答复。' },
          maxLength: 500,
          rows: 3,
          required: false,
          pii: false,
        },
      ],
    },
    {
      id: 'delivery',
      title: { 'zh-CN': '获取信息的方式' },
      description: { 'zh-CN': '行政机关将尽量按照您选择的方式提供；无法按照所选方式提供的，会另行告知。' },
      fields: [
        {
          kind: 'choice',
          name: 'carrier',
          label: { 'zh-CN': '信息的载体形式' },
          required: true,
          pii: false,
          options: [
            { value: 'paper', label: { 'zh-CN': '纸质' } },
            { value: 'electronic', label: { 'zh-CN': '电子数据' } },
          ],
        },
        {
          kind: 'choice',
          name: 'deliveryMethod',
          label: { 'zh-CN': '获取信息的方式' },
          required: true,
          pii: false,
          options: [
            { value: 'post', label: { 'zh-CN': '邮寄' } },
            { value: 'email', label: { 'zh-CN': '电子邮件' } },
            { value: 'collect', label: { 'zh-CN': '自行领取' } },
            { value: 'download', label: { 'zh-CN': '在线下载' } },
            { value: 'inspect', label: { 'zh-CN': '当场查阅、抄录' } },
          ],
        },
      ],
    },
    {
      // After the delivery page, so "email if 电子邮件, address if 邮寄" only ever looks back.
      id: 'contact',
      title: { 'zh-CN': '联系方式' },
      fields: [
        {
          kind: 'phone',
          name: 'phone',
          label: { 'zh-CN': '联系电话' },
          help: { 'zh-CN': '手机号码，或带区号的固定电话。' },
          required: true,
          pii: true,
        },
        {
          kind: 'email',
          name: 'email',
          label: { 'zh-CN': '电子邮箱' },
          help: { 'zh-CN': '选择以电子邮件获取信息时必填。' },
          required: { op: 'eq', field: 'deliveryMethod', value: 'email' },
          pii: true,
        },
        {
          kind: 'address',
          name: 'postalAddress',
          label: { 'zh-CN': '通信地址' },
          help: { 'zh-CN': '选择邮寄时必填；邮政编码选填。' },
          required: { op: 'eq', field: 'deliveryMethod', value: 'post' },
          pii: true,
        },
      ],
    },
    {
      id: 'declaration',
      title: { 'zh-CN': '材料与声明' },
      fields: [
        {
          kind: 'file',
          name: 'attachments',
          label: { 'zh-CN': '身份证明等材料' },
          help: {
            'zh-CN':
              '可上传身份证件、营业执照或授权委托书的扫描件或照片。支持 PDF、JPEG、PNG 格式，每个文件不超过 5 MB，最多 5 个。',
          },
          accept: ['application/pdf', 'image/jpeg', 'image/png'],
          maxBytes: 5 * MB,
          maxFiles: 5,
          required: false,
          // ID scans are sensitive personal information (PIPL Art. 28).
          pii: true,
        },
        {
          kind: 'consent',
          name: 'declaration',
          label: { 'zh-CN': '本人承诺所填信息真实、准确，并已阅读个人信息处理告知' },
          statement: {
            'zh-CN':
              '个人信息处理告知：本机关依据《中华人民共和国个人信息保护法》第十三条第一款第三项（为履行法定职责所必需），按照《中华人民共和国政府信息公开条例》处理您提交的个人信息，仅用于办理本次政府信息公开申请、送达相关文书以及依法统计和归档。身份证件号码、联系电话、地址和上传的材料加密存储，只有经授权的工作人员可以查看，每次查看都会留下记录。',
          },
          pii: false,
        },
      ],
    },
  ],
} satisfies FormDefinitionInput

/**
 * Who the applicant says they are (their answer on this form): a natural person, or an organisation of one of
 * five kinds. Not an annual-report column: the Worker maps it to the column it is counted in (`reportColumnOf`
 * in workers/services/intake.ts), whose keys are not these codes.
 */
export type ApplicantCategory =
  | 'natural_person'
  | 'commercial'
  | 'research'
  | 'social_welfare'
  | 'legal_services'
  | 'other'

const ORGANISATION_CATEGORIES: ReadonlySet<string> = new Set([
  'commercial',
  'research',
  'social_welfare',
  'legal_services',
  'other',
])

/** The applicant category of validated disclosure v1 answers. Throws on data v1 cannot produce. */
export function applicantCategory(data: Readonly<SubmissionData>): ApplicantCategory {
  if (data.applicantType === 'natural_person') return 'natural_person'
  if (data.applicantType === 'organisation' && typeof data.orgCategory === 'string') {
    if (ORGANISATION_CATEGORIES.has(data.orgCategory)) return data.orgCategory as ApplicantCategory
  }
  throw new TypeError('applicantCategory: not validated disclosure v1 data')
}
