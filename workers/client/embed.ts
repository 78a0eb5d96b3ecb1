// /embed.js, loaded by agency portals: `<script src="https://HOST/embed.js" data-agency="demo"
// data-form="disclosure"></script>`. Replaces itself (or the contents of `data-target`, e.g. a fallback link) with
// an auto-height iframe of the form (growing and shrinking with the page) and re-emits the form's events as DOM
// CustomEvents (`govforms:loaded|page|error|submitted`) on the container. The fallback link stays until the form
// has loaded; when the frame loads but the form never answers (refused by frame-ancestors, a network error page),
// `govforms:error` fires with `detail.reason = 'not_loaded'` and the link stays.
import { embedMessages as t } from '../i18n/embed.zh-CN'
import { THEME_KEYS, URL_SLUG } from '../services/embedding'
import {
  ACK,
  ERROR,
  FOCUS,
  type FrameMessage,
  HELLO,
  LOADED,
  PAGE,
  RESIZE,
  SOURCE,
  SUBMITTED,
} from './embed-protocol'

const DEFAULT_FORM = 'disclosure'
/** Bounds on the height a form page may ask for. */
const MIN_HEIGHT_PX = 200
const MAX_HEIGHT_PX = 20_000
/** How long after the frame's load event the form must have said hello before the embed counts as failed. */
const HELLO_GRACE_MS = 3_000

function mount(script: HTMLScriptElement): void {
  const origin = new URL(script.src).origin
  const agency = script.getAttribute('data-agency')
  const formSlug = script.getAttribute('data-form') || DEFAULT_FORM
  if (!agency || !URL_SLUG.test(agency) || !URL_SLUG.test(formSlug)) return
  const targetId = script.getAttribute('data-target')
  const target = targetId ? document.getElementById(targetId) : null
  const container = target || document.createElement('div')
  if (!target) script.parentNode?.insertBefore(container, script)
  const params = new URLSearchParams({ embed: '1', parent: window.location.origin })
  for (const key of Object.keys(THEME_KEYS)) {
    const colour = script.getAttribute(`data-theme-${key}`)
    if (colour) params.set(key, colour)
  }
  const formUrl = `${origin}/${agency}/forms/${formSlug}`
  const frame = document.createElement('iframe')
  frame.src = `${formUrl}?${params.toString()}`
  frame.title = script.getAttribute('data-title') || t.frameTitle
  frame.style.width = '100%'
  frame.style.border = '0'
  frame.style.minHeight = '480px'
  frame.setAttribute('loading', 'lazy')
  container.innerHTML = ''
  container.appendChild(frame)
  const fallback = document.createElement('p')
  const link = document.createElement('a')
  link.href = formUrl
  link.textContent = t.fallbackLink
  link.target = '_blank'
  link.rel = 'noopener'
  fallback.appendChild(link)
  container.appendChild(fallback)
  const emit = (type: string, detail: Record<string, unknown>) =>
    container.dispatchEvent(new CustomEvent(type, { detail, bubbles: true }))
  // Each page of the form says hello once and loads once (in either order): a load whose hello has not come within
  // the grace time is a refused or failed frame.
  let hellos = 0
  let loads = 0
  frame.addEventListener('load', () => {
    loads++
    window.setTimeout(() => {
      if (hellos >= loads) return
      hellos = loads
      fallback.hidden = false
      emit(ERROR, { reason: 'not_loaded' })
    }, HELLO_GRACE_MS)
  })
  window.addEventListener('message', (e) => {
    if (e.origin !== origin || e.source !== frame.contentWindow || !e.data || e.data.source !== SOURCE) return
    const message = e.data as FrameMessage
    if (message.type === HELLO) {
      hellos++
      frame.contentWindow?.postMessage({ type: ACK }, origin)
      return
    }
    if (message.type === RESIZE && typeof message.height === 'number') {
      // Both ways: a shorter page (the receipt after a long form) leaves no blank space under it.
      frame.style.minHeight = ''
      frame.style.height = `${Math.max(MIN_HEIGHT_PX, Math.min(message.height, MAX_HEIGHT_PX))}px`
      return
    }
    if (message.type === FOCUS) {
      // The frame asks for focus to move to its error summary: give the iframe focus, then let it go on.
      frame.scrollIntoView({ block: 'start' })
      frame.focus()
      frame.contentWindow?.postMessage({ type: FOCUS }, origin)
      return
    }
    if (message.type === LOADED) fallback.hidden = true
    if (message.type === PAGE || message.type === ERROR || message.type === SUBMITTED) {
      frame.scrollIntoView({ block: 'start' })
    }
    const detail: Record<string, unknown> = {}
    for (const key of Object.keys(message)) if (key !== 'source' && key !== 'type') detail[key] = message[key]
    emit(message.type, detail)
  })
}

const script = document.currentScript
if (script instanceof HTMLScriptElement) mount(script)
