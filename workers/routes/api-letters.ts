// Staff JSON API for letters (告知书): a case's letters, one letter rendered, its .docx, editing a draft's free
// text, recording 送达. Agency-scoped: another agency's letter is a 404.
import { Hono } from 'hono'
import type { AppEnv } from '../env'
import { readJson } from '../lib/body'
import { docxResponse } from '../lib/downloads'
import { letterDepsFrom } from '../lib/letter-deps'
import { staff } from '../middleware/auth'
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
