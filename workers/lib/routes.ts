// Which methods a path answers to, from the app's registered routes (for 405 and its Allow header).

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const

// Hono patterns: `:name`, `:name{regex}`, `*`; everything else literal.
function patternToRegExp(pattern: string): RegExp {
  let source = ''
  for (let i = 0; i < pattern.length; ) {
    const rest = pattern.slice(i)
    const param = /^:[A-Za-z0-9_]+(?:\{((?:[^{}]|\{[^{}]*\})+)\})?/.exec(rest)
    if (param) {
      source += param[1] ? `(?:${param[1]})` : '[^/]+'
      i += param[0].length
    } else if (rest[0] === '*') {
      source += '.*'
      i++
    } else {
      source += (rest[0] ?? '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      i++
    }
  }
  return new RegExp(`^${source}/?$`)
}

/** Methods with a real handler (not middleware) for `path`; GET implies HEAD. */
export function allowedMethods(routes: readonly { method: string; path: string }[], path: string): string[] {
  const allowed = new Set<string>()
  for (const route of routes) {
    if (route.method === 'ALL') continue
    if (patternToRegExp(route.path).test(path)) {
      allowed.add(route.method)
      if (route.method === 'GET') allowed.add('HEAD')
    }
  }
  return METHODS.filter((m) => allowed.has(m))
}
