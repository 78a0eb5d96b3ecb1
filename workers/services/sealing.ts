// Sealing the hash chains (case events per agency, the staff audit log per agency and the platform's): after a
// response for what the request appended, and everything waiting from the cron and before verify-data.
import type { Db } from '../../db/client'
import { takeAppended } from '../lib/seal-queue'
import { sealAllAuditChains, sealAuditChain } from './audit-log'
import { sealAgencyChain, sealAllChains } from './case-store'

/** Seal the chains this isolate appended to (after a response, via waitUntil). */
export async function sealAppended(db: Db, now: number): Promise<void> {
  for (const { kind, chain } of takeAppended()) {
    if (kind === 'case') await sealAgencyChain(db, chain, now)
    else await sealAuditChain(db, chain, now)
  }
}

/** Seal every chain with links waiting. Returns how many case events and audit rows were sealed. */
export async function sealEverything(db: Db, now: number): Promise<{ events: number; auditRows: number }> {
  return { events: await sealAllChains(db, now), auditRows: await sealAllAuditChains(db, now) }
}
