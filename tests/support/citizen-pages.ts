// Shared steps of the citizen browser journeys (tests/e2e): page headings and buttons, axe-core checks, and a portal
// page on its own loopback origin for the embed.
import { createServer, type Server } from 'node:http'
import path from 'node:path'
import type { Frame, FrameLocator, Page } from 'playwright-core'
import { HOST } from './dev-server'

export type Scope = Page | FrameLocator

const AXE = path.join(import.meta.dirname, '../../node_modules/axe-core/axe.min.js')

/** The page's (or frame's) level-1 heading of that name. */
export function heading(scope: Scope, name: string) {
  return scope.getByRole('heading', { level: 1, name })
}

/** Click a submit button and wait for the next page's heading. */
export async function go(scope: Scope, button: string, nextHeading: string): Promise<void> {
  await scope.getByRole('button', { name: button, exact: true }).click()
  await heading(scope, nextHeading).waitFor()
}

/**
 * axe-core's violations (rule id and targets) on the page, or in the frame `frameSelector` picks, as it is now.
 * axe-core is injected as a script tag: the context must bypass the pages' CSP (nonces only).
 */
export async function axeViolations(page: Page, frameSelector?: string): Promise<string[]> {
  const target: Page | Frame | null = frameSelector
    ? await (await page.locator(frameSelector).elementHandle())!.contentFrame()
    : page
  if (!target) throw new Error('no frame to check')
  await target.addScriptTag({ path: AXE })
  const result = await target.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (c: Document) => Promise<{ violations: unknown[] }> } })
      .axe
    return (await axe.run(document)).violations as { id: string; nodes: { target: unknown[] }[] }[]
  })
  return result.map((v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`)
}

export interface HostPage {
  origin: string
  server: Server
}

/** Serve `html` (no caching) on a free 127.0.0.1 port: a portal page on an origin of its own. */
export async function startHostPage(html: string): Promise<HostPage> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
    res.end(html)
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, HOST, resolve)
  })
  const address = server.address()
  if (!address || typeof address === 'string') throw new Error('host page server has no port')
  return { origin: `http://${HOST}:${address.port}`, server }
}

export function closeHostPage(host: HostPage | undefined): Promise<void> {
  if (!host) return Promise.resolve()
  host.server.closeAllConnections()
  return new Promise((resolve) => host.server.close(() => resolve()))
}
