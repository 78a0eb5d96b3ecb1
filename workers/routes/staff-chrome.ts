// What every staff page shows around its content: who is logged in, the logout token, and the navigation between
// the areas the user's roles open (工作台, 案件, 任务, 报表, 设置, 审计).
import { type AuthContext, caseScopedAgencyIds, isOperator } from '../auth/sessions'
import { messages } from '../i18n/zh-CN'
import type { StaffChrome } from '../views/layout'

/** The areas a user may open, in a fixed order; an area none of their roles reaches is left out. */
export function staffNav(auth: AuthContext): { href: string; label: string }[] {
  const t = messages.nav
  const has = (...roles: string[]) => auth.roles.some((r) => roles.includes(r.role))
  const caseWork = caseScopedAgencyIds(auth).length > 0
  const adminOf = auth.roles.find((r) => r.role === 'admin')?.agencyId
  const nav: { href: string; label: string }[] = [{ href: '/admin', label: t.workbench }]
  if (caseWork) nav.push({ href: '/admin/cases', label: t.cases })
  if (has('task_coordinator', 'task_reporter')) nav.push({ href: '/admin/plans', label: t.tasks })
  if (caseWork) nav.push({ href: '/admin/reports/annual', label: t.reports })
  if (adminOf) nav.push({ href: `/admin/agencies/${adminOf}/settings`, label: t.settings })
  else if (isOperator(auth)) nav.push({ href: '/admin/calendar', label: t.settings })
  if (has('auditor')) nav.push({ href: '/admin/audit', label: t.audit })
  return nav
}

/** The page chrome for a staff page. */
export function staffChrome(auth: AuthContext): StaffChrome {
  return { displayName: auth.user.displayName, csrfToken: auth.session.csrfToken, nav: staffNav(auth) }
}
