// `npm run verify-data`: the operator's data self-check. Verifies every hash chain (case events, staff audit log),
// recomputes every open case's deadlines from its events and calendar, compares stored files with their rows and
// looks for notifications that will not go out. Exit 0 when all is well, 1 with the list of problems, 2 if it could
// not run.
//   npm run verify-data                      the local D1 and R2 (the state `npm start` / `wrangler dev` use)
//   npm run verify-data -- --remote          the deployed D1 and R2 (wrangler's remote bindings; needs `wrangler login`)
//   … -- --json                              the report as JSON
//   … -- --stuck-after-minutes 60 --orphan-grace-minutes 60
//   … -- --no-seal                           do not seal waiting case events first (verify the data exactly as found;
//                                            unsealed events are then counted, with their age, not checked)
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { getPlatformProxy } from 'wrangler'
import { DEFAULT_VERIFY_OPTIONS, type VerifyReport, verifyData } from '../workers/services/verify-data'
import { createDb } from './client'
import { remoteConfig } from './remote-config'

declare const process: { argv: string[]; exit(code: number): never; pid: number }

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? process.argv[i + 1] : undefined
}

function minutes(name: string, fallbackMs: number): number {
  const value = arg(name)
  if (value === undefined) return fallbackMs
  const n = Number(value)
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a number of minutes`)
  return n * 60_000
}

function print(report: VerifyReport): void {
  const c = report.checked
  console.log(
    `Checked ${c.caseChains} case-event chains (${c.caseEvents} sealed events, ${c.unsealedEvents} unsealed), ${c.auditLogChains} audit-log chains ` +
      `(${c.auditLogRows} sealed rows, ${c.unsealedAuditRows} unsealed), ${c.openCases} open cases, ${c.fileRows} file rows against ` +
      `${c.storedObjects ?? 'no'} stored objects, ${c.outboxRows} outbox rows.`,
  )
  for (const note of report.notes) console.log(`note: ${note}`)
  if (report.ok) {
    console.log('OK: no problems found.')
    return
  }
  console.log(`\n${report.problems.length} problem(s):`)
  for (const p of report.problems) console.log(`  [${p.kind}] ${p.subject}: ${p.detail}`)
}

async function main(): Promise<number> {
  const remote = process.argv.includes('--remote')
  const options = {
    now: Date.now(),
    stuckAfterMs: minutes('stuck-after-minutes', DEFAULT_VERIFY_OPTIONS.stuckAfterMs),
    orphanGraceMs: minutes('orphan-grace-minutes', DEFAULT_VERIFY_OPTIONS.orphanGraceMs),
    seal: !process.argv.includes('--no-seal'),
  }
  // Beside wrangler.toml, so the relative paths in it (main, migrations) still resolve.
  const configPath = remote ? `.verify-data-remote-${process.pid}.toml` : 'wrangler.toml'
  if (remote) writeFileSync(configPath, remoteConfig(readFileSync('wrangler.toml', 'utf8')))
  try {
    const proxy = await getPlatformProxy<{ DB: D1Database; FILES: R2Bucket }>({
      configPath,
      persist: !remote,
      remoteBindings: remote,
    })
    try {
      const report = await verifyData(createDb(proxy.env.DB), proxy.env.FILES, options)
      if (process.argv.includes('--json')) console.log(JSON.stringify(report, null, 2))
      else print(report)
      return report.ok ? 0 : 1
    } finally {
      await proxy.dispose()
    }
  } finally {
    if (remote) rmSync(configPath, { force: true })
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`verify-data could not run: ${err instanceof Error ? err.message : String(err)}`)
    process.exit(2)
  },
)
