// 申请更正政府信息记录 v1 (Regulation Art. 41): a person or organisation with evidence that a government record about
// them is inaccurate asks the agency to correct it. The applicant page is the disclosure form's own. Published: never edit.
import type { FormDefinitionInput } from '../definition/meta-schema'
import { disclosureV1 } from './disclosure.v1'

const MB = 1024 * 1024

/** The Art. 41 correction request, slug `record-correction`, version 1. */
export const recordCorrectionV1 = {
  slug: 'record-correction',
  version: 1,
  title: { 'zh-CN': '申请更正政府信息记录' },
  description: {
    'zh-CN':
      '依据《中华人民共和国政府信息公开条例》第四十一条，公民、法人或者其他组织有证据证明行政机关提供的与其自身相关的政府信息记录不准确的，可以要求该行政机关更正。注明“选填”的项目可以不填。',
  },
  pages: [
    // Who asks: the same questions as a disclosure application (identity, category for the statistics).
    disclosureV1.pages[0]!,
    {
      id: 'record',
      title: { 'zh-CN': '需要更正的记录' },
      fields: [
        {
          kind: 'textarea',
          name: 'recordDescription',
          label: { 'zh-CN': '需要更正的政府信息记录' },
          help: { 'zh-CN': '写明记录的名称、文号或者便于查找的特征，以及您从何处获得该记录。' },
          maxLength: 2000,
          rows: 5,
          required: true,
          pii: false,
        },
        {
          kind: 'textarea',
          name: 'inaccuracy',
          label: { 'zh-CN': '不准确之处及应当更正为' },
          help: { 'zh-CN': '逐项写明记录中哪些内容不准确，以及正确的内容。' },
          maxLength: 2000,
          rows: 5,
          required: true,
          pii: true,
        },
        {
          kind: 'file',
          name: 'attachments',
          label: { 'zh-CN': '证明记录不准确的证据材料' },
          help: {
            'zh-CN': '支持 PDF、JPEG、PNG 格式，每个文件不超过 5 MB，最多 5 个。可以同时上传身份证明材料。',
          },
          accept: ['application/pdf', 'image/jpeg', 'image/png'],
          maxBytes: 5 * MB,
          maxFiles: 5,
          required: true,
          pii: true,
        },
      ],
    },
    {
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
        { kind: 'email', name: 'email', label: { 'zh-CN': '电子邮箱' }, required: false, pii: true },
        {
          kind: 'address',
          name: 'postalAddress',
          label: { 'zh-CN': '通信地址' },
          required: false,
          pii: true,
        },
      ],
    },
    {
      id: 'declaration',
      title: { 'zh-CN': '声明' },
      fields: [
        {
          kind: 'consent',
          name: 'declaration',
          label: { 'zh-CN': '本人承诺所填信息和提供的证据真实、准确，并已阅读个人信息处理告知' },
          statement: {
            'zh-CN':
              '个人信息处理告知：本机关依据《中华人民共和国个人信息保护法》第十三条第一款第三项（为履行法定职责所必需），按照《中华人民共和国政府信息公开条例》第四十一条处理您提交的个人信息，仅用于审查和办理本次更正申请、送达相关告知以及依法归档。身份证件号码、联系方式和上传的材料加密存储，只有经授权的工作人员可以查看，每次查看都会留下记录。',
          },
          pii: false,
        },
      ],
    },
  ],
} satisfies FormDefinitionInput
