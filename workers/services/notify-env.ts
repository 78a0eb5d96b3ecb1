// Builds the notification channels and recipient resolver from the Worker's bindings.
import { eq } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { submissions } from '../../db/schema'
import type { Bindings } from '../env'
import { loadKeyring } from '../lib/pii'
import { type Channel, databaseResolver, httpChannel, inappChannel, type RecipientResolver } from './outbox'
import { submissionPii } from './submissions'

export function channelsFromEnv(env: Bindings): Record<string, Channel> {
  const channels: Record<string, Channel> = { inapp: inappChannel, webhook: httpChannel(null) }
  if (env.EMAIL_ENDPOINT) channels.email = httpChannel(env.EMAIL_ENDPOINT, env.NOTIFY_TOKEN)
  if (env.SMS_ENDPOINT) channels.sms = httpChannel(env.SMS_ENDPOINT, env.NOTIFY_TOKEN)
  return channels
}

/** Applicant contact details come from the encrypted submission, decrypted only at delivery time. */
export function resolverFromEnv(db: Db, env: Bindings): RecipientResolver {
  return databaseResolver(db, async (submissionId) => {
    const row = await db.select().from(submissions).where(eq(submissions.id, submissionId)).get()
    if (!row) return null
    const ring = await loadKeyring(env.PII_KEYS, env.PII_ACTIVE_KEY)
    const answers = await submissionPii(ring, row)
    const email = typeof answers.email === 'string' && answers.email ? answers.email : undefined
    const phone = typeof answers.phone === 'string' && answers.phone ? answers.phone : undefined
    return { ...(email ? { email } : {}), ...(phone ? { phone } : {}) }
  })
}
