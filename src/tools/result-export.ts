import { exportTable } from '../present/export/export-table.ts'
import { writeExport, type ExportFormat } from '../present/export/formats.ts'
import type { Role } from '../privacy/mask.ts'
import type { Envelope } from './envelope.ts'
import type { ToolRegistry } from './registry.ts'
import { ToolError } from './tool-error.ts'

/**
 * A tool result as a CSV or XLSX file, for every surface that offers a download (CLI, HTTP). The envelope is the
 * executor's, so its rows are already masked for `role`: exports take no other path to the data.
 */
export function exportResult(registry: ToolRegistry, envelope: Envelope, role: Role, format: ExportFormat): Promise<{ body: Buffer; fileName: string }> {
  const tool = registry.find(envelope.tool)
  // The tool's row fields head the columns even when no row came back.
  const columns = tool instanceof ToolError ? [] : Object.keys(tool.row.shape as Record<string, unknown>)
  return writeExport(exportTable(envelope, columns, role), format)
}
