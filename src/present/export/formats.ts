import { toCsv } from './csv.ts'
import type { ExportTable } from './export-table.ts'
import { toXlsx } from './xlsx.ts'

/** The file formats a table downloads as, with the media type each is served as. */
export const exportFormats = {
  csv: { mediaType: 'text/csv', extension: 'csv' },
  xlsx: { mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx' },
} as const
export type ExportFormat = keyof typeof exportFormats
export const exportFormatNames = Object.keys(exportFormats) as ExportFormat[]

/** A table written in a format: the bytes, and the file name to offer ("top_customers-2026-10-31.csv"). */
export async function writeExport(table: ExportTable, format: ExportFormat): Promise<{ body: Buffer; fileName: string }> {
  const body = format === 'csv' ? Buffer.from(toCsv(table), 'utf8') : await toXlsx(table)
  return { body, fileName: `${table.name}.${exportFormats[format].extension}` }
}
