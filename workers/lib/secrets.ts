// The deployment secret (APP_SECRET) keys HMACs: query-code hashes, form tokens, receipt links, proof-of-work.

/** The secret, read when first needed: a deployment without one fails only where a secret is used. */
export function appSecret(env: { APP_SECRET?: string | undefined }): string {
  if (!env.APP_SECRET) throw new Error('APP_SECRET is not configured')
  return env.APP_SECRET
}
