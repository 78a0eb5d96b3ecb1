// The home page: every agency's disclosure form, tracking, and the way in for staff.
import { messages } from '../i18n/zh-CN'
import { Layout } from './layout'

const t = messages.home

export function HomePageView(props: { nonce: string; agencies: { slug: string; name: string }[] }) {
  return (
    <Layout title={messages.product.name} nonce={props.nonce}>
      <h1>{messages.product.name}</h1>
      <p>{t.intro}</p>
      <h2>{t.apply}</h2>
      <ul>
        {props.agencies.map((a) => (
          <li>
            <a href={`/${a.slug}/forms/disclosure`}>{a.name}</a>
          </li>
        ))}
      </ul>
      <h2>{t.track}</h2>
      <p>
        <a href="/track">{t.trackLink}</a>
      </p>
      <p class="hint">
        <a href="/admin">{messages.auth.loginTitle}</a>
      </p>
    </Layout>
  )
}
