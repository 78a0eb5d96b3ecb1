// Which pages a multi-page flow shows, decided by the definition's own conditions: a page whose every question is
// hidden under the answers so far is skipped. Every form gets branching without JavaScript for free.
import { type Condition, evaluateCondition } from '../definition/condition'

/** The shape routing needs: a page id and its questions' visibility conditions (definition or render model). */
export interface RoutablePage {
  readonly id: string
  readonly fields: readonly { readonly visibleWhen?: Condition }[]
}

/** Whether a page has a question to ask under `answers` (a question without a condition always counts). */
export function pageShown(page: RoutablePage, answers: Readonly<Record<string, unknown>>): boolean {
  return page.fields.some((f) => f.visibleWhen === undefined || evaluateCondition(f.visibleWhen, answers))
}

/** The pages shown under `answers`, in order. */
export function shownPages<P extends RoutablePage>(
  pages: readonly P[],
  answers: Readonly<Record<string, unknown>>,
): P[] {
  return pages.filter((p) => pageShown(p, answers))
}

/** The next shown page after `fromId` (undefined after the last: check your answers). */
export function nextPage<P extends RoutablePage>(
  pages: readonly P[],
  fromId: string,
  answers: Readonly<Record<string, unknown>>,
): P | undefined {
  const at = pages.findIndex((p) => p.id === fromId)
  return pages.slice(at + 1).find((p) => pageShown(p, answers))
}

/** The shown page before `fromId` (undefined on the first). */
export function previousPage<P extends RoutablePage>(
  pages: readonly P[],
  fromId: string,
  answers: Readonly<Record<string, unknown>>,
): P | undefined {
  const at = pages.findIndex((p) => p.id === fromId)
  if (at <= 0) return undefined
  return pages
    .slice(0, at)
    .reverse()
    .find((p) => pageShown(p, answers))
}
