// The staff action forms, built from each action input's render hints (workflows/definitions): the model a view
// renders, and the way back from the posted form to the action input the engine validates.
import * as z from 'zod'
import { caseInputForms, type InputForm, type InputWidget } from '../../../workflows/definitions'
import { messages } from '../../i18n/zh-CN'

const t = messages.cases

export interface Choice {
  value: string
  label: string
}

/** One control of an action form, with its texts resolved. */
export interface ActionFieldModel {
  name: string
  /** `select` for every pick-one field (enum values, handlers, agencies). */
  widget: Exclude<InputWidget, 'choice' | 'handler' | 'agency' | 'agency-name'> | 'select'
  label: string
  hint: string | null
  required: boolean
  options: Choice[]
}

export type ActionFormModel =
  | { kind: 'fields'; fields: ActionFieldModel[] }
  | { kind: 'reply' }
  | { kind: 'reply-v2' }
  | { kind: 'fee-notice' }

/** The people and agencies a form may offer (handlers of the case's agency, the other agencies). */
export interface FormChoices {
  handlers: Choice[]
  agencies: Choice[]
}

type JsonSchema = { required?: string[]; properties?: Record<string, { enum?: string[] }> }

/** The render hints of an action input by its schema name; every input schema has them (a unit test checks). */
export function inputFormOf(inputName: string): InputForm {
  const form = Object.hasOwn(caseInputForms, inputName) ? caseInputForms[inputName] : undefined
  if (!form) throw new Error(`No form hints for the input ${inputName}`)
  return form
}

export function actionFormModel(form: InputForm, schema: z.ZodType, choices: FormChoices): ActionFormModel {
  if ('custom' in form) return { kind: form.custom }
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema
  const fields: ActionFieldModel[] = []
  for (const f of form.fields) {
    if (f.widget === 'agency-name') continue
    const labels = f.options ? (t.options[f.options] as Record<string, string>) : {}
    const options =
      f.widget === 'handler'
        ? choices.handlers
        : f.widget === 'agency'
          ? choices.agencies
          : f.widget === 'choice'
            ? (json.properties?.[f.name]?.enum ?? []).map((value) => ({
                value,
                label: labels[value] ?? value,
              }))
            : []
    const pick = f.widget === 'choice' || f.widget === 'handler' || f.widget === 'agency'
    fields.push({
      name: f.name,
      widget: pick ? 'select' : (f.widget as ActionFieldModel['widget']),
      label: (t.fields as Record<string, string>)[f.label ?? f.name] ?? f.name,
      hint: f.hint ? ((t.hints as Record<string, string>)[f.hint] ?? null) : null,
      required: json.required?.includes(f.name) ?? false,
      options,
    })
  }
  return { kind: 'fields', fields }
}

function lines(value: string | undefined): string[] {
  return (value ?? '')
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter(Boolean)
}

/**
 * The draft-reply input: the outcome carries exactly the parts its code needs (the schema is strict). In v2 the
 * holding agency of a "not held" reply is optional, and a disclosure over a third party's objection carries its
 * override (content and public-interest reason).
 */
function draftReplyInput(form: Map<string, string[]>, v2 = false): Record<string, unknown> {
  const v = (k: string) => form.get(k)?.[0]?.trim() ?? ''
  const code = v('code')
  const legalBasis = lines(v('legalBasis'))
  const reasons = v('reasons') || undefined
  const outcome: Record<string, unknown> = { code, legalBasis }
  if (code === 'already_published') Object.assign(outcome, { location: v('howToObtain'), reasons })
  else if (code === 'disclosed') Object.assign(outcome, { howToObtain: v('howToObtain'), reasons })
  else if (code === 'partially_disclosed') {
    Object.assign(outcome, {
      howToObtain: v('howToObtain'),
      disclosedParts: lines(v('disclosedParts')).map((description) => ({ description })),
      withheldParts: lines(v('withheldParts')).map((description) => ({
        description,
        ground: v('ground'),
        legalBasis,
        reasons: reasons ?? '',
      })),
    })
  } else if (code === 'not_held') {
    const named = v('rightAgencyName')
    const contact = v('rightAgencyContact')
    Object.assign(outcome, {
      reasons: reasons ?? '',
      ...(v2 && !named && !contact
        ? {}
        : { rightAgency: v2 && !contact ? { name: named } : { name: named, contact } }),
    })
  } else if (code === 'special_regime') {
    Object.assign(outcome, { reasons: reasons ?? '', regime: v('regime'), howToApply: v('howToApply') })
  } else Object.assign(outcome, { reasons: reasons ?? '' })
  for (const k of Object.keys(outcome)) if (outcome[k] === undefined) delete outcome[k]
  const override =
    v2 && (v('overrideContent') || v('overrideReasons'))
      ? { override: { disclosedContent: v('overrideContent'), reasons: v('overrideReasons') } }
      : {}
  return { outcome, secrecyReviewed: v('secrecyReviewed') === 'true', ...override }
}

/** The fee-notice input (按件's count of this month's earlier requests is computed by the service, not posted). */
function feeNoticeInput(form: Map<string, string[]>): Record<string, unknown> {
  const n = (k: string) => {
    const raw = form.get(k)?.[0]?.trim() ?? ''
    return raw === '' ? undefined : Number(raw)
  }
  const method = form.get('method')?.[0] ?? ''
  const out: Record<string, unknown> = { method, count: n('count'), amountYuan: n('amountYuan') }
  const window = n('paymentWindowWorkingDays')
  if (window !== undefined) out.paymentWindowWorkingDays = window
  return out
}

/**
 * Posted form values → the action input, typed per the hints (numbers, booleans, line lists); an empty field is
 * left out. `agency-name` fields are left for the server to fill in.
 */
export function actionInputFromForm(form: InputForm, values: Map<string, string[]>): Record<string, unknown> {
  if ('custom' in form) {
    if (form.custom === 'fee-notice') return feeNoticeInput(values)
    return draftReplyInput(values, form.custom === 'reply-v2')
  }
  const out: Record<string, unknown> = {}
  for (const f of form.fields) {
    const value = values.get(f.name)?.[0]
    if (f.widget === 'agency-name') continue
    if (f.widget === 'checkbox') out[f.name] = value === 'true'
    else if (value === undefined || value.trim() === '') continue
    else if (f.widget === 'integer') out[f.name] = Number(value)
    else if (f.widget === 'lines') out[f.name] = lines(value)
    else out[f.name] = value.trim()
  }
  return out
}
