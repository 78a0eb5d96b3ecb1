// What a letter is made from at the edge: the agency's letterhead and letter settings, the remedies setting, and
// the facts of the case (its snapshot, the submission, the applicant's name).
import { eq } from 'drizzle-orm'
import { alias } from 'drizzle-orm/sqlite-core'
import type { Db } from '../../../db/client'
import { agencies, submissions } from '../../../db/schema'
import type { DisclosureSnapshot } from '../../../workflows/definitions'
import type { FeeBreakdown } from '../../../workflows/fees'
import {
  DEFAULT_NUMBER_PATTERN,
  DEFAULT_RECONSIDERATION_FIRST,
  formatLetterNumber,
  type LetterFacts,
  type Letterhead,
  type LetterOutcome,
  type LetterType,
  type RemedySettings,
} from '../../../workflows/letters'
import { AppError } from '../../errors'
import { messages } from '../../i18n/zh-CN'
import type { PiiKeyring } from '../../lib/pii'
import { parseAgencySettings } from '../agency-settings'
import { RevisionCache } from '../entity-cache'
import { submissionPii } from '../submissions'
import type { FileStore } from '../uploads'

const t = messages.letters

/** What signing a letter needs from the runtime: the personal-data keyring (the applicant's name) and file storage. */
export interface LetterDeps {
  keyring: () => Promise<PiiKeyring>
  files: FileStore
  /** Deployment setting: outcomes whose reply says reconsideration comes first (default: refusals to disclose). */
  reconsiderationFirst?: readonly string[]
}

/** Parse the deployment's `RECONSIDERATION_FIRST` (comma-separated outcome codes); empty or absent: the default. */
export function reconsiderationFirstFrom(value: string | undefined): readonly string[] {
  const list = (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  return list.length > 0 ? list : DEFAULT_RECONSIDERATION_FIRST
}

export interface AgencyLetterContext {
  letterhead: Letterhead
  remedies: RemedySettings
  /** The 文号 of sequence `seq` in `year` for a letter of this type. */
  number: (type: LetterType, year: number, seq: number) => string
  paymentMethod: string | null
}

function letterheadOf(name: string, json: string): Letterhead {
  let raw: Record<string, unknown> = {}
  try {
    raw = JSON.parse(json) as Record<string, unknown>
  } catch {
    raw = {}
  }
  const text = (k: string) => (typeof raw[k] === 'string' && raw[k] ? (raw[k] as string) : null)
  return {
    name,
    address: text('address'),
    postcode: text('postcode'),
    phone: text('phone'),
    contactPerson: text('contactPerson'),
  }
}

/** An agency's row with its parent's name (the default reconsideration body). */
export type AgencyWithParent = typeof agencies.$inferSelect & { parentName: string | null }

const parentAgency = alias(agencies, 'parent_agency')

/** Agencies with their parent's name, per isolate (see entity-cache.ts: confirmed by the request's stamp query). */
const agencyCache = new RevisionCache<AgencyWithParent | null>()

/**
 * The agency and its parent's name in one query (a missing agency is a 404); no query at all when this request
 * confirmed the agencies' revision and this isolate read the agency under it.
 */
export async function agencyWithParent(db: Db, agencyId: string): Promise<AgencyWithParent> {
  const agency = await agencyCache.get(db, agencyId, async () => {
    const row = await db
      .select({ agency: agencies, parentName: parentAgency.name })
      .from(agencies)
      .leftJoin(parentAgency, eq(parentAgency.id, agencies.parentId))
      .where(eq(agencies.id, agencyId))
      .get()
    return row ? { ...row.agency, parentName: row.parentName ?? null } : null
  })
  if (!agency) throw new AppError('not_found')
  return agency
}

/** An agency's letterhead, 文号 patterns and remedies (the reconsideration body defaults to the parent agency). */
export async function agencyLetterContext(
  db: Db,
  agencyId: string,
  reconsiderationFirst: readonly string[] = DEFAULT_RECONSIDERATION_FIRST,
): Promise<AgencyLetterContext> {
  return letterContextOf(await agencyWithParent(db, agencyId), reconsiderationFirst)
}

/** The letter context of an agency row already read (e.g. with the action's settings). */
export function letterContextOf(
  agency: AgencyWithParent,
  reconsiderationFirst: readonly string[] = DEFAULT_RECONSIDERATION_FIRST,
): AgencyLetterContext {
  const parent = agency.parentName !== null ? { name: agency.parentName } : undefined
  const settings = parseAgencySettings(agency.settings).letters ?? {}
  const prefix = settings.numberPrefix || t.defaultNumberPrefix(agency.name)
  const body = settings.reconsiderationBody ?? { name: parent?.name ?? t.defaultReconsiderationBody }
  return {
    letterhead: letterheadOf(agency.name, agency.letterhead),
    remedies: { reconsiderationBody: body, reconsiderationFirst },
    number: (type, year, seq) =>
      formatLetterNumber(
        settings.numberPatterns?.[type] ?? settings.numberPatterns?.default ?? DEFAULT_NUMBER_PATTERN,
        {
          prefix,
          year,
          seq,
        },
      ),
    paymentMethod: settings.paymentMethod ?? null,
  }
}

/** The applicant as letters address them: the organisation's name, else the person's (decrypted). */
export async function applicantName(
  db: Db,
  keyring: () => Promise<PiiKeyring>,
  submissionId: string,
  /** The submission, when the caller read it already (its id must be `submissionId`). */
  preloaded?: typeof submissions.$inferSelect,
): Promise<{ name: string; reference: string }> {
  const sub =
    preloaded?.id === submissionId
      ? preloaded
      : await db.select().from(submissions).where(eq(submissions.id, submissionId)).get()
  if (!sub) throw new AppError('not_found')
  const data = JSON.parse(sub.data) as Record<string, unknown>
  if (typeof data.orgName === 'string' && data.orgName)
    return { name: data.orgName, reference: sub.reference }
  const personal = await submissionPii(await keyring(), sub)
  const name = typeof personal.name === 'string' && personal.name ? personal.name : t.applicant
  return { name, reference: sub.reference }
}

function feeFacts(fee: DisclosureSnapshot['fee'], paymentMethod: string | null): LetterFacts['fee'] {
  if (!fee) return null
  const b: FeeBreakdown = fee.breakdown
  const unit = b.method === 'per_request' ? t.feeUnitRequest : t.feeUnitPage
  return {
    amountYuan: fee.amountYuan,
    basis: t.feeBasis(b.method, b.from, b.to),
    lines: b.lines
      .filter((line) => line.amountYuan > 0)
      .map((line) => t.feeLine(line.from, line.to, unit, line.rateYuan, line.amountYuan)),
    issuedOn: fee.issuedOn,
    payBy: fee.payBy,
    paymentMethod,
  }
}

/** The facts of a case as letters state them; `extra` carries what only the action's own input holds. */
export function caseFacts(
  snapshot: DisclosureSnapshot,
  request: { reference: string; title: string },
  agency: AgencyLetterContext,
  extra: { questions?: string | null; override?: LetterFacts['override'] } = {},
): LetterFacts {
  const consultation = snapshot.consultations.at(-1) ?? null
  return {
    reference: request.reference,
    requestTitle: request.title,
    receivedOn: snapshot.receipt?.receivedOn ?? null,
    correctedOn: snapshot.correction?.receivedOn ?? null,
    replyDueOn: snapshot.clock?.replyDueOn ?? null,
    replyDuePending: snapshot.clock?.pendingDeadline ?? null,
    correction: snapshot.correction
      ? {
          requestedOn: snapshot.correction.requestedOn,
          items: snapshot.correction.items,
          dueOn: snapshot.correction.dueOn,
        }
      : null,
    extension: snapshot.extension
      ? { workingDays: snapshot.extension.workingDays, reason: snapshot.extension.reason }
      : null,
    agencySetDate: snapshot.art35.setDueOn
      ? { dueOn: snapshot.art35.setDueOn, reason: snapshot.art35.setDateReason }
      : null,
    reasonsQuestions: extra.questions ?? null,
    consultation: consultation
      ? { consultee: consultation.consultee, matter: consultation.matter, sentOn: consultation.sentOn }
      : null,
    override: extra.override ?? null,
    fee: feeFacts(snapshot.fee, agency.paymentMethod),
    outcome: (snapshot.outcome as LetterOutcome | null) ?? null,
    remedies: agency.remedies,
  }
}
