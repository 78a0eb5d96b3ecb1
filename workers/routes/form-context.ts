// Request → service arguments for the citizen-form routes: the dependencies as plain values, the agency and form
// named in the path (whose portals may then frame the response), and the posted body of a form page.

import type { Context } from 'hono'
import type { AppEnv } from '../env'
import { AppError } from '../errors'
import { LIMITS, readBodyBytes } from '../lib/body'
import { loadKeyring } from '../lib/pii'
import { appSecret } from '../lib/secrets'
import { clientIp } from '../middleware/auth'
import type { PostedPage, RawAnswers } from '../services/form-flow'
import { embedOrigins, openPublishedForm } from '../services/forms'
import type { IntakeDeps, OpenForm } from '../services/intake'

/** A page's answers with its uploads (5 files of 5 MB, encoding overhead and the carried answers). */
const MULTIPART_LIMIT = 27 * 1024 * 1024

export function intakeDeps(c: Context<AppEnv>): IntakeDeps {
  const env = c.env
  return {
    db: c.get('db'),
    files: env.FILES,
    // Read on use: a deployment without it fails only where a secret is needed.
    get secret() {
      return appSecret(env)
    },
    keyring: () => loadKeyring(env.PII_KEYS, env.PII_ACTIVE_KEY),
    clientIp: clientIp(c),
    now: c.get('now'),
  }
}

/**
 * The agency and published form of `/:agency/forms/:form`; 404 for either unknown. `withCalendar`: the request
 * submits, so it confirms the calendar stamps first and takes the agency and form from the isolate's cache.
 */
export async function openForm(
  c: Context<AppEnv>,
  options: { withCalendar?: boolean } = {},
): Promise<OpenForm> {
  const db = c.get('db')
  const open = await openPublishedForm(
    db,
    c.req.param('agency') ?? '',
    c.req.param('form') ?? '',
    c.get('now'),
    options,
  )
  // Form routes may be framed by this agency's portals, and only by them (an unknown form's 404 too).
  c.set('frameAncestors', embedOrigins(open.agency))
  return { agency: open.agency, form: await open.form() }
}

/** A form page as posted (urlencoded, or multipart with uploads): 415, 413 or 422 as AppError. */
export async function readPostedPage(c: Context<AppEnv>): Promise<PostedPage> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
  const answers: RawAnswers = new Map()
  const files = new Map<string, File[]>()
  const add = (k: string, v: string) => answers.set(k, [...(answers.get(k) ?? []), v])
  if (type === 'application/x-www-form-urlencoded') {
    const bytes = await readBodyBytes(c.req.raw, LIMITS.form)
    for (const [k, v] of new URLSearchParams(new TextDecoder().decode(bytes))) add(k, v)
  } else if (type === 'multipart/form-data') {
    const declared = Number(c.req.header('content-length') ?? 'NaN')
    if (!Number.isFinite(declared) || declared > MULTIPART_LIMIT) throw new AppError('payload_too_large')
    let form: FormData
    try {
      form = await c.req.raw.formData()
    } catch {
      throw new AppError('validation_failed')
    }
    for (const [k, v] of form) {
      if (typeof v === 'string') add(k, v)
      else if (v.size > 0) files.set(k, [...(files.get(k) ?? []), v])
    }
  } else {
    throw new AppError('unsupported_media_type')
  }
  return { answers, files }
}
