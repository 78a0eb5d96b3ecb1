// Sealing every hash chain with links waiting (case events per agency, the staff audit log per agency and the
// platform's): from the cron and before verify-data. `/audit/verify` seals the chains it verifies itself.
import type { Db } from '../../db/client'
import { sealAllAuditChains } from './audit-log'
import { sealAllChains } from './case-store'

/** Seal every chain with links waiting. Returns how many case events and audit rows were sealed. */
export async function sealEverything(db: Db, now: number): Promise<{ events: number; auditRows: number }> {
  return { events: await sealAllChains(db, now), auditRows: await sealAllAuditChains(db, now) }
}
