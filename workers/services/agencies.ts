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

export interface AgencyNode {
  id: string
  slug: string
  name: string
  parentId: string | null
}

/** Every agency of the deployment by id (a deployment holds a few hundred at most). */
export async function agencyTree(db: Db): Promise<Map<string, AgencyNode>> {
  const rows = await db
    .select({ id: agencies.id, slug: agencies.slug, name: agencies.name, parentId: agencies.parentId })
    .from(agencies)
    .all()
  return new Map(rows.map((r) => [r.id, r]))
}

/** The agency and its ancestors, nearest first (a broken or cyclic parent link ends the walk). */
export function ancestorsOf(tree: ReadonlyMap<string, AgencyNode>, agencyId: string): AgencyNode[] {
  const out: AgencyNode[] = []
  const seen = new Set<string>()
  let node = tree.get(agencyId)
  while (node && !seen.has(node.id)) {
    out.push(node)
    seen.add(node.id)
    node = node.parentId ? tree.get(node.parentId) : undefined
  }
  return out
}

/** The top-level agency of the tenant an agency belongs to. */
export function tenantOf(tree: ReadonlyMap<string, AgencyNode>, agencyId: string): AgencyNode | undefined {
  return ancestorsOf(tree, agencyId).at(-1)
}

/**
 * The username prefix of a tenant (`demo-`): a tenant's admins can only create names in their own namespace, so
 * they can never probe the usernames of another tenant. A name under a longer tenant slug (`demo-x-…` when a
 * tenant `demo-x` exists) belongs to that tenant, not to `demo`.
 */
export function usernameInTenant(
  tree: ReadonlyMap<string, AgencyNode>,
  tenant: AgencyNode,
  username: string,
): boolean {
  if (!username.startsWith(`${tenant.slug}-`)) return false
  for (const a of tree.values()) {
    if (a.parentId === null && a.slug.length > tenant.slug.length && username.startsWith(`${a.slug}-`))
      return false
  }
  return true
}
