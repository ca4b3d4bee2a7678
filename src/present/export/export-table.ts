import { formatNumber, formatPeriod } from '../format.ts'
import { columnLabel } from '../column-label.ts'

/** What an export needs of a tool result (the executor's envelope, masked for the caller's role). */
export interface ExportableResult {
  tool: string
  title: string
  parameters: Record<string, unknown>
  window: { from: string; to: string; label: string; asOf: string }
  rows: ReadonlyArray<Record<string, unknown>>
  rowCount: number
  totalRows: number
  truncated: boolean
  narration: string
  assumptions: readonly string[]
}

/** A result as a table to write: labelled columns over the raw rows, and what the figures are about. */
export interface ExportTable {
  /** The file's name without its extension: "<tool>-<as-of date>". */
  name: string
  title: string
  columns: ReadonlyArray<{ key: string; label: string }>
  rows: ReadonlyArray<Record<string, unknown>>
  /** Lines a spreadsheet shows beside the data (CSV carries the table alone). */
  about: ReadonlyArray<readonly [string, string]>
}

/**
 * The table of a tool result. `columns` are the tool's row fields in order, so an empty result still has its
 * headings; a result without declared fields (the free-form SQL tool) takes the columns of its first row. `role` is
 * the one the rows were masked for, said beside them.
 */
export function exportTable(result: ExportableResult, columns: readonly string[], role: string): ExportTable {
  const keys = columns.length > 0 ? columns : Object.keys(result.rows[0] ?? {})
  const rowsLine = result.truncated
    ? `${formatNumber(result.rowCount)} of ${formatNumber(result.totalRows)} (cut at the row limit)`
    : formatNumber(result.rowCount)
  return {
    name: `${result.tool}-${result.window.asOf}`,
    title: result.title,
    columns: keys.map((key) => ({ key, label: columnLabel(key) })),
    rows: result.rows,
    about: [
      ['Title', result.title],
      ['Tool', result.tool],
      ['Window', `${formatPeriod(result.window)} (${result.window.label})`],
      ['Arguments', JSON.stringify(result.parameters)],
      ['Rows', rowsLine],
      ['Personal data', `As the ${role} role may see it`],
      ['Summary', result.narration],
      ...result.assumptions.map((line) => ['Assumption', line] as const),
    ],
  }
}
