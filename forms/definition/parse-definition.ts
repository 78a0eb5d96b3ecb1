// Turns untrusted definition data into a typed definition, or an error listing every problem in zh-CN.
import zodZhCN from 'zod/v4/locales/zh-CN.js'
import { formatMessage } from '../i18n'
import { type FormDefinition, formDefinitionSchema } from './meta-schema'

/** One problem in a definition; `path` reads like `pages[0].fields[2].visibleWhen`. */
export interface DefinitionIssue {
  readonly path: string
  readonly message: string
}

/** Thrown when a definition does not satisfy the meta-schema. */
export class DefinitionError extends Error {
  readonly issues: readonly DefinitionIssue[]

  constructor(issues: readonly DefinitionIssue[]) {
    const first = issues[0]
    super(`${formatMessage('definition.invalid')}${first ? `：${first.path} ${first.message}` : ''}`)
    this.name = 'DefinitionError'
    this.issues = issues
  }
}

const zodMessagesZhCN = zodZhCN().localeError

/** Renders a zod path as `a[0].b`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, segment) => {
    if (typeof segment === 'number') return `${out}[${segment}]`
    return out === '' ? String(segment) : `${out}.${String(segment)}`
  }, '')
}

/** Validates a definition (defaults applied) or throws `DefinitionError`. */
export function parseDefinition(input: unknown): FormDefinition {
  const result = formDefinitionSchema.safeParse(input, { error: zodMessagesZhCN })
  if (result.success) return result.data
  throw new DefinitionError(
    result.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message })),
  )
}
