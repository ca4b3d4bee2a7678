import { escapeMarkdown } from './escape.ts'
import { formatCell } from './table-cell.ts'

/** A compact Markdown table of result rows, for chat hosts, reports and answers; cells and column names are data, escaped. */
export function markdownTable(rows: ReadonlyArray<Record<string, unknown>>, maxRows = 15): string {
  if (rows.length === 0) return '_No rows._'
  const columns = Object.keys(rows[0]!)
  // A line break would end the row: a cell stays on one line.
  const cell = (value: unknown) => escapeMarkdown(formatCell(value).replace(/\r\n?|\n/g, ' '))
  const shown = rows.slice(0, maxRows)
  const lines = [
    `| ${columns.map(cell).join(' | ')} |`,
    `| ${columns.map((column) => (typeof rows[0]![column] === 'number' ? '---:' : '---')).join(' | ')} |`,
    ...shown.map((row) => `| ${columns.map((column) => cell(row[column])).join(' | ')} |`),
  ]
  if (rows.length > shown.length) lines.push('', `_${rows.length - shown.length} more rows not shown._`)
  return lines.join('\n')
}
