// /static/form.js, the script of our form pages. It only improves pages that work without it: reveals conditional
// questions and options with the evaluator the server uses, counts characters near a text box's limit, talks to an
// embedding portal (origin-checked handshake, auto-height, events) and solves the optional proof-of-work.
import { answersFromFields, type Condition, evaluateCondition } from '../../forms/definition/condition'
import { sha256Hex } from '../lib/crypto'
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

/** Digests computed at once while solving the proof-of-work. */
const POW_BATCH = 500

/** The form's fields as they would be posted (uploads left out). */
function postedFields(form: HTMLFormElement): Map<string, string[]> {
  const fields = new Map<string, string[]>()
  new FormData(form).forEach((value, key) => {
    if (typeof value === 'string') fields.set(key, [...(fields.get(key) ?? []), value])
  })
  return fields
}

/** Show a conditional question only while its condition holds for the answers on the page. */
function revealConditionalQuestions(form: HTMLFormElement | null): void {
  const conditionals = document.querySelectorAll<HTMLElement>('[data-visible-when]')
  if (!form || conditionals.length === 0) return
  const reveal = () => {
    const answers = answersFromFields(postedFields(form))
    conditionals.forEach((el) => {
      const condition = JSON.parse(el.getAttribute('data-visible-when') ?? '') as Condition
      el.hidden = !evaluateCondition(condition, answers)
      // The "only if it applies" note is for pages without script.
      const note = el.querySelector<HTMLElement>('.conditional-note')
      if (note) note.hidden = true
      // An option that no longer fits the answers (e.g. 电子邮件 after 纸质) is withdrawn, not left chosen.
      const choice = el.classList.contains('choice') ? el.querySelector<HTMLInputElement>('input') : null
      if (choice && el.hidden) choice.checked = false
    })
  }
  form.addEventListener('change', reveal)
  reveal()
}

/** How close to its limit a text box must be before the counter speaks (share of the limit typed). */
const COUNTER_FROM = 0.8

/**
 * A character counter beside each text box with a limit, shown near the limit and past it. The box has no
 * `maxlength` (that would cut pasted text silently): the counter says how much is over, the server refuses it.
 */
function countCharacters(): void {
  document.querySelectorAll<HTMLElement>('[data-counter-for]').forEach((counter) => {
    const box = document.getElementById(counter.getAttribute('data-counter-for') ?? '') as
      | HTMLInputElement
      | HTMLTextAreaElement
      | null
    const max = Number(counter.getAttribute('data-max'))
    if (!box || !(max > 0)) return
    const update = () => {
      const length = Array.from(box.value).length
      const template =
        length > max
          ? counter.getAttribute('data-over')
          : length >= max * COUNTER_FROM
            ? counter.getAttribute('data-left')
            : null
      counter.textContent = template ? template.replace('{n}', String(Math.abs(max - length))) : ''
      counter.classList.toggle('counter-over', length > max)
    }
    box.addEventListener('input', update)
    update()
  })
}

/** Embedded in an agency portal: talk only to the origin the server validated, and only after its ack. */
function talkToPortal(body: HTMLElement): void {
  const parentOrigin = body.getAttribute('data-parent-origin')
  if (!parentOrigin || window.parent === window) return
  let ready = false
  const queue: FrameMessage[] = []
  const post = (message: FrameMessage) => {
    const msg = { ...message, source: SOURCE }
    if (ready) window.parent.postMessage(msg, parentOrigin)
    else queue.push(msg)
  }
  window.addEventListener('message', (e) => {
    if (e.origin !== parentOrigin || e.source !== window.parent || !e.data) return
    if (e.data.type === ACK && !ready) {
      ready = true
      for (const msg of queue.splice(0)) window.parent.postMessage(msg, parentOrigin)
    }
    // The portal has given the frame focus: now the error summary may take it.
    if (e.data.type === FOCUS) focusErrorSummary()
  })
  window.parent.postMessage({ source: SOURCE, type: HELLO }, parentOrigin)
  let lastHeight = 0
  // The content's own height (in standards mode the root box is as tall as its content, not the frame), so the
  // frame shrinks as well as grows.
  const measure = () => {
    const height = Math.ceil(document.documentElement.getBoundingClientRect().height)
    if (height !== lastHeight) {
      lastHeight = height
      post({ type: RESIZE, height })
    }
  }
  if (window.ResizeObserver) {
    const observer = new ResizeObserver(measure)
    observer.observe(document.documentElement)
    observer.observe(body)
  } else window.addEventListener('resize', measure)
  measure()
  post({ type: LOADED })
  const page = body.getAttribute('data-page')
  const event = body.getAttribute('data-govforms-event')
  if (event === 'page') post({ type: PAGE, page })
  if (event === 'error') {
    post({ type: ERROR, page, errors: Number(body.getAttribute('data-errors')) })
    // Chrome ignores autofocus (and script focus without focus in the frame) in a cross-origin frame: ask the
    // portal to hand the frame focus, which answers with FOCUS (see the listener above).
    if (!focusErrorSummary()) post({ type: FOCUS })
  }
  if (event === 'submitted') post({ type: SUBMITTED, reference: body.getAttribute('data-reference') })
}

/** Move focus to the page's error summary; whether it now has it. */
function focusErrorSummary(): boolean {
  const summary = document.querySelector<HTMLElement>('.error-summary')
  if (!summary) return false
  summary.focus()
  return document.activeElement === summary && document.hasFocus()
}

/**
 * The receipt shows the query code once: the address bar drops the link's key (and with it the code) so that a
 * reload, the history or a shared computer's next user does not show it again.
 */
function closeReceiptLink(body: HTMLElement): void {
  const closed = body.getAttribute('data-receipt-closed-url')
  if (closed && window.history?.replaceState) window.history.replaceState(null, '', closed)
}

/** An ALTCHA v1 challenge as the server signs it. */
interface Challenge {
  algorithm: string
  challenge: string
  maxnumber: number
  salt: string
  signature: string
}

/** Find n with SHA-256(salt + n) = challenge, a batch of digests at a time. */
async function solve(challenge: Challenge): Promise<number> {
  let n = 0
  while (n <= challenge.maxnumber) {
    const batch: number[] = []
    for (let i = 0; i < POW_BATCH && n <= challenge.maxnumber; i++, n++) batch.push(n)
    const found = await Promise.all(
      batch.map(async (k) => ((await sha256Hex(challenge.salt + k)) === challenge.challenge ? k : -1)),
    )
    const hit = found.find((k) => k >= 0)
    if (hit !== undefined) return hit
  }
  throw new Error('proof-of-work: no solution')
}

/** Optional proof-of-work: solve the challenge when the applicant submits, then submit with the solution. */
function solveProofOfWork(form: HTMLFormElement | null): void {
  const pow = document.getElementById('f-pow') as HTMLInputElement | null
  if (!pow || !form || !window.crypto?.subtle) return
  const challenge = JSON.parse(pow.getAttribute('data-challenge') ?? '') as Challenge
  let solving: Promise<void> | null = null
  form.addEventListener('submit', (e) => {
    const submitter = e.submitter as HTMLButtonElement | null
    if (submitter?.value !== 'submit' || pow.value) return
    e.preventDefault()
    if (solving) return
    solving = solve(challenge).then((number) => {
      const { algorithm, salt, signature } = challenge
      pow.value = btoa(JSON.stringify({ algorithm, challenge: challenge.challenge, number, salt, signature }))
      // `form.submit()` sends no submitter, so the button's choice travels in a field of its own.
      const nav = document.createElement('input')
      nav.type = 'hidden'
      nav.name = '_nav'
      nav.value = 'submit'
      form.appendChild(nav)
      form.submit()
    })
  })
}

/** Each enhancement on its own: the page works without any of them, so one failing must not stop the others. */
function enhance(step: () => void): void {
  try {
    step()
  } catch (err) {
    console.error(err)
  }
}

// The page's own form: on a staff page the header's logout form comes first.
const form = document.querySelector<HTMLFormElement>('main form[method="post"]')
enhance(() => revealConditionalQuestions(form))
enhance(countCharacters)
enhance(() => talkToPortal(document.body))
enhance(() => closeReceiptLink(document.body))
enhance(() => solveProofOfWork(form))
