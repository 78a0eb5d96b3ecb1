// The browser scripts are bundled from TypeScript (workers/client) into a committed module the Worker serves:
// that module must be what a fresh build produces, and carry the forms core's evaluator, not a copy.
import { describe, expect, it } from 'vitest'
import { bundleClientScripts } from '../../../workers/client/bundle'
import { embedMessages } from '../../../workers/i18n/embed.zh-CN'
import { messages } from '../../../workers/i18n/zh-CN'
import { EMBED_JS, FORM_JS } from '../../../workers/static/client-scripts.generated'

describe('served browser scripts', () => {
  it('are the committed build of workers/client (run npm run build:client after editing it)', async () => {
    const fresh = await bundleClientScripts()
    expect(FORM_JS === fresh.FORM_JS, 'form.js is stale: run npm run build:client').toBe(true)
    expect(EMBED_JS === fresh.EMBED_JS, 'embed.js is stale: run npm run build:client').toBe(true)
  }, 30_000)

  it('reveal conditional questions with the forms core evaluator and the shared answer scope', () => {
    expect(FORM_JS).toContain('// forms/definition/condition.ts')
    expect(FORM_JS).toMatch(/function evaluateCondition\(/)
    expect(FORM_JS).toMatch(/function answersFromFields\(/)
  })

  it('carry no schema library and no more of the catalogue than they show', () => {
    for (const js of [FORM_JS, EMBED_JS]) {
      expect(js).not.toMatch(/zod|drizzle/i)
      expect(js).not.toContain(messages.form.submit)
    }
    expect(EMBED_JS).toContain(embedMessages.frameTitle)
    expect(EMBED_JS).toContain(embedMessages.fallbackLink)
  })

  it('never evaluate strings as code (our CSP forbids it)', () => {
    for (const js of [FORM_JS, EMBED_JS])
      expect(js).not.toMatch(/\beval\(|new Function\(|setTimeout\(\s*['"`]/)
  })
})
