// 政府信息公开申请表 v2: v1's questions and data, reorganised so the definition's conditions route the pages (issue 14).
// The applicant type is its own question; a person and an organisation then get their own page (the other one is
// skipped, with or without JavaScript); 电子邮件 and 在线下载 can only be chosen for 电子数据. Submissions are
// shaped exactly like v1's (same field names and values), so intake, cases and reports read both alike.
// The person and organisation fields keep v1's `visibleWhen` on the applicant type: that alone routes the pages.
// Published: never edit; publish v3 instead. v1 stays stored, so cases and drafts pinned to it stay valid.

import type { FormDefinitionInput } from '../definition/meta-schema'
import { disclosureV1 } from './disclosure.v1'

const isElectronic = { op: 'eq', field: 'carrier', value: 'electronic' } as const

type Page = (typeof disclosureV1.pages)[number]
const v1Page = (id: string): Page => disclosureV1.pages.find((p) => p.id === id)!
const v1Field = (name: string) => {
  for (const page of disclosureV1.pages) {
    const field = page.fields.find((f) => f.name === name)
    if (field) return field
  }
  throw new Error(`disclosure v1 has no field ${name}`)
}

/** The disclosure application, slug `disclosure`, version 2. */
export const disclosureV2 = {
  slug: 'disclosure',
  version: 2,
  title: disclosureV1.title,
  description: disclosureV1.description,
  pages: [
    {
      id: 'applicant-type',
      title: { 'zh-CN': '申请人类型' },
      fields: [v1Field('applicantType')],
    },
    {
      id: 'applicant',
      title: { 'zh-CN': '申请人信息' },
      fields: [v1Field('name'), v1Field('idDocument')],
    },
    {
      id: 'organisation',
      title: { 'zh-CN': '申请单位信息' },
      fields: [
        v1Field('orgCategory'),
        v1Field('orgName'),
        v1Field('uscc'),
        v1Field('agentName'),
        v1Field('agentIdDocument'),
      ],
    },
    v1Page('request'),
    {
      ...v1Page('delivery'),
      fields: [
        v1Field('carrier'),
        {
          kind: 'choice',
          name: 'deliveryMethod',
          label: { 'zh-CN': '获取信息的方式' },
          required: true,
          pii: false,
          options: [
            { value: 'post', label: { 'zh-CN': '邮寄' } },
            {
              value: 'email',
              label: { 'zh-CN': '电子邮件' },
              hint: { 'zh-CN': '仅适用于电子数据' },
              visibleWhen: isElectronic,
            },
            { value: 'collect', label: { 'zh-CN': '自行领取' } },
            {
              value: 'download',
              label: { 'zh-CN': '在线下载' },
              hint: { 'zh-CN': '仅适用于电子数据' },
              visibleWhen: isElectronic,
            },
            { value: 'inspect', label: { 'zh-CN': '当场查阅、抄录' } },
          ],
        },
      ],
    },
    v1Page('contact'),
    v1Page('declaration'),
  ],
} satisfies FormDefinitionInput
