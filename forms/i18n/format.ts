// Looks up catalogue messages and localised definition text; zh-CN is the fallback for everything.
import { type MessageKey, zhCN } from './zh-CN'

/** Text in several languages; `zh-CN` is always present. */
export type I18n = { 'zh-CN': string } & Record<string, string>

/** Values substituted into `{name}` placeholders. */
export type MessageParams = Readonly<Record<string, string | number>>

const catalogues: Readonly<Record<string, Readonly<Partial<Record<MessageKey, string>>>>> = {
  'zh-CN': zhCN,
}

/** Renders a catalogue message, falling back to zh-CN when the locale lacks the key. */
export function formatMessage(key: MessageKey, params: MessageParams = {}, locale = 'zh-CN'): string {
  const template = catalogues[locale]?.[key] ?? zhCN[key]
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name]
    return value === undefined ? whole : String(value)
  })
}

/** Picks the text for a locale from definition data, falling back to zh-CN. */
export function localise(text: I18n, locale = 'zh-CN'): string {
  return text[locale] ?? text['zh-CN']
}
