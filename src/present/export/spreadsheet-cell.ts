/**
 * One cell of an exported table, as both the CSV and the XLSX writer take it: numbers and booleans stay what they
 * are (a spreadsheet can sum them), everything else becomes text, and text a spreadsheet would read as a formula is
 * made inert.
 */
export type SheetCell = string | number | boolean | null

// A spreadsheet runs a cell that starts with one of these as a formula (=HYPERLINK(…), +cmd|…, -2+3, @SUM(…)); a
// leading tab or carriage return is dropped by some importers, which then read what follows. OWASP ASVS 1.2.10 also
// names NUL. Numbers are not text here, so -5 as a number is untouched: only text starting so is escaped.
// eslint-disable-next-line no-control-regex -- matching control characters is this pattern's purpose
const formulaStart = /^[=+\-@\t\r\u0000]/

/** Text a spreadsheet could run as a formula, prefixed with a single quote (which Excel and Calc read as "this is text"). */
export function neutraliseFormula(text: string): string {
  return formulaStart.test(text) ? `'${text}` : text
}

/**
 * A result value as a cell: raw, not display text (1234.5, not "$1,234.50"; dates stay ISO, as the tools give them),
 * empty for missing values and numbers JSON cannot carry; objects from a free-form query as their JSON.
 */
export function sheetCell(value: unknown): SheetCell {
  if (value === null || value === undefined) return null
  if (typeof value === 'number') return Number.isFinite(value) ? value : null
  if (typeof value === 'boolean') return value
  if (value instanceof Date) return value.toISOString()
  if (typeof value === 'string') return neutraliseFormula(value)
  return neutraliseFormula(JSON.stringify(value) ?? String(value))
}
