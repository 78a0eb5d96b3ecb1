// The staff case page: everything it shows (the detail, who is who on the trail, a form for each action this user
// may take now), and running an action posted from one of those forms.
import { and, eq, inArray, isNull } from 'drizzle-orm'
import type { Db } from '../../../db/client'
import { agencies, userRoles, users } from '../../../db/schema'
import type { WorkingCalendar } from '../../../workflows/calendar'
import { type AuthContext, caseScopedAgencyIds } from '../../auth/sessions'
import { AppError } from '../../errors'
import type { LetterDeps } from '../letters/context'
import { caseLetters, type LetterSummary, type LetterView, letterView } from '../letters/letters'
import { allowedTransferTargets } from '../transfer-targets'
import {
  type ActionFormModel,
  actionFormModel,
  actionInputFromForm,
  type FormChoices,
  inputFormOf,
} from './action-forms'
import { staffActor } from './actor'
import { workflowFor } from './case-row'
import { type ActionOutcome, applyCaseAction } from './commands'
import { caseDetail, loadAgencyCaseForAction } from './queries'

export type CaseDetail = Awaited<ReturnType<typeof caseDetail>>

export interface CasePage {
  detail: CaseDetail
  /** Each action the user may take now, with its label and form. */
  actions: { action: string; label: string; form: ActionFormModel }[]
  /** Display names of the staff on the trail and the assignee (any agency: a transfer's sender too). */
  staffNames: Record<string, string>
  /** Labels of the workflow's actions, for the trail (the view labels system events from the catalogue). */
  actionLabels: Record<string, string>
  /** The case's letters, and the reply draft as it reads now (reviewers see what they approve). */
  letters: LetterSummary[]
  draftReply: LetterView | null
  /** Reviews of the draft: submissions, returns (with their reasons) and approvals, with their comments. */
  reviewHistory: { action: string; actorId: string | null; at: string; text: string | null }[]
}

const REVIEW_ACTIONS = new Set(['submit-legal-review', 'legal-approve', 'legal-return', 'approve', 'return'])

async function formChoices(db: Db, agencyId: string): Promise<FormChoices> {
  const handlers = await db
    .select({ id: users.id, name: users.displayName })
    .from(userRoles)
    .innerJoin(users, eq(users.id, userRoles.userId))
    .where(and(eq(userRoles.agencyId, agencyId), eq(userRoles.role, 'handler'), isNull(users.disabledAt)))
    .all()
  // Only the agencies this one may transfer to: the list never shows the deployment's other tenants.
  const others = await allowedTransferTargets(db, agencyId)
  return {
    handlers: handlers.map((p) => ({ value: p.id, label: p.name })),
    agencies: others.map((a) => ({ value: a.id, label: a.name })),
  }
}

export async function casePage(
  db: Db,
  input: {
    auth: AuthContext
    caseId: string
    now: number
    calendar: WorkingCalendar
    reconsiderationFirst?: readonly string[]
  },
): Promise<CasePage> {
  const detail = await caseDetail(db, input.auth, input.caseId, input.now, input.calendar)
  const workflow = workflowFor({ workflowId: detail.workflow.id, workflowVersion: detail.workflow.version })
  const choices = await formChoices(db, detail.agencyId)
  const actions = detail.allowedActions.map((action) => {
    const def = workflow.definition.actions[action]!
    return {
      action,
      label: def.label['zh-CN'],
      form: actionFormModel(inputFormOf(def.input), workflow.implementations.inputs[def.input]!, choices),
    }
  })
  const ids = [
    ...new Set([
      ...detail.events.flatMap((e) => (e.actorId ? [e.actorId] : [])),
      ...(detail.assigneeId ? [detail.assigneeId] : []),
    ]),
  ]
  const people =
    ids.length === 0
      ? []
      : await db
          .select({ id: users.id, name: users.displayName })
          .from(users)
          .where(inArray(users.id, ids))
          .all()
  const actionLabels = Object.fromEntries(
    Object.entries(workflow.definition.actions).map(([name, a]) => [name, a.label['zh-CN']]),
  )
  const letters = await caseLetters(db, input.auth, detail.id)
  const draft = letters.find((l) => l.kind === 'reply' && l.status === 'draft')
  const draftReply = draft ? await letterView(db, input.auth, draft.id, input.reconsiderationFirst) : null
  const reviewHistory = detail.events
    .filter((e) => REVIEW_ACTIONS.has(e.action))
    .map((e) => {
      const payload = (e.payload ?? {}) as { reason?: unknown; comment?: unknown }
      const text = typeof payload.reason === 'string' ? payload.reason : payload.comment
      return { action: e.action, actorId: e.actorId, at: e.at, text: typeof text === 'string' ? text : null }
    })
  return {
    detail,
    actions,
    staffNames: Object.fromEntries(people.map((p) => [p.id, p.name])),
    actionLabels,
    letters,
    draftReply,
    reviewHistory,
  }
}

/**
 * Run an action posted from its staff form: the form's values become the action input per the input's render
 * hints; an agency picked from the list is named by the server (the JSON API asks the caller to name it).
 */
export async function actOnCaseFromForm(
  db: Db,
  input: {
    auth: AuthContext
    caseId: string
    action: string
    /** Reads the posted form, only once the case is known to be the user's. */
    read: () => Promise<{ expectedVersion: number; values: Map<string, string[]> }>
    now: number
    calendar: WorkingCalendar
    letters: LetterDeps
  },
): Promise<ActionOutcome> {
  const { row, ...preloaded } = await loadAgencyCaseForAction(
    db,
    caseScopedAgencyIds(input.auth),
    input.caseId,
  )
  const actions = workflowFor(row).definition.actions
  const def = Object.hasOwn(actions, input.action) ? actions[input.action] : undefined
  if (!def) throw new AppError('unknown_action')
  const posted = await input.read()
  const form = inputFormOf(def.input)
  const body = actionInputFromForm(form, posted.values)
  if ('fields' in form) {
    const agencyField = form.fields.find((f) => f.widget === 'agency')
    const nameField = form.fields.find((f) => f.widget === 'agency-name')
    const picked = agencyField ? body[agencyField.name] : undefined
    if (nameField && typeof picked === 'string') {
      const target = await db
        .select({ name: agencies.name })
        .from(agencies)
        .where(eq(agencies.id, picked))
        .get()
      body[nameField.name] = target?.name ?? ''
    }
  }
  return applyCaseAction(db, {
    row,
    preloaded,
    action: input.action,
    actor: staffActor(input.auth, row.agencyId),
    body,
    expectedVersion: posted.expectedVersion,
    now: input.now,
    calendar: input.calendar,
    letters: input.letters,
  })
}
