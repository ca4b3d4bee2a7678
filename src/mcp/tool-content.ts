import { renderPng } from '../charts/render.ts'
import { asChartSpec } from '../charts/spec.ts'
import type { Envelope } from '../tools/envelope.ts'
import { escapeMarkdown } from '../present/escape.ts'
import { formatPeriod } from '../present/format.ts'
import { markdownTable } from '../present/markdown-table.ts'
import type { CallToolResult } from './sdk.ts'

/** Rows the text shows as a table; every returned row is in the JSON block. */
export const tableRows = 10

/** "Showing 10 of 1,240 rows" and where the rest are, or nothing when the table holds them all. */
function rowCountLine(envelope: Envelope): string {
  const shown = Math.min(tableRows, envelope.rows.length)
  if (shown === envelope.totalRows) return ''
  const returned = envelope.truncated ? ` (${envelope.rowCount} returned, cut at the row limit)` : ''
  return `_Showing ${shown} of ${envelope.totalRows} rows${returned}; the JSON below has every returned row._`
}

/** Where a result downloads as CSV or XLSX: the server's public address (if set) and the call's arguments. */
export interface Download {
  publicUrl?: string | undefined
  arguments: Record<string, unknown>
}

/**
 * The HTTP route that downloads the same rows, with its body. A backtick in a value is written as its JSON escape,
 * which keeps the JSON the same and the Markdown code span closed.
 */
function downloadLine(envelope: Envelope, download: Download): string {
  const route = `${download.publicUrl?.replace(/\/+$/, '') ?? ''}/api/tools/${envelope.tool}`
  const body = JSON.stringify(download.arguments).replace(/`/g, '\\u0060')
  return `Download as CSV or XLSX: \`POST ${route}?format=csv\` (or \`?format=xlsx\`) with the body \`${body}\`.`
}

/**
 * What a chat host shows for a tool result: the narration, a compact table (top rows and the total count), the
 * assumptions and where the rows download as CSV or XLSX; then the envelope as JSON text, for clients that ignore
 * structured content (as the MCP specification recommends); then the chart as a PNG image, which hosts without MCP
 * Apps still show. Hosts render the text as Markdown, and narrations and assumptions quote the data (a product title, a campaign name): escaped.
 */
export async function toolResultContent(envelope: Envelope, download: Download): Promise<CallToolResult> {
  const text = [
    `**${envelope.title}** (${envelope.window.label}: ${formatPeriod(envelope.window)})`,
    '',
    escapeMarkdown(envelope.narration),
    '',
    markdownTable(envelope.rows.slice(0, tableRows)),
    rowCountLine(envelope),
    '',
    `Assumptions:\n${envelope.assumptions.map((line) => `- ${escapeMarkdown(line)}`).join('\n')}`,
    '',
    downloadLine(envelope, download),
  ].join('\n')
  const content: CallToolResult['content'] = [
    { type: 'text', text },
    { type: 'text', text: JSON.stringify(envelope) },
  ]
  if (envelope.chart) {
    const png = await renderPng(asChartSpec(envelope.chart))
    content.push({ type: 'image', data: png.toString('base64'), mimeType: 'image/png' })
  }
  return { content, structuredContent: envelope as unknown as Record<string, unknown> }
}
