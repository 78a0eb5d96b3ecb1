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
          <p class={p.slot ? 'letter-p letter-free' : 'letter-p'} data-slot={p.slot?.key}>
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

/** Print and screen styles of the sheet; A4 with the GB/T 9704 margins when printed. */
export const LETTER_CSS = `
.letter{max-width:210mm;margin:16px auto;padding:37mm 26mm 35mm 28mm;background:#fff;box-shadow:0 0 0 1px #b1b4b6;font-family:"仿宋_GB2312","FangSong","仿宋","STFangsong",serif;font-size:16pt;line-height:28.95pt;color:#0b0c0c}
.letter-draft{background:repeating-linear-gradient(-45deg,#fff,#fff 40px,#f8f8f8 40px,#f8f8f8 80px)}
.letter-head{text-align:center}
.letter-agency,.letter-title{font-family:"方正小标宋简体","FZXiaoBiaoSong-B05S","华文中宋","STZhongsong","宋体",serif;font-size:22pt;line-height:1.5;font-weight:400;margin:0}
.letter-number{margin:8pt 0 28.95pt}
.letter-addressee{margin:0}
.letter-p{text-indent:2em;margin:0;text-align:justify}
.letter-free{background:#fff7d6}
.letter-list{margin:0 0 0 2em;padding-left:1.2em}
.letter-sign{text-align:right;margin-top:28.95pt;padding-right:4em}
.letter-sign p{margin:0}
.letter-seal{color:#b10e1e}
.letter-contact{margin-top:28.95pt;font-size:14pt}
.letter-contact span{display:block}
@page{size:A4;margin:37mm 26mm 35mm 28mm}
@media print{body *{visibility:hidden}.letter,.letter *{visibility:visible}.letter{position:absolute;left:0;top:0;margin:0;padding:0;box-shadow:none;max-width:none;background:#fff}.letter-free{background:none}}
`
