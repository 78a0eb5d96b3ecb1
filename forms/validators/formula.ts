// Spreadsheet formula injection guard for CSV/XLSX export; stored data keeps what the applicant typed.

const FORMULA_START = /^[=+\-@\t\r]/

/** Prefixes `'` to a value a spreadsheet would run as a formula (starts with = + - @ tab or CR). */
export function neutraliseFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value
}
