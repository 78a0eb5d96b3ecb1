// The few lines embed.js shows on a portal page, kept apart so the embed bundle does not carry the whole catalogue.
/**
 * What embed.js shows on an agency portal: the iframe's accessible name (unless the portal sets `data-title`) and
 * the link when the frame cannot show.
 */
export const embedMessages = {
  frameTitle: '政府信息公开申请',
  fallbackLink: '无法显示表单时，请点击此处在新窗口中填写',
} as const
