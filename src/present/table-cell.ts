/** Cell formatters by number of decimals, made once. */
const numberFormats = new Map<number, Intl.NumberFormat>()

/**
 * A table cell on every surface (CLI, Markdown, HTML reports, e-mail): numbers with thousands separators and at
 * most `maxFractionDigits` decimals (2, the terminal shows 3), empty for missing values, anything else as text.
 */
export function formatCell(value: unknown, maxFractionDigits = 2): string {
  if (value === null || value === undefined) return ''
  if (typeof value !== 'number') return String(value)
  let format = numberFormats.get(maxFractionDigits)
  if (!format) {
    format = new Intl.NumberFormat('en-US', { maximumFractionDigits: maxFractionDigits })
    numberFormats.set(maxFractionDigits, format)
  }
  return format.format(value)
}
