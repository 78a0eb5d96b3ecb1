// Keyboard shortcuts for working a queue (progressive enhancement: every target is a plain link without it).
// Case list: j / k move between cases, Enter opens the focused one. Case page: n opens the next case of the queue.

function typing(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA', 'BUTTON'].includes(target.tagName))
  )
}

document.addEventListener('keydown', (event) => {
  if (event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) return
  if (event.key === 'n') {
    const next = document.querySelector<HTMLAnchorElement>('a[data-next-case]')
    if (next) {
      event.preventDefault()
      next.click()
    }
    return
  }
  if (event.key !== 'j' && event.key !== 'k') return
  const links = Array.from(document.querySelectorAll<HTMLAnchorElement>('#case-list a.case-link'))
  if (links.length === 0) return
  event.preventDefault()
  const at = links.indexOf(document.activeElement as HTMLAnchorElement)
  const to = at < 0 ? 0 : Math.min(links.length - 1, Math.max(0, at + (event.key === 'j' ? 1 : -1)))
  links[to]!.focus()
})
