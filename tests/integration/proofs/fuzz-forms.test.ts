// Issue 11, Prove 3: hostile input through the public submission API (disclosure, record-correction with its
// evidence upload), generated with fast-check from the form
// definitions themselves — every free-text answer (text, textarea, address parts) of every public form gets markup,
// control and bidi characters, RTL and astral text, formula triggers and huge strings. Invariants: never a 5xx; a
// refused body stores nothing; an accepted one is stored exactly as the form's own validator normalised it (the
// encrypted personal part included); the staff case page never carries the input's markup unescaped; the register
// exports (CSV, XLSX) stay well-formed with the hostile titles in them. Bounded runs with a fixed seed (printed by
// fast-check on failure, with the shrunk counterexample).

import { env } from 'cloudflare:workers'
import fc from 'fast-check'
import Papa from 'papaparse'
import { describe, expect, it } from 'vitest'
import {
  compileForm,
  disclosureV2,
  type FormDefinitionInput,
  recordCorrectionV1,
  validateSubmission,
} from '../../../forms'
import { loadKeyring } from '../../../workers/lib/pii'
import { submissionPii } from '../../../workers/services/submissions'
import { shanghaiDate } from '../../../workflows/calendar'
import { apiLogin, bearer, browserLogin, call, json } from '../helpers'
import { expectWellFormedOfficeFile } from './hostile'

const SEED = 20261202
const RUNS = 40

/** Fragments an attacker or a careless paste brings along. */
const FRAGMENTS = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "';--",
  '&amp;&lt;',
  ']]><![CDATA[',
  '\u202e\u2066', // RTL override, isolate
  '\u200b\u200d\ufeff', // zero-width, BOM
  '\u0000\u0007\u001b[31m', // NUL, bell, ANSI escape
  '\r\n\t',
  '=HYPERLINK("http://x")',
  '+SUM(A1)',
  '@cmd',
  '-2+3',
  '{{7*7}}<%= 1 %>',
  'مرحبا بالعالم',
  '𠮷野家👨‍👩‍👧',
  '\ud800',
  '％００',
]

const hostileText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc
    .array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 6 })), {
      minLength: 1,
      maxLength: 6,
    })
    .map((parts) => parts.join('')),
  fc.constantFrom('长'.repeat(20_001), 'x'.repeat(300_000)),
)

/** A valid resident ID number for `serial` (fresh applicants, so the per-applicant limit never bites). */
function idNumber(serial: number): string {
  const body = `11010119900307${String(1000 + (serial % 1000)).slice(1)}`
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  let s = 0
  for (let i = 0; i < 17; i++) s += Number(body[i]) * w[i]!
  return body + '10X98765432'[s % 11]
}

interface PublicForm {
  slug: string
  definition: FormDefinitionInput
  valid: (serial: number, client: string) => Promise<Record<string, unknown>>
}

const PDF = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x34, 0x0a])

/** A fresh evidence upload for a record-correction request (each upload is used by one submission). */
async function evidence(client: string): Promise<string> {
  const upload = new FormData()
  upload.append('file', new File([PDF], '证明.pdf', { type: 'application/pdf' }))
  const res = await call('/api/v1/agencies/demo/forms/record-correction/attachments', {
    method: 'POST',
    body: upload,
    headers: { 'cf-connecting-ip': client },
  })
  expect(res.status).toBe(201)
  return ((await res.json()) as { id: string }).id
}

const FORMS: PublicForm[] = [
  {
    // The version the API takes now (v2: v1's fields, with conditions routing the pages).
    slug: 'disclosure',
    definition: disclosureV2,
    valid: async (serial) => ({
      applicantType: 'natural_person',
      name: '钱七',
      idDocument: { type: 'resident_id', number: idNumber(serial) },
      informationDescription: '示范县2025年决算',
      carrier: 'electronic',
      deliveryMethod: 'email',
      phone: '13800138000',
      email: 'q@example.cn',
      declaration: true,
    }),
  },
  {
    slug: 'record-correction',
    definition: recordCorrectionV1,
    valid: async (serial, client) => ({
      applicantType: 'natural_person',
      name: '王五',
      idDocument: { type: 'resident_id', number: idNumber(serial + 500) },
      recordDescription: '示范县不动产登记信息中本人房屋面积记录',
      inaccuracy: '记录为 80 平方米，实为 98 平方米',
      attachments: [await evidence(client)],
      phone: '13800138000',
      declaration: true,
    }),
  },
]

/** Where hostile text can go in a definition: every text and textarea answer, every part of an address. */
function textTargets(definition: FormDefinitionInput): string[][] {
  const targets: string[][] = []
  for (const page of definition.pages)
    for (const field of page.fields) {
      if (field.kind === 'text' || field.kind === 'textarea') targets.push([field.name])
      if (field.kind === 'address') for (const part of ['region', 'detail']) targets.push([field.name, part])
    }
  return targets
}

function withAnswer(body: Record<string, unknown>, path: string[], value: string): Record<string, unknown> {
  const copy = structuredClone(body)
  if (path.length === 1) copy[path[0]!] = value
  else copy[path[0]!] = { ...((copy[path[0]!] as object | undefined) ?? {}), [path[1]!]: value }
  return copy
}

async function submissionCount(): Promise<number> {
  return (await env.DB.prepare('SELECT count(*) AS n FROM submissions').first<{ n: number }>())!.n
}

let client = 0

describe('fuzzing the public forms', () => {
  for (const form of FORMS) {
    it(`${form.slug}: hostile answers never give a 5xx, are stored exactly or not at all, and render escaped`, async () => {
      const compiled = compileForm(form.definition)
      const ring = await loadKeyring(env.PII_KEYS, env.PII_ACTIVE_KEY)
      const staff = await browserLogin('demo-registrar')
      const targets = textTargets(form.definition)
      expect(targets.length).toBeGreaterThan(3)
      let serial = 0
      let accepted = 0
      let refused = 0
      let shownEscaped = 0
      const marker = fc.nat({ max: 1_000_000 }).map((n) => `<i data-fz="${n}">`)
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...targets),
          hostileText,
          fc.option(marker, { nil: undefined }),
          async (path, text, tag) => {
            serial++
            const value = tag ? `${text}${tag}${text.slice(0, 8)}` : text
            const ip = `203.0.113.${client++ % 250}`
            const body = withAnswer(await form.valid(serial, ip), path, value)
            const before = await submissionCount()
            const res = await call(
              `/api/v1/agencies/demo/forms/${form.slug}/submissions`,
              json(body, { headers: { 'cf-connecting-ip': ip } }),
            )
            expect(res.status).toBeLessThan(500)
            const expected = validateSubmission(compiled, body, {
              source: 'json',
              today: shanghaiDate(Date.now()),
            })
            if (res.status !== 201) {
              refused++
              expect(res.status).toBeGreaterThanOrEqual(400)
              expect(await submissionCount()).toBe(before)
              // What the API refused, the form's validator refuses too (or a size limit came first).
              if (res.status === 422) expect(expected.ok).toBe(false)
              return
            }
            accepted++
            expect(expected.ok).toBe(true)
            if (!expected.ok) return
            const { reference } = (await res.json()) as { reference: string }
            const row = await env.DB.prepare(
              'SELECT s.id, s.data, s.pii, s.pii_key_id AS piiKeyId, c.id AS caseId FROM submissions s JOIN cases c ON c.submission_id = s.id WHERE s.reference = ?',
            )
              .bind(reference)
              .first<{ id: string; data: string; pii: string; piiKeyId: string; caseId: string }>()
            const personal = await submissionPii(ring, row!)
            // Exact round trip: the stored answers (plain and encrypted) are the validator's normalised ones.
            expect({ ...JSON.parse(row!.data), ...personal }).toEqual(expected.data)
            const page = await call(`/admin/cases/${row!.caseId}`, { headers: { cookie: staff.cookie } })
            expect(page.status).toBe(200)
            const html = await page.text()
            if (tag) {
              expect(html).not.toContain(tag)
              // Accepted markup is shown, escaped (the page shows every free-text answer of the request).
              if (Object.values(expected.data).some((v) => typeof v === 'string' && v.includes(tag))) {
                expect(html).toContain(tag.replace('<', '&lt;').replace('>', '&gt;').replace(/"/g, '&quot;'))
                shownEscaped++
              }
            }
            expect(html).not.toContain('<script>alert(1)')
            expect(html).not.toContain('<img src=x')
          },
        ),
        { seed: SEED, numRuns: RUNS, endOnFailure: true },
      )
      // Both sides of the validator were exercised.
      expect(accepted).toBeGreaterThan(5)
      expect(refused).toBeGreaterThan(0)
      expect(shownEscaped).toBeGreaterThan(0)

      // The register exports carry the accepted hostile titles and stay well-formed.
      const token = await apiLogin('demo-registrar')
      const csv = await call('/api/v1/reports/register?format=csv', bearer(token))
      expect(csv.status).toBe(200)
      const parsed = Papa.parse<string[]>((await csv.text()).replace(/^\uFEFF/, ''), { skipEmptyLines: true })
      expect(parsed.errors).toEqual([])
      for (const cells of parsed.data.slice(1))
        for (const cell of cells) expect(cell, 'a formula reached the CSV').not.toMatch(/^[=+\-@\t\r]/)
      const xlsx = await call('/api/v1/reports/register?format=xlsx', bearer(token))
      expect(xlsx.status).toBe(200)
      expectWellFormedOfficeFile(new Uint8Array(await xlsx.arrayBuffer()))
    }, 300_000)
  }
})
