// Staff JSON API for letters (告知书): a case's letters, one letter rendered, its .docx, editing a draft's free
// text, recording 送达, correcting a signed letter with a new one (更正). Agency-scoped: another agency's letter is
// a 404.
import { Hono } from 'hono'
import type { AppEnv } from '../env'
import { readJson } from '../lib/body'
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
  caseLetters,
  editLetter,
  LetterDeliveryInput,
  LetterEditsInput,
  letterFile,
  letterView,
  recordLetterDelivery,
} from '../services/letters/letters'
import type { ApiOperations } from './api-docs'

export const apiLettersOperations: ApiOperations = {
  'GET /cases/:id/letters': { access: 'staff' },
  'GET /letters/:id': { access: 'staff' },
  'GET /letters/:id/docx': { access: 'staff' },
  'PUT /letters/:id': { access: 'staff', body: LetterEditsInput },
  'POST /letters/:id/delivery': { access: 'staff', body: LetterDeliveryInput },
  'POST /letters/:id/corrections': { access: 'staff', body: LetterCorrectionInput, status: 201 },
  'POST /letters/:id/sign': { access: 'staff', body: SignCorrectionInput },
}

export const apiLetters = new Hono<AppEnv>()
  .get('/cases/:id/letters', async (c) =>
    c.json({ items: await caseLetters(c.get('db'), staff(c), c.req.param('id')) }),
  )
  .get('/letters/:id', async (c) => {
    const deps = letterDepsFrom(c.env)
    return c.json(await letterView(c.get('db'), staff(c), c.req.param('id'), deps.reconsiderationFirst))
  })
  .get('/letters/:id/docx', async (c) => {
    const deps = letterDepsFrom(c.env)
    const file = await letterFile(
      c.get('db'),
      deps.files,
      staff(c),
      c.req.param('id'),
      deps.reconsiderationFirst,
    )
    return docxResponse(file)
  })
  .put('/letters/:id', async (c) => {
    const body = await readJson(c, LetterEditsInput)
    return c.json(await editLetter(c.get('db'), staff(c), c.req.param('id'), body, c.get('now')))
  })
  .post('/letters/:id/delivery', async (c) => {
    const body = await readJson(c, LetterDeliveryInput)
    return c.json(await recordLetterDelivery(c.get('db'), staff(c), c.req.param('id'), body, c.get('now')))
  })
  .post('/letters/:id/corrections', async (c) => {
    const body = await readJson(c, LetterCorrectionInput)
    return c.json(await draftCorrection(c.get('db'), staff(c), c.req.param('id'), body, c.get('now')), 201)
  })
  .post('/letters/:id/sign', async (c) => {
    const body = await readJson(c, SignCorrectionInput)
    const db = c.get('db')
    return c.json(
      await signCorrection(
        db,
        letterDepsFrom(c.env),
        await loadCalendar(db, { withLocalRules: true }),
        staff(c),
        c.req.param('id'),
        body,
        c.get('now'),
      ),
    )
  })
