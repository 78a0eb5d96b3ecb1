// The pure parts of `npm run verify-data`: the hash-chain walk (shared with /audit/verify), the file and outbox
// checks, the clock comparison the calendar recompute and the due-date check share, and the CLI's remote config.
import { describe, expect, it } from 'vitest'
import { remoteConfig } from '../../../db/remote-config'
import { ChainWalk, sealLinks } from '../../../workers/lib/hash-chain'
import { fileProblems, outboxProblems } from '../../../workers/services/verify-data/checks'
import { clockDatesDiffer } from '../../../workflows/clock'

const GENESIS = '0'.repeat(64)

async function sha(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
}

interface Link {
  seq: number
  body: string
  prevHash: string
  hash: string
}

async function chain(bodies: string[]): Promise<Link[]> {
  const links: Link[] = []
  let prev = GENESIS
  for (const [i, body] of bodies.entries()) {
    const hash = await sha(prev + body)
    links.push({ seq: i + 1, body, prevHash: prev, hash })
    prev = hash
  }
  return links
}

/** Walk links as the verifiers do; the first problem, or the head check's verdict. */
async function walk(links: Link[], head: { seq: number; hash: string } | null) {
  const w = new ChainWalk(GENESIS)
  for (const l of links) {
    const problem = await w.step(l, () => sha(l.prevHash + l.body))
    if (problem) return { problem, at: l.seq, checked: w.checked }
  }
  return { problem: w.headMismatch(head) ? 'head_mismatch' : null, at: null, checked: w.checked }
}

describe('sealLinks', () => {
  const hashOf = (l: { body: string }, prev: string) => sha(prev + l.body)
  const appended = (bodies: string[], from = 1) =>
    bodies.map((body, i) => ({ seq: from + i, body, sealed: false }))

  it('links appended bodies exactly as a chain written link by link, continuing from the head', async () => {
    const whole = await chain(['a', 'b', 'c', 'd'])
    const first = await sealLinks({ seq: 0, hash: GENESIS }, appended(['a', 'b']), hashOf)
    expect(first.head).toEqual({ seq: 2, hash: whole[1]!.hash })
    const rest = await sealLinks(first.head, appended(['c', 'd'], 3), hashOf)
    expect(rest.sealed.map((s) => [s.link.seq, s.prevHash, s.hash])).toEqual(
      whole.slice(2).map((l) => [l.seq, l.prevHash, l.hash]),
    )
    expect(await walk(whole, rest.head)).toMatchObject({ problem: null, checked: 4 })
  })

  it('stops before a missing position or an already sealed link', async () => {
    const links = appended(['a', 'b', 'c'])
    const gap = await sealLinks({ seq: 0, hash: GENESIS }, [links[0]!, links[2]!], hashOf)
    expect(gap.sealed.map((s) => s.link.seq)).toEqual([1])
    expect(gap.head.seq).toBe(1)
    const sealed = await sealLinks(
      { seq: 0, hash: GENESIS },
      [links[0]!, { ...links[1]!, sealed: true }],
      hashOf,
    )
    expect(sealed.head.seq).toBe(1)
    expect((await sealLinks({ seq: 5, hash: GENESIS }, links, hashOf)).sealed).toEqual([])
  })
})

describe('ChainWalk', () => {
  it('accepts an intact chain and its head', async () => {
    const links = await chain(['a', 'b', 'c'])
    expect(await walk(links, { seq: 3, hash: links[2]!.hash })).toEqual({
      problem: null,
      at: null,
      checked: 3,
    })
    expect(await walk([], null)).toEqual({ problem: null, at: null, checked: 0 })
  })

  it('finds an edited, a removed, a re-linked link and a deleted tail', async () => {
    const links = await chain(['a', 'b', 'c'])
    const head = { seq: 3, hash: links[2]!.hash }
    expect(await walk([links[0]!, { ...links[1]!, body: 'B' }, links[2]!], head)).toMatchObject({
      problem: 'hash_mismatch',
      at: 2,
    })
    expect(await walk([links[0]!, links[2]!], head)).toMatchObject({ problem: 'gap', at: 3 })
    const forged = { ...links[1]!, prevHash: GENESIS }
    expect(await walk([links[0]!, forged, links[2]!], head)).toMatchObject({
      problem: 'prev_mismatch',
      at: 2,
    })
    expect(await walk(links.slice(0, 2), head)).toMatchObject({ problem: 'head_mismatch', checked: 2 })
    expect(await walk(links, null)).toMatchObject({ problem: 'head_mismatch' })
  })
})

describe('fileProblems', () => {
  const now = Date.parse('2026-03-01T00:00:00Z')
  const hour = 3_600_000
  it('names rows without their object and old objects without a row', () => {
    const refs = [
      { owner: 'attachment a1', key: 'attachments/ag/a1' },
      { owner: 'letter l1', key: 'letters/ag/l1.docx' },
    ]
    const objects = [
      { key: 'attachments/ag/a1', uploaded: now - 5 * hour },
      { key: 'attachments/ag/old-stray', uploaded: now - 2 * hour },
      { key: 'letters/ag/fresh.docx', uploaded: now - 60_000 },
    ]
    expect(fileProblems(refs, objects, now, hour)).toEqual([
      { kind: 'file_missing', subject: 'letter l1', detail: 'object letters/ag/l1.docx is not in storage' },
      {
        kind: 'file_orphan',
        subject: 'attachments/ag/old-stray',
        detail: 'stored 2026-02-28T22:00:00.000Z, named by no row',
      },
    ])
    expect(fileProblems(refs.slice(0, 1), objects.slice(0, 1), now, hour)).toEqual([])
  })
})

describe('outboxProblems', () => {
  const now = Date.parse('2026-03-01T00:00:00Z')
  const row = (id: string, status: string, minutesAgo: number) => ({
    id,
    kind: 'case_received',
    audience: 'applicant',
    status,
    attempts: 2,
    nextAttemptAt: now - minutesAgo * 60_000,
    lastError: null,
  })
  it('names pending rows long past their attempt and failed rows, not the rest', () => {
    const problems = outboxProblems(
      [
        row('due', 'pending', 10),
        row('late', 'pending', 90),
        row('gone', 'failed', 0),
        row('ok', 'sent', 900),
      ],
      now,
      3_600_000,
    )
    expect(problems.map((p) => `${p.kind} ${p.subject}`)).toEqual([
      'outbox_stuck outbox late',
      'outbox_failed outbox gone',
    ])
    expect(problems[0]!.detail).toBe(
      'due since 2026-02-28T22:30:00.000Z; case_received to applicant, 2 attempt(s)',
    )
  })
})

describe('clockDatesDiffer', () => {
  const base = { replyDueOn: '2026-01-05', correctionDueOn: null, pauseWindowEndsOn: null, unconfirmed: null }
  it('compares every stored deadline and the awaited calendar year', () => {
    expect(clockDatesDiffer(base, { ...base })).toBe(false)
    expect(clockDatesDiffer(base, { ...base, replyDueOn: '2026-01-06' })).toBe(true)
    expect(clockDatesDiffer(base, { ...base, correctionDueOn: '2026-01-02' })).toBe(true)
    expect(clockDatesDiffer(base, { ...base, pauseWindowEndsOn: '2026-01-02' })).toBe(true)
    expect(clockDatesDiffer(null, base)).toBe(true)
  })
})

describe('remoteConfig', () => {
  it('marks the D1 and R2 bindings remote and leaves the rest', () => {
    const toml =
      '[[d1_databases]]\nbinding = "DB"\ndatabase_name = "x"\n\n[[r2_buckets]]\nbinding = "FILES"\nbucket_name = "y"\n'
    expect(remoteConfig(toml)).toBe(
      '[[d1_databases]]\nbinding = "DB"\nremote = true\ndatabase_name = "x"\n\n[[r2_buckets]]\nbinding = "FILES"\nremote = true\nbucket_name = "y"\n',
    )
  })
})
