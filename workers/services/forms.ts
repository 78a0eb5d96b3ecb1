// Published forms and the agencies that offer them: the built-in definitions are stored (frozen, hashed) in
// form_versions on first use and a page or API call compiles the latest published version; where an agency's
// forms may be framed; answers as people read them.
import { and, desc, eq, isNotNull, isNull, or, type SQL, sql } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { agencies, formVersions } from '../../db/schema'
import {
  type CompiledForm,
  canonicalJson,
  compileForm,
  definitionHash,
  disclosureV1,
  disclosureV2,
  type FormDefinitionInput,
  recordCorrectionV1,
} from '../../forms'
import { AppError } from '../errors'
import { messages } from '../i18n/zh-CN'
import { readCalendarStampsAhead } from './calendar'
import { URL_SLUG } from './embedding'
import { RevisionCache } from './entity-cache'

/** Forms shipped with the product; each version is published once and never edited. */
export const BUILT_IN_FORMS: readonly FormDefinitionInput[] = [disclosureV1, disclosureV2, recordCorrectionV1]

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

/** Whether a value is an origin a portal may embed the forms from. */
export function isEmbedOrigin(value: string): boolean {
  return ORIGIN.test(value)
}

/** The portal origins allowed to frame this agency's forms (malformed entries are ignored). */
export function embedOrigins(agency: Pick<AgencyRow, 'embedOrigins'>): string[] {
  try {
    const list = JSON.parse(agency.embedOrigins) as unknown
    return Array.isArray(list)
      ? list.filter((o): o is string => typeof o === 'string' && isEmbedOrigin(o))
      : []
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

/** The agency a public URL names by its slug; 404 when there is none. */
/** The agency a URL names, by its slug (what portals use) or its id. */
export async function agencyBySlug(db: Db, slug: string): Promise<AgencyRow> {
  const row = await db
    .select()
    .from(agencies)
    .where(or(eq(agencies.slug, slug), eq(agencies.id, slug)))
    .get()
  if (!row) throw new AppError('not_found')
  return row
}

/** The latest published version of `slug` for an agency (its own, else the deployment-wide one), as a query. */
function latestPublished(db: Db, agencyId: SQL | string, slug: string) {
  return db
    .select()
    .from(formVersions)
    .where(
      and(
        eq(formVersions.slug, slug),
        isNotNull(formVersions.publishedAt),
        or(eq(formVersions.agencyId, agencyId), isNull(formVersions.agencyId)),
      ),
    )
    .orderBy(desc(formVersions.version))
    .limit(1)
}

async function published(
  db: Db,
  row: typeof formVersions.$inferSelect | undefined,
  agency: AgencyRow,
  slug: string,
  now: number,
): Promise<PublishedForm> {
  if (!row && BUILT_IN_FORMS.some((f) => f.slug === slug)) {
    await ensureBuiltInForms(db, now)
    row = await latestPublished(db, agency.id, slug).get()
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

/** The latest published version of `slug` for this agency (its own, else the deployment-wide one). */
export async function publishedForm(
  db: Db,
  agency: AgencyRow,
  slug: string,
  now: number,
): Promise<PublishedForm> {
  if (!URL_SLUG.test(slug)) throw new AppError('not_found')
  return published(db, await latestPublished(db, agency.id, slug).get(), agency, slug, now)
}

/** Agencies by the reference a URL names them with, and the latest published form row of (agency, slug), per isolate. */
const agencyByRef = new RevisionCache<AgencyRow>()
const latestFormRow = new RevisionCache<typeof formVersions.$inferSelect>()

/**
 * The agency (by slug or id; 404 when unknown) and its published form `formSlug`, read in one round trip. The form
 * comes as a function that throws the form's own 404, so the caller can act on the agency first.
 *
 * `withCalendar` (a submission, which goes on to its agency's calendar): the calendars' stamps and the cache
 * revisions are read first (one query, which the request's `loadCalendar` then reuses), and the agency and form rows
 * come from this isolate's cache when those revisions are the ones they were read under: no further round trip.
 */
export async function openPublishedForm(
  db: Db,
  agencyRef: string,
  formSlug: string,
  now: number,
  options: { withCalendar?: boolean } = {},
): Promise<{ agency: AgencyRow; form: () => Promise<PublishedForm> }> {
  if (options.withCalendar) await readCalendarStampsAhead(db)
  let agency = agencyByRef.peek(db, agencyRef)
  const formKey = (id: string) => `${id}\n${formSlug}`
  let formRow = agency ? latestFormRow.peek(db, formKey(agency.id)) : undefined
  if (!agency || !formRow) {
    const agencyWhere = or(eq(agencies.slug, agencyRef), eq(agencies.id, agencyRef))
    const [agencyRows, formRows] = await db.batch([
      db.select().from(agencies).where(agencyWhere).limit(1),
      latestPublished(
        db,
        sql`(SELECT ${agencies.id} FROM ${agencies} WHERE ${agencyWhere} LIMIT 1)`,
        formSlug,
      ),
    ])
    agency = agencyRows[0]
    formRow = formRows[0]
    if (agency) agencyByRef.put(db, agencyRef, agency)
    // Published versions are frozen; only which one is the latest changes, and that bumps the revision too.
    if (agency && formRow) latestFormRow.put(db, formKey(agency.id), formRow)
  }
  if (!agency) throw new AppError('not_found')
  const found = agency
  return {
    agency: found,
    form: () =>
      URL_SLUG.test(formSlug)
        ? published(db, formRow, found, formSlug, now)
        : Promise.reject(new AppError('not_found')),
  }
}

/**
 * A stored version of `slug` by its id (the one a draft was begun on), offered to this agency; null when there is
 * none. A newer version being published since never changes an unfinished draft's questions.
 */
export async function publishedVersionById(
  db: Db,
  agency: AgencyRow,
  slug: string,
  id: string,
): Promise<PublishedForm | null> {
  const row = await db
    .select()
    .from(formVersions)
    .where(
      and(
        eq(formVersions.id, id),
        eq(formVersions.slug, slug),
        isNotNull(formVersions.publishedAt),
        or(eq(formVersions.agencyId, agency.id), isNull(formVersions.agencyId)),
      ),
    )
    .get()
  if (!row) return null
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

/** A published form as the JSON API describes it to portals: its JSON Schema and its pages. */
export function formDescription(agency: AgencyRow, form: PublishedForm) {
  const model = form.compiled.renderModel
  return {
    agency: { slug: agency.slug, name: agency.name },
    slug: form.slug,
    version: form.version,
    title: model.title,
    schema: form.compiled.jsonSchema,
    pages: model.pages.map((p) => ({ id: p.id, title: p.title, fields: p.fields.map((f) => f.name) })),
  }
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
      else if (v === true) text = messages.form.yes
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
