// Published forms: the built-in definitions are stored (frozen, hashed) in form_versions on first use; a page or
// API call compiles the latest published version. Also the one-time form tokens and the submit pipeline glue.
import { and, desc, eq, isNotNull, isNull, or } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { agencies, formVersions } from '../../db/schema'
import {
  applicantCategory,
  type CompiledForm,
  canonicalJson,
  compileForm,
  definitionHash,
  disclosureV1,
  type FormDefinitionInput,
  type SubmissionData,
} from '../../forms'
import type { ApplicantCategory as ReportColumn } from '../../workflows/outcomes'
import { AppError } from '../errors'
import { hmacSha256, randomToken, sha256Hex, timingSafeEqual, toBase64Url } from '../lib/crypto'

/** Forms shipped with the product; each version is published once and never edited. */
export const BUILT_IN_FORMS: readonly FormDefinitionInput[] = [disclosureV1]

export interface PublishedForm {
  id: string
  slug: string
  version: number
  hash: string
  compiled: CompiledForm
}

export type AgencyRow = typeof agencies.$inferSelect

/** https origins; plain http only for loopback (local development and tests). */
const ORIGIN = /^(https:\/\/[a-z0-9.-]+|http:\/\/(127\.0\.0\.1|localhost))(:\d{1,5})?$/i

/** The portal origins allowed to frame this agency's forms (malformed entries are ignored). */
export function embedOrigins(agency: Pick<AgencyRow, 'embedOrigins'>): string[] {
  try {
    const list = JSON.parse(agency.embedOrigins) as unknown
    return Array.isArray(list) ? list.filter((o): o is string => typeof o === 'string' && ORIGIN.test(o)) : []
  } catch {
    return []
  }
}

const compiledCache = new Map<string, CompiledForm>()

/** Store the built-in definitions that are not yet in form_versions (idempotent; never overwrites). */
export async function ensureBuiltInForms(db: Db, now: number): Promise<void> {
  for (const def of BUILT_IN_FORMS) {
    const hash = await definitionHash(def)
    await db
      .insert(formVersions)
      .values({
        id: `form-${def.slug}-v${def.version}`,
        agencyId: null,
        slug: def.slug,
        version: def.version,
        definition: canonicalJson(def),
        definitionHash: hash,
        publishedAt: now,
        createdAt: now,
      })
      .onConflictDoNothing()
  }
}

export async function agencyBySlug(db: Db, slug: string): Promise<AgencyRow> {
  const row = await db.select().from(agencies).where(eq(agencies.slug, slug)).get()
  if (!row) throw new AppError('not_found')
  return row
}

/** The latest published version of `slug` for this agency (its own, else the deployment-wide one). */
export async function publishedForm(
  db: Db,
  agency: AgencyRow,
  slug: string,
  now: number,
): Promise<PublishedForm> {
  if (!/^[a-z0-9-]{1,40}$/.test(slug)) throw new AppError('not_found')
  const find = () =>
    db
      .select()
      .from(formVersions)
      .where(
        and(
          eq(formVersions.slug, slug),
          isNotNull(formVersions.publishedAt),
          or(eq(formVersions.agencyId, agency.id), isNull(formVersions.agencyId)),
        ),
      )
      .orderBy(desc(formVersions.version))
      .limit(1)
      .get()
  let row = await find()
  if (!row && BUILT_IN_FORMS.some((f) => f.slug === slug)) {
    await ensureBuiltInForms(db, now)
    row = await find()
  }
  if (!row) throw new AppError('not_found')
  return {
    id: row.id,
    slug: row.slug,
    version: row.version,
    hash: row.definitionHash,
    compiled: await compiled(row),
  }
}

/** Every agency, by slug, for the home page's list of forms. */
export async function agencyDirectory(db: Db): Promise<{ slug: string; name: string }[]> {
  return db.select({ slug: agencies.slug, name: agencies.name }).from(agencies).orderBy(agencies.slug).all()
}

/** Compile a stored version once per isolate, after checking it still matches its published hash. */
async function compiled(row: typeof formVersions.$inferSelect): Promise<CompiledForm> {
  const hit = compiledCache.get(row.definitionHash)
  if (hit) return hit
  const definition = JSON.parse(row.definition) as FormDefinitionInput
  if ((await definitionHash(definition)) !== row.definitionHash) {
    // A published version is frozen: an edited row must never be served as if it were the published one.
    throw new Error(`form_versions ${row.id} does not match its published hash`)
  }
  const form = compileForm(definition)
  compiledCache.set(row.definitionHash, form)
  return form
}

/** One answer as people read it: the question's label and the chosen option labels, not the stored codes. */
export interface AnswerRow {
  pageId: string
  field: string
  label: string
  value: string
}

/** Answers in form order, formatted for check-your-answers and for staff (also works on masked answers). */
export function answerRows(
  compiled: CompiledForm,
  data: Record<string, unknown>,
  fileName: (id: string) => string | undefined = () => undefined,
): AnswerRow[] {
  const rows: AnswerRow[] = []
  for (const page of compiled.renderModel.pages) {
    for (const field of page.fields) {
      const v = data[field.name]
      if (v === undefined || v === null) continue
      const options = field.controls[0]?.options
      const label = (x: unknown) =>
        typeof x === 'string'
          ? (options?.find((o) => o.value === x)?.label ?? fileName(x) ?? x)
          : JSON.stringify(x)
      let text: string
      if (typeof v === 'string') text = label(v)
      else if (v === true) text = '是'
      else if (Array.isArray(v)) text = v.map(label).join('、')
      else if (typeof v === 'object' && 'number' in v) {
        const doc = v as { type?: string; number?: string }
        text = `${label(doc.type)} ${doc.number ?? ''}`
      } else if (typeof v === 'object' && 'detail' in v) {
        const a = v as { region?: string; detail?: string; postcode?: string }
        text = [a.region, a.detail, a.postcode].filter(Boolean).join(' ')
      } else text = JSON.stringify(v)
      rows.push({ pageId: page.id, field: field.name, label: field.label, value: text })
    }
  }
  return rows
}

/** A stored form version by id (the one a submission pinned), compiled. */
export async function formVersionById(db: Db, id: string): Promise<CompiledForm | null> {
  const row = await db.select().from(formVersions).where(eq(formVersions.id, id)).get()
  return row ? compiled(row) : null
}

/** Split validated answers into stored data and personal data (encrypted at rest). */
export function splitPii(form: CompiledForm, data: SubmissionData) {
  const pii: Record<string, unknown> = {}
  const rest: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(data)) {
    if (form.piiFieldNames.includes(k)) pii[k] = v
    else rest[k] = v
  }
  return { data: rest, pii }
}

const REPORT_COLUMN: Record<string, ReportColumn> = {
  natural_person: 'natural_person',
  commercial: 'commercial_enterprise',
  research: 'research_institution',
  social_welfare: 'public_welfare_organization',
  legal_services: 'legal_service_institution',
  other: 'other_organization',
}

/** The annual-report applicant column of a disclosure application. */
export function reportColumn(data: SubmissionData): ReportColumn {
  return REPORT_COLUMN[applicantCategory(data)] ?? 'natural_person'
}

/** Short searchable title of a request (the description, first line, no personal fields). */
export function requestTitle(data: SubmissionData): string {
  const text = typeof data.informationDescription === 'string' ? data.informationDescription : ''
  return text.split(/\r?\n/)[0]!.slice(0, 120)
}

export async function bodyHashOf(value: unknown): Promise<string> {
  return sha256Hex(canonicalJson(value))
}

// --- one-time form tokens -------------------------------------------------------------------------------

/** Minimum time between showing a form and accepting it: bots post instantly, people do not. */
export const MIN_FILL_MS = 3_000
const MAX_TOKEN_AGE_MS = 24 * 3_600_000

async function hmac(secret: string, message: string): Promise<string> {
  return toBase64Url(await hmacSha256(secret, message))
}

/** `issuedAt.nonce.mac`, bound to the agency and form; the nonce becomes the submission's idempotency key. */
export async function issueFormToken(secret: string, scope: string, now: number): Promise<string> {
  const nonce = randomToken(16)
  const body = `${now.toString(36)}.${nonce}`
  return `${body}.${await hmac(secret, `${scope}|${body}`)}`
}

/** The nonce part of a form token (unverified; for binding a challenge to the token shown on the page). */
export function tokenNonce(token: string): string {
  return token.split('.')[1]?.slice(0, 40) ?? ''
}

export type TokenCheck =
  | { ok: true; nonce: string }
  | { ok: false; reason: 'invalid' | 'too_fast' | 'expired' }

/** Verify a form token; `minFill` applies the minimum fill time (on the final submit, not between pages). */
export async function checkFormToken(
  secret: string,
  scope: string,
  token: string,
  now: number,
  options: { minFill: boolean },
): Promise<TokenCheck> {
  const [issued, nonce, mac] = token.split('.')
  if (!issued || !nonce || !mac || nonce.length > 40) return { ok: false, reason: 'invalid' }
  if (!timingSafeEqual(mac, await hmac(secret, `${scope}|${issued}.${nonce}`)))
    return { ok: false, reason: 'invalid' }
  const issuedAt = Number.parseInt(issued, 36)
  if (!Number.isFinite(issuedAt) || issuedAt > now + 60_000) return { ok: false, reason: 'invalid' }
  if (options.minFill && now - issuedAt < MIN_FILL_MS) return { ok: false, reason: 'too_fast' }
  if (now - issuedAt > MAX_TOKEN_AGE_MS) return { ok: false, reason: 'expired' }
  return { ok: true, nonce }
}
