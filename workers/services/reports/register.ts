// The request register (依申请公开台账): any filtered case list as rows in the columns offices keep, for .xlsx and
// CSV. The applicant's name is masked unless the caller asks to see it and holds a case role at every agency in the
// export (the export is then audited); organisations' names are not personal data and are shown.
import { inArray } from 'drizzle-orm'
import type { SheetData } from 'write-excel-file/universal'
import type { Db } from '../../../db/client'
import { cases, submissions, users } from '../../../db/schema'
import { shanghaiDate } from '../../../workflows/calendar'
import {
  CURRENT_DISCLOSURE_VERSION,
  type DisclosureSnapshot,
  disclosureWorkflow,
} from '../../../workflows/definitions'
import { OUTCOMES, type OutcomeCode, REMEDY_RESULT_LABELS } from '../../../workflows/outcomes'
import { type AuthContext, hasRole } from '../../auth/sessions'
import { AppError } from '../../errors'
import { messages } from '../../i18n/zh-CN'
import { toCsv } from '../../lib/csv'
import type { PiiKeyring } from '../../lib/pii'
import { loadXlsxWriter } from '../../lib/xlsx'
import { PERSONAL_DATA_ROLES } from '../applicant'
import { recordAudit } from '../audit-log'
import { type CaseListFilters, listCases } from '../cases'
import { submissionPii } from '../submissions'

/** Most rows one export holds; narrow the filters for more. */
export const REGISTER_MAX_ROWS = 5000

export interface RegisterRequest {
  auth: AuthContext
  ip: string
  now: number
  filters: Omit<CaseListFilters, 'cursor' | 'limit'>
  reveal: boolean
  keyring: () => Promise<PiiKeyring>
}

const COLUMNS = [
  'reference',
  'applicant',
  'submittedOn',
  'receivedOn',
  'title',
  'state',
  'assignee',
  'dueOn',
  'repliedOn',
  'outcome',
  'extended',
  'onTime',
  'remedies',
] as const

export type RegisterRow = Record<(typeof COLUMNS)[number], string>

function maskName(name: string): string {
  return name.length <= 1 ? '*' : `${name.slice(0, 1)}${'*'.repeat(Math.min(name.length - 1, 8))}`
}

/** The register rows for the caller's filtered case list (in the list's order, at most REGISTER_MAX_ROWS). */
export async function registerRows(db: Db, req: RegisterRequest): Promise<RegisterRow[]> {
  const listed: Awaited<ReturnType<typeof listCases>>['items'] = []
  let cursor: string | undefined
  do {
    const page = await listCases(db, req.auth, { ...req.filters, cursor, limit: 100 }, req.now)
    listed.push(...page.items)
    cursor = page.nextCursor ?? undefined
  } while (cursor && listed.length < REGISTER_MAX_ROWS)
  const items = listed.slice(0, REGISTER_MAX_ROWS)
  if (req.reveal && items.some((i) => !hasRole(req.auth, i.agencyId, ...PERSONAL_DATA_ROLES)))
    throw new AppError('forbidden')
  const details = new Map<string, { snapshot: string; submissionId: string }>()
  const subs = new Map<string, typeof submissions.$inferSelect>()
  const names = new Map<string, string>()
  for (let i = 0; i < items.length; i += 90) {
    const ids = items.slice(i, i + 90).map((x) => x.id)
    const rows = await db
      .select({ id: cases.id, snapshot: cases.snapshot, submissionId: cases.submissionId })
      .from(cases)
      .where(inArray(cases.id, ids))
      .all()
    for (const r of rows) details.set(r.id, r)
    const subRows = await db
      .select()
      .from(submissions)
      .where(
        inArray(
          submissions.id,
          rows.map((r) => r.submissionId),
        ),
      )
      .all()
    for (const s of subRows) subs.set(s.id, s)
  }
  const assignees = [...new Set(items.map((i) => i.assigneeId).filter((x): x is string => x !== null))]
  for (let i = 0; i < assignees.length; i += 90) {
    const rows = await db
      .select({ id: users.id, name: users.displayName })
      .from(users)
      .where(inArray(users.id, assignees.slice(i, i + 90)))
      .all()
    for (const u of rows) names.set(u.id, u.name)
  }
  const ring = await req.keyring()
  const states = disclosureWorkflow(CURRENT_DISCLOSURE_VERSION)!.definition.states
  const t = messages.reports
  const out: RegisterRow[] = []
  for (const item of items) {
    const detail = details.get(item.id)
    const sub = detail ? subs.get(detail.submissionId) : undefined
    const snapshot = detail ? (JSON.parse(detail.snapshot) as DisclosureSnapshot) : null
    const data = sub ? (JSON.parse(sub.data) as Record<string, unknown>) : {}
    let applicant = typeof data.orgName === 'string' ? data.orgName : ''
    if (!applicant && sub) {
      const pii = await submissionPii(ring, sub)
      const name = typeof pii.name === 'string' ? pii.name : ''
      applicant = req.reveal ? name : maskName(name)
    }
    const replyDue = snapshot?.reply?.replyDueOn ?? item.dueOn
    const decided = snapshot?.decidedOn ?? null
    const onTime =
      snapshot?.delivery !== null && snapshot?.delivery !== undefined
        ? snapshot.delivery.onTime
        : decided !== null && replyDue !== null
          ? decided <= replyDue
          : item.overdue
            ? false
            : null
    const code = item.outcome as OutcomeCode | null
    out.push({
      reference: item.reference,
      applicant,
      submittedOn: sub ? shanghaiDate(sub.submittedAt) : '',
      receivedOn: item.receivedOn ?? '',
      title: item.title,
      state: states[item.state]?.label['zh-CN'] ?? item.state,
      assignee: item.assigneeId ? (names.get(item.assigneeId) ?? '') : '',
      dueOn: replyDue ?? '',
      repliedOn: decided ?? '',
      outcome: decided && code && code in OUTCOMES ? OUTCOMES[code].label : '',
      extended: snapshot?.extension ? t.yes : t.no,
      onTime: onTime === null ? t.pending : onTime ? t.yes : t.no,
      remedies: (snapshot?.remedies ?? [])
        .map(
          (r) =>
            `${r.kind === 'reconsideration' ? t.reconsiderationHeader : t.litigationHeader}（${r.filedOn}，${REMEDY_RESULT_LABELS[r.result]}）`,
        )
        .join('；'),
    })
  }
  if (req.reveal && items.length > 0) {
    // Through the chained staff audit log: one row per agency whose applicants' names were revealed, in that
    // agency's chain (its auditors see it), naming the agency's cases.
    const byAgency = new Map<string, string[]>()
    for (const i of items) byAgency.set(i.agencyId, [...(byAgency.get(i.agencyId) ?? []), i.id])
    await recordAudit(
      db,
      ...[...byAgency].map(([agencyId, ids]) => ({
        agencyId,
        actorId: req.auth.user.id,
        action: 'pii.register_exported',
        target: null,
        payload: { cases: ids },
        ip: req.ip,
        at: req.now,
      })),
    )
  }
  return out
}

function table(rows: RegisterRow[]): string[][] {
  const labels = messages.reports.registerColumns
  return [COLUMNS.map((c) => labels[c]), ...rows.map((r) => COLUMNS.map((c) => r[c]))]
}

/** The register as CSV (formula-like text neutralised by toCsv). */
export function registerCsv(rows: RegisterRow[]): string {
  return toCsv(table(rows))
}

/** The register as .xlsx: every cell a text cell (never a formula), the header bold. */
export async function registerXlsx(rows: RegisterRow[]): Promise<Uint8Array> {
  const [head, ...body] = table(rows)
  const data: SheetData = [
    head!.map((text) => ({ value: text, type: String, fontWeight: 'bold' as const })),
    ...body.map((r) => r.map((text) => ({ value: text, type: String }))),
  ]
  const writeXlsxFile = await loadXlsxWriter()
  const blob = await writeXlsxFile(data, {
    sheet: messages.reports.register,
    columns: [16, 12, 12, 12, 40, 12, 12, 12, 12, 24, 8, 8, 30].map((width) => ({ width })),
  }).toBlob()
  return new Uint8Array(await blob.arrayBuffer())
}
