// Issue 11, Prove 4: the access matrix, generated from the policy table in access-policy.ts — for the JSON API
// (/api/v1) and the staff pages (/admin): every staff route has an entry, and every cell answers as the table says.
// Allowed reads succeed, refused cells give 403/404 without another agency's data, refused writes change no row.
// One seeded set of agencies and objects, one session per actor; the cells run in the order reads, refused writes,
// allowed writes, so no allowed change is seen by a cell that expects the seeded state.
import { beforeAll, describe, expect, it } from 'vitest'
import { type Cell, cellsOf, control, policyGaps, runAll, seedMatrix, snapshot } from './access-policy'

beforeAll(seedMatrix, 60_000)

const api = policyGaps(true)
const pages = policyGaps(false)
const HALVES = [
  ['the JSON API', api.routes],
  ['the /admin pages', pages.routes],
] as const
const isRead = (r: string) => r.startsWith('GET ')
const writeCells: Cell[] = [...api.routes, ...pages.routes]
  .filter((r) => !isRead(r))
  .flatMap((r) => cellsOf([r]))

describe('access matrix generated from the policy table', () => {
  it('has a policy entry for every staff route, and none for a route that no longer exists', () => {
    expect(api.routes.length).toBeGreaterThan(60)
    expect(pages.routes.length).toBeGreaterThan(60)
    expect([...api.missing, ...pages.missing]).toEqual([])
    expect([...api.stale, ...pages.stale]).toEqual([])
  })

  it('uses real objects: an actor the table admits reads them, markers and all (control)', async () => {
    const seen = [
      await control('GET /api/v1/cases/:id', 'registrar', 'own', 'caseTitle'),
      await control('GET /api/v1/cases', 'handler', 'own', 'caseTitle'),
      await control('GET /api/v1/cases/:id/attachments', 'handler', 'own', 'file'),
      await control('GET /api/v1/reports/register', 'approver', 'own', 'reference'),
      await control('GET /api/v1/users/:id', 'admin', 'child', 'user'),
      await control('GET /api/v1/plans/:plan', 'task_coordinator', 'own', 'plan'),
      await control('GET /api/v1/tasks/:task', 'task_reporter', 'own', 'task'),
      await control('GET /admin/cases/:id', 'handler', 'own', 'caseTitle'),
      await control('GET /admin/cases', 'registrar', 'own', 'caseTitle'),
      await control('GET /admin/letters/:id', 'approver', 'own', 'reference'),
      await control('GET /admin/users', 'admin', 'child', 'user'),
      await control('GET /admin/plans/:plan', 'task_coordinator', 'own', 'plan'),
      await control('GET /admin/plans/:plan/tasks/:task', 'task_reporter', 'own', 'task'),
      await control('GET /api/v1/audit/log', 'auditor', 'own', 'attachmentId'),
      await control('GET /admin/audit', 'auditor', 'own', 'attachmentId'),
    ]
    expect(seen).toEqual(seen.map(() => ({ status: 200, shows: true })))
  })

  for (const [name, routes] of HALVES) {
    it(`answers every read cell of ${name} as the table says, leaking nothing`, async () => {
      expect(await runAll(cellsOf(routes.filter(isRead)))).toEqual([])
    }, 120_000)
  }

  it('refuses the refused writes with 403/404 and changes no row', async () => {
    const before = await snapshot()
    const problems = await runAll(writeCells.filter((c) => !c.allow))
    expect(problems).toEqual([])
    expect(await snapshot()).toBe(before)
  }, 120_000)

  it('lets the allowed writes through the guard, leaking nothing', async () => {
    expect(await runAll(writeCells.filter((c) => c.allow))).toEqual([])
  }, 120_000)
})
