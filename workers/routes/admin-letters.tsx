// Staff pages for one letter: read and print it, download its .docx, change a draft's free text, record 送达.
import { type Context, Hono } from 'hono'
import type { AppEnv } from '../env'
import { AppError } from '../errors'
import { messages } from '../i18n/zh-CN'
import { formValue, readForm } from '../lib/body'
import { docxResponse } from '../lib/downloads'
import { letterDepsFrom } from '../lib/letter-deps'
import { staff } from '../middleware/auth'
import { loadCalendar } from '../services/calendar'
import {
  draftCorrection,
  LetterCorrectionInput,
  SignCorrectionInput,
  signCorrection,
} from '../services/letters/correction'
import {
  editLetter,
  LetterDeliveryInput,
  LetterEditsInput,
  letterFile,
  letterView,
  recordLetterDelivery,
} from '../services/letters/letters'
import type { SummaryIssue } from '../views/layout'
import { LetterPage } from '../views/letter-page'
import { staffChrome } from './staff-chrome'

const t = messages.letters

function staffProps(c: Context<AppEnv>) {
  const auth = staff(c)
  return staffChrome(auth)
}

async function render(
  c: Context<AppEnv>,
  id: string,
  options: {
    issues?: SummaryIssue[]
    notice?: string | null
    values?: Record<string, string>
    status?: 200 | 409 | 422
  },
) {
  const letter = await letterView(c.get('db'), staff(c), id, letterDepsFrom(c.env).reconsiderationFirst)
  return c.html(
    <LetterPage
      nonce={c.get('nonce')}
      staff={staffProps(c)}
      letter={letter}
      issues={options.issues ?? []}
      notice={options.notice ?? null}
      values={options.values ?? {}}
    />,
    options.status ?? 200,
  )
}

/**
 * Run a change; a refusal re-renders the page with the summary and what was typed. `run` may name the letter to
 * show next (a correction's new draft).
 */
async function changeOrRerender(
  c: Context<AppEnv>,
  id: string,
  values: Record<string, string>,
  run: () => Promise<unknown>,
  done: string,
) {
  try {
    const next = await run()
    const target = typeof next === 'string' ? next : id
    return c.redirect(`/admin/letters/${encodeURIComponent(target)}?done=${done}`, 303)
  } catch (err) {
    if (
      !(err instanceof AppError) ||
      !['validation_failed', 'conflict', 'not_allowed_in_state', 'guard_failed'].includes(err.code)
    )
      throw err
    const issues = (err.issues ?? [{ path: '', code: err.code, message: err.message }]).map((i) => ({
      href: i.path.startsWith('edits.') ? `slot-${i.path.slice(6)}` : i.path || 'main',
      message: i.message,
    }))
    return render(c, id, { issues, values, status: err.status === 409 ? 409 : 422 })
  }
}

export const adminLetters = new Hono<AppEnv>()

adminLetters.get('/:id', (c) => {
  const done = c.req.query('done')
  return render(c, c.req.param('id'), {
    notice:
      done === 'saved'
        ? t.saved
        : done === 'delivered'
          ? t.deliveryRecorded
          : done === 'correction'
            ? t.correctionStarted
            : done === 'signed'
              ? t.correctionSigned
              : null,
  })
})

adminLetters.get('/:id/docx', async (c) => {
  const deps = letterDepsFrom(c.env)
  return docxResponse(
    await letterFile(c.get('db'), deps.files, staff(c), c.req.param('id'), deps.reconsiderationFirst),
  )
})

adminLetters.post('/:id', async (c) => {
  const id = c.req.param('id')
  const form = await readForm(c)
  const values: Record<string, string> = {}
  const edits: Record<string, string> = {}
  const version = Number(formValue(form, 'version'))
  for (const [k, v] of form) {
    if (!k.startsWith('slot.')) continue
    values[k] = v[0] ?? ''
    edits[k.slice(5)] = (v[0] ?? '').replace(/\r\n?/g, '\n')
  }
  return changeOrRerender(
    c,
    id,
    values,
    async () => {
      const parsed = LetterEditsInput.safeParse({
        edits,
        ...(Number.isSafeInteger(version) && version > 0 ? { version } : {}),
      })
      if (!parsed.success) {
        throw new AppError('validation_failed', {
          issues: parsed.error.issues.map((i) => ({
            path: `edits.${String(i.path[1] ?? '')}`,
            code: i.code,
            message: i.message,
          })),
        })
      }
      await editLetter(c.get('db'), staff(c), id, parsed.data, c.get('now'))
    },
    'saved',
  )
})

adminLetters.post('/:id/delivery', async (c) => {
  const id = c.req.param('id')
  const form = await readForm(c)
  const values = {
    method: formValue(form, 'method'),
    servedOn: formValue(form, 'servedOn'),
    applicantReceivedOn: formValue(form, 'applicantReceivedOn'),
  }
  return changeOrRerender(
    c,
    id,
    values,
    async () => {
      const parsed = LetterDeliveryInput.safeParse({
        method: values.method,
        servedOn: values.servedOn,
        ...(values.applicantReceivedOn ? { applicantReceivedOn: values.applicantReceivedOn } : {}),
      })
      if (!parsed.success) {
        throw new AppError('validation_failed', {
          issues: parsed.error.issues.map((i) => ({
            path: String(i.path[0] ?? ''),
            code: i.code,
            message: i.message,
          })),
        })
      }
      await recordLetterDelivery(c.get('db'), staff(c), id, parsed.data, c.get('now'))
    },
    'delivered',
  )
})

adminLetters.post('/:id/correction', async (c) => {
  const id = c.req.param('id')
  const form = await readForm(c)
  const values = { reason: formValue(form, 'reason') }
  return changeOrRerender(
    c,
    id,
    values,
    async () => {
      const parsed = LetterCorrectionInput.safeParse({ reason: values.reason.replace(/\r\n?/g, '\n') })
      if (!parsed.success) {
        throw new AppError('validation_failed', {
          issues: parsed.error.issues.map((i) => ({ path: 'reason', code: i.code, message: i.message })),
        })
      }
      return (await draftCorrection(c.get('db'), staff(c), id, parsed.data, c.get('now'))).id
    },
    'correction',
  )
})

adminLetters.post('/:id/sign', async (c) => {
  const id = c.req.param('id')
  const form = await readForm(c)
  const version = Number(formValue(form, 'version'))
  return changeOrRerender(
    c,
    id,
    {},
    async () => {
      const parsed = SignCorrectionInput.safeParse({ version })
      if (!parsed.success) throw new AppError('conflict', { message: t.stale })
      const db = c.get('db')
      await signCorrection(
        db,
        letterDepsFrom(c.env),
        await loadCalendar(db, { withLocalRules: true }),
        staff(c),
        id,
        parsed.data,
        c.get('now'),
      )
    },
    'signed',
  )
})
