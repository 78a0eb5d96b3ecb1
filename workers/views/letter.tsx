// A letter as an A4 sheet for screen and print (GB/T 9704 layout in CSS); every value is text, so JSX escapes it.
import type { LetterDocument } from '../../workflows/letters'

/** The sheet itself: agency and title, 文号, addressee, body, signature, date, seal placeholder, contact. */
export function LetterSheet(props: { doc: LetterDocument; draft?: boolean }) {
  const { doc } = props
  return (
    <article class={`letter${props.draft ? ' letter-draft' : ''}`} lang="zh-CN">
      <header class="letter-head">
        <p class="letter-agency">{doc.agency}</p>
        <h1 class="letter-title">{doc.title}</h1>
        <p class="letter-number">{doc.number}</p>
      </header>
      <p class="letter-addressee">{doc.addressee}</p>
      {doc.paragraphs.map((p) =>
        p.items ? (
          <ol class="letter-list">
            {p.items.map((item) => (
              <li>{item}</li>
            ))}
          </ol>
        ) : (
          <p
            class={p.slot && props.draft ? 'letter-p letter-free' : 'letter-p'}
            data-slot={props.draft ? p.slot?.key : undefined}
          >
            {p.text}
          </p>
        ),
      )}
      <footer class="letter-sign">
        <p>{doc.agency}</p>
        <p>{doc.dateLine}</p>
        <p class="letter-seal">{doc.seal}</p>
      </footer>
      {doc.contact.length > 0 ? (
        <p class="letter-contact">
          {doc.contact.map((line) => (
            <span>{line}</span>
          ))}
        </p>
      ) : null}
    </article>
  )
}
