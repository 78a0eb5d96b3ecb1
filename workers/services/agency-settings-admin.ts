// What an agency's admin reads and changes of its settings: portal origins allowed to embed the forms, the
// disclosure settings the law leaves to the agency, the webhook and proof-of-work. A GET can be PUT back as it is.
import { eq } from 'drizzle-orm'
import * as z from 'zod'
import type { Db } from '../../db/client'
import { agencies } from '../../db/schema'
import { DEFAULT_TARGET_WORKING_DAYS } from '../../workflows/definitions'
import { feePaymentWindow, feeWindowTooShort } from '../../workflows/fees'
import { type AuthContext, hasRole } from '../auth/sessions'
import { AppError } from '../errors'
import { messages } from '../i18n/zh-CN'
import { randomBytes, toBase64 } from '../lib/crypto'
import { outboundUrlProblem } from '../lib/outbound-url'
import { agencyIdOf } from './agencies'
import { ConfigurableDisclosureSettings, disclosureSettingsOf, parseAgencySettings } from './agency-settings'
import { commitAudited } from './audit-log'
import { embedOrigins, isEmbedOrigin } from './forms'

const t = messages.settings.errors

const origin = z
  .string()
  .trim()
  .transform((v) => v.replace(/\/+$/, ''))
  .refine(isEmbedOrigin, t.origin)

/** What a PUT may change. `readOnly` is what a GET shows for information: accepted so a GET can be sent back, ignored. */
export const AgencySettingsInput = z.strictObject({
  embedOrigins: z.array(origin).max(20, t.tooManyOrigins),
  // 国办函〔2020〕109号: the applicant has 20 working days to pay; a setting may lengthen it, never shorten it.
  disclosure: ConfigurableDisclosureSettings.refine(
    (d) => d.feePaymentWorkingDays === undefined || !feeWindowTooShort(d.feePaymentWorkingDays),
    { message: t.feeWindowTooShort, path: ['feePaymentWorkingDays'] },
  ),
  /** https on a public host, no credentials (the check every outbound request passes again at delivery). */
  webhookUrl: z
    .string()
    .trim()
    .refine((v) => v === '' || outboundUrlProblem(v) === null, t.webhookUrl)
    .optional(),
  /** Require the self-hosted proof-of-work on submit (needs JavaScript in the applicant's browser). */
  proofOfWork: z.boolean().optional(),
  /** Art. 41 correction requests: the agency's own target (not a statutory period). */
  recordCorrection: z
    .strictObject({ targetWorkingDays: z.int().min(1, t.target).max(250, t.target) })
    .optional(),
  readOnly: z.record(z.string(), z.unknown()).optional(),
})
export type AgencySettingsUpdate = z.output<typeof AgencySettingsInput>

export async function agencySettingsView(db: Db, actor: AuthContext, agencyRef: string) {
  const agencyId = await agencyIdOf(db, agencyRef)
  if (!hasRole(actor, agencyId, 'admin')) throw new AppError('not_found')
  const row = await db.select().from(agencies).where(eq(agencies.id, agencyId)).get()
  if (!row) throw new AppError('not_found')
  const stored = parseAgencySettings(row.settings)
  const { settings: effective } = disclosureSettingsOf(stored)
  return {
    embedOrigins: embedOrigins(row),
    disclosure: {
      legalReview: effective.legalReview,
      dueSoonWorkingDays: effective.dueSoonWorkingDays,
      correctionWindowWorkingDays: effective.correctionWindowWorkingDays,
      feePaymentWorkingDays: feePaymentWindow(effective.feePaymentWorkingDays),
      fourEyes: effective.fourEyes,
      legalReviewDueWorkingDays: effective.legalReviewDueWorkingDays,
      approvalDueWorkingDays: effective.approvalDueWorkingDays,
    },
    webhookUrl: stored.webhookUrl ?? '',
    proofOfWork: stored.proofOfWork === true,
    recordCorrection: {
      targetWorkingDays: stored.recordCorrection?.targetWorkingDays ?? DEFAULT_TARGET_WORKING_DAYS,
    },
    readOnly: {
      id: row.id,
      slug: row.slug,
      name: row.name,
      // The statutory periods the agency works under: law, not settings.
      statutory: {
        replyWorkingDays: effective.replyWorkingDays,
        maxExtensionWorkingDays: effective.maxExtensionWorkingDays,
        correctionNoticeWorkingDays: effective.correctionNoticeWorkingDays,
        consultationWorkingDays: effective.consultationWorkingDays,
      },
      /** Standard Webhooks secret to verify `webhook-signature` on the receiving side. */
      webhookSecret: stored.webhookSecret ?? '',
    },
  }
}
export type AgencySettingsView = Awaited<ReturnType<typeof agencySettingsView>>

export async function updateAgencySettings(
  db: Db,
  actor: AuthContext,
  agencyRef: string,
  input: AgencySettingsUpdate,
  now: number,
) {
  const agencyId = await agencyIdOf(db, agencyRef)
  const current = await agencySettingsView(db, actor, agencyId)
  const row = await db
    .select({ settings: agencies.settings })
    .from(agencies)
    .where(eq(agencies.id, agencyId))
    .get()
  const stored = parseAgencySettings(row?.settings)
  // Merge: a form that shows some settings must not wipe the others.
  const disclosure = { ...(stored.disclosure ?? {}), ...input.disclosure }
  // A webhook gets its own signing secret the first time one is configured (shown to admins, never logged).
  const webhookSecret =
    stored.webhookSecret ?? (input.webhookUrl ? `whsec_${toBase64(randomBytes(32))}` : undefined)
  const next = {
    ...stored,
    ...(webhookSecret ? { webhookSecret } : {}),
    disclosure,
    ...(input.webhookUrl !== undefined ? { webhookUrl: input.webhookUrl } : {}),
    ...(input.proofOfWork !== undefined ? { proofOfWork: input.proofOfWork } : {}),
    ...(input.recordCorrection ? { recordCorrection: input.recordCorrection } : {}),
  }
  const { readOnly: _ignored, ...changes } = input
  await commitAudited(
    db,
    [
      db
        .update(agencies)
        .set({
          embedOrigins: JSON.stringify([...new Set(input.embedOrigins)]),
          settings: JSON.stringify(next),
        })
        .where(eq(agencies.id, agencyId)),
    ],
    [
      {
        agencyId,
        actorId: actor.user.id,
        action: 'agency.settings_changed',
        target: agencyId,
        // The webhook URL may carry a token: record that it changed, not its value; the secret is never logged.
        payload: {
          before: {
            embedOrigins: current.embedOrigins,
            disclosure: current.disclosure,
            webhookUrl: current.webhookUrl ? '(set)' : '',
            proofOfWork: current.proofOfWork,
            recordCorrection: current.recordCorrection,
          },
          after: { ...changes, webhookUrl: changes.webhookUrl ? '(set)' : changes.webhookUrl },
        },
        at: now,
      },
    ],
  )
  return agencySettingsView(db, actor, agencyId)
}
