// Issue 11, Prove 1 for every workflow action: the matrix comes from the workflow definitions (every action of the
// version new cases start on, of every case workflow), so a new action fails this file until a story below reaches
// it. Each story walks one case through the API; at the first step that takes an action, the action runs under a D1
// that fails ('error') or loses the answer of ('timeout') its Nth statement, for every N up to its commit (a batch is
// one point; statements up to the first batch that another action already swept with the same SQL in the same order
// are the same code path and are skipped), and once with every R2 write failing. Invariants: the client gets a clear
// 503/4xx (never a 500, never internals); an attempt either wrote nothing (row counts, the case's version and
// events as before) or applied the action exactly once, and then the retry at the same version gets 409 and writes
// nothing; no partial rows anywhere. System actions (lapses) run through the cron's timer sweep the same way.
import { env } from 'cloudflare:workers'
import { describe, expect, it, vi } from 'vitest'
import { createDb } from '../../../db/client'
import type { Bindings } from '../../../workers/env'
import { letterDepsFrom } from '../../../workers/lib/letter-deps'
import { loadKeyring } from '../../../workers/lib/pii'
import { createSubmission } from '../../../workers/services/submissions'
import { runTimerSweep } from '../../../workers/services/timers'
import { caseWorkflow, currentVersionOf } from '../../../workflows/definitions'
import { json } from '../helpers'
import { at, detail, token, type Who } from '../workflow/case-helpers'
import { clearFailure, failingR2, faultyD1, partialRows, send } from './faults'

interface Step {
  who: Who | 'system'
  action: string
  input?: Record<string, unknown>
  /** The day (China time) it happens; `hour` defaults to 10. */
  on: string
  hour?: number
}

const BASIS = ['《中华人民共和国政府信息公开条例》第三十六条']
const DISCLOSED = {
  outcome: { code: 'disclosed', legalBasis: BASIS, howToObtain: '邮寄' },
  secrecyReviewed: true,
}
const receive = (on: string): Step => ({
  who: 'registrar',
  action: 'confirm-receipt',
  input: { channel: 'online', receivedOn: on },
  on,
  hour: 11,
})
const openCase = (on: string): Step[] => [
  receive(on),
  { who: 'registrar', action: 'accept', on, hour: 12 },
  { who: 'registrar', action: 'assign', input: { assigneeId: 'user-demo-handler' }, on, hour: 13 },
]
const toApproval = (on: string): Step[] => [
  { who: 'handler', action: 'draft-reply', input: DISCLOSED, on, hour: 9 },
  { who: 'handler', action: 'submit-legal-review', on, hour: 10 },
  { who: 'legal', action: 'legal-approve', on, hour: 11 },
]

/** Stories per workflow: each starts from a fresh online submission on 2024-09-27 (a Friday). */
const STORIES: Record<string, Step[][]> = {
  disclosure: [
    [
      ...openCase('2024-09-27'),
      { who: 'handler', action: 'draft-reply', input: DISCLOSED, on: '2024-10-08', hour: 9 },
      { who: 'handler', action: 'submit-legal-review', on: '2024-10-08' },
      { who: 'legal', action: 'legal-return', input: { reason: '请补充依据' }, on: '2024-10-08', hour: 11 },
      ...toApproval('2024-10-09'),
      { who: 'approver', action: 'return', input: { reason: '请修改答复' }, on: '2024-10-09', hour: 14 },
      ...toApproval('2024-10-10'),
      { who: 'approver', action: 'approve', on: '2024-10-10', hour: 14 },
      { who: 'registrar', action: 'send-reply', input: { sentOn: '2024-10-10' }, on: '2024-10-10', hour: 15 },
      {
        who: 'registrar',
        action: 'record-delivery',
        input: { method: 'post', servedOn: '2024-10-10' },
        on: '2024-10-10',
        hour: 16,
      },
      {
        who: 'legal',
        action: 'record-remedy',
        input: { kind: 'reconsideration', filedOn: '2024-10-21', result: 'pending', body: '示范市人民政府' },
        on: '2024-10-21',
      },
    ],
    [
      ...openCase('2024-09-27'),
      { who: 'approver', action: 'extend', input: { reason: '需调取多年档案' }, on: '2024-10-08' },
      {
        who: 'handler',
        action: 'consult-third-party',
        input: { consultee: '某公司', sentOn: '2024-10-09' },
        on: '2024-10-09',
      },
      {
        who: 'handler',
        action: 'record-consultee-receipt',
        input: { receivedOn: '2024-10-11' },
        on: '2024-10-14',
      },
      {
        who: 'handler',
        action: 'receive-opinion',
        input: { receivedOn: '2024-10-18', position: 'agrees' },
        on: '2024-10-18',
      },
      {
        who: 'handler',
        action: 'issue-fee-notice',
        input: { method: 'per_page', count: 250, amountYuan: 4700 },
        on: '2024-10-21',
      },
      {
        who: 'registrar',
        action: 'record-fee-notice-receipt',
        input: { receivedOn: '2024-10-21' },
        on: '2024-10-22',
      },
      {
        who: 'registrar',
        action: 'record-payment',
        input: { paidOn: '2024-10-23', amountYuan: 4700 },
        on: '2024-10-23',
      },
    ],
    [
      receive('2024-09-27'),
      {
        who: 'registrar',
        action: 'request-correction',
        input: { items: ['请明确所需信息的名称'], windowWorkingDays: 5 },
        on: '2024-10-08',
      },
      { who: 'system', action: 'correction-lapsed', on: '2024-10-16', hour: 1 },
      {
        who: 'registrar',
        action: 'grant-more-time',
        input: { reason: '申请人住院，提供了证明', workingDays: 5 },
        on: '2024-10-16',
      },
      {
        who: 'registrar',
        action: 'receive-correction',
        input: { receivedOn: '2024-10-18' },
        on: '2024-10-18',
      },
      {
        who: 'registrar',
        action: 'transfer',
        input: {
          toAgencyId: 'agency-demo-nrb',
          toAgencyName: '示范县自然资源局',
          reason: '该信息由县自然资源局保存',
        },
        on: '2024-10-21',
      },
    ],
    [
      ...openCase('2024-09-27'),
      { who: 'handler', action: 'request-reasons', input: { questions: '请说明申请理由' }, on: '2024-10-08' },
      {
        who: 'approver',
        action: 'set-date',
        input: { dueOn: '2024-12-20', reason: '申请数量大' },
        on: '2024-10-09',
      },
      {
        who: 'handler',
        action: 'consult-agency',
        input: { consultee: '示范县自然资源局', sentOn: '2024-10-09' },
        on: '2024-10-09',
        hour: 11,
      },
      {
        who: 'handler',
        action: 'record-consultee-receipt',
        input: { receivedOn: '2024-10-11' },
        on: '2024-10-14',
      },
      { who: 'system', action: 'consultation-lapsed', on: '2024-11-01', hour: 1 },
      {
        who: 'handler',
        action: 'issue-fee-notice',
        input: { method: 'per_page', count: 250, amountYuan: 4700 },
        on: '2024-11-01',
      },
      {
        who: 'registrar',
        action: 'record-fee-notice-receipt',
        input: { receivedOn: '2024-11-01' },
        on: '2024-11-04',
      },
      { who: 'system', action: 'fee-lapsed', on: '2024-11-30', hour: 1 },
      { who: 'registrar', action: 'confirm-lapse', on: '2024-12-02' },
    ],
    [
      receive('2024-09-27'),
      { who: 'registrar', action: 'withdraw', input: { reason: '申请人撤回' }, on: '2024-10-08' },
    ],
  ],
  'record-correction': [
    [
      receive('2024-09-27'),
      { who: 'handler', action: 'start-review', on: '2024-10-08' },
      {
        who: 'handler',
        action: 'correct-record',
        input: { correction: '面积由80平方米更正为98平方米' },
        on: '2024-10-09',
      },
    ],
    [
      receive('2024-09-27'),
      { who: 'handler', action: 'start-review', on: '2024-10-08' },
      {
        who: 'handler',
        action: 'refer-record',
        input: { competentAgency: '示范县公安局', reason: '户籍记录由公安机关管理' },
        on: '2024-10-09',
      },
    ],
    [
      receive('2024-09-27'),
      { who: 'handler', action: 'start-review', on: '2024-10-08' },
      {
        who: 'approver',
        action: 'refuse-record',
        input: { reasons: '所附证据不能证明记录不准确' },
        on: '2024-10-09',
      },
    ],
  ],
}

async function newCaseOf(workflowId: string): Promise<string> {
  const ring = await loadKeyring(env.PII_KEYS, env.PII_ACTIVE_KEY)
  const receipt = await createSubmission(
    createDb(env.DB),
    { ring, secret: env.APP_SECRET },
    {
      agencyId: 'agency-demo',
      formVersionId: 'test-form',
      channel: 'online',
      data: { title: '故障注入' },
      pii: { name: '张三', phone: '13800138000', email: 'zhang@example.cn' },
      reportColumn: 'natural_person',
      title: '故障注入',
      idempotencyKey: null,
      bodyHash: crypto.randomUUID(),
      workflowId,
    },
    at('2024-09-27', 9),
  )
  return receipt.caseId
}

async function caseRow(caseId: string) {
  return (await env.DB.prepare(
    `SELECT c.version, c.state,
       (SELECT count(*) FROM case_events e WHERE e.case_id = c.id) AS events,
       (SELECT action FROM case_events e WHERE e.case_id = c.id ORDER BY seq DESC LIMIT 1) AS last
     FROM cases c WHERE c.id = ?`,
  )
    .bind(caseId)
    .first<{ version: number; state: string; events: number; last: string }>())!
}

/** Everything an action may write, counted: the case tables, notices, letters, files, the staff audit log. */
async function tableCounts() {
  return env.DB.prepare(
    `SELECT (SELECT count(*) FROM cases) AS cases, (SELECT count(*) FROM case_events) AS events,
       (SELECT count(*) FROM outbox) AS outbox, (SELECT count(*) FROM letters) AS letters,
       (SELECT count(*) FROM attachments) AS attachments, (SELECT count(*) FROM audit_log) AS audit`,
  ).first()
}

/** Run a step with the given bindings: an HTTP action, or the cron's timer sweep for a system action. */
async function runStep(
  caseId: string,
  step: Step,
  version: number,
  bindings: { DB?: D1Database; FILES?: R2Bucket } = {},
): Promise<Response | null> {
  const now = at(step.on, step.hour ?? 10)
  if (step.who === 'system') {
    const full = { ...(env as unknown as Bindings), ...bindings }
    await runTimerSweep(createDb(full.DB), now, letterDepsFrom(full)).catch(() => null)
    return null
  }
  return send(
    `/api/v1/cases/${caseId}/actions/${step.action}`,
    json(
      { ...step.input, version },
      { token: await token(step.who), headers: { 'x-test-now': String(now) } },
    ),
    bindings,
  )
}

/** Statements an action ran after its last batch, per action, from its clean runs (the route answers after it). */
const afterBatch = new Map<string, number>()

async function clean(caseId: string, step: Step) {
  const before = await caseRow(caseId)
  const counting = faultyD1(env.DB, Number.POSITIVE_INFINITY, 'error')
  const res = await runStep(caseId, step, before.version, { DB: counting.db })
  const after = await caseRow(caseId)
  const why = res ? `${res.status} ${await res.text()}` : 'the sweep did not apply it'
  expect(after.version, `${step.action}: ${why}`).toBe(before.version + 1)
  expect(after.last).toBe(step.action)
  const last = counting.state.batches.at(-1)
  if (res && last)
    afterBatch.set(step.action, Math.max(afterBatch.get(step.action) ?? 0, counting.state.n - last[1]))
}

interface Coverage {
  action: string
  points: number
  r2Writes: number
}

/**
 * Every fault point of one step, on the story's case at the step's source state: at each statement N, the 'error'
 * fault, then (unless statement N only read) the 'timeout' one — until the fault that lost the answer of the
 * commit: the action is then applied exactly once, the retry at the same version is refused, and the story goes
 * on from there. Statements up to the first batch already swept for another action (the same SQL in the same
 * order: the same code path) are not swept again.
 */
async function sweepStep(caseId: string, step: Step, trace: string[], known: Set<string>): Promise<Coverage> {
  const coverage: Coverage = { action: step.action, points: 0, r2Writes: 0 }
  const insideBatch = new Set<number>()
  const beforeBatch = trace.findIndex((sql) => sql.startsWith('batch:'))
  for (let n = 1; n < 300; n++) {
    if (insideBatch.has(n)) continue
    if (n <= beforeBatch) {
      const prefix = trace.slice(0, n).join('\n')
      if (known.has(prefix)) continue
      known.add(prefix)
    }
    let read = false
    for (const mode of ['error', 'timeout'] as const) {
      if (mode === 'timeout' && read) continue
      const label = `${step.action} ${mode} at ${n}`
      const before = await caseRow(caseId)
      const counts = step.who === 'system' ? null : await tableCounts()
      const faulty = faultyD1(env.DB, n, mode)
      const res = await runStep(caseId, step, before.version, { DB: faulty.db })
      for (const [first, last] of faulty.state.batches)
        for (let k = first + 1; k <= last; k++) insideBatch.add(k)
      read = faulty.state.read
      const after = await caseRow(caseId)
      expect(after.version, label).toBe(after.events)
      // Every statement ran clean: the action's commit was passed without a lost answer.
      expect(faulty.state.fired, `${label}: no commit under fault`).toBe(true)
      coverage.points++
      if (res && res.status !== 200) expect(await clearFailure(res), label).toBeNull()
      if (after.version === before.version) {
        // Nothing written: every table as it was (a system sweep may have moved other cases).
        expect(after, label).toEqual(before)
        if (counts) expect(await tableCounts(), label).toEqual(counts)
        continue
      }
      // The fault hid a commit: applied exactly once, and the retry at the same version writes nothing more.
      expect(after.version, label).toBe(before.version + 1)
      expect(after.last, label).toBe(step.action)
      const retry = await runStep(caseId, step, before.version)
      if (retry) expect(retry.status, label).toBe(409)
      expect(await caseRow(caseId), label).toEqual(after)
      return coverage
    }
  }
  throw new Error(`${step.action}: more than 300 statements`)
}

/** Only the story's case is due for the cron's sweep (a system step faults its statements, not other cases'). */
async function parkAllBut(caseId: string) {
  await env.DB.prepare('UPDATE cases SET next_timer_on = NULL WHERE id <> ?').bind(caseId).run()
}

/**
 * The step with its first batch failing, and with every R2 write failing too (`r2`): it writes nothing and fails
 * cleanly. Returns the R2 writes tried and the statements that ran (the trace up to the batch).
 */
async function probe(caseId: string, step: Step, r2: boolean) {
  const before = await caseRow(caseId)
  const counts = await tableCounts()
  const files = failingR2(env.FILES)
  const faulty = faultyD1(env.DB, 'batch', 'error')
  const res = await runStep(caseId, step, before.version, {
    DB: faulty.db,
    ...(r2 ? { FILES: files.bucket } : {}),
  })
  if (res) expect(await clearFailure(res), `${step.action} with R2 failing`).toBeNull()
  expect(await caseRow(caseId)).toEqual(before)
  if (step.who !== 'system') expect(await tableCounts()).toEqual(counts)
  return { puts: files.state.puts, trace: faulty.state.trace }
}

describe('fault injection: every workflow action', () => {
  for (const [workflowId, stories] of Object.entries(STORIES)) {
    it(`${workflowId}: every action fails cleanly at every statement and with R2 failing; retried, applies once`, async () => {
      const workflow = caseWorkflow(workflowId, currentVersionOf(workflowId))!
      const actions = Object.keys(workflow.definition.actions)
      const storyActions = new Set(stories.flat().map((s) => s.action))
      // The matrix is the definition's: every action must be reached by a story.
      expect(
        actions.filter((a) => !storyActions.has(a)),
        'actions no story reaches',
      ).toEqual([])
      // Log in first: a login writes the staff audit log, which the attempts' row counts include.
      for (const who of ['registrar', 'handler', 'legal', 'approver', 'admin'] as const) await token(who)
      const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
      const covered = new Map<string, Coverage>()
      const known = new Set<string>()
      for (const steps of stories) {
        const caseId = await newCaseOf(workflowId)
        for (const step of steps) {
          if (covered.has(step.action)) {
            await clean(caseId, step)
            continue
          }
          if (step.who === 'system') await parkAllBut(caseId)
          const withR2Failing = await probe(caseId, step, true)
          const { trace } = withR2Failing.puts > 0 ? await probe(caseId, step, false) : withR2Failing
          const coverage = await sweepStep(caseId, step, trace, known)
          expect(await partialRows(), step.action).toBe(0)
          covered.set(step.action, { ...coverage, r2Writes: withR2Failing.puts })
        }
        // The story's case reads back whole at its end.
        expect((await detail(caseId, 'admin')).id).toBe(caseId)
      }
      errors.mockRestore()
      expect([...covered.keys()].sort()).toEqual([...actions].sort())
      for (const c of covered.values()) expect(c.points, c.action).toBeGreaterThanOrEqual(2)
      // The actions answer right after their commit (nothing after the batch to fault), as their clean runs show.
      expect(afterBatch.size).toBeGreaterThan(3)
      for (const [action, n] of afterBatch) expect(n, action).toBe(0)
      // Signing writes the letter's .docx to R2 first: with R2 failing it wrote nothing (checked above).
      if (workflowId === 'disclosure') expect(covered.get('approve')!.r2Writes).toBeGreaterThan(0)
      console.log(
        workflowId,
        [...covered.values()].map((c) => `${c.action}:${c.points}/${c.r2Writes}`).join(' '),
      )
    }, 300_000)
  }
})
