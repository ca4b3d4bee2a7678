import { formatCell } from './table-cell.ts'

/** A compact Markdown table of result rows, for chat hosts, reports and answers. */
export function markdownTable(rows: ReadonlyArray<Record<string, unknown>>, maxRows = 15): string {
  if (rows.length === 0) return '_No rows._'
  const columns = Object.keys(rows[0]!)
  const cell = (value: unknown) => formatCell(value).replace(/\|/g, '\\|').replace(/\n/g, ' ')
  const shown = rows.slice(0, maxRows)
  const lines = [
    `| ${columns.join(' | ')} |`,
    `| ${columns.map((column) => (typeof rows[0]![column] === 'number' ? '---:' : '---')).join(' | ')} |`,
    ...shown.map((row) => `| ${columns.map((column) => cell(row[column])).join(' | ')} |`),
  ]
  if (rows.length > shown.length) lines.push('', `_${rows.length - shown.length} more rows not shown._`)
  return lines.join('\n')
}
