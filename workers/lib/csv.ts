// CSV for spreadsheets: RFC 4180 quoting, and text a spreadsheet would run as a formula neutralised (OWASP: a
// leading = + - @ tab or carriage return is prefixed with an apostrophe, so the cell stays text).

const FORMULA_START = /^[=+\-@\t\r]/

/** One CSV field; numbers are written as numbers, text starting like a formula is kept as text. */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'number') return String(value)
  const text = FORMULA_START.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** Rows of fields as CSV text (CRLF line ends). */
export function toCsv(rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  return `${rows.map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`
}
