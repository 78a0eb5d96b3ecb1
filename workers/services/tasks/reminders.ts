// The cron's task job: for each task unit whose indexed next-reminder date has come, remind the unit's reporters
// before a period falls due and flag it (to the unit and the office) once it passed without a report, through the
// outbox and the staff inbox. Each reminder is keyed by task, unit, period and kind, so running twice sends nothing
// twice; the new next date is written in the same batch.
import { and, asc, eq, inArray, isNotNull, lte } from 'drizzle-orm'
import type { Db } from '../../../db/client'
import { agencies, outbox, taskPlans, taskReports, tasks, taskUnits } from '../../../db/schema'
import { shanghaiDate } from '../../../workflows/calendar'
import { remindersDue } from '../../../workflows/tasks'
import { messages } from '../../i18n/zh-CN'
import { newId } from '../../lib/crypto'
import { periodsOfTask } from './tasks'

const PAGE = 100
const MAX_PER_RUN = 2000

export interface TaskReminderSummary {
  checked: number
  reminders: number
  failed: number
}

/** Send the task reminders due today and move each unit's next-reminder date on. */
export async function runTaskReminders(db: Db, now: number): Promise<TaskReminderSummary> {
  const today = shanghaiDate(now)
  const summary: TaskReminderSummary = { checked: 0, reminders: 0, failed: 0 }
  const seen = new Set<string>()
  const names = new Map<string, string>()
  while (summary.checked < MAX_PER_RUN) {
    const rows = await db
      .select({ unit: taskUnits, task: tasks, plan: taskPlans })
      .from(taskUnits)
      .innerJoin(tasks, eq(tasks.id, taskUnits.taskId))
      .innerJoin(taskPlans, eq(taskPlans.id, tasks.planId))
      .where(and(isNotNull(taskUnits.nextReminderOn), lte(taskUnits.nextReminderOn, today)))
      .orderBy(asc(taskUnits.nextReminderOn), asc(taskUnits.taskId), asc(taskUnits.agencyId))
      .limit(PAGE)
      .all()
    const fresh = rows.filter((r) => !seen.has(`${r.unit.taskId}\u0000${r.unit.agencyId}`))
    if (fresh.length === 0) break
    const missing = [...new Set(fresh.map((r) => r.unit.agencyId))].filter((id) => !names.has(id))
    if (missing.length > 0) {
      for (const a of await db
        .select({ id: agencies.id, name: agencies.name })
        .from(agencies)
        .where(inArray(agencies.id, missing))
        .all()) {
        names.set(a.id, a.name)
      }
    }
    for (const { unit, task, plan } of fresh) {
      seen.add(`${unit.taskId}\u0000${unit.agencyId}`)
      summary.checked++
      try {
        const reported = await db
          .select({ period: taskReports.period })
          .from(taskReports)
          .where(and(eq(taskReports.taskId, task.id), eq(taskReports.agencyId, unit.agencyId)))
          .all()
        const { due, nextOn } = remindersDue({
          periods: periodsOfTask(task, plan.year),
          reported: new Set(reported.map((r) => r.period)),
          today,
          since: shanghaiDate(unit.createdAt || now),
        })
        const rows: (typeof outbox.$inferInsert)[] = []
        for (const reminder of due) {
          const kind = reminder.kind === 'overdue' ? 'task_overdue' : 'task_due_soon'
          const recipients = [`role:${unit.agencyId}:task_reporter`]
          if (reminder.kind === 'overdue') recipients.push(`role:${plan.agencyId}:task_coordinator`)
          for (const recipient of recipients) {
            rows.push({
              id: newId(),
              agencyId: plan.agencyId,
              kind,
              audience: 'staff',
              recipient,
              payload: JSON.stringify({
                template: kind,
                planId: plan.id,
                taskId: task.id,
                taskName: task.name,
                unitName: names.get(unit.agencyId) ?? unit.agencyId,
                period: messages.tasks.periodLabel(reminder.period),
                dueOn: reminder.period.dueOn,
              }),
              dedupId: `task:${task.id}:${unit.agencyId}:${reminder.period.key}:${kind}:${recipient}`,
              nextAttemptAt: now,
              createdAt: now,
            })
          }
        }
        await db.batch([
          db
            .update(taskUnits)
            .set({ nextReminderOn: nextOn })
            .where(
              and(
                eq(taskUnits.taskId, unit.taskId),
                eq(taskUnits.agencyId, unit.agencyId),
                eq(taskUnits.nextReminderOn, unit.nextReminderOn!),
              ),
            ),
          ...rows.map((r) => db.insert(outbox).values(r).onConflictDoNothing({ target: outbox.dedupId })),
        ])
        summary.reminders += rows.length
      } catch (err) {
        // One broken row must not stop the job for every other unit; it is looked at again next run.
        summary.failed++
        console.error(JSON.stringify({ job: 'task_reminders', taskId: task.id, error: String(err) }))
      }
    }
  }
  return summary
}
