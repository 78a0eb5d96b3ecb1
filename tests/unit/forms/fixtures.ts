// Shared builders for the forms unit tests: valid identity numbers and complete disclosure answers.
import { type FormDefinitionInput, residentIdCheckChar, usccCheckChar } from '../../../forms'

export const TODAY = '2026-11-21'

/** A resident ID with a computed check character. */
export function residentId(region: string, birth: string, sequence: string): string {
  const body = `${region}${birth}${sequence}`
  return `${body}${residentIdCheckChar(body)}`
}

/** A USCC with a computed check character. */
export function uscc(body: string): string {
  return `${body}${usccCheckChar(body)}`
}

/** The GB 11643 standard example (check character X). */
export const STANDARD_ID = '11010519491231002X'
/** A real-format USCC; check character 3 verified by hand against GB 32100. */
export const VALID_USCC = '91350100M000100Y43'

/** A complete 自然人 application as the JSON API would receive it. */
export function personJson(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    applicantType: 'natural_person',
    name: '张三',
    idDocument: { type: 'resident_id', number: STANDARD_ID },
    informationDescription: '本县2024年度财政预算执行情况报告',
    carrier: 'electronic',
    deliveryMethod: 'download',
    phone: '13812345678',
    declaration: true,
    ...overrides,
  }
}

/** The same application as decoded x-www-form-urlencoded pairs. */
export function personForm(
  overrides: Record<string, string | string[]> = {},
): Record<string, string | string[]> {
  return {
    _csrf: 'token',
    applicantType: 'natural_person',
    name: '张三',
    'idDocument.type': 'resident_id',
    'idDocument.number': STANDARD_ID,
    informationDescription: '本县2024年度财政预算执行情况报告',
    carrier: 'electronic',
    deliveryMethod: 'download',
    phone: '13812345678',
    declaration: 'on',
    ...overrides,
  }
}

/** A complete 法人或其他组织 application (JSON). */
export function organisationJson(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    applicantType: 'organisation',
    orgCategory: 'legal_services',
    orgName: '某某律师事务所',
    uscc: VALID_USCC,
    agentName: '李四',
    agentIdDocument: { type: 'passport', number: 'E12345678' },
    informationDescription: '某路段拓宽工程的规划许可文件',
    carrier: 'paper',
    deliveryMethod: 'post',
    phone: '010-62345678',
    postalAddress: { region: '北京市朝阳区', detail: '某某路1号', postcode: '100020' },
    declaration: true,
    ...overrides,
  }
}

const label = (text: string) => ({ 'zh-CN': text })

/** A small definition exercising groups, multi-choice, dates, hidden prefill and nested conditions. */
export function sampleDefinition(): FormDefinitionInput {
  return {
    slug: 'sample',
    version: 1,
    title: label('示例表单'),
    pages: [
      {
        id: 'about',
        title: label('基本情况'),
        fields: [
          { kind: 'text', name: 'fullName', label: label('姓名'), format: 'name', required: true, pii: true },
          { kind: 'date', name: 'eventDate', label: label('发生日期'), notFuture: true, pii: false },
          {
            kind: 'multi-choice',
            name: 'topics',
            label: label('涉及领域'),
            pii: false,
            maxSelected: 2,
            options: [
              { value: 'finance', label: label('财政') },
              { value: 'planning', label: label('规划') },
              { value: 'other', label: label('其他') },
            ],
          },
          {
            kind: 'text',
            name: 'otherTopic',
            label: label('其他领域'),
            required: true,
            pii: false,
            visibleWhen: { op: 'eq', field: 'topics', value: 'other' },
          },
          { kind: 'hidden', name: 'channel', label: label('来源'), pii: false, prefill: { query: 'from' } },
        ],
      },
      {
        id: 'people',
        title: label('共同申请人'),
        fields: [
          {
            kind: 'group',
            name: 'coApplicants',
            label: label('共同申请人'),
            pii: false,
            min: 1,
            max: 3,
            fields: [
              {
                kind: 'text',
                name: 'memberName',
                label: label('姓名'),
                format: 'name',
                required: true,
                pii: true,
              },
              { kind: 'phone', name: 'memberPhone', label: label('手机'), accept: 'mobile', pii: true },
              {
                kind: 'email',
                name: 'memberEmail',
                label: label('邮箱'),
                pii: true,
                required: { op: 'not', args: [{ op: 'truthy', field: 'memberPhone' }] },
              },
            ],
          },
        ],
      },
    ],
  }
}
