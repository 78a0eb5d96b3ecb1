// compileForm: one validated definition in, everything the edges need out (validators, JSON Schema, render model).
import * as z from 'zod'
import type { Field, FormDefinition, FormDefinitionInput } from '../definition/meta-schema'
import { parseDefinition } from '../definition/parse-definition'
import { formatMessage, localise } from '../i18n'
import { isIsoDate } from '../validators/date'
import type { RawIssue, RuleContext } from './field-rules'
import { buildRenderModel, type RenderModel } from './render-model'
import { runFields } from './run-fields'
import { buildInputSchema, type InputSchema, type SchemaNotes } from './structural-schema'
import type { IssueCode, SubmissionData } from './values'

/** Per-request settings for validation. */
export interface RuleOptions {
  /** Today in Asia/Shanghai (`YYYY-MM-DD`): bounds birth dates in ID numbers and "not in the future" dates. */
  readonly today: string
}

/** A definition compiled for use at the edges. */
export interface CompiledForm {
  readonly definition: FormDefinition
  readonly locale: string
  /** Strict zod object of the JSON submission shape (types only; every key optional). */
  readonly inputSchema: InputSchema
  /**
   * The full validator: shape, normalisation, visibility and requiredness. Hidden fields are omitted
   * from the output. A factory because ID birth dates and "not in the future" need today's date.
   * Issues are zh-CN with `params: { code, field }`.
   */
  readonly schema: (options: RuleOptions) => z.ZodType<SubmissionData, unknown>
  /** JSON Schema (draft 2020-12) of the submission body for `GET /api/v1/agencies/{a}/forms/{f}`. */
  readonly jsonSchema: Readonly<Record<string, unknown>>
  readonly renderModel: RenderModel
  /** Top-level fields holding personal information (a group counts if any nested field does). */
  readonly piiFieldNames: readonly string[]
}

/** Per-page parts `validatePage` needs; kept out of the public shape. */
export interface PageParts {
  readonly fields: readonly Field[]
  readonly inputSchema: InputSchema
}

const pageParts = new WeakMap<CompiledForm, ReadonlyMap<string, PageParts>>()

/** Internal: the fields and input schema of one page. */
export function partsOfPage(compiled: CompiledForm, pageId: string): PageParts | undefined {
  return pageParts.get(compiled)?.get(pageId)
}

/** Guards the injected clock: string comparisons of dates only work on real `YYYY-MM-DD` values. */
export function checkToday(today: string): string {
  if (!isIsoDate(today)) throw new RangeError(`today must be a YYYY-MM-DD date, got "${today}"`)
  return today
}

/** Machine code of a message key (`required.choose` → `required`). */
export function codeOf(key: RawIssue['key']): IssueCode {
  return key.split('.')[0] as IssueCode
}

/** Wraps an input schema with the rule pass over `fields`, reading conditions from `scope`. */
export function withRules(
  inputSchema: InputSchema,
  fields: readonly Field[],
  context: RuleContext,
  scope: () => Record<string, unknown> = () => ({}),
): z.ZodType<SubmissionData, unknown> {
  return inputSchema.transform((input, ctx) => {
    const { data, issues } = runFields(fields, input, scope(), [], context)
    for (const issue of issues) {
      ctx.addIssue({
        code: 'custom',
        path: [...issue.path],
        message: formatMessage(issue.key, issue.params, context.locale),
        params: { code: codeOf(issue.key), field: issue.field },
      })
    }
    return issues.length > 0 ? z.NEVER : data
  })
}

function piiNames(definition: FormDefinition): string[] {
  const extra = new Set(definition.piiFields ?? [])
  return definition.pages
    .flatMap((page) => page.fields)
    .filter(
      (field) =>
        field.pii ||
        extra.has(field.name) ||
        (field.kind === 'group' && field.fields.some((child) => child.pii || extra.has(child.name))),
    )
    .map((field) => field.name)
}

/**
 * Validates a definition against the meta-schema (throws `DefinitionError`) and compiles it.
 * Compile once per published version and reuse the result.
 */
export function compileForm(
  input: FormDefinitionInput,
  options: { readonly locale?: string } = {},
): CompiledForm {
  const definition = parseDefinition(input)
  const locale = options.locale ?? 'zh-CN'
  const notes: SchemaNotes = z.registry<Record<string, unknown>>()
  const fields = definition.pages.flatMap((page) => page.fields)
  const inputSchema = buildInputSchema(fields, notes, locale)
  const jsonSchema = z.toJSONSchema(inputSchema, { io: 'input', metadata: notes, target: 'draft-2020-12' })
  const compiled: CompiledForm = {
    definition,
    locale,
    inputSchema,
    schema: ({ today }) => withRules(inputSchema, fields, { today: checkToday(today), locale }),
    jsonSchema: { ...jsonSchema, title: localise(definition.title, locale) },
    renderModel: buildRenderModel(definition, locale),
    piiFieldNames: piiNames(definition),
  }
  pageParts.set(
    compiled,
    new Map(
      definition.pages.map((page) => [
        page.id,
        { fields: page.fields, inputSchema: buildInputSchema(page.fields, z.registry(), locale) },
      ]),
    ),
  )
  return compiled
}
