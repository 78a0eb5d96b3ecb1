// CPU profile of S2 (JSON submission) and S5 (confirm receipt) inside workerd: the Worker as wrangler uploads it,
// under Miniflare with its inspector on loopback; V8's sampling profiler runs while N requests go one at a time
// (after a warm-up). Prints self time per built module (with the packages in it), per function, and inclusive time
// of named frames, per request; writes S2.cpuprofile and S5.cpuprofile to the temp folder (open them in Chrome
// DevTools with the source maps in dist/worker for source names). `npm run bench:profile [-- N]`. Not deployed.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Log, LogLevel, Miniflare, fetch as miniflareFetch, type WebSocket } from 'miniflare'
import type { BuiltModule } from '../../scripts/worker-build'
import {
  jsonSubmission,
  PRODUCT_BINDINGS,
  STAFF_DAY,
  staffHeaders,
  staffLogin,
  T_SUBMIT,
  workerOptions,
} from './harness'
import { migrateAndSeedDemo } from './seed'
import { buildProduct, metered } from './workers'

const N = Number(process.argv[2] ?? 100)
const INSPECTOR_PORT = 9329

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  hitCount: number
  children?: number[]
}
interface Profile {
  nodes: ProfileNode[]
  startTime: number
  endTime: number
  samples: number[]
  timeDeltas: number[]
}

class Inspector {
  private next = 1
  private waiting = new Map<number, (r: unknown) => void>()
  constructor(private ws: WebSocket) {
    ws.addEventListener('message', (event) => {
      const msg = JSON.parse(String(event.data)) as { id?: number; result?: unknown }
      if (msg.id && this.waiting.has(msg.id)) this.waiting.get(msg.id)!(msg.result)
    })
  }
  static async open(url: string): Promise<Inspector> {
    const res = await miniflareFetch(url, { headers: { upgrade: 'websocket' } })
    if (!res.webSocket) throw new Error(`inspector ${url}: ${res.status}`)
    res.webSocket.accept()
    return new Inspector(res.webSocket)
  }
  send<T>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    const id = this.next++
    this.ws.send(JSON.stringify({ id, method, params }))
    return new Promise((resolve) => this.waiting.set(id, resolve as (r: unknown) => void))
  }
  close() {
    this.ws.close()
  }
}

function summarise(label: string, profile: Profile, requests: number, built: BuiltModule[]) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const parent = new Map<number, number>()
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const self = new Map<number, number>()
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i]!
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0))
  }
  const fnSelf = new Map<string, number>()
  const pkgSelf = new Map<string, number>()
  // Inclusive time of selected frames (each sample counted once per frame name on its stack).
  const incl = new Map<string, number>()
  const pkgOf = (node: ProfileNode) => {
    const { url, functionName } = node.callFrame
    if (!url)
      return functionName.startsWith('(') ? functionName : '(native: runtime APIs, incl. D1 and R2 calls)'
    const module = built.find((m) => url.endsWith(`/${m.name}`))
    if (!module) return url
    const packages = Object.entries(module.packages).sort((a, b) => b[1] - a[1])
    return `${module.name} (${
      packages.length
        ? packages
            .slice(0, 3)
            .map(([name]) => name)
            .join(', ')
        : 'product code'
    })`
  }
  for (const [id, us] of self) {
    const node = byId.get(id)!
    const key = `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.split('/').pop()}:${node.callFrame.lineNumber}`
    fnSelf.set(key, (fnSelf.get(key) ?? 0) + us)
    pkgSelf.set(pkgOf(node), (pkgSelf.get(pkgOf(node)) ?? 0) + us)
    const seen = new Set<string>()
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur)!.callFrame.functionName
      if (!f || seen.has(f)) continue
      seen.add(f)
      incl.set(f, (incl.get(f) ?? 0) + us)
    }
  }
  const total = (profile.endTime - profile.startTime) / 1000
  const ms = (us: number) => (us / 1000 / requests).toFixed(2)
  console.log(`\n## ${label}: ${requests} requests, ${(total / requests).toFixed(2)} ms wall per request`)
  const idle = [...fnSelf].filter(([k]) => k.startsWith('(idle)')).reduce((s, [, v]) => s + v, 0)
  console.log(
    `ms per request in the isolate (non-idle samples; D1 and R2 calls included): ${ms([...self.values()].reduce((a, b) => a + b, 0) - idle)}`,
  )
  console.log('\nself ms per request, by package/module:')
  for (const [k, v] of [...pkgSelf].sort((a, b) => b[1] - a[1]).slice(0, 15))
    console.log(`  ${ms(v).padStart(7)}  ${k}`)
  console.log('\nself ms per request, top functions:')
  for (const [k, v] of [...fnSelf].sort((a, b) => b[1] - a[1]).slice(0, 25))
    console.log(`  ${ms(v).padStart(7)}  ${k}`)
  console.log('\ninclusive ms per request, top named frames:')
  for (const [k, v] of [...incl].sort((a, b) => b[1] - a[1]).slice(0, 45))
    console.log(`  ${ms(v).padStart(7)}  ${k}`)
}

const stateDir = mkdtempSync(path.join(tmpdir(), 'gov-profile-'))
const product = buildProduct(path.join(stateDir, 'dist'))
const mf = new Miniflare({
  log: new Log(LogLevel.WARN),
  cf: false,
  inspectorPort: INSPECTOR_PORT,
  d1Persist: path.join(stateDir, 'd1'),
  r2Persist: path.join(stateDir, 'r2'),
  workers: [{ ...workerOptions('product', metered(product), PRODUCT_BINDINGS), unsafeInspectorProxy: true }],
})
try {
  await mf.ready
  const base = (await mf.unsafeGetDirectURL('product')).origin
  const db = await mf.getD1Database('DB', 'product')
  await migrateAndSeedDemo(db as never, T_SUBMIT - 86_400_000, {
    keys: PRODUCT_BINDINGS.PII_KEYS,
    activeKey: PRODUCT_BINDINGS.PII_ACTIVE_KEY,
  })
  const registrar = await staffLogin(base, 'demo-registrar')
  const submit = async () => {
    const r = jsonSubmission()
    const res = await fetch(`${base}${r.path}`, { method: 'POST', headers: r.headers, body: r.body })
    if (res.status !== 201) throw new Error(`submission ${res.status} ${await res.text()}`)
    return (await res.json()) as { caseId?: string; reference?: string }
  }
  const confirm = async (c: { id: string; version: number }) => {
    const res = await fetch(`${base}/api/v1/cases/${c.id}/actions/confirm-receipt`, {
      method: 'POST',
      headers: { ...staffHeaders(registrar), 'content-type': 'application/json' },
      body: JSON.stringify({ version: c.version, channel: 'online', receivedOn: STAFF_DAY }),
    })
    if (res.status !== 200) throw new Error(`confirm ${res.status} ${await res.text()}`)
    await res.arrayBuffer()
  }
  const inspector = await Inspector.open(`http://127.0.0.1:${INSPECTOR_PORT}/product`)
  await inspector.send('Profiler.enable')
  await inspector.send('Profiler.setSamplingInterval', { interval: 100 })
  // Warm-up: every lazy module loaded, caches filled.
  for (let i = 0; i < 10; i++) await submit()
  const pool = async () =>
    (
      await db
        .prepare(
          `SELECT id, version FROM cases WHERE agency_id = 'agency-demo' AND state = 'submitted' ORDER BY created_at`,
        )
        .all<{ id: string; version: number }>()
    ).results
  for (const c of (await pool()).slice(0, 5)) await confirm(c)

  await inspector.send('Profiler.start')
  let t = performance.now()
  for (let i = 0; i < N; i++) await submit()
  const s2Wall = (performance.now() - t) / N
  const s2 = (await inspector.send<{ profile: Profile }>('Profiler.stop')).profile
  writeFileSync(path.join(tmpdir(), 'S2.cpuprofile'), JSON.stringify(s2))

  const cases = (await pool()).slice(0, N)
  await inspector.send('Profiler.start')
  t = performance.now()
  for (const c of cases) await confirm(c)
  const s5Wall = (performance.now() - t) / cases.length
  const s5 = (await inspector.send<{ profile: Profile }>('Profiler.stop')).profile
  writeFileSync(path.join(tmpdir(), 'S5.cpuprofile'), JSON.stringify(s5))
  inspector.close()
  summarise(`S2 JSON submission (client-side ${s2Wall.toFixed(2)} ms)`, s2, N, product.built)
  summarise(`S5 confirm receipt (client-side ${s5Wall.toFixed(2)} ms)`, s5, cases.length, product.built)
} finally {
  await mf.dispose()
}
