// The audit trail as staff may check it: the agency's hash chain, verified for its auditors and admins.
import type { Db } from '../../db/client'
import { type AuthContext, hasRole, scopedAgencyIds } from '../auth/sessions'
import { AppError } from '../errors'
import { agencyIdOf } from './agencies'
import { type ChainVerification, verifyAgencyChain } from './case-store'

/** Verify one agency's case-event chain, named by id or slug; 404 outside the caller's agencies. */
export async function verifyAuditChain(
  db: Db,
  auth: AuthContext,
  agencyRef: string,
): Promise<ChainVerification> {
  const agencyId = await agencyIdOf(db, agencyRef)
  if (!scopedAgencyIds(auth).includes(agencyId)) throw new AppError('not_found')
  if (!hasRole(auth, agencyId, 'auditor', 'admin')) throw new AppError('forbidden')
  return verifyAgencyChain(db, agencyId)
}
