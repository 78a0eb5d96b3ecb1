// The staff action forms come from the input schemas' render hints: every input has hints that match its
// fields and types, every label and option is in the zh-CN catalogue, and a filled-in form parses to valid input.
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { messages } from '../../../workers/i18n/zh-CN'
import {
  actionFormModel,
  actionInputFromForm,
  inputFormOf,
} from '../../../workers/services/cases/action-forms'
import { disclosureInputForms, disclosureInputs, disclosureV1 } from '../../../workflows/definitions'

type Json = { type?: string; enum?: string[]; items?: Json; oneOf?: unknown[] }
type ObjectJson = Json & { properties?: Record<string, Json>; required?: string[] }

const jsonOf = (name: keyof typeof disclosureInputs) =>
  z.toJSONSchema(disclosureInputs[name], { io: 'input', unrepresentable: 'any' }) as ObjectJson

const inputNames = Object.keys(disclosureInputs) as (keyof typeof disclosureInputs)[]
const flatInputs = inputNames.filter((name) => 'fields' in disclosureInputForms[name])

// What each widget may stand for in the schema.
const WIDGET_TYPES: Record<string, (p: Json) => boolean> = {
  text: (p) => p.type === 'string' && !p.enum,
  textarea: (p) => p.type === 'string' && !p.enum,
  date: (p) => p.type === 'string',
  integer: (p) => p.type === 'integer',
  checkbox: (p) => p.type === 'boolean',
  lines: (p) => p.type === 'array' && p.items?.type === 'string',
  choice: (p) => p.type === 'string' && Array.isArray(p.enum),
  handler: (p) => p.type === 'string',
  agency: (p) => p.type === 'string',
  'agency-name': (p) => p.type === 'string',
}

describe('render hints of the action inputs', () => {
  it('exist for the input of every action of the workflow', () => {
    for (const [action, def] of Object.entries(disclosureV1.definition.actions)) {
      expect(() => inputFormOf(def.input), action).not.toThrow()
    }
    expect(Object.keys(disclosureInputForms).sort()).toEqual([...inputNames].sort())
  })

  it.each(flatInputs)('%s: one hint per field, in a widget its type allows', (name) => {
    const form = disclosureInputForms[name] as { fields: readonly { name: string; widget: string }[] }
    const json = jsonOf(name)
    expect(form.fields.map((f) => f.name).sort()).toEqual(Object.keys(json.properties ?? {}).sort())
    for (const f of form.fields) {
      expect(WIDGET_TYPES[f.widget]!(json.properties![f.name]!), `${name}.${f.name} as ${f.widget}`).toBe(
        true,
      )
    }
  })

  it('uses a purpose-built form only where the input is not flat', () => {
    for (const name of inputNames.filter((n) => 'custom' in disclosureInputForms[n])) {
      const json = jsonOf(name)
      const nested = json.oneOf !== undefined || Object.values(json.properties ?? {}).some((p) => p.oneOf)
      expect(nested, name).toBe(true)
    }
  })

  it.each(flatInputs)('%s: every label, hint and option is in the zh-CN catalogue', (name) => {
    const form = disclosureInputForms[name] as {
      fields: readonly { name: string; widget: string; label?: string; hint?: string; options?: string }[]
    }
    const json = jsonOf(name)
    for (const f of form.fields) {
      if (f.widget !== 'agency-name')
        expect(messages.cases.fields, f.name).toHaveProperty([f.label ?? f.name])
      if (f.hint) expect(messages.cases.hints).toHaveProperty([f.hint])
      if (f.widget === 'choice') {
        expect(f.options, `${name}.${f.name}`).toBeDefined()
        const labels = messages.cases.options[f.options as keyof typeof messages.cases.options]
        for (const value of json.properties![f.name]!.enum!) expect(labels).toHaveProperty([value])
      }
    }
  })
})

describe('an action form', () => {
  const choices = {
    handlers: [{ value: 'u-handler', label: '承办人甲' }],
    agencies: [{ value: 'agency-b', label: '某局' }],
  }
  const values = (entries: Record<string, string>) =>
    new Map(Object.entries(entries).map(([k, v]) => [k, [v]] as [string, string[]]))

  it('renders each field with its label, optional marker and options', () => {
    const model = actionFormModel(
      inputFormOf('confirmReceiptInput'),
      disclosureInputs.confirmReceiptInput,
      choices,
    )
    expect(model).toEqual({
      kind: 'fields',
      fields: [
        expect.objectContaining({
          name: 'channel',
          widget: 'select',
          label: messages.cases.fields.channel,
          required: true,
          options: expect.arrayContaining([{ value: 'online', label: '网上申请' }]),
        }),
        expect.objectContaining({ name: 'receivedOn', widget: 'date', required: true }),
      ],
    })
    const transfer = actionFormModel(inputFormOf('transferInput'), disclosureInputs.transferInput, choices)
    expect(transfer.kind === 'fields' && transfer.fields.map((f) => [f.name, f.widget])).toEqual([
      ['toAgencyId', 'select'],
      ['reason', 'textarea'],
    ])
    const assign = actionFormModel(inputFormOf('assignInput'), disclosureInputs.assignInput, choices)
    expect(assign.kind === 'fields' && assign.fields[0]!.options).toEqual(choices.handlers)
  })

  it.each([
    ['confirmReceiptInput', { channel: 'online', receivedOn: '2024-09-27' }],
    ['requestCorrectionInput', { items: '请写明文号\n请写明年份', windowWorkingDays: '10' }],
    ['receiveOpinionInput', { receivedOn: '2024-10-18', position: 'agrees', summary: '' }],
    [
      'recordRemedyInput',
      { kind: 'litigation', litigationPath: 'direct', filedOn: '2024-12-02', result: 'pending' },
    ],
    ['recordPaymentInput', { paidOn: '2024-10-20', amountYuan: '100' }],
    ['issueFeeNoticeInput', { method: 'per_page', count: '250', amountYuan: '4700' }],
  ] as const)('%s: the posted values parse to an input the schema accepts', (name, posted) => {
    const input = actionInputFromForm(inputFormOf(name), values(posted))
    expect(disclosureInputs[name].safeParse(input).error).toBeUndefined()
  })

  it('turns lines into a list, numbers into numbers, and leaves empty fields out', () => {
    expect(
      actionInputFromForm(
        inputFormOf('requestCorrectionInput'),
        values({ items: ' 甲 \r\n\n乙 ', windowWorkingDays: '' }),
      ),
    ).toEqual({ items: ['甲', '乙'] })
    expect(
      actionInputFromForm(inputFormOf('extendInput'), values({ workingDays: '10', reason: ' 理由 ' })),
    ).toEqual({ workingDays: 10, reason: '理由' })
  })

  it('leaves the chosen agency’s name for the server to fill in', () => {
    expect(
      actionInputFromForm(
        inputFormOf('transferInput'),
        values({ toAgencyId: 'agency-b', toAgencyName: 'x', reason: 'r' }),
      ),
    ).toEqual({ toAgencyId: 'agency-b', reason: 'r' })
  })
})
