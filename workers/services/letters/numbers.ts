// 文号 sequence numbers for letters being signed: held in one statement batch before rendering, so concurrent
// signings of an agency never take the same number and never retry on it, and released when a signing fails, so
// the next signing takes that number again and the yearly sequence keeps no gap.
//
// Why a hold and not a counter bumped inside the signing batch: the number is printed in the letter, and the
// SHA-256 of the letter's bytes goes into its row and into the case event in that same batch (the audit chain
// covers it), so the number must be known before the batch. A counter in the batch would only give it afterwards.
import { and, eq, inArray, sql } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import type { Db } from '../../../db/client'
import { letterNumberHolds } from '../../../db/schema'
import { newId } from '../../lib/crypto'

/**
 * How long a hold lasts without its signing committing or releasing it (a Worker stopped mid-request). Rendering,
 * the .docx and its upload take well under a second; a signing slower than this may lose its number to another,
 * which then fails one of the two on the letters' unique index (a 409 or a retry, never a shared number).
 */
export const HOLD_MS = 60_000

export interface NumberHolds {
  agencyId: string
  year: number
  /** One number per letter asked for, in order. */
  seqs: number[]
  holders: string[]
}

/**
 * Hold `count` numbers of an agency's yearly sequence, one statement each (one round trip for the usual single
 * letter): each takes the lowest released or expired hold whose number no letter carries, or else the next number
 * after every letter's and every hold's. A statement runs alone in D1's serialized writer, so two signings never
 * get the same number, and nothing is read before it.
 */
export async function holdLetterNumbers(
  db: Db,
  agencyId: string,
  year: number,
  count: number,
  now: number,
): Promise<NumberHolds> {
  const holds: NumberHolds = { agencyId, year, seqs: [], holders: [] }
  const expiresAt = now + HOLD_MS
  const scope = sql`agency_id = ${agencyId} AND year = ${year}`
  for (let k = 0; k < count; k++) {
    const holder = newId()
    // The released number, if any, meets its own row (primary key) and the upsert takes it over; a new number
    // is inserted. `WHERE true` keeps SQLite from reading ON CONFLICT as a join constraint.
    const row = await db.get<{ seq: number } | undefined>(sql`INSERT INTO letter_number_holds
        (agency_id, year, seq, holder, expires_at)
      SELECT ${agencyId}, ${year}, coalesce(
          (SELECT h.seq FROM letter_number_holds h
            WHERE h.agency_id = ${agencyId} AND h.year = ${year} AND h.expires_at <= ${now}
              AND NOT EXISTS (SELECT 1 FROM letters l
                WHERE l.agency_id = ${agencyId} AND l.year = ${year} AND l.seq = h.seq)
            ORDER BY h.seq LIMIT 1),
          max(
            coalesce((SELECT max(seq) FROM letters WHERE ${scope} AND seq IS NOT NULL), 0),
            coalesce((SELECT max(seq) FROM letter_number_holds WHERE ${scope}), 0)
          ) + 1
        ), ${holder}, ${expiresAt}
      WHERE true
      ON CONFLICT (agency_id, year, seq) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
        WHERE letter_number_holds.expires_at <= ${now}
      RETURNING seq`)
    if (!row) throw new Error('letter number hold not taken')
    holds.seqs.push(row.seq)
    holds.holders.push(holder)
  }
  return holds
}

/** For the signing batch: drop the holds of the numbers it gives to letters (whoever holds them now). */
export function settleHolds(db: Db, holds: NumberHolds): BatchItem<'sqlite'>[] {
  if (holds.seqs.length === 0) return []
  return [
    db
      .delete(letterNumberHolds)
      .where(
        and(
          eq(letterNumberHolds.agencyId, holds.agencyId),
          eq(letterNumberHolds.year, holds.year),
          inArray(letterNumberHolds.seq, holds.seqs),
        ),
      ),
  ]
}

/**
 * After a signing failed: free its holds at once for the next signing. A hold its batch already settled (the
 * commit's answer was lost) is gone and stays gone. Best effort: a hold not released expires after HOLD_MS.
 */
export async function releaseHolds(db: Db, holds: NumberHolds | null): Promise<void> {
  if (!holds || holds.holders.length === 0) return
  try {
    await db
      .update(letterNumberHolds)
      .set({ expiresAt: 0 })
      .where(inArray(letterNumberHolds.holder, holds.holders))
  } catch {
    // The hold expires by itself.
  }
}
