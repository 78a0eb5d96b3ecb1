// validateSubmission / validatePage: coerce form posts, run the compiled validator, flatten issues for people.
import type { z } from 'zod'
import type { Field } from '../definition/meta-schema'
import { formatPath } from '../definition/parse-definition'
import { formatMessage, localise } from '../i18n'
import { type CompiledForm, checkToday, partsOfPage, withRules } from './compile-form'
import { coerceFormInput } from './form-input'
import { own } from './run-fields'
import type { SubmissionData, SubmissionIssue, ValidationResult } from './values'

/** Where the input came from and today's date (Asia/Shanghai). */
export interface ValidateOptions {
  /** `form`: decoded x-www-form-urlencoded pairs, unknown keys ignored; `json`: typed JSON, unknown keys rejected. */
  readonly source: 'form' | 'json'
  readonly today: string
}

/** Options for one page of a multi-page flow. */
export interface ValidatePageOptions extends ValidateOptions {
  /** Answers already accepted on earlier pages, for conditions that look back. */
  readonly answers?: Readonly<SubmissionData>
}

function fieldAt(fields: readonly Field[], path: readonly PropertyKey[]): Field | undefined {
  const top = fields.find((field) => field.name === path[0])
  if (top?.kind === 'group' && typeof path[1] === 'number' && typeof path[2] === 'string') {
    return top.fields.find((field) => field.name === path[2]) ?? top
  }
  return top
}

function toIssues(error: z.ZodError, fields: readonly Field[], locale: string): SubmissionIssue[] {
  return error.issues.flatMap((issue): SubmissionIssue[] => {
    const params =
      issue.code === 'custom' ? (issue.params as { code?: string; field?: string } | undefined) : undefined
    if (params?.code !== undefined && params.field !== undefined) {
      return [
        {
          path: formatPath(issue.path),
          field: params.field,
          code: params.code as SubmissionIssue['code'],
          message: issue.message,
        },
      ]
    }
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => {
        const path = formatPath([...issue.path, key])
        const owner = issue.path.length > 0 ? fieldAt(fields, issue.path) : undefined
        return {
          path,
          field: owner?.name ?? key.slice(0, 64),
          code: 'unknown_field' as const,
          message: formatMessage('unknown_field', { key: path.slice(0, 64) }, locale),
        }
      })
    }
    const field = fieldAt(fields, issue.path)
    const label = field ? localise(field.label, locale) : formatPath(issue.path)
    return [
      {
        path: formatPath(issue.path),
        field: field?.name ?? String(issue.path[0] ?? ''),
        code: 'invalid_type',
        message: formatMessage('invalid_type', { label }, locale),
      },
    ]
  })
}

function run(
  schema: z.ZodType<SubmissionData, unknown>,
  fields: readonly Field[],
  input: unknown,
  options: ValidateOptions,
  locale: string,
): ValidationResult {
  const prepared = options.source === 'form' ? coerceFormInput(fields, input) : input
  const result = schema.safeParse(prepared)
  return result.success
    ? { ok: true, data: result.data }
    : { ok: false, issues: toIssues(result.error, fields, locale) }
}

/**
 * Validates a whole submission. Hidden fields are dropped, answers normalised, and every problem
 * reported at once (except a JSON body of the wrong types, which is refused before the answer rules run).
 */
export function validateSubmission(
  compiled: CompiledForm,
  input: unknown,
  options: ValidateOptions,
): ValidationResult {
  const fields = compiled.definition.pages.flatMap((page) => page.fields)
  return run(compiled.schema({ today: options.today }), fields, input, options, compiled.locale)
}

/**
 * Validates the fields of one page; `data` holds only that page's answers. Conditions may read
 * `answers` from earlier pages. The final `validateSubmission` on all answers stays authoritative.
 */
export function validatePage(
  compiled: CompiledForm,
  pageId: string,
  input: unknown,
  options: ValidatePageOptions,
): ValidationResult {
  const parts = partsOfPage(compiled, pageId)
  if (parts === undefined)
    throw new RangeError(`validatePage: no page "${pageId}" in ${compiled.definition.slug}`)
  const pageNames = new Set(parts.fields.map((field) => field.name))
  const scope = (): Record<string, unknown> => {
    const earlier: Record<string, unknown> = {}
    for (const key of Object.keys(options.answers ?? {})) {
      if (!pageNames.has(key)) earlier[key] = own(options.answers, key)
    }
    return earlier
  }
  const schema = withRules(
    parts.inputSchema,
    parts.fields,
    { today: checkToday(options.today), locale: compiled.locale },
    scope,
  )
  return run(schema, parts.fields, input, options, compiled.locale)
}
