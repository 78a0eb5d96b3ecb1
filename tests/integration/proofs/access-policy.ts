// Issue 11, Prove 4: the access matrix, generated from a declared policy. Every staff route the app registers (the
// JSON API, the /admin pages, task reporting) has an entry in POLICY below — who may call it and over which
// agencies — and access-policy.test.ts runs its cells against objects of five
// agencies: own, its parent, its child, its sibling and a foreign tenant. The expected answer comes from the table,
// never from the app. A route without an entry fails. The cells (see `cellsOf`):
// - the role dimension, at the own agency: every actor (each role held alone, the platform operator, a staff member
//   with no role); the actors the rule refuses must get 403/404, the ones it admits get through the guard;
// - the scope dimension, for a route naming an agency's object: every actor the rule admits against the parent,
//   child, sibling and foreign tenant, allowed or refused as the rule's scope says.
// No answer carries a byte of an agency's case, applicant upload, user, plan or task that the actor may not read
// (on a refusal: not even of the target), and refused writes change no row.
import { env } from 'cloudflare:workers'
import { createDb } from '../../../db/client'
import type { Role } from '../../../db/schema'
import { createApp } from '../../../workers/app'
import { createSession } from '../../../workers/auth/sessions'
import { isPublicRoute } from '../../../workers/middleware/access'
import {
  REPORT_COLUMN_KEYS,
  REPORT_GROUP_KEYS,
  REPORT_LINE_KEYS,
  REPORT_RESULT_KEYS,
} from '../../../workers/services/reports/annual-report'
import { call, json } from '../helpers'
import { at, newCase } from '../workflow/case-helpers'

// ---------------------------------------------------------------------------------------------------------------
// The tree: parent → { own → child, sibling }, and a foreign tenant of its own.

const RELATIONS = ['own', 'parent', 'child', 'sibling', 'foreign'] as const
type Relation = (typeof RELATIONS)[number]
const AGENCY: Record<Relation, string> = {
  parent: 'agency-mx-parent',
  own: 'agency-mx-own',
  child: 'agency-mx-child',
  sibling: 'agency-mx-sibling',
  foreign: 'agency-mx-foreign',
}
const PARENT_OF: Record<Relation, Relation | null> = {
  parent: null,
  own: 'parent',
  child: 'own',
  sibling: 'parent',
  foreign: null,
}

const CASE_ROLES = ['registrar', 'handler', 'legal_reviewer', 'approver', 'admin', 'auditor'] as const
const ACTORS = [...CASE_ROLES, 'task_coordinator', 'task_reporter', 'operator', 'none'] as const
type Actor = (typeof ACTORS)[number]

// ---------------------------------------------------------------------------------------------------------------
// The policy: who may call each route, and over which of the five agencies.

/**
 * `roles`: the roles (held at "own") that may call the route; 'staff' = anyone signed in. `over`: for a route
 * naming an object (path, query or body), the agencies whose objects those roles reach — `own` only, or
 * `subtree` (own and the agencies below it, as an admin administers them). `self`: the object is the caller's own
 * (another user's notification is always refused). `session`: the route acts on the caller's own session or
 * account (log out, password, second factor): in the table, not run here (tests/integration/security cover it).
 */
interface Rule {
  roles: readonly (Actor | 'staff')[]
  over?: 'own' | 'subtree' | 'self'
  /** The object kind a route names outside its path: `?agency=` or a body field. */
  agencyIn?: 'query' | 'body'
  /** For `agencyIn: 'query'`: who may call it without `?agency=` (the whole deployment); everyone else is refused. */
  bare?: readonly Actor[]
  session?: true
  /** A body that passes validation, so a refusal can only come from the access check. */
  body?: (t: Target) => unknown
  /** For a read the table allows: answers besides 2xx/3xx that still mean "let in" (e.g. 409 for a draft's docx). */
  alsoOk?: number[]
  /** Answers besides 403/404 that refuse: a page form re-shown (422) because the agency chosen is not one of yours. */
  refusedAs?: number[]
  /** The body is an upload (multipart, one PDF `file`). */
  upload?: true
}

const CASE_READ: Rule = { roles: CASE_ROLES, over: 'own' }
const ADMIN_SUBTREE: Rule = { roles: ['admin'], over: 'subtree' }
const ADMIN_OWN: Rule = { roles: ['admin'], over: 'own' }
const OPERATOR: Rule = { roles: ['operator'] }
const ANY: Rule = { roles: ['staff'] }
const SESSION: Rule = { roles: ['staff'], session: true }
const COORDINATOR: Rule = { roles: ['task_coordinator'], over: 'own' }
const TASK_READ: Rule = { roles: ['task_coordinator', 'task_reporter'], over: 'own' }
const REPORTER: Rule = { roles: ['task_reporter'], over: 'own' }
/** Every role of an agency: the 政务公开办 (task_coordinator) writes the annual report, so its figures are theirs too. */
const AGENCY_ROLES = [...CASE_ROLES, 'task_coordinator', 'task_reporter'] as const
const REPORT_READ: Rule = { roles: AGENCY_ROLES, over: 'own', agencyIn: 'query' }
/** Who may see an applicant's personal data (applicant.ts PERSONAL_DATA_ROLES): not the auditor. */
const PERSONAL_DATA = ['registrar', 'handler', 'legal_reviewer', 'approver', 'admin'] as const
/**
 * The fixture's letter is the receipt acknowledgement, issued at confirm-receipt: editing or signing it is refused
 * for its state (409) before the role is looked at. The role rule itself is proven in letters-api.test.ts.
 */
const ISSUED_LETTER = [409]
/** A page form that shows a refusal in its error summary, re-shown as 422 (the report and bulk-assign forms). */
const FORM_REFUSAL = [422]

const ANSWERS = { status: 'in_progress', progress: '进展情况（矩阵）' }

const POLICY: Record<string, Rule> = {
  // --- JSON API: the caller's own session and account
  'POST /api/v1/auth/logout': SESSION,
  'GET /api/v1/auth/me': ANY,
  'POST /api/v1/auth/password': SESSION,
  'POST /api/v1/auth/mfa/enrolment': SESSION,
  'POST /api/v1/auth/mfa/enrolment/confirm': SESSION,
  // --- the national calendar: the platform operator only
  'PUT /api/v1/calendar/:year': { ...OPERATOR, body: () => ({ source: '矩阵', days: [] }) },
  'POST /api/v1/calendar/:year/import': {
    ...OPERATOR,
    body: () => ({ format: 'json', text: '[]', source: '矩阵', confirmed: false }),
  },
  'POST /api/v1/calendar/:year/confirm': { ...OPERATOR, body: () => ({ confirmed: false }) },
  'PUT /api/v1/calendar/:year/days/:date': {
    ...OPERATOR,
    body: () => ({ isWorkday: false, name: '矩阵节' }),
  },
  'DELETE /api/v1/calendar/:year/days/:date': OPERATOR,
  // --- an agency's local holiday rules
  'GET /api/v1/agencies/:agency/calendar/local': { roles: AGENCY_ROLES, over: 'own' },
  'PUT /api/v1/agencies/:agency/calendar/local/:date': {
    ...ADMIN_OWN,
    body: () => ({ isWorkday: false, name: '矩阵节' }),
  },
  'DELETE /api/v1/agencies/:agency/calendar/local/:date': ADMIN_OWN,
  // --- agencies and their settings
  'GET /api/v1/agencies': ANY,
  'GET /api/v1/agencies/:id': { roles: [...CASE_ROLES, 'task_coordinator', 'task_reporter'], over: 'own' },
  'GET /api/v1/agencies/:id/settings': ADMIN_OWN,
  'PUT /api/v1/agencies/:id/settings': { ...ADMIN_OWN, body: () => ({ embedOrigins: [], disclosure: {} }) },
  'GET /api/v1/agencies/:id/transfer-targets': { roles: [...AGENCY_ROLES, 'operator'], over: 'own' },
  'PUT /api/v1/agencies/:id/transfer-targets': { ...OPERATOR, body: () => ({ targets: [] }) },
  // --- the caller's inbox
  'GET /api/v1/notifications': ANY,
  'POST /api/v1/notifications/:id/read': { roles: ['staff'], over: 'self' },
  'POST /api/v1/notifications/:id/dismiss': { roles: ['staff'], over: 'self' },
  // --- staff accounts
  'GET /api/v1/users': { roles: ['admin', 'operator'] },
  'POST /api/v1/users': {
    ...ADMIN_SUBTREE,
    agencyIn: 'body',
    body: (t) => ({
      username: `mxn-${t.relation}-${t.actor}`,
      displayName: '矩阵新用户',
      password: 'matrix-password-9f3k2m',
      agencyId: t.agencyId,
      roles: ['registrar'],
    }),
  },
  'GET /api/v1/users/:id': ADMIN_SUBTREE,
  'POST /api/v1/users/:id/disable': ADMIN_SUBTREE,
  'POST /api/v1/users/:id/enable': ADMIN_SUBTREE,
  'POST /api/v1/users/:id/password': {
    ...ADMIN_SUBTREE,
    body: () => ({ password: 'matrix-reset-9f3k2m-x' }),
  },
  'POST /api/v1/users/:id/mfa/reset': ADMIN_SUBTREE,
  // --- cases
  'GET /api/v1/cases': ANY,
  'GET /api/v1/cases/:id': CASE_READ,
  'POST /api/v1/cases/:id/actions/:action': {
    roles: ['registrar', 'admin'],
    over: 'own',
    body: (t) => ({ version: t.caseVersion }),
  },
  'GET /api/v1/audit/verify': {
    roles: ['admin', 'auditor'],
    over: 'own',
    agencyIn: 'query',
    bare: ['operator'],
  },
  'GET /api/v1/cases/:id/letters': CASE_READ,
  'GET /api/v1/letters/:id': CASE_READ,
  'GET /api/v1/letters/:id/docx': { ...CASE_READ, alsoOk: [409] },
  'PUT /api/v1/letters/:id': {
    roles: ['handler', 'admin'],
    over: 'own',
    refusedAs: ISSUED_LETTER,
    body: () => ({ version: 0, edits: {} }),
  },
  'POST /api/v1/letters/:id/delivery': {
    roles: ['registrar', 'handler', 'admin'],
    over: 'own',
    body: () => ({ method: 'post', servedOn: '2026-06-02' }),
  },
  'POST /api/v1/letters/:id/corrections': {
    roles: ['handler'],
    over: 'own',
    body: () => ({ reason: '矩阵更正' }),
  },
  'POST /api/v1/letters/:id/sign': {
    roles: ['approver'],
    over: 'own',
    refusedAs: ISSUED_LETTER,
    body: () => ({ version: 0 }),
  },
  'GET /api/v1/audit/log': { roles: ['auditor'], over: 'own', agencyIn: 'query', bare: ['operator'] },
  // --- reports
  'GET /api/v1/reports/annual': REPORT_READ,
  'POST /api/v1/reports/annual/close': {
    ...ADMIN_OWN,
    agencyIn: 'body',
    body: (t) => ({ agency: t.agencyId, year: 2025 }),
  },
  'POST /api/v1/reports/annual/reopen': {
    ...ADMIN_OWN,
    agencyIn: 'body',
    body: (t) => ({ agency: t.agencyId, year: 2025, reason: '矩阵' }),
  },
  'GET /api/v1/reports/annual/cases': REPORT_READ,
  'GET /api/v1/reports/annual/remedy-cases': REPORT_READ,
  'GET /api/v1/reports/statistics': REPORT_READ,
  'GET /api/v1/reports/proactive': REPORT_READ,
  'POST /api/v1/reports/proactive': {
    roles: AGENCY_ROLES,
    over: 'own',
    agencyIn: 'body',
    body: (t) => ({ agency: t.agencyId, year: 2026, groupKey: 'x' }),
  },
  // The case register of the caller's agencies: for a role without cases, an empty register (the leak check holds
  // it to that).
  'GET /api/v1/reports/register': ANY,
  // --- the applicant and uploads of a case
  'GET /api/v1/cases/:id/applicant': CASE_READ,
  'POST /api/v1/cases/:id/applicant/reveal': { roles: PERSONAL_DATA, over: 'own', body: () => ({}) },
  'GET /api/v1/attachments/:id': { roles: PERSONAL_DATA, over: 'own' },
  'GET /api/v1/cases/:id/attachments': CASE_READ,
  // --- task reporting
  'POST /api/v1/agencies/:agency/plans': {
    ...COORDINATOR,
    body: () => ({ year: 2030, title: '矩阵新计划' }),
  },
  'GET /api/v1/agencies/:agency/plans': {
    roles: [...CASE_ROLES, 'task_coordinator', 'task_reporter'],
    over: 'own',
  },
  'GET /api/v1/agencies/:agency/task-units': COORDINATOR,
  'PUT /api/v1/agencies/:agency/task-units/groups': {
    ...COORDINATOR,
    body: () => ({ name: '矩阵组', agencyIds: [] }),
  },
  'PUT /api/v1/agencies/:agency/task-units/mappings': {
    ...COORDINATOR,
    body: () => ({ name: '矩阵单位', agencyId: null }),
  },
  'GET /api/v1/plans/:plan': TASK_READ,
  'POST /api/v1/plans/:plan/imports': { ...COORDINATOR, upload: true },
  'GET /api/v1/plans/:plan/imports/:importId': COORDINATOR,
  'POST /api/v1/plans/:plan/imports/:importId/commit': COORDINATOR,
  'GET /api/v1/plans/:plan/tasks': TASK_READ,
  'POST /api/v1/plans/:plan/tasks': {
    ...COORDINATOR,
    body: () => ({ name: '矩阵新任务', leadUnits: '矩阵单位' }),
  },
  // A unit sees the ledger of its own tasks (the rows of other units filtered out; the leak check holds it to that).
  'GET /api/v1/plans/:plan/ledger': TASK_READ,
  'GET /api/v1/tasks/:task': TASK_READ,
  'PUT /api/v1/tasks/:task': { ...COORDINATOR, body: () => ({ version: 99, name: '矩阵改名' }) },
  'POST /api/v1/tasks/:task/reports': { ...REPORTER, body: (t) => ({ period: t.period, data: ANSWERS }) },
  'POST /api/v1/tasks/:task/attachments': { ...REPORTER, upload: true },
  'GET /api/v1/task-reports/:id': TASK_READ,
  'POST /api/v1/task-reports/:id/actions/:action': {
    ...COORDINATOR,
    body: (t) => ({ version: t.reportVersion }),
  },
  'GET /api/v1/task-reports/:id/files/:file': TASK_READ,
  // --- staff intake of a paper request
  'POST /api/v1/agencies/:agency/intake': {
    roles: ['registrar'],
    over: 'own',
    body: () => ({ form: 'disclosure', channel: 'post', receivedOn: '2026-06-01', data: {} }),
  },

  // --- /admin pages
  'POST /admin/logout': SESSION,
  'GET /admin': ANY,
  'GET /admin/users': { roles: ['admin', 'operator'] },
  'POST /admin/users': {
    ...ADMIN_SUBTREE,
    refusedAs: FORM_REFUSAL,
    agencyIn: 'body',
    body: (t) => ({
      username: `mxh-${t.relation}-${t.actor}`,
      displayName: '矩阵新用户',
      password: 'matrix-password-9f3k2m',
      agencyId: t.agencyId,
      roles: 'registrar',
    }),
  },
  'POST /admin/users/:id/:op{disable|enable}': ADMIN_SUBTREE,
  'POST /admin/users/:id/mfa/reset': ADMIN_SUBTREE,
  'POST /admin/users/:id/password': { ...ADMIN_SUBTREE, body: () => ({ password: 'matrix-reset-9f3k2m-x' }) },
  'GET /admin/inbox': ANY,
  'POST /admin/inbox/:id/read': { roles: ['staff'], over: 'self' },
  'POST /admin/inbox/:id/dismiss': { roles: ['staff'], over: 'self' },
  'GET /admin/password': SESSION,
  'POST /admin/password': SESSION,
  'GET /admin/login/code': SESSION,
  'POST /admin/login/code': SESSION,
  'GET /admin/account/mfa': SESSION,
  'POST /admin/account/mfa/confirm': SESSION,
  'POST /admin/account/mfa/recovery-codes': SESSION,
  'POST /admin/account/mfa/disable': SESSION,
  'GET /admin/calendar': ANY,
  // Anyone else is sent back to the calendar list.
  'GET /admin/calendar/new': { ...OPERATOR, refusedAs: [303] },
  'GET /admin/calendar/:year{[0-9]{4}}': ANY,
  'POST /admin/calendar/:year{[0-9]{4}}/days': {
    ...OPERATOR,
    body: () => ({ date: '2031-01-02', isWorkday: 'false', name: '矩阵节' }),
  },
  'POST /admin/calendar/:year{[0-9]{4}}/days/:date/delete': OPERATOR,
  'POST /admin/calendar/:year{[0-9]{4}}/import': {
    ...OPERATOR,
    body: () => ({ format: 'json', text: '[]', source: '矩阵', intent: 'preview' }),
  },
  'POST /admin/calendar/:year{[0-9]{4}}/confirm': { ...OPERATOR, body: () => ({ confirmed: 'false' }) },
  'GET /admin/calendar/local': { roles: ['admin'] },
  'POST /admin/calendar/local/:agency/days': {
    ...ADMIN_OWN,
    body: () => ({ date: '2026-06-03', isWorkday: 'false', name: '矩阵节' }),
  },
  'POST /admin/calendar/local/:agency/days/:date/delete': ADMIN_OWN,
  'GET /admin/audit': { roles: ['auditor', 'operator'] },
  'GET /admin/audit/export.csv': { roles: ['auditor'], over: 'own', agencyIn: 'query' },
  'GET /admin/agencies/:id/settings': ADMIN_OWN,
  'POST /admin/agencies/:id/settings': ADMIN_OWN,
  // The case list of the caller's agencies: empty for a role without cases (the leak check holds it to that).
  'GET /admin/cases': ANY,
  'POST /admin/cases/bulk-assign': {
    refusedAs: FORM_REFUSAL,
    roles: ['registrar', 'admin'],
    over: 'own',
    agencyIn: 'body',
    body: (t) => ({ caseIds: t.caseId, assigneeId: 'user-mx-assignee' }),
  },
  'POST /admin/cases/:id/reveal': { roles: PERSONAL_DATA, over: 'own' },
  'GET /admin/cases/:id': CASE_READ,
  'POST /admin/cases/:id/actions/:action': {
    roles: ['registrar', 'admin'],
    over: 'own',
    body: (t) => ({ version: String(t.caseVersion) }),
  },
  'GET /admin/intake/:agency': { roles: ['registrar'], over: 'own' },
  'POST /admin/intake/:agency': { roles: ['registrar'], over: 'own' },
  'GET /admin/letters/:id': CASE_READ,
  'GET /admin/letters/:id/docx': { ...CASE_READ, alsoOk: [409] },
  'POST /admin/letters/:id': {
    roles: ['handler', 'admin'],
    over: 'own',
    refusedAs: ISSUED_LETTER,
    body: () => ({ version: '0' }),
  },
  'POST /admin/letters/:id/delivery': {
    roles: ['registrar', 'handler', 'admin'],
    over: 'own',
    body: () => ({ method: 'post', servedOn: '2026-06-02' }),
  },
  'POST /admin/letters/:id/correction': {
    roles: ['handler'],
    over: 'own',
    body: () => ({ reason: '矩阵更正' }),
  },
  'POST /admin/letters/:id/sign': {
    roles: ['approver'],
    over: 'own',
    refusedAs: ISSUED_LETTER,
    body: () => ({ version: '0' }),
  },
  'GET /admin/plans': ANY,
  'POST /admin/plans': {
    ...COORDINATOR,
    refusedAs: [422],
    agencyIn: 'body',
    body: (t) => ({ agency: t.agencyId, year: '2031', title: '矩阵新计划' }),
  },
  'GET /admin/plans/units': { ...COORDINATOR, agencyIn: 'query' },
  'POST /admin/plans/units/mappings': {
    ...COORDINATOR,
    agencyIn: 'body',
    body: (t) => ({ agency: t.agencyId, name: '矩阵单位', agencyId: '' }),
  },
  'POST /admin/plans/units/groups': {
    ...COORDINATOR,
    agencyIn: 'body',
    body: (t) => ({ agency: t.agencyId, name: '矩阵组' }),
  },
  'GET /admin/plans/:plan': TASK_READ,
  'GET /admin/plans/:plan/import': COORDINATOR,
  'POST /admin/plans/:plan/import': COORDINATOR,
  'GET /admin/plans/:plan/imports/:importId': COORDINATOR,
  'POST /admin/plans/:plan/imports/:importId/mappings': COORDINATOR,
  'POST /admin/plans/:plan/imports/:importId/commit': COORDINATOR,
  'GET /admin/plans/:plan/ledger': TASK_READ,
  'GET /admin/plans/:plan/tasks/new': COORDINATOR,
  'POST /admin/plans/:plan/tasks': {
    ...COORDINATOR,
    body: () => ({ name: '矩阵新任务', leadUnits: '矩阵单位' }),
  },
  'GET /admin/plans/:plan/tasks/:task': TASK_READ,
  'GET /admin/plans/:plan/tasks/:task/edit': COORDINATOR,
  'POST /admin/plans/:plan/tasks/:task': {
    ...COORDINATOR,
    body: () => ({ version: '99', name: '矩阵改名' }),
  },
  'GET /admin/plans/:plan/tasks/:task/report': REPORTER,
  'POST /admin/plans/:plan/tasks/:task/report': REPORTER,
  'GET /admin/plans/:plan/reports/:id': TASK_READ,
  // Only a returned report is filed again: the fixture's report is submitted, so its unit is refused for the state
  // (403) as everybody else is for access.
  'GET /admin/plans/:plan/reports/:id/resubmit': { ...REPORTER, alsoOk: [403] },
  'POST /admin/plans/:plan/reports/:id/actions/:action': {
    ...COORDINATOR,
    body: (t) => ({ version: String(t.reportVersion) }),
  },
  'GET /admin/reports/annual': REPORT_READ,
  'POST /admin/reports/annual/close': {
    ...ADMIN_OWN,
    refusedAs: FORM_REFUSAL,
    agencyIn: 'body',
    body: (t) => ({ agency: t.agencyId, year: '2025' }),
  },
  'POST /admin/reports/annual/reopen': {
    ...ADMIN_OWN,
    refusedAs: FORM_REFUSAL,
    agencyIn: 'body',
    body: (t) => ({ agency: t.agencyId, year: '2025', reason: '矩阵' }),
  },
  'GET /admin/reports/annual/cases': REPORT_READ,
  'GET /admin/reports/annual/remedy-cases': REPORT_READ,
  'GET /admin/reports/statistics': REPORT_READ,
  'POST /admin/reports/proactive': {
    roles: AGENCY_ROLES,
    over: 'own',
    agencyIn: 'body',
    body: (t) => ({ agency: t.agencyId, year: '2026', groupKey: 'x' }),
  },
  'GET /admin/reports/proactive': REPORT_READ,
}

// ---------------------------------------------------------------------------------------------------------------
// Fixtures: in each of the five agencies a case (received, so it has a letter), an upload, a staff member with a
// notification, and a task plan with a task, a unit report and a pending import.

interface Objects {
  caseId: string
  reference: string
  letterId: string
  attachmentId: string
  userId: string
  noteId: string
  planId: string
  taskId: string
  reportId: string
  importId: string
  fileId: string
  period: string
}

interface Target extends Objects {
  relation: Relation
  agencyId: string
  actor: Actor
  caseVersion: number
  reportVersion: number
  bare?: boolean
}

const MARK = (r: Relation) => ({
  caseTitle: `矩阵案件标题-${r}`,
  user: `mx-target-${r}`,
  plan: `矩阵计划-${r}`,
  task: `矩阵任务-${r}`,
  file: `mx-upload-${r}.png`,
  agencyName: `矩阵机关-${r}`,
})

const objects = {} as Record<Relation, Objects>
const api = {} as Record<Actor, string>
const page = {} as Record<Actor, { cookie: string; csrf: string }>

async function session(userId: string, mfa: boolean) {
  const db = createDb(env.DB)
  const now = Date.now()
  const make = (kind: 'bearer' | 'cookie') =>
    createSession(db, { userId, kind, now, ip: null, userAgent: 'vitest', mfaAt: mfa ? now : null })
  const [bearer, cookie] = await Promise.all([make('bearer'), make('cookie')])
  return { token: bearer.token, cookie: `__Host-session=${cookie.token}`, csrf: cookie.csrfToken }
}

/** A user at `agencyId` holding `roles` there (an admin or auditor enrolled in a second factor). */
async function staffUser(userId: string, agencyId: string, roles: readonly Role[], operator = false) {
  const mfa = operator || roles.some((r) => r === 'admin' || r === 'auditor')
  const now = Date.now()
  await env.DB.batch([
    env.DB.prepare(
      `INSERT INTO users (id, username, display_name, password_hash, home_agency_id, platform_role, totp_secret,
         totp_enrolled_at, created_at, updated_at)
       VALUES (?1, ?2, ?2, 'not-a-login-hash', ?3, ?4, ?5, ?6, ?7, ?7)`,
    ).bind(
      userId,
      userId.replace(/^user-/, ''),
      agencyId,
      operator ? 'operator' : null,
      mfa ? 'unused' : null,
      mfa ? now : null,
      now,
    ),
    ...roles.map((role) =>
      env.DB.prepare('INSERT INTO user_roles (user_id, agency_id, role) VALUES (?1, ?2, ?3)').bind(
        userId,
        agencyId,
        role,
      ),
    ),
  ])
  return session(userId, mfa)
}

const PDF = '%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'

function pdfForm(name: string): FormData {
  const form = new FormData()
  form.append('file', new File([PDF], name, { type: 'application/pdf' }))
  return form
}

async function expectOk(res: Response, status: number, what: string) {
  const text = await res.text()
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${text}`)
  return JSON.parse(text) as Record<string, unknown>
}

async function seedAgency(r: Relation): Promise<void> {
  const id = AGENCY[r]
  const m = MARK(r)
  const registrar = await staffUser(`user-mx-fx-registrar-${r}`, id, ['registrar'])
  const coordinator = await staffUser(`user-mx-fx-coordinator-${r}`, id, ['task_coordinator'])
  const reporter = await staffUser(`user-mx-fx-reporter-${r}`, id, ['task_reporter'])
  await staffUser(`user-${m.user}`, id, ['handler'])
  const submitted = at('2026-06-01', 9)
  const made = await newCase(submitted, { agencyId: id, title: m.caseTitle })
  const { version } = (await env.DB.prepare('SELECT version FROM cases WHERE id = ?')
    .bind(made.caseId)
    .first<{ version: number }>())!
  await expectOk(
    await call(
      `/api/v1/cases/${made.caseId}/actions/confirm-receipt`,
      json(
        { version, channel: 'online', receivedOn: '2026-06-01' },
        { token: registrar.token, headers: { 'x-test-now': String(at('2026-06-01', 11)) } },
      ),
    ),
    200,
    `confirm-receipt at ${r}`,
  )
  const letter = await env.DB.prepare('SELECT id FROM letters WHERE case_id = ?')
    .bind(made.caseId)
    .first<{ id: string }>()
  const attachmentId = `att-mx-${r}`
  const noteId = `note-mx-${r}`
  await env.DB.batch([
    env.DB.prepare(
      `INSERT INTO attachments (id, agency_id, submission_id, case_id, r2_key, sha256, size, content_type, filename, created_at)
       VALUES (?1, ?2, ?3, ?4, ?6, 'x', 4, 'image/png', ?5, 0)`,
    ).bind(attachmentId, id, made.submissionId, made.caseId, m.file, `attachments/${attachmentId}`),
    env.DB.prepare(
      `INSERT INTO staff_inbox (user_id, outbox_id, kind, payload, created_at) VALUES (?1, ?2, 'case_assigned', '{}', 0)`,
    ).bind(`user-${m.user}`, noteId),
  ])
  await env.FILES.put(`attachments/${attachmentId}`, new Uint8Array([0x89, 0x50, 0x4e, 0x47]))
  // The download is in the agency's staff audit log (target: the attachment id), so the audit log's cells have a
  // row of each agency to leak or not.
  const download = await call(`/api/v1/attachments/${attachmentId}`, {
    headers: { authorization: `Bearer ${registrar.token}` },
  })
  if (download.status !== 200)
    throw new Error(`download at ${r}: ${download.status} ${await download.text()}`)
  const asCoordinator = (path: string, body: unknown, form?: FormData) =>
    call(
      `/api/v1${path}`,
      form
        ? { method: 'POST', headers: { authorization: `Bearer ${coordinator.token}` }, body: form }
        : json(body, { token: coordinator.token }),
    )
  const plan = await expectOk(
    await asCoordinator(`/agencies/${id}/plans`, { year: 2026, title: m.plan }),
    201,
    `plan at ${r}`,
  )
  const task = await expectOk(
    await asCoordinator(`/plans/${plan.id}/tasks`, {
      name: m.task,
      deadlineText: '2026年12月31日前',
      leadUnits: m.agencyName,
    }),
    201,
    `task at ${r}`,
  )
  await env.DB.prepare(
    `INSERT OR IGNORE INTO task_units (task_id, agency_id, role, created_at) VALUES (?1, ?2, 'lead', 0)`,
  )
    .bind(task.id, id)
    .run()
  const taskView = await expectOk(
    await call(`/api/v1/tasks/${task.id}`, { headers: { authorization: `Bearer ${reporter.token}` } }),
    200,
    `task view at ${r}`,
  )
  const period = (taskView.periods as { key: string }[])[0]!.key
  const evidence = await expectOk(
    await call(`/api/v1/tasks/${task.id}/attachments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${reporter.token}` },
      body: pdfForm(`mx-evidence-${r}.pdf`),
    }),
    201,
    `evidence at ${r}`,
  )
  const report = await expectOk(
    await call(
      `/api/v1/tasks/${task.id}/reports`,
      json({ period, data: { ...ANSWERS, evidence: [evidence.id] } }, { token: reporter.token }),
    ),
    201,
    `report at ${r}`,
  )
  const csv = new FormData()
  csv.append(
    'file',
    new File(
      [`序号,任务名称,具体任务内容,牵头单位,完成时限\n1,${m.task}导入,内容,,2026年12月31日前\n`],
      'mx.csv',
      {
        type: 'text/csv',
      },
    ),
  )
  const imported = await expectOk(
    await asCoordinator(`/plans/${plan.id}/imports`, null, csv),
    200,
    `import ${r}`,
  )
  objects[r] = {
    caseId: made.caseId,
    reference: made.reference,
    letterId: letter!.id,
    attachmentId,
    userId: `user-${m.user}`,
    noteId,
    planId: plan.id as string,
    taskId: task.id as string,
    reportId: report.id as string,
    importId: imported.importId as string,
    fileId: evidence.id as string,
    period,
  }
}

/** The five agencies, their objects, and one account per actor at "own" (sessions made once, reused by every cell). */
export async function seedMatrix(): Promise<void> {
  const rows = RELATIONS.map((r) =>
    env.DB.prepare(
      `INSERT INTO agencies (id, slug, name, kind, parent_id, created_at) VALUES (?1, ?1, ?2, ?3, ?4, 0)`,
    ).bind(
      AGENCY[r],
      MARK(r).agencyName,
      PARENT_OF[r] ? 'department' : 'government',
      PARENT_OF[r] ? AGENCY[PARENT_OF[r]] : null,
    ),
  )
  // Parents first (the tree is walked by parent_id).
  await env.DB.batch([rows[1]!, rows[4]!, rows[0]!, rows[3]!, rows[2]!])
  await Promise.all(RELATIONS.map(seedAgency))
  // A national calendar year of no case, for the operator's cells to change.
  const operator = await staffUser('user-mx-fx-operator', AGENCY.own, [], true)
  await expectOk(
    await call('/api/v1/calendar/2031', {
      ...json({ source: '矩阵', days: [] }, { token: operator.token }),
      method: 'PUT',
    }),
    200,
    'calendar 2031',
  )
  await staffUser('user-mx-assignee', AGENCY.own, ['handler'])
  await Promise.all(
    ACTORS.map(async (actor) => {
      const roles: Role[] =
        (CASE_ROLES as readonly string[]).includes(actor) || actor.startsWith('task_') ? [actor as Role] : []
      const s = await staffUser(`user-mx-${actor}`, AGENCY.own, roles, actor === 'operator')
      api[actor] = s.token
      page[actor] = { cookie: s.cookie, csrf: s.csrf }
    }),
  )
}

// ---------------------------------------------------------------------------------------------------------------
// The routes, from the app itself.

/**
 * Every staff route: not public by the guard's own list (workers/middleware/access.ts). The one OPTIONS route is
 * the citizen form API's CORS preflight, registered on a wildcard: the guard lets a preflight through only for the
 * form's own paths (staff-guard.test.ts lists it public) and asks a session for any other path under it.
 */
export const STAFF_ROUTES = createApp()
  .routes.filter((r) => !['ALL', 'OPTIONS'].includes(r.method) && !isPublicRoute(r.method, r.path))
  .map((r) => `${r.method} ${r.path}`)

/** The staff routes of one half (the JSON API, or the /admin pages) with no policy entry, and entries of no route. */
export function policyGaps(api: boolean): { routes: string[]; missing: string[]; stale: string[] } {
  const routes = STAFF_ROUTES.filter((r) => isApi(r) === api)
  return {
    routes,
    missing: routes.filter((r) => !POLICY[r]),
    stale: Object.keys(POLICY).filter((r) => isApi(r) === api && !routes.includes(r)),
  }
}

export const isApi = (route: string) => route.split(' ')[1]!.startsWith('/api/')

/** The agency relation a route's object belongs to is read from its parameters (or ?agency= / a body field). */
function objectParams(pattern: string): boolean {
  return /:(id|agency|plan|task|importId)\b/.test(pattern)
}

function concretePath(pattern: string, t: Target): string {
  const o = objects[t.relation]
  const [, path] = pattern.split(' ') as [string, string]
  const kind = (prefix: string) => new RegExp(`${prefix}/:id\\b`)
  return path
    .replace(kind('/cases'), `/cases/${o.caseId}`)
    .replace(kind('/letters'), `/letters/${o.letterId}`)
    .replace(kind('/attachments'), `/attachments/${o.attachmentId}`)
    .replace(kind('/users'), `/users/${o.userId}`)
    .replace(kind('/agencies'), `/agencies/${t.agencyId}`)
    .replace(kind('/notifications'), `/notifications/${o.noteId}`)
    .replace(kind('/inbox'), `/inbox/${o.noteId}`)
    .replace(kind('/task-reports'), `/task-reports/${o.reportId}`)
    .replace(kind('/reports'), `/reports/${o.reportId}`)
    .replace(':agency', t.agencyId)
    .replace(':plan', o.planId)
    .replace(':task', o.taskId)
    .replace(':importId', o.importId)
    .replace(':file', o.fileId)
    .replace(/:op\{[^}]+\}/, 'disable')
    .replace(/:year(\{\[0-9\]\{4\}\})?/, pattern.includes('/local/') ? '2026' : '2031')
    .replace(':date', pattern.includes('/local/') ? '2026-06-03' : '2031-01-02')
    .replace(':action', 'accept')
}

function admits(rule: Rule, actor: Actor): boolean {
  return rule.roles.includes('staff') || rule.roles.includes(actor)
}

function expected(rule: Rule, actor: Actor, relation: Relation, named: boolean): boolean {
  if (!admits(rule, actor)) return false
  if (rule.over === 'self') return false // every target object belongs to someone else
  if (!named || actor === 'operator' || !rule.over) return true
  return rule.over === 'own' ? relation === 'own' : relation === 'own' || relation === 'child'
}

/**
 * What an answer to `actor` must not contain of agency `relation`: its case, user, plan, task and upload — less what
 * the actor may read there anyway (a refused action on one's own agency's case may show the case; an admin reads
 * the users of the agencies below).
 */
function leakMarkers(actor: Actor, relation: Relation): string[] {
  const m = MARK(relation)
  const o = objects[relation]
  const own = relation === 'own'
  const readsCases = own && (CASE_ROLES as readonly string[]).includes(actor)
  const readsTasks = own && actor.startsWith('task_')
  const readsUsers = (actor === 'admin' && (own || relation === 'child')) || actor === 'operator'
  return [
    ...(readsCases ? [] : [m.caseTitle, o.reference, m.file]),
    // The agency's audit log names the download's attachment; the operator reads every agency's log.
    ...(readsCases || actor === 'operator' ? [] : [o.attachmentId]),
    ...(readsUsers ? [] : [m.user]),
    ...(readsTasks ? [] : [m.plan, m.task]),
    ...(relation === 'foreign' && actor !== 'operator' ? [m.agencyName] : []),
  ]
}

async function send(route: string, actor: Actor, t: Target, rule: Rule): Promise<Response> {
  const method = route.split(' ')[0]!
  let path = concretePath(route, t)
  if (rule.agencyIn === 'query') {
    const year = path.includes('/reports/') && !path.includes('/proactive') ? '&year=2026' : ''
    const cell = path.includes('remedy-cases')
      ? `&group=${REPORT_GROUP_KEYS[0]}&result=${REPORT_RESULT_KEYS[0]}`
      : path.includes('/annual/cases')
        ? `&line=${REPORT_LINE_KEYS[0]}&column=${REPORT_COLUMN_KEYS[0]}`
        : ''
    path += t.bare ? `?${`${year}${cell}`.slice(1)}` : `?agency=${t.agencyId}${year}${cell}`
  }
  // The register as CSV, so the leak check reads it (an .xlsx is zipped).
  if (path.endsWith('/reports/register')) path += '?format=csv'
  const body = rule.body?.(t)
  if (!isApi(route)) {
    const headers: Record<string, string> = { cookie: page[actor].cookie }
    if (method === 'GET') return call(path, { headers })
    const form = new URLSearchParams({ _csrf: page[actor].csrf })
    for (const [k, v] of Object.entries((body ?? {}) as Record<string, string>)) form.append(k, String(v))
    return call(path, {
      method,
      headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    })
  }
  if (method === 'GET') return call(path, { headers: { authorization: `Bearer ${api[actor]}` } })
  if (rule.upload) {
    return call(path, { method, headers: { authorization: `Bearer ${api[actor]}` }, body: pdfForm('mx.pdf') })
  }
  return call(path, { ...json(body ?? {}, { token: api[actor] }), method })
}

/** The tables a staff route writes. */
const WRITTEN_TABLES = [
  'agencies',
  'users',
  'user_roles',
  'cases',
  'case_events',
  'letters',
  'attachments',
  'staff_inbox',
  'transfer_targets',
  'local_calendar_days',
  'calendar_days',
  'calendar_years',
  'task_plans',
  'tasks',
  'task_units',
  'task_reports',
  'task_imports',
  'task_unit_groups',
  'task_unit_mappings',
  'report_closures',
  'proactive_notes',
  'mfa_recovery_codes',
]

/** Every row of the tables a staff route writes, in one D1 batch (a few hundred rows in this file's database). */
export async function snapshot(): Promise<string> {
  const parts = await env.DB.batch(
    WRITTEN_TABLES.map((t) => env.DB.prepare(`SELECT * FROM ${t} ORDER BY rowid`)),
  )
  return JSON.stringify(parts.map((p) => p.results))
}

export interface Cell {
  route: string
  actor: Actor
  relation: Relation
  allow: boolean
  /** A read that takes `?agency=`, sent without it (the rule's `bare`: the whole deployment). */
  bare?: true
}

/**
 * The cells of `routes`. The role dimension, at the own agency: every actor — each role held alone, the platform
 * operator, a staff member with no role. The scope dimension, for a route naming an agency's object: every actor
 * the rule admits (but the operator, whose reach is the deployment) against the parent, the child, a sibling and
 * the foreign tenant. An actor the rule refuses is refused by its role before any agency is looked at (its
 * own-agency cell proves that), so it is not run again against the others. A read that takes `?agency=` and
 * declares who may leave it out (the deployment-wide audit log and chain check): every actor without it.
 */
export function cellsOf(routes: string[]): Cell[] {
  const cells: Cell[] = []
  for (const route of routes) {
    const rule = POLICY[route]!
    if (rule.session) continue
    const named = objectParams(route) || rule.agencyIn !== undefined
    const add = (actor: Actor, relation: Relation) =>
      cells.push({ route, actor, relation, allow: expected(rule, actor, relation, named) })
    for (const actor of ACTORS) add(actor, 'own')
    for (const actor of rule.bare ? ACTORS : []) {
      cells.push({ route, actor, relation: 'own', allow: rule.bare!.includes(actor), bare: true })
    }
    if (!named) continue
    for (const actor of ACTORS.filter((a) => admits(rule, a) && a !== 'operator')) {
      for (const relation of RELATIONS.slice(1)) add(actor, relation)
    }
  }
  return cells
}

async function versions(o: Objects): Promise<{ caseVersion: number; reportVersion: number }> {
  const [c, r] = await env.DB.batch<{ version: number }>([
    env.DB.prepare('SELECT version FROM cases WHERE id = ?').bind(o.caseId),
    env.DB.prepare('SELECT version FROM task_reports WHERE id = ?').bind(o.reportId),
  ])
  return { caseVersion: c!.results[0]!.version, reportVersion: r!.results[0]!.version }
}

/** Run one cell: null, or what is wrong with it. */
async function run(cell: Cell): Promise<string | null> {
  const rule = POLICY[cell.route]!
  const t: Target = {
    ...objects[cell.relation],
    relation: cell.relation,
    agencyId: AGENCY[cell.relation],
    actor: cell.actor,
    // The versions only for the routes that send one (a workflow action), read just before.
    ...(cell.bare ? { bare: true } : {}),
    ...(cell.route.includes('/actions/')
      ? await versions(objects[cell.relation])
      : { caseVersion: 0, reportVersion: 0 }),
  }
  const res = await send(cell.route, cell.actor, t, rule)
  // Bytes as text: a leaked name in JSON, HTML or CSV is there as UTF-8 (a .docx is zipped: only its allowed cell
  // runs, and that is for the own agency).
  const text = new TextDecoder().decode(await res.arrayBuffer())
  const where = `${cell.route} as ${cell.actor} on ${cell.bare ? 'the deployment (no ?agency=)' : cell.relation}`
  const read = cell.route.startsWith('GET ')
  if (res.status >= 500) return `${where} → ${res.status} ${text.slice(0, 200)}`
  const location = res.headers.get('location') ?? ''
  const toLogin = location.startsWith('/admin/login')
  // Never anything of the agencies the actor reads nothing of; on a refusal, nothing of the target either.
  const others = RELATIONS.filter((r) => r !== cell.relation || !cell.allow)
  for (const r of others) {
    for (const m of leakMarkers(cell.actor, r)) {
      if (text.includes(m)) return `${where}: ${res.status}, leaked ${m} of ${r}`
    }
  }
  if (cell.allow) {
    const ok = (res.status < 400 && !toLogin) || (rule.alsoOk ?? []).includes(res.status)
    const letIn = ![401, 403, 404].includes(res.status) && !toLogin
    if (read ? !ok : !letIn) return `${where}: allowed by the policy, got ${res.status} ${text.slice(0, 160)}`
    return null
  }
  if (![403, 404, ...(rule.refusedAs ?? [])].includes(res.status))
    return `${where}: refused by the policy, got ${res.status} ${location}`
  return null
}

/**
 * Run cells one after another (in parallel they only wait on each other: D1 is one database, the CPU is shared);
 * the problems found.
 */
export async function runAll(cells: Cell[]): Promise<string[]> {
  const problems: string[] = []
  for (const cell of cells) {
    const problem = await run(cell)
    if (problem) problems.push(problem)
  }
  return problems
}

/**
 * The objects are real: what `actor` reads of agency `relation` through `route` (a read the table allows), and the
 * marker of that agency's object it must show.
 */
export async function control(
  route: string,
  actor: Actor,
  relation: Relation,
  marker: keyof ReturnType<typeof MARK> | 'reference' | 'attachmentId',
): Promise<{ status: number; shows: boolean }> {
  const rule = POLICY[route]!
  const t: Target = {
    ...objects[relation],
    relation,
    agencyId: AGENCY[relation],
    actor,
    caseVersion: 0,
    reportVersion: 0,
  }
  const res = await send(route, actor, t, rule)
  const text = await res.text()
  const value =
    marker === 'reference' || marker === 'attachmentId' ? objects[relation][marker] : MARK(relation)[marker]
  return { status: res.status, shows: text.includes(value) }
}
