// Per-agency settings an admin may change: portal origins allowed to embed the forms, and the disclosure
// settings the law leaves to the agency (legal review on/off, due-soon warning, correction window, …).
import { eq } from 'drizzle-orm'
import { z } from 'zod'
import type { Db } from '../../db/client'
import { agencies, auditLog } from '../../db/schema'
import { DEFAULT_DISCLOSURE_SETTINGS } from '../../workflows/definitions'
import { type AuthContext, hasRole } from '../auth/sessions'
import { AppError } from '../errors'
import { randomBytes } from '../lib/crypto'
import { ConfigurableDisclosureSettings, disclosureSettingsOf } from './cases'
import { embedOrigins } from './forms'

function toBase64(bytes: Uint8Array): string {
  let binary = ''
  for (const b of bytes) binary += String.fromCharCode(b)
  return btoa(binary)
}

const origin = z
  .string()
  .trim()
  .transform((v) => v.replace(/\/+$/, ''))
  .refine(
    (v) => /^(https:\/\/[a-z0-9.-]+|http:\/\/(127\.0\.0\.1|localhost))(:\d{1,5})?$/i.test(v),
    '来源须为 https://域名[:端口]，不含路径（仅本机调试可用 http）',
  )

export const AgencySettingsInput = z.strictObject({
  embedOrigins: z.array(origin).max(20, '最多 20 个来源'),
  disclosure: ConfigurableDisclosureSettings,
  webhookUrl: z.union([z.url({ protocol: /^https$/ }), z.literal('')]).optional(),
  /** Require the self-hosted proof-of-work on submit (needs JavaScript in the applicant's browser). */
  proofOfWork: z.boolean().optional(),
})

export async function agencySettingsView(db: Db, actor: AuthContext, agencyId: string) {
  if (!hasRole(actor, agencyId, 'admin')) throw new AppError('not_found')
  const row = await db.select().from(agencies).where(eq(agencies.id, agencyId)).get()
  if (!row) throw new AppError('not_found')
  const settings = JSON.parse(row.settings) as {
    disclosure?: Record<string, unknown>
    webhookUrl?: string
    webhookSecret?: string
    proofOfWork?: boolean
  }
  const effective = { ...DEFAULT_DISCLOSURE_SETTINGS, ...disclosureSettingsOf(row.settings) }
  return {
    id: row.id,
    name: row.name,
    embedOrigins: embedOrigins(row),
    // What the agency may change (so a GET can be PUT back as it is) …
    disclosure: {
      legalReview: effective.legalReview,
      dueSoonWorkingDays: effective.dueSoonWorkingDays,
      correctionWindowWorkingDays: effective.correctionWindowWorkingDays,
      feePaymentWorkingDays: effective.feePaymentWorkingDays,
    },
    // … and the statutory periods it works under, for information only.
    statutory: {
      replyWorkingDays: effective.replyWorkingDays,
      maxExtensionWorkingDays: effective.maxExtensionWorkingDays,
      correctionNoticeWorkingDays: effective.correctionNoticeWorkingDays,
      consultationWorkingDays: effective.consultationWorkingDays,
    },
    webhookUrl: settings.webhookUrl ?? '',
    /** Standard Webhooks secret to verify `webhook-signature` on the receiving side. */
    webhookSecret: settings.webhookSecret ?? '',
    proofOfWork: settings.proofOfWork === true,
  }
}

export async function updateAgencySettings(
  db: Db,
  actor: AuthContext,
  agencyId: string,
  input: z.output<typeof AgencySettingsInput>,
  now: number,
) {
  const current = await agencySettingsView(db, actor, agencyId)
  const row = await db
    .select({ settings: agencies.settings })
    .from(agencies)
    .where(eq(agencies.id, agencyId))
    .get()
  const settings = JSON.parse(row?.settings ?? '{}') as Record<string, unknown>
  // Merge: a form that shows some settings must not wipe the others.
  const disclosure = {
    ...((settings.disclosure as Record<string, unknown> | undefined) ?? {}),
    ...input.disclosure,
  }
  // A webhook gets its own signing secret the first time one is configured (shown to admins, never logged).
  const webhookSecret =
    (settings.webhookSecret as string | undefined) ??
    (input.webhookUrl ? `whsec_${toBase64(randomBytes(32))}` : undefined)
  const next = {
    ...settings,
    ...(webhookSecret ? { webhookSecret } : {}),
    disclosure,
    ...(input.webhookUrl !== undefined ? { webhookUrl: input.webhookUrl } : {}),
    ...(input.proofOfWork !== undefined ? { proofOfWork: input.proofOfWork } : {}),
  }
  await db.batch([
    db
      .update(agencies)
      .set({ embedOrigins: JSON.stringify([...new Set(input.embedOrigins)]), settings: JSON.stringify(next) })
      .where(eq(agencies.id, agencyId)),
    db.insert(auditLog).values({
      agencyId,
      actorId: actor.user.id,
      action: 'agency.settings_changed',
      target: agencyId,
      // The webhook URL may carry a token: record that it changed, not its value.
      payload: JSON.stringify({
        before: { ...current, webhookUrl: current.webhookUrl ? '(set)' : '', webhookSecret: undefined },
        after: { ...input, webhookUrl: input.webhookUrl ? '(set)' : input.webhookUrl },
      }),
      at: now,
    }),
  ])
  return agencySettingsView(db, actor, agencyId)
}
