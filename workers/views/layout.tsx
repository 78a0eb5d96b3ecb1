// The page shell shared by citizen and staff pages: lang, skip link, header, main landmark, footer.
import { raw } from 'hono/html'
import type { Child } from 'hono/jsx'
import { messages } from '../i18n/zh-CN'

/** Who is logged in, the logout token and the areas their roles open. */
export interface StaffChrome {
  displayName: string
  csrfToken: string
  nav?: { href: string; label: string }[]
}

export interface LayoutProps {
  title: string
  /** Prefix the title with 错误： (GOV.UK pattern) when the page shows validation errors. */
  hasErrors?: boolean
  nonce: string
  /** Staff pages show who is logged in and a logout button. */
  staff?: StaffChrome | null
  /** Embedded pages drop header/footer chrome. */
  embedded?: boolean
  /** Extra class on <body> (e.g. `letter-page`: print only the letter). */
  bodyClass?: string
  children?: Child
  scripts?: string[]
  /** `data-*` attributes on <body> (read by the page script: embed events, parent origin). */
  bodyData?: Record<string, string | undefined>
  /** A small nonce'd <style> (e.g. an embedding portal's theme variables). */
  inlineStyle?: string | undefined
}

export function Layout(props: LayoutProps) {
  const title = `${props.hasErrors ? messages.errorPage.titlePrefix : ''}${props.title} - ${messages.product.short}`
  // The doctype keeps every page in standards mode (without it browsers render in quirks mode).
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang="zh-CN">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{title}</title>
          <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
          <link rel="stylesheet" href="/static/app.css" />
          {props.inlineStyle ? <style nonce={props.nonce}>{props.inlineStyle}</style> : null}
        </head>
        <body
          class={
            [props.embedded ? 'embedded' : '', props.bodyClass ?? ''].filter(Boolean).join(' ') || undefined
          }
          {...(props.bodyData ?? {})}
        >
          <a class="skip-link" href="#main">
            {messages.layout.skipToContent}
          </a>
          {props.embedded ? null : (
            <header class="site-header">
              <div class="container header-row">
                <a class="brand" href="/">
                  {messages.product.name}
                </a>
                {props.staff ? (
                  <form method="post" action="/admin/logout" class="inline-form">
                    <span class="who">
                      {messages.auth.loggedInAs}：{props.staff.displayName}
                    </span>
                    <input type="hidden" name="_csrf" value={props.staff.csrfToken} />
                    <button type="submit" class="button button-secondary">
                      {messages.auth.logout}
                    </button>
                  </form>
                ) : null}
              </div>
              {props.staff?.nav ? (
                <nav class="staff-nav" aria-label={messages.nav.label}>
                  <ul class="container">
                    {props.staff.nav.map((item) => (
                      <li>
                        <a href={item.href}>{item.label}</a>
                      </li>
                    ))}
                  </ul>
                </nav>
              ) : null}
            </header>
          )}
          <main id="main" class="container" tabindex={-1}>
            {props.children}
          </main>
          {props.embedded ? null : (
            <footer class="site-footer">
              <div class="container">{messages.layout.footer}</div>
            </footer>
          )}
          {(props.scripts ?? []).map((src) => (
            <script src={src} nonce={props.nonce} defer />
          ))}
        </body>
      </html>
    </>
  )
}

export interface SummaryIssue {
  /** id of the input to link to */
  href: string
  message: string
}

/** GOV.UK-style error summary: announced, focused on load (autofocus works without JS), links to each field. */
export function ErrorSummary(props: { issues: SummaryIssue[] }) {
  if (props.issues.length === 0) return null
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex={-1} autofocus>
      <h2 id="error-summary-title">{messages.errorPage.summaryTitle}</h2>
      <ul>
        {props.issues.map((i) => (
          <li>
            <a href={`#${i.href}`}>{i.message}</a>
          </li>
        ))}
      </ul>
    </div>
  )
}

export function ErrorPage(props: { nonce: string; status: number; message: string; requestId: string }) {
  return (
    <Layout title={`${props.status}`} nonce={props.nonce}>
      <h1>{props.message}</h1>
      {/* For support only: set apart so that it is not taken for the application's reference (申请编号). */}
      <p class="error-trace">
        {messages.errorPage.requestId}：<code>{props.requestId}</code>
        <span class="hint"> {messages.errorPage.requestIdHint}</span>
      </p>
      <p>
        <a href="/">{messages.errorPage.backHome}</a>
      </p>
    </Layout>
  )
}
