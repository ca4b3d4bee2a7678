import { renderPng } from '../charts/render.ts'
import { asChartSpec } from '../charts/spec.ts'
import type { Envelope } from '../tools/envelope.ts'
import { escapeMarkdown } from '../present/escape.ts'
import { formatPeriod } from '../present/format.ts'
import { markdownTable } from '../present/markdown-table.ts'
import type { CallToolResult } from './sdk.ts'

/**
 * What a chat host shows for a tool result: the narration, a compact table, the assumptions and the
 * chart as a PNG image (hosts without MCP Apps still see it), with the envelope as structured content. Hosts render
 * the text as Markdown, and narrations and assumptions quote the data (a product title, a campaign name): escaped.
 */
export async function toolResultContent(envelope: Envelope): Promise<CallToolResult> {
  const text = [
    `**${envelope.title}** (${envelope.window.label}: ${formatPeriod(envelope.window)})`,
    '',
    escapeMarkdown(envelope.narration),
    '',
    markdownTable(envelope.rows),
    envelope.truncated ? `\n_Showing ${envelope.rowCount} of ${envelope.totalRows} rows._` : '',
    '',
    `Assumptions:\n${envelope.assumptions.map((line) => `- ${escapeMarkdown(line)}`).join('\n')}`,
  ].join('\n')
  const content: CallToolResult['content'] = [{ type: 'text', text }]
  if (envelope.chart) {
    const png = await renderPng(asChartSpec(envelope.chart))
    content.push({ type: 'image', data: png.toString('base64'), mimeType: 'image/png' })
  }
  return { content, structuredContent: envelope as unknown as Record<string, unknown> }
}
