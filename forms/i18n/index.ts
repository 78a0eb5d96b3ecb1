// Message catalogue and localisation helpers for the forms core.
export { formatMessage, type I18n, localise, type MessageParams } from './format'
export { type MessageKey, zhCN } from './zh-CN'
