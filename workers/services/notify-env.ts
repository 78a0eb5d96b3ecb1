// Builds the notification transports and recipient resolver from the Worker's bindings.
import { eq } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { submissions } from '../../db/schema'
import type { Bindings } from '../env'
import { loadKeyring } from '../lib/pii'
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

/** Applicant contact details come from the encrypted submission, decrypted only at delivery time. */
export function resolverFromEnv(db: Db, env: Bindings): RecipientResolver {
  return databaseResolver(db, async (submissionId) => {
    const row = await db.select().from(submissions).where(eq(submissions.id, submissionId)).get()
    if (!row) return null
    const ring = await loadKeyring(env.PII_KEYS, env.PII_ACTIVE_KEY)
    return {
      ...applicantContact(await submissionPii(ring, row)),
      queryCode: () => submissionQueryCode(ring, row),
    }
  })
}
