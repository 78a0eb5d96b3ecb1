// The staff audit log is hash-chained like case events: /audit/verify finds an edited, deleted or slipped-in row;
// its auditors (and only they) read and export it.
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { createDb } from '../../../db/client'
import { sealAuditChain } from '../../../workers/services/audit-log'
import { apiLogin, bearer, browserLogin, call } from '../helpers'

interface Verification {
  ok: boolean
  auditLog: { ok: boolean; rowsChecked: number; firstProblem: { seq: number | null; problem: string } | null }
}

async function verify(): Promise<Verification> {
  const res = await call('/api/v1/audit/verify?agency=demo', bearer(await apiLogin('demo-auditor')))
  expect(res.status).toBe(200)
  return (await res.json()) as Verification
}

type Row = Record<string, string | number | null>

async function lastRow(): Promise<Row> {
  return (await env.DB.prepare(
    // Not one of the auditor's own rows (verify() logs the auditor in: password and second factor).
    `SELECT * FROM audit_log WHERE agency_id = 'agency-demo' AND seq IS NOT NULL
       AND (actor_id IS NULL OR actor_id <> 'user-demo-auditor') ORDER BY seq DESC LIMIT 1`,
  ).first<Row>())!
}

describe('the staff audit log chain', () => {
  it('verifies, and catches UPDATE audit_log SET actor_id = …', async () => {
    await apiLogin('demo-handler')
    await apiLogin('demo-registrar')
    const intact = await verify()
    expect(intact.ok).toBe(true)
    expect(intact.auditLog.rowsChecked).toBeGreaterThan(0)
    const row = await lastRow()
    await env.DB.prepare('UPDATE audit_log SET actor_id = ? WHERE id = ?')
      .bind('user-demo-auditor', row.id)
      .run()
    try {
      const broken = await verify()
      expect(broken.ok).toBe(false)
      expect(broken.auditLog.firstProblem).toMatchObject({ seq: row.seq, problem: 'hash_mismatch' })
    } finally {
      await env.DB.prepare('UPDATE audit_log SET actor_id = ? WHERE id = ?').bind(row.actor_id, row.id).run()
    }
    expect((await verify()).ok).toBe(true)
  })

  it('catches a deleted row and a row inserted outside the chain', async () => {
    await apiLogin('demo-approver')
    // Sealed first (a verification seals): the row deleted below is a hashed link.
    expect((await verify()).ok).toBe(true)
    const row = await lastRow()
    expect(row.hash).not.toBeNull()
    await env.DB.prepare('DELETE FROM audit_log WHERE id = ?').bind(row.id).run()
    try {
      expect((await verify()).auditLog.firstProblem?.problem).toBe('gap')
    } finally {
      const cols = Object.keys(row)
      await env.DB.prepare(
        `INSERT INTO audit_log (${cols.join(', ')}) VALUES (${cols.map((_, i) => `?${i + 1}`).join(', ')})`,
      )
        .bind(...cols.map((c) => row[c]))
        .run()
    }
    expect((await verify()).ok).toBe(true)
    const stray = await env.DB.prepare(
      "INSERT INTO audit_log (agency_id, actor_id, action, payload, at) VALUES ('agency-demo', 'user-demo-admin', 'login.succeeded', '{}', 1) RETURNING id",
    ).first<{ id: number }>()
    try {
      expect((await verify()).auditLog.firstProblem).toMatchObject({ problem: 'unchained' })
    } finally {
      await env.DB.prepare('DELETE FROM audit_log WHERE id = ?').bind(stray!.id).run()
    }
  })

  it('writes a row with every login, in the user’s agency chain', async () => {
    await apiLogin('demo-legal')
    const read = () =>
      env.DB.prepare(
        "SELECT agency_id, seq, hash FROM audit_log WHERE action = 'login.succeeded' AND actor_id = 'user-demo-legal'",
      ).first<Row>()
    const row = await read()
    expect(row?.agency_id).toBe('agency-demo')
    expect(row?.seq).toBeGreaterThan(0)
    // Hashed by the sealer (the cron or a verification; here directly).
    await sealAuditChain(createDb(env.DB), 'agency-demo', Date.now())
    expect(String((await read())?.hash)).toMatch(/^[0-9a-f]{64}$/)
  })
})

describe('reading the audit log', () => {
  it('is the auditor’s: filtered, paged and exported as CSV (the export itself audited)', async () => {
    const auditor = await apiLogin('demo-auditor')
    const res = await call('/api/v1/audit/log?agency=demo&action=login.succeeded&limit=2', bearer(auditor))
    expect(res.status).toBe(200)
    const page = (await res.json()) as {
      items: { action: string; actor: string }[]
      nextBefore: number | null
    }
    expect(page.items).toHaveLength(2)
    expect(page.items.every((i) => i.action === 'login.succeeded')).toBe(true)
    expect(page.nextBefore).not.toBeNull()
    const byActor = (await (
      await call('/api/v1/audit/log?agency=demo&actor=demo-auditor', bearer(auditor))
    ).json()) as { items: { actor: string }[] }
    expect(byActor.items.length).toBeGreaterThan(0)
    expect(byActor.items.every((i) => i.actor === 'demo-auditor')).toBe(true)

    const csv = await call('/api/v1/audit/log?agency=demo&format=csv', bearer(auditor))
    expect(csv.headers.get('content-type')).toContain('text/csv')
    expect(csv.headers.get('content-disposition')).toContain('attachment')
    const text = await csv.text()
    expect(text).toContain('时间（北京时间）')
    expect(text).toContain('login.succeeded')
    const exported = await env.DB.prepare(
      "SELECT count(*) AS n FROM audit_log WHERE action = 'audit.exported'",
    ).first()
    expect(exported).toEqual({ n: 1 })
  })

  it('is not the admin’s, nor a foreign auditor’s', async () => {
    const admin = await apiLogin('demo-admin')
    expect((await call('/api/v1/audit/log?agency=demo', bearer(admin))).status).toBe(403)
    expect((await call('/api/v1/audit/log', bearer(admin))).status).toBe(403)
  })

  it('has a page with filters, the chain status and the export link', async () => {
    const { cookie } = await browserLogin('demo-auditor')
    const res = await call('/admin/audit?action=login.succeeded', { headers: { cookie } })
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('哈希链校验通过')
    expect(html).toContain('href="/admin/audit/export.csv?agency=agency-demo&amp;action=login.succeeded"')
    const admin = await browserLogin('demo-admin')
    expect((await call('/admin/audit', { headers: { cookie: admin.cookie } })).status).toBe(403)
  })

  it('lets the operator read and verify the platform chain (national calendar changes)', async () => {
    const operator = await apiLogin('demo-operator')
    const verified = (await (await call('/api/v1/audit/verify', bearer(operator))).json()) as Verification
    expect(verified.ok).toBe(true)
    const log = (await (await call('/api/v1/audit/log', bearer(operator))).json()) as {
      agencyId: string | null
      items: { action: string }[]
    }
    expect(log.agencyId).toBeNull()
    expect(log.items.some((i) => i.action === 'login.succeeded')).toBe(true)
  })
})
