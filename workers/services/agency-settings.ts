// The agencies.settings JSON: one zod schema and one loader for every reader (disclosure settings, webhook,
// proof-of-work). A stored value that does not fit is ignored, never a 500: the defaults apply instead.
import { eq } from 'drizzle-orm'
import * as z from 'zod'
import type { Db } from '../../db/client'
import { agencies } from '../../db/schema'
import type { ClockSettings } from '../../workflows/clock'
import {
  DEFAULT_DISCLOSURE_SETTINGS,
  DEFAULT_TARGET_WORKING_DAYS,
  type DisclosureSettings,
  disclosureSettingsSchema,
  RECORD_CORRECTION_ID,
  recordCorrectionSettings,
} from '../../workflows/definitions'
import { TABLE3_ROWS, type Table3RowKey } from '../../workflows/outcomes'
import { AppError } from '../errors'

/**
 * The disclosure settings the law leaves to the agency (DOMAIN.md "configurable"). The statutory periods —
 * 20 + 20 working days (Art. 33), 7 for the correction notice (Art. 30), 15 for consultations (Art. 32, 34) —
 * always come from the defaults.
 */
export const ConfigurableDisclosureSettings = disclosureSettingsSchema.pick({
  legalReview: true,
  dueSoonWorkingDays: true,
  correctionWindowWorkingDays: true,
  feePaymentWorkingDays: true,
  fourEyes: true,
  legalReviewDueWorkingDays: true,
  approvalDueWorkingDays: true,
})

// Stored overrides: other keys (e.g. a statutory period written before it stopped being a setting) are dropped,
// and a block that does not validate is ignored as a whole.
const storedDisclosure = z.object(ConfigurableDisclosureSettings.shape).catch({}) as z.ZodType<
  Partial<DisclosureSettings>
>

/** The stored shape of `agencies.settings`. Unknown top-level keys are kept, so a rewrite never loses them. */
export const AgencySettingsJson = z.looseObject({
  /** Overrides of the configurable disclosure settings. */
  disclosure: storedDisclosure.optional().catch(undefined),
  /** Where the agency's webhooks go (https), '' when switched off. */
  webhookUrl: z.string().optional().catch(undefined),
  /** Standard Webhooks signing secret (`whsec_…`), generated when the first webhook URL is set. */
  webhookSecret: z.string().optional().catch(undefined),
  /** Art. 41 requests: the agency's own target in working days (no statutory limit exists). */
  recordCorrection: z
    .object({ targetWorkingDays: z.int().min(1).max(250).optional() })
    .optional()
    .catch(undefined),
  /** Require the self-hosted proof-of-work on submit. */
  proofOfWork: z.boolean().optional().catch(undefined),
  /** Annual report: the Table 3 row of the special statutory access regime (Art. 36(7)); default （三）8. */
  reports: z
    .object({
      specialRegimeRow: z.enum(TABLE3_ROWS.map((r) => r.key) as [Table3RowKey, ...Table3RowKey[]]).optional(),
    })
    .optional()
    .catch(undefined),
  /** Letters (告知书): 文号 prefix and patterns, the reconsideration body named in the remedies, how to pay a fee. */
  letters: z
    .object({
      numberPrefix: z.string().max(30).optional(),
      /** Per letter type (or `default`): a 文号 pattern with {prefix}, {year} and {seq}. */
      numberPatterns: z.record(z.string(), z.string().max(60)).optional(),
      reconsiderationBody: z
        .object({ name: z.string().min(1).max(100), address: z.string().max(200).optional() })
        .optional(),
      paymentMethod: z.string().max(500).optional(),
    })
    .optional()
    .catch(undefined),
})
export type AgencySettings = z.output<typeof AgencySettingsJson>

/** Parse a stored settings JSON string; anything unreadable gives the defaults ({}). */
export function parseAgencySettings(json: string | null | undefined): AgencySettings {
  let raw: unknown
  try {
    raw = JSON.parse(json ?? '{}')
  } catch {
    return {}
  }
  const parsed = AgencySettingsJson.safeParse(raw)
  return parsed.success ? parsed.data : {}
}

/** An agency's settings; a missing agency is a 404. */
export async function loadAgencySettings(db: Db, agencyId: string): Promise<AgencySettings> {
  const row = await db
    .select({ settings: agencies.settings })
    .from(agencies)
    .where(eq(agencies.id, agencyId))
    .get()
  if (!row) throw new AppError('not_found')
  return parseAgencySettings(row.settings)
}

/** The disclosure settings of stored agency settings: the overrides (what the engine takes) and the effective whole. */
export function disclosureSettingsOf(settings: AgencySettings): {
  overrides: Partial<DisclosureSettings>
  settings: DisclosureSettings
} {
  const overrides = settings.disclosure ?? {}
  return { overrides, settings: { ...DEFAULT_DISCLOSURE_SETTINGS, ...overrides } }
}

/** An agency's disclosure settings: its overrides (what the engine takes) and the effective whole. */
export async function agencyDisclosureSettings(db: Db, agencyId: string) {
  return disclosureSettingsOf(await loadAgencySettings(db, agencyId))
}

/**
 * The settings a case's workflow reads at an agency: the overrides the engine takes and the effective whole. An
 * Art. 41 request counts toward the agency's own target; a disclosure request uses the disclosure settings.
 */
export function workflowSettingsOf(
  settings: AgencySettings,
  workflowId: string,
): { overrides: Partial<DisclosureSettings>; settings: DisclosureSettings } {
  if (workflowId === RECORD_CORRECTION_ID) {
    // Typed as the disclosure settings the edge passes around; the record-correction workflow reads only its own.
    const whole = recordCorrectionSettings(
      settings.recordCorrection?.targetWorkingDays ?? DEFAULT_TARGET_WORKING_DAYS,
    ) as ClockSettings as DisclosureSettings
    return { overrides: whole, settings: whole }
  }
  return disclosureSettingsOf(settings)
}

/** An agency's settings for one case workflow (see workflowSettingsOf). */
export async function agencyWorkflowSettings(db: Db, agencyId: string, workflowId: string) {
  return workflowSettingsOf(await loadAgencySettings(db, agencyId), workflowId)
}
