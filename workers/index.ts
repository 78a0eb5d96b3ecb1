// Worker entry point: the HTTP app and the Cron Trigger (timer sweep and task reminders, then outbox delivery).
import { createDb } from '../db/client'
import { createApp } from './app'
import type { Bindings } from './env'
import { letterDepsFrom } from './lib/letter-deps'
import { pruneRateLimits, pruneSpentAndFailures } from './lib/rate-limit'
import { remindMissingCalendarYear } from './services/calendar-readiness'
import { CRON_BUDGET, continueRecompute } from './services/calendar-recompute'
import { purgeExpiredDrafts } from './services/form-drafts'
import { resolverFromEnv, transportsFromEnv } from './services/notify-env'
import { deliverOutbox, pruneOutbox } from './services/outbox'
import { sealEverything } from './services/sealing'
import { pruneAbandonedImports, runTaskReminders } from './services/tasks/on-demand'
import { runTimerSweep } from './services/timers'
import { REFERENCE_GUARD } from './services/tracking'
import { pruneOrphanUploads } from './services/uploads'

const app = createApp()

function logged<T>(job: string, fallback: T) {
  return (err: unknown): T => {
    console.error(JSON.stringify({ cron: job, error: String(err) }))
    return fallback
  }
}

/** The OUTBOX_RETENTION_DAYS setting (default 90; at least 1). */
export function outboxRetentionDays(env: Pick<Bindings, 'OUTBOX_RETENTION_DAYS'>): number {
  const days = Number(env.OUTBOX_RETENTION_DAYS)
  return Number.isInteger(days) && days >= 1 ? days : 90
}

/** One cron tick: everything it does is idempotent, so overlapping or repeated ticks are harmless. */
export async function runScheduled(env: Bindings, now: number) {
  const db = createDb(env.DB)
  // Independent jobs: a failure in one (logged) never keeps the others from running.
  // First finish any recompute a calendar edit left for us, so the sweep sees current deadlines.
  await continueRecompute(db, now, CRON_BUDGET).catch(logged('recompute', null))
  const sweep = await runTimerSweep(db, now, letterDepsFrom(env)).catch(logged('sweep', null))
  // Hash the case events and audit rows appended since the last tick (the sweep's own included).
  const sealed = await sealEverything(db, now).catch(logged('seal', null))
  await remindMissingCalendarYear(db, now).catch(logged('calendar_reminder', 0))
  const tasks = await runTaskReminders(db, now).catch(logged('task_reminders', null))
  const delivery = await deliverOutbox(db, now, resolverFromEnv(db, env, now), transportsFromEnv(env)).catch(
    logged('delivery', null),
  )
  await pruneRateLimits(db, now, 24 * 3_600_000).catch(logged('rate_limits', undefined))
  await pruneSpentAndFailures(db, now, REFERENCE_GUARD.forgetMs).catch(logged('lookup_failures', undefined))
  await pruneOrphanUploads(db, env.FILES, now).catch(logged('uploads', 0))
  await purgeExpiredDrafts(db, now).catch(logged('form_drafts', 0))
  await pruneAbandonedImports(db, now).catch(logged('task_imports', 0))
  await pruneOutbox(db, now, outboxRetentionDays(env)).catch(logged('outbox', 0))
  return { sealed, sweep, tasks, delivery }
}

export default {
  fetch: app.fetch,
  async scheduled(controller, env, ctx) {
    ctx.waitUntil(
      runScheduled(env, controller.scheduledTime).then((r) =>
        console.log(
          JSON.stringify({ cron: controller.cron, checked: r.sweep?.checked, delivery: r.delivery }),
        ),
      ),
    )
  },
} satisfies ExportedHandler<Bindings>
