import { stringify } from 'csv-stringify/sync'
import type { ExportTable } from './export-table.ts'
import { sheetCell } from './spreadsheet-cell.ts'

/**
 * A table as CSV (RFC 4180: comma-separated, CRLF line ends, fields quoted when they hold a comma, quote or line
 * break), headed by the column labels. UTF-8 with a byte-order mark: without it Excel reads "Hermès" as "HermÃ¨s".
 */
export function toCsv(table: ExportTable): string {
  const records = [
    table.columns.map((column) => sheetCell(column.label)),
    ...table.rows.map((row) => table.columns.map((column) => sheetCell(row[column.key]))),
  ]
  return stringify(records, {
    bom: true,
    record_delimiter: 'windows',
    cast: { boolean: (value) => (value ? 'true' : 'false') },
  })
}
