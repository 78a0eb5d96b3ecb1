// The postMessage protocol between a form page inside an iframe (form.ts) and embed.js on the portal (embed.ts).
// The page says hello; embed.js acks from the portal; only then does the page send its height and its events,
// each side checking the other's origin.

/** Marks our messages among everything else a portal page may receive. */
export const SOURCE = 'govforms' as const

export const HELLO = 'govforms:hello'
export const ACK = 'govforms:ack'
export const RESIZE = 'govforms:resize'
/**
 * Focus hand-over: a page with an error summary asks the portal for focus (Chrome refuses script focus in a
 * cross-origin frame that does not hold it); the portal focuses the iframe and answers with the same type.
 */
export const FOCUS = 'govforms:focus'

/** The form's events, re-emitted by embed.js as DOM CustomEvents on its container. */
export const LOADED = 'govforms:loaded'
export const PAGE = 'govforms:page'
export const ERROR = 'govforms:error'
export const SUBMITTED = 'govforms:submitted'

/** A message from the form page: a type and its details. */
export interface FrameMessage {
  source?: typeof SOURCE
  type: string
  [detail: string]: unknown
}
