// Builds the notification transports and recipient resolver from the Worker's bindings.
import { eq } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { submissions } from '../../db/schema'
import { shanghaiDate } from '../../workflows/calendar'
import type { Bindings } from '../env'
import { loadKeyring } from '../lib/pii'
import { draftResumeLink } from './form-drafts'
import {
  databaseResolver,
  httpTransport,
  inappTransport,
  type RecipientResolver,
  type Transport,
} from './outbox'
import { applicantContact, submissionPii, submissionQueryCode } from './submissions'

/** In-app and webhooks always; e-mail and SMS only when their gateway is configured. */
export function transportsFromEnv(env: Bindings): Record<string, Transport> {
  const transports: Record<string, Transport> = {
    inapp: inappTransport,
    webhook: httpTransport(null),
  }
  if (env.EMAIL_ENDPOINT) transports.email = httpTransport(env.EMAIL_ENDPOINT, env.NOTIFY_TOKEN)
  if (env.SMS_ENDPOINT) transports.sms = httpTransport(env.SMS_ENDPOINT, env.NOTIFY_TOKEN)
  return transports
}

/**
 * Applicant contact details come from the encrypted submission, decrypted only at delivery time; a resume link and
 * its address from the encrypted draft (`now`: the delivery run's clock, for the draft's expiry).
 */
export function resolverFromEnv(db: Db, env: Bindings, now: number = Date.now()): RecipientResolver {
  const ring = () => loadKeyring(env.PII_KEYS, env.PII_ACTIVE_KEY)
  return databaseResolver(
    db,
    async (submissionId) => {
      const row = await db.select().from(submissions).where(eq(submissions.id, submissionId)).get()
      if (!row) return null
      const keys = await ring()
      return {
        ...applicantContact(await submissionPii(keys, row)),
        queryCode: () => submissionQueryCode(keys, row),
      }
    },
    async (idHash) => {
      const link = await draftResumeLink(db, ring, idHash, now)
      if (!link) return null
      return {
        to: link.email,
        values: { resumeUrl: link.url, expiresOn: shanghaiDate(link.expiresAt) },
      }
    },
  )
}
