// Charts drawn on the server as inline SVG (no script, no external service): stacked columns and horizontal bars,
// each with a title, a legend and the numbers as text, so a screen reader and a print-out get them too.

const PALETTE = ['#1d70b8', '#d4351c', '#00703c', '#f47738', '#4c2c92', '#b58840', '#5694ca', '#505a5f']

export interface Series {
  name: string
  values: number[]
}

/** Columns per category, each stacked by series (e.g. requests per month by channel). */
export function StackedColumns(props: { id: string; title: string; categories: string[]; series: Series[] }) {
  const width = 640
  const height = 240
  const left = 36
  const bottom = 28
  const top = 12
  const totals = props.categories.map((_, i) => props.series.reduce((n, s) => n + (s.values[i] ?? 0), 0))
  const max = Math.max(1, ...totals)
  const slot = (width - left) / Math.max(1, props.categories.length)
  const bar = Math.max(4, slot * 0.6)
  const scale = (n: number) => (n / max) * (height - bottom - top)
  return (
    <figure class="chart" id={props.id}>
      <svg
        xmlns="http://www.w3.org/2000/svg"
        viewBox={`0 0 ${width} ${height}`}
        width="100%"
        role="img"
        aria-labelledby={`${props.id}-title`}
      >
        <title id={`${props.id}-title`}>{props.title}</title>
        <line x1={left} y1={height - bottom} x2={width} y2={height - bottom} stroke="#0b0c0c" />
        <text x={left - 4} y={top + 4} text-anchor="end" font-size="10">
          {max}
        </text>
        {props.categories.map((category, i) => {
          let y = height - bottom
          const x = left + i * slot + (slot - bar) / 2
          return (
            <g>
              {props.series.map((s, k) => {
                const h = scale(s.values[i] ?? 0)
                y -= h
                return h > 0 ? (
                  <rect x={x} y={y} width={bar} height={h} fill={PALETTE[k % PALETTE.length]}>
                    <title>{`${category} ${s.name}：${s.values[i] ?? 0}`}</title>
                  </rect>
                ) : null
              })}
              <text x={x + bar / 2} y={height - bottom + 12} text-anchor="middle" font-size="10">
                {category}
              </text>
              <text x={x + bar / 2} y={y - 2} text-anchor="middle" font-size="10">
                {totals[i] ? String(totals[i]) : ''}
              </text>
            </g>
          )
        })}
      </svg>
      <figcaption>
        {props.title}
        <ul class="legend">
          {props.series.map((s, k) => (
            <li>
              <svg width="10" height="10" aria-hidden="true">
                <rect width="10" height="10" fill={PALETTE[k % PALETTE.length]} />
              </svg>{' '}
              {s.name}（{s.values.reduce((a, b) => a + b, 0)}）
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  )
}

/** One horizontal bar per item, labelled with its value (e.g. the outcome mix). */
export function HorizontalBars(props: {
  id: string
  title: string
  items: { label: string; value: number; text?: string }[]
}) {
  const row = 20
  const labelWidth = 220
  const width = 640
  const height = Math.max(row, props.items.length * row) + 8
  const max = Math.max(1, ...props.items.map((i) => i.value))
  return (
    <figure class="chart" id={props.id}>
      <svg
        xmlns="http://www.w3.org/2000/svg"
        viewBox={`0 0 ${width} ${height}`}
        width="100%"
        role="img"
        aria-labelledby={`${props.id}-title`}
      >
        <title id={`${props.id}-title`}>{props.title}</title>
        {props.items.map((item, i) => {
          const w = (item.value / max) * (width - labelWidth - 60)
          const y = 4 + i * row
          return (
            <g>
              <text x={labelWidth - 6} y={y + 13} text-anchor="end" font-size="11">
                {item.label}
              </text>
              <rect x={labelWidth} y={y + 2} width={Math.max(0, w)} height={row - 6} fill={PALETTE[0]} />
              <text x={labelWidth + w + 4} y={y + 13} font-size="11">
                {item.text ?? String(item.value)}
              </text>
            </g>
          )
        })}
      </svg>
      <figcaption>{props.title}</figcaption>
    </figure>
  )
}
