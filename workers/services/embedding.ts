// A form inside an agency portal: the portal origin the page may talk to (only one on the agency's allow-list)
// and the portal's theme colours, carried from page to page and onto the receipt link. No imports: embed.js
// (workers/client/embed.ts) bundles this module for the same theme keys and slug rule.

export interface EmbedContext {
  /** The validated portal origin to talk to (postMessage target), or null when not embedded. */
  parentOrigin: string | null
  /** CSS variables from the embedding page's theme attributes (already validated). */
  theme: Record<string, string>
}

/** An agency or form slug as it may appear in a form's URL (embed.js builds such URLs from its attributes). */
export const URL_SLUG = /^[a-z0-9-]{1,40}$/

/** `data-theme-*` attribute / query parameter → the CSS variable it sets. */
export const THEME_KEYS: Readonly<Record<string, string>> = {
  brand: 'c-brand',
  link: 'c-link',
  focus: 'c-focus',
  text: 'c-text',
}
const COLOUR = /^#[0-9a-fA-F]{3,8}$/

/** The embedding as requested (`parent` origin, theme colours by key), kept only if `parent` is allowed. */
export function embedContext(
  allowedOrigins: readonly string[],
  parent: string | undefined,
  theme: (key: string) => string | undefined,
): EmbedContext {
  const parentOrigin = parent && allowedOrigins.includes(parent) ? parent : null
  const vars: Record<string, string> = {}
  if (parentOrigin) {
    for (const [key, cssVar] of Object.entries(THEME_KEYS)) {
      const v = theme(key)
      if (v && COLOUR.test(v)) vars[cssVar] = v
    }
  }
  return { parentOrigin, theme: vars }
}

/** Query parameters that keep the embedding on a page linked from an embedded one. */
export function embedQuery(embed: EmbedContext): [string, string][] {
  if (!embed.parentOrigin) return []
  const out: [string, string][] = [
    ['embed', '1'],
    ['parent', embed.parentOrigin],
  ]
  for (const [key, cssVar] of Object.entries(THEME_KEYS)) {
    const colour = embed.theme[cssVar]
    if (colour) out.push([key, colour])
  }
  return out
}
