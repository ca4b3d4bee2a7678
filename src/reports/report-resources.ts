import type { Sql } from '../db/database.ts'
import type { Caller } from '../auth/caller.ts'
import { renderMarkdown } from './render-markdown.ts'
import { listReports, loadReport, mayOpen } from './report-store.ts'

/**
 * Stored reports as MCP resources (report://{id}), without the MCP SDK: the server turns these plain
 * objects and error values into protocol messages.
 */
export const reportUriPrefix = 'report://'

export const reportResourceTemplate = {
  uriTemplate: `${reportUriPrefix}{id}`,
  name: 'report',
  title: 'Stored report',
  description: 'A stored report (weekly, customers, inventory, marketing or shows) by id: Markdown, with the full report data as JSON.',
  mimeType: 'text/markdown',
}

const recentReports = 20

export async function reportResources(sql: Sql, caller: Caller) {
  const reports = await listReports(sql, { limit: recentReports, readableBy: caller })
  return reports.map((report) => ({
    uri: `${reportUriPrefix}${report.id}`,
    name: `report-${report.id}`,
    title: report.title,
    description: `${report.kind} report for ${report.windowFrom} to ${report.windowTo}, generated ${report.createdAt}.`,
    mimeType: 'text/markdown',
  }))
}

export type ReportResourceOutcome =
  | { ok: true; contents: Array<{ uri: string; mimeType: string; text: string }> }
  | { ok: false; error: string }

export async function readReportResource(sql: Sql, uri: string, caller: Caller): Promise<ReportResourceOutcome> {
  const id = uri.slice(reportUriPrefix.length)
  const loaded = await loadReport(sql, id)
  if (!loaded.ok) return { ok: false, error: loaded.error }
  const { report } = loaded.stored
  // Someone else's report, or one whose role saw more, reads as missing, not as forbidden.
  if (!mayOpen(caller, loaded.stored)) return { ok: false, error: `No report ${id}.` }
  const { markdown } = await renderMarkdown(report)
  return {
    ok: true,
    contents: [
      { uri, mimeType: 'text/markdown', text: markdown },
      { uri, mimeType: 'application/json', text: JSON.stringify(loaded.stored) },
    ],
  }
}
