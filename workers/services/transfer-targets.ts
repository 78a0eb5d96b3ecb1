// Where an agency may transfer (转办) a request: the other agencies of its own tenant (one government's departments
// and townships), plus the agencies of other tenants the platform operator lists for it. Nothing else — a transfer
// to an unlisted agency is refused exactly like one to an unknown id, and the list staff see names only these, so
// it never exposes the deployment's other tenants.
import { eq } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { transferTargets } from '../../db/schema'
import { type AuthContext, isOperator, scopedAgencyIds } from '../auth/sessions'
import { AppError } from '../errors'
import { messages } from '../i18n/zh-CN'
import { agencyIdOf, agencyTree, tenantOf } from './agencies'
import { commitAudited } from './audit-log'

export interface TransferTarget {
  id: string
  name: string
  /** Listed by the operator (another tenant), rather than one of the sender's own tenant. */
  listed: boolean
}

/** The agencies `agencyId` may transfer to, by name. */
export async function allowedTransferTargets(db: Db, agencyId: string): Promise<TransferTarget[]> {
  const tree = await agencyTree(db)
  const tenant = tenantOf(tree, agencyId)
  if (!tenant) return []
  const listed = new Set(
    (
      await db
        .select({ id: transferTargets.targetAgencyId })
        .from(transferTargets)
        .where(eq(transferTargets.agencyId, agencyId))
        .all()
    ).map((r) => r.id),
  )
  const out: TransferTarget[] = []
  for (const a of tree.values()) {
    if (a.id === agencyId) continue
    const own = tenantOf(tree, a.id)?.id === tenant.id
    if (own || listed.has(a.id)) out.push({ id: a.id, name: a.name, listed: !own })
  }
  return out.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'))
}

/** Whether `fromAgencyId` may transfer to `toAgencyId`. */
export async function mayTransferTo(db: Db, fromAgencyId: string, toAgencyId: string): Promise<boolean> {
  return (await allowedTransferTargets(db, fromAgencyId)).some((t) => t.id === toAgencyId)
}

async function senderFor(db: Db, actor: AuthContext, agencyRef: string): Promise<string> {
  const id = await agencyIdOf(db, agencyRef)
  if (!isOperator(actor) && !scopedAgencyIds(actor).includes(id)) throw new AppError('not_found')
  if (!(await agencyTree(db)).has(id)) throw new AppError('not_found')
  return id
}

/** `GET /agencies/:id/transfer-targets`: for the agency's own staff and the operator; 404 for anyone else. */
export async function transferTargetsView(db: Db, actor: AuthContext, agencyRef: string) {
  return { items: await allowedTransferTargets(db, await senderFor(db, actor, agencyRef)) }
}

/**
 * `PUT /agencies/:id/transfer-targets`: the operator replaces the agencies of other tenants this one may transfer
 * to (its own tenant needs no listing). Audited in the sender's chain.
 */
export async function setTransferTargets(
  db: Db,
  actor: AuthContext,
  agencyRef: string,
  targetRefs: readonly string[],
  now: number,
) {
  if (!isOperator(actor)) {
    throw new AppError('forbidden', { message: messages.staffAdmin.transferTargetsOperatorOnly })
  }
  const agencyId = await senderFor(db, actor, agencyRef)
  const tree = await agencyTree(db)
  const tenant = tenantOf(tree, agencyId)?.id
  const ids: string[] = []
  for (const [i, ref] of targetRefs.entries()) {
    const id = await agencyIdOf(db, ref)
    if (!tree.has(id) || id === agencyId) {
      throw new AppError('validation_failed', {
        issues: [
          { path: `targets.${i}`, code: 'unknown_agency', message: messages.staffAdmin.unknownAgency },
        ],
      })
    }
    // An agency of the sender's own tenant is always a target: not stored, so the list stays the exceptions.
    if (tenantOf(tree, id)?.id !== tenant && !ids.includes(id)) ids.push(id)
  }
  await commitAudited(
    db,
    [
      db.delete(transferTargets).where(eq(transferTargets.agencyId, agencyId)),
      ...ids.map((targetAgencyId) =>
        db
          .insert(transferTargets)
          .values({ agencyId, targetAgencyId, createdBy: actor.user.id, createdAt: now }),
      ),
    ],
    [
      {
        // The sender's auditors see who may now receive its requests (and the applicants' data with them).
        agencyId,
        actorId: actor.user.id,
        action: 'agency.transfer_targets_set',
        target: agencyId,
        payload: { targets: ids },
        at: now,
      },
    ],
  )
  return transferTargetsView(db, actor, agencyId)
}
