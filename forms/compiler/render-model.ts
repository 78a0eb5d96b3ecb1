// What the HTML renderer needs to draw a form: pages, questions, inputs and hints, already localised. No HTML.
import type { Condition } from '../definition/condition'
import type { Field, FieldKind, FormDefinition } from '../definition/meta-schema'
import { formatMessage, type I18n, localise } from '../i18n'
import { FILE_TYPES } from '../validators/upload'

/** One choice of a radio group, select or checkbox list. */
export interface RenderOption {
  readonly value: string
  readonly label: string
  readonly hint?: string
  /** Offered only while this condition on earlier answers holds. */
  readonly visibleWhen?: Condition
}

/** One HTML control. `key` is its form-encoded name; inside a group prefix it with `group[i].`. */
export interface RenderControl {
  readonly key: string
  readonly control: 'input' | 'textarea' | 'select' | 'radios' | 'checkboxes' | 'checkbox' | 'file'
  /** The `type` attribute for `input` and `file` controls. */
  readonly type?: 'text' | 'email' | 'tel' | 'url' | 'date' | 'hidden' | 'file'
  readonly label: string
  readonly options?: readonly RenderOption[]
  readonly autocomplete?: string
  readonly inputmode?: 'text' | 'numeric' | 'tel' | 'email' | 'url'
  readonly spellcheck?: boolean
  readonly autocapitalize?: 'characters' | 'off'
  readonly maxLength?: number
  readonly minLength?: number
  readonly rows?: number
  /** Date bounds; `notFuture` means "today at most" (the renderer knows today). */
  readonly min?: string
  readonly max?: string
  readonly notFuture?: boolean
  /** File controls: the `accept` attribute and limits to state in the hint. */
  readonly accept?: string
  readonly multiple?: boolean
  readonly maxBytes?: number
  readonly maxFiles?: number
  /** Hidden controls: the query parameter to copy into the value. */
  readonly prefillQuery?: string
}

/** One question. Conditions are data for the renderer's progressive enhancement; the server re-checks. */
export interface RenderField {
  readonly name: string
  readonly kind: FieldKind
  readonly label: string
  readonly help?: string
  /** Required whenever visible. */
  readonly required: boolean
  readonly requiredWhen?: Condition
  readonly visibleWhen?: Condition
  readonly pii: boolean
  readonly controls: readonly RenderControl[]
  /** Consent: the notice shown above the box. */
  readonly statement?: string
  /** Group: nested questions (keys relative to `name[i].`), item label and count limits. */
  readonly fields?: readonly RenderField[]
  readonly itemLabel?: string
  readonly minItems?: number
  readonly maxItems?: number
}

/** One page of the form. */
export interface RenderPage {
  readonly id: string
  readonly title: string
  readonly description?: string
  readonly fields: readonly RenderField[]
}

/** The whole form, localised. */
export interface RenderModel {
  readonly slug: string
  readonly version: number
  readonly locale: string
  readonly title: string
  readonly description?: string
  readonly pages: readonly RenderPage[]
}

type Draft = { -readonly [K in keyof RenderControl]?: RenderControl[K] } & Pick<
  RenderControl,
  'key' | 'control' | 'label'
>

function controlsFor(field: Field, locale: string): RenderControl[] {
  const label = localise(field.label, locale)
  const one = (control: Omit<Draft, 'key' | 'label'>): RenderControl[] => [
    { key: field.name, label, ...control },
  ]
  const options = 'options' in field ? field.options.map((option) => renderOption(option, locale)) : undefined
  switch (field.kind) {
    case 'text':
      switch (field.format) {
        case 'uscc':
          return one({
            control: 'input',
            type: 'text',
            spellcheck: false,
            autocapitalize: 'characters',
            autocomplete: 'off',
          })
        case 'postcode':
          return one({
            control: 'input',
            type: 'text',
            inputmode: 'numeric',
            autocomplete: 'postal-code',
            maxLength: 6,
          })
        case 'url':
          return one({
            control: 'input',
            type: 'url',
            inputmode: 'url',
            spellcheck: false,
            autocapitalize: 'off',
            maxLength: field.maxLength,
          })
        default:
          return one({
            control: 'input',
            type: 'text',
            maxLength: field.maxLength,
            ...(field.minLength !== undefined ? { minLength: field.minLength } : {}),
            ...(field.autocomplete !== undefined ? { autocomplete: field.autocomplete } : {}),
            ...(field.format === 'name' ? { spellcheck: false } : {}),
          })
      }
    case 'textarea':
      return one({ control: 'textarea', maxLength: field.maxLength, rows: field.rows })
    case 'choice':
      return one({ control: field.appearance === 'select' ? 'select' : 'radios', options })
    case 'multi-choice':
      return one({ control: 'checkboxes', options })
    case 'date':
      return one({
        control: 'input',
        type: 'date',
        ...(field.min !== undefined ? { min: field.min } : {}),
        ...(field.max !== undefined ? { max: field.max } : {}),
        ...(field.notFuture ? { notFuture: true } : {}),
      })
    case 'phone':
      return one({ control: 'input', type: 'tel', inputmode: 'tel', autocomplete: 'tel', maxLength: 32 })
    case 'email':
      return one({
        control: 'input',
        type: 'email',
        inputmode: 'email',
        autocomplete: 'email',
        spellcheck: false,
        autocapitalize: 'off',
        maxLength: 254,
      })
    case 'id-document':
      return [
        {
          key: `${field.name}.type`,
          control: field.types.length > 8 ? 'select' : 'radios',
          label: formatMessage('part.idType', {}, locale),
          options: field.types.map((type) => ({
            value: type,
            label: formatMessage(`idType.${type}`, {}, locale),
          })),
        },
        {
          key: `${field.name}.number`,
          control: 'input',
          type: 'text',
          label: formatMessage('part.idNumber', {}, locale),
          autocomplete: 'off',
          spellcheck: false,
          autocapitalize: 'characters',
          maxLength: 30,
        },
      ]
    case 'address':
      return [
        {
          key: `${field.name}.region`,
          control: 'input',
          type: 'text',
          label: formatMessage('part.region', {}, locale),
          maxLength: 100,
        },
        {
          key: `${field.name}.detail`,
          control: 'input',
          type: 'text',
          label: formatMessage('part.detail', {}, locale),
          autocomplete: 'street-address',
          maxLength: 200,
        },
        {
          key: `${field.name}.postcode`,
          control: 'input',
          type: 'text',
          label: formatMessage('part.postcode', {}, locale),
          inputmode: 'numeric',
          autocomplete: 'postal-code',
          maxLength: 6,
        },
      ]
    case 'file':
      return one({
        control: 'file',
        type: 'file',
        accept: field.accept
          .flatMap((type) => [...FILE_TYPES[type].extensions.map((ext) => `.${ext}`), type])
          .join(','),
        multiple: field.maxFiles > 1,
        maxBytes: field.maxBytes,
        maxFiles: field.maxFiles,
      })
    case 'consent':
      return one({ control: 'checkbox' })
    case 'hidden':
      return one({
        control: 'input',
        type: 'hidden',
        maxLength: field.maxLength,
        ...(field.prefill !== undefined ? { prefillQuery: field.prefill.query } : {}),
      })
    case 'group':
      return []
  }
}

function renderOption(
  option: { value: string; label: I18n; hint?: I18n; visibleWhen?: Condition },
  locale: string,
): RenderOption {
  return {
    value: option.value,
    label: localise(option.label, locale),
    ...(option.hint !== undefined ? { hint: localise(option.hint, locale) } : {}),
    ...(option.visibleWhen !== undefined ? { visibleWhen: option.visibleWhen } : {}),
  }
}

function renderField(field: Field, locale: string): RenderField {
  return {
    name: field.name,
    kind: field.kind,
    label: localise(field.label, locale),
    ...(field.help !== undefined ? { help: localise(field.help, locale) } : {}),
    required: field.required === true,
    ...(typeof field.required === 'object' ? { requiredWhen: field.required } : {}),
    ...(field.visibleWhen !== undefined ? { visibleWhen: field.visibleWhen } : {}),
    pii: field.pii,
    controls: controlsFor(field, locale),
    ...(field.kind === 'consent' && field.statement !== undefined
      ? { statement: localise(field.statement, locale) }
      : {}),
    ...(field.kind === 'group'
      ? {
          fields: field.fields.map((child) => renderField(child, locale)),
          ...(field.itemLabel !== undefined ? { itemLabel: localise(field.itemLabel, locale) } : {}),
          ...(field.min !== undefined ? { minItems: field.min } : {}),
          maxItems: field.max,
        }
      : {}),
  }
}

/** Builds the localised render model of a validated definition. */
export function buildRenderModel(definition: FormDefinition, locale: string): RenderModel {
  return {
    slug: definition.slug,
    version: definition.version,
    locale,
    title: localise(definition.title, locale),
    ...(definition.description !== undefined
      ? { description: localise(definition.description, locale) }
      : {}),
    pages: definition.pages.map((page) => ({
      id: page.id,
      title: localise(page.title, locale),
      ...(page.description !== undefined ? { description: localise(page.description, locale) } : {}),
      fields: page.fields.map((field) => renderField(field, locale)),
    })),
  }
}
