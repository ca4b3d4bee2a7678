import { formatCell } from '../present/table-cell.ts'

/** A plain-text table for the terminal: aligned columns, numbers right-aligned, long cells cut. */
export function formatTable(
  rows: ReadonlyArray<Record<string, unknown>>,
  options: { maxRows?: number; maxWidth?: number } = {},
): string {
  if (rows.length === 0) return '(no rows)'
  const shown = rows.slice(0, options.maxRows ?? rows.length)
  const columns = Object.keys(shown[0]!)
  const cell = (value: unknown) => {
    // Three decimals in the terminal, as it always showed; the other surfaces show two.
    const text = formatCell(value, 3)
    return options.maxWidth && text.length > options.maxWidth ? `${text.slice(0, options.maxWidth - 1)}…` : text
  }
  const grid = shown.map((row) => columns.map((column) => cell(row[column])))
  const widths = columns.map((column, index) => Math.max(column.length, ...grid.map((line) => line[index]!.length)))
  const numeric = columns.map((column) => shown.every((row) => typeof row[column] === 'number' || row[column] === null))
  const line = (cells: string[]) =>
    cells.map((text, index) => (numeric[index] ? text.padStart(widths[index]!) : text.padEnd(widths[index]!))).join('  ').trimEnd()
  const more = rows.length > shown.length ? `\n… ${rows.length - shown.length} more rows` : ''
  return [line(columns), widths.map((width) => '-'.repeat(width)).join('  '), ...grid.map(line)].join('\n') + more
}
