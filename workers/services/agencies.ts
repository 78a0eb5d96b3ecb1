// Agencies by the name a caller uses: portals and citizens say the slug (`demo`), integrations may keep the id.
import { eq, or } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { agencies } from '../../db/schema'

/**
 * The id of the agency `ref` names, by id or by slug; `ref` itself when none matches, so that the caller's
 * scope check answers 404 exactly as for any other foreign id.
 */
export async function agencyIdOf(db: Db, ref: string): Promise<string> {
  const row = await db
    .select({ id: agencies.id })
    .from(agencies)
    .where(or(eq(agencies.id, ref), eq(agencies.slug, ref)))
    .get()
  return row?.id ?? ref
}
