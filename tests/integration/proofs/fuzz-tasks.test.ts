// Issue 11, Prove 3, for task reporting: hostile text in a task's name and requirements (the office's) and in a
// unit's progress report (the task report form), generated with fast-check. Invariants: never a 5xx; a refused report
// stores nothing; an accepted one is stored exactly as the form's own validator normalised it; the report page and
// the ledger page never carry the markup unescaped; the ledger's .xlsx stays well-formed XML. Fixed seed, bounded.
import { env } from 'cloudflare:workers'
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { compileForm, taskReportV1, validateSubmission } from '../../../forms'
import { shanghaiDate } from '../../../workflows/calendar'
import { browserLogin, call } from '../helpers'
import { api, at, count, expectJson, newPlan } from '../tasks/task-helpers'
import {
  escapedTag,
  expectWellFormedOfficeFile,
  HOSTILE_FRAGMENTS,
  hostileTextOf,
  markerTag,
} from './hostile'

const SEED = 20261203
const RUNS = 25
const hostileText = hostileTextOf(HOSTILE_FRAGMENTS, {
  maxLength: 30,
  maxParts: 5,
  huge: ['长'.repeat(20_001)],
})

let planId: string

beforeAll(async () => {
  planId = await newPlan('demo', 2024, '2024年任务报送模糊测试')
})

describe('fuzzing task reporting', () => {
  it('hostile task texts and progress reports: no 5xx, stored exactly or not at all, escaped on pages and in the .xlsx', async () => {
    const form = compileForm(taskReportV1)
    const office = await browserLogin('demo-coordinator')
    const now = at('2024-06-20')
    let seq = 100
    let accepted = 0
    let refused = 0
    let shown = 0
    await fc.assert(
      fc.asyncProperty(
        hostileText,
        hostileText,
        fc.option(markerTag, { nil: undefined }),
        async (name, text, tag) => {
          seq++
          const task = await api('coordinator', `/plans/${planId}/tasks`, {
            body: {
              group: '模糊测试',
              seq,
              name: `${name.slice(0, 60)}${tag ?? ''}任务${seq}`,
              requirements: `${text.slice(0, 200)}${tag ?? ''}`,
              deadlineText: '年底前完成',
              responsibleUnits: '县教育局',
            },
            now,
          })
          expect(task.status).toBeLessThan(500)
          if (task.status !== 201) {
            expect(task.status).toBeGreaterThanOrEqual(400)
            return
          }
          const { id: taskId } = (await task.json()) as { id: string }
          const answers = { status: 'in_progress', progress: tag ? `${text}${tag}${text.slice(0, 8)}` : text }
          const before = await count('SELECT count(*) AS n FROM task_reports')
          const res = await api('reporter-edu', `/tasks/${taskId}/reports`, {
            body: { period: 'D2024-12-31', data: answers },
            now,
          })
          expect(res.status).toBeLessThan(500)
          const expected = validateSubmission(form, answers, { source: 'json', today: shanghaiDate(now) })
          if (res.status !== 201) {
            refused++
            expect(res.status).toBeGreaterThanOrEqual(400)
            expect(await count('SELECT count(*) AS n FROM task_reports')).toBe(before)
            if (res.status === 422) expect(expected.ok).toBe(false)
            return
          }
          accepted++
          expect(expected.ok).toBe(true)
          if (!expected.ok) return
          const { id } = (await res.json()) as { id: string }
          const row = await env.DB.prepare('SELECT data FROM task_reports WHERE id = ?')
            .bind(id)
            .first<{ data: string }>()
          expect(JSON.parse(row!.data)).toEqual(expected.data)
          const page = await call(`/admin/plans/${planId}/reports/${id}`, {
            headers: { cookie: office.cookie },
          })
          expect(page.status).toBe(200)
          const html = await page.text()
          expect(html).not.toContain('<script>alert(1)')
          expect(html).not.toContain('<img src=x')
          if (tag) {
            expect(html).not.toContain(tag)
            expect(html).toContain(escapedTag(tag))
            shown++
          }
        },
      ),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    )
    expect(accepted).toBeGreaterThan(5)
    expect(refused).toBeGreaterThan(0)
    expect(shown).toBeGreaterThan(0)
    // The ledger page and its .xlsx carry every hostile task and report.
    const ledger = await call(`/admin/plans/${planId}/ledger`, { headers: { cookie: office.cookie } })
    expect(ledger.status).toBe(200)
    const ledgerHtml = await ledger.text()
    expect(ledgerHtml).not.toContain('<script>alert(1)')
    expect(ledgerHtml).not.toMatch(/<i data-fz=/)
    const xlsx = await api('coordinator', `/plans/${planId}/ledger?format=xlsx`, { now })
    expect(xlsx.status).toBe(200)
    expectWellFormedOfficeFile(new Uint8Array(await xlsx.arrayBuffer()))
    await expectJson(await api('coordinator', `/plans/${planId}/ledger`, { now }), 200)
  }, 300_000)
})
